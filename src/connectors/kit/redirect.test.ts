import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineAuth } from './auth/request-auth.ts';
import { apiKeyAuth, basicAuth } from './auth/static-auth.ts';
import { bearerAuth, CachedTokenProvider } from './auth/token-cache.ts';
import { HttpClient, HttpError } from './http-client.ts';
import { createOutboundGuard, guardedTransport, OutboundRefusedError } from './outbound-guard.ts';

/**
 * Redirects and credentials, against two real listeners on 127.0.0.1 (two ports = two origins):
 * whatever the auth put on a request (bearer, API key, basic) stays on the origin it was meant for.
 */
type Seen = { url: string; headers: IncomingMessage['headers'] };

function listener(answer: (req: IncomingMessage) => { status: number; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const a = answer(req);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end('{}');
  });
  return { server, seen, url: '' };
}

const b = listener(() => ({ status: 200 }));
const a = listener((req) => {
  if (req.url?.startsWith('/away')) return { status: 302, headers: { location: `${b.url}/landed` } };
  if (req.url?.startsWith('/here')) return { status: 307, headers: { location: '/moved' } };
  return { status: 200 };
});

beforeAll(async () => {
  for (const l of [a, b]) {
    await new Promise<void>((r) => l.server.listen(0, '127.0.0.1', r));
    l.url = `http://127.0.0.1:${(l.server.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  for (const l of [a, b]) await new Promise<void>((r) => l.server.close(() => r()));
});

const bearer = () => bearerAuth(new CachedTokenProvider(async () => ({ token: 'secret-token' })));

describe('redirects and credentials', () => {
  it('a cross-origin redirect reaches the other origin without the API key, the bearer token or basic credentials', async () => {
    for (const auth of [combineAuth(apiKeyAuth('X-Subscription-Key', 'secret-key'), bearer()), basicAuth('anna', 'pw')]) {
      a.seen.length = 0;
      b.seen.length = 0;
      const http = new HttpClient({ baseUrl: a.url, auth, defaultHeaders: { 'x-trace': 'kept' } });
      const res = await http.request({ path: '/away' });
      expect(res.status).toBe(200);
      expect(a.seen).toHaveLength(1);
      expect(b.seen.map((s) => s.url)).toEqual(['/landed']);
      const h = b.seen[0]!.headers;
      expect(h.authorization).toBeUndefined();
      expect(h['x-subscription-key']).toBeUndefined();
      expect(h['x-trace']).toBe('kept');
      expect(JSON.stringify(h)).not.toMatch(/secret|YW5uYTpwdw/);
    }
  });

  it('a same-origin redirect keeps the credentials', async () => {
    a.seen.length = 0;
    const http = new HttpClient({ baseUrl: a.url, auth: combineAuth(apiKeyAuth('X-Subscription-Key', 'secret-key'), bearer()) });
    await http.request({ path: '/here' });
    expect(a.seen.map((s) => s.url)).toEqual(['/here', '/moved']);
    expect(a.seen[1]!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'x-subscription-key': 'secret-key' });
  });

  it('every hop goes through the URL guard: a refused target is never contacted', async () => {
    b.seen.length = 0;
    const target = new URL(b.url).port;
    const http = new HttpClient({
      baseUrl: a.url,
      auth: apiKeyAuth('X-Subscription-Key', 'secret-key'),
      urlGuard: (u) => {
        if (u.port === target) throw new Error('refused');
      },
    });
    const err = await http.request({ path: '/away' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).code).toBe('network');
    expect(b.seen).toHaveLength(0);
  });

  it('behind the outbound guard (only a listed), a redirect to another 127.0.0.1 port receives nothing, through the client or the guarded fetch', async () => {
    a.seen.length = 0;
    b.seen.length = 0;
    const guard = createOutboundGuard({ enabled: true, allowHosts: [new URL(a.url).host] });
    const http = new HttpClient({ baseUrl: a.url, auth: apiKeyAuth('X-Subscription-Key', 'secret-key'), retry: { maxAttempts: 2, baseDelayMs: 1 }, ...guardedTransport(guard) });
    const err = await http.request({ path: '/away' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network' });
    // The guarded fetch on its own (the OAuth token endpoint uses it) follows redirects only through the guard.
    const direct = await guard.fetch(`${a.url}/away`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(OutboundRefusedError);
    expect(a.seen.map((s) => s.url)).toEqual(['/away', '/away']);
    expect(b.seen).toHaveLength(0);
    // The guarded fetch is a working transport: the listed host answers through it.
    const ok = await guard.fetch(`${a.url}/fine`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
  });
});
