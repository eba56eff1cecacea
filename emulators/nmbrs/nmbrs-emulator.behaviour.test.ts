import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidBsn } from '../../src/domain/bsn.ts';
import { runEmulatorCli } from '../kit/cli.ts';
import { generate } from './nmbrs-emulator.data.ts';
import { NMBRS_DEFAULT_SUBSCRIPTION_KEY, startNmbrsEmulator, type NmbrsEmulator } from './nmbrs-emulator.server.ts';

/** The Nmbrs stand-in behaves as the reference (§A) describes, as seen over HTTP. */

const REF = '2026-06-15';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// biome-ignore lint/suspicious/noExplicitAny: loose JSON reading in assertions
type Json = Record<string, any>;

let em: NmbrsEmulator;
let token: string;

async function call(path: string, init: { method?: string; body?: unknown; key?: string | null; token?: string | null; query?: Record<string, string | number> } = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const u = new URL(`${em.url}${path}`);
  for (const [k, v] of Object.entries(init.query ?? {})) u.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.key !== null) headers['x-subscription-key'] = init.key ?? NMBRS_DEFAULT_SUBSCRIPTION_KEY;
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(u, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

async function all(path: string, pageSize = 100, t?: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let n = 1; ; n++) {
    const r = await call(path, { query: { pageNumber: n, pageSize }, ...(t ? { token: t } : {}) });
    expect(r.status).toBe(200);
    out.push(...(r.body.data as Json[]));
    if (r.body.pagination.nextPage === null) return out;
  }
}

beforeAll(async () => {
  em = await startNmbrsEmulator({ seed: 5, employees: 90, companies: 3, debtors: 2, referenceDate: REF, rateLimitPerSecond: 0 });
  token = em.issueTokens('hr@example.nl').accessToken;
});
afterAll(async () => {
  await em?.close();
});

