import { sql } from 'kysely';
import { type Actor, requireRole } from '../../domain/actor.ts';
import { addDays, type LocalDate } from '../../domain/dates.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { OutboundSink, RemoveItem, SinkItem, SinkResult } from '../../connectors/kit/sink.ts';
import { writeReconciled } from '../../connectors/kit/sink.ts';
import type { Database } from '../../platform/db/client.ts';
import { uniqueViolationColumns } from '../../platform/db/pg-errors.ts';
import { jobQueue } from '../../platform/jobs/queue.ts';
import type { OutboundItemStatus, OutboundRunStatus } from '../../platform/db/schema.ts';
import { type DesiredItem, type JournalEntry, type PlannedItem, planOutbound, retryDelayMs } from './outbound-plan.ts';

/**
 * The outbound engine every export shares (F-25, F-26): one send = one run for one integration, kind and
 * period; every write is a journal item with an idempotency key, its attempts and answers, and the
 * external id it got. Transient failures are retried with back-off until `maxAttempts`, then the item is
 * a dead letter (shown with retry / dismiss). A sent period's days are locked. What an export sends is
 * decided by its caller (the desired items) and its vendor sink; this file knows neither.
 */
export interface OutboundPolicy {
  /** Attempts (first send included) before an item becomes a dead letter. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A running send without a heartbeat for this long was abandoned (process killed): the next send may start. */
  staleRunMs: number;
  /** Items per sink call (progress and heartbeat in between). */
  batchSize: number;
}

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = {
  maxAttempts: 8,
  baseDelayMs: 60_000,
  maxDelayMs: 6 * 3600_000,
  staleRunMs: 5 * 60_000,
  batchSize: 100,
};

export interface ExportScope {
  integrationId: string;
  kind: string;
  from: LocalDate;
  to: LocalDate;
}

export type ReportRowState = 'new' | 'changed' | 'unchanged' | 'removed';

export interface OutboundCounts {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  refused: number;
  retrying: number;
  dead: number;
}

export interface OutboundRunSummary {
  runId: string;
  status: OutboundRunStatus;
  counts: OutboundCounts;
  /** Per key: what happened, with the reason when it did not go. */
  items: Array<{ idempotencyKey: string; subjectId: string | null; action: PlannedItem<unknown>['action']; status: OutboundItemStatus; errorCode?: string }>;
}

type Clock = () => Date;

/**
 * The job that sends an integration's due items of one kind again (`retryDue` with the kind's sink). Its
 * definition lives with the export that knows the sinks (the Personio report); a retried dead letter enqueues
 * it by name, so the item goes out at once rather than at the next send. Until a worker knows the name the job
 * waits in the queue (and the item stays `retrying`, due now), which the next send of the kind also picks up.
 */
export const OUTBOUND_RETRY_JOB = 'outbound.retry-due';

const emptyCounts = (): OutboundCounts => ({ created: 0, updated: 0, removed: 0, unchanged: 0, refused: 0, retrying: 0, dead: 0 });

export function reportState(action: PlannedItem<unknown>['action']): ReportRowState {
  return action === 'create' ? 'new' : action === 'update' ? 'changed' : action === 'unchanged' ? 'unchanged' : 'removed';
}

