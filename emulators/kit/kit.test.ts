import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startGoogleCalendarEmulator } from '../google/google-emulator.ts';
import { TIME_OFF_TYPES } from '../personio/personio-emulator.catalog.ts';
import { startPersonioEmulator } from '../personio/personio-emulator.server.ts';
import { EMULATORS } from '../registry.ts';
import { startZoomEmulator } from '../zoom/zoom-emulator.ts';
import { FaultInjector, normalizeFaults } from './faults.ts';
import { RateLimiter } from './rate-limit.ts';
import { runEmulatorCli } from './cli.ts';

/** The kit's shared pieces as emulators use them: dropped-after-commit writes, the fault profile, PKCE, rotation, revocation, rate limits, the registry. */

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
function track<T extends { close(): Promise<void> }>(em: T): T {
  closers.push(() => em.close());
  return em;
}

const ANNA = 'anna.jansen@example.com';
const bearer = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });

describe('drop_after_commit: the write lands, the answer never comes', () => {
  it('Google events.insert (scripted with injectFault)', async () => {
    const em = track(await startGoogleCalendarEmulator({}));
    const { accessToken } = em.credentials(ANNA);
    em.injectFault({ kind: 'drop_after_commit', method: 'POST', path: '/calendar/v3/calendars/primary/events' });
    const body = JSON.stringify({ id: 'dropped00001', summary: 'Interview', start: { dateTime: '2030-01-07T09:00:00Z' }, end: { dateTime: '2030-01-07T10:00:00Z' } });
    await expect(fetch(`${em.url}/calendar/v3/calendars/primary/events`, { method: 'POST', headers: bearer(accessToken), body })).rejects.toThrow();
    expect(em.events(ANNA).map((e) => e.resource.id)).toContain('dropped00001');
    // Retrying the same id now meets the committed event: the client must read back, not blindly re-create.
    const retry = await fetch(`${em.url}/calendar/v3/calendars/primary/events`, { method: 'POST', headers: bearer(accessToken), body });
    expect(retry.status).toBe(409);
    expect(em.kit.requestLog.find((r) => r.method === 'POST')?.status).toBe(0);
  });

  it('Zoom meeting create (scripted over the HTTP hook)', async () => {
    const em = track(await startZoomEmulator({}));
    const { accessToken } = em.credentials(ANNA);
    const hook = await fetch(`${em.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'drop_after_commit', method: 'POST', path: '/v2/users/me/meetings' }) });
    expect(hook.status).toBe(201);
    const create = () => fetch(`${em.url}/v2/users/me/meetings`, { method: 'POST', headers: bearer(accessToken), body: JSON.stringify({ topic: 'Interview', type: 2, start_time: '2030-01-07T09:00:00Z', duration: 30 }) });
    await expect(create()).rejects.toThrow();
    expect(em.meetings(ANNA).filter((m) => m.topic === 'Interview')).toHaveLength(1);
    expect((await create()).status).toBe(201);
    expect(em.meetings(ANNA).filter((m) => m.topic === 'Interview')).toHaveLength(2);
  });

  it('Personio time-off create, and as a random rate on writes only', async () => {
    const em = track(await startPersonioEmulator({ employees: 5, seed: 3, rateLimit: false }));
    const auth = (await (await fetch(`${em.url}/v1/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret }) })).json()) as { data: { token: string } };
    const employee = em.state.listEmployees().find((e) => e.status === 'active')!;
    const before = em.state.listTimeOffs().length;
    em.injectFault({ kind: 'drop_after_commit', method: 'POST', path: '/v1/company/time-offs' });
    const form = new URLSearchParams({ employee_id: String(employee.id), time_off_type_id: String(TIME_OFF_TYPES.find((t) => t.unit === 'day')!.id), start_date: '2031-05-04', end_date: '2031-05-04', half_day_start: 'false', half_day_end: 'false' });
    await expect(fetch(`${em.url}/v1/company/time-offs`, { method: 'POST', headers: { authorization: `Bearer ${auth.data.token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form })).rejects.toThrow();
    expect(em.state.listTimeOffs().length).toBe(before + 1);
    expect(em.stats.faults.dropAfterCommit).toBe(1);
    expect(em.stats.writesCommittedBeforeFault).toBe(1);
    // A profile with only dropped writes leaves reads alone.
    em.setFaults({ rateDropAfterCommit: 1 });
    expect((await fetch(`${em.url}/v1/company/time-off-types`, { headers: { authorization: `Bearer ${auth.data.token}` } })).status).toBe(200);
  });
});

describe('fault profile', () => {
  it('per-route rates replace the profile rates on matching requests', () => {
    const inj = new FaultInjector(normalizeFaults({ routes: [{ method: 'POST', path: '/v2/users', rate5xx: 1 }] }), 1);
    const all = new Set(['429', '5xx', 'timeout', 'expiredToken', 'malformed', 'dropAfterCommit'] as const);
    expect(inj.decide('POST /v2/users/me/meetings', all, { method: 'POST', path: '/v2/users/me/meetings' }).kind).toBe('5xx');
    expect(inj.decide('GET /v2/users/me', all, { method: 'GET', path: '/v2/users/me' }).kind).toBeNull();
  });

  it('expired tokens on a calendar emulator: 401 until refreshed', async () => {
    const em = track(await startGoogleCalendarEmulator({ faults: { routes: [{ path: '/calendar/v3/users/me/calendarList', rateExpiredToken: 1 }] } }));
    const { accessToken } = em.credentials(ANNA);
    const res = await fetch(`${em.url}/calendar/v3/users/me/calendarList`, { headers: bearer(accessToken) });
    expect(res.status).toBe(401);
    em.kit.setFaultProfile(undefined);
    expect((await fetch(`${em.url}/calendar/v3/users/me/calendarList`, { headers: bearer(accessToken) })).status).toBe(401);
  });

  it('rate limits answer 429 with Retry-After and recover', () => {
    let now = 0;
    const limiter = new RateLimiter([{ name: 'api', kind: 'token-bucket', capacity: 2, refillPerSecond: 1 }, { name: 'writes', method: 'POST', kind: 'sliding-window', limit: 1, windowMs: 10_000 }], () => now);
    expect(limiter.check('GET', '/x').allowed).toBe(true);
    expect(limiter.check('POST', '/x').allowed).toBe(true);
    expect(limiter.check('GET', '/x')).toEqual({ allowed: false, rule: 'api', retryAfterSeconds: 1 });
    now = 1000;
    expect(limiter.check('POST', '/x')).toMatchObject({ allowed: false, rule: 'writes', retryAfterSeconds: 9 });
    expect(limiter.check('GET', '/x').allowed).toBe(true);
  });

  it('a calendar emulator with rate limits sends 429 + Retry-After', async () => {
    const em = track(await startZoomEmulator({ rateLimits: [{ name: 'meetings', path: '/v2/users', kind: 'sliding-window', limit: 1, windowMs: 60_000 }] }));
    const { accessToken } = em.credentials(ANNA);
    expect((await fetch(`${em.url}/v2/users/me`, { headers: bearer(accessToken) })).status).toBe(200);
    const limited = await fetch(`${em.url}/v2/users/me`, { headers: bearer(accessToken) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('OAuth consent server', () => {
  async function code(em: { url: string; client: { clientId: string } }, authPath: string, extra: Record<string, string>) {
    const form = new URLSearchParams({ client_id: em.client.clientId, redirect_uri: 'http://127.0.0.1:9/cb', response_type: 'code', decision: 'allow', account: ANNA, ...extra });
    const res = await fetch(`${em.url}${authPath}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }
  const token = (em: { tokenUrl: string; client: { clientId: string; clientSecret: string } }, form: Record<string, string>, basic = false) =>
    fetch(em.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${Buffer.from(`${em.client.clientId}:${em.client.clientSecret}`).toString('base64')}` } : {}) },
      body: new URLSearchParams(basic ? form : { ...form, client_id: em.client.clientId, client_secret: em.client.clientSecret }),
    });

  it('PKCE S256: the exchange needs the matching code_verifier', async () => {
    const em = track(await startGoogleCalendarEmulator({}));
    const verifier = 'a-verifier-of-sufficient-length-0123456789-abcdefghij';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const c1 = await code(em, '/o/oauth2/v2/auth', { code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await token(em, { grant_type: 'authorization_code', code: c1, redirect_uri: 'http://127.0.0.1:9/cb', code_verifier: 'wrong' })).status).toBe(400);
    const c2 = await code(em, '/o/oauth2/v2/auth', { code_challenge: challenge, code_challenge_method: 'S256' });
    const ok = await token(em, { grant_type: 'authorization_code', code: c2, redirect_uri: 'http://127.0.0.1:9/cb', code_verifier: verifier });
    expect(ok.status).toBe(200);
    // Revocation (RFC 7009): the refresh token stops working.
    const { refresh_token } = (await ok.json()) as { refresh_token: string };
    expect((await fetch(`${em.url}/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: refresh_token }) })).status).toBe(200);
    expect((await token(em, { grant_type: 'refresh_token', refresh_token })).status).toBe(400);
  });

  it('rotation: a used refresh token is refused', async () => {
    const em = track(await startZoomEmulator({}));
    const c = await code(em, '/oauth/authorize', {});
    const first = (await (await token(em, { grant_type: 'authorization_code', code: c, redirect_uri: 'http://127.0.0.1:9/cb' }, true)).json()) as { refresh_token: string };
    const second = await token(em, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, true);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { refresh_token: string }).refresh_token).not.toBe(first.refresh_token);
    const reused = await token(em, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, true);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('registry and generic CLI', () => {
  it('lists every vendor and starts each with the same common flags', async () => {
    expect(Object.keys(EMULATORS)).toEqual(['personio', 'nmbrs', 'loket', 'google', 'microsoft', 'zoom', 'gotomeeting']);
    for (const name of ['personio', 'nmbrs', 'loket', 'google', 'microsoft', 'zoom', 'gotomeeting'] as const) {
      const lines: string[] = [];
      const em = await runEmulatorCli(name, ['--port', '0', '--seed', '3', '--latency-ms', '1', '--faults', '{"rate429":0}', ...(name === 'personio' || name === 'nmbrs' || name === 'loket' ? ['--employees', '3'] : [])], { log: (l) => lines.push(l) });
      track(em!);
      const title = name === 'personio' ? 'Personio' : name === 'nmbrs' ? 'Nmbrs' : name === 'loket' ? 'Loket' : name;
      expect(lines[0]).toMatch(new RegExp(`^${title} emulator listening on ${em!.url}$`));
      expect(lines.join('\n')).toContain(`client secret: ${em!.credentials.clientSecret}`);
    }
  });

  it('refuses an invalid fault profile', async () => {
    await expect(runEmulatorCli('google', ['--port', '0', '--faults', '{"rate429":0.8,"rate5xx":0.8}'], { log: () => {} })).rejects.toThrow(/at most 1/);
  });
});
