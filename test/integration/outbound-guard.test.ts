import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Issue 12 #2, through the real app with the outbound guard on (as in production): only 127.0.0.1
 * listeners, and the ones the guard must protect assert they received nothing. No request in this
 * file goes to any other address.
 */

type Listener = { server: Server | TcpServer; seen: string[]; port: number; url: string };

async function listen(server: Server | TcpServer, seen: string[]): Promise<Listener> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, seen, port, url: `http://127.0.0.1:${port}` };
}

function httpListener(answer: (req: IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body?: string }) {
  const seen: string[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      const a = answer(req, body);
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  return listen(server, seen);
}

const multistatus = (principal: string) =>
  `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/</d:href><d:propstat><d:prop><d:current-user-principal><d:href>${principal}</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;

let k: TestKoppel;
let owner: Client;
/** Not allowed: what a hostile server or user points Koppel at. Must never be contacted. */
let victim: Listener;
/** Allowed: a CalDAV server that names the victim as principal, or redirects there. */
let hostile: Listener;
/** Allowed: accepts connections and closes them at once. */
let closer: Listener;
/** Allowed: answers 200 `{}` to everything (no token, no DAV). */
let blank: Listener;
/** Allowed: answers 404 / a 401 that is not Personio's, in plain text. */
let notFound: Listener;
let plain401: Listener;
/** Allowed: nothing listens on this port. */
let closedPort: number;

beforeAll(async () => {
  victim = await httpListener(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":{"token":"t","expires_in":3600}}' }));
  hostile = await httpListener((req): { status: number; headers: Record<string, string>; body?: string } => {
    if (req.url?.startsWith('/redirect')) return { status: 307, headers: { location: `${victim.url}${req.url}` } };
    return { status: 207, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: multistatus(`${victim.url}/principals/anna/`) };
  });
  const closerSeen: string[] = [];
  closer = await listen(
    createTcpServer((socket) => {
      closerSeen.push('connection');
      socket.destroy();
    }),
    closerSeen,
  );
  blank = await httpListener(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }));
  notFound = await httpListener(() => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' }));
  plain401 = await httpListener(() => ({ status: 401, headers: { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="x"' }, body: 'Unauthorized' }));
  const probe = await listen(createTcpServer(), []);
  closedPort = probe.port;
  await new Promise<void>((r) => probe.server.close(() => r()));
  const allowed = [hostile, closer, blank, notFound, plain401].map((l) => `127.0.0.1:${l.port}`).concat(`127.0.0.1:${closedPort}`);
  k = await startTestKoppel({ config: { outboundGuard: true, privateHosts: allowed } });
  owner = (await createTenant(k, 'Buitengrens BV')).client;
}, 60_000);

afterAll(async () => {
  await k?.stop();
  for (const l of [victim, hostile, closer, blank, notFound, plain401]) await new Promise<void>((r) => l?.server.close(() => r()));
});

const caldav = (url: string) => owner.post('/recruiting/connections/caldav', { url, username: 'anna', password: 'caldav-secret-pw' });
const personio = (baseUrl: string) => owner.post('/integrations', { vendor: 'personio', name: 'HR', baseUrl, credentials: { clientId: 'client-id', clientSecret: 'client-secret-value' } });

describe('outbound guard on (production), allow-list without the target', () => {
  it('a CalDAV connect and an HR base URL aimed at a 127.0.0.1 listener send it nothing, in every spelling', async () => {
    for (const url of [`${victim.url}/dav/`, `http://[::ffff:127.0.0.1]:${victim.port}/dav/`, `http://[::ffff:7f00:1]:${victim.port}/dav/`, `http://[0:0:0:0:0:ffff:127.0.0.1]:${victim.port}/dav/`, `http://localhost:${victim.port}/dav/`]) {
      const res = await caldav(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.details, url).toEqual([{ field: 'url', message: 'A private or local network address is not allowed' }]);
      const hr = await personio(url);
      expect(hr.status, url).toBe(400);
      expect(hr.body.error.details, url).toEqual([{ field: 'baseUrl', message: 'A private or local network address is not allowed' }]);
    }
    expect(victim.seen).toEqual([]);
    expect((await owner.get('/recruiting/connections')).body).toEqual([]);
  });

  it('a CalDAV server (allowed) naming a principal on another 127.0.0.1 port does not get the password sent there', async () => {
    hostile.seen.length = 0;
    const res = await caldav(`${hostile.url}/dav/`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('integration_unreachable');
    expect(hostile.seen.length).toBeGreaterThan(0); // the allowed server was asked
    expect(victim.seen).toEqual([]); // the one it named was not: no request, no password
    expect((await owner.get('/recruiting/connections')).body).toEqual([]);
  });

  it('redirects from an allowed server to a non-allowed listener reach nothing (CalDAV and HR)', async () => {
    hostile.seen.length = 0;
    const dav = await caldav(`${hostile.url}/redirect/dav/`);
    expect(dav.status).toBe(400);
    expect(dav.body.error.code).toBe('integration_unreachable');
    const hr = await personio(`${hostile.url}/redirect`);
    expect(hr.status).toBe(400);
    expect(hr.body.error.code).toBe('integration_unreachable');
    expect(hostile.seen.length).toBeGreaterThan(0);
    expect(victim.seen).toEqual([]);
  });

  it('an OAuth app may not name endpoints inside the network', async () => {
    const res = await owner.put('/recruiting/oauth-apps', { kind: 'google', clientId: 'id', clientSecret: 'secret', tokenUrl: `http://[::ffff:7f00:1]:${victim.port}/token` });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'tokenUrl', message: 'A private or local network address is not allowed' }]);
    expect(victim.seen).toEqual([]);
  });

  it('every URL field a user sets refuses every spelling of a loopback target with the same text, before sending anything', async () => {
    const p = victim.port;
    // Decimal, hex, octal and short IPv4; IPv4-compatible and -mapped IPv6; unspecified; localhost with a trailing dot, in capitals, and a name under .localhost.
    const spellings = [`http://2130706433:${p}/`, `http://0x7f.1:${p}/`, `http://017700000001:${p}/`, `http://127.1:${p}/`, `http://0x7f000001:${p}/`, `http://[::127.0.0.1]:${p}/`, `http://[::ffff:127.0.0.1]:${p}/`, `http://[0:0:0:0:0:ffff:7f00:1]:${p}/`, `http://0.0.0.0:${p}/`, `http://[::]:${p}/`, `http://localhost.:${p}/`, `http://LOCALHOST:${p}/`, `http://koppel.localhost:${p}/`, `http://user:pw@127.0.0.1:${p}/`];
    const fields: Array<[string, string, (u: string) => Promise<{ status: number; body: { error?: { code: string; details?: unknown } } }>]> = [
      ['caldav url', 'url', caldav],
      ['personio baseUrl', 'baseUrl', personio],
      ['loket baseUrl (form)', 'baseUrl', (u) => owner.post('/integrations', { vendor: 'loket', name: 'L', baseUrl: u, credentials: { username: 'u', password: 'p', environment: 'e' } })],
      ['loket baseUrl (login page)', 'baseUrl', (u) => owner.post('/integrations/oauth/start', { vendor: 'loket', name: 'L', baseUrl: u })],
      ['nmbrs baseUrl (consent)', 'baseUrl', (u) => owner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'N', baseUrl: u, credentials: { subscriptionKey: 'k', clientId: 'c', clientSecret: 's' }, redirectUri: 'http://localhost:3000/settings/integrations/oauth/callback' })],
      ['oauth app tokenUrl', 'tokenUrl', (u) => owner.put('/recruiting/oauth-apps', { kind: 'google', clientId: 'id', clientSecret: 'secret', tokenUrl: u })],
      ['oauth app authorizeUrl', 'authorizeUrl', (u) => owner.put('/recruiting/oauth-apps', { kind: 'microsoft', clientId: 'id', clientSecret: 'secret', authorizeUrl: u })],
      ['oauth app apiBaseUrl', 'apiBaseUrl', (u) => owner.put('/recruiting/oauth-apps', { kind: 'zoom', clientId: 'id', clientSecret: 'secret', apiBaseUrl: u })],
    ];
    const oauthAppsBefore = (await owner.get('/recruiting/oauth-apps')).body;
    for (const [name, field, send] of fields) {
      for (const url of spellings) {
        const res = await send(url);
        expect({ name, url, status: res.status, code: res.body.error?.code, details: res.body.error?.details }).toEqual({
          name,
          url,
          status: 400,
          code: 'validation_failed',
          details: [{ field, message: 'A private or local network address is not allowed' }],
        });
      }
    }
    expect(victim.seen).toEqual([]);
    // Nothing was kept: no OAuth app endpoints, no connection, no integration.
    expect((await owner.get('/recruiting/oauth-apps')).body).toEqual(oauthAppsBefore);
    expect((await owner.get('/recruiting/connections')).body).toEqual([]);
    expect((await owner.get('/integrations')).body).toEqual([]);
  }, 60_000);

  it('says the same whatever the target did: refused, closed, answered without a token or a calendar, 404, a foreign 401, named or redirected elsewhere', async () => {
    const targets = { refused: `http://127.0.0.1:${closedPort}`, closed: closer.url, blank: blank.url, notFound: notFound.url, plain401: plain401.url, namedElsewhere: hostile.url, redirected: `${hostile.url}/redirect` };
    const davAnswers = new Map<string, unknown>();
    const hrAnswers = new Map<string, unknown>();
    for (const [name, base] of Object.entries(targets)) {
      // A CalDAV server's 401 is how a wrong password shows (RFC 4918): that one stays distinct.
      if (name !== 'plain401') {
        const dav = await caldav(`${base}/dav/`);
        davAnswers.set(name, { status: dav.status, body: dav.body });
      }
      if (name !== 'namedElsewhere') {
        const hr = await personio(base);
        hrAnswers.set(name, { status: hr.status, body: hr.body });
      }
    }
    expect(closer.seen.length).toBeGreaterThan(0);
    const [firstDav, ...otherDav] = [...davAnswers.values()];
    expect(firstDav).toMatchObject({ status: 400, body: { error: { code: 'integration_unreachable' } } });
    for (const a of otherDav) expect(a).toEqual(firstDav);
    const [firstHr, ...otherHr] = [...hrAnswers.values()];
    expect(firstHr).toMatchObject({ status: 400, body: { error: { code: 'integration_unreachable' } } });
    for (const a of otherHr) expect(a).toEqual(firstHr);
    // Nothing in them names the transport's view (error codes, statuses, hosts).
    expect(JSON.stringify([...davAnswers.values(), ...hrAnswers.values()])).not.toMatch(/ECONN|token|127\.0\.0\.1|refused by|HTTP \d/i);
    expect(victim.seen).toEqual([]);
  }, 60_000);
});