describe('Nmbrs emulator: identity', () => {
  it('serves discovery, a consent page, the code exchange and ROTATING refresh tokens (a used one is refused)', async () => {
    const disc = (await (await fetch(`${em.url}/.well-known/openid-configuration`)).json()) as Json;
    expect(disc.token_endpoint).toBe(`${em.url}/connect/token`);
    expect(disc.scopes_supported).toContain('offline_access');
    const q = new URLSearchParams({ client_id: em.client.clientId, redirect_uri: 'http://127.0.0.1:9/cb', response_type: 'code', scope: 'company.info.read employee.info.read offline_access', state: 'st' });
    const pageRes = await fetch(`${em.url}/connect/authorize?${q}`);
    expect(pageRes.status).toBe(200);
    expect(await pageRes.text()).toContain('salarisadministratie@example.nl');
    const allow = await fetch(`${em.url}/connect/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...Object.fromEntries(q), decision: 'allow', account: 'hr@example.nl' }) });
    expect(allow.status).toBe(302);
    const back = new URL(allow.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('st');
    const form = (f: Record<string, string>) => fetch(`${em.url}/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: em.client.clientId, client_secret: em.client.clientSecret, ...f }) });
    const first = (await (await form({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: 'http://127.0.0.1:9/cb' })).json()) as Json;
    expect(first).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(first.refresh_token).toBeTruthy();
    const second = await form({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    const secondBody = (await second.json()) as Json;
    expect(second.status).toBe(200);
    expect(secondBody.refresh_token).not.toBe(first.refresh_token);
    const reused = await form({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as Json).error).toBe('invalid_grant');
    expect((await call('/api/debtors', { token: secondBody.access_token })).status).toBe(200);
    // The token is held to the scopes consented to.
    const c = em.data.companies[0]!;
    expect((await call(`/api/companies/${c.companyId}/employees/personalinfo`, { token: secondBody.access_token })).status).toBe(200);
    const salaries = await call(`/api/companies/${c.companyId}/employees/salaries`, { token: secondBody.access_token });
    expect(salaries.status).toBe(403);
    expect(salaries.body).toMatchObject({ code: 1002, detail: expect.stringContaining('employee.payment.read') });
  });

  it('checks X-Subscription-Key on every API call, before the bearer token', async () => {
    expect((await call('/api/debtors', { key: null })).status).toBe(401);
    expect((await call('/api/debtors', { key: 'wrong' })).body.message).toMatch(/invalid subscription key/);
    const noBearer = await call('/api/debtors', { token: null });
    expect(noBearer.status).toBe(401);
    expect(noBearer.body).toMatchObject({ status: 401, code: 1001, title: 'Invalid Authentication' });
    expect(Object.keys(noBearer.body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
  });
});

describe('Nmbrs emulator: debtors, companies, paging', () => {
  it('a token covering several debtors gets ForbiddenMultiDebtor on GET /api/companies and lists per debtor instead', async () => {
    const multi = em.issueTokens('salarisadministratie@example.nl').accessToken;
    const r = await call('/api/companies', { token: multi });
    expect(r.status).toBe(403);
    expect(r.body.title).toBe('ForbiddenMultiDebtor.');
    const debtors = await all('/api/debtors', 100, multi);
    expect(debtors).toHaveLength(2);
    const perDebtor = (await Promise.all(debtors.map((d) => all(`/api/debtors/${d.debtorId}/companies`, 100, multi)))).flat();
    expect(perDebtor).toHaveLength(3);
    for (const c of perDebtor) expect(Object.keys(c).sort()).toEqual(['companyId', 'debtorId', 'name', 'number']);
    // The single-debtor account lists its companies directly, and cannot reach the other debtor's.
    const mine = await all('/api/companies');
    expect(mine.map((c) => c.debtorId)).toEqual(mine.map(() => debtors[0]!.debtorId));
    const other = perDebtor.find((c) => c.debtorId !== debtors[0]!.debtorId)!;
    expect((await call(`/api/companies/${other.companyId}/employees/personalinfo`)).status).toBe(403);
  });

  it('pages by pageNumber/pageSize with the pagination envelope; nextPage is null on the last page', async () => {
    const c = em.data.companies[0]!;
    const p1 = await call(`/api/companies/${c.companyId}/employees/personalinfo`, { query: { pageNumber: 1, pageSize: 7 } });
    expect(p1.body.pagination).toMatchObject({ pageNumber: 1, pageSize: 7, totalPages: Math.ceil(p1.body.pagination.totalRecords / 7) });
    expect(p1.body.pagination.nextPage).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/companies\/.+pageNumber=2/);
    expect(p1.body.pagination.previousPage).toBeNull();
    const last = await call(`/api/companies/${c.companyId}/employees/personalinfo`, { query: { pageNumber: p1.body.pagination.totalPages, pageSize: 7 } });
    expect(last.body.pagination.nextPage).toBeNull();
    const rows = await all(`/api/companies/${c.companyId}/employees/personalinfo`, 7);
    expect(rows).toHaveLength(p1.body.pagination.totalRecords);
    expect(new Set(rows.map((r) => r.employeeId)).size).toBe(rows.length);
    // Page size is capped.
    expect((await call('/api/debtors', { query: { pageSize: 5000 } })).body.pagination.pageSize).toBe(100);
  });
});

