import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { HttpError } from '../../kit/http-client.ts';
import { hourComponentIdOf, NmbrsClient, nmbrsErrorOf, readCompanyPeriod, readNmbrsPage, refusalCodeOf, type NmbrsClientConfig } from './nmbrs.client.ts';
import { markerOf, NmbrsHoursSink, nmbrsHoursKey, sinkErrorOf } from './nmbrs.hours-sink.ts';
import { variableHourSchema } from './nmbrs.schemas.ts';

/**
 * An Nmbrs that is not ours (issue 10 "How it will be checked"): the shapes the vendor docs leave open
 * (reference §A3–A5, UNCONFIRMED) as another stand-in may serve them — the pagination envelope with "" or null,
 * keys in PascalCase, a page size below ours, the company period in every nesting, `periodDetails{year,period}`
 * only, error bodies with the code, without it, or as ASP.NET validation problems, hour codes as text, variable
 * hours with numbers as text and no ids. The last test runs the hours ledger against such a stand-in end to end.
 */

type Req = { method: string; url: URL; body: string };
type Route = (req: Req) => { status: number; body?: unknown };

function client(route: Route, over: Partial<NmbrsClientConfig> = {}) {
  const calls: Req[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = { method: init?.method ?? 'GET', url: new URL(String(input)), body: typeof init?.body === 'string' ? init.body : '' };
    calls.push(req);
    // Answer on a later tick, so parallel callers really overlap.
    await new Promise((r) => setTimeout(r, 1));
    const out = route(req);
    return new Response(out.body === undefined ? null : JSON.stringify(out.body), { status: out.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const c = new NmbrsClient({
    baseUrl: 'https://api.nmbrsapp.com',
    subscriptionKey: 'sub',
    clientId: 'cid',
    clientSecret: 'secret',
    tokens: new MemoryTokenStore({ accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 3_600_000 }),
    rateLimit: false,
    fetch: fetchImpl,
    sleep: async () => {},
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    ...over,
  });
  return { c, calls };
}

const httpError = (status: number, body: unknown) => new HttpError(status === 400 ? 'client_error' : 'forbidden', `HTTP ${status}`, { method: 'POST', path: '/api/x', attempts: 1, maybeCommitted: false, status }, body);

describe('Nmbrs list envelope variants', () => {
  it('reads the guide\'s envelope with "" or null as the last-page marker, PascalCase keys, a bare list and another list name', () => {
    expect(readNmbrsPage({ pagination: { pageNumber: 2, pageSize: 20, totalPages: 5, nextPage: '' }, data: [1] })).toEqual({ items: [1], totalPages: 2 });
    expect(readNmbrsPage({ pagination: { pageNumber: 3, nextPage: null }, data: [1] })).toEqual({ items: [1], totalPages: 3 });
    expect(readNmbrsPage({ Pagination: { PageNumber: 1, NextPage: 'https://api.nmbrsapp.com/api/x?pageNumber=2' }, Data: [1, 2] })).toEqual({ items: [1, 2], totalPages: 2 });
    expect(readNmbrsPage([1, 2, 3])).toEqual({ items: [1, 2, 3], totalPages: null });
    expect(readNmbrsPage({ hourCodes: [{ code: 1 }] })).toEqual({ items: [{ code: 1 }], totalPages: null });
    // No nextPage: the stated total, or the records over the stated page size.
    expect(readNmbrsPage({ pagination: { pageNumber: 1, totalRecords: 45, pageSize: 20 }, data: [] })).toEqual({ items: [], totalPages: 3 });
    expect(() => readNmbrsPage({ message: 'nothing here' })).toThrow(/no data list/);
  });

  it('follows nextPage when the server pages smaller than asked (its maximum page size is unconfirmed) and stops at ""', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ debtorId: `d${i}`, number: i, name: `D${i}` }));
    const { c, calls } = client((req) => {
      const n = Number(req.url.searchParams.get('pageNumber'));
      // Asked for 100, serves 3, states no totals.
      return { status: 200, body: { pagination: { pageNumber: n, pageSize: 3, nextPage: n * 3 < all.length ? `https://api.nmbrsapp.com/api/debtors?pageNumber=${n + 1}` : '' }, data: all.slice((n - 1) * 3, n * 3) } };
    });
    expect((await c.debtors()).map((d) => d.debtorId)).toEqual(all.map((d) => d.debtorId));
    expect(calls).toHaveLength(3);
  });
});

