import { HttpError } from '../../kit/http-client.ts';
import { forEachLimited, type OutboundSink, type ReadBackItem, type ReadBackQuery, type RemoveItem, type SinkError, type SinkItem, type SinkResult } from '../../kit/sink.ts';
import { nmbrsErrorOf, type NmbrsClient } from './nmbrs.client.ts';
import type { NmbrsPeriod, NmbrsVariableHour } from './nmbrs.schemas.ts';

/**
 * Worked hours to Nmbrs as variable hours (F-24). Nmbrs variable hours are ADDITIVE: every POST adds
 * a component to the period, so sending the same hours twice doubles them. This sink therefore keeps
 * its ledger at Nmbrs itself: each component it posts carries a marker `[koppel:<key>]` in its
 * comment, and before writing it reads the period back and posts only the difference between what the
 * key should hold and what Nmbrs holds for it (a re-send of unchanged hours posts nothing; a
 * correction posts the delta, negative when hours went down; a removal posts the negative sum).
 * The ledger entry is named by its oldest component (from the first read, or the id the POST answered
 * with; when Nmbrs names none, the period is read again). A write whose answer was lost is reported
 * "maybe committed" and settled by reading.
 *
 * Employees go side by side (`concurrency`, default 8; the client's rate limiter paces every request on
 * top and backs off on 429s), but one employee's period is only ever worked on by one worker at a time,
 * with its read and its posts in a row: the difference posted is always against what Nmbrs held just
 * before, so parallel sending cannot double hours either.
 *
 * A period before the company's current one is protected: it is written only when the sink was
 * built with `unprotectedMode: true` (the user confirmed), otherwise Nmbrs' refusal (2011) comes back
 * per item, not retryable, as `protected_period`.
 */

export interface NmbrsHoursPayload {
  employeeId: string;
  year: number;
  period: number;
  hourCode: number;
  hours: number;
}

export interface NmbrsHoursSinkOptions {
  client: NmbrsClient;
  /** Send to protected (past) periods. Only when the user explicitly asked for it. Default false. */
  unprotectedMode?: boolean;
  /**
   * Employee periods worked on side by side (default 8). One request is in flight per worker at most; the
   * client's rate limit caps the total, so this only has to cover the latency (rate × round trip, plus slack).
   */
  concurrency?: number;
}

export const NMBRS_HOURS_DEFAULT_CONCURRENCY = 8;

const MARKER = /\[koppel:([^\]\s]+)\]/;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The idempotency key of a ledger entry, carrying where it lives so a read-back can find it: `<scope>@<employeeId>/<year>/<period>`. */
export function nmbrsHoursKey(scope: string, p: Pick<NmbrsHoursPayload, 'employeeId' | 'year' | 'period'>): string {
  return `${scope}@${p.employeeId}/${p.year}/${p.period}`;
}

export function markerComment(key: string): string {
  return `[koppel:${key}]`;
}

export function markerOf(comment: string | null | undefined): string | null {
  return MARKER.exec(comment ?? '')?.[1] ?? null;
}

function targetOfKey(key: string): { employeeId: string; period: NmbrsPeriod } | null {
  const m = /@([^@/\s]+)\/(\d{4})\/(\d{1,2})$/.exec(key);
  return m ? { employeeId: m[1]!, period: { year: Number(m[2]), period: Number(m[3]) } } : null;
}

/**
 * The id of a ledger entry: its oldest component's id; when Nmbrs names no id for any of them (a stand-in without
 * `hourComponentId`), the key itself, so the journal still knows the entry is held (and removes it, netting it to zero).
 */
function entryIdOf(components: readonly NmbrsVariableHour[], key: string): string | undefined {
  if (components.length === 0) return undefined;
  const sorted = [...components].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  return sorted.find((h) => h.hourComponentId)?.hourComponentId ?? `koppel:${key}`;
}

/** The caller cancelled (a send being stopped): not an answer about the item, so it is thrown, never journalled as one. */
const isAbort = (err: unknown) => err instanceof HttpError && err.code === 'aborted';

/** Nmbrs' refusal codes (nmbrs-rest-facts §A5) as vendor-neutral sink errors. */
export function sinkErrorOf(err: unknown): SinkError {
  if (!(err instanceof HttpError)) return { code: 'unexpected', message: err instanceof Error ? err.message : String(err), retryable: false };
  if (err.details.maybeCommitted) return { code: 'maybe_committed', message: err.message, retryable: true, maybeCommitted: true };
  if (err.transient) return { code: err.code === 'rate_limited' ? 'rate_limited' : 'unavailable', message: err.message, retryable: true };
  if (err.code === 'unauthorized') return { code: 'reconnect_needed', message: err.message, retryable: false };
  const e = nmbrsErrorOf(err);
  const code = e?.code === '2011' ? 'protected_period' : e?.code === '2006' ? 'invalid_period' : e?.code === '2001' ? 'unknown_hour_code' : err.code === 'forbidden' ? 'forbidden' : 'rejected';
  return { code, message: [e?.title, e?.detail].filter(Boolean).join(': ') || err.message, retryable: false };
}

