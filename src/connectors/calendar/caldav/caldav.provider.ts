import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isBudgetError, isIcalError } from '../../../domain/ical/ical-error.ts';
import { basicAuth } from '../../kit/auth/static-auth.ts';
import { HttpClient, HttpError, type RateLimitConfig, type RetryPolicy, type Sleep } from '../../kit/http-client.ts';
import { OutboundRefusedError } from '../../kit/outbound-guard.ts';
import { type BusyInterval, ExpansionBudget, expandIcs } from '../../../domain/ical/ical-expand.ts';
import type { BusyBlock, CalendarCredentials, CalendarEventInput, CalendarProvider, EventRef, FreeBusyManyEntry, FreeBusyQuery, FreeBusyResult, ParticipantStatus, WrittenEvent } from '../calendar-provider.ts';
import { ProviderError, type ProviderDeps } from '../../kit/provider.ts';
import {
  DavXmlError,
  type DavResponse,
  calendarQueryBody,
  childNames,
  componentNames,
  freeBusyQueryBody,
  hrefs,
  okProp,
  parseMultistatus,
  parseScheduleResponse,
  propfindBody,
  text,
  utcStamp,
} from './caldav-xml.ts';
import { IcalReadError, participantStatus, readStoredEvent, type StoredEventInfo } from './ical-read.ts';
import { canonicalZone, foldLine, PRODID, writeEventIcs } from './ical-write.ts';

/**
 * CalDAV calendar provider (RFC 4791, RFC 6638), tested against DAViCal and Radicale.
 *
 * - verify/discovery: current-user-principal → calendar-home-set, calendar-user-address-set (the account's
 *   email), schedule-outbox-URL → the first calendar collection that holds VEVENTs (or credentials.calendarUrl).
 * - freeBusy, two strategies (options.freeBusy):
 *   'events' (default): a calendar-query time-range REPORT, expanded client-side with expandIcs (recurrences,
 *     EXDATE, RECURRENCE-ID, TRANSP, CANCELLED, shipped VTIMEZONEs, Windows zone names, all-day in the owner's
 *     zone). The default because server-side expansion is wrong on real exported calendars: DAViCal 1.1.12
 *     reads "W. Europe Standard Time" times as UTC, puts all-day events in UTC, and still counts a Google
 *     occurrence cancelled through RECURRENCE-ID + STATUS:CANCELLED (test/integration/caldav-davical.test.ts).
 *   'report': the RFC 4791 free-busy-query REPORT while the server answers it with a VFREEBUSY (less data
 *     over the wire); a server that rejects it (Radicale 3.1, many others) is remembered and read as in
 *     'events'. Support is detected from the answer, never from the server's name. The admin option that
 *     keeps titles of private events (F-33) always reads the events: a VFREEBUSY carries no titles.
 * - freeBusyMany: RFC 6638 §5 — one POST to the schedule-outbox for several attendees on the same server.
 *   Server-side expansion (same caveats), and DAViCal leaves out other users' private events: an overview,
 *   not the check before booking, which should read each interviewer's own connection.
 * - Writes: PUT If-None-Match:* on create; updates and cancels PUT If-Match with the etag read just before,
 *   because a scheduling server rewrites the organizer's copy on every attendee reply (a stored etag is
 *   stale as soon as someone answers). SEQUENCE is raised above the server's copy on every change.
 *   Implicit scheduling (RFC 6638): the organizer's PUT with ATTENDEEs makes the server deliver the event to
 *   attendees on the same server and relay their PARTSTAT replies back; readResponses reads them.
 * - Errors are ProviderErrors (401 invalid_credentials, 403 forbidden, 404/410 not_found, 412 conflict,
 *   429 rate_limited, 5xx/network unavailable, unreadable XML/iCalendar bad_response). Messages name the
 *   server and the user, never the password.
 */

type CaldavCredentials = Extract<CalendarCredentials, { kind: 'caldav' }>;

export interface CaldavDiscovery {
  principalUrl: string;
  homeUrl: string;
  calendarUrl: string;
  /** The account's address (calendar-user-address-set), lower case. */
  account: string;
  addresses: string[];
  outboxUrl?: string;
  /** DAV: header of the calendar advertises calendar-auto-schedule (RFC 6638 implicit scheduling). */
  autoSchedule: boolean;
}

