import type { Actor } from '../../domain/actor.ts';
import { redactBsns } from '../../domain/bsn.ts';
import { AppError } from '../../domain/errors.ts';
import type { HrConnector } from '../../connectors/kit/hr-connector.ts';
import type { HttpEvent } from '../../connectors/kit/http-client.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import type { SyncTrigger } from '../../platform/db/schema.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { accountScopeIds, registrationFor } from '../registry.ts';
import { dbMailNotifier } from './db/mail.notifier.ts';
import { dbPlanSource } from './db/plan.source.ts';
import { dbRecordStore } from './db/record.store.ts';
import { dbRunStore } from './db/run.store.ts';
import { dbWorkforceWriter } from './db/workforce.writer.ts';
import { type ApplyProgress, applyPart } from './phases/apply.ts';
import { ingest, wantsFullListing } from './phases/ingest.ts';
import { mailAfterFailure, mailAfterRun } from './phases/notify.ts';
import { planRun, refreshVerdicts, type RunPlan } from './phases/plan.ts';
import { withLimitedHeapGrowth } from '../../platform/heap.ts';
import { previewLink } from './phases/link-preview.ts';
import { undoRun } from './phases/undo.ts';
import { type Clock, type IntegrationRow, type ListingResult, type ListingResume, type Notifier, type PlanSource, type RecordStore, type RunMessage, type RunStore, type SyncRunRow, systemClock, type WorkforceWriter } from './ports.ts';
import type { RunContext, SyncHooks, SyncPhase } from './run-context.ts';
import { isCredentialFailure, runFailureCode, SyncKilled } from './sync-failures.ts';
import { creditEarlierAttempts } from './run-summary.ts';
import { integrationTokenStore } from '../integration-token-store.ts';
import type { OutboundGuard } from '../../connectors/kit/outbound-guard.ts';
import { parseJson } from './sync-values.ts';
import { emptyCounts, type FieldChange, parseSettings } from './sync.types.ts';

/**
 * The sync engine every HR connector shares (F-13 … F-18): ingest → plan → (preview) → apply, plus
 * undo. This file only orchestrates; each phase is its own module under ./phases working through
 * the ports in ./ports.ts (database implementations in ./db). Idempotent by construction:
 * - ingest upserts external_records by (integration, external id) and rewrites only records whose
 *   content hash moved, so an unchanged second sync writes no business rows;
 * - the plan is recomputed from the stored records and the current Koppel data every time, so a
 *   run that died half-way is simply planned again: what it applied is now "unchanged";
 * - an added employee is linked to its record in the same transaction that creates it, so a crash
 *   can never leave an employee without its link (which the next run would add a second time).
 *
 * Applying a preview (requestApply) re-plans the records the preview READ against the CURRENT
 * Koppel data and link decisions: nothing is fetched again, so what is applied is the vendor data
 * the user reviewed, with the rows they resolved since.
 */

export type { IntegrationRow, SyncRunRow } from './ports.ts';
export type { SyncHooks, SyncPhase } from './run-context.ts';
export { isCredentialFailure, rowFailureMessages, runFailureCode, SyncKilled } from './sync-failures.ts';
export { sameJson } from './sync-values.ts';
export type { FieldChange };

export type SyncEngineDeps = {
  db: Database;
  box: SecretBox;
  /** Builds the connector for an integration; default: the registry. */
  connectorFor?: (integration: IntegrationRow, params: { full: boolean }) => HrConnector;
  /** Passed to the registry's factories (timeouts, retry policy); tests and benchmarks only. */
  connectorTuning?: Record<string, unknown>;
  /**
   * The outbound guard for an integration's base URL (user-supplied), its redirects and every URL
   * the vendor hands back (outbound-guard.ts): the connector connects through it. The job passes
   * outboundGuardFor(config); engines built in tests and the CLI without one use none.
   */
  urlGuard?: OutboundGuard;
  /** Groups applied per transaction (default APPLY_BATCH). */
  applyBatchSize?: number;
  /** Apply transactions at once (default 1; applyConcurrencyFor picks it for a deployment). */
  applyConcurrency?: number;
  /** Groups planned and applied per part, with their records' full data held (default GROUP_PART, 2000; tests make it small). */
  planPartSize?: number;
  now?: () => Date;
  /** Runs log here with runId, integrationId and vendor bound (the job passes its own). */
  log?: Logger;
  /** Replaces a database port (tests). */
  ports?: Partial<{ runs: RunStore; records: RecordStore; writer: WorkforceWriter; source: PlanSource; notifier: Notifier }>;
};

