import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import type { Services } from '../../container.ts';

/**
 * Loket.nl (issue 11): the mapping tables (F-11/F-12: cost centers, hour and wage components by Loket's
 * component NUMBER) and the "Loket" report (F-23) per payroll period of an administration: preview, CSV
 * download, e-mail with the import steps, or a send through Loket's API (outbound engine).
 */

const idParam = z.object({ id: z.string().uuid() });
const kindParam = z.object({ id: z.string().uuid(), kind: z.enum(['cost_center', 'distribution_unit', 'hour_component', 'wage_component']) });
const year = z.coerce.number().int().min(2000).max(2100);
const periodQuery = z.object({ administrationId: z.string().min(1).max(100), year, period: z.coerce.number().int().min(1).max(53) });

const mappingRow = z.object({ koppelId: z.string(), name: z.string(), loketCode: z.string().nullable() });
const componentRow = mappingRow.extend({ code: z.string() });
const mappingsDto = z.object({
  costCenters: z.array(mappingRow.extend({ distributionUnit: z.string().nullable().describe("The Loket distribution unit's key (UUID) chosen for the department") })).describe("Department → Loket cost center (its key) and distribution unit"),
  hourComponents: z.array(componentRow),
  wageComponents: z.array(componentRow),
  loketComponents: z.array(z.object({ number: z.number().int(), description: z.string().nullable() })).nullable().describe("Loket's payroll components of the administration (when one is asked for)"),
  loketCostCenters: z.array(z.object({ key: z.number().int(), code: z.string().nullable(), description: z.string().nullable() })).nullable().describe("Loket's cost centers of the administration, live (when one is asked for)"),
  loketDistributionUnits: z.array(z.object({ key: z.string(), code: z.string().nullable(), description: z.string().nullable() })).nullable().describe("Loket's distribution units of the administration, live (when one is asked for)"),
});
const state = z.enum(['new', 'changed', 'unchanged', 'removed']);
const previewDto = z.object({
  administration: z.object({ id: z.string(), name: z.string(), employerName: z.string() }),
  period: z.object({ year: z.number().int(), period: z.number().int(), startDate: z.string(), endDate: z.string() }),
  components: z.array(z.number().int()).describe('The mapped Loket component numbers (the CSV columns)'),
  rows: z.array(
    z.object({
      employeeId: z.string(),
      name: z.string(),
      personnelNumber: z.string(),
      unit: z.string().nullable().describe("Where the row's hours are booked in Loket (cost center code · distribution unit), from the department mapping; null = Loket's default"),
      values: z.array(z.object({ component: z.number().int(), hours: z.number(), state })),
      issues: z.array(z.object({ code: z.string(), component: z.number().int().nullable() })).describe('Values Loket would reject (negative, ≥ 1000, unknown component): the export is refused until fixed'),
    }),
  ),
  removed: z.number().int().describe('Values sent earlier that are no longer there: a send deletes them in Loket (null)'),
  unmapped: z.array(z.object({ code: z.string(), hours: z.number() })).describe('Hours on Koppel hour components without a Loket number (left out)'),
  filename: z.string(),
});
const sendDto = z.object({
  runId: z.string(),
  status: z.string(),
  counts: z.object({ created: z.number(), updated: z.number(), removed: z.number(), unchanged: z.number(), refused: z.number(), retrying: z.number(), dead: z.number() }),
  items: z.array(z.object({ idempotencyKey: z.string(), subjectId: z.string().nullable(), name: z.string().nullable(), action: z.string(), status: z.string(), errorCode: z.string().optional() })),
});

export function loketRoutes(app: ZodApp, s: Services) {
  const tags = ['loket'];
  app.get(
    '/integrations/:id/loket/mappings',
    {
      config: { access: 'hr' },
      schema: { tags, summary: 'Loket mappings: department → cost center and distribution unit, hour / wage component → Loket component number', params: idParam, querystring: z.object({ administrationId: z.string().max(100).optional(), year: year.optional() }), response: { 200: mappingsDto } },
    },
    async (req) => s.loketExport.getMappings(actorOf(req), req.params.id, { ...(req.query.administrationId ? { administrationId: req.query.administrationId } : {}), ...(req.query.year ? { year: req.query.year } : {}) }),
  );
  app.put(
    '/integrations/:id/loket/mappings/:kind',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: "Saves one mapping table; component numbers, cost centers and distribution units are checked against the administration's live lists (unknown → 400 per row); null removes",
        params: kindParam,
        body: z.object({
          administrationId: z.string().max(100).optional(),
          year: year.optional(),
          items: z.array(z.object({ koppelId: z.string().uuid(), loketCode: z.string().trim().min(1).max(40).nullable() })).max(500),
        }),
        response: { 200: mappingsDto },
      },
    },
    async (req) => s.loketExport.putMappings(actorOf(req), req.params.id, req.params.kind, req.body),
  );
  app.get(
    '/integrations/:id/loket/periods',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'The payroll administrations of the chosen employers with their periods of a year (live)',
        params: idParam,
        querystring: z.object({ year }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), employerId: z.string(), employerName: z.string(), employerNumber: z.number().int().nullable(), periods: z.array(z.object({ year: z.number().int(), period: z.number().int(), startDate: z.string(), endDate: z.string() })) })) }) },
      },
    },
    async (req) => s.loketExport.periods(actorOf(req), req.params.id, req.query.year),
  );
  app.get(
    '/integrations/:id/loket/report',
    { config: { access: 'hours' }, schema: { tags, summary: 'The Loket report of one payroll period: hours per employee per mapped component (preview)', params: idParam, querystring: periodQuery, response: { 200: previewDto } } },
    async (req) => s.loketExport.preview(actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/integrations/:id/loket/report.csv',
    { config: { access: 'hours' }, schema: { tags, summary: "The period as Loket's CSV (collectieve mutaties, incl. verdelingseenheid; ';', decimal comma, CRLF)", params: idParam, querystring: periodQuery } },
    async (req, reply) => {
      const { filename, stream } = await s.loketExport.csv(actorOf(req), req.params.id, req.query);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
    },
  );
  app.post(
    '/integrations/:id/loket/report/mail',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: "E-mails the period's CSV with the import steps (default: the integration's notification addresses)",
        params: idParam,
        body: z.object({ administrationId: z.string().min(1).max(100), year, period: z.number().int().min(1).max(53), to: z.array(z.string().trim().email().max(254)).max(20).optional() }),
        response: { 202: z.object({ to: z.array(z.string()), filename: z.string(), rows: z.number().int(), deliveryId: z.number().int().describe('Follow it at GET /mail-deliveries/{deliveryId}') }) },
      },
    },
    async (req, reply) => reply.status(202).send(await s.loketExport.mail(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/integrations/:id/loket/report/send',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: "Sends the period through Loket's API (PATCH payrollperioddata): only changes are written, dropped values deleted; per-item results",
        params: idParam,
        body: z.object({ administrationId: z.string().min(1).max(100), year, period: z.number().int().min(1).max(53) }),
        response: { 200: sendDto },
      },
    },
    async (req) => s.loketExport.send(actorOf(req), req.params.id, req.body),
  );
}
