import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerAuth, CachedTokenProvider } from './auth/token-cache.ts';
import {
  HttpClient,
  HttpError,
  RateLimiter,
  TokenBucket,
  backoffCap,
  fullJitter,
  parseRetryAfter,
  type HttpClientOptions,
  type HttpEvent,
  SlidingWindowLimit,
  parseRateLimitReset,
} from './http-client.ts';

/** A scripted vendor: each call gets the next answer (or the last one again). */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | { error: unknown } | 'hang';
interface Seen {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function scripted(answers: Answer[] | ((seen: Seen, n: number) => Answer)) {
  const seen: Seen[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const s: Seen = { url: new URL(String(input)), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body: init?.body as string | undefined };
    seen.push(s);
    const a = typeof answers === 'function' ? answers(s, seen.length) : answers[Math.min(seen.length, answers.length) - 1]!;
    if (a === 'hang') {
      // Like a stuck vendor: nothing until the client gives up.
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true }));
    }
    if ('error' in a) throw a.error;
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {});
    return new Response(text, { status: a.status, headers: { 'content-type': 'application/json', ...a.headers } });
  };
  return { fetchImpl, seen };
}

/** Sleeping advances a fake clock instead of waiting. */
function fakeTime(start = 1_700_000_000_000) {
  const t = { now: start, sleeps: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number) => {
      t.sleeps.push(ms);
      t.now += ms;
    },
  };
}

function client(fetchImpl: typeof fetch, extra: Partial<HttpClientOptions> = {}) {
  const time = fakeTime();
  const c = new HttpClient({
    baseUrl: 'https://vendor.example/api/',
    fetch: fetchImpl,
    sleep: time.sleep,
    now: time.now,
    random: () => 0.5,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, rateLimitFloorMs: 1_000 },
    ...extra,
  });
  return { c, time: time.t };
}

const connRefused = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
const connReset = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

describe('requests', () => {
  it('builds URLs under the base path, repeats array parameters and leaves out empty ones', async () => {
    const { fetchImpl, seen } = scripted([{ status: 200, body: { ok: 1 } }]);
    const { c } = client(fetchImpl);
    const res = await c.request<{ ok: number }>({ path: '/v1/items', query: { 'attributes[]': ['a', 'b'], limit: 10, since: undefined, none: null } });
    expect(res.body).toEqual({ ok: 1 });
    expect(seen[0]!.url.pathname).toBe('/api/v1/items');
    expect(seen[0]!.url.search).toBe('?attributes%5B%5D=a&attributes%5B%5D=b&limit=10');
  });

  it('sends JSON and form bodies with their content types', async () => {
    const { fetchImpl, seen } = scripted([{ status: 200 }]);
    const { c } = client(fetchImpl);
    await c.request({ method: 'POST', path: '/j', json: { a: 1 } });
    await c.request({ method: 'POST', path: '/f', form: { a: '1 2' } });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.body).toBe('{"a":1}');
    expect(seen[1]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[1]!.body).toBe('a=1+2');
  });

  it('returns accepted non-2xx answers (a partial-commit 400) instead of throwing', async () => {
    const { fetchImpl } = scripted([{ status: 400, body: { success: false, rows: [1] } }]);
    const { c } = client(fetchImpl);
    const res = await c.request({ method: 'POST', path: '/batch', json: [], acceptStatuses: [400] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, rows: [1] });
  });
});

