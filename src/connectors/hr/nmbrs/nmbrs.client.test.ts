import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { HttpError } from '../../kit/http-client.ts';
import { ForbiddenMultiDebtorError, NmbrsClient, type NmbrsClientConfig } from './nmbrs.client.ts';

/** The client against a scripted fetch: headers, rotating refresh under the lock, gateway refusals, paging, the additive write. */

type Route = (req: { method: string; url: URL; headers: Headers; body: string }) => { status: number; body?: unknown; headers?: Record<string, string> };

function fakeFetch(route: Route) {
  const calls: Array<{ method: string; url: URL; headers: Headers; body: string }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const req = { method: init?.method ?? 'GET', url, headers: new Headers(init?.headers as Record<string, string>), body: typeof init?.body === 'string' ? init.body : init?.body ? new TextDecoder().decode(init.body as Uint8Array) : '' };
    calls.push(req);
    const out = route(req);
    return new Response(out.body === undefined ? null : JSON.stringify(out.body), { status: out.status, headers: { 'content-type': 'application/json', ...out.headers } });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const NOW = Date.UTC(2026, 5, 15, 10);
const page = (data: unknown[], nextPage: string | null = null) => ({ pagination: { pageNumber: 1, pageSize: 100, totalPages: nextPage ? 2 : 1, totalRecords: data.length, nextPage }, data });

function client(route: Route, over: Partial<NmbrsClientConfig> = {}) {
  const f = fakeFetch(route);
  const store = new MemoryTokenStore({ accessToken: 'a1', refreshToken: 'r1', expiresAt: NOW + 3_600_000 });
  const c = new NmbrsClient({
    baseUrl: 'https://api.nmbrsapp.com',
    subscriptionKey: 'sub-key',
    clientId: 'cid',
    clientSecret: 'secret',
    tokens: store,
    rateLimit: false,
    fetch: f.fetchImpl,
    now: () => NOW,
    sleep: async () => {},
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    ...over,
  });
  return { c, store, calls: f.calls };
}

describe('NmbrsClient', () => {
  it('sends the subscription key and the bearer token on every call', async () => {
    const { c, calls } = client(() => ({ status: 200, body: page([{ debtorId: 'd1', number: '1', name: 'D' }]) }));
    expect(await c.debtors()).toEqual([{ debtorId: 'd1', number: '1', name: 'D' }]);
    expect(calls[0]!.headers.get('x-subscription-key')).toBe('sub-key');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer a1');
    expect(calls[0]!.url.searchParams.get('pageNumber')).toBe('1');
    expect(calls[0]!.url.searchParams.get('pageSize')).toBe('100');
  });

  it('on a rejected token refreshes once at the identity service (parallel calls included) and stores the rotated refresh token before using it', async () => {
    let refreshes = 0;
    const { c, store, calls } = client((req) => {
      if (req.url.host === 'identityservice.nmbrs.com') {
        refreshes++;
        const form = new URLSearchParams(req.body);
        expect(form.get('grant_type')).toBe('refresh_token');
        expect(form.get('refresh_token')).toBe('r1');
        expect(form.get('client_id')).toBe('cid');
        return { status: 200, body: { access_token: 'a2', refresh_token: 'r2', expires_in: 3600, token_type: 'Bearer' } };
      }
      if (req.headers.get('authorization') !== 'Bearer a2') return { status: 401, body: { type: 'x', status: 401, code: 1001, title: 'Invalid Authentication', detail: 'expired' } };
      return { status: 200, body: page([{ code: 1, description: 'Gewerkte uren' }]) };
    });
    const results = await Promise.all([c.hourCodes('c1'), c.hourCodes('c2'), c.hourCodes('c3')]);
    expect(results.map((r) => r[0]!.code)).toEqual([1, 1, 1]);
    expect(refreshes).toBe(1);
    expect(store.current).toMatchObject({ accessToken: 'a2', refreshToken: 'r2' });
    expect(calls.filter((x) => x.url.pathname === '/connect/token')).toHaveLength(1);
  });

  it('a refused refresh (invalid_grant) means reconnect needed', async () => {
    const { c, store } = client((req) =>
      req.url.pathname === '/connect/token' ? { status: 400, body: { error: 'invalid_grant' } } : { status: 401, body: { status: 401, code: 1001, title: 'Invalid Authentication' } },
    );
    await expect(c.debtors()).rejects.toMatchObject({ code: 'reconnect_needed' });
    expect(store.reconnectNeeded).toBeTruthy();
  });

  it('a refused subscription key is not cured by refreshing the token', async () => {
    const { c, calls } = client(() => ({ status: 401, body: { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' } }));
    const err = await c.debtors().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).code).toBe('unauthorized');
    expect((err as HttpError).message).toMatch(/subscription key/);
    expect(calls.some((x) => x.url.pathname === '/connect/token')).toBe(false);
  });

  it('ForbiddenMultiDebtor on GET /api/companies becomes its own error', async () => {
    const { c } = client(() => ({ status: 403, body: { type: 't', status: 403, title: 'ForbiddenMultiDebtor.', detail: 'several debtors' } }));
    await expect(c.companies()).rejects.toBeInstanceOf(ForbiddenMultiDebtorError);
  });

  it('walks pages until nextPage is null or "" (both mean: last page)', async () => {
    for (const marker of [null, '']) {
      const { c, calls } = client((req) => {
        const n = Number(req.url.searchParams.get('pageNumber'));
        const data = n === 1 ? [{ employeeId: 'e1', functions: [] }] : [{ employeeId: 'e2', functions: [] }];
        return { status: 200, body: { pagination: { pageNumber: n, pageSize: 1, nextPage: n === 1 ? 'https://api.nmbrsapp.com/next' : marker }, data } };
      }, { pageSize: 1 });
      const rows = await c.bulk('c1', 'functions');
      expect([...rows.keys()]).toEqual(['e1', 'e2']);
      expect(calls).toHaveLength(2);
    }
  });

  it('variable hours: the period block as configured, and an additive POST is never repeated once it may have landed', async () => {
    const bodies: unknown[] = [];
    const { c, calls } = client((req) => {
      bodies.push(JSON.parse(req.body));
      return bodies.length === 1 ? { status: 200, body: { hourComponentId: 'h1' } } : { status: 503, body: { status: 503, title: 'Service Unavailable' } };
    });
    await c.addVariableHours('e1', { hourCode: 1, hours: 7.5, comment: 'k', period: { year: 2026, period: 25 }, unprotectedMode: false });
    expect(bodies[0]).toEqual({ hourCode: 1, hours: 7.5, comment: 'k', periodDetails: { period: { year: 2026, period: 25 }, unprotectedMode: false } });
    const err = await c.addVariableHours('e1', { hourCode: 1, hours: 1, period: { year: 2026, period: 25 }, unprotectedMode: true }).catch((e: unknown) => e);
    expect((err as HttpError).details.maybeCommitted).toBe(true);
    expect(calls).toHaveLength(2);
    const flat = client(() => ({ status: 200, body: {} }), { periodNesting: 'flat' });
    await flat.c.addVariableHours('e1', { hourCode: 2, hours: 1, period: { year: 2026, period: 6 }, unprotectedMode: true });
    expect(JSON.parse(flat.calls[0]!.body).periodDetails).toEqual({ year: 2026, period: 6, unprotectedMode: true });
  });
});
