import { tenantTimeZone } from '../../platform/identity/tenants.service.ts';
import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db/client.ts';
import { employeeSearchText } from '../../workforce/employee.repository.ts';
import type { Employee, IntegrationsTable, Locale, SyncRunsTable, SyncTrigger } from '../../platform/db/schema.ts';
import { redactBsns } from '../../domain/bsn.ts';
import { todayIn } from '../../domain/dates.ts';
import { Matcher } from '../../domain/matching.ts';
import { registrationFor } from '../registry.ts';
import type { HrConnector, InvalidExternalRow } from '../../connectors/kit/hr-connector.ts';
import { HttpError } from '../../connectors/kit/http-client.ts';
import { jobQueue } from '../../platform/jobs/queue.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { type MailEmployee, reconnectMail, syncNotificationMail } from './sync-mail.ts';
import { additionChanges, type PlanInput, planSync, type SyncPlan } from './sync-plan.ts';
import { sortName, toStoredRecord } from './sync-records.ts';
import {
  emptyCounts,
  type FieldChange,
  type GroupPlan,
  type IntegrationSettings,
  type MappingRow,
  type PlanContract,
  type PlanEmployee,
  type PlanRecord,
  parseSettings,
  type RecordVerdict,
  type StoredExternalData,
  type SyncCounts,
} from './sync.types.ts';

/**
 * The sync engine every HR connector shares (F-13 … F-18): read → store → plan → (preview) →
 * apply, plus undo. Idempotent by construction:
 * - reading upserts external_records by (integration, external id) and rewrites only records whose
 *   content hash moved, so an unchanged second sync writes no business rows;
 * - the plan is recomputed from the stored records and the current Koppel data every time, so a
 *   run that died half-way is simply planned again: what it applied is now "unchanged";
 * - an added employee is linked to its record in the same transaction that creates it, so a crash
 *   can never leave an employee without its link (which the next run would add a second time).
 *
 * Applying a preview (applyPreview) re-plans the records the preview READ against the CURRENT
 * Koppel data and link decisions: nothing is fetched again, so what is applied is the vendor data
 * the user reviewed, with the rows they resolved since.
 */

export type IntegrationRow = Selectable<IntegrationsTable>;
export type SyncRunRow = Selectable<SyncRunsTable>;
export type SyncPhase = 'queued' | 'read' | 'plan' | 'apply' | 'undo' | 'done';

/** Thrown from a hook to simulate the process dying: the engine lets it through without recording anything. */
export class SyncKilled extends Error {
  override readonly name = 'SyncKilled';
}

export type SyncHooks = {
  /** Progress of the run; also where tests throw SyncKilled to "kill" a run mid-way. */
  onProgress?: (phase: SyncPhase, done: number, total: number) => void | Promise<void>;
  /** Connector override for this run (tests). */
  connector?: HrConnector;
};

export type SyncEngineDeps = {
  db: Database;
  box: SecretBox;
  /** Builds the connector for an integration; default: the registry. */
  connectorFor?: (integration: IntegrationRow, params: { full: boolean }) => HrConnector;
  /** Passed to the registry's factories (timeouts, retry policy); tests and benchmarks only. */
  connectorTuning?: Record<string, unknown>;
  /** Groups applied per transaction (default 50). */
  applyBatchSize?: number;
  now?: () => Date;
};

/** How often a complete listing (which notices deletions and re-reads everything) is forced. */
const FULL_LISTING_EVERY_MS = 7 * 86_400_000;
/** updated_since is asked from a bit before the last listing began: clocks and vendor time zones are vague (a superset is safe). */
const CURSOR_MARGIN_MS = 10 * 60_000;
const UPSERT_BATCH = 500;
const APPLY_BATCH = 50;
const PLAN_ITEMS_KEPT = 2000;
const PROGRESS_EVERY_MS = 500;

type StoredRow = {
  id: string;
  external_id: string;
  data: unknown;
  bsn_encrypted: string | null;
  bsn_hash: string | null;
  bsn_last3: string | null;
  data_hash: string;
  link_state: PlanRecord['linkState'];
  decision: 'add' | null;
  employee_id: string | null;
  contract_id: string | null;
  proposal: unknown;
  needs_action: boolean;
  issues: unknown;
  rule_excluded: boolean;
  former: boolean;
  missing_since: Date | null;
};

type RunContext = {
  run: SyncRunRow;
  integration: IntegrationRow;
  settings: IntegrationSettings;
  actor: Actor;
  hooks: SyncHooks;
  counts: SyncCounts;
  warnings: { recordId?: string; externalId?: string; name: string; messages: string[] }[];
  errors: { recordId?: string; externalId?: string; name: string; messages: string[] }[];
  items: unknown[];
  /** Diff items left out of the stored run (beyond PLAN_ITEMS_KEPT); the change log keeps them all. */
  itemsDropped: number;
  mailAdded: MailEmployee[];
  mailUpdated: MailEmployee[];
  progressAt: number;
  jobProgress?: (done: number, total: number, label?: string) => Promise<void>;
};

/** jsonb columns come back parsed from both drivers; this only restores the type. */
const parseJson = <T>(v: unknown): T => v as T;

/** Deep equality of JSON values, ignoring object key order (Postgres reorders jsonb keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function isCredentialFailure(err: unknown): boolean {
  return err instanceof HttpError && (err.code === 'unauthorized' || err.code === 'forbidden');
}

/** A per-employee failure the engine foresees, with the stable `field:code` the run log and UI carry. */
class SyncRowError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'SyncRowError';
  }
}

/**
 * A per-employee failure as messages for the run log: a stable `field:code` the UI translates,
 * and for the unforeseen the (BSN-redacted) technical text after it.
 */
export function rowFailureMessages(err: unknown): string[] {
  if (err instanceof SyncRowError) return [err.code];
  if (err instanceof AppError) return [`row:${err.code}`];
  if ((err as { code?: unknown })?.code === '23505') return ['row:duplicate'];
  return ['row:failed', redactBsns(err instanceof Error ? err.message : String(err)).slice(0, 500)];
}

/**
 * Why a run failed, as the stable code kept in `integrations.health_detail` and at the start of
 * `sync_runs.error` (`code: detail`); the UI translates it (`integrations.runErrors.*`).
 */
export function runFailureCode(err: unknown): string {
  if (isCredentialFailure(err)) return 'reconnect_needed';
  if (err instanceof HttpError) {
    if (err.code === 'rate_limited') return 'vendor_rate_limited';
    if (err.code === 'timeout' || err.code === 'network') return 'vendor_unreachable';
    if (err.code === 'server_error') return 'vendor_error';
    if (err.code === 'invalid_response') return 'vendor_invalid_response';
    return 'vendor_refused';
  }
  if (err instanceof AppError) return err.code;
  return 'unexpected';
}

export function syncActor(integration: Pick<IntegrationRow, 'tenant_id' | 'id' | 'name' | 'vendor'>, timeZone: string): Actor {
  const label = registrationFor(integration.vendor)?.label ?? integration.vendor;
  return { tenantId: integration.tenant_id, type: 'sync', id: integration.id, name: `${label}: ${integration.name}`, role: 'owner', timeZone };
}