describe('Nmbrs emulator: employees', () => {
  it('returns history rows per employee for every collection, GUID ids throughout', async () => {
    const c = em.data.companies[0]!;
    for (const [path, key] of [
      ['personalinfo', 'info'],
      ['contracts', 'contracts'],
      ['employments', 'employments'],
      ['functions', 'functions'],
      ['departments', 'departments'],
      ['costcenters', 'employeeCostCenters'],
      ['schedules', 'schedules'],
      ['salaries', 'salaries'],
      ['privateInfos', 'privateInfos'],
    ] as const) {
      const rows = await all(`/api/companies/${c.companyId}/employees/${path}`);
      expect(rows.length, path).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.employeeId).toMatch(GUID);
        expect(Array.isArray(r[key]), `${path}.${key}`).toBe(true);
        for (const row of r[key] as Json[]) expect(Date.parse(row.createdAt), `${path} createdAt`).not.toBeNaN();
      }
    }
    const info = (await all(`/api/companies/${c.companyId}/employees/personalinfo`))[0]!.info[0];
    expect(info.personalInfoId).toMatch(GUID);
    expect(info.basicInfo).toHaveProperty('employeeNumber');
    expect(info.period).toEqual({ year: expect.any(Number), period: expect.any(Number) });
  });

  it('realistic Dutch data: elfproef BSNs, tussenvoegsels, former employees, rehires, one person in two companies, future rows', () => {
    const d = generate({ seed: 3, employees: 600, companies: 3, debtors: 1, referenceDate: REF });
    expect(d.employees).toHaveLength(600);
    for (const e of d.employees) expect(isValidBsn(e.privateInfos[0]!.bsn)).toBe(true);
    const prefixed = d.employees.filter((e) => e.personalInfo[0]!.basicInfo.prefix);
    expect(prefixed.length).toBeGreaterThan(100);
    expect(prefixed.map((e) => e.personalInfo[0]!.basicInfo.prefix)).toContain('van der');
    const former = d.employees.filter((e) => e.employments.at(-1)!.endDate !== null);
    expect(former.length).toBeGreaterThan(30);
    for (const e of former) expect(e.personalInfo[0]!.basicInfo.employeeType).toBe('formerPayroll');
    expect(d.employees.filter((e) => e.employments.length === 2).length).toBeGreaterThan(5);
    const byBsn = new Map<string, Set<string>>();
    for (const e of d.employees) byBsn.set(e.privateInfos[0]!.bsn, (byBsn.get(e.privateInfos[0]!.bsn) ?? new Set()).add(e.companyId));
    expect([...byBsn.values()].filter((s) => s.size > 1).length).toBeGreaterThan(3);
    expect(d.employees.some((e) => e.personalInfo.some((r) => r.period.year * 100 + r.period.period > 202606))).toBe(true);
    expect(new Set(d.companies.map((c) => c.periodType))).toEqual(new Set(['monthly', 'four_weekly', 'weekly']));
    // Deterministic.
    expect(generate({ seed: 3, employees: 600, companies: 3, debtors: 1, referenceDate: REF })).toEqual(d);
  });

  it('createdFrom returns only employees with rows created since; employeeId narrows to one', async () => {
    const c = em.data.companies[0]!;
    const since = new Date().toISOString();
    const ids = em.data.employees.filter((e) => e.companyId === c.companyId).slice(2, 4).map((e) => e.employeeId);
    em.changeEmployees(ids);
    const changed = await all(`/api/companies/${c.companyId}/employees/functions?createdFrom=${encodeURIComponent(since)}`);
    expect(changed.map((r) => r.employeeId).sort()).toEqual([...ids].sort());
    for (const r of changed) expect(r.functions).toHaveLength(1);
    const one = await all(`/api/companies/${c.companyId}/employees/functions?employeeId=${ids[0]}`);
    expect(one.map((r) => r.employeeId)).toEqual([ids[0]]);
  });
});