describe('Nmbrs company period variants', () => {
  it('finds the period flat, nested, under periodDetails (both nestings), in data, or as SOAP text; the type as text or number', () => {
    const want = { year: 2026, period: 6 };
    expect(readCompanyPeriod({ year: 2026, period: 6, periodType: 'Monthly' })).toEqual({ current: want, periodType: 'Monthly' });
    expect(readCompanyPeriod({ period: { year: 2026, period: 6, periodType: 'Weekly' } })).toEqual({ current: want, periodType: 'Weekly' });
    expect(readCompanyPeriod({ periodDetails: { year: 2026, period: 6 }, periodType: 2 })).toEqual({ current: want, periodType: '2' });
    expect(readCompanyPeriod({ periodDetails: { period: { year: '2026', period: '6' }, unprotectedMode: false } })).toEqual({ current: want, periodType: null });
    expect(readCompanyPeriod({ data: [{ currentPeriod: { year: 2026, period: 6 }, periodType: 'FourWeekly' }] })).toEqual({ current: want, periodType: 'FourWeekly' });
    expect(readCompanyPeriod('2026-06-W4')).toEqual({ current: want, periodType: 'W4' });
    expect(readCompanyPeriod({ currentPeriod: '2026-06-M' })).toEqual({ current: want, periodType: 'M' });
    // Nothing usable: both parts null, the caller falls back.
    expect(readCompanyPeriod({ period: 0, year: null })).toEqual({ current: null, periodType: null });
    expect(readCompanyPeriod(null)).toEqual({ current: null, periodType: null });
  });
});

describe('Nmbrs error shape variants', () => {
  it('reads {type, status, code, title, detail} with the code as number or text, without a code, repeating the status, or as an ASP.NET validation problem', () => {
    const full = { type: 'https://developer.nmbrs.com/errors#2011', status: 400, code: 2011, title: 'Protected Mode: Cannot Change in the Past', detail: 'Set unprotectedMode.' };
    expect(sinkErrorOf(httpError(400, full))).toMatchObject({ code: 'protected_period', retryable: false, message: 'Protected Mode: Cannot Change in the Past: Set unprotectedMode.' });
    expect(sinkErrorOf(httpError(400, { ...full, code: '2006', title: 'Invalid Period' })).code).toBe('invalid_period');
    // No code, or only the HTTP status as code: the words say which refusal it is.
    expect(sinkErrorOf(httpError(400, { status: 400, title: 'Protected Mode: Cannot Change in the Past', detail: null })).code).toBe('protected_period');
    expect(sinkErrorOf(httpError(400, { status: 400, code: 400, title: 'Invalid Period', detail: 'Period 13 does not match the company period type.' })).code).toBe('invalid_period');
    expect(sinkErrorOf(httpError(400, { type: null, status: '400', title: 'Invalid Hour component', detail: null })).code).toBe('unknown_hour_code');
    expect(nmbrsErrorOf(httpError(400, 'System.Exception ---> 2011: Protected Mode'))?.code).toBe('2011');
    // A year in the text is not a code.
    expect(refusalCodeOf('Period 13/2026 was refused')).toBeNull();
    const validation = { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { Hours: ['The Hours field is required.'], HourCode: ['Must be an integer.'] }, traceId: '00-ab' };
    const e = sinkErrorOf(httpError(400, validation));
    expect(e).toMatchObject({ code: 'rejected', retryable: false });
    expect(e.message).toContain('Hours: The Hours field is required.');
    expect(e.message).toContain('HourCode: Must be an integer.');
    expect(nmbrsErrorOf(httpError(403, { title: 'ForbiddenMultiDebtor.', status: 403 }))).toMatchObject({ title: 'ForbiddenMultiDebtor.', code: null });
  });

  it("the client's error message carries the title, detail and validation texts", async () => {
    const { c } = client(() => ({ status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: [{ message: 'hours must be a number' }] } }));
    const err = (await c.debtors().catch((x: unknown) => x)) as HttpError;
    expect(err.message).toContain('One or more validation errors occurred. hours must be a number');
  });
});

