import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../../kit/outbound-guard.ts';
import { ProviderError } from '../../kit/provider.ts';
import { expandIcs } from '../../../domain/ical/ical-expand.ts';
import { createCaldavProvider } from './caldav.provider.ts';
import { childNames, componentNames, hrefs, okProp, parseMultistatus, parseScheduleResponse } from './caldav-xml.ts';

/**
 * Failure handling against a scripted HTTP server (a misbehaving CalDAV vendor): every status maps to
 * the right ProviderError code and no message carries the password. The happy paths run against real
 * DAViCal and Radicale in test/integration/caldav-*.test.ts.
 */
const PASSWORD = 'S3cret-pa55word!';
let server: http.Server;
let url: string;
let script: (req: http.IncomingMessage) => { status: number; body?: string; headers?: Record<string, string> };
const seenAuth: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenAuth.push(req.headers.authorization ?? '');
    req.resume();
    req.on('end', () => {
      const r = script(req);
      res.writeHead(r.status, { 'content-type': 'application/xml', ...r.headers });
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dav/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const principalXml = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/</d:href><d:propstat><d:prop><d:current-user-principal><d:href>/dav/u/</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;

async function failure(status: number, body = '') {
  script = () => ({ status, body });
  const err = await createCaldavProvider({ kind: 'caldav', url, username: 'anna', password: PASSWORD })
    .verify()
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as Error).message).not.toContain(PASSWORD);
  expect(JSON.stringify({ ...(err as object), message: (err as Error).message })).not.toContain(PASSWORD);
  return err as ProviderError;
}

