import { afterEach, describe, expect, it } from 'vitest';
import { listAll } from '../../kit/contracts/source-contract.ts';
import { HttpError, type HttpEvent } from '../../kit/http-client.ts';
import type { HrConnector } from '../../kit/hr-connector.ts';
import { PERSONIO_RATE_LIMITS as EMULATED_LIMITS } from '../../../../emulators/personio/personio-emulator.rate-limit.ts';
import { startPersonioEmulator, type PersonioEmulator, type PersonioEmulatorOptions } from '../../../../emulators/personio/personio-emulator.server.ts';
import { PERSONIO_RATE_LIMITS, formatUpdatedSince, isPersonioTokenRejected } from './personio.client.ts';
import { PersonioConnector, type PersonioConnectorConfig } from './personio.connector.ts';

/**
 * Personio-specific behaviour on top of the shared contract: the documented rate limits, token
 * handling as Personio does it (header tokens, rotation, expiry), record-offset drift, attendance
 * writes with partial commits, and the number of calls a listing costs.
 */

const REFERENCE_DATE = '2025-06-02';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10, maxAttempts: 8 };
const running: PersonioEmulator[] = [];

async function emulator(opts: Partial<PersonioEmulatorOptions> = {}): Promise<PersonioEmulator> {
  const em = await startPersonioEmulator({ employees: 60, seed: 21, referenceDate: REFERENCE_DATE, rateLimit: false, v1Attendances: 'served', ...opts });
  running.push(em);
  return em;
}

function connector(em: PersonioEmulator, extra: Partial<PersonioConnectorConfig> = {}): PersonioConnector {
  return new PersonioConnector({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, retry: FAST_RETRY, timeoutMs: 2_000, ...extra });
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

describe('rate limits', () => {
  it('the default limits fit inside every documented window, and use the whole burst', () => {
    const L = PERSONIO_RATE_LIMITS;
    // The employee list: Personio's own two windows, each a little wider on our side.
    if (!('windows' in L.employees)) throw new Error('employees should be sliding windows');
    const [second, minute] = [...L.employees.windows].sort((a, b) => a.windowMs - b.windowMs);
    // Each at the documented limit, over a window at least as long as Personio's (never more than 1 % longer).
    expect(second).toMatchObject({ limit: EMULATED_LIMITS.employeesPerSecond });
    expect(second!.windowMs).toBeGreaterThanOrEqual(1_000);
    expect(minute).toMatchObject({ limit: EMULATED_LIMITS.employeesPerMinute });
    expect(minute!.windowMs).toBeGreaterThanOrEqual(60_000);
    expect(minute!.windowMs).toBeLessThanOrEqual(60_600);
    expect(L.employees.marginMs ?? 0).toBeGreaterThan(0);
    expect(L.auth.capacity + L.auth.refillPerSecond * 60).toBeLessThanOrEqual(EMULATED_LIMITS.authPerMinute);
    expect(L.global.capacity + L.global.refillPerSecond * 60).toBeLessThanOrEqual(EMULATED_LIMITS.globalPerMinutePerIp);
  });

  it('a listing with more pages than the burst allowance stays under the documented limits: no 429 at all', async () => {
    const em = await emulator({ employees: 500, rateLimit: {} });
    const c = connector(em, { pageSize: 25 });
    const started = Date.now();
    const { employees } = await listAll(c);
    expect(employees).toHaveLength(500);
    // The client sends within the documented windows (its own send times; see the limiter's unit tests). The
    // emulator shares this process: on a starved machine (the whole suite on 2 cores) it accepts requests late
    // and bunched and may answer a few 429s for that, which the client absorbs. On a quiet machine: none.
    expect(em.stats.served429).toBeLessThanOrEqual(3);
    expect(em.stats.calls['GET /v1/company/employees']).toBe(20 + em.stats.served429);
    expect(c.metrics()).toMatchObject({ rateLimited: em.stats.served429, retries: em.stats.served429 });
    // 15 pages go out as a burst, the other 5 a second later: never faster than that, however fast the machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("clients of one company share its budget: a listing right after another client's request waits for its slot (no 429)", async () => {
    const em = await emulator({ employees: 500, rateLimit: {} });
    // The connect check (its own connector) asks one page of the employee list …
    const check = connector(em);
    await check.client.employeesPage({ offset: 0, limit: 1 });
    // … and a new connector of the same company sends a whole burst at once.
    const sync = connector(em);
    const started = Date.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => sync.client.employeesPage({ offset: i * 20, limit: 20 })));
    // 16 requests in the first second is one too many: the last one waits for the check's slot to leave the window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(em.stats.rateLimited).toBe(0);
  });

  it('without the client-side limiter the same pages run into the limit (so the test above can fail)', async () => {
    const em = await emulator({ employees: 500, rateLimit: {} });
    // No attempt may time out on a loaded machine: a 429 answered after the client gave up is not counted by it.
    const c = connector(em, { rateLimit: false, timeoutMs: 30_000, retry: { ...FAST_RETRY, rateLimitFloorMs: 250, maxAttempts: 12 } });
    // In parallel, and twice the burst limit (15 a second), so that enough reach the emulator within
    // one second even on a loaded machine.
    const pages = await Promise.all(Array.from({ length: 30 }, (_, i) => c.client.employeesPage({ offset: i * 20, limit: 20 })));
    expect(pages.flatMap((p) => p.rows)).toHaveLength(500);
    expect(em.stats.rateLimited).toBeGreaterThan(0);
    expect(c.metrics().rateLimited).toBe(em.stats.served429);
  });
});

