import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { dateTime, localTime } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';
import { catalogRoutes } from './catalog.routes.ts';

/** Payroll components (F-08): hour components, wage components and the rules that split shifts over hour components. */

const hourComponentDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  ratePercent: z.number(),
  isDefault: z.boolean(),
  createdAt: dateTime,
});
const wageComponentDto = z.object({ id: z.string(), code: z.string(), name: z.string(), createdAt: dateTime });
const ruleDto = z.object({
  id: z.string(),
  hourComponentId: z.string(),
  priority: z.number().int(),
  weekdays: z.array(z.number().int()),
  timeFrom: z.string().nullable(),
  timeTo: z.string().nullable(),
  departmentId: z.string().nullable(),
  publicHolidaysOnly: z.boolean(),
  createdAt: dateTime,
});

const code = z.string().trim().min(1).max(40);
const name = z.string().trim().min(1).max(200);

export function componentsRoutes(app: ZodApp, s: Services) {
  catalogRoutes(app, {
    path: '/hour-components',
    tag: 'payroll components',
    noun: 'hour component',
    dto: hourComponentDto,
    body: z.object({
      code,
      name,
      ratePercent: z.number().min(0).max(1000).multipleOf(0.01).optional(),
      // The default component takes the worked minutes no rule claims; setting one demotes the previous default.
      isDefault: z.boolean().optional(),
    }),
    service: s.components.hourComponents,
  });
  catalogRoutes(app, {
    path: '/wage-components',
    tag: 'payroll components',
    noun: 'wage component',
    dto: wageComponentDto,
    body: z.object({ code, name }),
    service: s.components.wageComponents,
  });
  catalogRoutes(app, {
    path: '/hour-component-rules',
    tag: 'payroll components',
    noun: 'hour component rule',
    dto: ruleDto,
    body: z.object({
      hourComponentId: z.string().uuid(),
      // Lower numbers win when several rules match the same minute.
      priority: z.number().int().min(0).max(10000).optional(),
      // ISO weekdays, 1 = Monday … 7 = Sunday; empty = every day.
      weekdays: z.array(z.number().int().min(1).max(7)).max(7).optional(),
      // A window from 22:00 to 06:00 wraps past midnight.
      timeFrom: localTime.nullish(),
      timeTo: localTime.nullish(),
      departmentId: z.string().uuid().nullish(),
      publicHolidaysOnly: z.boolean().optional(),
    }),
    service: s.components.rules,
  });
}
