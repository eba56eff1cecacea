import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PersonioAttendanceSink } from './personio.attendance-sink.ts';
import { PersonioClient } from './personio.client.ts';

/**
 * The Personio v2 client against payload fixtures shaped as Personio's documents allow where they
 * differ from our emulator (review9): a tiny HTTP server on 127.0.0.1 answers each request from
 * `handler`. The token endpoint is answered for every test.
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
    if (req.url === '/v2/auth/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'tok-v2', token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(s);
    const a = handler(s);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(a.status === 204 ? undefined : JSON.stringify(a.body ?? {}));
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
});

function client(): PersonioClient {
  return new PersonioClient({ baseUrl: base, clientId: 'c', clientSecret: 's', rateLimit: false, retry: { maxAttempts: 1 }, timeoutMs: 2_000, sleep: async () => {} });
}

const period = (id: string, key: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'WORK',
  person: { id: '7' },
  start: { date_time: start },
  end: { date_time: end },
  comment: `[koppel:${key}]`,
  ...extra,
});

describe('B1 next links in the attendance sink', () => {
  it('follows a relative next href (the documented pre-2024 form)', async () => {
    handler = (s) => {
      if (!s.url.includes('cursor=')) return { status: 200, body: { _data: [period('a', 'k1', '2026-06-01T08:00:00', '2026-06-01T12:00:00')], _meta: { links: { next: { href: '/v2/attendance-periods?cursor=c2' } } } } };
      return { status: 200, body: { _data: [period('b', 'k2', '2026-06-01T13:00:00', '2026-06-01T17:00:00')], _meta: { links: {} } } };
    };
    const sink = new PersonioAttendanceSink({ client: client() });
    const got = await sink.readBack({ from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-01T23:59:59Z') });
    expect(got.map((g) => g.externalId).sort()).toEqual(['a', 'b']);
    expect(seen[1]!.url).toBe('/v2/attendance-periods?cursor=c2');
    expect(seen[1]!.headers.authorization).toBe('Bearer tok-v2');
  });

  it('a next href naming Personio’s public host is asked of the configured base URL (the token never goes elsewhere)', async () => {
    handler = (s) => {
      if (!s.url.includes('cursor=')) return { status: 200, body: { _data: [period('a', 'k1', '2026-06-01T08:00:00', '2026-06-01T12:00:00')], _meta: { links: { next: { href: 'https://api.personio.de/v2/attendance-periods?cursor=c2' } } } } };
      return { status: 200, body: { _data: [period('b', 'k2', '2026-06-01T13:00:00', '2026-06-01T17:00:00')], _meta: { links: {} } } };
    };
    const sink = new PersonioAttendanceSink({ client: client() });
    const got = await sink.readBack({ from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-01T23:59:59Z') });
    expect(got.map((g) => g.externalId).sort()).toEqual(['a', 'b']);
    expect(seen[1]!.url).toBe('/v2/attendance-periods?cursor=c2');
  });

  it('stops on a next href it has already followed (next = self on the last page)', async () => {
    handler = (s) => {
      if (!s.url.includes('cursor=')) return { status: 200, body: { _data: [period('a', 'k1', '2026-06-01T08:00:00', '2026-06-01T12:00:00')], _meta: { links: { next: { href: `${base}/v2/attendance-periods?cursor=c2` } } } } };
      return { status: 200, body: { _data: [period('b', 'k2', '2026-06-01T13:00:00', '2026-06-01T17:00:00')], _meta: { links: { self: { href: `${base}/v2/attendance-periods?cursor=c2` }, next: { href: `${base}/v2/attendance-periods?cursor=c2` } } } } };
    };
    const sink = new PersonioAttendanceSink({ client: client() });
    const got = await sink.readBack({ from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-01T23:59:59Z') });
    expect(got).toHaveLength(2);
    expect(seen).toHaveLength(2);
  }, 5_000);

  it('reads a page envelope with `data` instead of `_data`', async () => {
    handler = () => ({ status: 200, body: { data: [period('a', 'k1', '2026-06-01T08:00:00', '2026-06-01T12:00:00')] } });
    const sink = new PersonioAttendanceSink({ client: client() });
    expect(await sink.readBack({ from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-01T23:59:59Z') })).toHaveLength(1);
  });
});

describe('created period id (review9 2.6)', () => {
  const answers: Array<[string, { status: number; body?: unknown; headers?: Record<string, string> }, string]> = [
    ['CreatedObject {id, _meta}', { status: 201, body: { id: 'p-1', _meta: { links: { self: { href: '/v2/attendance-periods/p-1' } } } } }, 'p-1'],
    ['wrapped in _data', { status: 201, body: { _data: { id: 'p-2' } } }, 'p-2'],
    ['a numeric id', { status: 200, body: { id: 42 } }, '42'],
    ['only the self link', { status: 201, body: { _meta: { links: { self: { href: 'https://api.personio.de/v2/attendance-periods/p-3' } } } } }, 'p-3'],
    ['only a Location header', { status: 201, body: {}, headers: { location: '/v2/attendance-periods/p-4' } }, 'p-4'],
  ];
  for (const [name, answer, id] of answers) {
    it(`reads the id from ${name}: created at once, no settling list`, async () => {
      handler = (s) => (s.method === 'POST' ? answer : { status: 200, body: { _data: [], _meta: { links: {} } } });
      const sink = new PersonioAttendanceSink({ client: client() });
      const [r] = await sink.write([{ idempotencyKey: 'k1', payload: { personId: '7', type: 'WORK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:00:00', comment: '' } }]);
      expect(r).toMatchObject({ outcome: 'created', externalId: id });
      expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1);
    });
  }
});

describe('query parameters and envelopes of the absence sub-resources (review9 2.15)', () => {
  it('no `limit` where it is not documented (types, breakdowns); a bare-array breakdown answer is read', async () => {
    handler = (s) => {
      if (s.url.includes('limit=')) return { status: 400, body: { personio_trace_id: 't', errors: [{ title: 'Invalid request content', detail: 'Unknown query parameter limit', type: 'common.invalid_request_content' }] } };
      if (s.url.startsWith('/v2/absence-types')) return { status: 200, body: { _data: [{ id: 't1', name: 'Urlaub', unit: 'DAILY' }] } };
      return { status: 200, body: [{ date: '2026-12-21', effective_duration: { unit: 'DAY', value: 1 } }] };
    };
    const c = client();
    expect(await c.absenceTypesV2()).toEqual([{ id: 't1', name: 'Urlaub', category: null, unit: 'DAY' }]);
    expect(await c.absenceBreakdownsV2('a1')).toEqual([{ date: '2026-12-21', unit: 'DAY', value: 1 }]);
    expect(seen.map((s) => s.url)).toEqual(['/v2/absence-types', '/v2/absence-periods/a1/breakdowns']);
  });
});

describe('identification headers (review9 §3.2)', () => {
  it('v2 requests carry Personio-Partner-ID and Personio-App-ID ([CC2] names, no X-)', async () => {
    handler = () => ({ status: 200, body: { _data: [] } });
    const c = new PersonioClient({ baseUrl: base, clientId: 'c', clientSecret: 's', rateLimit: false, retry: { maxAttempts: 1 }, partnerId: 'KOPPEL', appId: 'KOPPEL_HOURS' });
    await c.absenceTypesV2();
    expect(seen[0]!.headers['personio-partner-id']).toBe('KOPPEL');
    expect(seen[0]!.headers['personio-app-id']).toBe('KOPPEL_HOURS');
  });
});

describe('read-back of unknown keys (review9 2.11)', () => {
  it('walks the unfiltered list only up to a page cap, then fails with a clear error', async () => {
    let n = 0;
    handler = () => {
      n++;
      return { status: 200, body: { _data: [period(`p${n}`, `other${n}`, '2026-06-01T08:00:00', '2026-06-01T12:00:00')], _meta: { links: { next: { href: `/v2/attendance-periods?cursor=c${n}` } } } } };
    };
    const sink = new PersonioAttendanceSink({ client: client(), maxUnfilteredPages: 3 });
    await expect(sink.readBack({ keys: ['never-seen'] })).rejects.toThrow(/more than 3 pages .*not walking the whole company/);
    expect(seen).toHaveLength(3);
  });
});
