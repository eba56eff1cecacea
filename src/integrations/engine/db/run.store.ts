import { sql } from 'kysely';
import { AppError, notFound } from '../../../domain/errors.ts';
import type { Database } from '../../../platform/db/client.ts';
import { jobQueue } from '../../../platform/jobs/queue.ts';
import type { IntegrationRow, OutgoingMail, RunFailure, RunOutcome, RunRequest, RunStore, SyncRunRow } from '../ports.ts';
import { PLAN_ITEMS_KEPT } from '../run-context.ts';

/** sync_runs (and the integration's health, cursor and state a finished run updates) in the database. */
export function dbRunStore(db: Database): RunStore {
  async function loadRun(tenantId: string, id: string) {
    const row = await db.selectFrom('sync_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('sync_run');
    return row;
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

  async function createRun(integration: IntegrationRow, opts: RunRequest): Promise<{ run: SyncRunRow; created: boolean }> {
    if (!integration.active) throw new AppError('integration_inactive');
    // The first sync of an integration is always a preview (F-17).
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
      .where('tenant_id', '=', integration.tenant_id)
      .where('integration_id', '=', integration.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (!active) return createRun(integration, opts); // it finished in between
    if (await abandoned(active)) {
      await db
        .updateTable('sync_runs')
        .set({ status: 'failed', finished_at: new Date(), error: 'abandoned: the job that carried this run ended without finishing it' })
        .where('tenant_id', '=', integration.tenant_id)
        .where('id', '=', active.id)
        .where('status', 'in', ['queued', 'running'])
        .execute();
      return createRun(integration, opts);
    }
    return { run: active, created: false };
  }

  return {
    loadRun,
    createRun,

    async loadIntegration(tenantId, id) {
      const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('integration');
      return row;
    },

    async claim(tenantId, runId) {
      const prior = await db.selectFrom('sync_runs').select(['status', 'started_at']).where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
      if (!prior || (prior.status !== 'queued' && prior.status !== 'running')) return undefined;
      const row = await db
        .updateTable('sync_runs')
        // A run taken over after its worker died keeps the time it really started (its history tells the whole run).
        .set({ status: 'running', started_at: prior.started_at ?? new Date(), progress: JSON.stringify({ phase: 'queued', done: 0, total: 0 }) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', runId)
        .where('status', 'in', ['queued', 'running'])
        .returningAll()
        .executeTakeFirst();
      return row ? { ...row, restarted: prior.status === 'running' } : undefined;
    },

    async setProgress(run, progress) {
      await db.updateTable('sync_runs').set({ progress: JSON.stringify(progress) }).where('tenant_id', '=', run.tenant_id).where('id', '=', run.id).execute();
    },

    async setJob(tenantId, runId, jobId) {
      await db.updateTable('sync_runs').set({ job_id: jobId }).where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
    },

    changesOf(tenantId, runId) {
      return db.selectFrom('sync_changes').selectAll().where('tenant_id', '=', tenantId).where('run_id', '=', runId).orderBy('id', 'desc').execute();
    },

    async markUndone(tenantId, runId, undoneBy) {
      await db.updateTable('sync_runs').set({ undone_by_run_id: undoneBy }).where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
    },

    async succeed(run, integration, o: RunOutcome, mail: OutgoingMail | null) {
      const health = o.errors.length || o.warnings.length ? 'warnings' : 'healthy';
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('sync_runs')
          .set({
            status: 'succeeded',
            finished_at: o.at,
            counts: JSON.stringify(o.counts),
            api_calls: o.apiCalls,
            warnings: JSON.stringify(o.warnings.slice(0, PLAN_ITEMS_KEPT)),
            errors: JSON.stringify(o.errors.slice(0, PLAN_ITEMS_KEPT)),
            plan: JSON.stringify(o.plan),
            progress: JSON.stringify({ phase: 'done', done: 1, total: 1 }),
            ...(o.listing ? { listing: o.listing.full ? 'full' : 'incremental' } : {}),
            error: null,
          })
          .where('tenant_id', '=', run.tenant_id)
          .where('id', '=', run.id)
          .execute();
        const l = o.listing;
        await trx
          .updateTable('integrations')
          .set({
            health,
            health_detail: null,
            // Only a sync that changed Koppel counts as one: a preview leaves Koppel as stale as it was.
            ...(o.applied ? { last_success_at: o.at } : {}),
            ...(l ? { sync_cursor: l.clean ? l.startedAt : null, sync_change_cursor: l.clean ? (l.changeCursor ?? null) : null, sync_resume: null } : {}),
            ...(l?.full && !l.resumed ? { last_full_listing_at: l.startedAt } : {}),
            ...(l?.state !== undefined ? { vendor_state: JSON.stringify(l.state) } : {}),
            ...(o.applied ? { first_sync_applied: true } : {}),
          })
          .where('tenant_id', '=', integration.tenant_id)
          .where('id', '=', integration.id)
          .execute();
        if (run.preview_run_id) await trx.updateTable('sync_runs').set({ applied_run_id: run.id }).where('tenant_id', '=', run.tenant_id).where('id', '=', run.preview_run_id).execute();
        if (mail) await jobQueue.enqueue(trx, 'mail.send', { to: mail.to, subject: mail.subject, text: mail.text }, { tenantId: integration.tenant_id });
      });
    },

    async fail(run, integration, f: RunFailure, mail: OutgoingMail | null) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('sync_runs')
          .set({
            status: 'failed',
            finished_at: f.at,
            error: f.message.startsWith(`${f.code}`) ? f.message : `${f.code}: ${f.message}`,
            counts: JSON.stringify(f.counts),
            api_calls: f.apiCalls,
            warnings: JSON.stringify(f.warnings.slice(0, PLAN_ITEMS_KEPT)),
            errors: JSON.stringify(f.errors.slice(0, PLAN_ITEMS_KEPT)),
            progress: JSON.stringify({ phase: 'done', done: 1, total: 1 }),
          })
          .where('tenant_id', '=', run.tenant_id)
          .where('id', '=', run.id)
          .execute();
        if (f.keepHealth && f.resume) {
          await trx.updateTable('integrations').set({ sync_resume: JSON.stringify(f.resume) }).where('tenant_id', '=', integration.tenant_id).where('id', '=', integration.id).execute();
        }
        if (!f.keepHealth) {
          await trx
            .updateTable('integrations')
            .set({ health: f.reconnect ? 'reconnect_needed' : 'failing', health_detail: f.code, ...(f.resume ? { sync_resume: JSON.stringify(f.resume) } : {}) })
            .where('tenant_id', '=', integration.tenant_id)
            .where('id', '=', integration.id)
            .execute();
        }
        if (mail) await jobQueue.enqueue(trx, 'mail.send', { to: mail.to, subject: mail.subject, text: mail.text }, { tenantId: integration.tenant_id });
      });
    },
  };
}