describe('Nmbrs hour codes and variable hours variants', () => {
  it('hour codes are ints: text codes read as numbers, `hourCode` as `code`, unusable entries left out', async () => {
    const { c } = client(() => ({ status: 200, body: [{ code: '0100', description: 'Normale uren' }, { hourCode: 3, description: 'Overwerk' }, { code: 'ABC' }, { code: 1.5 }, { code: 3, description: 'dubbel' }] }));
    expect(await c.hourCodes('c1')).toEqual([
      { code: 100, description: 'Normale uren' },
      { code: 3, description: 'Overwerk' },
    ]);
  });

  it('variable hours: `id` for the id, numbers as text (a decimal comma too), a nested code, no id at all; a row that cannot be read fails the read', async () => {
    expect(variableHourSchema.parse({ id: 'h1', hourCode: '2', hours: '8,5', comment: null })).toMatchObject({ hourComponentId: 'h1', hourCode: 2, hours: 8.5 });
    expect(variableHourSchema.parse({ hourCode: { code: 4, description: 'Nacht' }, hours: 1, costCenterId: 12 })).toMatchObject({ hourComponentId: null, hourCode: 4, costCenterId: '12' });
    expect(variableHourSchema.safeParse({ hourCode: 1, hours: 'eight' }).success).toBe(false);
    // Wrapped per employee like the bulk reads: the rows inside are read.
    const { c } = client(() => ({ status: 200, body: { data: [{ employeeId: 'e1', variableHours: [{ hourComponentId: 'h1', hourCode: 1, hours: 2 }, { hourComponentId: 'h2', hourCode: 1, hours: 3 }] }], pagination: { pageNumber: 1, nextPage: null } } }));
    expect((await c.variableHours('e1', { year: 2026, period: 6 })).map((h) => h.hourComponentId)).toEqual(['h1', 'h2']);
    const bad = client(() => ({ status: 200, body: [{ hourComponentId: 'h1', hourCode: 1, hours: null }] }));
    await expect(bad.c.variableHours('e1', { year: 2026, period: 6 })).rejects.toThrow();
  });

  it('the id in a POST answer: `hourComponentId`, `id`, wrapped in `data`, a bare GUID, or none', () => {
    const guid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    expect(hourComponentIdOf({ hourComponentId: 'h1' })).toBe('h1');
    expect(hourComponentIdOf({ id: 'h2' })).toBe('h2');
    expect(hourComponentIdOf({ data: { hourComponentId: 'h3' } })).toBe('h3');
    expect(hourComponentIdOf(guid)).toBe(guid);
    expect(hourComponentIdOf('created')).toBeNull();
    expect(hourComponentIdOf(undefined)).toBeNull();
  });

  it('period nesting on auto: parallel first writes against an Nmbrs that takes only periodDetails{year,period} all land, each once', async () => {
    const accepted: unknown[] = [];
    const { c, calls } = client((req) => {
      const b = JSON.parse(req.body) as { periodDetails: Record<string, unknown> };
      if (b.periodDetails.period && typeof b.periodDetails.period === 'object') return { status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: { 'periodDetails.year': ['The year field is required.'] } } };
      accepted.push(b);
      return { status: 201 };
    });
    const writes = Array.from({ length: 6 }, (_, i) => c.addVariableHours(`e${i}`, { hourCode: 1, hours: i + 1, period: { year: 2026, period: 6 }, unprotectedMode: false }));
    expect(await Promise.all(writes)).toEqual([null, null, null, null, null, null]);
    expect(accepted).toHaveLength(6);
    expect(accepted.every((b) => JSON.stringify((b as { periodDetails: unknown }).periodDetails) === JSON.stringify({ year: 2026, period: 6, unprotectedMode: false }))).toBe(true);
    // Learned: the next write goes flat at once.
    const before = calls.length;
    await c.addVariableHours('e9', { hourCode: 1, hours: 1, period: { year: 2026, period: 6 }, unprotectedMode: false });
    expect(calls.length - before).toBe(1);
  });
});