const PROGRESS_EVERY_MS = 500;

export function syncActor(integration: Pick<IntegrationRow, 'tenant_id' | 'id' | 'name' | 'vendor'>, timeZone: string): Actor {
  const label = registrationFor(integration.vendor)?.label ?? integration.vendor;
  return { tenantId: integration.tenant_id, type: 'sync', id: integration.id, name: `${label}: ${integration.name}`, role: 'owner', timeZone };
}

/** Warning and error codes with how often they occur (the run log's summary; names and vendor texts stay out). */
function messageSummary(list: RunMessage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of list) {
    const code = w.messages[0] ?? '';
    const key = /^[A-Za-z_.]+:[a-z_]+$/.test(code) ? code : 'other';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * Apply transactions at once for a deployment: two on a PostgreSQL server (it writes one batch on its own core while
 * Koppel builds the next: the 80 000-employee apply of issue 13), one on the embedded database (PGlite runs one
 * statement at a time in Koppel's own process: a second transaction would only wait).
 */
export const applyConcurrencyFor = (config: { databaseUrl?: string | undefined }) => (config.databaseUrl ? 2 : 1);

export function createSyncEngine(deps: SyncEngineDeps) {
  const { db, box } = deps;
  const clock: Clock = deps.now ? { now: deps.now } : systemClock;
  const runs = deps.ports?.runs ?? dbRunStore(db);
  const records = deps.ports?.records ?? dbRecordStore(db);
  const writer = deps.ports?.writer ?? dbWorkforceWriter(db);
  const source = deps.ports?.source ?? dbPlanSource(db);
  const notifier = deps.ports?.notifier ?? dbMailNotifier(db, records);
  const planPorts = { records, source };
  const baseLog = deps.log ?? silentLogger;

  function connectorFor(integration: IntegrationRow, full: boolean, log: Logger = baseLog, onEvent?: (e: HttpEvent) => void): HrConnector {
    if (deps.connectorFor) return deps.connectorFor(integration, { full });
    const reg = registrationFor(integration.vendor);
    if (!reg) throw new Error(`No connector for vendor ${integration.vendor}`);
    const credentials = JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>;
    // The connector reads only the companies / employers the user chose for this integration.
    const accountScope = accountScopeIds(integration.account_scope);
    return reg.create({
      log,
      // An OAuth2 vendor refreshes through the integration's row: one refresh per rotation, whoever runs.
      tokenStore: integrationTokenStore(db, box, integration.tenant_id, integration.id),
      ...(accountScope ? { accountScope } : {}),
      baseUrl: integration.base_url,
      credentials,
      // A full listing discovers the vendor's field layout afresh; an incremental one reuses it (one call less).
      state: full ? undefined : (parseJson(integration.vendor_state) ?? undefined),
      ...(deps.connectorTuning || onEvent ? { tuning: { ...deps.connectorTuning, ...(onEvent ? { onEvent } : {}) } } : {}),
      ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
    });
  }

  /**
   * Executes a queued run (or restarts one whose worker died: status still 'running'). A finished
   * run is returned as it is, so a job that runs twice does nothing the second time. The heap is kept near what it
   * holds while the run works (platform/heap.ts: 100 000 records read and planned).
   */
  const executeRun: typeof executeRunNow = (...args) => withLimitedHeapGrowth(() => executeRunNow(...args));

  async function executeRunNow(
    tenantId: string,
    runId: string,
    hooks: SyncHooks = {},
    jobProgress?: (done: number, total: number, label?: string) => Promise<void>,
  ): Promise<SyncRunRow> {
    const claimed = await runs.claim(tenantId, runId);
    if (!claimed) return runs.loadRun(tenantId, runId);
    const integration = await runs.loadIntegration(tenantId, claimed.integration_id);
    const log = baseLog.child({ runId, integrationId: integration.id, vendor: integration.vendor });
    const startedMs = Date.now();
    const phases: Record<string, number> = {};
    const timed = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      try {
        return await fn();
      } finally {
        phases[phase] = (phases[phase] ?? 0) + (Date.now() - t0);
      }
    };
    let progressAt = 0;
    const step = async (phase: SyncPhase, done: number, total: number) => {
      await hooks.onProgress?.(phase, done, total);
    };
    const ctx: RunContext = {
      run: claimed,
      integration,
      settings: parseSettings(integration.settings),
      actor: syncActor(integration, await source.tenantZone(tenantId)),
      log,
      counts: emptyCounts(),
      warnings: [],
      errors: [],
      items: [],
      itemsDropped: 0,
      mailAdded: [],
      mailUpdated: [],
      step,
      async progress(phase, done, total, force = false) {
        await step(phase, done, total);
        const t = Date.now();
        if (!force && t - progressAt < PROGRESS_EVERY_MS) return;
        progressAt = t;
        await runs.setProgress(claimed, { phase, done, total });
        await jobProgress?.(done, total, phase);
      },
    };
    /**
     * While the transport retries a failed request, the run says so with the reason and the next
     * attempt (issue 15: an outage must not look like "waiting to start"); the next progress clears it.
     */
    const retryReporter = (run: SyncRunRow) => (e: HttpEvent) => {
      if (e.type !== 'retry') return;
      const reason = /^HTTP 429/.test(e.reason) ? 'vendor_rate_limited' : /^HTTP 5/.test(e.reason) ? 'vendor_error' : /^HTTP/.test(e.reason) ? 'vendor_refused' : 'vendor_unreachable';
      const nextAttemptAt = new Date(clock.now().getTime() + e.delayMs).toISOString();
      progressAt = 0; // the next regular progress replaces this at once
      runs.setProgress(run, { phase: 'read', done: 0, total: 0, retry: { attempt: e.attempt, reason, detail: e.reason, nextAttemptAt } }).catch((err) => log.warn({ err }, 'could not store retry progress'));
    };
    log.info({ mode: claimed.mode, trigger: claimed.trigger, listing: claimed.listing }, 'sync run started');
    if (claimed.restarted) {
      // Taken over after its worker died (killed process, lost lease): the run's history says so, and its
      // figures include what the interrupted attempt had written (creditEarlierAttempts).
      log.warn({ mode: claimed.mode }, 'sync run restarted after an interruption');
      ctx.warnings.push({ name: '—', messages: ['run:restarted'] });
    }
    /** A restarted apply: rows the interrupted attempt wrote are counted by what it did, not as unchanged. */
    const credit = async (planned: { verdicts: Parameters<typeof creditEarlierAttempts>[1] }) => {
      if (claimed.restarted) creditEarlierAttempts(ctx.counts, planned.verdicts, await runs.changesOf(tenantId, claimed.id));
    };
    /**
     * Plans and applies part by part (phases/plan.ts: the group plans of one part at a time are held), then refreshes
     * the verdicts of the rows still open: what was just added or linked changes what they would match, so the review
     * lists are current and the next unchanged sync has nothing to write.
     */
    const planAndApply = async (acceptProposals: boolean) => {
      const progress: ApplyProgress = { done: 0, total: 0, applied: 0 };
      const planStart = Date.now();
      const applyStart = phases.apply ?? 0;
      let planned: RunPlan | null = await planRun(ctx, planPorts, {
        acceptProposals,
        ...(deps.planPartSize ? { partSize: deps.planPartSize } : {}),
        onPart: async (groups, pass) => {
          progress.total = pass.groups.size;
          await timed('apply', () => applyPart(ctx, writer, groups, pass.verdictById, progress, deps.applyBatchSize, deps.applyConcurrency));
        },
      });
      phases.plan = (phases.plan ?? 0) + (Date.now() - planStart) - ((phases.apply ?? 0) - applyStart);
      // A restarted run: its change log now holds this attempt's writes too, but only rows this plan found unchanged are credited.
      await credit(planned);
      // The refresh needs the plan's identities only: its 100 000 verdicts go before the refresh makes new ones (issue 13).
      const prior = planned.identities ?? undefined;
      planned = null;
      // "Skip" is for one apply (F-13): this one left the skipped rows out; from now on they are asked again.
      const unskipped = await records.resetSkipped(integration);
      if (progress.applied || unskipped) await timed('verdicts', () => refreshVerdicts(planPorts, ctx, prior));
    };
    let connector: HrConnector | undefined;
    /** Where the listing got to (issue 14): kept when the run fails while reading, so the next run resumes there. */
    let resumeAt: ListingResume | undefined;
    const finish = async (extra: { applied: boolean; apiCalls: number; listing?: ListingResult }) => {
      const at = clock.now();
      const mail = await timed('notify', () => mailAfterRun(ctx, notifier, at, extra.applied));
      await runs.succeed(claimed, integration, {
        at,
        counts: ctx.counts,
        apiCalls: extra.apiCalls,
        warnings: ctx.warnings,
        errors: ctx.errors,
        plan: { items: ctx.items, truncated: ctx.itemsDropped },
        applied: extra.applied,
        ...(extra.listing ? { listing: extra.listing } : {}),
      }, mail);
      log.info(
        { status: 'succeeded', mode: claimed.mode, counts: ctx.counts, apiCalls: extra.apiCalls, listing: extra.listing ? (extra.listing.full ? 'full' : 'incremental') : undefined, durationMs: Date.now() - startedMs, phases, warnings: messageSummary(ctx.warnings), errors: messageSummary(ctx.errors), mailed: mail !== null },
        'sync run finished',
      );
    };
    try {
      if (!integration.active) throw new AppError('integration_inactive');
      if (claimed.mode === 'undo') {
        const target = await runs.loadRun(tenantId, claimed.undo_of_run_id!);
        await timed('undo', async () => {
          await undoRun(ctx, writer, target, await runs.changesOf(tenantId, target.id));
          await runs.markUndone(tenantId, target.id, claimed.id);
        });
        await finish({ applied: false, apiCalls: 0 });
      } else if (claimed.preview_run_id) {
        await ctx.progress('plan', 0, 1, true);
        await planAndApply(true);
        await finish({ applied: true, apiCalls: 0 });
      } else {
        let startedAt = clock.now();
        const full = wantsFullListing(integration, claimed.listing === 'full', startedAt);
        // A listing of the same kind that stopped part-way (the vendor kept refusing): go on from there,
        // with its filter and its start time (what changed since then is what the next incremental reads).
        const stopped = parseJson<ListingResume | null>(integration.sync_resume) ?? null;
        const resume = stopped && stopped.full === full && !Number.isNaN(Date.parse(stopped.startedAt)) ? stopped : null;
        if (resume) startedAt = new Date(resume.startedAt);
        connector = hooks.connector ?? connectorFor(integration, full, log, retryReporter(claimed));
        await ctx.progress('read', 0, 0, true);
        const listingStart = startedAt;
        const read = await timed('read', () =>
          ingest(ctx, { records, box }, connector!, full, {
            ...(resume ? { from: { position: resume.position, updatedSince: resume.updatedSince ? new Date(resume.updatedSince) : null } } : {}),
            onCheckpoint: (position, updatedSince) => {
              resumeAt = { position, full, startedAt: listingStart.toISOString(), updatedSince: updatedSince ? updatedSince.toISOString() : null };
            },
          }),
        );
        if (resume) log.info({ position: resume.position, listingStartedAt: resume.startedAt }, 'sync listing resumed where the last one stopped');
        // Read to the end: nothing to resume any more, whatever happens after.
        resumeAt = undefined;
        await ctx.progress('plan', 0, 1, true);
        const apply = claimed.mode === 'apply';
        if (apply) await planAndApply(false);
        else await timed('plan', () => planRun(ctx, planPorts, { acceptProposals: false, ...(deps.planPartSize ? { partSize: deps.planPartSize } : {}) }));
        const reg = registrationFor(integration.vendor);
        const state = full && reg?.state && !hooks.connector && !deps.connectorFor ? await reg.state(connector).catch(() => undefined) : undefined;
        await finish({
          applied: apply,
          apiCalls: connector.metrics().apiCalls,
          // A listing with rows that could not be read is re-read in full next time (an incremental one would not return them again).
          // Row warnings (a BSN failing the 11-proof) are content, recorded on the row: they keep the listing clean.
          listing: { full, startedAt, clean: read.invalid === 0 && !read.short, resumed: read.resumed, changeCursor: read.changeCursor, ...(state !== undefined ? { state } : {}) },
        });
      }
    } catch (err) {
      if (err instanceof SyncKilled) throw err;
      const at = clock.now();
      const message = redactBsns(err instanceof Error ? err.message : String(err)).slice(0, 2000);
      const failure = {
        at,
        code: runFailureCode(err),
        message,
        counts: ctx.counts,
        apiCalls: connector?.metrics().apiCalls ?? 0,
        warnings: ctx.warnings,
        errors: ctx.errors,
        reconnect: isCredentialFailure(err),
        // A run refused because the integration was deactivated meanwhile says nothing about its health.
        keepHealth: err instanceof AppError && err.code === 'integration_inactive',
        ...(resumeAt ? { resume: resumeAt } : {}),
      };
      const mail = await mailAfterFailure(ctx, notifier, at, failure);
      await runs.fail(claimed, integration, failure, mail);
      log.warn({ status: 'failed', mode: claimed.mode, code: failure.code, counts: ctx.counts, apiCalls: failure.apiCalls, durationMs: Date.now() - startedMs, phases, warnings: messageSummary(ctx.warnings), errors: messageSummary(ctx.errors) }, 'sync run failed');
    }
    return runs.loadRun(tenantId, runId);
  }

  return {
    loadIntegration: runs.loadIntegration,
    loadRun: runs.loadRun,
    createRun: runs.createRun,
    executeRun,
    /** Records the job carrying a run (the job handler calls it before executing). */
    setRunJob: runs.setJob,

    /** Requests and runs a sync in this process (CLI, tests). Returns the run, finished. */
    async runSync(tenantId: string, integrationId: string, opts: { mode: 'preview' | 'apply'; trigger: SyncTrigger; full?: boolean; requestedBy?: string }, hooks: SyncHooks = {}) {
      const integration = await runs.loadIntegration(tenantId, integrationId);
      const { run } = await runs.createRun(integration, opts);
      return executeRun(tenantId, run.id, hooks);
    },

    /** A run that applies a stored preview: re-planned against current data, nothing fetched again. */
    async requestApply(tenantId: string, previewRunId: string, opts: { trigger: SyncTrigger; requestedBy?: string }) {
      const preview = await runs.loadRun(tenantId, previewRunId);
      if (preview.mode !== 'preview' || preview.status !== 'succeeded') throw new AppError('invalid_state', { reason: 'preview_not_finished' });
      if (preview.applied_run_id) throw new AppError('invalid_state', { reason: 'preview_applied' });
      const integration = await runs.loadIntegration(tenantId, preview.integration_id);
      return runs.createRun(integration, { mode: 'apply', trigger: opts.trigger, requestedBy: opts.requestedBy ?? null, previewRunId });
    },

    async requestUndo(tenantId: string, runId: string, opts: { trigger: SyncTrigger; requestedBy?: string }) {
      const target = await runs.loadRun(tenantId, runId);
      if (target.mode !== 'apply' || target.status !== 'succeeded') throw new AppError('invalid_state', { reason: 'run_not_applied' });
      if (target.undone_by_run_id) throw new AppError('invalid_state', { reason: 'run_undone' });
      const integration = await runs.loadIntegration(tenantId, target.integration_id);
      return runs.createRun(integration, { mode: 'undo', trigger: opts.trigger, requestedBy: opts.requestedBy ?? null, undoOfRunId: runId });
    },

    /** What linking a record to an employee would overwrite at the next sync (planned, nothing stored). */
    async previewLink(tenantId: string, integrationId: string, recordId: string, employeeId: string) {
      const integration = await runs.loadIntegration(tenantId, integrationId);
      return previewLink(planPorts, integration, parseSettings(integration.settings), recordId, employeeId);
    },

    /** Plans without reading or writing employees: refreshes the review lists after a link action or a mapping change. */
    async refreshVerdicts(tenantId: string, integrationId: string) {
      const integration = await runs.loadIntegration(tenantId, integrationId);
      return refreshVerdicts(planPorts, { integration, settings: parseSettings(integration.settings) });
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