/** Time spent waiting for the server, for the CalDAV benchmark (server time vs. parse/expand time). */
export interface CaldavTimings {
  requests: number;
  httpMs: number;
}

export interface CaldavProvider extends CalendarProvider {
  readonly kind: 'caldav';
  discover(): Promise<CaldavDiscovery>;
  freeBusyMany(emails: readonly string[], query: FreeBusyQuery): Promise<FreeBusyManyEntry[]>;
  /** true / false once known: whether the server answers free-busy-query REPORTs. */
  readonly freeBusyReportSupported: boolean | undefined;
  readonly timings: CaldavTimings;
}

const TIMEOUT_MS = 30_000;

/**
 * A recruiter waits for the answer: a few short retries on 5xx, 429, timeouts and refused
 * connections, and a Retry-After over 30 s is reported as rate_limited instead of blocking.
 */
export const CALDAV_RETRY: Partial<RetryPolicy> = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, rateLimitFloorMs: 500, maxRetryAfterMs: 30_000, maxTokenRefreshes: 0 };

/**
 * Self-hosted servers (DAViCal on a small VM) have no documented limits; per connection, a burst of
 * 50 then 25 requests a second keeps a slot search over many calendars from flooding one.
 */
export const CALDAV_RATE_LIMITS: RateLimitConfig = { caldav: { capacity: 50, refillPerSecond: 25 } };

/** Besides ProviderDeps: transport seams (time, retries, rate limits, request log). */
export interface CaldavDeps extends ProviderDeps {
  sleep?: Sleep;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  rateLimits?: RateLimitConfig;
}

export interface CaldavOptions {
  /** How freeBusy reads busy time; see the file comment. Default 'events'. */
  freeBusy?: 'events' | 'report';
}