describe('Nmbrs emulator: hour codes and variable hours', () => {
  const weekly = () => em.data.companies.find((c) => c.periodType === 'weekly' && c.debtorId === em.data.debtors[0]!.debtorId) ?? em.data.companies.find((c) => c.periodType === 'weekly')!;
  const tokenFor = (companyDebtor: string) => (companyDebtor === em.data.debtors[0]!.debtorId ? token : em.issueTokens('salarisadministratie@example.nl').accessToken);

  it('hour codes are per company', async () => {
    const [a, b] = em.data.companies;
    const ca = (await all(`/api/companies/${a!.companyId}/hourcodes`, 100, tokenFor(a!.debtorId))).map((h) => h.code);
    const cb = (await all(`/api/companies/${b!.companyId}/hourcodes`, 100, tokenFor(b!.debtorId))).map((h) => h.code);
    expect(ca).not.toEqual(cb);
    expect(ca.every((x) => Number.isInteger(x))).toBe(true);
  });

  it('POST adds (twice is double), GET reads the period back, protected past periods need unprotectedMode, 53 weeks in 2026', async () => {
    const c = weekly();
    const t = tokenFor(c.debtorId);
    const e = em.data.employees.find((x) => x.companyId === c.companyId)!;
    const code = c.hourCodes[0]!.code;
    const cur = em.currentPeriod(c.companyId);
    expect(cur).toEqual({ year: 2026, period: 25 });
    const post = (body: Json) => call(`/api/employees/${e.employeeId}/variablehours`, { method: 'POST', body, token: t });
    expect((await post({ hourCode: code, hours: 8, comment: 'a', periodDetails: { period: cur, unprotectedMode: false } })).status).toBe(200);
    expect((await post({ hourCode: code, hours: 8, comment: 'a', periodDetails: { year: cur.year, period: cur.period } })).status).toBe(200);
    const held = await call(`/api/employees/${e.employeeId}/variablehours`, { query: { year: cur.year, period: cur.period }, token: t });
    expect(held.body.data.map((h: Json) => h.hours)).toEqual([8, 8]);
    expect(held.body.data[0]).toMatchObject({ hourCode: code, hourCodeDescription: 'Gewerkte uren', comment: 'a' });
    // No period: the current one.
    await post({ hourCode: code, hours: 1.5 });
    expect((await call(`/api/employees/${e.employeeId}/variablehours`, { token: t })).body.data).toHaveLength(3);

    const past = await post({ hourCode: code, hours: 2, periodDetails: { period: { year: 2026, period: 10 } } });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ status: 400, code: 2011, title: 'Protected Mode: Cannot Change in the Past' });
    expect((await post({ hourCode: code, hours: 2, periodDetails: { period: { year: 2026, period: 10 }, unprotectedMode: true } })).status).toBe(200);
    expect((await post({ hourCode: code, hours: 2, periodDetails: { period: { year: 2026, period: 53 } } })).status).toBe(200);
    const bad53 = await post({ hourCode: code, hours: 2, periodDetails: { period: { year: 2025, period: 53 }, unprotectedMode: true } });
    expect(bad53.body).toMatchObject({ code: 2006, title: 'Invalid Period' });
    const badCode = await post({ hourCode: 999_999, hours: 2 });
    expect(badCode.body).toMatchObject({ status: 400, code: 2001 });
    // Delete one component.
    const id = held.body.data[0].hourComponentId;
    expect((await call(`/api/employees/${e.employeeId}/hours/${id}`, { method: 'DELETE', token: t })).status).toBe(204);
    expect(em.hourComponents(e.employeeId).some((h) => h.hourComponentId === id)).toBe(false);
  });

  it('a monthly company refuses period 13; its variable hours are per employee', async () => {
    const c = em.data.companies.find((x) => x.periodType === 'monthly')!;
    const t = tokenFor(c.debtorId);
    const e = em.data.employees.find((x) => x.companyId === c.companyId)!;
    const r = await call(`/api/employees/${e.employeeId}/variablehours`, { method: 'POST', token: t, body: { hourCode: c.hourCodes[1]!.code, hours: 3, periodDetails: { period: { year: 2026, period: 13 }, unprotectedMode: true } } });
    expect(r.body.code).toBe(2006);
  });
});

describe('Nmbrs emulator: limits, faults, CLI', () => {
  it('answers 429 with Retry-After above the rate limit, and under an injected fault', async () => {
    const limited = await startNmbrsEmulator({ seed: 1, employees: 5, companies: 1, referenceDate: REF, rateLimitPerSecond: 3 });
    try {
      const t = limited.issueTokens().accessToken;
      const statuses = await Promise.all(Array.from({ length: 8 }, () => fetch(`${limited.url}/api/debtors`, { headers: { 'x-subscription-key': limited.subscriptionKey, authorization: `Bearer ${t}` } })));
      const refused = statuses.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused[0]!.json()) as Json).status).toBe(429);
    } finally {
      await limited.close();
    }
    em.injectFault({ status: 429, path: '/api/debtors', retryAfterSeconds: 2 });
    const r = await call('/api/debtors');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(r.body).toMatchObject({ status: 429, code: 429 });
  });

  it('`koppel emulator nmbrs` starts with the documented flags and prints how to connect', async () => {
    const lines: string[] = [];
    const running = await runEmulatorCli('nmbrs', ['--port', '0', '--employees', '40', '--companies', '2', '--seed', '9', '--latency-ms', '0', '--faults', '0.1', '--reference-date', REF], { log: (l) => lines.push(l) });
    try {
      const out = lines.join('\n');
      expect(out).toMatch(/^Nmbrs emulator listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('X-Subscription-Key');
      expect(out).toContain('40 employee records');
      expect(out).toMatch(/faults 10 %/);
    } finally {
      await running!.close();
    }
  });
});
