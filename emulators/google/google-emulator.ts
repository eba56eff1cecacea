import { createHash } from 'node:crypto';
import {
  dateToEpoch,
  epochToOffsetIso,
  isLocalDateTime,
  isRfc3339,
  occurrences,
  parseRfc3339,
  requireZone,
  wallToEpoch,
  epochToWall,
  type Timed,
} from '../kit/calendar-time.ts';
import { HttpFault, asObject, json, match, startKit, type EmuRequest, type EmuResponse, } from '../kit/http-kit.ts';
import { commonHooks } from '../kit/common-hooks.ts';
import { OAuthServer, providerKitOptions, type OAuthProviderEmulator, newId, type EmulatorUser, type OAuthClient, type ProviderEmulatorOptions } from '../kit/oauth-server.ts';

/**
 * Google Calendar API v3 stand-in (test/fixtures/specs/google-calendar/calendar.json and the reference's
 * "Provider shapes"): OAuth 2 at /o/oauth2/v2/auth + /token, freeBusy (≤ 90 days), events
 * insert/get/list/patch/update/delete with Meet creation via conferenceData.createRequest, and
 * Google's error envelope. In-memory, one primary calendar per user.
 *
 * Test hooks live under /_emulator (HTTP) and as methods on the returned object.
 */

type Json = Record<string, unknown>;

export interface GoogleEmulatorOptions extends ProviderEmulatorOptions {
  /** A new Meet conference reports `pending` on this many reads before `success` (default 0: success at once). */
  meetPendingReads?: number;
  /** Calendar API requests per user per minute before 429 rateLimitExceeded (default: unlimited). */
  rateLimitPerMinute?: number;
  /** Google answers some quota hits with 403 (usageLimits / rateLimitExceeded) instead of 429. Default 429. */
  rateLimitStatus?: 429 | 403;
}

export const GOOGLE_DEFAULT_CLIENT: OAuthClient = { clientId: 'koppel-emulator.apps.googleusercontent.com', clientSecret: 'google-emulator-secret' };

export const GOOGLE_DEMO_USERS: EmulatorUser[] = [
  { id: 'g-anna', email: 'anna.jansen@example.com', name: 'Anna Jansen', timeZone: 'Europe/Amsterdam' },
  { id: 'g-bram', email: 'bram.devries@example.com', name: 'Bram de Vries', timeZone: 'Europe/Amsterdam' },
  { id: 'g-clara', email: 'clara.weber@example.com', name: 'Clara Weber', timeZone: 'Europe/Berlin' },
];

const MAX_FREEBUSY_DAYS = 90;
const RESPONSE_STATUSES = new Set(['needsAction', 'declined', 'tentative', 'accepted']);
const VISIBILITIES = new Set(['default', 'public', 'private', 'confidential']);
const SEND_UPDATES = new Set(['all', 'externalOnly', 'none']);

interface StoredEvent {
  resource: Json;
  deleted: boolean;
  version: number;
  /** Reads left before a pending Meet conference turns to success. */
  pendingReads: number;
  sendUpdates: string | null;
  /** How many times Koppel (not a hook) wrote the event. */
  writes: number;
}

interface Calendar {
  user: EmulatorUser;
  events: Map<string, StoredEvent>;
  /** requestId → conference, so a repeated createRequest gets the same Meet. */
  conferences: Map<string, { conferenceId: string }>;
  requests: number[];
}

export interface GoogleBusyInput {
  summary?: string;
  /** RFC 3339 instants (timed events) … */
  start?: string;
  end?: string;
  /** … or dates for an all-day event (end exclusive). */
  startDate?: string;
  endDate?: string;
  /** Zone of a recurring event (default: the user's). */
  timeZone?: string;
  visibility?: 'default' | 'public' | 'private' | 'confidential';
  transparency?: 'opaque' | 'transparent';
  status?: 'confirmed' | 'tentative' | 'cancelled';
  /** e.g. `FREQ=WEEKLY;BYDAY=MO;COUNT=20` */
  rrule?: string;
  /** Excluded occurrences as RFC 3339 instants or dates. */
  exdates?: string[];
}

export interface GoogleEmulator extends OAuthProviderEmulator<'google' | 'microsoft'> {
  addBusy(user: string, input: GoogleBusyInput): Json;
  /** Sets an attendee's responseStatus (default attendee: the calendar owner) on an event found by id or iCalUID, else the latest one. */
  respond(user: string, input: { eventId?: string; iCalUID?: string; attendee?: string; responseStatus: string }): Json;
  /** Everything stored in the user's calendar, deleted events included (as `{ resource, deleted, sendUpdates, writes }`). */
  events(user: string): Array<{ resource: Json; deleted: boolean; sendUpdates: string | null; writes: number }>;
}

