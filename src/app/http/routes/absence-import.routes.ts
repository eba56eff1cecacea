import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, idParam } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** Absence import from an HR system (F-22): type mapping, runs (on demand, history), and the lock it puts on synced types. */

const tags = ['integrations'];
const kind = z.enum(['vacation', 'sick', 'special_leave', 'not_plannable', 'other']);
const counts = z.object({
  read: z.number(),
  created: z.number(),
  updated: z.number(),
  removed: z.number(),
  yielded: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  writes: z.number(),
  breakdownCalls: z.number(),
});
const runDto = z.object({
  id: z.string(),
  integrationId: z.string(),
  trigger: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  windowFrom: z.string().nullable(),
  windowTo: z.string().nullable(),
  counts,
  skipped: z.array(z.object({ externalId: z.string(), reason: z.string(), employeeId: z.string().optional(), conflictWith: z.string().optional() })),
  /** A stable code (integrations.runErrors.* in the UI), or null. */
  error: z.string().nullable(),
  startedAt: dateTime,
  finishedAt: dateTime.nullable(),
});
const typesDto = z.object({
  enabled: z.boolean(),
  backDays: z.number(),
  aheadDays: z.number(),
  types: z.array(z.object({ id: z.string(), name: z.string(), category: z.string().nullable(), unit: z.enum(['DAY', 'HOUR']), koppelAbsenceTypeId: z.string().nullable() })),
  koppelTypes: z.array(z.object({ id: z.string(), name: z.string(), kind, importable: z.boolean() })),
});
const mappingBody = z.object({
  typeMap: z.record(z.string().min(1).max(200), z.string().uuid().nullable()),
  backDays: z.number().int().min(0).max(730).optional(),
  aheadDays: z.number().int().min(0).max(730).optional(),
});
const lockDto = z.object({ absenceTypeId: z.string(), absenceTypeName: z.string(), integrationId: z.string(), integrationName: z.string() });

export function absenceImportRoutes(app: ZodApp, s: Services) {
  app.get(
    '/integrations/:id/absence-types',
    { config: { access: 'hr' }, schema: { tags, summary: "The HR system's absence types, read live, with their mapping to Koppel absence types (F-22)", params: idParam, response: { 200: typesDto } } },
    async (req) => s.absenceImport.types(actorOf(req), req.params.id),
  );
  app.put(
    '/integrations/:id/absence-import',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Save the absence type mapping (vendor type id → Koppel type id, null = not imported) and the reconciled window (days back and ahead)',
        params: idParam,
        body: mappingBody,
        response: { 200: z.object({ typeMap: z.record(z.string(), z.string()), backDays: z.number(), aheadDays: z.number() }) },
      },
    },
    async (req) => s.absenceImport.saveMapping(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/integrations/:id/absence-import/runs',
    { config: { access: 'hr' }, schema: { tags, summary: 'Import absences now (202; the worker runs it; a run already queued is joined)', params: idParam, response: { 202: z.object({ jobId: z.number(), queued: z.boolean() }) } } },
    async (req, reply) => reply.status(202).send(await s.absenceImport.request(actorOf(req), req.params.id, req.headers.authorization ? 'api' : 'manual')),
  );
  app.get(
    '/integrations/:id/absence-import/runs',
    { config: { access: 'workforceRead' }, schema: { tags, summary: 'The last absence import runs: counts, skipped absences with the reason, error', params: idParam, response: { 200: z.array(runDto) } } },
    async (req) => s.absenceImport.runs(actorOf(req), req.params.id),
  );
  app.get(
    '/absence-type-locks',
    { config: { access: 'workforceRead' }, schema: { tags: ['absences'], summary: 'Absence types managed by an HR system while its absence import is on: their absences cannot be managed in Koppel', response: { 200: z.array(lockDto) } } },
    async (req) => s.absences.locks(actorOf(req)),
  );
}
