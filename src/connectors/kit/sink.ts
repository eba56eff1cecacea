/**
 * The write side of a connector: Koppel → vendor (attendances, payroll hours, calendar events).
 * Every item carries an idempotency key chosen by Koppel and stable across retries; a sink maps it
 * onto whatever the vendor offers (a client-chosen id, an idempotency header, a lookup field) so
 * that writing the same key twice leaves one object at the vendor.
 *
 * A write whose answer was lost ("maybe committed": a timeout or 5xx after the request left) is not
 * written again blindly: the caller reads back the keys it is unsure about and only writes the ones
 * that are really missing. `writeReconciled` below is that loop; the sink contract suite
 * (contracts/sink-contract.ts) holds every sink to it.
 */

export interface SinkItem<Payload> {
  /** Stable for the same logical object across retries and runs, e.g. `shift:<uuid>:v3`. */
  idempotencyKey: string;
  payload: Payload;
  /**
   * The vendor's id for this key as Koppel's journal knows it, when it knows one. Vendors without
   * client-chosen ids (Personio v2 attendance periods) update and delete by it; others may ignore it.
   */
  externalId?: string;
  /**
   * Set by a caller whose journal proves the key was never handed to a sink before (journalled first,
   * so a write killed halfway leaves a trace and is not fresh next time). Nothing can be held for it at the
   * vendor: a sink may skip reading back before writing. A retry after a failed write is never fresh.
   */
  fresh?: boolean;
}

export type SinkOutcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'failed';

export interface SinkError {
  /** Stable, vendor-neutral code, e.g. `rejected`, `conflict`, `unavailable`, `rate_limited`, `reconnect_needed`, `maybe_committed`. */
  code: string;
  /** For logs; BSN-free. */
  message: string;
  /** True when the same write may succeed later (outage, rate limit, lost answer); false for a refusal of the data itself. */
  retryable: boolean;
  /** The vendor may have stored the item although the answer did not say so: read back before writing again. */
  maybeCommitted?: boolean;
}

export interface SinkResult {
  idempotencyKey: string;
  outcome: SinkOutcome;
  /** The vendor's id of the object (absent when the write failed before one existed). */
  externalId?: string;
  error?: SinkError;
}

export interface RemoveItem {
  idempotencyKey: string;
  externalId: string;
}

/** One object as the vendor holds it, found by its idempotency key. */
export interface ReadBackItem<Payload> {
  idempotencyKey: string;
  externalId: string;
  payload: Payload;
}

export type ReadBackQuery = { keys: readonly string[] } | { from: Date; to: Date };

export interface OutboundSink<Payload> {
  /** `google`, `personio`, … */
  readonly vendor: string;
  /**
   * One result per item, in the input order, keys as given. One bad item never stops the others;
   * expected failures are results, only bugs throw.
   */
  write(items: readonly SinkItem<Payload>[], opts?: { signal?: AbortSignal }): Promise<SinkResult[]>;
  /**
   * What the vendor holds for these keys (missing keys are simply absent), or every object this sink
   * wrote in a time range. Reads only — this is how a "maybe committed" write is settled.
   */
  readBack(query: ReadBackQuery, opts?: { signal?: AbortSignal }): Promise<ReadBackItem<Payload>[]>;
  /**
   * Deletes objects this sink wrote, by their external ids. One result per item, in the input order; an
   * object the vendor no longer holds counts as `removed`. Optional: a sink whose vendor keeps what it got
   * (an append-only import) leaves it out, and removals then stay journal entries for a person to act on.
   */
  remove?(items: readonly RemoveItem[], opts?: { signal?: AbortSignal }): Promise<SinkResult[]>;
  /** Whether what the vendor holds already says what we want (read-back settles an update only when it does). Default: yes. */
  samePayload?(wanted: Payload, held: Payload): boolean;
}

export interface ReconcileOptions {
  /** Write rounds at most (the first write included). Default 5. */
  maxRounds?: number;
  signal?: AbortSignal;
}

/**
 * Writes, then settles every retryable failure by reading back: a key the vendor now holds counts as
 * written (created — its answer was lost), a key it does not hold is written again in the next round.
 * Non-retryable failures are final. Returns one result per item, in the input order.
 */
export async function writeReconciled<Payload>(sink: OutboundSink<Payload>, items: readonly SinkItem<Payload>[], opts: ReconcileOptions = {}): Promise<SinkResult[]> {
  const maxRounds = opts.maxRounds ?? 5;
  const final = new Map<string, SinkResult>();
  let pending = [...items];
  for (let round = 1; pending.length > 0; round++) {
    const signal = opts.signal ? { signal: opts.signal } : {};
    const results = await sink.write(pending, signal);
    const unsure: SinkItem<Payload>[] = [];
    pending.forEach((item, i) => {
      const r = results[i]!;
      if (r.outcome === 'failed' && r.error?.retryable) unsure.push(item);
      final.set(item.idempotencyKey, r);
    });
    if (unsure.length === 0) break;
    // Read, never write, to learn whether a lost answer hid a commit.
    const held = new Map((await sink.readBack({ keys: unsure.map((u) => u.idempotencyKey) }, signal)).map((h) => [h.idempotencyKey, h]));
    pending = [];
    for (const item of unsure) {
      const h = held.get(item.idempotencyKey);
      // Held with what we wanted: the lost answer hid a commit. Held but different (a lost update): write again.
      if (h && (sink.samePayload?.(item.payload, h.payload) ?? true)) final.set(item.idempotencyKey, { idempotencyKey: item.idempotencyKey, outcome: 'created', externalId: h.externalId });
      else if (round < maxRounds) pending.push(item.fresh ? { ...item, fresh: false } : item);
    }
  }
  return items.map((i) => final.get(i.idempotencyKey)!);
}

/**
 * Runs `fn` over the list with at most `concurrency` calls in flight (a sink's small worker pool; the
 * client's rate limiter paces the requests on top, so more workers never means more than the limit).
 * Every started call is awaited before this returns or throws: nothing of a sink call is still writing
 * after it gave its answer. The first error (a bug or an abort: expected failures are results) is rethrown
 * once all calls have settled; no new call starts after it.
 */
export async function forEachLimited<T>(list: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < list.length) {
      const i = next++;
      try {
        await fn(list[i]!, i);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(concurrency) || 1, list.length)) }, worker));
  if (failure) throw (failure as { err: unknown }).err;
}