function googleError(status: number, message: string, extra: Record<string, unknown>): Json {
  const reason =
    typeof extra.reason === 'string'
      ? extra.reason
      : status === 401
        ? 'authError'
        : status === 403
          ? 'forbidden'
          : status === 404
            ? 'notFound'
            : status === 409
              ? 'duplicate'
              : status === 410
                ? 'deleted'
                : status === 429
                  ? 'rateLimitExceeded'
                  : status >= 500
                    ? 'backendError'
                    : 'invalid';
  const domain = typeof extra.domain === 'string' ? extra.domain : status === 429 ? 'usageLimits' : 'global';
  const statusText: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 429: 'RESOURCE_EXHAUSTED' };
  return {
    error: {
      code: status,
      message,
      errors: [{ domain, reason, message, ...(status === 401 ? { locationType: 'header', location: 'Authorization' } : {}) }],
      ...(statusText[status] ? { status: statusText[status] } : {}),
    },
  };
}

function meetCode(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  const letters = Array.from(h.subarray(0, 10), (b) => String.fromCharCode(97 + (b % 26))).join('');
  return `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
}

/** Google event ids: base32hex characters (a–v, 0–9), 5 to 1024 long. */
function eventId(): string {
  return newId().toLowerCase().replace(/[^a-v0-9]/g, '0');
}

function etagOf(version: number, updated: string): string {
  return `"${Date.parse(updated) * 1000 + version}"`;
}

export async function startGoogleCalendarEmulator(opts: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const now = opts.clock ?? Date.now;
  const client = opts.clients?.[0] ?? GOOGLE_DEFAULT_CLIENT;
  const oauth = new OAuthServer({
    vendor: 'Google',
    clientAuth: 'either',
    rotateRefreshTokens: false,
    idToken: true,
    accessTokenPrefix: 'ya29.',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3599,
    ...(opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {}),
    clock: now,
  });
  for (const c of opts.clients ?? [GOOGLE_DEFAULT_CLIENT]) oauth.addClient(c);
  const calendars = new Map<string, Calendar>();

  const addUser = (u: Partial<EmulatorUser> & { email: string }): EmulatorUser => {
    if (!/^[^@\s]+@[^@\s]+$/.test(u.email)) throw new HttpFault(400, `Invalid email: ${u.email}`);
    const user = oauth.addUser({ id: u.id ?? newId('g-'), email: u.email, name: u.name ?? u.email.split('@')[0]!, timeZone: requireZone(u.timeZone ?? 'Europe/Amsterdam', 'timeZone') });
    calendars.set(user.id, { user, events: new Map(), conferences: new Map(), requests: [] });
    return user;
  };
  for (const u of opts.users ?? GOOGLE_DEMO_USERS) addUser(u);

  const calendarOf = (idOrEmail: string): Calendar => {
    const u = oauth.requireUser(idOrEmail);
    return calendars.get(u.id)!;
  };
  const nowIso = () => new Date(now()).toISOString();

  // ── event resources ─────────────────────────────────────────────────────

  /** Instant bounds + recurrence of a stored event resource. */
  const timing = (r: Json, cal: Calendar): Timed => {
    const s = r.start as Json;
    const e = r.end as Json;
    const zone = (s.timeZone as string | undefined) ?? cal.user.timeZone;
    const rrule = ((r.recurrence as string[] | undefined) ?? []).find((l) => l.toUpperCase().startsWith('RRULE:'));
    const exdates = ((r.recurrence as string[] | undefined) ?? [])
      .filter((l) => l.toUpperCase().startsWith('EXDATE'))
      .flatMap((l) => l.slice(l.indexOf(':') + 1).split(','))
      .map((v) => v.trim());
    if (typeof s.date === 'string') {
      const days = Math.round((Date.parse(e.date as string) - Date.parse(s.date)) / 86_400_000);
      return { startWall: s.date, durationMs: days * 86_400_000, allDay: true, zone, ...(rrule ? { rrule } : {}), exdates: exdates.map((x) => `${x.slice(0, 4)}-${x.slice(4, 6)}-${x.slice(6, 8)}`) };
    }
    const startMs = instantOf(s, zone);
    const endMs = instantOf(e, (e.timeZone as string | undefined) ?? zone);
    return {
      startWall: epochToWall(startMs, zone),
      durationMs: endMs - startMs,
      allDay: false,
      zone,
      ...(rrule ? { rrule } : {}),
      exdates: exdates.map((x) => (/^\d{8}T\d{6}Z$/.test(x) ? epochToWall(Date.parse(`${x.slice(0, 4)}-${x.slice(4, 6)}-${x.slice(6, 8)}T${x.slice(9, 11)}:${x.slice(11, 13)}:${x.slice(13, 15)}Z`), zone) : `${x.slice(0, 4)}-${x.slice(4, 6)}-${x.slice(6, 8)}T${x.slice(9, 11)}:${x.slice(11, 13)}:${x.slice(13, 15)}`)),
    };
  };

  const instantOf = (dt: Json, zone: string): number => {
    const v = dt.dateTime;
    if (isRfc3339(v)) return Date.parse(v);
    if (isLocalDateTime(v)) return wallToEpoch(v, requireZone(dt.timeZone ?? zone, 'timeZone'));
    throw new HttpFault(400, 'Invalid start/end time.', { reason: 'invalid' });
  };

  /** Validates and normalises a client's start/end into Google's response form. */
  const normaliseTimes = (cal: Calendar, start: unknown, end: unknown): { start: Json; end: Json } => {
    if (!start || typeof start !== 'object') throw new HttpFault(400, 'Missing start time.', { reason: 'required' });
    if (!end || typeof end !== 'object') throw new HttpFault(400, 'Missing end time.', { reason: 'required' });
    const s = start as Json;
    const e = end as Json;
    if (typeof s.date === 'string' || typeof e.date === 'string') {
      if (typeof s.date !== 'string' || typeof e.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s.date) || !/^\d{4}-\d{2}-\d{2}$/.test(e.date)) {
        throw new HttpFault(400, 'Invalid start/end date.', { reason: 'invalid' });
      }
      if (e.date <= s.date) throw new HttpFault(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
      return { start: { date: s.date }, end: { date: e.date } };
    }
    const sz = s.timeZone !== undefined ? requireZone(s.timeZone, 'start.timeZone') : undefined;
    const ez = e.timeZone !== undefined ? requireZone(e.timeZone, 'end.timeZone') : undefined;
    if (!isRfc3339(s.dateTime) && !(isLocalDateTime(s.dateTime) && sz)) throw new HttpFault(400, 'Invalid start time.', { reason: 'invalid' });
    if (!isRfc3339(e.dateTime) && !(isLocalDateTime(e.dateTime) && ez)) throw new HttpFault(400, 'Invalid end time.', { reason: 'invalid' });
    const sMs = instantOf(s, cal.user.timeZone);
    const eMs = instantOf(e, cal.user.timeZone);
    if (eMs <= sMs) throw new HttpFault(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
    return {
      start: { dateTime: epochToOffsetIso(sMs, sz ?? cal.user.timeZone), ...(sz ? { timeZone: sz } : {}) },
      end: { dateTime: epochToOffsetIso(eMs, ez ?? cal.user.timeZone), ...(ez ? { timeZone: ez } : {}) },
    };
  };

  const normaliseAttendees = (cal: Calendar, list: unknown, previous: Json[] | undefined): Json[] => {
    if (list === undefined) return previous ?? [];
    if (!Array.isArray(list)) throw new HttpFault(400, 'Invalid attendees.', { reason: 'invalid' });
    return list.map((a) => {
      const x = asObject(a);
      if (typeof x.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(x.email)) throw new HttpFault(400, 'Invalid attendee email.', { reason: 'invalid' });
      const rs = x.responseStatus ?? previous?.find((p) => String(p.email).toLowerCase() === (x.email as string).toLowerCase())?.responseStatus ?? 'needsAction';
      if (!RESPONSE_STATUSES.has(String(rs))) throw new HttpFault(400, `Invalid responseStatus: ${String(rs)}`, { reason: 'invalid' });
      const self = x.email.toLowerCase() === cal.user.email.toLowerCase();
      return {
        email: x.email,
        ...(typeof x.displayName === 'string' ? { displayName: x.displayName } : {}),
        ...(self ? { self: true, organizer: true } : {}),
        ...(x.resource === true ? { resource: true } : {}),
        ...(x.optional === true ? { optional: true } : {}),
        responseStatus: rs,
        ...(typeof x.comment === 'string' ? { comment: x.comment } : {}),
      };
    });
  };

  const conferenceFor = (cal: Calendar, stored: StoredEvent | undefined, requested: unknown): { conferenceData?: Json; hangoutLink?: string; pending: number } => {
    if (requested === undefined || requested === null) return stored ? { ...pick(stored.resource), pending: stored.pendingReads } : { pending: 0 };
    const cd = asObject(requested);
    const create = cd.createRequest as Json | undefined;
    if (!create) {
      // A client copying conference data (e.g. an existing Meet) keeps it as given.
      return { conferenceData: cd, pending: 0 };
    }
    const requestId = create.requestId;
    const type = (create.conferenceSolutionKey as Json | undefined)?.type;
    if (typeof requestId !== 'string' || !requestId) throw new HttpFault(400, 'Invalid conference request id.', { reason: 'invalid' });
    if (type !== 'hangoutsMeet') throw new HttpFault(400, 'Invalid conference type value.', { reason: 'invalid' });
    const current = stored?.resource.conferenceData as Json | undefined;
    if (stored && (current?.createRequest as Json | undefined)?.requestId === requestId) return { ...pick(stored.resource), pending: stored.pendingReads };
    let conf = cal.conferences.get(requestId);
    if (!conf) cal.conferences.set(requestId, (conf = { conferenceId: meetCode(`${cal.user.id}|${requestId}`) }));
    const pending = opts.meetPendingReads ?? 0;
    return { ...meetData(conf.conferenceId, requestId, pending > 0), pending };
  };

  const pick = (r: Json): { conferenceData?: Json; hangoutLink?: string } => ({
    ...(r.conferenceData ? { conferenceData: r.conferenceData as Json } : {}),
    ...(typeof r.hangoutLink === 'string' ? { hangoutLink: r.hangoutLink } : {}),
  });

  const meetData = (conferenceId: string, requestId: string, pending: boolean): { conferenceData: Json; hangoutLink?: string } => {
    const uri = `https://meet.google.com/${conferenceId}`;
    const createRequest = { requestId, conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode: pending ? 'pending' : 'success' } };
    if (pending) return { conferenceData: { createRequest } };
    return {
      conferenceData: {
        createRequest,
        entryPoints: [{ entryPointType: 'video', uri, label: uri.replace('https://', '') }],
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet', iconUri: 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png' },
        conferenceId,
      },
      hangoutLink: uri,
    };
  };

  /** The resource as the API returns it (a pending conference advances one read). */
  const render = (cal: Calendar, ev: StoredEvent, advance: boolean): Json => {
    if (advance && ev.pendingReads > 0) {
      ev.pendingReads--;
      if (ev.pendingReads === 0) {
        const cr = (ev.resource.conferenceData as Json).createRequest as Json;
        const conf = cal.conferences.get(cr.requestId as string)!;
        Object.assign(ev.resource, meetData(conf.conferenceId, cr.requestId as string, false));
      }
    }
    return structuredClone(ev.resource);
  };

  const writeEvent = (cal: Calendar, body: Json, query: URLSearchParams, existing: StoredEvent | undefined, mode: 'insert' | 'patch' | 'update'): StoredEvent => {
    const sendUpdates = query.get('sendUpdates');
    if (sendUpdates !== null && !SEND_UPDATES.has(sendUpdates)) throw new HttpFault(400, `Invalid value for: sendUpdates`, { reason: 'invalidParameter' });
    const cdv = query.get('conferenceDataVersion');
    if (cdv !== null && cdv !== '0' && cdv !== '1') throw new HttpFault(400, 'Invalid conference data version value.', { reason: 'invalid' });
    const merged: Json = mode === 'patch' && existing ? { ...existing.resource, ...body } : { ...body };
    const times = normaliseTimes(cal, merged.start, merged.end);
    const visibility = merged.visibility ?? 'default';
    if (!VISIBILITIES.has(String(visibility))) throw new HttpFault(400, `Invalid visibility value: ${String(visibility)}`, { reason: 'invalid' });
    if (merged.transparency !== undefined && merged.transparency !== 'opaque' && merged.transparency !== 'transparent') throw new HttpFault(400, 'Invalid transparency value.', { reason: 'invalid' });
    if (merged.status !== undefined && !['confirmed', 'tentative', 'cancelled'].includes(String(merged.status))) throw new HttpFault(400, 'Invalid status value.', { reason: 'invalid' });
    if (merged.recurrence !== undefined && (!Array.isArray(merged.recurrence) || merged.recurrence.some((l) => typeof l !== 'string'))) throw new HttpFault(400, 'Invalid recurrence rule.', { reason: 'invalid' });
    for (const k of ['summary', 'description', 'location'] as const) if (merged[k] !== undefined && typeof merged[k] !== 'string') throw new HttpFault(400, `Invalid value for: ${k}`, { reason: 'invalid' });

    const prevSeq = (existing?.resource.sequence as number | undefined) ?? 0;
    let sequence = prevSeq;
    if (body.sequence !== undefined) {
      if (!Number.isInteger(body.sequence) || (body.sequence as number) < 0) throw new HttpFault(400, 'Invalid sequence value.', { reason: 'invalid' });
      if (existing && (body.sequence as number) < prevSeq) {
        throw new HttpFault(400, 'Invalid sequence value. The specified sequence number is below the current sequence number of the resource.', { reason: 'invalid' });
      }
      sequence = body.sequence as number;
    } else if (existing && (JSON.stringify(times.start) !== JSON.stringify(existing.resource.start) || JSON.stringify(times.end) !== JSON.stringify(existing.resource.end))) {
      sequence = prevSeq + 1;
    }
    const version = (existing?.version ?? 0) + 1;
    const conf = cdv === '1' ? conferenceFor(cal, existing, body.conferenceData) : existing ? { ...pick(existing.resource), pending: existing.pendingReads } : { pending: 0 };
    const id = existing ? (existing.resource.id as string) : (body.id as string | undefined) ?? eventId();
    const updated = nowIso();
    const owner = { email: cal.user.email, displayName: cal.user.name, self: true };
    const resource: Json = {
      kind: 'calendar#event',
      etag: etagOf(version, updated),
      id,
      status: merged.status ?? 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${cal.user.email}`).toString('base64url')}`,
      created: existing?.resource.created ?? updated,
      updated,
      ...(typeof merged.summary === 'string' ? { summary: merged.summary } : {}),
      ...(typeof merged.description === 'string' ? { description: merged.description } : {}),
      ...(typeof merged.location === 'string' ? { location: merged.location } : {}),
      creator: existing?.resource.creator ?? owner,
      organizer: existing?.resource.organizer ?? owner,
      start: times.start,
      end: times.end,
      ...(merged.recurrence ? { recurrence: merged.recurrence } : {}),
      ...(merged.transparency === 'transparent' ? { transparency: 'transparent' } : {}),
      ...(visibility !== 'default' ? { visibility } : {}),
      iCalUID: existing?.resource.iCalUID ?? (typeof body.iCalUID === 'string' ? body.iCalUID : `${id}@google.com`),
      sequence,
      attendees: normaliseAttendees(cal, body.attendees, mode === 'update' ? undefined : (existing?.resource.attendees as Json[] | undefined)),
      ...(conf.hangoutLink ? { hangoutLink: conf.hangoutLink } : {}),
      ...(conf.conferenceData ? { conferenceData: conf.conferenceData } : {}),
      reminders: merged.reminders ?? { useDefault: true },
      eventType: 'default',
    };
    if ((resource.attendees as Json[]).length === 0) delete resource.attendees;
    const stored: StoredEvent = { resource, deleted: false, version, pendingReads: conf.pending, sendUpdates: sendUpdates ?? 'none', writes: (existing?.writes ?? 0) + 1 };
    cal.events.set(id, stored);
    return stored;
  };

  // ── reads ─────────────────────────────────────────────────────────────────

  const ownerStatus = (cal: Calendar, r: Json): string | undefined =>
    ((r.attendees as Json[] | undefined) ?? []).find((a) => String(a.email).toLowerCase() === cal.user.email.toLowerCase())?.responseStatus as string | undefined;

  const busyOf = (cal: Calendar, from: number, to: number): Array<{ start: number; end: number }> => {
    const out: Array<{ start: number; end: number }> = [];
    for (const ev of cal.events.values()) {
      const r = ev.resource;
      if (ev.deleted || r.status === 'cancelled' || r.transparency === 'transparent' || ownerStatus(cal, r) === 'declined') continue;
      for (const o of occurrences(timing(r, cal), from, to)) out.push({ start: Math.max(o.start, from), end: Math.min(o.end, to) });
    }
    out.sort((a, b) => a.start - b.start);
    // Google merges overlapping busy periods.
    const merged: typeof out = [];
    for (const b of out) {
      const last = merged[merged.length - 1];
      if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
      else merged.push({ ...b });
    }
    return merged;
  };

  const freeBusy = (user: EmulatorUser, body: Json): Json => {
    const timeMin = parseRfc3339(body.timeMin, 'timeMin');
    const timeMax = parseRfc3339(body.timeMax, 'timeMax');
    if (timeMax <= timeMin) throw new HttpFault(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty', domain: 'calendar' });
    if (timeMax - timeMin > MAX_FREEBUSY_DAYS * 86_400_000) throw new HttpFault(400, 'The requested time range is too long.', { reason: 'timeRangeTooLong', domain: 'calendar' });
    const tz = body.timeZone === undefined ? 'UTC' : requireZone(body.timeZone, 'timeZone');
    const items = body.items;
    if (!Array.isArray(items) || items.length === 0) throw new HttpFault(400, 'Missing items.', { reason: 'required' });
    if (items.length > 50) throw new HttpFault(400, 'Too many calendars requested.', { reason: 'tooManyCalendarsRequested', domain: 'calendar' });
    const calendarsOut: Json = {};
    for (const item of items) {
      const id = String((item as Json)?.id ?? '');
      const target = id === 'primary' ? user : oauth.findUser(id);
      if (!target) {
        calendarsOut[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
        continue;
      }
      const cal = calendars.get(target.id)!;
      calendarsOut[id] = { busy: busyOf(cal, timeMin, timeMax).map((b) => ({ start: epochToOffsetIso(b.start, tz), end: epochToOffsetIso(b.end, tz) })) };
    }
    return { kind: 'calendar#freeBusy', timeMin: new Date(timeMin).toISOString(), timeMax: new Date(timeMax).toISOString(), calendars: calendarsOut };
  };

  const listEvents = (cal: Calendar, q: URLSearchParams): Json => {
    const single = q.get('singleEvents') === 'true';
    if (q.get('orderBy') === 'startTime' && !single) throw new HttpFault(400, 'The requested ordering is not available for the particular query.', { reason: 'badRequest' });
    const timeMin = q.get('timeMin') !== null ? parseRfc3339(q.get('timeMin'), 'timeMin') : -8.64e15;
    const timeMax = q.get('timeMax') !== null ? parseRfc3339(q.get('timeMax'), 'timeMax') : 8.64e15;
    if (timeMax <= timeMin) throw new HttpFault(400, 'The specified time range is empty.', { reason: 'timeRangeEmpty' });
    const maxResults = Math.min(2500, Math.max(1, Number(q.get('maxResults') ?? 250) || 250));
    const showDeleted = q.get('showDeleted') === 'true';
    const iCalUID = q.get('iCalUID');
    const rows: Array<{ sort: number; item: Json }> = [];
    for (const ev of cal.events.values()) {
      if (ev.deleted && !showDeleted) continue;
      if (iCalUID && ev.resource.iCalUID !== iCalUID) continue;
      const t = timing(ev.resource, cal);
      const occ = q.get('timeMin') || q.get('timeMax') ? occurrences(t, timeMin, timeMax) : occurrences(t, -8.64e15, 8.64e15).slice(0, single ? 5000 : 1);
      if (occ.length === 0) continue;
      const base = render(cal, ev, false);
      if (!single || !t.rrule) {
        rows.push({ sort: occ[0]!.start, item: base });
        continue;
      }
      for (const o of occ) {
        const { recurrence: _r, ...rest } = base;
        void _r;
        const stamp = new Date(o.start).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
        const startDt = t.allDay ? { date: o.wall } : { dateTime: epochToOffsetIso(o.start, t.zone), timeZone: t.zone };
        const endDt = t.allDay ? { date: new Date(Date.parse(`${o.wall}T00:00:00Z`) + t.durationMs).toISOString().slice(0, 10) } : { dateTime: epochToOffsetIso(o.end, t.zone), timeZone: t.zone };
        rows.push({
          sort: o.start,
          item: { ...rest, id: `${base.id as string}_${t.allDay ? o.wall.replace(/-/g, '') : stamp}`, start: startDt, end: endDt, recurringEventId: base.id, originalStartTime: startDt },
        });
      }
    }
    rows.sort((a, b) => a.sort - b.sort);
    const offset = Number(q.get('pageToken') ? Buffer.from(q.get('pageToken')!, 'base64url').toString('utf8') : 0) || 0;
    const page = rows.slice(offset, offset + maxResults).map((r) => r.item);
    return {
      kind: 'calendar#events',
      etag: `"p${cal.events.size}${offset}"`,
      summary: cal.user.email,
      updated: nowIso(),
      timeZone: cal.user.timeZone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      items: page,
      ...(offset + maxResults < rows.length ? { nextPageToken: Buffer.from(String(offset + maxResults)).toString('base64url') } : {}),
    };
  };

  // ── test hooks ───────────────────────────────────────────────────────────

  const addBusy = (userKey: string, input: GoogleBusyInput): Json => {
    const cal = calendarOf(userKey);
    const zone = input.timeZone ? requireZone(input.timeZone, 'timeZone') : cal.user.timeZone;
    let start: Json;
    let end: Json;
    if (input.startDate) {
      start = { date: input.startDate };
      end = { date: input.endDate ?? new Date(Date.parse(`${input.startDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) };
      dateToEpoch(input.startDate, zone);
    } else {
      const s = parseRfc3339(input.start, 'start');
      const e = parseRfc3339(input.end, 'end');
      start = { dateTime: epochToOffsetIso(s, zone), timeZone: zone };
      end = { dateTime: epochToOffsetIso(e, zone), timeZone: zone };
    }
    const recurrence: string[] = [];
    if (input.rrule) recurrence.push(`RRULE:${input.rrule.replace(/^RRULE:/i, '')}`);
    if (input.exdates?.length) {
      const vals = input.exdates.map((x) => (/^\d{4}-\d{2}-\d{2}$/.test(x) ? x.replace(/-/g, '') : new Date(parseRfc3339(x, 'exdates')).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')));
      recurrence.push(input.startDate ? `EXDATE;VALUE=DATE:${vals.join(',')}` : `EXDATE:${vals.join(',')}`);
    }
    const body: Json = {
      summary: input.summary ?? 'Busy',
      start,
      end,
      ...(recurrence.length ? { recurrence } : {}),
      ...(input.visibility ? { visibility: input.visibility } : {}),
      ...(input.transparency ? { transparency: input.transparency } : {}),
      ...(input.status ? { status: input.status } : {}),
    };
    const stored = writeEvent(cal, body, new URLSearchParams(), undefined, 'insert');
    stored.writes = 0;
    if (recurrence.length) occurrences(timing(stored.resource, cal), 0, 1); // validates the rule now rather than at the next read
    return structuredClone(stored.resource);
  };

  const respond = (userKey: string, input: { eventId?: string; iCalUID?: string; attendee?: string; responseStatus: string }): Json => {
    const cal = calendarOf(userKey);
    if (!RESPONSE_STATUSES.has(input.responseStatus)) throw new HttpFault(400, `responseStatus must be one of ${[...RESPONSE_STATUSES].join(', ')}`);
    const live = [...cal.events.values()].filter((e) => !e.deleted);
    const ev = input.eventId ? cal.events.get(input.eventId) : input.iCalUID ? live.find((e) => e.resource.iCalUID === input.iCalUID) : live.filter((e) => e.writes > 0).at(-1);
    if (!ev || ev.deleted) throw new HttpFault(404, 'Not Found');
    const who = (input.attendee ?? cal.user.email).toLowerCase();
    const attendees = (ev.resource.attendees as Json[] | undefined) ?? [];
    const a = attendees.find((x) => String(x.email).toLowerCase() === who);
    if (!a) throw new HttpFault(404, `${who} is not an attendee of this event`);
    a.responseStatus = input.responseStatus;
    ev.version++;
    ev.resource.updated = nowIso();
    ev.resource.etag = etagOf(ev.version, ev.resource.updated as string);
    return structuredClone(ev.resource);
  };

  const eventsOf = (userKey: string) =>
    [...calendarOf(userKey).events.values()].map((e) => ({ resource: structuredClone(e.resource), deleted: e.deleted, sendUpdates: e.sendUpdates, writes: e.writes }));

  // ── routing ──────────────────────────────────────────────────────────────

  const hooks = (req: EmuRequest): EmuResponse | null => {
    const p = req.path;
    const common = commonHooks(req, { oauth, kit: () => kit, addUser, credentials: (u) => api.credentials(u) });
    if (common) return common;
    let m = match('/_emulator/calendars/:user/busy', p);
    if (m && req.method === 'POST') return json(201, addBusy(m.user!, asObject(req.body) as GoogleBusyInput));
    m = match('/_emulator/calendars/:user/respond', p);
    if (m && req.method === 'POST') return json(200, respond(m.user!, asObject(req.body) as { responseStatus: string }));
    m = match('/_emulator/calendars/:user/events', p);
    if (m && req.method === 'GET') return json(200, { events: eventsOf(m.user!) });
    return null;
  };

  const handle = async (req: EmuRequest): Promise<EmuResponse> => {
    const p = req.path;
    if (p.startsWith('/_emulator/')) return hooks(req) ?? json(404, googleError(404, 'Unknown emulator hook', {}));
    if (p === '/o/oauth2/v2/auth' || p === '/o/oauth2/auth') return oauth.authorize(req);
    if (p === '/token' && req.method === 'POST') return oauth.tokenEndpoint(req);
    if (p === '/revoke' && req.method === 'POST') return oauth.revokeEndpoint(req);
    if (!p.startsWith('/calendar/v3/')) throw new HttpFault(404, 'Not Found', { reason: 'notFound' });

    const auth = oauth.authenticate(req.headers.authorization);
    if ('error' in auth) {
      throw new HttpFault(401, auth.error === 'missing' ? 'Request is missing required authentication credential.' : 'Request had invalid authentication credentials. Expected OAuth 2 access token.', {
        reason: auth.error === 'missing' ? 'required' : 'authError',
      }, { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' });
    }
    const user = auth.user;
    const own = calendars.get(user.id)!;
    if (opts.rateLimitPerMinute) {
      const t = now();
      own.requests = own.requests.filter((x) => x > t - 60_000);
      if (own.requests.length >= opts.rateLimitPerMinute) throw new HttpFault(opts.rateLimitStatus ?? 429, 'Rate Limit Exceeded', { reason: 'rateLimitExceeded', domain: 'usageLimits' });
      own.requests.push(t);
    }
    const calFor = (id: string): Calendar => {
      if (id === 'primary' || id.toLowerCase() === user.email.toLowerCase()) return own;
      throw new HttpFault(404, 'Not Found', { reason: 'notFound' });
    };

    if (p === '/calendar/v3/freeBusy' && req.method === 'POST') return json(200, freeBusy(user, asObject(req.body)));
    let m = match('/calendar/v3/calendars/:cal', p);
    if (m && req.method === 'GET') {
      const cal = calFor(m.cal!);
      return json(200, { kind: 'calendar#calendar', etag: `"${cal.user.id}"`, id: cal.user.email, summary: cal.user.email, timeZone: cal.user.timeZone, conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] } });
    }
    m = match('/calendar/v3/calendars/:cal/events', p);
    if (m) {
      const cal = calFor(m.cal!);
      if (req.method === 'GET') return json(200, listEvents(cal, req.query));
      if (req.method === 'POST') {
        const body = asObject(req.body);
        if (body.id !== undefined) {
          if (typeof body.id !== 'string' || !/^[a-v0-9]{5,1024}$/.test(body.id)) throw new HttpFault(400, 'Invalid resource id value.', { reason: 'invalid' });
          if (cal.events.has(body.id)) throw new HttpFault(409, 'The requested identifier already exists.', { reason: 'duplicate' });
        }
        return json(200, render(cal, writeEvent(cal, body, req.query, undefined, 'insert'), false));
      }
    }
    m = match('/calendar/v3/calendars/:cal/events/:id', p);
    if (m) {
      const cal = calFor(m.cal!);
      const ev = cal.events.get(m.id!);
      if (!ev) throw new HttpFault(404, 'Not Found', { reason: 'notFound' });
      if (req.method === 'GET') return json(200, render(cal, ev, true));
      if (ev.deleted) throw new HttpFault(410, 'Resource has been deleted', { reason: 'deleted' });
      if (req.method === 'DELETE') {
        const sendUpdates = req.query.get('sendUpdates');
        if (sendUpdates !== null && !SEND_UPDATES.has(sendUpdates)) throw new HttpFault(400, 'Invalid value for: sendUpdates', { reason: 'invalidParameter' });
        ev.deleted = true;
        ev.writes++;
        ev.sendUpdates = sendUpdates ?? 'none';
        ev.version++;
        ev.resource.status = 'cancelled';
        ev.resource.updated = nowIso();
        ev.resource.etag = etagOf(ev.version, ev.resource.updated as string);
        return json(204);
      }
      const ifMatch = req.headers['if-match'];
      if (ifMatch && ifMatch !== ev.resource.etag) throw new HttpFault(412, 'Precondition Failed', { reason: 'conditionNotMet' });
      if (req.method === 'PATCH') return json(200, render(cal, writeEvent(cal, asObject(req.body), req.query, ev, 'patch'), false));
      if (req.method === 'PUT') return json(200, render(cal, writeEvent(cal, asObject(req.body), req.query, ev, 'update'), false));
    }
    throw new HttpFault(404, 'Not Found', { reason: 'notFound' });
  };

  const kit = await startKit({
    ...providerKitOptions(oauth, opts),
    faultExempt: (p) => p.startsWith('/o/oauth2') || p === '/token' || p === '/revoke',
    faults: opts.faults,
    errorBody: googleError,
    handle,
  });

  if (opts.seed !== undefined) seedDemo(opts.seed, [...oauth.users.values()], addBusy, now());

  const api: GoogleEmulator = {
    url: kit.url,
    authorizeUrl: `${kit.url}/o/oauth2/v2/auth`,
    tokenUrl: `${kit.url}/token`,
    client,
    oauth,
    kit,
    users: () => [...oauth.users.values()],
    addUser,
    credentials: (userKey) => {
      const u = oauth.requireUser(userKey);
      const t = oauth.issueTokens(u.id, client.clientId, 'https://www.googleapis.com/auth/calendar');
      return { kind: 'google' as const, baseUrl: kit.url, tokenUrl: `${kit.url}/token`, clientId: client.clientId, clientSecret: client.clientSecret, ...t, account: u.email };
    },
    addBusy,
    respond,
    events: eventsOf,
    revoke: (u) => oauth.revokeUser(u),
    expireAccessTokens: (u) => oauth.expireAccessTokens(u),
    injectFault: (r) => kit.faults.add(r),
    close: () => kit.close(),
  };
  return api;
}

/** Deterministic demo busy time for the CLI: a weekly stand-up, a private appointment, an all-day event per user. */
function seedDemo(seed: number, users: EmulatorUser[], addBusy: (u: string, i: GoogleBusyInput) => unknown, nowMs: number): void {
  const day = new Date(nowMs);
  const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7)));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  users.forEach((u, i) => {
    const shift = (seed + i) % 3;
    const standup = new Date(monday.getTime() + shift * 86_400_000);
    const wall = `${iso(standup)}T${String(9 + shift).padStart(2, '0')}:00:00`;
    const s = wallToEpoch(wall, u.timeZone);
    addBusy(u.id, { summary: 'Team stand-up', start: new Date(s).toISOString(), end: new Date(s + 30 * 60_000).toISOString(), rrule: 'FREQ=WEEKLY;COUNT=26' });
    const p = wallToEpoch(`${iso(new Date(monday.getTime() + (shift + 1) * 86_400_000))}T14:00:00`, u.timeZone);
    addBusy(u.id, { summary: 'Doctor', start: new Date(p).toISOString(), end: new Date(p + 90 * 60_000).toISOString(), visibility: 'private' });
    addBusy(u.id, { summary: 'Off-site', startDate: iso(new Date(monday.getTime() + (7 + shift) * 86_400_000)) });
  });
}
