import type { InvalidExternalRow } from './hr-connector.ts';

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
 *   broken row costs one extra call per sync: when a re-read improves nothing the repair stops.
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
  fetchPage(offset: number, limit: number): Promise<FetchedPage>;
  parseRow(row: unknown): ParsedRow<T>;
  /** Called with every raw row of the merged page before parsing (e.g. to collect organisation data). */
  onRawRow?: (row: unknown) => void;
  /** Extra reads of a page that came back with problems. Default 2. */
  repairAttempts?: number;
  /** Passes over the list when it shrank during the walk. Default 3. */
  maxPasses?: number;
  onInvalidRow?: (row: InvalidExternalRow) => void;
  onProgress?: (read: number, total?: number) => void;
  signal?: AbortSignal;
}

interface MergedPage<T> {
  good: Map<string, { value: T; problems: number; raw: unknown }>;
  invalid: InvalidExternalRow[];
}

function problemsOf<T>(page: MergedPage<T>): number {
  let n = page.invalid.length;
  for (const r of page.good.values()) n += r.problems;
  return n;
}

export async function* pageByRecordOffset<T>(opts: RecordOffsetPagerOptions<T>): AsyncGenerator<T, void, undefined> {
  const repairAttempts = opts.repairAttempts ?? 2;
  const maxPasses = opts.maxPasses ?? 3;
  const seen = new Set<string>();
  let yielded = 0;

  const parsePage = (rows: unknown[]): MergedPage<T> => {
    const page: MergedPage<T> = { good: new Map(), invalid: [] };
    for (const raw of rows) {
      const p = opts.parseRow(raw);
      if (!p.ok) {
        page.invalid.push(p.externalId === undefined ? { error: p.error } : { externalId: p.externalId, error: p.error });
        continue;
      }
      const prev = page.good.get(p.id);
      if (!prev || p.problems < prev.problems) page.good.set(p.id, { value: p.value, problems: p.problems, raw });
    }
    return page;
  };

  /** Best of both reads: every id from either (so a shifted record is not lost), each in its cleaner version. */
  const merge = (a: MergedPage<T>, b: MergedPage<T>): MergedPage<T> => {
    const good = new Map(a.good);
    for (const [id, row] of b.good) {
      const prev = good.get(id);
      if (!prev || row.problems < prev.problems) good.set(id, row);
    }
    // Rows without an id cannot be matched across reads; the read with the fewest of them is the truth.
    const invalid = (b.invalid.length < a.invalid.length ? b.invalid : a.invalid).filter((r) => r.externalId === undefined || !good.has(r.externalId));
    return { good, invalid };
  };

  for (let pass = 1; pass <= maxPasses; pass++) {
    let offset = 0;
    let lastTotal: number | null = null;
    let shrank = false;
    const seenThisPass = new Set<string>();
    for (;;) {
      opts.signal?.throwIfAborted();
      const first = await opts.fetchPage(offset, opts.pageSize);
      let page = parsePage(first.rows);
      for (let r = 0; r < repairAttempts && problemsOf(page) > 0; r++) {
        const before = problemsOf(page);
        const again = await opts.fetchPage(offset, opts.pageSize);
        page = merge(page, parsePage(again.rows));
        if (problemsOf(page) >= before) break;
      }

      let newThisPass = 0;
      for (const [id, row] of page.good) {
        if (!seenThisPass.has(id)) {
          seenThisPass.add(id);
          newThisPass++;
        }
        if (seen.has(id)) continue;
        seen.add(id);
        opts.onRawRow?.(row.raw);
        yielded++;
        yield row.value;
      }
      // Report broken rows once: later passes re-read the same rows.
      if (pass === 1) for (const bad of page.invalid) opts.onInvalidRow?.(bad);
      opts.onProgress?.(yielded, first.total ?? undefined);

      if (first.total !== null) {
        if (lastTotal !== null && first.total < lastTotal) shrank = true;
        lastTotal = first.total;
      }
      const count = first.rows.length;
      const limit = first.limit ?? opts.pageSize;
      if (count === 0 || count < limit) break;
      if (first.total !== null && offset + count >= first.total) break;
      // Nothing new in this pass on a full page: the server ignores the offset (or pages overlap completely).
      if (newThisPass === 0 && page.invalid.length === 0) break;
      offset += count;
    }
    if (!shrank) return;
  }
}