export function createOutboundService(db: Database, opts: { policy?: Partial<OutboundPolicy>; clock?: Clock } = {}) {
  const policy = { ...DEFAULT_OUTBOUND_POLICY, ...opts.policy };
  const now = opts.clock ?? (() => new Date());

  async function integrationOf(actor: Actor, integrationId: string) {
    const row = await db
      .selectFrom('integrations')
      .select(['id', 'vendor'])
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', integrationId)
      .executeTakeFirst();
    if (!row) throw notFound('integration');
    return row;
  }

  async function journalFor(tenantId: string, scope: ExportScope): Promise<JournalEntry[]> {
    const rows = await db
      .selectFrom('outbound_items')
      .select(['idempotency_key', 'status', 'payload_hash', 'sent_hash', 'external_id'])
      .where('tenant_id', '=', tenantId)
      .where('integration_id', '=', scope.integrationId)
      .where('kind', '=', scope.kind)
      .where('period_date', '>=', scope.from)
      .where('period_date', '<=', scope.to)
      .execute();
    return rows.map((r) => ({
      idempotencyKey: r.idempotency_key,
      status: r.status,
      payloadHash: r.payload_hash,
      sentHash: r.sent_hash,
      externalId: r.external_id,
    }));
  }

  /** Opens the run; a second send of the same kind at once is refused, an abandoned one (no heartbeat) is closed first. */
  async function openRun(actor: Actor, scope: ExportScope, dryRun: boolean): Promise<string> {
    const staleBefore = new Date(now().getTime() - policy.staleRunMs);
    await db
      .updateTable('outbound_runs')
      .set({ status: 'failed', error: 'abandoned', finished_at: now() })
      .where('integration_id', '=', scope.integrationId)
      .where('kind', '=', scope.kind)
      .where('status', '=', 'running')
      .where('heartbeat_at', '<', staleBefore)
      .execute();
    try {
      const run = await db
        .insertInto('outbound_runs')
        .values({
          tenant_id: actor.tenantId,
          integration_id: scope.integrationId,
          kind: scope.kind,
          period_from: scope.from,
          period_to: scope.to,
          dry_run: dryRun,
          requested_by: actor.name,
          heartbeat_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return run.id;
    } catch (err) {
      if (uniqueViolationColumns(err)) throw new AppError('invalid_state', { reason: 'export_running' });
      throw err;
    }
  }

  async function recordResult(
    tenantId: string,
    runId: string | null,
    operation: 'write' | 'remove',
    itemId: string,
    attemptsBefore: number,
    result: SinkResult,
    hash: string | null,
  ): Promise<OutboundItemStatus> {
    const attempts = attemptsBefore + 1;
    let status: OutboundItemStatus;
    if (result.outcome === 'failed') {
      const retryable = result.error?.retryable ?? false;
      status = !retryable ? 'refused' : attempts >= policy.maxAttempts ? 'dead' : operation === 'remove' ? 'removing' : 'retrying';
    } else status = operation === 'remove' ? 'removed' : 'sent';
    const failed = result.outcome === 'failed';
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbound_items')
        .set({
          status,
          attempts,
          updated_at: now(),
          last_run_id: runId,
          last_error: failed ? JSON.stringify({ code: result.error?.code ?? 'failed', message: result.error?.message ?? '' }) : null,
          next_attempt_at:
            status === 'retrying' || status === 'removing'
              ? new Date(now().getTime() + retryDelayMs(attempts, policy.baseDelayMs, policy.maxDelayMs))
              : null,
          ...(failed ? {} : operation === 'remove' ? { sent_hash: null } : { sent_hash: hash, ...(result.externalId ? { external_id: result.externalId } : {}) }),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', itemId)
        .execute();
      await trx
        .insertInto('outbound_attempts')
        .values({
          tenant_id: tenantId,
          item_id: itemId,
          run_id: runId,
          operation,
          outcome: result.outcome,
          error_code: result.error?.code ?? null,
          message: result.error?.message?.slice(0, 500) ?? null,
        })
        .execute();
    });
    return status;
  }

  /** Removes, then writes (create/update), through the sink in batches, journalling every answer. */
  async function carryOut<Payload>(
    tenantId: string,
    runId: string | null,
    sink: OutboundSink<Payload>,
    writes: Array<{ itemId: string; attempts: number; key: string; payload: Payload; hash: string; externalId?: string | null }>,
    removes: Array<{ itemId: string; attempts: number; key: string; externalId: string }>,
    tally: (status: OutboundItemStatus, operation: 'write' | 'remove', outcome: SinkResult['outcome'], key: string, errorCode?: string) => void,
    signal?: AbortSignal,
  ) {
    // Removals first: a vendor that refuses overlapping objects (Personio's attendance periods) must have the old
    // ones gone before the changed ones are written (a shift that loses its break: 3 periods become 1).
    if (removes.length > 0 && !sink.remove) {
      // The vendor cannot delete through its API: the items stay as dead letters a person must act on.
      for (const r of removes) {
        const res: SinkResult = { idempotencyKey: r.key, outcome: 'failed', error: { code: 'remove_unsupported', message: 'the vendor API cannot delete', retryable: false } };
        const status = await recordResult(tenantId, runId, 'remove', r.itemId, r.attempts, res, null);
        tally(status, 'remove', 'failed', r.key, 'remove_unsupported');
      }
    } else {
      for (let i = 0; i < removes.length; i += policy.batchSize) {
        const batch = removes.slice(i, i + policy.batchSize);
        const items: RemoveItem[] = batch.map((r) => ({ idempotencyKey: r.key, externalId: r.externalId }));
        const results = await sink.remove!(items, signal ? { signal } : {});
        for (const [j, r] of batch.entries()) {
          const res = results[j] as SinkResult;
          const status = await recordResult(tenantId, runId, 'remove', r.itemId, r.attempts, res, null);
          tally(status, 'remove', res.outcome, r.key, res.error?.code);
        }
        if (runId) await db.updateTable('outbound_runs').set({ heartbeat_at: now() }).where('id', '=', runId).execute();
      }
    }
    for (let i = 0; i < writes.length; i += policy.batchSize) {
      const batch = writes.slice(i, i + policy.batchSize);
      const items: SinkItem<Payload>[] = batch.map((w) => ({ idempotencyKey: w.key, payload: w.payload, ...(w.externalId ? { externalId: w.externalId } : {}) }));
      const results = await writeReconciled(sink, items, signal ? { signal } : {});
      for (const [j, w] of batch.entries()) {
        const r = results[j] as SinkResult;
        const status = await recordResult(tenantId, runId, 'write', w.itemId, w.attempts, r, w.hash);
        tally(status, 'write', r.outcome, w.key, r.error?.code);
      }
      if (runId) await db.updateTable('outbound_runs').set({ heartbeat_at: now() }).where('id', '=', runId).execute();
    }
  }

  return {
    /** The plan of a send without writing anything: one row per key with its report state. */
    async preview<Payload>(actor: Actor, scope: ExportScope, desired: readonly DesiredItem<Payload>[]) {
      requireRole(actor, 'hours');
      await integrationOf(actor, scope.integrationId);
      const plan = planOutbound(desired, await journalFor(actor.tenantId, scope));
      return plan.filter((p) => p.action !== 'forget').map((p) => ({ ...p, state: reportState(p.action) }));
    },

    /**
     * Sends a period: journals the desired items, writes what is new or changed, removes what Koppel no
     * longer wants, settles lost answers by reading back (never by writing twice), and locks the period's days.
     */
    async send<Payload>(
      actor: Actor,
      scope: ExportScope,
      desired: readonly DesiredItem<Payload>[],
      sink: OutboundSink<Payload>,
      o: { signal?: AbortSignal } = {},
    ): Promise<OutboundRunSummary> {
      requireRole(actor, 'hours');
      await integrationOf(actor, scope.integrationId);
      const runId = await openRun(actor, scope, false);
      const counts = emptyCounts();
      const outcomes = new Map<string, { status: OutboundItemStatus; errorCode?: string }>();
      try {
        const plan = planOutbound(desired, await journalFor(actor.tenantId, scope));
        // Journal first: a send killed after this point finds its items again and retries them.
        const ids = new Map<string, { id: string; attempts: number }>();
        await db.transaction().execute(async (trx) => {
          for (const p of plan) {
            if (p.action === 'forget') {
              await trx
                .updateTable('outbound_items')
                .set({ status: 'removed', updated_at: now(), last_run_id: runId, next_attempt_at: null })
                .where('tenant_id', '=', actor.tenantId)
                .where('integration_id', '=', scope.integrationId)
                .where('idempotency_key', '=', p.idempotencyKey)
                .execute();
              continue;
            }
            if (p.desired && p.payloadHash) {
              const fresh = p.action === 'create' || p.action === 'update';
              const row = await trx
                .insertInto('outbound_items')
                .values({
                  tenant_id: actor.tenantId,
                  integration_id: scope.integrationId,
                  kind: scope.kind,
                  idempotency_key: p.idempotencyKey,
                  subject_id: p.desired.subjectId,
                  period_date: p.desired.periodDate,
                  payload: JSON.stringify(p.desired.payload),
                  payload_hash: p.payloadHash,
                  status: 'pending',
                  last_run_id: runId,
                })
                .onConflict((oc) =>
                  oc.columns(['integration_id', 'idempotency_key']).doUpdateSet({
                    subject_id: p.desired!.subjectId,
                    period_date: p.desired!.periodDate,
                    payload: JSON.stringify(p.desired!.payload),
                    payload_hash: p.payloadHash!,
                    last_run_id: runId,
                    updated_at: now(),
                    // A new payload is a new piece of work: attempts start again, a dead letter comes back to life.
                    ...(fresh ? { status: 'pending' as const, next_attempt_at: null } : {}),
                    ...(fresh && p.entry?.payloadHash !== p.payloadHash ? { attempts: 0 } : {}),
                  }),
                )
                .returning(['id', 'attempts'])
                .executeTakeFirstOrThrow();
              ids.set(p.idempotencyKey, { id: row.id, attempts: row.attempts });
            } else {
              const row = await trx
                .updateTable('outbound_items')
                .set({ status: 'removing', updated_at: now(), last_run_id: runId })
                .where('tenant_id', '=', actor.tenantId)
                .where('integration_id', '=', scope.integrationId)
                .where('idempotency_key', '=', p.idempotencyKey)
                .returning(['id', 'attempts'])
                .executeTakeFirstOrThrow();
              ids.set(p.idempotencyKey, { id: row.id, attempts: p.entry?.status === 'removing' ? row.attempts : 0 });
            }
          }
        });
        const writes = plan
          .filter((p) => p.action === 'create' || p.action === 'update')
          .map((p) => ({
            itemId: ids.get(p.idempotencyKey)!.id,
            attempts: ids.get(p.idempotencyKey)!.attempts,
            key: p.idempotencyKey,
            payload: p.desired!.payload,
            hash: p.payloadHash!,
            externalId: p.entry?.externalId ?? null,
          }));
        const removes = plan
          .filter((p) => p.action === 'remove')
          .map((p) => ({ itemId: ids.get(p.idempotencyKey)!.id, attempts: ids.get(p.idempotencyKey)!.attempts, key: p.idempotencyKey, externalId: p.entry!.externalId! }));
        for (const p of plan) if (p.action === 'unchanged') { counts.unchanged++; outcomes.set(p.idempotencyKey, { status: p.entry?.status ?? 'sent' }); }
        await carryOut(actor.tenantId, runId, sink, writes, removes, (status, operation, outcome, key, errorCode) => {
          outcomes.set(key, { status, ...(errorCode ? { errorCode } : {}) });
          if (status === 'refused') counts.refused++;
          else if (status === 'dead') counts.dead++;
          else if (status === 'retrying' || status === 'removing') counts.retrying++;
          else if (operation === 'remove') counts.removed++;
          else if (outcome === 'unchanged') counts.unchanged++;
          else if (plan.find((p) => p.idempotencyKey === key)?.action === 'update') counts.updated++;
          else counts.created++;
        }, o.signal);
        await lockDays(actor.tenantId, scope, runId);
        await markCarried(actor.tenantId, scope, runId);
        const failures = counts.refused + counts.dead + counts.retrying;
        const done = counts.created + counts.updated + counts.removed + counts.unchanged;
        const status: OutboundRunStatus = failures === 0 ? 'succeeded' : done === 0 ? 'failed' : 'partial';
        await db
          .updateTable('outbound_runs')
          .set({ status, counts: JSON.stringify(counts), finished_at: now() })
          .where('id', '=', runId)
          .execute();
        return {
          runId,
          status,
          counts,
          items: plan
            .filter((p) => p.action !== 'forget')
            .map((p) => ({
              idempotencyKey: p.idempotencyKey,
              subjectId: p.desired?.subjectId ?? null,
              action: p.action,
              ...(outcomes.get(p.idempotencyKey) ?? { status: 'pending' as const }),
            })),
        };
      } catch (err) {
        await db
          .updateTable('outbound_runs')
          .set({ status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'failed', counts: JSON.stringify(counts), finished_at: now() })
          .where('id', '=', runId)
          .execute();
        throw err;
      }
    },

    /** Sends again every item whose back-off has passed (the retry job). `sinkFor` gives the integration's sink for a kind. */
    async retryDue(tenantId: string, integrationId: string, kind: string, sink: OutboundSink<unknown>, o: { signal?: AbortSignal } = {}) {
      const due = await db
        .selectFrom('outbound_items')
        .select(['id', 'idempotency_key', 'payload', 'payload_hash', 'status', 'attempts', 'external_id'])
        .where('tenant_id', '=', tenantId)
        .where('integration_id', '=', integrationId)
        .where('kind', '=', kind)
        .where('status', 'in', ['retrying', 'removing', 'pending'])
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now())]))
        .orderBy('next_attempt_at')
        .limit(1000)
        .execute();
      const counts = { sent: 0, removed: 0, failed: 0 };
      await carryOut(
        tenantId,
        null,
        sink,
        due
          .filter((d) => d.status !== 'removing')
          .map((d) => ({ itemId: d.id, attempts: d.attempts, key: d.idempotency_key, payload: d.payload, hash: d.payload_hash, externalId: d.external_id })),
        due
          .filter((d) => d.status === 'removing' && d.external_id)
          .map((d) => ({ itemId: d.id, attempts: d.attempts, key: d.idempotency_key, externalId: d.external_id as string })),
        (status) => {
          if (status === 'sent') counts.sent++;
          else if (status === 'removed') counts.removed++;
          else counts.failed++;
        },
        o.signal,
      );
      return counts;
    },

    /** Dead letters of one integration: items that gave up, or that the vendor refused, with their last answer. */
    async deadLetters(actor: Actor, integrationId: string) {
      requireRole(actor, 'hours');
      await integrationOf(actor, integrationId);
      const rows = await db
        .selectFrom('outbound_items')
        .select(['id', 'kind', 'idempotency_key', 'subject_id', 'period_date', 'status', 'attempts', 'last_error', 'updated_at'])
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', integrationId)
        .where('status', 'in', ['dead', 'refused'])
        .orderBy('updated_at', 'desc')
        .limit(500)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        idempotencyKey: r.idempotency_key,
        subjectId: r.subject_id,
        periodDate: String(r.period_date).slice(0, 10),
        status: r.status as 'dead' | 'refused',
        attempts: r.attempts,
        error: r.last_error as { code: string; message: string } | null,
        updatedAt: r.updated_at,
      }));
    },

    /**
     * Puts a dead letter back in the queue: attempts counted afresh, due now, and the retry job of its kind
     * enqueued (one per integration and kind at a time), so it goes out without waiting for the next send.
     */
    async retry(actor: Actor, integrationId: string, itemId: string) {
      requireRole(actor, 'hours');
      const kind = await setDeadLetter(actor, integrationId, itemId, { status: 'retrying', attempts: 0, next_attempt_at: now() });
      const job = await jobQueue.enqueue(db, OUTBOUND_RETRY_JOB, { tenantId: actor.tenantId, integrationId, kind }, {
        tenantId: actor.tenantId,
        singletonKey: `outbound-retry:${integrationId}:${kind}`,
      });
      return { kind, jobId: job.id };
    },

    /** Sets a dead letter aside: it is not sent again until its content changes. */
    async dismiss(actor: Actor, integrationId: string, itemId: string) {
      requireRole(actor, 'hours');
      return setDeadLetter(actor, integrationId, itemId, { status: 'dismissed', next_attempt_at: null });
    },

    /** Days of a kind that were sent (F-25): an edit on one of them is a correction. */
    async lockedDays(tenantId: string, integrationId: string, kind: string, from: LocalDate, to: LocalDate): Promise<LocalDate[]> {
      const rows = await db
        .selectFrom('outbound_period_locks')
        .select('day')
        .where('tenant_id', '=', tenantId)
        .where('integration_id', '=', integrationId)
        .where('kind', '=', kind)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .orderBy('day')
        .execute();
      return rows.map((r) => String(r.day).slice(0, 10));
    },

    async attempts(actor: Actor, integrationId: string, itemId: string) {
      requireRole(actor, 'hours');
      await integrationOf(actor, integrationId);
      return db
        .selectFrom('outbound_attempts')
        .innerJoin('outbound_items', 'outbound_items.id', 'outbound_attempts.item_id')
        .select(['outbound_attempts.operation', 'outbound_attempts.outcome', 'outbound_attempts.error_code', 'outbound_attempts.message', 'outbound_attempts.at'])
        .where('outbound_items.tenant_id', '=', actor.tenantId)
        .where('outbound_items.integration_id', '=', integrationId)
        .where('outbound_items.id', '=', itemId)
        .orderBy('outbound_attempts.id')
        .execute();
    },
  };

  async function setDeadLetter(
    actor: Actor,
    integrationId: string,
    itemId: string,
    set: { status: OutboundItemStatus; attempts?: number; next_attempt_at: Date | null },
  ) {
    await integrationOf(actor, integrationId);
    const row = await db
      .updateTable('outbound_items')
      .set({ ...set, updated_at: now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('integration_id', '=', integrationId)
      .where('id', '=', itemId)
      .where('status', 'in', ['dead', 'refused'])
      .returning(['id', 'kind'])
      .executeTakeFirst();
    if (row) return row.kind;
    const exists = await db
      .selectFrom('outbound_items')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('integration_id', '=', integrationId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!exists) throw notFound('outbound_item');
    throw new AppError('invalid_state', { reason: 'outbound_item_not_dead' });
  }

  /** Corrections (F-25) on the days this send covered, recorded before it started, are carried by it. */
  async function markCarried(tenantId: string, scope: ExportScope, runId: string) {
    const run = await db.selectFrom('outbound_runs').select('started_at').where('id', '=', runId).executeTakeFirstOrThrow();
    await db
      .updateTable('outbound_corrections')
      .set({ carried_at: now(), carried_run_id: runId })
      .where('tenant_id', '=', tenantId)
      .where('integration_id', '=', scope.integrationId)
      .where('kind', '=', scope.kind)
      .where('day', '>=', scope.from)
      .where('day', '<=', scope.to)
      .where('carried_at', 'is', null)
      .where('created_at', '<=', run.started_at)
      .execute();
  }

  async function lockDays(tenantId: string, scope: ExportScope, runId: string) {
    const days: LocalDate[] = [];
    for (let d = scope.from; d <= scope.to; d = addDays(d, 1)) days.push(d);
    for (let i = 0; i < days.length; i += 200) {
      await db
        .insertInto('outbound_period_locks')
        .values(days.slice(i, i + 200).map((day) => ({ tenant_id: tenantId, integration_id: scope.integrationId, kind: scope.kind, day, run_id: runId })))
        .onConflict((oc) => oc.columns(['integration_id', 'kind', 'day']).doUpdateSet({ run_id: runId, sent_at: sql`now()` }))
        .execute();
    }
  }
}

export type OutboundService = ReturnType<typeof createOutboundService>;
