import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { InvalidExternalRow } from '../hr-connector.ts';

/**
 * Walks a list that is paged by record offset (`offset=200&limit=100`), the way Personio's
 * employees and attendances, and many other HR APIs, page. The walk guards against what such
 * paging does to a naive client:
 * - duplicates across pages (a record seen twice is yielded once);
 * - records deleted mid-walk shift later records past the cursor — detected by a shrinking total,
 *   answered by another pass that yields only ids not seen yet;
 * - a server that ignores `offset` (Personio documents that `updated_since` disables paging) would
 *   loop forever — a page with nothing new ends the walk;
 * - transiently malformed rows: a page with broken rows is read again and the best version of
 *   every row is kept, so a fault-injecting proxy cannot make a sync drop fields. A persistently
 *   broken row costs `repairAttempts` extra calls per sync (2 by default). What counts as "broken" is the parser's `problems`: a row whose content the vendor really holds
 *   that way (a BSN failing the 11-proof) is a warning on the row, not a problem, and costs nothing.
 */

export interface FetchedPage {
  rows: unknown[];
  /** The server's total for the query, if it reports one. */
  total: number | null;
  /** The page size the server actually applied (it may cap what was asked). */
  limit: number | null;
}

export type ParsedRow<T> = { ok: true; id: string; value: T; problems: number } | ({ ok: false } & InvalidExternalRow);

export interface RecordOffsetPagerOptions<T> {
  pageSize: number;
  /** `signal` aborts when the walk ends (finished, stopped by its consumer, or failed): pages asked for ahead are not waited for any more. */
  fetchPage(offset: number, limit: number, signal: AbortSignal): Promise<FetchedPage>;
  parseRow(row: unknown): ParsedRow<T>;
  /** Extra reads of a page that came back with problems. Default 2. */
  repairAttempts?: number;
  /** Passes over the list when it shrank during the walk. Default 3. */
  maxPasses?: number;
  onInvalidRow?: (row: InvalidExternalRow) => void;
  onProgress?: (read: number, total?: number) => void;
  /**
   * Pages requested ahead once the server has said how many records there are: the rate limiter then
   * sends them as one burst (Personio allows 15 a second) instead of one round trip after the other.
   * Default 1 (the next page only).
   */
  readAhead?: number | (() => number);
  /** Start the walk at this record offset (a listing resumed after it stopped). Default 0. */
  startOffset?: number;
  /** After every page whose rows were all yielded: the offset the walk would go on from. */
  onPageDone?: (nextOffset: number) => void;
  signal?: AbortSignal;
}

interface GoodRow<T> {
  value: T;
  problems: number;
  /** Position on the page, to keep the vendor's order when reads are merged. */
  pos: number;
}

interface MergedPage<T> {
  good: Map<string, GoodRow<T>>;
  invalid: InvalidExternalRow[];
  /** Rows in the longest read of this page. */
  rows: number;
}

function problemsOf<T>(page: MergedPage<T>): number {
  let n = page.invalid.length;
  for (const r of page.good.values()) n += r.problems;
  return n;
}

/** Rows parsed between two turns of the event loop. */
const PARSE_YIELD_EVERY_ROWS = 25;

/**
 * When the walk ends, whichever way, pages still asked for ahead are called off: a listing that failed (the vendor
 * kept refusing) must not leave requests retrying in the background, using the budget the next run needs.
 */
export async function* pageByRecordOffset<T>(opts: RecordOffsetPagerOptions<T>): AsyncGenerator<T, void, undefined> {
  const walk = new AbortController();
  const stop = () => walk.abort(opts.signal?.reason);
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    yield* walkPages(opts, walk.signal);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    walk.abort();
  }
}

