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

  /**
   * Journals the answers of one sink call: every item's status, attempts and answer, and one attempt row
   * each, in one transaction of two statements whatever the batch size.
   */
  async function recordResults(
    tenantId: string,
    runId: string | null,
    rows: ReadonlyArray<{ operation: 'write' | 'remove'; itemId: string; attemptsBefore: number; result: SinkResult; hash: string | null }>,
  ): Promise<OutboundItemStatus[]> {
    if (rows.length === 0) return [];
    const at = now();
    const computed = rows.map(({ operation, itemId, attemptsBefore, result, hash }) => {
      const attempts = attemptsBefore + 1;
      let status: OutboundItemStatus;
      if (result.outcome === 'failed') {
        const retryable = result.error?.retryable ?? false;
        status = !retryable ? 'refused' : attempts >= policy.maxAttempts ? 'dead' : operation === 'remove' ? 'removing' : 'retrying';
      } else status = operation === 'remove' ? 'removed' : 'sent';
      const failed = result.outcome === 'failed';
      return {
        itemId,
        status,
        attempts,
        lastError: failed ? JSON.stringify({ code: result.error?.code ?? 'failed', message: result.error?.message ?? '' }) : null,
        nextAttemptAt: status === 'retrying' || status === 'removing' ? new Date(at.getTime() + retryDelayMs(attempts, policy.baseDelayMs, policy.maxDelayMs)) : null,
        // What the vendor now holds: unchanged after a failure, nothing after a removal, this payload (and its id) after a write.
        sent: failed ? 'keep' : operation === 'remove' ? 'clear' : 'set',
        sentHash: failed || operation === 'remove' ? null : hash,
        externalId: !failed && operation === 'write' ? (result.externalId ?? null) : null,
        attempt: {
          tenant_id: tenantId,
          item_id: itemId,
          run_id: runId,
          operation,
          outcome: result.outcome,
          error_code: result.error?.code ?? null,
          message: result.error?.message?.slice(0, 500) ?? null,
        },
      };
    });
    const values = sql.join(
      computed.map(
        (c) =>
          sql`(${c.itemId}::uuid, ${c.status}::text, ${c.attempts}::int, ${c.lastError}::jsonb, ${c.nextAttemptAt}::timestamptz, ${c.sent}::text, ${c.sentHash}::text, ${c.externalId}::text)`,
      ),
    );
    await db.transaction().execute(async (trx) => {
      await sql`
        UPDATE outbound_items AS o SET
          status = v.status,
          attempts = v.attempts,
          updated_at = ${at},
          last_run_id = ${runId}::uuid,
          last_error = v.last_error,
          next_attempt_at = v.next_attempt_at,
          sent_hash = CASE v.sent WHEN 'keep' THEN o.sent_hash WHEN 'clear' THEN NULL ELSE v.sent_hash END,
          external_id = CASE WHEN v.sent = 'set' AND v.external_id IS NOT NULL THEN v.external_id ELSE o.external_id END
        FROM (VALUES ${values}) AS v(id, status, attempts, last_error, next_attempt_at, sent, sent_hash, external_id)
        WHERE o.tenant_id = ${tenantId}::uuid AND o.id = v.id`.execute(trx);
      await trx.insertInto('outbound_attempts').values(computed.map((c) => c.attempt)).execute();
    });
    return computed.map((c) => c.status);
  }

  /**
   * Removes, then writes (create/update), through the sink in batches, journalling every answer. The
   * answers of one batch are journalled while the sink already works on the next one (the vendor's rate
   * limit, not the journal, sets the pace); a batch is sent only after everything it follows was journalled
   * or is being journalled, and a failure to journal stops the send after the batch in flight.
   */
  async function carryOut<Payload>(
    tenantId: string,
    runId: string | null,
    sink: OutboundSink<Payload>,
    writes: Array<{ itemId: string; attempts: number; key: string; payload: Payload; hash: string; externalId?: string | null; fresh?: boolean; subjectId?: string | null }>,
    removes: Array<{ itemId: string; attempts: number; key: string; externalId: string }>,
    tally: (status: OutboundItemStatus, operation: 'write' | 'remove', outcome: SinkResult['outcome'], key: string, errorCode?: string) => void,
    signal?: AbortSignal,
  ) {
    let journaling: Promise<void> = Promise.resolve();
    let journalError: { err: unknown } | null = null;
    const journal = async (operation: 'write' | 'remove', batch: ReadonlyArray<{ itemId: string; attempts: number; key: string; hash?: string }>, results: readonly SinkResult[]) => {
      // One at a time, in batch order.
      await journaling;
      if (journalError) throw journalError.err;
      journaling = (async () => {
        const statuses = await recordResults(
          tenantId,
          runId,
          batch.map((b, j) => ({ operation, itemId: b.itemId, attemptsBefore: b.attempts, result: results[j] as SinkResult, hash: b.hash ?? null })),
        );
        batch.forEach((b, j) => {
          const r = results[j] as SinkResult;
          tally(statuses[j]!, operation, r.outcome, b.key, r.error?.code);
        });
        if (runId) await db.updateTable('outbound_runs').set({ heartbeat_at: now() }).where('id', '=', runId).execute();
      })().catch((err: unknown) => {
        journalError = { err };
      });
    };
    const settle = async () => {
      await journaling;
      if (journalError) throw journalError.err;
    };
    try {
      // Removals first: a vendor that refuses overlapping objects (Personio's attendance periods) must have the old
      // ones gone before the changed ones are written (a shift that loses its break: 3 periods become 1).
      if (removes.length > 0 && !sink.remove) {
        // The vendor cannot delete through its API: the items stay as dead letters a person must act on.
        await journal(
          'remove',
          removes,
          removes.map((r) => ({ idempotencyKey: r.key, outcome: 'failed', error: { code: 'remove_unsupported', message: 'the vendor API cannot delete', retryable: false } })),
        );
      } else {
        for (let i = 0; i < removes.length; i += policy.batchSize) {
          const batch = removes.slice(i, i + policy.batchSize);
          const items: RemoveItem[] = batch.map((r) => ({ idempotencyKey: r.key, externalId: r.externalId }));
          await journal('remove', batch, await sink.remove!(items, signal ? { signal } : {}));
        }
      }
      // The removals are journalled (and done at the vendor) before the first write.
      await settle();
      for (let i = 0, end = 0; i < writes.length; i = end) {
        // One subject's items (a shift's periods) go in one sink call: a vendor that refuses overlaps needs to move
        // them past each other in one go (a shift moved later, split over two calls, has its first period refused).
        end = Math.min(writes.length, i + policy.batchSize);
        while (end < writes.length && writes[end]!.subjectId != null && writes[end]!.subjectId === writes[end - 1]!.subjectId) end++;
        const batch = writes.slice(i, end);
        const items: SinkItem<Payload>[] = batch.map((w) => ({ idempotencyKey: w.key, payload: w.payload, ...(w.externalId ? { externalId: w.externalId } : {}), ...(w.fresh ? { fresh: true } : {}) }));
        await journal('write', batch, await writeReconciled(sink, items, signal ? { signal } : {}));
      }
      await settle();
    } finally {
      // A send that fails (a sink that throws, an abort) returns only after the journal writes already under way have
      // landed: nothing of this send (not even a heartbeat) may be written after its run was closed.
      await journaling;
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
        const ids = await journalPlan(actor.tenantId, scope, runId, plan);
        const writes = plan
          .filter((p) => p.action === 'create' || p.action === 'update')
          .map((p) => ({
            itemId: ids.get(p.idempotencyKey)!.id,
            attempts: ids.get(p.idempotencyKey)!.attempts,
            key: p.idempotencyKey,
            payload: p.desired!.payload,
            hash: p.payloadHash!,
            externalId: p.entry?.externalId ?? ids.get(p.idempotencyKey)!.externalId ?? null,
            // No journal row before this send: the key was never handed to a sink, the vendor cannot hold it.
            fresh: ids.get(p.idempotencyKey)!.inserted === true,
            subjectId: p.desired!.subjectId,
          }));
        const removes = plan
          .filter((p) => p.action === 'remove')
          .map((p) => ({ itemId: ids.get(p.idempotencyKey)!.id, attempts: ids.get(p.idempotencyKey)!.attempts, key: p.idempotencyKey, externalId: p.entry!.externalId! }));
        const actions = new Map(plan.map((p) => [p.idempotencyKey, p.action]));
        for (const p of plan) if (p.action === 'unchanged') { counts.unchanged++; outcomes.set(p.idempotencyKey, { status: p.entry?.status ?? 'sent' }); }
        await carryOut(actor.tenantId, runId, sink, writes, removes, (status, operation, outcome, key, errorCode) => {
          outcomes.set(key, { status, ...(errorCode ? { errorCode } : {}) });
          if (status === 'refused') counts.refused++;
          else if (status === 'dead') counts.dead++;
          else if (status === 'retrying' || status === 'removing') counts.retrying++;
          else if (operation === 'remove') counts.removed++;
          else if (outcome === 'unchanged') counts.unchanged++;
          else if (actions.get(key) === 'update') counts.updated++;
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
        .select(['id', 'idempotency_key', 'payload', 'payload_hash', 'status', 'attempts', 'external_id', 'subject_id'])
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
        groupBySubject(due.filter((d) => d.status !== 'removing')).map((d) => ({
          itemId: d.id,
          attempts: d.attempts,
          key: d.idempotency_key,
          payload: d.payload,
          hash: d.payload_hash,
          externalId: d.external_id,
          subjectId: d.subject_id,
        })),
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

  /**
   * Journals a send's plan before anything goes out, in multi-row statements: the desired items (new or
   * changed ones back to `pending`, their attempts counted afresh when the payload is new), the keys to
   * remove (`removing`) and the ones to forget (`removed`). Returns the journal id and attempts per key.
   */
  async function journalPlan<Payload>(tenantId: string, scope: ExportScope, runId: string, plan: readonly PlannedItem<Payload>[]) {
    // `inserted`: the key had no journal row at all (in no period), so no sink ever saw it. `externalId`: the vendor id the row
    // holds, also when the row lies outside this send's period (a shift moved across its edge) and the plan did not see it.
    const ids = new Map<string, { id: string; attempts: number; inserted?: boolean; externalId?: string | null }>();
    const CHUNK = 500;
    const chunks = <T>(list: readonly T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));
    const at = now();
    await db.transaction().execute(async (trx) => {
      for (const keys of chunks(plan.filter((p) => p.action === 'forget').map((p) => p.idempotencyKey))) {
        await trx
          .updateTable('outbound_items')
          .set({ status: 'removed', updated_at: at, last_run_id: runId, next_attempt_at: null })
          .where('tenant_id', '=', tenantId)
          .where('integration_id', '=', scope.integrationId)
          .where('idempotency_key', 'in', keys)
          .execute();
      }
      const desired = plan.filter((p) => p.action !== 'forget' && p.desired && p.payloadHash);
      // A new payload is a new piece of work: attempts start again, a dead letter comes back to life.
      const groups = [
        { fresh: true, reset: true, items: desired.filter((p) => (p.action === 'create' || p.action === 'update') && p.entry?.payloadHash !== p.payloadHash) },
        { fresh: true, reset: false, items: desired.filter((p) => (p.action === 'create' || p.action === 'update') && p.entry?.payloadHash === p.payloadHash) },
        { fresh: false, reset: false, items: desired.filter((p) => p.action !== 'create' && p.action !== 'update') },
      ];
      for (const g of groups) {
        for (const chunk of chunks(g.items)) {
          const rows = await trx
            .insertInto('outbound_items')
            .values(
              chunk.map((p) => ({
                tenant_id: tenantId,
                integration_id: scope.integrationId,
                kind: scope.kind,
                idempotency_key: p.idempotencyKey,
                subject_id: p.desired!.subjectId,
                period_date: p.desired!.periodDate,
                payload: JSON.stringify(p.desired!.payload),
                payload_hash: p.payloadHash!,
                status: 'pending' as const,
                last_run_id: runId,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['integration_id', 'idempotency_key']).doUpdateSet((eb) => ({
                subject_id: eb.ref('excluded.subject_id'),
                period_date: eb.ref('excluded.period_date'),
                payload: eb.ref('excluded.payload'),
                payload_hash: eb.ref('excluded.payload_hash'),
                last_run_id: runId,
                updated_at: at,
                ...(g.fresh ? { status: 'pending' as const, next_attempt_at: null } : {}),
                ...(g.reset ? { attempts: 0 } : {}),
              })),
            )
            .returning(['id', 'attempts', 'idempotency_key', 'external_id', sql<boolean>`(xmax = 0)`.as('inserted')])
            .execute();
          for (const r of rows) ids.set(r.idempotency_key, { id: r.id, attempts: r.attempts, inserted: r.inserted === true, externalId: r.external_id });
        }
      }
      const removing = plan.filter((p) => p.action === 'remove');
      const wasRemoving = new Set(removing.filter((p) => p.entry?.status === 'removing').map((p) => p.idempotencyKey));
      for (const keys of chunks(removing.map((p) => p.idempotencyKey))) {
        const rows = await trx
          .updateTable('outbound_items')
          .set({ status: 'removing', updated_at: at, last_run_id: runId })
          .where('tenant_id', '=', tenantId)
          .where('integration_id', '=', scope.integrationId)
          .where('idempotency_key', 'in', keys)
          .returning(['id', 'attempts', 'idempotency_key'])
          .execute();
        for (const r of rows) ids.set(r.idempotency_key, { id: r.id, attempts: wasRemoving.has(r.idempotency_key) ? r.attempts : 0 });
      }
    });
    return ids;
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

/** The items in their order, except that each subject's items follow its first one (so a batch can keep them together). */
function groupBySubject<T extends { subject_id: string | null }>(items: readonly T[]): T[] {
  const bySubject = new Map<string, T[]>();
  const out: Array<T | T[]> = [];
  for (const item of items) {
    if (item.subject_id === null) {
      out.push(item);
      continue;
    }
    const group = bySubject.get(item.subject_id);
    if (group) group.push(item);
    else {
      const fresh = [item];
      bySubject.set(item.subject_id, fresh);
      out.push(fresh);
    }
  }
  return out.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

export type OutboundService = ReturnType<typeof createOutboundService>;