export class NmbrsHoursSink implements OutboundSink<NmbrsHoursPayload> {
  readonly vendor = 'nmbrs';
  /** Keys this instance wrote → where they live (for keys without the `@employee/year/period` suffix). */
  private readonly targets = new Map<string, { employeeId: string; period: NmbrsPeriod }>();

  constructor(private readonly opts: NmbrsHoursSinkOptions) {}

  samePayload(a: NmbrsHoursPayload, b: NmbrsHoursPayload): boolean {
    return a.employeeId === b.employeeId && a.year === b.year && a.period === b.period && a.hourCode === b.hourCode && round2(a.hours) === round2(b.hours);
  }

  private async held(employeeId: string, period: NmbrsPeriod, signal?: AbortSignal): Promise<NmbrsVariableHour[]> {
    return this.opts.client.variableHours(employeeId, period, signal);
  }

  /** Posts what it takes to make the key hold `want` hours on `code` (0 everywhere when `code` is null); the ids Nmbrs named (null where it named none). */
  private async settle(key: string, employeeId: string, period: NmbrsPeriod, current: NmbrsVariableHour[], code: number | null, want: number, signal?: AbortSignal): Promise<Array<string | null>> {
    const sums = new Map<number, number>();
    for (const h of current) if (markerOf(h.comment) === key) sums.set(h.hourCode, round2((sums.get(h.hourCode) ?? 0) + h.hours));
    if (code !== null && !sums.has(code)) sums.set(code, 0);
    const ids: Array<string | null> = [];
    for (const [c, sum] of sums) {
      const delta = round2((c === code ? want : 0) - sum);
      if (delta === 0) continue;
      ids.push(await this.opts.client.addVariableHours(employeeId, { hourCode: c, hours: delta, comment: markerComment(key), period, unprotectedMode: this.opts.unprotectedMode ?? false }, signal));
    }
    return ids;
  }

  private get concurrency(): number {
    return Math.max(1, Math.floor(this.opts.concurrency ?? NMBRS_HOURS_DEFAULT_CONCURRENCY));
  }

