import { describe, expect, it } from 'vitest';
import type { InvalidExternalRow } from '../hr-connector.ts';
import { pageByRecordOffset, type FetchedPage, type ParsedRow } from './record-offset.ts';

/** Rows are `{id, v}`; `v: 'bad'` is a malformed field, a missing id an unusable row. */
type Row = { id?: number; v: string };

function parse(row: unknown): ParsedRow<Row> {
  const r = row as Row;
  if (r.id === undefined) return { ok: false, error: 'id: missing' };
  return { ok: true, id: String(r.id), value: r, problems: r.v === 'bad' ? 1 : 0 };
}

/** A server over a mutable list; `tamper(call, offset, rows)` may change the answer per call. */
function server(list: Row[], opts: { cap?: number; ignoreOffset?: boolean; tamper?: (call: number, offset: number, rows: Row[]) => Row[] } = {}) {
  const calls: number[] = [];
  const fetchPage = async (offset: number, limit: number): Promise<FetchedPage> => {
    calls.push(offset);
    const l = Math.min(limit, opts.cap ?? limit);
    const start = opts.ignoreOffset ? 0 : offset;
    let rows = list.slice(start, start + l).map((r) => ({ ...r }));
    if (opts.tamper) rows = opts.tamper(calls.length, offset, rows);
    return { rows, total: list.length, limit: l };
  };
  return { fetchPage, calls };
}

const people = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: 1000 + i, v: `p${i}` }));

async function collect(opts: Parameters<typeof pageByRecordOffset<Row>>[0]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const r of pageByRecordOffset(opts)) out.push(r);
  return out;
}