const EMPLOYEE_PLAN_COLUMNS = [
  'id', 'first_name', 'prefix', 'last_name', 'email', 'personnel_number', 'bsn_encrypted', 'bsn_hash', 'bsn_last3', 'birth_date',
  'street', 'house_number', 'postal_code', 'city', 'country', 'phone', 'status',
] as const;
const SENSITIVE_COLUMNS = new Set(['bsn_encrypted', 'bsn_hash', 'bsn_last3']);
const maskColumns = (cols: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, SENSITIVE_COLUMNS.has(k) ? (v === null ? null : '***') : v]));

export function createSyncEngine(deps: SyncEngineDeps) {
  const { db, box } = deps;
  const now = deps.now ?? (() => new Date());

  function connectorFor(integration: IntegrationRow, full: boolean): HrConnector {
    if (deps.connectorFor) return deps.connectorFor(integration, { full });
    const reg = registrationFor(integration.vendor);
    if (!reg) throw new Error(`No connector for vendor ${integration.vendor}`);
    const credentials = JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>;
    return reg.create({
      baseUrl: integration.base_url,
      credentials,
      // A full listing discovers the vendor's field layout afresh; an incremental one reuses it (one call less).
      state: full ? undefined : (parseJson(integration.vendor_state) ?? undefined),
      ...(deps.connectorTuning ? { tuning: deps.connectorTuning } : {}),
    });
  }

  async function loadIntegration(tenantId: string, id: string) {
    const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('integration');
    return row;
  }

  async function loadRun(tenantId: string, id: string) {
    const row = await db.selectFrom('sync_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('sync_run');
    return row;
  }

  /**
   * Creates a queued run, or returns the integration's queued/running one (two triggers → one run).
   * The first sync of an integration is always a preview (F-17).
   */
  async function createRun(
    integration: IntegrationRow,
    opts: { mode: 'preview' | 'apply' | 'undo'; trigger: SyncTrigger; requestedBy?: string | null; full?: boolean; previewRunId?: string; undoOfRunId?: string },
  ): Promise<{ run: SyncRunRow; created: boolean }> {
    if (!integration.active) throw new AppError('integration_inactive');
    const mode = opts.mode === 'apply' && !opts.previewRunId && !integration.first_sync_applied ? 'preview' : opts.mode;
    // Raw SQL: ON CONFLICT must spell the partial index's predicate literally for Postgres to infer it.
    const inserted = await sql<SyncRunRow>`
      INSERT INTO sync_runs (tenant_id, integration_id, trigger, mode, listing, requested_by, preview_run_id, undo_of_run_id)
      VALUES (${integration.tenant_id}, ${integration.id}, ${opts.trigger}, ${mode}, ${opts.full ? 'full' : null}, ${opts.requestedBy ?? null},
              ${opts.previewRunId ?? null}, ${opts.undoOfRunId ?? null})
      ON CONFLICT (integration_id) WHERE status IN ('queued','running') DO NOTHING
      RETURNING *`.execute(db);
    if (inserted.rows[0]) return { run: inserted.rows[0], created: true };
    const active = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('integration_id', '=', integration.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (!active) return createRun(integration, opts); // it finished in between
    if (await abandoned(active)) {
      await db
        .updateTable('sync_runs')
        .set({ status: 'failed', finished_at: new Date(), error: 'abandoned: the job that carried this run ended without finishing it' })
        .where('id', '=', active.id)
        .where('status', 'in', ['queued', 'running'])
        .execute();
      return createRun(integration, opts);
    }
    return { run: active, created: false };
  }

  /**
   * A queued or running run nobody will finish: its job is gone, done or dead (retries exhausted), or
   * it never got a job and is old. Without this one lost job would block the integration for good.
   */
  async function abandoned(run: SyncRunRow): Promise<boolean> {
    if (run.job_id !== null) {
      const job = await db.selectFrom('jobs').select('status').where('id', '=', run.job_id).executeTakeFirst();
      return !job || job.status === 'done' || job.status === 'dead';
    }
    const since = (run.started_at ?? run.created_at).getTime();
    return Date.now() - since > (run.status === 'queued' ? 3_600_000 : 6 * 3_600_000);
  }

  async function setProgress(ctx: RunContext, phase: SyncPhase, done: number, total: number, force = false) {
    await ctx.hooks.onProgress?.(phase, done, total);
    const t = Date.now();
    if (!force && t - ctx.progressAt < PROGRESS_EVERY_MS) return;
    ctx.progressAt = t;
    await db.updateTable('sync_runs').set({ progress: JSON.stringify({ phase, done, total }) }).where('id', '=', ctx.run.id).execute();
    await ctx.jobProgress?.(done, total, phase);
  }

  // ── reading ────────────────────────────────────────────────────────────────

  async function readAll(ctx: RunContext, connector: HrConnector, full: boolean) {
    const { integration, run } = ctx;
    const stored = new Map<string, { hash: string; bsnHash: string | null; bsnEncrypted: string | null; missing: boolean }>();
    for (const r of await db
      .selectFrom('external_records')
      .select(['external_id', 'data_hash', 'bsn_hash', 'bsn_encrypted', 'missing_since'])
      .where('tenant_id', '=', integration.tenant_id)
      .where('integration_id', '=', integration.id)
      .execute()) {
      stored.set(r.external_id, { hash: r.data_hash, bsnHash: r.bsn_hash, bsnEncrypted: r.bsn_encrypted, missing: r.missing_since !== null });
    }
    const invalid: InvalidExternalRow[] = [];
    const seen = new Set<string>();
    let batch = new Map<string, ReturnType<typeof toStoredRecord>>();
    let read = 0;
    /** The vendor's own count of the listing, when it reports one. */
    let total: number | null = null;
    let withWarnings = 0;

    let upserted = 0;
    /**
     * One batch is written while the next one is read: the write overlaps the vendor's round trips
     * and rate-limit waits instead of adding to them. At most one write is in flight (back-pressure),
     * and its failure is kept and rethrown here rather than left as an unhandled rejection.
     */
    let writing: Promise<unknown> | null = null;
    const settle = async () => {
      const failure = await writing;
      writing = null;
      if (failure) throw failure;
    };
    const flush = async () => {
      await settle();
      if (batch.size === 0) return;
      upserted += batch.size;
      const rows = [...batch.values()].map((v) => ({
        tenant_id: integration.tenant_id,
        integration_id: integration.id,
        vendor: integration.vendor,
        external_id: v.data.externalId,
        data: JSON.stringify(v.data),
        bsn_encrypted: v.bsnEncrypted,
        bsn_hash: v.bsnHash,
        bsn_last3: v.bsnLast3,
        personnel_number: v.data.personnelNumber,
        data_hash: v.hash,
        former: v.data.status === 'former',
        sort_name: sortName(v.data),
        last_seen_run: run.id,
        missing_since: null,
      }));
      batch = new Map();
      writing = db
        .insertInto('external_records')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['integration_id', 'external_id']).doUpdateSet((eb) => ({
            data: eb.ref('excluded.data'),
            bsn_encrypted: eb.ref('excluded.bsn_encrypted'),
            bsn_hash: eb.ref('excluded.bsn_hash'),
            bsn_last3: eb.ref('excluded.bsn_last3'),
            personnel_number: eb.ref('excluded.personnel_number'),
            data_hash: eb.ref('excluded.data_hash'),
            former: eb.ref('excluded.former'),
            sort_name: eb.ref('excluded.sort_name'),
            last_seen_run: eb.ref('excluded.last_seen_run'),
            missing_since: null,
            updated_at: new Date(),
          })),
        )
        .execute()
        .then(
          () => null,
          (err: unknown) => err ?? new Error('external_records upsert failed'),
        );
    };

    const updatedSince = full || !integration.sync_cursor ? undefined : new Date(integration.sync_cursor.getTime() - CURSOR_MARGIN_MS);
    for await (const e of connector.listEmployees({
      ...(updatedSince ? { updatedSince } : {}),
      onProgress: (_n, t) => {
        if (t !== undefined) total = t;
      },
      onInvalidRow: (row) => invalid.push(row),
    })) {
      read++;
      seen.add(e.externalId);
      if (e.warnings.length) withWarnings++;
      const prev = stored.get(e.externalId);
      const values = toStoredRecord(e, box, prev);
      if (!prev || prev.hash !== values.hash || prev.missing) batch.set(e.externalId, values);
      if (batch.size >= UPSERT_BATCH) await flush();
      await setProgress(ctx, 'read', read, Math.max(total ?? 0, read));
    }
    await flush();
    await settle();
    // Many new rows and no statistics yet: without fresh ones the planner scans the whole table for every
    // batch of the link and verdict updates that follow (seen at 100 000 records on a PostgreSQL server).
    if (upserted > 1000) await sql`ANALYZE external_records`.execute(db);
    for (const row of invalid) if (row.externalId) seen.add(row.externalId);

    // Deletions are only visible to a complete listing, and only one without broken rows is complete.
    // A listing that ended short of the vendor's own total (a stand-in that pages differently, a walk
    // cut off) is not complete either: marking the unread as gone would turn them into former staff.
    const short = total !== null && seen.size < total;
    if (full && short) ctx.warnings.push({ name: '—', messages: ['listing:incomplete'] });
    let missing = 0;
    if (full && invalid.length === 0 && !short) {
      const gone = [...stored.entries()].filter(([id, s]) => !seen.has(id) && !s.missing).map(([id]) => id);
      for (let i = 0; i < gone.length; i += UPSERT_BATCH) {
        const chunk = gone.slice(i, i + UPSERT_BATCH);
        await sql`UPDATE external_records SET missing_since = now(), former = true, updated_at = now()
          WHERE tenant_id = ${integration.tenant_id} AND integration_id = ${integration.id}
            AND external_id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb)))`.execute(db);
      }
      missing = gone.length;
    }
    ctx.counts.read = read;
    for (const row of invalid) {
      ctx.warnings.push({ ...(row.externalId ? { externalId: row.externalId } : {}), name: row.externalId ?? '?', messages: [redactBsns(row.error)] });
    }
    return { read, invalid: invalid.length, withWarnings, missing, short };
  }

  // ── planning ───────────────────────────────────────────────────────────────

  async function loadPlanInput(integration: IntegrationRow, settings: IntegrationSettings, acceptProposals: boolean) {
    const tenantId = integration.tenant_id;
    const [recordRows, employeeRows, contractRows, claimed, mappingRows, other, functions, departments, types] = await Promise.all([
      db
        .selectFrom('external_records')
        .select(['id', 'external_id', 'data', 'bsn_encrypted', 'bsn_hash', 'bsn_last3', 'data_hash', 'link_state', 'decision', 'employee_id', 'contract_id', 'proposal', 'needs_action', 'issues', 'rule_excluded', 'former', 'missing_since'])
        .where('tenant_id', '=', tenantId)
        .where('integration_id', '=', integration.id)
        .execute() as Promise<StoredRow[]>,
      db.selectFrom('employees').select([...EMPLOYEE_PLAN_COLUMNS]).where('tenant_id', '=', tenantId).execute(),
      db
        .selectFrom('contracts')
        .select(['id', 'employee_id', 'contract_type_id', 'department_id', 'function_id', 'start_date', 'end_date', 'weekly_hours', 'hourly_wage'])
        .where('tenant_id', '=', tenantId)
        .execute(),
      db.selectFrom('external_records').select('contract_id').where('tenant_id', '=', tenantId).where('contract_id', 'is not', null).execute(),
      db.selectFrom('integration_mappings').select(['kind', 'external_id', 'koppel_id', 'exclude']).where('tenant_id', '=', tenantId).where('integration_id', '=', integration.id).execute(),
      db
        .selectFrom('external_records')
        .select('personnel_number')
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where('vendor', '=', integration.vendor)
        .where('integration_id', '!=', integration.id)
        .where('personnel_number', 'is not', null)
        .execute(),
      db.selectFrom('job_functions').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('contract_types').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
    ]);
    const records: PlanRecord[] = recordRows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      data: parseJson<StoredExternalData>(r.data),
      bsnEncrypted: r.bsn_encrypted,
      bsnHash: r.bsn_hash,
      bsnLast3: r.bsn_last3,
      linkState: r.link_state,
      decision: r.decision,
      employeeId: r.employee_id,
      contractId: r.contract_id,
      missing: r.missing_since !== null,
    }));
    const employees = new Map<string, PlanEmployee>(employeeRows.map((e) => [e.id, e as PlanEmployee]));
    const contractsByEmployee = new Map<string, PlanContract[]>();
    for (const c of contractRows) {
      const list = contractsByEmployee.get(c.employee_id);
      if (list) list.push(c as PlanContract);
      else contractsByEmployee.set(c.employee_id, [c as PlanContract]);
    }
    const needsMatcher = records.some((r) => (r.linkState === 'unlinked' || (r.linkState === 'linked' && !(r.employeeId && employees.has(r.employeeId)))));
    const personnelNumbers = new Map<string, string>();
    for (const e of employeeRows) if (e.personnel_number) personnelNumbers.set(e.personnel_number, e.id);
    const labels = new Map<string, string>();
    for (const x of [...functions, ...departments, ...types]) labels.set(x.id, x.name);
    const input: PlanInput = {
      records,
      employees,
      contractsByEmployee,
      claimedContractIds: new Set(claimed.map((c) => c.contract_id!)),
      mappings: mappingRows.map((m) => ({ kind: m.kind, externalId: m.external_id, koppelId: m.koppel_id, exclude: m.exclude }) satisfies MappingRow),
      settings,
      matcher: needsMatcher
        ? new Matcher(
            employeeRows.map((e) => ({ id: e.id, bsnHash: e.bsn_hash, email: e.email, personnelNumber: e.personnel_number, birthDate: e.birth_date, firstName: e.first_name, lastName: e.last_name })),
          )
        : null,
      personnelNumbers,
      otherConnectionNumbers: new Set(other.map((o) => o.personnel_number!)),
      functionIds: new Map(functions.map((f) => [f.name.trim().toLowerCase(), f.id])),
      labels,
      acceptProposals,
      today: todayIn(await tenantTimeZone(db, integration.tenant_id)),
    };
    return { input, recordRows };
  }

  /** Stores each record's verdict for the review lists; only rows whose verdict moved are written. */
  async function writeVerdicts(tenantId: string, rows: StoredRow[], verdicts: RecordVerdict[]) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const changed: { id: string; proposal: unknown; needs_action: boolean; issues: unknown; rule_excluded: boolean }[] = [];
    for (const v of verdicts) {
      const r = byId.get(v.recordId)!;
      // A linked record keeps the proposal it was linked on ("linked by email"); the planner only proposes for unlinked ones.
      const proposal = v.proposal ?? (r.link_state === 'linked' ? (parseJson(r.proposal) ?? null) : null);
      if (!sameJson(r.proposal ?? null, proposal) || r.needs_action !== v.needsAction || !sameJson(r.issues ?? [], v.issues) || r.rule_excluded !== v.ruleExcluded) {
        changed.push({ id: v.recordId, proposal, needs_action: v.needsAction, issues: v.issues, rule_excluded: v.ruleExcluded });
      }
    }
    for (let i = 0; i < changed.length; i += UPSERT_BATCH) {
      const chunk = changed.slice(i, i + UPSERT_BATCH);
      const json = JSON.stringify(chunk);
      // The ANY(...) gives the planner an index condition: joined to the record set alone, a big, freshly
      // written table (no statistics yet) is scanned whole for every batch.
      await sql`UPDATE external_records r SET proposal = x.proposal, needs_action = x.needs_action, issues = x.issues, rule_excluded = x.rule_excluded
        FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, proposal jsonb, needs_action boolean, issues jsonb, rule_excluded boolean)
        WHERE r.id = x.id AND r.id = ANY(ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(${json}::jsonb) e)) AND r.tenant_id = ${tenantId}`.execute(db);
    }
    return changed.length;
  }

  async function ensureFunctions(tenantId: string, names: string[]) {
    if (!names.length) return;
    await db
      .insertInto('job_functions')
      .values(names.map((name) => ({ tenant_id: tenantId, name })))
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .execute();
  }

  async function plan(ctx: RunContext, opts: { apply: boolean; acceptProposals: boolean }): Promise<SyncPlan> {
    const { integration, settings } = ctx;
    let { input, recordRows } = await loadPlanInput(integration, settings, opts.acceptProposals);
    let result = planSync(input);
    if (opts.apply && result.missingFunctions.length) {
      await ensureFunctions(integration.tenant_id, result.missingFunctions);
      ({ input, recordRows } = await loadPlanInput(integration, settings, opts.acceptProposals));
      result = planSync(input);
    }
    await writeVerdicts(integration.tenant_id, recordRows, result.verdicts);

    const c = ctx.counts;
    const primaryWarnings = new Map(result.groups.map((g) => [g.primaryRecordId, g.warnings]));
    for (const v of result.verdicts) {
      if (v.status === 'excluded') c.excluded++;
      else if (v.status === 'needs_action') c.needsAction++;
      else if (v.status === 'skipped') c.skipped++;
      else if (v.status === 'former') c.former++;
      const groupWarnings = primaryWarnings.get(v.recordId) ?? [];
      const messages = [...v.warnings, ...groupWarnings];
      if (messages.length) ctx.warnings.push({ recordId: v.recordId, externalId: v.externalId, name: v.name, messages });
    }
    for (const g of result.groups) {
      if (g.action === 'add') c.added++;
      else if (g.action === 'update') c.updated++;
      else c.unchanged++;
    }
    // The review diff: everything but the unchanged, needs-action rows first.
    const groupByKey = new Map(result.groups.map((g) => [g.key, g]));
    const addition = { records: new Map(input.records.map((r) => [r.id, r])), labels: input.labels, missingFunctions: result.missingFunctions };
    const listed = result.verdicts.filter((v) => v.status !== 'unchanged').sort((a, b) => Number(b.needsAction) - Number(a.needsAction));
    // Only the kept items are described: at 100 000 additions the rest would be built to be thrown away.
    const items = listed
      .slice(0, PLAN_ITEMS_KEPT)
      .map((v) => {
        const g = v.groupKey ? groupByKey.get(v.groupKey) : undefined;
        const own = g?.contracts.find((x) => x.recordId === v.recordId);
        const changes = g?.create
          ? additionChanges(g, v.recordId, addition)
          : [...(g && g.primaryRecordId === v.recordId ? g.changes : []), ...(own?.changes ?? [])].map((x) => ({ field: x.field, old: x.old, new: x.new }));
        return {
          recordId: v.recordId,
          externalId: v.externalId,
          name: v.name,
          action: v.status,
          employeeId: g?.employeeId ?? null,
          changes,
          issues: v.issues,
          needsAction: v.needsAction,
        };
      });
    ctx.items = items;
    ctx.itemsDropped = Math.max(0, listed.length - PLAN_ITEMS_KEPT);
    return result;
  }

  // ── applying ───────────────────────────────────────────────────────────────

  async function recordChange(
    trx: Database,
    ctx: RunContext,
    row: { record_id?: string | null; employee_id: string | null; entity: 'employee' | 'contract' | 'record'; entity_id: string | null; action: 'add' | 'update' | 'link'; field?: string | null; old?: unknown; new?: unknown; oldColumns?: unknown; newColumns?: unknown },
  ) {
    await trx
      .insertInto('sync_changes')
      .values({
        tenant_id: ctx.integration.tenant_id,
        run_id: ctx.run.id,
        record_id: row.record_id ?? null,
        employee_id: row.employee_id,
        entity: row.entity,
        entity_id: row.entity_id,
        action: row.action,
        field: row.field ?? null,
        old_value: row.old === undefined ? null : JSON.stringify(row.old),
        new_value: row.new === undefined ? null : JSON.stringify(row.new),
        old_columns: row.oldColumns === undefined ? null : JSON.stringify(row.oldColumns),
        new_columns: row.newColumns === undefined ? null : JSON.stringify(row.newColumns),
      })
      .execute();
  }

  async function audit(trx: Database, actor: Actor, action: string, entityType: string, entityId: string, changes: unknown) {
    await trx
      .insertInto('audit_log')
      .values({ tenant_id: actor.tenantId, actor_type: actor.type, actor_id: actor.id, actor_name: actor.name, action, entity_type: entityType, entity_id: entityId, changes: JSON.stringify(changes) })
      .execute();
  }

  /** Carries out one group's plan inside `trx`. Values are re-read under lock: HR-owned fields win, the recorded "old" is what was really there. */
  async function applyGroup(trx: Database, ctx: RunContext, g: GroupPlan): Promise<MailEmployee | null> {
    const tenantId = ctx.integration.tenant_id;
    const mail: MailEmployee = { name: g.name, changes: [] };
    let employeeId = g.employeeId;
    if (g.create) {
      employeeId = randomUUID();
      const row = { ...g.create, id: employeeId, tenant_id: tenantId, source: ctx.integration.vendor, initials: null, manager_id: null, notes: null };
      await trx.insertInto('employees').values({ ...row, search_text: employeeSearchText(row as unknown as Employee) }).execute();
      await recordChange(trx, ctx, { record_id: g.primaryRecordId, employee_id: employeeId, entity: 'employee', entity_id: employeeId, action: 'add', new: { name: g.name } });
      await audit(trx, ctx.actor, 'create', 'employee', employeeId, maskColumns({ ...g.create }));
    } else if (g.changes.length) {
      const before = await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', employeeId!).forUpdate().executeTakeFirst();
      if (!before) throw new SyncRowError('employee:deleted_during_sync');
      const set: Record<string, unknown> = {};
      const auditChanges: Record<string, { old: unknown; new: unknown }> = {};
      for (const c of g.changes) {
        const oldColumns = Object.fromEntries(Object.keys(c.newColumns).map((k) => [k, (before as Record<string, unknown>)[k] ?? null]));
        if (sameJson(oldColumns, c.newColumns)) continue;
        Object.assign(set, c.newColumns);
        for (const k of Object.keys(c.newColumns)) auditChanges[k] = SENSITIVE_COLUMNS.has(k) ? { old: '***', new: '***' } : { old: oldColumns[k], new: c.newColumns[k] };
        await recordChange(trx, ctx, { record_id: g.primaryRecordId, employee_id: employeeId, entity: 'employee', entity_id: employeeId, action: 'update', field: c.field, old: c.old, new: c.new, oldColumns, newColumns: c.newColumns });
        mail.changes.push({ field: c.field, old: c.old, new: c.new });
      }
      if (Object.keys(set).length) {
        const merged = { ...before, ...set } as Employee;
        await trx.updateTable('employees').set({ ...set, search_text: employeeSearchText(merged), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', employeeId!).execute();
        await audit(trx, ctx.actor, 'update', 'employee', employeeId!, auditChanges);
      }
    }
    for (const recordId of g.linkRecordIds) {
      const linked = await trx
        .updateTable('external_records')
        .set({ link_state: 'linked', employee_id: employeeId, decision: null, needs_action: false, issues: '[]', updated_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', recordId)
        // Only what is still unlinked (or whose employee was deleted): a link someone made meanwhile wins.
        .where('employee_id', 'is', null)
        .where('link_state', 'in', ['unlinked', 'linked'])
        .executeTakeFirst();
      if (Number(linked.numUpdatedRows) === 0) {
        // Excluded or skipped by someone while this run worked: an employee created for it would be an orphan.
        if (g.create) throw new Error('the record was excluded or skipped while the sync ran');
        continue;
      }
      await recordChange(trx, ctx, { record_id: recordId, employee_id: employeeId, entity: 'record', entity_id: recordId, action: 'link', old: null, new: employeeId });
      await audit(trx, ctx.actor, 'link', 'external_record', recordId, { employee_id: { old: null, new: employeeId } });
    }
    for (const c of g.contracts) {
      if (c.create) {
        const contractId = randomUUID();
        await trx.insertInto('contracts').values({ ...c.create, id: contractId, tenant_id: tenantId, employee_id: employeeId! }).execute();
        await trx.updateTable('external_records').set({ contract_id: contractId }).where('tenant_id', '=', tenantId).where('id', '=', c.recordId).execute();
        await recordChange(trx, ctx, { record_id: c.recordId, employee_id: employeeId, entity: 'contract', entity_id: contractId, action: 'add', new: c.create });
        await audit(trx, ctx.actor, 'create', 'contract', contractId, c.create);
        continue;
      }
      if (c.adopt) {
        await trx.updateTable('external_records').set({ contract_id: c.contractId }).where('tenant_id', '=', tenantId).where('id', '=', c.recordId).execute();
        await recordChange(trx, ctx, { record_id: c.recordId, employee_id: employeeId, entity: 'record', entity_id: c.recordId, action: 'link', field: 'contract', old: null, new: c.contractId });
      }
      if (!c.changes.length) continue;
      const before = await trx.selectFrom('contracts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', c.contractId!).forUpdate().executeTakeFirst();
      if (!before) throw new SyncRowError('contract:deleted_during_sync');
      const set: Record<string, unknown> = {};
      const auditChanges: Record<string, { old: unknown; new: unknown }> = {};
      for (const ch of c.changes) {
        const oldColumns = Object.fromEntries(Object.keys(ch.newColumns).map((k) => [k, (before as Record<string, unknown>)[k] ?? null]));
        if (sameJson(oldColumns, ch.newColumns)) continue;
        Object.assign(set, ch.newColumns);
        for (const k of Object.keys(ch.newColumns)) auditChanges[k] = { old: oldColumns[k], new: ch.newColumns[k] };
        await recordChange(trx, ctx, { record_id: c.recordId, employee_id: employeeId, entity: 'contract', entity_id: c.contractId, action: 'update', field: ch.field, old: ch.old, new: ch.new, oldColumns, newColumns: ch.newColumns });
        mail.changes.push({ field: ch.field, old: ch.old, new: ch.new });
      }
      if (Object.keys(set).length) {
        await trx.updateTable('contracts').set({ ...set, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', c.contractId!).execute();
        await audit(trx, ctx.actor, 'update', 'contract', c.contractId!, auditChanges);
      }
    }
    return g.create ? mail : mail.changes.length ? mail : null;
  }

  /**
   * Adds in bulk: a few multi-row statements per batch instead of a dozen per employee. Same rows as
   * applyGroup writes; every record is linked in the transaction that creates its employee, and a
   * record someone else linked meanwhile rolls the batch back (the caller retries group by group).
   */
  async function applyAdds(trx: Database, ctx: RunContext, groups: GroupPlan[], progress: (n: number) => Promise<void>): Promise<MailEmployee[]> {
    const tenantId = ctx.integration.tenant_id;
    const employees: Record<string, unknown>[] = [];
    const contracts: Record<string, unknown>[] = [];
    const links: { id: string; employee_id: string; contract_id: string | null }[] = [];
    const changes: Record<string, unknown>[] = [];
    const audits: Record<string, unknown>[] = [];
    const mails: MailEmployee[] = [];
    const change = ({ new: value, ...row }: { record_id: string | null; employee_id: string; entity: string; entity_id: string; action: string; new: unknown }) =>
      changes.push({ tenant_id: tenantId, run_id: ctx.run.id, field: null, old_value: null, old_columns: null, new_columns: null, ...row, new_value: JSON.stringify(value) });
    const auditRow = (action: string, entityType: string, entityId: string, diff: unknown) =>
      audits.push({ tenant_id: tenantId, actor_type: ctx.actor.type, actor_id: ctx.actor.id, actor_name: ctx.actor.name, action, entity_type: entityType, entity_id: entityId, changes: JSON.stringify(diff) });
    for (const [n, g] of groups.entries()) {
      const employeeId = randomUUID();
      const row = { ...g.create!, id: employeeId, tenant_id: tenantId, source: ctx.integration.vendor, initials: null, manager_id: null, notes: null };
      employees.push({ ...row, search_text: employeeSearchText(row as unknown as Employee) });
      const contractOf = new Map<string, string>();
      for (const c of g.contracts) {
        if (!c.create) continue;
        const contractId = randomUUID();
        contracts.push({ ...c.create, id: contractId, tenant_id: tenantId, employee_id: employeeId });
        contractOf.set(c.recordId, contractId);
      }
      for (const recordId of g.linkRecordIds) links.push({ id: recordId, employee_id: employeeId, contract_id: contractOf.get(recordId) ?? null });
      // One change and one audit entry per added employee: its contracts and record links come and go with it (undo deletes the employee).
      const added = { name: g.name, recordIds: g.linkRecordIds, contractIds: [...contractOf.values()], contracts: g.contracts.map((c) => c.create).filter(Boolean) };
      change({ record_id: g.primaryRecordId, employee_id: employeeId, entity: 'employee', entity_id: employeeId, action: 'add', new: added });
      auditRow('create', 'employee', employeeId, { ...maskColumns({ ...g.create }), linked_records: g.linkRecordIds, contracts: added.contracts });
      mails.push({ name: g.name, changes: [] });
      await progress(n + 1);
    }
    const insert = async (table: 'employees' | 'contracts' | 'sync_changes' | 'audit_log', rows: Record<string, unknown>[]) => {
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto(table).values(rows.slice(i, i + 500) as never).execute();
    };
    await insert('employees', employees);
    await insert('contracts', contracts);
    const linked = await sql<{ id: string }>`
      UPDATE external_records r SET link_state = 'linked', employee_id = x.employee_id, contract_id = x.contract_id, decision = NULL,
             needs_action = false, issues = '[]', updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS x(id uuid, employee_id uuid, contract_id uuid)
      WHERE r.id = x.id AND r.id = ANY(ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(${JSON.stringify(links)}::jsonb) e))
        AND r.tenant_id = ${tenantId} AND r.employee_id IS NULL AND r.link_state IN ('unlinked', 'linked')
      RETURNING r.id`.execute(trx);
    if (linked.rows.length !== links.length) throw new Error('records were linked while the sync ran');
    await insert('sync_changes', changes);
    await insert('audit_log', audits);
    return mails;
  }

  async function applyPlan(ctx: RunContext, planned: SyncPlan) {
    const todo = planned.groups.filter((g) => g.action !== 'unchanged');
    // Adds first: a second record of a person may link (by BSN/email) to an employee this batch creates.
    todo.sort((a, b) => Number(b.action === 'add') - Number(a.action === 'add'));
    let done = 0;
    const note = (g: GroupPlan, mail: MailEmployee | null) => {
      if (!mail) return;
      if (g.action === 'add') ctx.mailAdded.push(mail);
      else ctx.mailUpdated.push(mail);
    };
    const fail = (g: GroupPlan, err: unknown) => {
      ctx.counts.failed++;
      if (g.action === 'add') ctx.counts.added--;
      else ctx.counts.updated--;
      ctx.errors.push({ recordId: g.primaryRecordId, name: g.name, messages: rowFailureMessages(err) });
    };
    const size = deps.applyBatchSize ?? APPLY_BATCH;
    for (let i = 0; i < todo.length; i += size) {
      const chunk = todo.slice(i, i + size);
      const mails: [GroupPlan, MailEmployee | null][] = [];
      try {
        await db.transaction().execute(async (trx) => {
          if (chunk.every((g) => g.action === 'add' && g.create)) {
            const added = await applyAdds(trx, ctx, chunk, (n) => Promise.resolve(ctx.hooks.onProgress?.('apply', done + n, todo.length)));
            chunk.forEach((g, n) => mails.push([g, added[n]!]));
            return;
          }
          for (const g of chunk) {
            mails.push([g, await applyGroup(trx, ctx, g)]);
            await ctx.hooks.onProgress?.('apply', done + mails.length, todo.length);
          }
        });
        for (const [g, m] of mails) note(g, m);
      } catch (err) {
        if (err instanceof SyncKilled) throw err;
        // One bad group must not sink its batch: go again one group per transaction.
        for (const g of chunk) {
          try {
            const m = await db.transaction().execute((trx) => applyGroup(trx, ctx, g));
            note(g, m);
          } catch (e) {
            if (e instanceof SyncKilled) throw e;
            fail(g, e);
          }
        }
      }
      done += chunk.length;
      await setProgress(ctx, 'apply', done, todo.length);
    }
    // What was just added or linked changes what the rows still open would match: refresh their verdicts now,
    // so the review lists are current and the next unchanged sync has nothing to write.
    if (todo.length) {
      const { input, recordRows } = await loadPlanInput(ctx.integration, ctx.settings, false);
      await writeVerdicts(ctx.integration.tenant_id, recordRows, planSync(input).verdicts);
    }
  }

  // ── finishing ──────────────────────────────────────────────────────────────

  async function tenantInfo(tenantId: string) {
    const t = await db.selectFrom('tenants').select(['locale', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    return { locale: t.locale as Locale, timeZone: t.time_zone };
  }

  async function finishRun(ctx: RunContext, extra: { listing?: { full: boolean; startedAt: Date; clean: boolean; state?: unknown }; applied: boolean; apiCalls: number }) {
    const { integration, run, counts } = ctx;
    const health = ctx.errors.length || ctx.warnings.length ? 'warnings' : 'healthy';
    const mailTo = ctx.settings.notificationEmails;
    const changed = ctx.mailAdded.length + ctx.mailUpdated.length > 0;
    const at = now();
    let mail: { subject: string; text: string } | null = null;
    if (extra.applied && changed && mailTo.length) {
      const t = await tenantInfo(integration.tenant_id);
      const needsAction = await db
        .selectFrom('external_records')
        .select(['data', 'issues'])
        .where('tenant_id', '=', integration.tenant_id)
        .where('integration_id', '=', integration.id)
        .where('needs_action', '=', true)
        .orderBy('sort_name')
        .limit(201)
        .execute();
      mail = syncNotificationMail({
        locale: t.locale,
        timeZone: t.timeZone,
        vendor: registrationFor(integration.vendor)?.label ?? integration.vendor,
        integration: integration.name,
        at,
        added: ctx.mailAdded,
        updated: ctx.mailUpdated,
        needsAction: needsAction.map((r) => {
          const d = parseJson<StoredExternalData>(r.data);
          return { name: [d.firstName, d.prefix, d.lastName].filter(Boolean).join(' '), issues: parseJson<string[]>(r.issues) ?? [] };
        }),
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sync_runs')
        .set({
          status: 'succeeded',
          finished_at: at,
          counts: JSON.stringify(counts),
          api_calls: extra.apiCalls,
          warnings: JSON.stringify(ctx.warnings.slice(0, PLAN_ITEMS_KEPT)),
          errors: JSON.stringify(ctx.errors.slice(0, PLAN_ITEMS_KEPT)),
          plan: JSON.stringify({ items: ctx.items, truncated: ctx.itemsDropped }),
          progress: JSON.stringify({ phase: 'done', done: 1, total: 1 }),
          ...(extra.listing ? { listing: extra.listing.full ? 'full' : 'incremental' } : {}),
          error: null,
        })
        .where('id', '=', run.id)
        .execute();
      const l = extra.listing;
      await trx
        .updateTable('integrations')
        .set({
          health,
          health_detail: null,
          // Only a sync that changed Koppel counts as one: a preview leaves Koppel as stale as it was.
          ...(extra.applied ? { last_success_at: at } : {}),
          ...(l ? { sync_cursor: l.clean ? l.startedAt : null } : {}),
          ...(l?.full ? { last_full_listing_at: l.startedAt } : {}),
          ...(l?.state !== undefined ? { vendor_state: JSON.stringify(l.state) } : {}),
          ...(extra.applied ? { first_sync_applied: true } : {}),
        })
        .where('id', '=', integration.id)
        .execute();
      if (run.preview_run_id) await trx.updateTable('sync_runs').set({ applied_run_id: run.id }).where('id', '=', run.preview_run_id).execute();
      if (mail) await jobQueue.enqueue(trx, 'mail.send', { to: mailTo, subject: mail.subject, text: mail.text }, { tenantId: integration.tenant_id });
    });
  }

  async function failRun(ctx: RunContext, err: unknown, apiCalls: number) {
    const { integration, run } = ctx;
    const reconnect = isCredentialFailure(err);
    // A run refused because the integration was deactivated meanwhile says nothing about its health.
    const keepHealth = err instanceof AppError && err.code === 'integration_inactive';
    const message = redactBsns(err instanceof Error ? err.message : String(err)).slice(0, 2000);
    const code = runFailureCode(err);
    const at = now();
    let mail: { subject: string; text: string; to: string[] } | null = null;
    if (reconnect && integration.health !== 'reconnect_needed') {
      const t = await tenantInfo(integration.tenant_id);
      let to = ctx.settings.notificationEmails;
      if (!to.length) {
        to = (
          await db.selectFrom('users').select('email').where('tenant_id', '=', integration.tenant_id).where('active', '=', true).where('role', 'in', ['owner', 'admin', 'hr_admin']).execute()
        ).map((u) => u.email);
      }
      const m = reconnectMail({ locale: t.locale, timeZone: t.timeZone, vendor: registrationFor(integration.vendor)?.label ?? integration.vendor, integration: integration.name, at, detail: message });
      if (to.length) mail = { ...m, to };
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sync_runs')
        .set({
          status: 'failed',
          finished_at: at,
          error: message.startsWith(`${code}`) ? message : `${code}: ${message}`,
          counts: JSON.stringify(ctx.counts),
          api_calls: apiCalls,
          warnings: JSON.stringify(ctx.warnings.slice(0, PLAN_ITEMS_KEPT)),
          errors: JSON.stringify(ctx.errors.slice(0, PLAN_ITEMS_KEPT)),
          progress: JSON.stringify({ phase: 'done', done: 1, total: 1 }),
        })
        .where('id', '=', run.id)
        .execute();
      if (!keepHealth) {
        await trx
          .updateTable('integrations')
          .set({ health: reconnect ? 'reconnect_needed' : 'failing', health_detail: code })
          .where('id', '=', integration.id)
          .execute();
      }
      if (mail) await jobQueue.enqueue(trx, 'mail.send', { to: mail.to, subject: mail.subject, text: mail.text }, { tenantId: integration.tenant_id });
    });
  }

  // ── undo ───────────────────────────────────────────────────────────────────

  async function undo(ctx: RunContext) {
    const { integration, run } = ctx;
    const tenantId = integration.tenant_id;
    const target = await loadRun(tenantId, run.undo_of_run_id!);
    const changes = await db.selectFrom('sync_changes').selectAll().where('tenant_id', '=', tenantId).where('run_id', '=', target.id).orderBy('id', 'desc').execute();
    const finishedAt = target.finished_at ?? new Date();
    const byEmployee = new Map<string, typeof changes>();
    for (const c of changes) {
      const key = c.employee_id ?? `record:${c.record_id}`;
      const list = byEmployee.get(key);
      if (list) list.push(c);
      else byEmployee.set(key, [c]);
    }
    let done = 0;
    for (const [key, list] of byEmployee) {
      const employeeId = key.startsWith('record:') ? null : key;
      try {
        await db.transaction().execute(async (trx) => {
          const emp = employeeId ? await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', employeeId).forUpdate().executeTakeFirst() : undefined;
          const name = emp ? [emp.first_name, emp.prefix, emp.last_name].filter(Boolean).join(' ') : '—';
          const added = list.find((c) => c.entity === 'employee' && c.action === 'add');
          if (added && employeeId) {
            if (!emp) return;
            const ownContracts = new Set<string | null>([
              ...list.filter((c) => c.entity === 'contract' && c.action === 'add').map((c) => c.entity_id),
              ...(parseJson<{ contractIds?: string[] } | null>(added.new_value)?.contractIds ?? []),
            ]);
            const touched = await touchedSince(trx, tenantId, integration.id, employeeId, finishedAt, ownContracts, emp);
            if (touched) {
              ctx.warnings.push({ name, messages: [`employee:kept_${touched}`] });
              return;
            }
            await trx.updateTable('external_records').set({ link_state: 'unlinked', employee_id: null, contract_id: null, decision: null, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).execute();
            await trx.deleteFrom('employees').where('tenant_id', '=', tenantId).where('id', '=', employeeId).execute();
            await recordChange(trx, ctx, { employee_id: employeeId, entity: 'employee', entity_id: employeeId, action: 'add', old: { name }, new: null });
            await audit(trx, ctx.actor, 'delete', 'employee', employeeId, { undo_of_run: target.id });
            ctx.counts.updated++;
            ctx.mailUpdated.push({ name, changes: [] });
            return;
          }
          const reverted: MailEmployee = { name, changes: [] };
          for (const c of list) {
            if (c.action === 'update' && c.entity_id) {
              const table = c.entity === 'employee' ? 'employees' : 'contracts';
              const newCols = parseJson<Record<string, unknown>>(c.new_columns) ?? {};
              const oldCols = parseJson<Record<string, unknown>>(c.old_columns) ?? {};
              const row = (await trx.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).where('id', '=', c.entity_id).forUpdate().executeTakeFirst()) as Record<string, unknown> | undefined;
              if (!row) continue;
              const current = Object.fromEntries(Object.keys(newCols).map((k) => [k, row[k] ?? null]));
              if (!sameJson(current, newCols)) {
                ctx.warnings.push({ name, messages: [`${c.field}:changed_since_kept`] });
                continue;
              }
              const set: Record<string, unknown> = { ...oldCols, updated_at: new Date() };
              if (table === 'employees') set.search_text = employeeSearchText({ ...row, ...oldCols } as unknown as Employee);
              await trx.updateTable(table).set(set).where('tenant_id', '=', tenantId).where('id', '=', c.entity_id).execute();
              await recordChange(trx, ctx, { record_id: c.record_id, employee_id: c.employee_id, entity: c.entity, entity_id: c.entity_id, action: 'update', field: c.field, old: parseJson(c.new_value), new: parseJson(c.old_value), oldColumns: newCols, newColumns: oldCols });
              await audit(trx, ctx.actor, 'update', c.entity, c.entity_id, maskColumns(Object.fromEntries(Object.keys(oldCols).map((k) => [k, { old: newCols[k], new: oldCols[k] }]))));
              reverted.changes.push({ field: c.field ?? '', old: parseJson(c.new_value), new: parseJson(c.old_value) });
            } else if (c.action === 'add' && c.entity === 'contract' && c.entity_id) {
              const contract = await trx.selectFrom('contracts').select(['id', 'updated_at']).where('tenant_id', '=', tenantId).where('id', '=', c.entity_id).executeTakeFirst();
              if (!contract) continue;
              if (contract.updated_at > finishedAt) {
                ctx.warnings.push({ name, messages: ['contract:changed_since_kept'] });
                continue;
              }
              await trx.updateTable('external_records').set({ contract_id: null }).where('tenant_id', '=', tenantId).where('contract_id', '=', c.entity_id).execute();
              await trx.deleteFrom('contracts').where('tenant_id', '=', tenantId).where('id', '=', c.entity_id).execute();
              await recordChange(trx, ctx, { record_id: c.record_id, employee_id: c.employee_id, entity: 'contract', entity_id: c.entity_id, action: 'add', old: parseJson(c.new_value), new: null });
              await audit(trx, ctx.actor, 'delete', 'contract', c.entity_id, { undo_of_run: target.id });
            } else if (c.action === 'link' && c.record_id) {
              const set = c.field === 'contract' ? { contract_id: null } : { link_state: 'unlinked' as const, employee_id: null, contract_id: null, decision: null };
              const q = trx.updateTable('external_records').set({ ...set, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', c.record_id);
              const r = await (c.field === 'contract' ? q.where('contract_id', '=', parseJson<string>(c.new_value)) : q.where('employee_id', '=', parseJson<string>(c.new_value))).executeTakeFirst();
              if (Number(r.numUpdatedRows) === 0) continue;
              await recordChange(trx, ctx, { record_id: c.record_id, employee_id: c.employee_id, entity: 'record', entity_id: c.record_id, action: 'link', field: c.field, old: parseJson(c.new_value), new: null });
              await audit(trx, ctx.actor, 'unlink', 'external_record', c.record_id, { undo_of_run: target.id });
            }
          }
          if (reverted.changes.length) {
            ctx.counts.updated++;
            ctx.mailUpdated.push(reverted);
          }
        });
      } catch (err) {
        ctx.counts.failed++;
        ctx.errors.push({ name: employeeId ?? key, messages: rowFailureMessages(err) });
      }
      done++;
      await setProgress(ctx, 'undo', done, byEmployee.size);
    }
    await db.updateTable('sync_runs').set({ undone_by_run_id: run.id }).where('id', '=', target.id).execute();
    ctx.items = ctx.mailUpdated.map((m) => ({ name: m.name, action: m.changes.length ? 'reverted' : 'removed', changes: m.changes }));
  }

  /** Why an added employee must stay (someone worked with it since) as a code, or null when it may go. */
  async function touchedSince(trx: Database, tenantId: string, integrationId: string, employeeId: string, since: Date, ownContracts: Set<string | null>, emp: { updated_at: Date }) {
    if (emp.updated_at > since) return 'edited';
    const later = await trx
      .selectFrom('audit_log')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('entity_type', '=', 'employee')
      .where('entity_id', '=', employeeId)
      .where('created_at', '>', since)
      .limit(1)
      .executeTakeFirst();
    if (later) return 'edited';
    for (const table of ['shifts', 'absences', 'leave_adjustments'] as const) {
      const hit = await trx.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).limit(1).executeTakeFirst();
      if (hit) return table;
    }
    const contracts = await trx.selectFrom('contracts').select(['id', 'updated_at']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).execute();
    if (contracts.some((c) => !ownContracts.has(c.id) || c.updated_at > since)) return 'contracts';
    const others = await trx
      .selectFrom('external_records')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('employee_id', '=', employeeId)
      .where('integration_id', '!=', integrationId)
      .limit(1)
      .executeTakeFirst();
    if (others) return 'other_integration';
    return null;
  }

  // ── runs ───────────────────────────────────────────────────────────────────

  /**
   * Executes a queued run (or restarts one whose worker died: status still 'running'). A finished
   * run is returned as it is, so a job that runs twice does nothing the second time.
   */
  async function executeRun(tenantId: string, runId: string, hooks: SyncHooks = {}, jobProgress?: RunContext['jobProgress']): Promise<SyncRunRow> {
    const claimed = await db
      .updateTable('sync_runs')
      .set({ status: 'running', started_at: new Date(), progress: JSON.stringify({ phase: 'queued', done: 0, total: 0 }) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', runId)
      .where('status', 'in', ['queued', 'running'])
      .returningAll()
      .executeTakeFirst();
    if (!claimed) return loadRun(tenantId, runId);
    const integration = await loadIntegration(tenantId, claimed.integration_id);
    const ctx: RunContext = {
      run: claimed,
      integration,
      settings: parseSettings(integration.settings),
      actor: syncActor(integration, await tenantTimeZone(db, tenantId)),
      hooks,
      counts: emptyCounts(),
      warnings: [],
      errors: [],
      items: [],
      itemsDropped: 0,
      mailAdded: [],
      mailUpdated: [],
      progressAt: 0,
      ...(jobProgress ? { jobProgress } : {}),
    };
    let connector: HrConnector | undefined;
    try {
      if (!integration.active) throw new AppError('integration_inactive');
      if (claimed.mode === 'undo') {
        await undo(ctx);
        await finishRun(ctx, { applied: false, apiCalls: 0 });
      } else if (claimed.preview_run_id) {
        await setProgress(ctx, 'plan', 0, 1, true);
        const planned = await plan(ctx, { apply: true, acceptProposals: true });
        await applyPlan(ctx, planned);
        await finishRun(ctx, { applied: true, apiCalls: 0 });
      } else {
        const startedAt = now();
        const last = integration.last_full_listing_at;
        const full = claimed.listing === 'full' || !integration.sync_cursor || !last || startedAt.getTime() - last.getTime() > FULL_LISTING_EVERY_MS;
        connector = hooks.connector ?? connectorFor(integration, full);
        // "Skip" holds for one sync: a new sync asks again.
        await db
          .updateTable('external_records')
          .set({ link_state: 'unlinked' })
          .where('tenant_id', '=', tenantId)
          .where('integration_id', '=', integration.id)
          .where('link_state', '=', 'skipped')
          .execute();
        await setProgress(ctx, 'read', 0, 0, true);
        const read = await readAll(ctx, connector, full);
        await setProgress(ctx, 'plan', 0, 1, true);
        const apply = claimed.mode === 'apply';
        const planned = await plan(ctx, { apply, acceptProposals: false });
        if (apply) await applyPlan(ctx, planned);
        const reg = registrationFor(integration.vendor);
        const state = full && reg?.state && !hooks.connector && !deps.connectorFor ? await reg.state(connector).catch(() => undefined) : undefined;
        await finishRun(ctx, {
          applied: apply,
          apiCalls: connector.metrics().apiCalls,
          // A listing with broken rows or fields is re-read in full next time: an incremental one would not return those records again.
          listing: { full, startedAt, clean: read.invalid === 0 && read.withWarnings === 0 && !read.short, ...(state !== undefined ? { state } : {}) },
        });
      }
    } catch (err) {
      if (err instanceof SyncKilled) throw err;
      await failRun(ctx, err, connector?.metrics().apiCalls ?? 0);
    }
    return loadRun(tenantId, runId);
  }

  return {
    loadIntegration,
    loadRun,
    createRun,
    executeRun,

    /** Requests and runs a sync in this process (CLI, tests). Returns the run, finished. */
    async runSync(tenantId: string, integrationId: string, opts: { mode: 'preview' | 'apply'; trigger: SyncTrigger; full?: boolean; requestedBy?: string }, hooks: SyncHooks = {}) {
      const integration = await loadIntegration(tenantId, integrationId);
      const { run } = await createRun(integration, opts);
      return executeRun(tenantId, run.id, hooks);
    },

    /** A run that applies a stored preview: re-planned against current data, nothing fetched again. */
    async requestApply(tenantId: string, previewRunId: string, opts: { trigger: SyncTrigger; requestedBy?: string }) {
      const preview = await loadRun(tenantId, previewRunId);
      if (preview.mode !== 'preview' || preview.status !== 'succeeded') throw new AppError('invalid_state', { detail: 'only a finished preview can be applied' });
      if (preview.applied_run_id) throw new AppError('invalid_state', { detail: 'this preview was applied already' });
      const integration = await loadIntegration(tenantId, preview.integration_id);
      return createRun(integration, { mode: 'apply', trigger: opts.trigger, requestedBy: opts.requestedBy ?? null, previewRunId });
    },

    async requestUndo(tenantId: string, runId: string, opts: { trigger: SyncTrigger; requestedBy?: string }) {
      const target = await loadRun(tenantId, runId);
      if (target.mode !== 'apply' || target.status !== 'succeeded') throw new AppError('invalid_state', { detail: 'only an applied run can be undone' });
      if (target.undone_by_run_id) throw new AppError('invalid_state', { detail: 'this run was undone already' });
      const integration = await loadIntegration(tenantId, target.integration_id);
      return createRun(integration, { mode: 'undo', trigger: opts.trigger, requestedBy: opts.requestedBy ?? null, undoOfRunId: runId });
    },

    /** Plans without reading or writing employees: refreshes the review lists after a link action or a mapping change. */
    async refreshVerdicts(tenantId: string, integrationId: string) {
      const integration = await loadIntegration(tenantId, integrationId);
      const { input, recordRows } = await loadPlanInput(integration, parseSettings(integration.settings), false);
      const result = planSync(input);
      await writeVerdicts(tenantId, recordRows, result.verdicts);
      return result;
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;

export type { FieldChange };