  async write(items: readonly SinkItem<NmbrsHoursPayload>[], opts: { signal?: AbortSignal } = {}): Promise<SinkResult[]> {
    const results = new Map<number, SinkResult>();
    // One read per employee and period, however many hour codes it gets; each group belongs to one worker.
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      const g = `${item.payload.employeeId}/${item.payload.year}/${item.payload.period}`;
      groups.set(g, [...(groups.get(g) ?? []), i]);
    });
    await forEachLimited([...groups.values()], this.concurrency, async (indexes) => {
      for (const [i, r] of await this.writeGroup(items, indexes, opts.signal)) results.set(i, r);
    });
    return items.map((_, i) => results.get(i)!);
  }

  /** The items of one employee and period, in a row: read what Nmbrs holds, post each key's difference, name the entries. */
  private async writeGroup(items: readonly SinkItem<NmbrsHoursPayload>[], indexes: readonly number[], signal?: AbortSignal): Promise<Map<number, SinkResult>> {
    const results = new Map<number, SinkResult>();
    const first = items[indexes[0]!]!.payload;
    const period = { year: first.year, period: first.period };
    let before: NmbrsVariableHour[];
    try {
      before = await this.held(first.employeeId, period, signal);
    } catch (err) {
      if (isAbort(err)) throw err;
      // Nothing was written: a read error is never "maybe committed".
      const e = sinkErrorOf(err);
      for (const i of indexes) results.set(i, { idempotencyKey: items[i]!.idempotencyKey, outcome: 'failed', error: { ...e, code: e.code === 'maybe_committed' ? 'unavailable' : e.code, maybeCommitted: false } });
      return results;
    }
    const posted = new Map<number, Array<string | null>>();
    for (const i of indexes) {
      const item = items[i]!;
      this.targets.set(item.idempotencyKey, { employeeId: first.employeeId, period });
      try {
        posted.set(i, await this.settle(item.idempotencyKey, first.employeeId, period, before, item.payload.hourCode, item.payload.hours, signal));
      } catch (err) {
        if (isAbort(err)) throw err;
        results.set(i, { idempotencyKey: item.idempotencyKey, outcome: 'failed', error: sinkErrorOf(err) });
      }
    }
    // The ledger entry is named by its oldest component: known from the first read, or from the POST's answer.
    // When a POST named no id (its answer body is UNCONFIRMED), read the period again to learn it.
    const oldest = (list: NmbrsVariableHour[], key: string) => entryIdOf(list.filter((h) => markerOf(h.comment) === key), key);
    let after: NmbrsVariableHour[] | null = null;
    if ([...posted].some(([i, ids]) => ids.length > 0 && !oldest(before, items[i]!.idempotencyKey) && ids[0] === null)) {
      try {
        after = await this.held(first.employeeId, period, signal);
      } catch (err) {
        if (isAbort(err)) throw err;
        for (const [i, ids] of posted) if (ids.length > 0) results.set(i, { idempotencyKey: items[i]!.idempotencyKey, outcome: 'failed', error: { code: 'maybe_committed', message: `written, not confirmed: ${sinkErrorOf(err).message}`, retryable: true, maybeCommitted: true } });
      }
    }
    for (const [i, ids] of posted) {
      if (results.has(i)) continue;
      const key = items[i]!.idempotencyKey;
      const had = oldest(before, key);
      const externalId = had ?? ids.find((x): x is string => x !== null) ?? (after ? oldest(after, key) : undefined);
      results.set(i, { idempotencyKey: key, outcome: ids.length === 0 ? 'unchanged' : had ? 'updated' : 'created', ...(externalId ? { externalId } : {}) });
    }
    return results;
  }

  async readBack(query: ReadBackQuery, opts: { signal?: AbortSignal } = {}): Promise<ReadBackItem<NmbrsHoursPayload>[]> {
    let wanted: Array<{ key: string; employeeId: string; period: NmbrsPeriod }>;
    if ('keys' in query) {
      wanted = query.keys.flatMap((key) => {
        const t = this.targets.get(key) ?? targetOfKey(key);
        return t ? [{ key, ...t }] : [];
      });
    } else {
      // Nmbrs cannot list hours by date across employees: a range covers the periods this sink knows of, by year.
      const from = query.from.getUTCFullYear();
      const to = query.to.getUTCFullYear();
      wanted = [...this.targets].filter(([, t]) => t.period.year >= from && t.period.year <= to).map(([key, t]) => ({ key, ...t }));
    }
    const byTarget = new Map<string, { employeeId: string; period: NmbrsPeriod; keys: Set<string> }>();
    for (const w of wanted) {
      const g = `${w.employeeId}/${w.period.year}/${w.period.period}`;
      const entry = byTarget.get(g) ?? { employeeId: w.employeeId, period: w.period, keys: new Set<string>() };
      entry.keys.add(w.key);
      byTarget.set(g, entry);
    }
    // Side by side like writes; each target's answer is kept whole, in target order, so the result does not depend on timing.
    const targets = [...byTarget.values()];
    const heldOf: NmbrsVariableHour[][] = new Array(targets.length);
    await forEachLimited(targets, this.concurrency, async (t, n) => {
      heldOf[n] = await this.held(t.employeeId, t.period, opts.signal);
    });
    const out: ReadBackItem<NmbrsHoursPayload>[] = [];
    for (const [n, t] of targets.entries()) {
      const held = heldOf[n]!;
      for (const key of t.keys) {
        const mine = held.filter((h) => markerOf(h.comment) === key).sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
        if (mine.length === 0) continue;
        const sums = new Map<number, number>();
        for (const h of mine) sums.set(h.hourCode, round2((sums.get(h.hourCode) ?? 0) + h.hours));
        const live = [...sums].filter(([, s]) => s !== 0);
        if (live.length === 0) continue; // removed: the entry nets to zero
        const [hourCode, hours] = live.length === 1 ? live[0]! : live.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0]!;
        out.push({ idempotencyKey: key, externalId: entryIdOf(mine, key)!, payload: { employeeId: t.employeeId, year: t.period.year, period: t.period.period, hourCode, hours } });
      }
    }
    return out;
  }

  /** Takes a ledger entry back to zero (a negative posting: Nmbrs keeps the history). */
  async remove(items: readonly RemoveItem[], opts: { signal?: AbortSignal } = {}): Promise<SinkResult[]> {
    const out: SinkResult[] = new Array(items.length);
    // Keys of one employee and period stay with one worker, in input order (each reads, then posts its difference).
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      const t = this.targets.get(item.idempotencyKey) ?? targetOfKey(item.idempotencyKey);
      if (!t) {
        out[i] = { idempotencyKey: item.idempotencyKey, outcome: 'failed', error: { code: 'bad_key', message: 'the key does not say which employee and period it is for', retryable: false } };
        return;
      }
      const g = `${t.employeeId}/${t.period.year}/${t.period.period}`;
      groups.set(g, [...(groups.get(g) ?? []), i]);
    });
    await forEachLimited([...groups.values()], this.concurrency, async (indexes) => {
      for (const i of indexes) {
        const item = items[i]!;
        const t = (this.targets.get(item.idempotencyKey) ?? targetOfKey(item.idempotencyKey))!;
        try {
          const held = await this.held(t.employeeId, t.period, opts.signal);
          await this.settle(item.idempotencyKey, t.employeeId, t.period, held, null, 0, opts.signal);
          out[i] = { idempotencyKey: item.idempotencyKey, outcome: 'removed', externalId: item.externalId };
        } catch (err) {
          if (isAbort(err)) throw err;
          out[i] = { idempotencyKey: item.idempotencyKey, outcome: 'failed', error: sinkErrorOf(err) };
        }
      }
    });
    return out;
  }
}
