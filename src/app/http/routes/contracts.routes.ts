import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, idParam, localDate, ok } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** Contracts (F-04), per employee; several may overlap. */

const contractDto = z.object({
  id: z.string(),
  employeeId: z.string(),
  contractTypeId: z.string().nullable(),
  contractTypeName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  functionId: z.string().nullable(),
  functionName: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  weeklyHours: z.number(),
  // Absent for callers outside the HR roles (contractFor in the contracts service).
  hourlyWage: z.number().nullable().optional(),
  /** Cost centers as the HR system splits them (e.g. 60 % / 40 %); read-only, set by the sync. */
  costCenters: z.array(z.object({ name: z.string(), percentage: z.number().nullable() })).nullable(),
  /** The company (werkmaatschappij) the contract is with; a synced contract's is set, and overwritten, by the sync (Nmbrs). */
  company: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const contractBody = z.object({
  contractTypeId: z.string().uuid().nullish(),
  departmentId: z.string().uuid().nullish(),
  functionId: z.string().uuid().nullish(),
  startDate: localDate,
  endDate: localDate.nullish(),
  weeklyHours: z.number().min(0).max(80).multipleOf(0.01).optional(),
  hourlyWage: z.number().min(0).max(99_999_999).multipleOf(0.01).nullish(),
  company: z.string().trim().max(200).nullish().describe('The company (werkmaatschappij); empty = none. On a synced contract the next sync overwrites it'),
});

export function contractsRoutes(app: ZodApp, s: Services) {
  const tags = ['contracts'];
  app.get(
    '/employees/:id/contracts',
    { config: { access: 'workforceRead' }, schema: { tags, summary: "An employee's contracts, oldest first", params: idParam, response: { 200: z.array(contractDto) } } },
    async (req) => s.contracts.listForEmployee(actorOf(req), req.params.id),
  );
  app.post(
    '/employees/:id/contracts',
    { config: { access: 'hr' }, schema: { tags, summary: 'Add a contract to an employee', params: idParam, body: contractBody, response: { 201: contractDto } } },
    async (req, reply) => reply.status(201).send(await s.contracts.create(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/contracts/:id',
    { config: { access: 'workforceRead' }, schema: { tags, params: idParam, response: { 200: contractDto } } },
    async (req) => s.contracts.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/contracts/:id',
    { config: { access: 'hr' }, schema: { tags, params: idParam, body: contractBody.partial(), response: { 200: contractDto } } },
    async (req) => s.contracts.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/contracts/:id',
    { config: { access: 'hr' }, schema: { tags, params: idParam, response: { 200: ok } } },
    async (req) => {
      await s.contracts.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