describe('The hours ledger against a foreign stand-in', () => {
  it('no ids anywhere, PascalCase pages of 2, flat periods only, 201 without a body, protection said in words: exact totals, a re-send posts nothing', async () => {
    type Comp = { employeeId: string; year: number; period: number; HourCode: string; Hours: string; Comment: string | null };
    const held: Comp[] = [];
    const { c, calls } = client((req) => {
      const m = /\/api\/employees\/([^/]+)\/variablehours$/.exec(req.url.pathname);
      if (!m) return { status: 404, body: { title: 'Not Found', status: 404 } };
      if (req.method === 'GET') {
        const y = Number(req.url.searchParams.get('year'));
        const p = Number(req.url.searchParams.get('period'));
        const n = Number(req.url.searchParams.get('pageNumber') ?? 1);
        // Field names as the docs name them; values as text; no id; pages of 2 whatever was asked.
        const rows = held.filter((h) => h.employeeId === m[1] && h.year === y && h.period === p).map((h) => ({ hourCode: h.HourCode, hours: h.Hours, comment: h.Comment }));
        return { status: 200, body: { Pagination: { PageNumber: n, PageSize: 2, NextPage: n * 2 < rows.length ? `https://api.nmbrsapp.com${req.url.pathname}?pageNumber=${n + 1}` : '' }, Data: rows.slice((n - 1) * 2, n * 2) } };
      }
      const b = JSON.parse(req.body) as { hourCode: number; hours: number; comment?: string; periodDetails?: { year?: number; period?: unknown; unprotectedMode?: boolean } };
      const pd = b.periodDetails ?? {};
      if (typeof pd.period !== 'number') return { status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: { 'PeriodDetails.Period': ['Must be a number.'] } } };
      if (pd.period < 6 && !pd.unprotectedMode) return { status: 400, body: { status: 400, title: 'Protected Mode: Cannot Change in the Past' } };
      held.push({ employeeId: m[1]!, year: pd.year!, period: pd.period, HourCode: String(b.hourCode), Hours: String(b.hours).replace('.', ','), Comment: b.comment ?? null });
      return { status: 201 };
    });
    const sink = new NmbrsHoursSink({ client: c, concurrency: 3 });
    const sum = (key: string) => Math.round(held.filter((h) => markerOf(h.Comment) === key).reduce((a, h) => a + Number(h.Hours.replace(',', '.')), 0) * 100) / 100;
    const items = Array.from({ length: 5 }, (_, i) =>
      [1, 2].map((code) => {
        const payload = { employeeId: `e${i}`, year: 2026, period: 6, hourCode: code, hours: 10 + i + code / 4 };
        return { idempotencyKey: nmbrsHoursKey(String(code), payload), payload };
      }),
    ).flat();
    const first = await sink.write(items);
    expect(first.map((r) => r.outcome)).toEqual(items.map(() => 'created'));
    // No id from Nmbrs: the entry is named by its key, so the journal knows it is held.
    expect(first.every((r, i) => r.externalId === `koppel:${items[i]!.idempotencyKey}`)).toBe(true);
    for (const it of items) expect(sum(it.idempotencyKey)).toBe(it.payload.hours);
    // Unchanged: nothing posted. After the change below an employee holds 3 components, over two pages of 2.
    const again = await sink.write(items);
    expect(again.map((r) => r.outcome)).toEqual(items.map(() => 'unchanged'));
    const posts = () => calls.filter((x) => x.method === 'POST').length;
    const p0 = posts();
    const changed = items.map((it, i) => ({ ...it, payload: { ...it.payload, hours: i % 2 ? it.payload.hours - 2.5 : it.payload.hours } }));
    const third = await sink.write(changed);
    expect(third.map((r) => r.outcome)).toEqual(changed.map((_, i) => (i % 2 ? 'updated' : 'unchanged')));
    expect(posts() - p0).toBe(5);
    for (const it of changed) expect(sum(it.idempotencyKey)).toBe(it.payload.hours);
    const back = await sink.readBack({ keys: changed.map((x) => x.idempotencyKey) });
    expect(back.map((b) => b.payload.hours).sort()).toEqual(changed.map((x) => x.payload.hours).sort());
    // Removed: nets to zero.
    const removed = await sink.remove([{ idempotencyKey: changed[1]!.idempotencyKey, externalId: first[1]!.externalId! }]);
    expect(removed[0]!.outcome).toBe('removed');
    expect(sum(changed[1]!.idempotencyKey)).toBe(0);
    // A past period, refused in words only: protected, not retried, nothing written.
    const past = { employeeId: 'e0', year: 2026, period: 3, hourCode: 1, hours: 4 };
    const n0 = held.length;
    const [refused] = await sink.write([{ idempotencyKey: nmbrsHoursKey('1', past), payload: past }]);
    expect(refused).toMatchObject({ outcome: 'failed', error: { code: 'protected_period', retryable: false } });
    expect(held).toHaveLength(n0);
  });
});