describe('retries', () => {
  it('retries 5xx and network errors, then succeeds, and counts what it did', async () => {
    const { fetchImpl, seen } = scripted([{ status: 503, body: '<html>503</html>' }, { error: connReset() }, { status: 502 }, { status: 200, body: { ok: true } }]);
    const { c, time } = client(fetchImpl);
    const res = await c.request({ path: '/x' });
    expect(res.attempts).toBe(4);
    expect(seen).toHaveLength(4);
    // random 0.5 → half of 100, 200, 400.
    expect(time.sleeps).toEqual([50, 100, 200]);
    expect(c.metrics()).toMatchObject({ apiCalls: 4, retries: 3, rateLimited: 0, serverErrors: 2, networkErrors: 1, backoffMs: 350 });
  });

  it('gives up after maxAttempts with an error that says what, where and how often', async () => {
    const { fetchImpl, seen } = scripted([{ status: 503, body: { success: false, error: { message: 'Es ist ein Problem aufgetreten' } } }]);
    const { c } = client(fetchImpl);
    const err = await c.request({ path: '/v1/company/employees', query: { email: 'a@b.nl' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    const e = err as HttpError;
    expect(e.code).toBe('server_error');
    expect(e.status).toBe(503);
    expect(e.details.attempts).toBe(4);
    expect(e.transient).toBe(true);
    expect(e.message).toBe('GET /v1/company/employees failed after 4 attempts: HTTP 503: {"success":false,"error":{"message":"Es ist ein Problem aufgetreten"}}');
    // The query (an email here) never reaches the message.
    expect(e.message).not.toContain('a@b.nl');
    expect(seen).toHaveLength(4);
  });

  it('does not retry a client error', async () => {
    const { fetchImpl, seen } = scripted([{ status: 422, body: { message: 'invalid' } }]);
    const { c } = client(fetchImpl);
    await expect(c.request({ path: '/x' })).rejects.toMatchObject({ code: 'client_error', status: 422 });
    expect(seen).toHaveLength(1);
  });

  it('times out a stuck attempt (AbortSignal.timeout) and retries it', async () => {
    const { fetchImpl, seen } = scripted(['hang', { status: 200, body: { ok: true } }]);
    const { c } = client(fetchImpl, { timeoutMs: 30 });
    const res = await c.request({ path: '/slow' });
    expect(res.body).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
    expect(c.metrics().timeouts).toBe(1);
  });

  it('a timeout that outlasts the attempts is a timeout error', async () => {
    const { fetchImpl } = scripted(['hang']);
    const { c } = client(fetchImpl, { timeoutMs: 20, retry: { maxAttempts: 2 } });
    await expect(c.request({ path: '/slow' })).rejects.toMatchObject({ code: 'timeout', details: { attempts: 2 } });
  });

  it('also times out a body that never finishes (real socket)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const c = new HttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 50, retry: { maxAttempts: 1 } });
      await expect(c.request({ path: '/' })).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('never repeats a POST that may have been processed, but says so', async () => {
    for (const answer of [{ status: 502 }, { error: connReset() }, 'hang'] as Answer[]) {
      const { fetchImpl, seen } = scripted([answer]);
      const { c } = client(fetchImpl, { timeoutMs: 20 });
      const err = (await c.request({ method: 'POST', path: '/attendances', json: {} }).catch((e: unknown) => e)) as HttpError;
      expect(err.details.maybeCommitted).toBe(true);
      expect(err.message).toContain('may have been processed');
      expect(seen).toHaveLength(1);
    }
  });

  it('repeats a POST that surely did not arrive: 429 and a refused connection', async () => {
    const { fetchImpl, seen } = scripted([{ status: 429 }, { error: connRefused() }, { status: 200, body: { id: 1 } }]);
    const { c } = client(fetchImpl);
    expect((await c.request({ method: 'POST', path: '/attendances', json: {} })).body).toEqual({ id: 1 });
    expect(seen).toHaveLength(3);
  });

  it('stops at once when the caller cancels', async () => {
    const { fetchImpl, seen } = scripted([{ status: 503 }]);
    const ctrl = new AbortController();
    const { c } = client(fetchImpl, {
      sleep: async () => {
        ctrl.abort();
        throw new DOMException('aborted', 'AbortError');
      },
    });
    await expect(c.request({ path: '/x', signal: ctrl.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(seen).toHaveLength(1);
  });
});

describe('backoff with full jitter', () => {
  it('stays within [0, min(max, base·2^(n−1))) for any draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 60_000 }), (retry, r, base, max) => {
        const d = fullJitter({ baseDelayMs: base, maxDelayMs: max }, retry, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.max(1, backoffCap({ baseDelayMs: base, maxDelayMs: max }, retry)));
        expect(backoffCap({ baseDelayMs: base, maxDelayMs: max }, retry)).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('grows exponentially up to the cap (observed sleeps with the largest draw)', async () => {
    const { fetchImpl } = scripted([{ status: 500 }]);
    const { c, time } = client(fetchImpl, { random: () => 0.999, retry: { maxAttempts: 7, baseDelayMs: 100, maxDelayMs: 1_000 } });
    await c.request({ path: '/x' }).catch(() => undefined);
    expect(time.sleeps).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('the same failure spreads clients out instead of moving them in lock-step', async () => {
    const draws = [0.1, 0.9];
    const sleeps = await Promise.all(
      draws.map(async (r) => {
        const { fetchImpl } = scripted([{ status: 500 }, { status: 200 }]);
        const { c, time } = client(fetchImpl, { random: () => r });
        await c.request({ path: '/x' });
        return time.sleeps[0];
      }),
    );
    expect(sleeps).toEqual([10, 90]);
  });
});

describe('429', () => {
  it('without Retry-After waits at least the floor, plus jitter', async () => {
    const { fetchImpl } = scripted([{ status: 429 }, { status: 429 }, { status: 200 }]);
    const { c, time } = client(fetchImpl);
    await c.request({ path: '/x' });
    expect(time.sleeps).toEqual([1_050, 1_100]);
    expect(c.metrics().rateLimited).toBe(2);
  });

  it('honours Retry-After in seconds and as a date', async () => {
    const { fetchImpl } = scripted([{ status: 429, headers: { 'retry-after': '3' } }, { status: 200 }]);
    const { c, time } = client(fetchImpl, { random: () => 0 });
    await c.request({ path: '/x' });
    expect(time.sleeps).toEqual([3_000]);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('gives up on a Retry-After longer than a worker should block, and passes it on', async () => {
    const { fetchImpl, seen } = scripted([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const { c } = client(fetchImpl);
    await expect(c.request({ path: '/x' })).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 3_600_000 } });
    expect(seen).toHaveLength(1);
  });

  it('pauses the whole route class, not just the request that got it', async () => {
    const calls: Array<{ path: string; at: number }> = [];
    const time = fakeTime(0);
    const fetchImpl: typeof fetch = async (input) => {
      const path = new URL(String(input)).pathname;
      calls.push({ path, at: time.t.now });
      return new Response('{}', { status: path === '/a' && calls.length === 1 ? 429 : 200 });
    };
    const c = new HttpClient({ baseUrl: 'https://v.example', fetch: fetchImpl, sleep: time.sleep, now: time.now, random: () => 0, rateLimits: { list: { capacity: 10, refillPerSecond: 10 } }, retry: { rateLimitFloorMs: 1_000 } });
    await c.request({ path: '/a', routeClass: 'list' });
    await c.request({ path: '/b', routeClass: 'list' });
    expect(calls).toEqual([
      { path: '/a', at: 0 },
      // The 429 emptied the bucket, which refills only from the end of the pause, and halved its rate
      // (AIMD): one interval of 200 ms (5/s) per request afterwards, no burst; each success wins 2 % back.
      { path: '/a', at: 1_200 },
      { path: '/b', at: 1_385 },
    ]);
    // Another class is not held back by this one's pause.
    const limiter = new RateLimiter({ list: { capacity: 10, refillPerSecond: 10 }, other: { capacity: 10, refillPerSecond: 10 } }, time.now, time.sleep);
    limiter.penalize('list', time.t.now + 5_000);
    expect((await limiter.acquire('other')).waitedMs).toBe(0);
    expect((await limiter.acquire('list')).waitedMs).toBe(5_100);
  });
});

describe('429 from a shared budget (another client of the same customer)', () => {
  it('does not spend attempts on 429s: slows down (AIMD) and carries on until the vendor lets it through', async () => {
    const time = fakeTime(0);
    let n = 0;
    const fetchImpl: typeof fetch = async () => new Response('{}', { status: ++n <= 12 ? 429 : 200 });
    const c = new HttpClient({ baseUrl: 'https://v.example', fetch: fetchImpl, sleep: time.sleep, now: time.now, random: () => 0.5, rateLimits: { list: { windows: [{ limit: 15, windowMs: 1_000 }] } }, retry: { maxAttempts: 3, rateLimitFloorMs: 500, rateLimitPatienceMs: 600_000 } });
    const res = await c.request({ path: '/x', routeClass: 'list' });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(13);
    expect(c.metrics().rateLimited).toBe(12);
    // Halved per wave of 429s, down to its floor; one success wins a little back.
    expect(c.rateFactors().list).toBeLessThan(0.2);
  });

  it('gives up only when no request succeeded for rateLimitPatienceMs', async () => {
    const time = fakeTime(0);
    const fetchImpl: typeof fetch = async () => new Response('{}', { status: 429 });
    const c = new HttpClient({ baseUrl: 'https://v.example', fetch: fetchImpl, sleep: time.sleep, now: time.now, random: () => 0.5, retry: { rateLimitFloorMs: 1_000, maxDelayMs: 10_000, rateLimitPatienceMs: 60_000 } });
    await expect(c.request({ path: '/x' })).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringContaining('no request succeeded for 60 s') });
    expect(time.t.now).toBeGreaterThanOrEqual(60_000);
    expect(time.t.now).toBeLessThan(80_000);
  });

  it('honours X-RateLimit-Reset (seconds, or an epoch) when there is no Retry-After', async () => {
    const time = fakeTime(1_000_000);
    const { fetchImpl, seen } = scripted([{ status: 429, headers: { 'x-ratelimit-reset': '7' } }, { status: 200 }]);
    const sleeps: number[] = [];
    const c = new HttpClient({ baseUrl: 'https://v.example', fetch: fetchImpl, sleep: async (ms) => { sleeps.push(ms); await time.sleep(ms); }, now: time.now, random: () => 0 });
    await c.request({ path: '/x' });
    expect(seen).toHaveLength(2);
    expect(sleeps[0]).toBe(7_000);
    expect(parseRateLimitReset('1700000030', 1_700_000_000_000)).toBe(30_000);
  });

  it('sliding windows use the whole documented burst and never exceed any window', () => {
    let now = 0;
    const limit = new SlidingWindowLimit({ windows: [{ limit: 15, windowMs: 1_000 }, { limit: 300, windowMs: 60_000 }], marginMs: 40 }, () => now);
    const slots: number[] = [];
    for (let i = 0; i < 400; i++) slots.push(now + limit.reserve());
    expect(slots.slice(0, 15).every((t) => t === 0)).toBe(true);
    expect(slots[15]).toBe(1_040);
    for (const [i, t] of slots.entries()) {
      expect(slots.filter((u) => u > t - 1_040 && u <= t).length, `1 s window at slot ${i}`).toBeLessThanOrEqual(15);
      expect(slots.filter((u) => u > t - 60_040 && u <= t).length, `1 min window at slot ${i}`).toBeLessThanOrEqual(300);
    }
    // 300 in the first minute (20 s of bursts), then nothing until the minute has passed.
    expect(slots[299]).toBeLessThan(21_000);
    expect(slots[300]).toBeGreaterThanOrEqual(60_040);
    now = 0;
  });

  it('a send that reached the socket late counts from then: the next window waits for it', async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiter({ list: { windows: [{ limit: 2, windowMs: 1_000 }] } }, time.now, time.sleep);
    const a = await limiter.acquire('list');
    a.left(); // a reached the socket at once
    const b = await limiter.acquire('list');
    // b's slot was at 0, but a busy event loop held it back: it reached the socket at 300.
    time.t.now = 300;
    b.left();
    time.t.now = 500;
    b.left(); // only its first write counts
    time.t.now = 1_000;
    // Counted from the slots, the third could go at 1000; b was sent at 300, so the window holds a and b until 1300.
    const c = await limiter.acquire('list');
    expect(time.t.now).toBe(1_000);
    expect(c.waitedMs).toBe(0);
    const d = await limiter.acquire('list');
    expect(d.waitedMs).toBe(300);
  });

  it('a request answered slower than the fastest counts that much later (a vendor that queued it counted it late)', async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiter({ list: { windows: [{ limit: 2, windowMs: 1_000 }] } }, time.now, time.sleep);
    // Both leave at 0; the vendor answers the first after 50 ms and the second after 170: it was queued behind the first.
    const a = await limiter.acquire('list');
    const b = await limiter.acquire('list');
    a.left();
    b.left();
    time.t.now = 50;
    a.answered();
    time.t.now = 170;
    b.answered();
    time.t.now = 1_000;
    // a counts at 0 (the fastest), b at 120: the window is free for one at 1000 and for the next at 1120.
    expect((await limiter.acquire('list')).waitedMs).toBe(0);
    expect((await limiter.acquire('list')).waitedMs).toBe(120);
  });
});

describe('tokens', () => {
  function issuer(tokens: string[], expiresInSeconds?: number) {
    let n = 0;
    const issue = async () => {
      const token = tokens[Math.min(n, tokens.length - 1)]!;
      n++;
      return expiresInSeconds === undefined ? { token } : { token, expiresInSeconds };
    };
    return { issue, count: () => n };
  }

  it('authenticates once and reuses the token', async () => {
    const { fetchImpl, seen } = scripted([{ status: 200 }]);
    const iss = issuer(['t1']);
    const { c } = client(fetchImpl, { auth: bearerAuth(new CachedTokenProvider(iss.issue)) });
    for (let i = 0; i < 3; i++) await c.request({ path: '/x' });
    expect(iss.count()).toBe(1);
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1']);
  });

  it('refreshes on 401 and repeats the request, POST included', async () => {
    const { fetchImpl, seen } = scripted((s) => (s.headers.authorization === 'Bearer t1' ? { status: 401 } : { status: 200, body: { ok: 1 } }));
    const iss = issuer(['t1', 't2']);
    const { c } = client(fetchImpl, { auth: bearerAuth(new CachedTokenProvider(iss.issue)) });
    const res = await c.request({ method: 'POST', path: '/x', json: {} });
    expect(res.body).toEqual({ ok: 1 });
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(c.metrics()).toMatchObject({ tokenRefreshes: 1, retries: 1 });
  });

  it("refreshes on the vendor's own expired-token shape", async () => {
    const expired = { status: 403, body: { success: false, error: { code: 403, message: 'Provided authorization is not valid' } } };
    const { fetchImpl } = scripted([expired, { status: 200 }]);
    const iss = issuer(['t1', 't2']);
    const { c } = client(fetchImpl, {
      auth: bearerAuth(new CachedTokenProvider(iss.issue)),
      isTokenRejected: (status, body) => status === 401 || (status === 403 && (body as { error?: { code?: number } }).error?.code === 403),
    });
    await c.request({ path: '/x' });
    expect(iss.count()).toBe(2);
  });

  it('concurrent requests that all hit an expired token share one refresh', async () => {
    const { fetchImpl } = scripted((s) => (s.headers.authorization === 'Bearer t1' ? { status: 401 } : { status: 200 }));
    const iss = issuer(['t1', 't2', 't3']);
    const provider = new CachedTokenProvider(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return iss.issue();
    });
    const { c } = client(fetchImpl, { auth: bearerAuth(provider) });
    await Promise.all([c.request({ path: '/a' }), c.request({ path: '/b' }), c.request({ path: '/c' })]);
    expect(iss.count()).toBe(2);
  });

  it('renews a token before its stated lifetime ends', async () => {
    const time = fakeTime(0);
    const iss = issuer(['t1', 't2'], 600);
    const provider = new CachedTokenProvider(iss.issue, { now: time.now, refreshMarginMs: 60_000 });
    expect(await provider.getToken()).toBe('t1');
    time.t.now = 539_000;
    expect(await provider.getToken()).toBe('t1');
    time.t.now = 541_000;
    expect(await provider.getToken()).toBe('t2');
  });

  it('adopts a token handed back on a response (rotating tokens)', async () => {
    let next = 1;
    const { fetchImpl, seen } = scripted(() => ({ status: 200, headers: { authorization: `Bearer r${++next}` } }));
    const iss = issuer(['r1']);
    const { c } = client(fetchImpl, {
      auth: bearerAuth(new CachedTokenProvider(iss.issue), (h) => h.get('authorization')?.replace(/^Bearer /, '') ?? null),
    });
    for (let i = 0; i < 3; i++) await c.request({ path: '/x' });
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer r1', 'Bearer r2', 'Bearer r3']);
    expect(iss.count()).toBe(1);
  });

  it('a vendor that rejects every fresh token is an authorization failure, not an endless loop', async () => {
    const { fetchImpl, seen } = scripted([{ status: 401 }]);
    const iss = issuer(['t']);
    const { c } = client(fetchImpl, { auth: bearerAuth(new CachedTokenProvider(iss.issue)), retry: { maxAttempts: 10, maxTokenRefreshes: 2 } });
    await expect(c.request({ path: '/x' })).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    expect(seen).toHaveLength(3);
  });

  it('requests marked auth:false carry no token', async () => {
    const { fetchImpl, seen } = scripted([{ status: 200 }]);
    const { c } = client(fetchImpl, { auth: bearerAuth(new CachedTokenProvider(issuer(['t']).issue)) });
    await c.request({ method: 'POST', path: '/auth', auth: false });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });
});

describe('rate limiter', () => {
  it('a bucket lets the burst through, then spaces requests at the refill rate', async () => {
    const time = fakeTime(0);
    const at: number[] = [];
    const fetchImpl: typeof fetch = async () => {
      at.push(time.t.now);
      return new Response('{}', { status: 200 });
    };
    const c = new HttpClient({ baseUrl: 'https://v.example', fetch: fetchImpl, sleep: time.sleep, now: time.now, rateLimits: { list: { capacity: 2, refillPerSecond: 4 } } });
    for (let i = 0; i < 6; i++) await c.request({ path: '/x', routeClass: 'list' });
    expect(at).toEqual([0, 0, 250, 500, 750, 1_000]);
    expect(c.metrics().throttledMs).toBe(1_000);
  });

  it('concurrent callers queue in arrival order without polling', async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiter({ '*': { capacity: 1, refillPerSecond: 10 } }, time.now, async () => undefined);
    const waits = await Promise.all([0, 1, 2, 3].map(async () => (await limiter.acquire('any')).waitedMs));
    expect(waits).toEqual([0, 100, 200, 300]);
  });

  it('the global bucket and the route bucket both apply; the slower one decides', async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiter({ '*': { capacity: 1, refillPerSecond: 100 }, slow: { capacity: 1, refillPerSecond: 2 } }, time.now, time.sleep);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) waits.push((await limiter.acquire('slow')).waitedMs);
    expect(waits).toEqual([0, 500, 500]);
    expect((await limiter.acquire('fast')).waitedMs).toBe(0);
  });

  it('never exceeds capacity + rate·W in any window W (the sizing rule against a sliding-window limit)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 5, maxLength: 80 }), (capacity, rate, gaps) => {
        let now = 0;
        const bucket = new TokenBucket({ capacity, refillPerSecond: rate }, () => now);
        const sent: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const wait = bucket.reserve();
          now += wait; // the caller sleeps, then sends
          sent.push(now);
        }
        const windowMs = 1_000;
        for (let i = 0; i < sent.length; i++) {
          const inWindow = sent.filter((t) => t >= sent[i]! && t < sent[i]! + windowMs).length;
          expect(inWindow).toBeLessThanOrEqual(capacity + rate);
        }
      }),
    );
  });

  it('refuses nonsense configuration', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 }, Date.now)).toThrow();
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 }, Date.now)).toThrow();
  });
});

describe('BSN hygiene', () => {
  const BSN = '232086977';

  it('keeps BSNs out of error messages, events and serialised errors', async () => {
    const events: HttpEvent[] = [];
    const { fetchImpl } = scripted([
      { status: 500, body: { success: false, error: { message: `BSN ${BSN} ist ungültig` } } },
      { status: 422, body: { success: false, error: { message: `BSN ${BSN} ist ungültig` } } },
    ]);
    const { c } = client(fetchImpl, {
      onEvent: (e) => events.push(e),
      errorMessageOf: (b) => (b as { error?: { message?: string } }).error?.message ?? null,
    });
    const err = (await c.request({ path: `/v1/persons/${BSN}` }).catch((e: unknown) => e)) as HttpError;
    expect(err.message).toContain('*********');
    expect(err.message).not.toContain(BSN);
    expect(JSON.stringify(events)).not.toContain(BSN);
    expect(events.map((e) => e.type)).toEqual(['retry', 'give_up']);
    // The body stays available to code, but not to a logger that serialises the error.
    expect(JSON.stringify(err.body)).toContain(BSN);
    expect(JSON.stringify(err)).not.toContain(BSN);
    expect(JSON.stringify({ ...err })).not.toContain(BSN);
  });
});