describe('API calls', () => {
  it('listing 1000 employees costs 1 auth + 1 attribute catalogue + 10 pages', async () => {
    const em = await emulator({ employees: 1000 });
    const c = connector(em);
    const { employees } = await listAll(c);
    expect(employees).toHaveLength(1000);
    expect(c.metrics()).toEqual({ apiCalls: 12, retries: 0, rateLimited: 0 });
    expect(em.stats.calls).toEqual({ 'POST /v1/auth': 1, 'GET /v1/company/employees/attributes': 1, 'GET /v1/company/employees': 10 });
  });

  it('an incremental listing with nothing changed is one page, and known field keys save the catalogue call', async () => {
    let now = Date.UTC(2025, 5, 2, 10);
    const em = await emulator({ employees: 300, clock: () => now });
    const keys = await connector(em).fieldKeys();
    now += 3_600_000;
    const c = connector(em, { fieldKeys: keys });
    const { employees } = await listAll(c, { updatedSince: new Date(now - 60_000) });
    expect(employees).toEqual([]);
    expect(c.metrics().apiCalls).toBe(2);
  });

  it('listOrganisation after a full listing needs no further calls', async () => {
    const em = await emulator();
    const c = connector(em);
    await listAll(c);
    const calls = c.metrics().apiCalls;
    const org = await c.listOrganisation();
    expect(c.metrics().apiCalls).toBe(calls);
    expect(org.contractTypes.map((t) => t.name)).toContain('Vaste kracht');
  });
});

describe('tokens', () => {
  it('authenticates once for a whole listing', async () => {
    const em = await emulator({ employees: 300 });
    await listAll(connector(em, { pageSize: 20, rateLimit: false }));
    expect(em.stats.tokensIssued).toBe(1);
    expect(em.stats.calls['POST /v1/auth']).toBe(1);
  });

  it('follows historic single-use tokens through the authorization response header', async () => {
    const em = await emulator({ employees: 120, rotateTokens: true });
    const c = connector(em, { pageSize: 20 });
    const { employees } = await listAll(c);
    expect(employees).toHaveLength(120);
    expect(em.stats.calls['POST /v1/auth']).toBe(1);
    expect(c.metrics().retries).toBe(0);
  });

  it('re-authenticates once when the token expires mid-listing', async () => {
    const em = await emulator({ employees: 120 });
    const c = connector(em, { pageSize: 20 });
    const { employees } = await listAll(c, { onProgress: (read) => read === 40 && em.expireTokens() });
    expect(employees).toHaveLength(120);
    expect(em.stats.calls['POST /v1/auth']).toBe(2);
    // Every page in flight with the dead token is refused and repeated, but they share one new token.
    expect(c.client.metrics().tokensIssued).toBe(2);
  });

  it('tells an unknown token (refresh) from a missing right (do not)', () => {
    expect(isPersonioTokenRejected(401, { success: false, error: { code: 401, message: 'The access token has expired' } })).toBe(true);
    expect(isPersonioTokenRejected(403, { success: false, error: { code: 403, message: 'Provided authorization is not valid' } })).toBe(true);
    expect(isPersonioTokenRejected(403, { success: false, error: { code: 0, message: 'personio.core.api.exceptions.api.forbidden.http.exception' } })).toBe(false);
  });

  it('a listing without the employee right fails with "forbidden", after one auth', async () => {
    const em = await emulator({ rights: ['attendances:read'] });
    const err = await listAll(connector(em)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).code).toBe('forbidden');
    expect(em.stats.calls['POST /v1/auth']).toBe(1);
  });
});

