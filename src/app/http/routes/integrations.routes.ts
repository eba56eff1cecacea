import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, idParam, localDate, localTime, pageOf, paging } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';
import { CAPABILITIES } from '../../../connectors/kit/capabilities.ts';

/** HR integrations (F-10 … F-19): connect, configure, map, link, sync, history, undo, health. */

const settingsDto = z.object({
  contractFields: z.object({ function: z.boolean(), endDates: z.boolean(), contractHours: z.boolean(), hourlyWages: z.boolean() }),
  employeeFields: z.object({ birthDate: z.boolean(), address: z.boolean(), phone: z.boolean() }),
  /** Time exchange per direction (F-20 … F-22); connecting checks the rights of what is on. */
  timeExchange: z.object({ attendances: z.boolean(), absences: z.boolean() }),
  /** Absence import (F-22): vendor absence type id → Koppel absence type id, and the reconciled window. */
  absenceImport: z.object({ typeMap: z.record(z.string(), z.string()), backDays: z.number().int(), aheadDays: z.number().int() }),
  autoAddEmployees: z.boolean(),
  /** Payroll period type per company (Nmbrs), used when the vendor does not name it. */
  payrollPeriodTypes: z.record(z.string(), z.enum(['monthly', 'four_weekly', 'weekly'])),
  notificationEmails: z.array(z.string()),
  syncTime: z.string(),
  syncStartDate: z.string().nullable(),
  /** F-21: continuous export of approved hours from a start date on. */
  attendanceExport: z.object({ continuous: z.boolean(), from: z.string().nullable() }),
});
const settingsPatch = z.object({
  contractFields: z.object({ function: z.boolean(), endDates: z.boolean(), contractHours: z.boolean(), hourlyWages: z.boolean() }).partial().optional(),
  employeeFields: z.object({ birthDate: z.boolean(), address: z.boolean(), phone: z.boolean() }).partial().optional(),
  timeExchange: z.object({ attendances: z.boolean(), absences: z.boolean() }).partial().optional(),
  autoAddEmployees: z.boolean().optional(),
  payrollPeriodTypes: z.record(z.string().trim().min(1).max(100), z.enum(['monthly', 'four_weekly', 'weekly'])).optional(),
  notificationEmails: z.array(z.string().trim().email().max(254)).max(20).optional(),
  syncTime: localTime.optional(),
  syncStartDate: localDate.nullish(),
  attendanceExport: z.object({ continuous: z.boolean(), from: localDate.nullable() }).partial().optional(),
});
const healthState = z.enum(['healthy', 'warnings', 'failing', 'reconnect_needed']);
const capability = z.enum(CAPABILITIES);
const accountKind = z.enum(['company', 'employer', 'debtor']);
export const accountDto = z.object({ id: z.string(), name: z.string(), kind: accountKind, parentId: z.string().optional() });
export const integrationDto = z.object({
  id: z.string(),
  vendor: z.string(),
  vendorLabel: z.string(),
  /** What Koppel does with this vendor (see GET /integration-vendors). */
  capabilities: z.array(capability),
  name: z.string(),
  baseUrl: z.string(),
  /** e.g. the first and last characters of a client id; secrets never leave Koppel. */
  credentialsHint: z.string(),
  active: z.boolean(),
  settings: settingsDto,
  health: healthState,
  healthDetail: z.string().nullable(),
  lastSuccessAt: dateTime.nullable(),
  firstSyncApplied: z.boolean(),
  /** The companies / administrations the integration covers (PUT /integrations/{id}/scope); null = not chosen yet. */
  accountScope: z.array(accountDto).nullable(),
  nextSyncAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const credentials = z.record(z.string(), z.string().max(500));
const baseUrl = z.string().trim().url().max(500).nullish();

const ref = z.object({ externalId: z.string(), name: z.string() });
const mappingKind = z.enum(['department', 'cost_center', 'contract_type_in', 'contract_type_out', 'function']);
const mappingItem = z.object({
  externalId: z.string().trim().min(1).max(200),
  externalName: z.string().max(300).optional(),
  koppelId: z.string().uuid().nullable(),
  exclude: z.boolean().optional(),
  create: z.boolean().optional().describe('Kind function only, with koppelId null: create a Koppel function named externalName (or use the one of that name) and map to it'),
});
const mappingsDto = z.object({ kind: mappingKind, items: z.array(z.object({ externalId: z.string(), externalName: z.string(), koppelId: z.string().nullable(), exclude: z.boolean() })) });

const recordDto = z.object({
  id: z.string(),
  externalId: z.string(),
  name: z.string(),
  firstName: z.string(),
  prefix: z.string().nullable(),
  lastName: z.string(),
  email: z.string().nullable(),
  personnelNumber: z.string().nullable(),
  bsnMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  status: z.enum(['active', 'former']),
  department: z.string().nullable(),
  costCenter: z.string().nullable(),
  contractType: z.string().nullable(),
  position: z.string().nullable(),
  hireDate: z.string().nullable(),
  terminationDate: z.string().nullable(),
  linkState: z.enum(['unlinked', 'linked', 'excluded', 'skipped']),
  decision: z.enum(['add']).nullable(),
  employee: z.object({ id: z.string(), name: z.string() }).nullable(),
  proposal: z
    .object({
      action: z.string(),
      employeeId: z.string().nullable(),
      employeeName: z.string().nullable(),
      candidates: z.array(z.object({ id: z.string(), name: z.string() })),
      recordId: z.string().nullable(),
      reasons: z.array(z.string()),
      strength: z.string().nullable(),
    })
    .nullable(),
  /** Red in the UI: sorts first. */
  needsAction: z.boolean(),
  issues: z.array(z.string()),
  ruleExcluded: z.boolean(),
  missing: z.boolean(),
  warnings: z.array(z.string()),
});
const listCount = z.object({ total: z.number().int(), needsAction: z.number().int() });

/** Preview/apply figures count rows (one per HR record), undo figures employees: src/integrations/engine/run-summary.ts. */
const counts = z.object({
  read: z.number().int().describe('Rows the HR system sent in this run (incremental: only what changed)'),
  checked: z.number().int().describe('Rows the plan went through: every stored record, read now or earlier'),
  added: z.number().int(),
  linked: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  excluded: z.number().int(),
  failed: z.number().int(),
  needsAction: z.number().int(),
  skipped: z.number().int(),
  former: z.number().int(),
  reverted: z.number().int().describe('Undo: employees whose fields were put back'),
  removed: z.number().int().describe('Undo: employees the undone run had added, deleted'),
});
const runSummary = z.object({
  id: z.string(),
  integrationId: z.string(),
  trigger: z.enum(['manual', 'schedule', 'cli', 'api']),
  mode: z.enum(['preview', 'apply', 'undo']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  listing: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: dateTime,
  startedAt: dateTime.nullable(),
  finishedAt: dateTime.nullable(),
  counts,
  apiCalls: z.number().int(),
  progress: z
    .object({
      phase: z.string(),
      done: z.number(),
      total: z.number(),
      retry: z
        .object({ attempt: z.number().int(), reason: z.string(), detail: z.string(), nextAttemptAt: z.string() })
        .optional()
        .describe('While the HR system is being retried: why, and when the next attempt is'),
    })
    .nullable(),
  error: z.string().nullable(),
  previewRunId: z.string().nullable(),
  appliedRunId: z.string().nullable(),
  undoOfRunId: z.string().nullable(),
  undoneByRunId: z.string().nullable(),
});
const perEmployee = z.array(z.object({ recordId: z.string().optional(), externalId: z.string().optional(), name: z.string(), messages: z.array(z.string()) }));
const runDto = runSummary.extend({
  warnings: perEmployee,
  errors: perEmployee,
  diff: z.object({
    items: z.array(
      z.object({
        recordId: z.string().optional(),
        externalId: z.string().optional(),
        name: z.string(),
        action: z.string(),
        employeeId: z.string().nullable().optional(),
        changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
        issues: z.array(z.string()).optional(),
        needsAction: z.boolean().optional(),
      }),
    ),
    truncated: z.boolean(),
  }),
});
const runStarted = z.object({ runId: z.string(), mode: z.enum(['preview', 'apply', 'undo']), created: z.boolean() });

export function integrationsRoutes(app: ZodApp, s: Services) {
  const tags = ['integrations'];
  app.get(
    '/integration-vendors',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary:
          'Every vendor Koppel knows, one line each: category (hr, payroll: connected here; calendar, video: on the recruiting connections page), capabilities, and the credential fields a form needs; comingSoon ones are listed but cannot be connected yet',
        response: {
          200: z.array(
            z.object({
              vendor: z.string(),
              label: z.string(),
              category: z.enum(['hr', 'payroll', 'calendar', 'video']),
              capabilities: z.array(capability),
              defaultBaseUrl: z.string(),
              credentialFields: z.array(z.string()),
              comingSoon: z.boolean(),
              loginPage: z.boolean().describe("The vendor's own login page can be used instead of the form (POST /integrations/oauth/start)"),
              connectVia: z.enum(['form', 'consent']),
            }),
          ),
        },
      },
    },
    async () => s.integrations.vendors(),
  );
  app.get(
    '/integrations',
    { config: { access: 'workforceRead' }, schema: { tags, summary: 'List HR integrations (credentials never included)', response: { 200: z.array(integrationDto) } } },
    async (req) => s.integrations.list(actorOf(req)),
  );
  app.post(
    '/integrations',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Connect an HR system; the credentials are verified live before anything is saved (F-10)',
        body: z.object({
          vendor: z.enum(['personio', 'loket']),
          name: z.string().trim().min(1).max(200),
          baseUrl,
          credentials,
          settings: settingsPatch.optional(),
        }),
        response: { 201: integrationDto },
      },
    },
    async (req, reply) => reply.status(201).send(await s.integrations.create(actorOf(req), req.body)),
  );
  app.get(
    '/integrations/:id',
    { config: { access: 'workforceRead' }, schema: { tags, params: idParam, response: { 200: integrationDto } } },
    async (req) => s.integrations.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/integrations/:id',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Configure (F-11): name, synced fields, auto-add, notification addresses, sync time; new credentials are verified live',
        params: idParam,
        body: z.object({ name: z.string().trim().min(1).max(200).optional(), baseUrl, credentials: credentials.optional(), settings: settingsPatch.optional(), active: z.boolean().optional() }),
        response: { 200: integrationDto },
      },
    },
    async (req) => s.integrations.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/integrations/:id',
    { config: { access: 'hr' }, schema: { tags, summary: 'Deactivate: stops syncing, keeps all data (F-14)', params: idParam, response: { 200: integrationDto } } },
    async (req) => s.integrations.deactivate(actorOf(req), req.params.id),
  );
  app.get(
    '/integrations/:id/organisation',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: "The HR system's departments, cost centers, contract types and (where it keeps a catalogue: Nmbrs) job functions, for the mapping dropdowns (read live)",
        params: idParam,
        response: { 200: z.object({ departments: z.array(ref), costCenters: z.array(ref), contractTypes: z.array(ref), functions: z.array(ref).optional() }) },
      },
    },
    async (req) => s.integrations.organisation(actorOf(req), req.params.id),
  );
  app.get(
    '/integrations/:id/accounts',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'The companies / administrations the credentials can see (read live), with the ones the integration covers selected',
        params: idParam,
        response: { 200: z.object({ items: z.array(accountDto.extend({ parentId: z.string().nullable(), selected: z.boolean() })) }) },
      },
    },
    async (req) => s.integrations.accounts(actorOf(req), req.params.id),
  );
  app.put(
    '/integrations/:id/scope',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Choose the companies / administrations the integration covers; every id must be one GET …/accounts lists (else 400 on accountIds.N)',
        params: idParam,
        body: z.object({ accountIds: z.array(z.string().trim().min(1).max(200)).min(1).max(500) }),
        response: { 200: integrationDto },
      },
    },
    async (req) => s.integrations.setScope(actorOf(req), req.params.id, req.body.accountIds),
  );
  const mappingParams = z.object({ id: z.string().uuid(), kind: mappingKind });
  app.get(
    '/integrations/:id/mappings/:kind',
    { config: { access: 'hr' }, schema: { tags, summary: 'One mapping tab (F-12)', params: mappingParams, response: { 200: mappingsDto } } },
    async (req) => s.integrations.getMappings(actorOf(req), req.params.id, req.params.kind),
  );
  app.put(
    '/integrations/:id/mappings/:kind',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Save one mapping tab (replaces it). contract_type_out: one row per Koppel contract type (koppelId) → external type',
        params: mappingParams,
        body: z.object({ items: z.array(mappingItem).max(5000) }),
        response: { 200: mappingsDto },
      },
    },
    async (req) => s.integrations.putMappings(actorOf(req), req.params.id, req.params.kind, req.body.items),
  );
  app.get(
    '/integrations/:id/records',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Employee review lists (F-13): unlinked, linked, excluded, former; needs-action rows first',
        params: idParam,
        querystring: z.object({ ...paging, list: z.enum(['unlinked', 'linked', 'excluded', 'former']).default('unlinked'), q: z.string().max(100).optional() }),
        response: { 200: pageOf(recordDto).extend({ lists: z.object({ unlinked: listCount, linked: listCount, excluded: listCount, former: listCount }) }) },
      },
    },
    async (req) => {
      const { page, pageSize, list, q } = req.query;
      const result = await s.integrations.listRecords(actorOf(req), req.params.id, { list, limit: pageSize, offset: (page - 1) * pageSize, ...(q ? { q } : {}) });
      return { ...result, page, pageSize };
    },
  );
  app.post(
    '/integrations/:id/records/:recordId/actions',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Row action: add (on the next apply), link to an existing employee, exclude (permanent), skip (this sync), unlink',
        params: z.object({ id: z.string().uuid(), recordId: z.string().uuid() }),
        body: z.object({ action: z.enum(['add', 'link', 'exclude', 'skip', 'unlink']), employeeId: z.string().uuid().nullish() }),
        response: { 200: recordDto },
      },
    },
    async (req) => s.integrations.recordAction(actorOf(req), req.params.id, req.params.recordId, req.body),
  );
  app.get(
    '/integrations/:id/records/:recordId/link-preview',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Before linking: the Koppel fields the link will overwrite at the next sync (old → new, BSN masked), planned as the sync would',
        params: z.object({ id: z.string().uuid(), recordId: z.string().uuid() }),
        querystring: z.object({ employeeId: z.string().uuid() }),
        response: {
          200: z.object({
            changes: z.array(z.object({ entity: z.enum(['employee', 'contract']), field: z.string(), old: z.unknown(), new: z.unknown() })),
            contract: z.enum(['adopt', 'create', 'update']).nullable(),
          }),
        },
      },
    },
    async (req) => s.integrations.linkPreview(actorOf(req), req.params.id, req.params.recordId, req.query.employeeId),
  );
  app.post(
    '/integrations/:id/sync',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Sync now (202 with the run id). dryRun = preview only; the first sync of an integration is always a preview. full = re-read every record',
        params: idParam,
        body: z.object({ dryRun: z.boolean().optional(), full: z.boolean().optional() }).optional(),
        response: { 202: runStarted },
      },
    },
    async (req, reply) => reply.status(202).send(await s.integrations.requestSync(actorOf(req), req.params.id, req.body ?? {})),
  );
  app.get(
    '/integrations/:id/runs',
    { config: { access: 'workforceRead' }, schema: { tags, summary: 'Sync history (F-16)', params: idParam, querystring: z.object(paging), response: { 200: pageOf(runSummary) } } },
    async (req) => {
      const { page, pageSize } = req.query;
      return { ...(await s.integrations.listRuns(actorOf(req), req.params.id, { limit: pageSize, offset: (page - 1) * pageSize })), page, pageSize };
    },
  );
  app.get(
    '/sync-runs/:id',
    { config: { access: 'hr' }, schema: { tags, summary: 'One run: progress, counts, per-employee warnings and errors, diff', params: idParam, response: { 200: runDto } } },
    async (req) => s.integrations.getRun(actorOf(req), req.params.id),
  );
  app.post(
    '/sync-runs/:id/apply',
    { config: { access: 'hr' }, schema: { tags, summary: 'Apply a preview (F-17): re-planned against current Koppel data from the records the preview read', params: idParam, response: { 202: runStarted } } },
    async (req, reply) => reply.status(202).send(await s.integrations.applyRun(actorOf(req), req.params.id)),
  );
  app.post(
    '/sync-runs/:id/undo',
    { config: { access: 'hr' }, schema: { tags, summary: "Undo a run's changes (F-18); employees it added are removed when untouched since", params: idParam, response: { 202: runStarted } } },
    async (req, reply) => reply.status(202).send(await s.integrations.undoRun(actorOf(req), req.params.id)),
  );
  app.get(
    '/employees/:id/sync-status',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary: 'Which fields of this employee an HR integration owns (edits to them are overwritten by the next sync)',
        params: idParam,
        response: {
          200: z.object({
            synced: z.boolean(),
            integrations: z.array(z.object({ id: z.string(), name: z.string(), vendor: z.string(), active: z.boolean(), externalIds: z.array(z.string()) })),
            employeeFields: z.array(z.string()),
            /** The fields synced on the contracts in contractIds; other contracts of the employee are Koppel's own. */
            contractFields: z.array(z.string()),
            contractIds: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => s.integrations.employeeSyncStatus(actorOf(req), req.params.id),
  );
  app.get(
    '/integrations-health',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary: 'Integration health (F-19): state, last successful sync, next sync, open actions',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              vendor: z.string(),
              vendorLabel: z.string(),
              active: z.boolean(),
              state: healthState,
              detail: z.string().nullable(),
              lastSuccessAt: dateTime.nullable(),
              nextSyncAt: dateTime.nullable(),
              openActions: z.number().int(),
              lastRun: z.object({ id: z.string(), status: z.string(), mode: z.string(), finishedAt: dateTime.nullable() }).nullable(),
            }),
          ),
        },
      },
    },
    async (req) => s.integrations.health(actorOf(req)),
  );
}