describe('error mapping', () => {
  it.each([
    [401, 'invalid_credentials'],
    [403, 'forbidden'],
    [429, 'rate_limited'],
    [500, 'unavailable'],
    [503, 'unavailable'],
    [418, 'bad_response'],
  ] as const)('HTTP %i → %s', async (status, code) => {
    const err = await failure(status);
    expect(err.code).toBe(code);
    expect(err.provider).toBe('caldav');
  });

  it('sends Basic auth and never puts credentials in the URL', async () => {
    seenAuth.length = 0;
    await failure(401);
    expect(seenAuth[0]).toBe(`Basic ${Buffer.from(`anna:${PASSWORD}`).toString('base64')}`);
    const err = await createCaldavProvider({ kind: 'caldav', url: url.replace('http://', `http://anna:${encodeURIComponent(PASSWORD)}@`), username: 'anna', password: PASSWORD })
      .verify()
      .catch((e: unknown) => e);
    expect((err as Error).message).not.toContain(PASSWORD);
    expect((err as Error).message).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('bad XML and a multistatus without a principal → bad_response', async () => {
    expect((await failure(207, '<multistatus><response>')).code).toBe('bad_response');
    expect((await failure(207, '{"json": true}')).code).toBe('bad_response');
    expect((await failure(207, '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>')).code).toBe('bad_response');
  });

  it('a home without calendars → not_found; an unreachable server → unavailable', async () => {
    script = (req) => {
      const body = req.url === '/dav/'
        ? principalXml
        : `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/u/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;
      return { status: 207, body };
    };
    const err = await createCaldavProvider({ kind: 'caldav', url, username: 'anna', password: PASSWORD }).verify().catch((e: unknown) => e);
    expect((err as ProviderError).code).toBe('not_found');
    const dead = await createCaldavProvider({ kind: 'caldav', url: 'http://127.0.0.1:9/', username: 'anna', password: PASSWORD }).verify().catch((e: unknown) => e);
    expect((dead as ProviderError).code).toBe('unavailable');
  });

  it('rejects URLs that are not http(s)', () => {
    expect(() => createCaldavProvider({ kind: 'caldav', url: 'ftp://x/', username: 'a', password: PASSWORD })).toThrow(ProviderError);
    expect(() => createCaldavProvider({ kind: 'caldav', url: 'not a url', username: 'a', password: PASSWORD })).toThrow(/valid URL/);
  });
});

describe('caldav-xml', () => {
  it('reads multistatus with any prefixes, default namespaces, 404 propstats and entities', () => {
    const xml = `<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav">
 <response><href>/cal/a%20b/</href>
  <propstat><prop><resourcetype><collection/><CAL:calendar/></resourcetype>
   <CAL:supported-calendar-component-set><CAL:comp name="VEVENT"/><CAL:comp name="VTODO"/></CAL:supported-calendar-component-set>
   <CAL:calendar-data>BEGIN:VCALENDAR&#13;
SUMMARY:a &amp; b
END:VCALENDAR</CAL:calendar-data>
  </prop><status>HTTP/1.1 200 OK</status></propstat>
  <propstat><prop><displayname/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
 </response>
</multistatus>`;
    const [r] = parseMultistatus(xml);
    expect(r!.href).toBe('/cal/a b/');
    expect(childNames(okProp(r!, 'resourcetype'))).toEqual(['collection', 'calendar']);
    expect(componentNames(okProp(r!, 'supported-calendar-component-set'))).toEqual(['VEVENT', 'VTODO']);
    expect(okProp(r!, 'displayname')).toBeUndefined();
    expect(String(okProp(r!, 'calendar-data'))).toContain('\r\nSUMMARY:a & b');
  });

  it('an empty multistatus (no events in the range) is an empty answer, not a bad response', () => {
    expect(parseMultistatus('<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>')).toEqual([]);
    expect(parseMultistatus('<?xml version="1.0"?><multistatus xmlns="DAV:"></multistatus>')).toEqual([]);
    expect(() => parseMultistatus('<?xml version="1.0"?><d:error xmlns:d="DAV:"/>')).toThrow(/multistatus/);
  });

  it('skips PHP warnings before the document, reads hrefs lists and schedule-responses', () => {
    const [r] = parseMultistatus(`<br />\n<b>Warning</b>: x<br />\n${principalXml}`);
    expect(hrefs(okProp(r!, 'current-user-principal'))).toEqual(['/dav/u/']);
    const items = parseScheduleResponse(
      `<?xml version="1.0"?><C:schedule-response xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><C:response><C:recipient><D:href>mailto:a@x.test</D:href></C:recipient><C:request-status>2.0;Success</C:request-status><C:calendar-data>BEGIN:VCALENDAR</C:calendar-data></C:response><C:response><C:recipient><D:href>mailto:b@x.test</D:href></C:recipient><C:request-status>3.7;Invalid Calendar User</C:request-status></C:response></C:schedule-response>`,
    );
    expect(items).toEqual([
      { recipient: 'mailto:a@x.test', requestStatus: '2.0;Success', calendarData: 'BEGIN:VCALENDAR' },
      { recipient: 'mailto:b@x.test', requestStatus: '3.7;Invalid Calendar User', calendarData: undefined },
    ]);
    expect(() => parseScheduleResponse(principalXml)).toThrow(/schedule-response/);
  });
});

describe('outbound guard', () => {
  it('refuses a principal, home or calendar URL the server names on a private address, before any request goes there', async () => {
    const port = new URL(url).port;
    const hit: string[] = [];
    // caldav.example stands for a public server (the test server behind it); metadata.example is the cloud metadata address.
    // (The fake DNS answer for caldav.example is never contacted: viaTestServer sends everything to 127.0.0.1.)
    const guard = createOutboundGuard({ enabled: true }, { resolve: async (host: string) => [{ address: host === 'caldav.example' ? '93.184.215.14' : '169.254.169.254', family: 4 }] });
    const viaTestServer: typeof fetch = (input, init) => {
      const u = new URL(String(input));
      hit.push(u.hostname);
      u.hostname = '127.0.0.1';
      return fetch(u, init);
    };
    script = () => ({
      status: 207,
      body: `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/</d:href><d:propstat><d:prop><d:current-user-principal><d:href>http://metadata.example:${port}/latest/</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`,
    });
    const p = createCaldavProvider({ kind: 'caldav', url: `http://caldav.example:${port}/dav/`, username: 'anna', password: PASSWORD }, { fetch: viaTestServer, urlGuard: guard });
    const err = await p.verify().catch((e: unknown) => e);
    // To the user a refused URL reads like an unreachable server (no oracle for what is behind an address).
    expect(err).toMatchObject({ code: 'unavailable', provider: 'caldav' });
    expect(hit).toEqual(['caldav.example']);
    // The same server behind a redirect to the private host: the hop is checked too.
    hit.length = 0;
    script = () => ({ status: 301, headers: { location: `http://metadata.example:${port}/dav/` } });
    const err2 = await createCaldavProvider({ kind: 'caldav', url: `http://caldav.example:${port}/dav/`, username: 'anna', password: PASSWORD }, { fetch: viaTestServer, urlGuard: guard })
      .verify()
      .catch((e: unknown) => e);
    expect(err2).toMatchObject({ code: 'unavailable' });
    expect(hit.every((h) => h === 'caldav.example')).toBe(true);
  });
});

describe('freeBusy through a caller-supplied expander (issue 13: the busy cache)', () => {
  const ms = (responses: string) => `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${responses}</d:multistatus>`;
  const prop = (href: string, props: string) => `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
  const event = (uid: string, start: string) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', `DTSTART:${start}`, 'DURATION:PT1H', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

  it('hands every resource of the calendar-query to the expander with its href and ETag, and uses what it answers', async () => {
    script = (req) => {
      if (req.method === 'OPTIONS') return { status: 200, headers: { dav: '1, calendar-access' } };
      if (req.method === 'REPORT')
        return {
          status: 207,
          body: ms(
            prop('/dav/cal/a.ics', `<d:getetag>"etag-a"</d:getetag><c:calendar-data>${event('a', '20260316T090000Z')}</c:calendar-data>`) +
              prop('/dav/cal/b.ics', `<c:calendar-data>${event('b', '20260317T090000Z')}</c:calendar-data>`),
          ),
        };
      if (req.url === '/dav/') return { status: 207, body: principalXml };
      if (req.url === '/dav/u/') return { status: 207, body: ms(prop('/dav/u/', '<c:calendar-home-set><d:href>/dav/u/</d:href></c:calendar-home-set>')) };
      return { status: 207, body: ms(prop('/dav/cal/', '<d:resourcetype><d:collection/><c:calendar/></d:resourcetype>')) };
    };
    const seen: Array<{ resource: string; etag?: string; uid: string }> = [];
    const p = createCaldavProvider(
      { kind: 'caldav', url, username: 'anna', password: PASSWORD, calendarUrl: `${url}cal/` },
      {
        expandIcs: (ics, options, source) => {
          const r = expandIcs(ics, options);
          seen.push({ ...source, uid: r.busy[0]!.uid });
          // What the expander answers is what the provider reports: a cache answers without parsing.
          return source.etag ? { busy: r.busy.map((b) => ({ ...b, summary: 'from the cache' })), warnings: [] } : r;
        },
      },
    );
    const r = await p.freeBusy({ from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 2, 18), timeZone: 'Europe/Amsterdam', keepPrivateDetails: true });
    expect(seen).toEqual([
      { resource: '/dav/cal/a.ics', etag: '"etag-a"', uid: 'a' },
      { resource: '/dav/cal/b.ics', uid: 'b' },
    ]);
    expect(r.busy.map((b) => [b.start, b.summary])).toEqual([
      [Date.UTC(2026, 2, 16, 9), 'from the cache'],
      [Date.UTC(2026, 2, 17, 9), undefined],
    ]);
  });
});

describe('a calendar that cannot be expanded within its budget (issue 13)', () => {
  const ms = (href: string, props: string) =>
    `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
  const doc = (...responses: string[]) => `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${responses.join('')}</d:multistatus>`;
  const event = (uid: string, ...lines: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
  const serve = (resources: string[]) => {
    script = (req) => {
      if (req.method === 'OPTIONS') return { status: 200 };
      if (req.method === 'REPORT') return { status: 207, body: doc(...resources.map((ics, i) => ms(`/dav/cal/${i}.ics`, `<c:calendar-data>${ics.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</c:calendar-data>`))) };
      if (req.url === '/dav/') return { status: 207, body: doc(ms('/dav/', '<d:current-user-principal><d:href>/dav/u/</d:href></d:current-user-principal>')) };
      if (req.url === '/dav/u/') return { status: 207, body: doc(ms('/dav/u/', '<c:calendar-home-set><d:href>/dav/home/</d:href></c:calendar-home-set>')) };
      return { status: 207, body: doc(ms('/dav/cal/', '<d:resourcetype><d:collection/><c:calendar/></d:resourcetype>')) };
    };
  };
  const query = { from: Date.UTC(2026, 2, 2), to: Date.UTC(2026, 2, 30), timeZone: 'Europe/Amsterdam' };
  const normal = event('ok', 'DTSTART:20260303T090000Z', 'DURATION:PT1H');

  it('answers unreadable for the whole calendar instead of a busy list with a hole', async () => {
    // Every second for four weeks: 2.4 million occurrences, far past the budget — and FREQ=DAILY;BYMONTHDAY=-1,
    // which froze ical.js, next to it.
    serve([normal, event('every-second', 'DTSTART:20260301T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'), event('last-day', 'DTSTART:20230401T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTHDAY=-1')]);
    const err = await createCaldavProvider({ kind: 'caldav', url, username: 'anna', password: PASSWORD })
      .freeBusy(query)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'unreadable', provider: 'caldav' });
  });

  it('reads the same calendar without the runaway event, the last-day-of-month rule included', async () => {
    serve([normal, event('last-day', 'DTSTART:20230401T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTHDAY=-1')]);
    const r = await createCaldavProvider({ kind: 'caldav', url, username: 'anna', password: PASSWORD }).freeBusy(query);
    expect(r.busy.map((b) => new Date(b.start).toISOString())).toEqual(['2026-03-03T09:00:00.000Z']);
    const april = await createCaldavProvider({ kind: 'caldav', url, username: 'anna', password: PASSWORD }).freeBusy({ ...query, from: Date.UTC(2026, 2, 30), to: Date.UTC(2026, 3, 2) });
    expect(april.busy.map((b) => new Date(b.start).toISOString())).toEqual(['2026-03-31T10:00:00.000Z']);
  });
});
