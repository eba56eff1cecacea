import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineAuth } from './auth/request-auth.ts';
import { apiKeyAuth, basicAuth } from './auth/static-auth.ts';
import { ClientCredentialsAuth } from './auth/client-credentials.ts';
import { HttpClient, HttpError, type RequestCompleted } from './http-client.ts';
import { pageByNumber, readPageEnvelope } from './paging/page-number.ts';
import { ForeignNextLinkError, pageByNextLink } from './paging/next-link.ts';

/**
 * The transport's additions (any method, raw bodies, text answers, versioned Accept, completion
 * records, combined auth) and the page-number and next-link pagers, against a tiny real HTTP server.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let base: string;
const seen: Seen[] = [];
let handler: (req: Seen) => { status: number; body?: unknown; headers?: Record<string, string> };
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(s);
    const a = handler(s);
    res.writeHead(a.status, { 'content-type': typeof a.body === 'string' ? 'application/xml' : 'application/json', ...a.headers });
    res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {}));
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const noSleep = async () => {};

describe('transport', () => {
  it('sends a versioned Accept header exactly as given, per client and per request', async () => {
    handler = () => ({ status: 200, body: { ok: true } });
    seen.length = 0;
    const http = new HttpClient({ baseUrl: `${base}/v2`, accept: 'application/json;version=2018-01-01', auth: apiKeyAuth('X-Subscription-Key', 'sub-1') });
    await http.request({ path: '/providers/employers' });
    await http.request({ path: '/providers/employers/1/employees', accept: 'application/json;version=2020-06-01' });
    expect(seen.map((s) => s.headers.accept)).toEqual(['application/json;version=2018-01-01', 'application/json;version=2020-06-01']);
    expect(seen[0]!.headers['x-subscription-key']).toBe('sub-1');
  });

  it('PROPFIND with an XML body, a text answer without JSON parsing, response headers (ETag) and basic auth', async () => {
    handler = () => ({ status: 207, body: '<d:multistatus xmlns:d="DAV:"/>', headers: { etag: '"abc"' } });
    seen.length = 0;
    const http = new HttpClient({ baseUrl: base, auth: basicAuth('anna', 'pw'), sleep: noSleep });
    const res = await http.request<string>({ method: 'PROPFIND', path: '/dav/', headers: { depth: '0' }, body: '<propfind/>', contentType: 'application/xml; charset=utf-8', responseType: 'text' });
    expect(res.body).toBe('<d:multistatus xmlns:d="DAV:"/>');
    expect(res.headers.get('etag')).toBe('"abc"');
    expect(seen[0]).toMatchObject({ method: 'PROPFIND', body: '<propfind/>' });
    expect(seen[0]!.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('anna:pw').toString('base64')}`);
  });

  it('retries an idempotent REPORT on 503; basic auth is not retried on 401', async () => {
    let n = 0;
    handler = () => (++n === 1 ? { status: 503 } : { status: 207, body: '<ok/>' });
    const http = new HttpClient({ baseUrl: base, auth: basicAuth('anna', 'wrong'), sleep: noSleep });
    const res = await http.request({ method: 'REPORT', path: '/cal/', body: '<q/>', contentType: 'application/xml', responseType: 'text' });
    expect(res.attempts).toBe(2);
    handler = () => ({ status: 401 });
    const err = await http.request({ path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).details.attempts).toBe(1);
  });

  it('one completion record per request: host, route class, status, attempts, outcome — never the query or a token', async () => {
    let n = 0;
    handler = () => (++n === 1 ? { status: 500 } : { status: 200, body: {} });
    const records: RequestCompleted[] = [];
    const lines: unknown[] = [];
    const msgs: string[] = [];
    const at = (level: string) => (o: unknown, msg: string) => {
      lines.push(o);
      msgs.push(`${level} ${msg}`);
    };
    const logger = { debug: at('debug'), info: at('info'), warn: at('warn') } as never;
    const http = new HttpClient({ baseUrl: base, auth: apiKeyAuth('x-subscription-key', 'secret-key'), sleep: noSleep, onComplete: (r) => records.push(r), logger });
    await http.request({ path: '/employees', query: { email: 'anna@example.com', bsn: '111222333' }, routeClass: 'employees' });
    handler = () => ({ status: 404 });
    await http.request({ path: '/missing' }).catch(() => {});
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ method: 'GET', host: new URL(base).host, routeClass: 'employees', status: 200, attempt: 2, outcome: 'ok' });
    expect(records[1]).toMatchObject({ status: 404, attempt: 1, outcome: 'not_found' });
    const text = JSON.stringify(lines);
    // The retry and the give-up are logged too (debug / warn), each with the path only.
    expect(msgs).toEqual(['debug http retry', 'debug http request', 'warn http request gave up', 'warn http request failed']);
    for (const s of ['anna@example.com', '111222333', 'secret-key', 'employees?']) expect(text).not.toContain(s);
  });

  it('client credentials + API key combined: a rejected token is replaced, the key stays', async () => {
    let issued = 0;
    handler = (s) => (s.headers.authorization === 'Bearer t1' ? { status: 401 } : { status: 200, body: {} });
    seen.length = 0;
    const cc = new ClientCredentialsAuth({ issue: async () => ({ token: `t${++issued}` }) });
    const http = new HttpClient({ baseUrl: base, auth: combineAuth(apiKeyAuth('X-Subscription-Key', 'k'), cc), sleep: noSleep });
    await http.request({ path: '/api/companies' });
    expect(seen.map((s) => [s.headers.authorization, s.headers['x-subscription-key']])).toEqual([
      ['Bearer t1', 'k'],
      ['Bearer t2', 'k'],
    ]);
    expect(cc.issued).toBe(2);
  });
});

describe('page-number pager', () => {
  it('walks Loket pages (_embedded, totalPages) with pageNumber/pageSize, deduping a record that moved', async () => {
    handler = (s) => {
      const p = Number(new URL(s.url, base).searchParams.get('pageNumber'));
      const pages = [[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }], [{ id: 'd' }]];
      return { status: 200, body: { totalSize: 5, pageSize: 2, totalPages: 3, currentPage: p, _embedded: pages[p - 1] ?? [] } };
    };
    seen.length = 0;
    const http = new HttpClient({ baseUrl: base, accept: 'application/json;version=2018-01-01' });
    const progress: Array<[number, number | undefined]> = [];
    const ids: string[] = [];
    for await (const e of pageByNumber<{ id: string }>({ http, path: '/v2/providers/employers', pageSize: 2, idOf: (x) => x.id, onProgress: (r, t) => progress.push([r, t]) })) ids.push(e.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(seen).toHaveLength(3);
    expect(seen[1]!.url).toContain('pageNumber=2&pageSize=2');
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
      [4, 3],
    ]);
  });

  it('reads the Nmbrs envelope (pagination.nextPage null ends the walk) and stops on a server that ignores the page', () => {
    expect(readPageEnvelope({ data: [1], pagination: { pageNumber: 2, pageSize: 1, totalPages: 5, nextPage: null } })).toEqual({ items: [1], totalPages: 2 });
    expect(readPageEnvelope({ data: [1, 2], pagination: { page: 1, pageSize: 2, totalPages: 4 } })).toEqual({ items: [1, 2], totalPages: 4 });
  });

  it('a server that ignores the page number ends after the first repeat; the signal stops the walk', async () => {
    handler = () => ({ status: 200, body: { data: [{ id: 'x' }, { id: 'y' }], pagination: { totalPages: 99 } } });
    seen.length = 0;
    const http = new HttpClient({ baseUrl: base });
    const all: unknown[] = [];
    for await (const e of pageByNumber({ http, path: '/api/companies', pageSize: 2, idOf: (x: { id: string }) => x.id })) all.push(e);
    expect(all).toHaveLength(2);
    expect(seen).toHaveLength(2);
    const ac = new AbortController();
    ac.abort();
    await expect(pageByNumber({ http, path: '/api/companies', pageSize: 2, idOf: (x: { id: string }) => x.id, signal: ac.signal }).next()).rejects.toThrow();
  });
});

describe('next-link pager', () => {
  it('follows relative and absolute _meta.links.next.href on the same origin', async () => {
    handler = (s) => {
      const cursor = new URL(s.url, base).searchParams.get('cursor');
      if (!cursor) return { status: 200, body: { _data: [{ id: '1' }, { id: '2' }], _meta: { links: { next: { href: '/v2/persons?cursor=c2&limit=2' } } } } };
      if (cursor === 'c2') return { status: 200, body: { _data: [{ id: '2' }, { id: '3' }], _meta: { links: { next: { href: `${base}/v2/persons?cursor=c3&limit=2` } } } } };
      return { status: 200, body: { _data: [{ id: '4' }], _meta: { links: { self: { href: s.url } } } } };
    };
    seen.length = 0;
    const http = new HttpClient({ baseUrl: base });
    const ids: string[] = [];
    for await (const p of pageByNextLink<{ id: string }>({ http, path: '/v2/persons', query: { limit: 2 }, idOf: (x) => x.id })) ids.push(p.id);
    expect(ids).toEqual(['1', '2', '3', '4']);
    expect(seen.map((s) => s.url)).toEqual(['/v2/persons?limit=2', '/v2/persons?cursor=c2&limit=2', '/v2/persons?cursor=c3&limit=2']);
  });

  it('asks a next link naming another host of its own origin (the credentials never go along)', async () => {
    handler = (s) => ({ status: 200, body: { _data: [{ id: s.url.includes('cursor') ? '2' : '1' }], _meta: { links: { next: { href: s.url.includes('cursor') ? null : 'https://evil.example/v2/persons?cursor=x' } } } } });
    seen.length = 0;
    const http = new HttpClient({ baseUrl: base, auth: apiKeyAuth('authorization', 'Bearer secret') });
    const got: unknown[] = [];
    for await (const p of pageByNextLink({ http, path: '/v2/persons', idOf: (x: { id: string }) => x.id })) got.push(p);
    expect(got).toHaveLength(2);
    expect(seen.map((s) => s.url)).toEqual(['/v2/persons', '/v2/persons?cursor=x']);
  });

  it('refuses a next link that is not http(s)', async () => {
    handler = () => ({ status: 200, body: { _data: [{ id: '1' }], _meta: { links: { next: { href: 'file:///etc/passwd' } } } } });
    seen.length = 0;
    const http = new HttpClient({ baseUrl: base, auth: apiKeyAuth('authorization', 'Bearer secret') });
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const p of pageByNextLink({ http, path: '/v2/persons', idOf: (x: { id: string }) => x.id })) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForeignNextLinkError);
    expect(got).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});