describe('pageByRecordOffset', () => {
  it('walks by record offset and stops at the total without asking for an empty page', async () => {
    const s = server(people(25));
    const progress: Array<[number, number | undefined]> = [];
    const rows = await collect({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse, onProgress: (r, t) => progress.push([r, t]) });
    expect(rows.map((r) => r.id)).toEqual(people(25).map((r) => r.id));
    expect(s.calls).toEqual([0, 10, 20]);
    expect(progress).toEqual([
      [10, 25],
      [20, 25],
      [25, 25],
    ]);
    const exact = server(people(20));
    await collect({ pageSize: 10, fetchPage: exact.fetchPage, parseRow: parse });
    expect(exact.calls).toEqual([0, 10]);
  });

  it('follows the page size the server really applied', async () => {
    const s = server(people(25), { cap: 7 });
    const rows = await collect({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse });
    expect(rows).toHaveLength(25);
    expect(s.calls).toEqual([0, 7, 14, 21]);
  });

  it('yields a record that shows up on two pages once', async () => {
    const list = people(20);
    // Page two starts with the last record of page one again (an insert before the cursor).
    const s = server(list, { tamper: (call, offset, rows) => (offset === 10 ? [{ ...list[9]! }, ...rows.slice(0, 9)] : rows) });
    const rows = await collect({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse });
    expect(rows.map((r) => r.id)).toEqual(list.slice(0, 19).map((r) => r.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('a record deleted mid-walk makes the next one slip past the cursor; a second pass finds it', async () => {
    const list = people(30);
    const s = server(list);
    const out: Row[] = [];
    for await (const r of pageByRecordOffset({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse })) {
      out.push(r);
      // After the first page, record 3 is deleted: record 10 moves to offset 9, which was already read.
      if (out.length === 10) list.splice(3, 1);
    }
    expect(out.map((r) => r.id).sort()).toEqual(list.map((r) => r.id).concat(1003).sort());
    expect(out.map((r) => r.id)).toContain(1010);
    expect(s.calls).toEqual([0, 10, 20, 0, 10, 20]);
  });

  it('terminates when the server ignores the offset', async () => {
    const s = server(people(10), { ignoreOffset: true });
    const rows = await collect({ pageSize: 5, fetchPage: async (o, l) => ({ ...(await s.fetchPage(o, l)), total: null }), parseRow: parse });
    expect(rows.map((r) => r.id)).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect(s.calls).toEqual([0, 5]);
  });

  it('re-reads a page with malformed rows and keeps the best version of every row', async () => {
    const list = people(10);
    // First read: row 2 broken and row 5 without id; second read: row 7 broken instead.
    const s = server(list, {
      tamper: (call, _o, rows) => {
        if (call === 1) {
          rows[2]!.v = 'bad';
          delete rows[5]!.id;
        }
        if (call === 2) rows[7]!.v = 'bad';
        return rows;
      },
    });
    const invalid: InvalidExternalRow[] = [];
    const rows = await collect({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse, onInvalidRow: (r) => invalid.push(r) });
    expect(rows).toEqual(list);
    expect(invalid).toEqual([]);
    expect(s.calls).toEqual([0, 0]);
  });

  it('a persistently broken row costs two extra reads, and is reported', async () => {
    const list = people(10);
    const s = server(list, {
      tamper: (_c, _o, rows) => {
        rows[4]!.v = 'bad';
        delete rows[6]!.id;
        return rows;
      },
    });
    const invalid: InvalidExternalRow[] = [];
    const rows = await collect({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse, onInvalidRow: (r) => invalid.push(r) });
    expect(rows.map((r) => r.id)).toEqual(list.filter((_, i) => i !== 6).map((r) => r.id));
    expect(rows.find((r) => r.id === 1004)?.v).toBe('bad');
    expect(invalid).toEqual([{ error: 'id: missing' }]);
    expect(s.calls).toEqual([0, 0, 0]);
  });

  it('can be cancelled between pages', async () => {
    const s = server(people(30));
    const ctrl = new AbortController();
    const out: Row[] = [];
    await expect(
      (async () => {
        for await (const r of pageByRecordOffset({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse, signal: ctrl.signal })) {
          out.push(r);
          if (out.length === 10) ctrl.abort();
        }
      })(),
    ).rejects.toThrow();
    // Page 2 was already asked for (read-ahead) while page 1 was consumed; nothing after it.
    expect(s.calls).toEqual([0, 10]);
  });

  it('asks for the next page while the consumer still works through the current one', async () => {
    const s = server(people(30));
    const out: Row[] = [];
    for await (const r of pageByRecordOffset({ pageSize: 10, fetchPage: s.fetchPage, parseRow: parse })) {
      out.push(r);
      // At the first row of each page the next page has been requested already (none after the last).
      if (out.length === 1) expect(s.calls).toEqual([0, 10]);
      if (out.length === 11) expect(s.calls).toEqual([0, 10, 20]);
      if (out.length === 21) expect(s.calls).toEqual([0, 10, 20]);
    }
    expect(out).toHaveLength(30);
    expect(s.calls).toEqual([0, 10, 20]);
  });

  it('calls off the pages asked for ahead when the walk ends early or fails, so none keeps using the budget', async () => {
    const list = people(100);
    // Pages are answered only when released; each records whether the walk still wants it.
    const pending = new Map<number, { resolve: (p: FetchedPage) => void; reject: (e: unknown) => void; signal: AbortSignal }>();
    const fetchPage = (offset: number, _limit: number, signal: AbortSignal) =>
      new Promise<FetchedPage>((resolve, reject) => {
        pending.set(offset, { resolve, reject, signal });
      });
    const answer = (offset: number) => pending.get(offset)!.resolve({ rows: list.slice(offset, offset + 10), total: list.length, limit: 10 });
    const settle = () => new Promise((r) => setTimeout(r, 5));

    // The consumer stops after the first row: the nine pages asked for ahead are called off.
    const walk = pageByRecordOffset({ pageSize: 10, fetchPage, parseRow: parse, readAhead: 9 });
    const first = walk.next();
    await settle();
    answer(0);
    expect((await first).value).toMatchObject({ id: 1000 });
    await settle();
    expect([...pending.keys()]).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect([...pending.values()].some((p) => p.signal.aborted)).toBe(false);
    await walk.return();
    expect([...pending.entries()].filter(([, p]) => !p.signal.aborted).map(([o]) => o)).toEqual([]);

    // A page that fails ends the walk: the others ahead are called off too.
    pending.clear();
    const failing = collect({ pageSize: 10, fetchPage, parseRow: parse, readAhead: 4 });
    await settle();
    answer(0);
    await settle();
    pending.get(10)!.reject(new Error('the vendor kept refusing'));
    await expect(failing).rejects.toThrow('the vendor kept refusing');
    expect([20, 30, 40].map((o) => pending.get(o)!.signal.aborted)).toEqual([true, true, true]);
  });
});