describe('paging', () => {
  it('a record deleted mid-listing does not make the next one disappear', async () => {
    const em = await emulator({ employees: 100 });
    const removed = em.state.listEmployees()[3]!.id;
    const c = connector(em, { pageSize: 20 });
    const { employees } = await listAll(c, { onProgress: (read) => read === 20 && em.state.removeEmployee(removed) });
    const ids = new Set(employees.map((e) => e.externalId));
    expect(ids.size).toBe(employees.length);
    for (const e of em.state.listEmployees()) expect(ids.has(String(e.id)), `employee ${e.id}`).toBe(true);
  });

  it('with every response carrying a malformed row, the listing is still complete and clean', async () => {
    const em = await emulator({ employees: 100 });
    const clean = (await listAll(connector(em, { pageSize: 20 }))).employees;
    em.setFaults({ rateMalformed: 1 });
    const { employees, invalid } = await listAll(connector(em, { pageSize: 20 }));
    expect(invalid).toEqual([]);
    expect(employees).toEqual(clean);
    expect(em.stats.faults.malformed).toBeGreaterThanOrEqual(10);
  });

  it('sends updated_since in UTC without an offset, floored to the second', () => {
    expect(formatUpdatedSince(new Date('2025-06-02T09:59:59.999Z'))).toBe('2025-06-02T09:59:59');
  });
});

describe('verifyCredentials', () => {
  it('checks only the employee right when no time exchange is switched on', async () => {
    const em = await emulator({ rights: ['employees:read'] });
    expect(await connector(em).verifyCredentials()).toEqual({ ok: true });
    expect(Object.keys(em.stats.calls).sort()).toEqual(['GET /v1/company/employees', 'POST /v1/auth']);
  });

  it('checks the write right on v2 without writing anything, and never asks the retired v1 attendances', async () => {
    const em = await emulator({ v1Attendances: 'removed' });
    expect(await connector(em, { features: { attendances: true, absences: true } }).verifyCredentials()).toEqual({ ok: true });
    expect(em.state.listAttendances()).toEqual([]);
    expect(em.stats.calls['PATCH /v2/attendance-periods/{id}']).toBe(1);
    expect(em.stats.calls['POST /v2/auth/token']).toBe(1);
    expect(Object.keys(em.stats.calls).filter((k) => k.includes('/v1/company/attendances'))).toEqual([]);
  });

  it('lists every missing right of the enabled features', async () => {
    const em = await emulator({ rights: ['employees:read'] });
    expect(await connector(em, { features: { attendances: true, absences: true } }).verifyCredentials()).toEqual({ ok: false, reason: 'missing_rights', missing: ['attendances:read', 'attendances:write', 'absences:read'] });
    expect(await connector(em, { features: { absences: true } }).verifyCredentials()).toEqual({ ok: false, reason: 'missing_rights', missing: ['absences:read'] });
  });

  it('a Personio that answers but does not offer an endpoint is "endpoint unavailable", naming it', async () => {
    const em = await emulator();
    em.injectFault({ status: 404, method: 'GET', path: '/v2/attendance-periods', times: 5 });
    expect(await connector(em, { features: { attendances: true } }).verifyCredentials()).toMatchObject({ ok: false, reason: 'endpoint_unavailable', endpoint: 'GET /v2/attendance-periods', status: 404 });
  });

  it('a wrong base URL is "unreachable", not "invalid credentials"', async () => {
    const em = await emulator();
    const result = await connector(em, { baseUrl: `${em.url}/not-personio` }).verifyCredentials();
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});

describe('BSN hygiene', () => {
  it('no BSN reaches an event, an error or a warning, faults or not', async () => {
    const em = await emulator({ employees: 100 });
    const bsns = em.state.listEmployees().flatMap((e) => (e.bsn ? [e.bsn] : []));
    expect(bsns.length).toBeGreaterThan(10);
    em.setFaults({ rate429: 0.05, rate5xx: 0.05, rateTimeout: 0.02, rateExpiredToken: 0.05, rateMalformed: 0.5, timeoutMs: 100 });
    const events: HttpEvent[] = [];
    const { employees, invalid } = await listAll(connector(em, { pageSize: 20, onEvent: (e) => events.push(e) }));
    const text = JSON.stringify({ events, invalid, warnings: employees.map((e) => e.warnings) });
    expect(events.length).toBeGreaterThan(0);
    for (const bsn of bsns) expect(text).not.toContain(bsn);
  });
});

describe('capabilities and account scope', () => {
  const base = { baseUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 'secret' };

  it('declares only what it does (read-only) and one company account, without calling Personio', async () => {
    let calls = 0;
    const c = new PersonioConnector({ ...base, fetch: (async () => {
      calls++;
      throw new Error('no call expected');
    }) as typeof fetch });
    expect(c.capabilities).toEqual(['employees:read', 'organisation:read', 'absences:read']);
    expect((c as HrConnector).sink).toBeUndefined();
    expect(await c.listAccounts()).toEqual([{ id: 'company', name: 'Personio company', kind: 'company' }]);
    expect(calls).toBe(0);
  });

  it('takes its own company as scope and refuses a foreign one', () => {
    expect(() => new PersonioConnector({ ...base, accountScope: ['company'] })).not.toThrow();
    expect(() => new PersonioConnector({ ...base, accountScope: ['company', 'other'] })).toThrow(/one account/);
  });
});