export function createCaldavProvider(credentials: CaldavCredentials, deps: CaldavDeps = {}, options: CaldavOptions = {}): CaldavProvider {
  const doFetch = deps.fetch ?? (deps.urlGuard?.enabled ? deps.urlGuard.fetch : (input: string | URL | Request, init?: RequestInit) => fetch(input, init));
  const now = deps.now ?? Date.now;
  const base = parseBaseUrl(credentials.url);
  const timings: CaldavTimings = { requests: 0, httpMs: 0 };
  let discovery: Promise<CaldavDiscovery> | undefined;
  let freeBusyReport: boolean | undefined;

  const fail = (code: ConstructorParameters<typeof ProviderError>[0], message: string, status?: number) => new ProviderError(code, message, 'caldav', status);
  /** URL without userinfo or query, safe for messages and logs. */
  const shown = (url: URL) => `${url.origin}${url.pathname}`;

  // Every URL the server names (principal, home set, calendars, outbox, redirects) passes the same
  // outbound guard as the URL the user typed, and every connection is made through it: a server must
  // not steer Koppel (and the user's password) into the installation's own network. A refusal reads
  // like any other unreachable server to the user; which address and why goes to the log.
  const guard = deps.urlGuard?.enabled ? deps.urlGuard : undefined;
  const urlGuard = async (url: URL) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('bad_response', `CalDAV server named a ${url.protocol} URL`);
    if (!guard) return;
    try {
      await guard.check(url);
    } catch (err) {
      if (!(err instanceof OutboundRefusedError)) throw err;
      deps.logger?.warn({ host: url.host, reason: err.reason }, 'caldav: outbound guard refused a URL');
      throw fail('unavailable', `CalDAV server ${url.origin} unreachable (refused by the outbound guard)`);
    }
  };
  const http = new HttpClient({
    baseUrl: base.origin,
    auth: basicAuth(credentials.username, credentials.password),
    accept: '*/*',
    timeoutMs: TIMEOUT_MS,
    retry: { ...CALDAV_RETRY, ...deps.retry },
    urlGuard,
    rateLimits: deps.rateLimits ?? CALDAV_RATE_LIMITS,
    ...(deps.logger ? { logger: deps.logger } : {}),
    fetch: doFetch,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });

  async function dav(
    method: string,
    target: string | URL,
    init: { body?: string; depth?: '0' | '1'; contentType?: string; headers?: Record<string, string>; ok?: number[] } = {},
  ): Promise<{ status: number; body: string; headers: Headers }> {
    const url = target instanceof URL ? target : new URL(target, base);
    const headers: Record<string, string> = { ...init.headers };
    if (init.depth) headers.depth = init.depth;
    const ok = init.ok ?? [200, 201, 204, 207];
    const where = `${method} ${shown(url)}`;
    const t0 = performance.now();
    let res;
    try {
      res = await http.request<string>({
        method,
        url,
        headers,
        responseType: 'text',
        ...(init.body !== undefined ? { body: init.body, contentType: init.contentType ?? 'application/xml; charset=utf-8' } : {}),
        acceptStatuses: ok,
        // Reads, PUT (conditional: a repeat answers 412, which createEvent reads back) and the outbox free-busy POST change nothing twice.
        idempotent: true,
        routeClass: 'caldav',
      });
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      if (!(err instanceof HttpError)) throw err;
      const status = err.status;
      if (status === undefined) {
        if (err.cause instanceof ProviderError) throw err.cause; // a redirect hop the guard refused
        const reason = err.code === 'timeout' ? 'timeout' : ((err.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? (err.cause as Error | undefined)?.name ?? err.code);
        throw fail('unavailable', `CalDAV server ${url.origin} unreachable (${reason}) on ${where}`);
      }
      if (status === 401) throw fail('invalid_credentials', `CalDAV server ${url.origin} rejected the user name or password of "${credentials.username}"`, 401);
      if (status === 403) throw fail('forbidden', `CalDAV server refused ${where} for "${credentials.username}" (403)`, 403);
      if (status === 404 || status === 410) throw fail('not_found', `CalDAV resource not found: ${where} (${status})`, status);
      if (status === 412) throw fail('conflict', `CalDAV precondition failed: ${where} (the resource changed or already exists)`, 412);
      if (status === 429) throw fail('rate_limited', `CalDAV server asks to slow down: ${where}`, 429);
      if (status >= 500) throw fail('unavailable', `CalDAV server error ${status} on ${where}`, status);
      throw fail('bad_response', `CalDAV server answered ${status} to ${where}`, status);
    } finally {
      timings.requests++;
      timings.httpMs += performance.now() - t0;
    }
    if (!ok.includes(res.status)) throw fail('bad_response', `CalDAV server answered ${res.status} to ${where}`, res.status);
    return { status: res.status, body: res.body, headers: res.headers };
  }

  const multistatus = (body: string, what: string): DavResponse[] => {
    try {
      return parseMultistatus(body);
    } catch (err) {
      if (err instanceof DavXmlError) throw fail('bad_response', `CalDAV ${what}: ${err.message}`);
      throw err;
    }
  };

  async function propfind(url: string | URL, depth: '0' | '1', props: string[]): Promise<DavResponse[]> {
    const res = await dav('PROPFIND', url, { depth, body: propfindBody(props) });
    if (res.status !== 207) throw fail('bad_response', `CalDAV PROPFIND answered ${res.status}, expected a multistatus`);
    return multistatus(res.body, 'PROPFIND');
  }

  const same = (a: string, b: string) => new URL(a, base).pathname.replace(/\/?$/, '/') === new URL(b, base).pathname.replace(/\/?$/, '/');

  async function runDiscovery(): Promise<CaldavDiscovery> {
    // 1. The principal: from the given URL, else RFC 6764's well-known URL.
    let principalHref: string | undefined;
    let contextUrl: URL = base;
    for (const candidate of [base, new URL('/.well-known/caldav', base)]) {
      try {
        const [r] = await propfind(candidate, '0', ['D:current-user-principal']);
        principalHref = r ? hrefs(okProp(r, 'current-user-principal'))[0] : undefined;
        if (principalHref) {
          contextUrl = candidate;
          break;
        }
      } catch (err) {
        if (!(err instanceof ProviderError) || !['not_found', 'bad_response'].includes(err.code) || candidate !== base) throw err;
      }
    }
    if (!principalHref) throw fail('bad_response', `CalDAV server at ${shown(base)} did not name a current-user-principal`);
    const principalUrl = new URL(principalHref, contextUrl).href;

    // 2. Home, addresses and scheduling collections of the principal.
    const [p] = await propfind(principalUrl, '0', ['C:calendar-home-set', 'C:calendar-user-address-set', 'C:schedule-outbox-URL', 'D:displayname']);
    if (!p) throw fail('bad_response', 'CalDAV principal PROPFIND returned no response');
    const homeHref = hrefs(okProp(p, 'calendar-home-set'))[0] ?? principalHref;
    const homeUrl = new URL(homeHref, principalUrl).href;
    const addresses = hrefs(okProp(p, 'calendar-user-address-set'))
      .filter((h) => /^mailto:/i.test(h))
      .map((h) => h.replace(/^mailto:/i, '').trim().toLowerCase());
    const outboxHref = hrefs(okProp(p, 'schedule-outbox-URL'))[0];

    // 3. The calendar: the configured one, else the first collection of the home that holds VEVENTs.
    let calendarUrl: string;
    if (credentials.calendarUrl) {
      calendarUrl = new URL(credentials.calendarUrl, base).href;
      const [c] = await propfind(calendarUrl, '0', ['D:resourcetype']);
      if (!c || !childNames(okProp(c, 'resourcetype')).includes('calendar')) throw fail('not_found', `${shown(new URL(calendarUrl))} is not a calendar collection`);
    } else {
      const listing = await propfind(homeUrl, '1', ['D:resourcetype', 'C:supported-calendar-component-set', 'D:displayname']);
      const calendars = listing.filter((r) => {
        const types = childNames(okProp(r, 'resourcetype'));
        if (!types.includes('calendar') || types.includes('schedule-inbox') || types.includes('schedule-outbox')) return false;
        const comps = componentNames(okProp(r, 'supported-calendar-component-set'));
        return comps === undefined || comps.length === 0 || comps.includes('VEVENT');
      });
      if (calendars.length === 0) throw fail('not_found', `no calendar for events under ${shown(new URL(homeUrl))}`);
      calendarUrl = new URL(calendars[0]!.href, homeUrl).href;
    }
    if (!calendarUrl.endsWith('/')) calendarUrl += '/';

    // 4. Implicit scheduling is announced in the DAV: header (RFC 6638 §2).
    let autoSchedule = false;
    try {
      const res = await dav('OPTIONS', calendarUrl, { ok: [200, 204] });
      autoSchedule = /calendar-auto-schedule/i.test(res.headers.get('dav') ?? '');
    } catch (err) {
      if (!(err instanceof ProviderError) || err.code === 'invalid_credentials') throw err;
    }
    const fallbackAccount = credentials.username.includes('@') ? credentials.username.toLowerCase() : credentials.username;
    return {
      principalUrl,
      homeUrl,
      calendarUrl,
      account: addresses[0] ?? fallbackAccount,
      addresses,
      outboxUrl: outboxHref ? new URL(outboxHref, principalUrl).href : undefined,
      autoSchedule,
    };
  }

  function discover(): Promise<CaldavDiscovery> {
    discovery ??= runDiscovery().catch((err) => {
      discovery = undefined; // a failed discovery is retried on the next call
      throw err;
    });
    return discovery;
  }

  // ------------------------------------------------------------------------------------------------
  // Reading busy time

  function toBlocks(busy: readonly BusyInterval[]): BusyBlock[] {
    return busy.map((b) => {
      const block: BusyBlock = { start: b.start, end: b.end };
      if (b.tentative) block.tentative = true;
      if (b.private) block.private = true;
      if (b.summary !== undefined) block.summary = b.summary;
      if (b.allDay) block.allDay = true;
      return block;
    });
  }

  const expand = deps.expandIcs ?? ((ics: string, o: Parameters<typeof expandIcs>[1]) => expandIcs(ics, o));

  /**
   * One calendar's resources share one expansion budget (time, steps, occurrences): a calendar that exceeds it
   * answers `unreadable` as a whole — its busy time would be incomplete — and the caller goes on with the others.
   * An expander supplied by the caller (the busy cache) gets each resource's href and ETag.
   */
  function expandInto(
    ics: string,
    query: FreeBusyQuery,
    ownerEmails: string[],
    where: string,
    busy: BusyInterval[],
    warnings: FreeBusyResult['warnings'],
    budget: ExpansionBudget,
    etag?: string,
  ): void {
    try {
      const r = expand(
        ics,
        { from: query.from, to: query.to, timeZone: query.timeZone, ownerEmails, keepPrivateDetails: query.keepPrivateDetails, onInvalidEvent: 'skip', budget },
        { resource: where, ...(etag ? { etag } : {}) },
      );
      busy.push(...r.busy);
      for (const w of r.warnings) warnings.push({ code: w.code, detail: w.uid ? `${where} UID ${w.uid}` : where });
    } catch (err) {
      if (isIcalError(err)) {
        if (err.code === 'ical_invalid_options') throw new RangeError(err.message);
        if (isBudgetError(err)) throw fail('unreadable', `CalDAV calendar of ${credentials.username} could not be expanded within its budget (${where}): ${err.message}`);
        warnings.push({ code: err.code, detail: where });
        return;
      }
      throw err;
    }
  }

  function checkQuery(query: FreeBusyQuery): void {
    if (!Number.isFinite(query.from) || !Number.isFinite(query.to) || !(query.from < query.to)) throw new RangeError('free/busy query needs from < to (epoch ms)');
    canonicalZone(query.timeZone);
  }

  async function freeBusy(query: FreeBusyQuery): Promise<FreeBusyResult> {
    checkQuery(query);
    const d = await discover();
    if (options.freeBusy === 'report' && freeBusyReport !== false && !query.keepPrivateDetails) {
      const res = await dav('REPORT', d.calendarUrl, { depth: '1', body: freeBusyQueryBody(query.from, query.to), ok: [200, 207, 400, 403, 405, 415, 422, 501] });
      if (res.status === 200 && /BEGIN:VFREEBUSY/i.test(res.body)) {
        freeBusyReport = true;
        const busy: BusyInterval[] = [];
        const warnings: FreeBusyResult['warnings'] = [];
        expandInto(res.body, query, d.addresses, 'free-busy-query', busy, warnings, new ExpansionBudget());
        return { busy: toBlocks(sortBusy(busy)), warnings };
      }
      // 403 may also be a real permission problem: then the calendar-query below fails with it too.
      freeBusyReport = false;
    }
    return calendarQueryBusy(d, query);
  }

  async function calendarQueryBusy(d: CaldavDiscovery, query: FreeBusyQuery): Promise<FreeBusyResult> {
    const res = await dav('REPORT', d.calendarUrl, { depth: '1', body: calendarQueryBody(query.from, query.to) });
    if (res.status !== 207) throw fail('bad_response', `CalDAV calendar-query answered ${res.status}, expected a multistatus`);
    const busy: BusyInterval[] = [];
    const warnings: FreeBusyResult['warnings'] = [];
    const budget = new ExpansionBudget();
    for (const r of multistatus(res.body, 'calendar-query')) {
      const data = text(okProp(r, 'calendar-data'));
      if (!data || !data.trim()) {
        if (r.href && !same(r.href, d.calendarUrl)) warnings.push({ code: 'caldav_unreadable_resource', detail: r.href });
        continue;
      }
      expandInto(data, query, d.addresses, r.href, busy, warnings, budget, text(okProp(r, 'getetag'))?.trim() || undefined);
    }
    return { busy: toBlocks(sortBusy(busy)), warnings };
  }

  async function freeBusyMany(emails: readonly string[], query: FreeBusyQuery): Promise<FreeBusyManyEntry[]> {
    checkQuery(query);
    const d = await discover();
    if (!d.outboxUrl) throw fail('not_found', 'this CalDAV server offers no scheduling outbox (RFC 6638): ask each calendar with freeBusy');
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
    if (wanted.length === 0) return [];
    const body =
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        `PRODID:${PRODID}`,
        'METHOD:REQUEST',
        'BEGIN:VFREEBUSY',
        `UID:${randomUUID()}`,
        `DTSTAMP:${utcStamp(now())}`,
        `DTSTART:${utcStamp(query.from)}`,
        `DTEND:${utcStamp(query.to)}`,
        `ORGANIZER:mailto:${d.account}`,
        ...wanted.map((e) => `ATTENDEE:mailto:${e}`),
        'END:VFREEBUSY',
        'END:VCALENDAR',
      ]
        .map(foldLine)
        .join('\r\n') + '\r\n';
    const res = await dav('POST', d.outboxUrl, { body, contentType: 'text/calendar; charset=utf-8', ok: [200] });
    let items;
    try {
      items = parseScheduleResponse(res.body);
    } catch (err) {
      if (err instanceof DavXmlError) throw fail('bad_response', `CalDAV schedule-response: ${err.message}`);
      throw err;
    }
    const byEmail = new Map(items.map((i) => [i.recipient.replace(/^mailto:/i, '').trim().toLowerCase(), i]));
    return wanted.map((email): FreeBusyManyEntry => {
      const item = byEmail.get(email);
      if (!item) return { email, status: 'error', requestStatus: '' };
      const code = item.requestStatus.split(';')[0]!.trim();
      if (code.startsWith('2') && item.calendarData) {
        const busy: BusyInterval[] = [];
        const warnings: FreeBusyResult['warnings'] = [];
        try {
          expandInto(item.calendarData, query, [email], `outbox ${email}`, busy, warnings, new ExpansionBudget());
        } catch (err) {
          if (err instanceof ProviderError && err.code === 'unreadable') return { email, status: 'error', requestStatus: item.requestStatus };
          throw err;
        }
        return { email, status: 'ok', requestStatus: item.requestStatus, result: { busy: toBlocks(sortBusy(busy)), warnings } };
      }
      const status = code === '3.7' ? 'unknown_user' : code === '3.8' ? 'no_authority' : 'error';
      return { email, status, requestStatus: item.requestStatus };
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Writing events

  function checkEvent(event: CalendarEventInput): void {
    if (!event.uid || !event.uid.trim()) throw new RangeError('event UID is required');
    if (!Number.isFinite(event.start) || !Number.isFinite(event.end) || !(event.start < event.end)) throw new RangeError('event needs start < end (epoch ms)');
    if (!event.organizer?.email) throw new RangeError('event organizer email is required');
    canonicalZone(event.timeZone);
  }

  /** One resource per UID; names stay short and URL-safe whatever the UID holds. */
  const resourceName = (uid: string) => (/^[A-Za-z0-9._@-]{1,120}$/.test(uid) ? `${uid}.ics` : `${createHash('sha256').update(uid).digest('hex').slice(0, 40)}.ics`);

  const hrefOf = (d: CaldavDiscovery, ref: EventRef | undefined, uid: string) => (ref?.href ? new URL(ref.href, d.calendarUrl).href : new URL(resourceName(uid), d.calendarUrl).href);

  async function getStored(url: string): Promise<{ ics: string; etag?: string; info: StoredEventInfo } | undefined> {
    let res;
    try {
      res = await dav('GET', url, { ok: [200], headers: { accept: 'text/calendar' } });
    } catch (err) {
      if (err instanceof ProviderError && err.code === 'not_found') return undefined;
      throw err;
    }
    try {
      return { ics: res.body, etag: res.headers.get('etag') ?? undefined, info: readStoredEvent(res.body) };
    } catch (err) {
      if (err instanceof IcalReadError) throw fail('bad_response', `CalDAV event ${shown(new URL(url))} is not readable iCalendar: ${err.message}`);
      throw err;
    }
  }

  const responsesOf = (info: StoredEventInfo): Array<{ email: string; status: ParticipantStatus }> =>
    info.attendees.map((a) => ({ email: a.email, status: participantStatus(a) }));

  async function written(d: CaldavDiscovery, url: string, event: CalendarEventInput, etag: string | undefined): Promise<WrittenEvent> {
    // Read back: servers may not send an ETag on PUT (DAViCal), and a scheduling server adds SCHEDULE-STATUS.
    const stored = await getStored(url);
    const ref: EventRef = { externalId: event.uid, href: new URL(url).pathname, etag: stored?.etag ?? etag, calendarId: d.calendarUrl };
    return { ref, conference: event.conference, attendees: stored ? responsesOf(stored.info) : undefined };
  }

  const putIcs = (url: string, ics: string, condition: Record<string, string>) =>
    dav('PUT', url, { body: ics, contentType: 'text/calendar; charset=utf-8', headers: condition, ok: [200, 201, 204] });

  async function createEvent(event: CalendarEventInput): Promise<WrittenEvent> {
    checkEvent(event);
    const d = await discover();
    const url = hrefOf(d, undefined, event.uid);
    try {
      const res = await putIcs(url, writeEventIcs(event, { now: now() }), { 'if-none-match': '*' });
      return written(d, url, event, res.headers.get('etag') ?? undefined);
    } catch (err) {
      if (!(err instanceof ProviderError) || err.code !== 'conflict') throw err;
    }
    // The resource exists: a retried create, or the server already delivered this interview to this
    // attendee through implicit scheduling. Same UID → the same event, not a second booking.
    const existing = await getStored(url);
    if (!existing || existing.info.uid !== event.uid) throw fail('conflict', `another event already lives at ${shown(new URL(url))}`, 412);
    const ref: EventRef = { externalId: event.uid, href: new URL(url).pathname, etag: existing.etag, calendarId: d.calendarUrl };
    const delivered = existing.info.organizer && !d.addresses.includes(existing.info.organizer) && existing.info.organizer !== d.account;
    // A retry of the same create (same time, not cancelled) leaves the event alone: no new SEQUENCE, no re-sent invitations.
    const sameAsBefore =
      existing.info.status !== 'CANCELLED' && existing.info.sequence >= event.sequence && existing.info.timeKey === readStoredEvent(writeEventIcs(event, { now: now() })).timeKey;
    if (delivered || sameAsBefore) return { ref, conference: event.conference, attendees: responsesOf(existing.info) };
    return updateEvent({ externalId: event.uid, href: new URL(url).pathname, etag: existing.etag, calendarId: d.calendarUrl }, event);
  }

  async function rewrite(ref: EventRef, event: CalendarEventInput, status: 'CONFIRMED' | 'CANCELLED'): Promise<WrittenEvent | undefined> {
    const d = await discover();
    const url = hrefOf(d, ref, event.uid);
    for (let attempt = 0; ; attempt++) {
      const current = await getStored(url);
      if (!current) {
        if (status === 'CANCELLED') return undefined; // already gone counts as cancelled
        // Deleted in the calendar app: write it again rather than lose the interview.
        const res = await putIcs(url, writeEventIcs(event, { now: now() }), { 'if-none-match': '*' });
        return written(d, url, event, res.headers.get('etag') ?? undefined);
      }
      const sequence = Math.max(event.sequence, current.info.sequence + 1);
      const draft = writeEventIcs(event, { now: now(), sequence, status });
      // Answers stay valid when the interview does not move; a new time asks everyone again (iTIP).
      const moved = readStoredEvent(draft).timeKey !== current.info.timeKey;
      const partstats = moved ? undefined : new Map(current.info.attendees.map((a) => [a.email, a.partstat]));
      const ics = partstats ? writeEventIcs(event, { now: now(), sequence, status, partstats }) : draft;
      try {
        const res = await putIcs(url, ics, current.etag ? { 'if-match': current.etag } : {});
        return written(d, url, event, res.headers.get('etag') ?? undefined);
      } catch (err) {
        // Someone (an attendee's reply) changed it between our read and write: read again, once.
        if (err instanceof ProviderError && err.code === 'conflict' && attempt === 0) continue;
        throw err;
      }
    }
  }

  async function updateEvent(ref: EventRef, event: CalendarEventInput): Promise<WrittenEvent> {
    checkEvent(event);
    return (await rewrite(ref, event, 'CONFIRMED'))!;
  }

  async function cancelEvent(ref: EventRef, event: CalendarEventInput): Promise<void> {
    checkEvent(event);
    await rewrite(ref, event, 'CANCELLED');
  }

  async function readResponses(ref: EventRef): Promise<Array<{ email: string; status: ParticipantStatus }>> {
    const d = await discover();
    const url = hrefOf(d, ref, ref.externalId);
    const stored = await getStored(url);
    if (!stored) throw fail('not_found', `CalDAV event ${shown(new URL(url))} is gone`, 404);
    return responsesOf(stored.info);
  }

  return {
    kind: 'caldav',
    conferenceKinds: [],
    async verify() {
      const d = await discover();
      return { account: d.account };
    },
    discover,
    freeBusy,
    freeBusyMany,
    createEvent,
    updateEvent,
    cancelEvent,
    readResponses,
    get freeBusyReportSupported() {
      return freeBusyReport;
    },
    timings,
  };
}

function sortBusy(busy: BusyInterval[]): BusyInterval[] {
  return busy.sort((a, b) => a.start - b.start || a.end - b.end);
}

function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError('invalid_credentials', 'CalDAV URL is not a valid URL', 'caldav');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProviderError('invalid_credentials', 'CalDAV URL must start with http:// or https://', 'caldav');
  // Credentials travel in the Authorization header only; userinfo in the URL would leak into logs.
  url.username = '';
  url.password = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