async function* walkPages<T>(opts: RecordOffsetPagerOptions<T>, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const fetchPage = (offset: number, limit: number) => opts.fetchPage(offset, limit, signal);
  const repairAttempts = opts.repairAttempts ?? 2;
  const maxPasses = opts.maxPasses ?? 3;
  const seen = new Set<string>();
  let yielded = 0;

  const parsePage = async (rows: unknown[]): Promise<MergedPage<T>> => {
    const page: MergedPage<T> = { good: new Map(), invalid: [], rows: rows.length };
    for (const [pos, raw] of rows.entries()) {
      // A turn of the event loop first and now and then: the pages asked for ahead are written (and answers taken in)
      // before and while this page is parsed, not after.
      if (pos % PARSE_YIELD_EVERY_ROWS === 0) await setImmediatePromise();
      const p = opts.parseRow(raw);
      if (!p.ok) {
        page.invalid.push(p.externalId === undefined ? { error: p.error } : { externalId: p.externalId, error: p.error });
        continue;
      }
      const prev = page.good.get(p.id);
      if (!prev || p.problems < prev.problems) page.good.set(p.id, { value: p.value, problems: p.problems, pos });
    }
    return page;
  };

  /** Best of both reads: every id from either (so a shifted record is not lost), each in its cleaner version. */
  const merge = (a: MergedPage<T>, b: MergedPage<T>): MergedPage<T> => {
    const merged = new Map<string, GoodRow<T>>(a.good);
    for (const [id, row] of b.good) {
      const prev = merged.get(id);
      if (!prev || row.problems < prev.problems) merged.set(id, row);
    }
    // Both reads start at the same offset, so positions agree: keep the vendor's order.
    const good = new Map([...merged].sort((x, y) => x[1].pos - y[1].pos));
    // Rows without an id cannot be matched across reads: take the read with the fewest, drop those
    // whose id was recovered, and drop as many id-less ones as the recovered rows already account for.
    const rows = Math.max(a.rows, b.rows);
    const invalid = (b.invalid.length < a.invalid.length ? b.invalid : a.invalid).filter((r) => r.externalId === undefined || !good.has(r.externalId));
    const unaccounted = Math.max(0, rows - good.size);
    const withId = invalid.filter((r) => r.externalId !== undefined);
    const withoutId = invalid.filter((r) => r.externalId === undefined).slice(0, Math.max(0, unaccounted - withId.length));
    return { good, invalid: [...withId, ...withoutId], rows };
  };

  /**
   * Read-ahead of one page: the next page is requested as soon as the current one is in, while the
   * consumer works through it (stores it), so the consumer's time hides behind the round trip and
   * the rate limiter's wait instead of adding to them. The offset of the next page is known by then.
   */
  const fetchAhead = (offset: number) => {
    const p = fetchPage(offset, opts.pageSize);
    // A consumer that stops early never awaits it: its failure must not surface as unhandled.
    p.catch(() => {});
    return p;
  };

  for (let pass = 1; pass <= maxPasses; pass++) {
    // Only the first pass resumes; a second pass (the list shrank) starts over to find what slipped past.
    let offset = pass === 1 ? Math.max(0, opts.startOffset ?? 0) : 0;
    let lastTotal: number | null = null;
    let shrank = false;
    const seenThisPass = new Set<string>();
    /** Pages already asked for, by offset, in order. */
    let ahead: Array<{ offset: number; page: Promise<FetchedPage> }> = [];
    /** Pages asked for from `from` on: with a total, several (each a full page of the size the server applied); without one, the next only. */
    const topUp = (from: number, limit: number, total: number | null) => {
      if (ahead.length && ahead[0]!.offset !== from) ahead = [];
      const wanted = typeof opts.readAhead === 'function' ? opts.readAhead() : opts.readAhead;
      const depth = total !== null ? Math.max(1, wanted ?? 1) : 1;
      let next = ahead.length ? ahead.at(-1)!.offset + limit : from;
      while (ahead.length < depth && (total === null || next < total)) {
        ahead.push({ offset: next, page: fetchAhead(next) });
        next += limit;
      }
    };
    for (;;) {
      signal.throwIfAborted();
      // A queued page is only good if it starts where the walk is (a short page moves the offsets).
      if (ahead.length && ahead[0]!.offset !== offset) ahead = [];
      const first = await (ahead.shift()?.page ?? fetchPage(offset, opts.pageSize));
      const count = first.rows.length;
      const limit = first.limit ?? opts.pageSize;
      // A total that says more follows: the next pages are asked for before this one's rows are parsed, so the
      // parsing hides behind their round trips (on the first page, where the total first shows, that is one whole page's work).
      if (first.total !== null && count > 0 && offset + count < first.total) topUp(offset + count, limit, first.total);
      let page = await parsePage(first.rows);
      // No early stop when a re-read does not help: a transient fault can strike the same row twice,
      // and that looks exactly like persistent bad data.
      for (let r = 0; r < repairAttempts && problemsOf(page) > 0; r++) {
        const again = await fetchPage(offset, opts.pageSize);
        page = merge(page, await parsePage(again.rows));
      }

      let newThisPass = 0;
      for (const id of page.good.keys()) {
        if (!seenThisPass.has(id)) {
          seenThisPass.add(id);
          newThisPass++;
        }
      }
      if (first.total !== null) {
        if (lastTotal !== null && first.total < lastTotal) shrank = true;
        lastTotal = first.total;
      }
      const last =
        count === 0 ||
        // With a total the server says where the end is: a server that caps the page below what was
        // asked without saying so (no `limit` echoed) must not end the walk after its first page.
        (first.total !== null ? offset + count >= first.total : count < limit) ||
        // Nothing new in this pass on a full page: the server ignores the offset (or pages overlap completely).
        (newThisPass === 0 && page.invalid.length === 0);
      if (!last) {
        offset += count;
        topUp(offset, limit, first.total);
      }

      for (const [id, row] of page.good) {
        if (seen.has(id)) continue;
        seen.add(id);
        yielded++;
        yield row.value;
      }
      // Report broken rows once: later passes re-read the same rows.
      if (pass === 1) for (const bad of page.invalid) opts.onInvalidRow?.(bad);
      opts.onProgress?.(yielded, first.total ?? undefined);
      if (pass === 1) opts.onPageDone?.(last ? offset + count : offset);
      if (last) break;
    }
    if (!shrank) return;
  }
}
