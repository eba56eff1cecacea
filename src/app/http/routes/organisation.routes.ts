import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { dateTime, optionalText } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';
import { catalogRoutes } from './catalog.routes.ts';

/** Organisation (F-03): departments, cost centers, contract types, functions. */

const departmentDto = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  costCenterId: z.string().nullable(),
  archived: z.boolean(),
  createdAt: dateTime,
});
const costCenterDto = z.object({ id: z.string(), code: z.string(), name: z.string(), createdAt: dateTime });
const contractTypeDto = z.object({ id: z.string(), name: z.string(), leaveWeeks: z.number(), createdAt: dateTime });
const functionDto = z.object({ id: z.string(), name: z.string(), createdAt: dateTime });

const name = z.string().trim().min(1).max(200);
const code = z.string().trim().min(1).max(40);

export function organisationRoutes(app: ZodApp, s: Services) {
  catalogRoutes(app, {
    path: '/departments',
    tag: 'organisation',
    noun: 'department',
    dto: departmentDto,
    body: z.object({ name, code: optionalText(40), costCenterId: z.string().uuid().nullish(), archived: z.boolean().optional() }),
    service: s.organisation.departments,
  });
  catalogRoutes(app, {
    path: '/cost-centers',
    tag: 'organisation',
    noun: 'cost center',
    dto: costCenterDto,
    body: z.object({ code, name }),
    service: s.organisation.costCenters,
  });
  catalogRoutes(app, {
    path: '/contract-types',
    tag: 'organisation',
    noun: 'contract type',
    dto: contractTypeDto,
    // Weeks of leave per year, 4 (the NL statutory minimum) when left out.
    body: z.object({ name, leaveWeeks: z.number().min(0).max(52).multipleOf(0.01).optional() }),
    service: s.organisation.contractTypes,
  });
  catalogRoutes(app, {
    path: '/functions',
    tag: 'organisation',
    noun: 'function',
    dto: functionDto,
    body: z.object({ name }),
    service: s.organisation.functions,
  });
}
