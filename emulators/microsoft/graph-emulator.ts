import { createHash, randomBytes } from 'node:crypto';
import { windowsZoneToIana } from '../../src/domain/ical/windows-zones.ts';
import { dateToEpoch, epochToWall, isLocalDateTime, isZone, occurrences, parseRfc3339, wallToEpoch, type Timed } from '../kit/calendar-time.ts';
import { commonHooks } from '../kit/common-hooks.ts';
import { HttpFault, asObject, json, match, startKit, type EmuRequest, type EmuResponse, type FaultRule, } from '../kit/http-kit.ts';
import { OAuthServer, providerKitOptions, type OAuthProviderEmulator, type EmulatorUser, type OAuthClient, type ProviderEmulatorOptions } from '../kit/oauth-server.ts';

/**
 * Microsoft Graph v1.0 calendar stand-in (reference "Provider shapes"): OAuth 2 v2.0 endpoints under
 * /{tenant}/oauth2/v2.0 (rotating refresh tokens, id_token), `getSchedule` with availabilityView and
 * `Prefer: outlook.timezone`, events with Teams meetings (`isOnlineMeeting` + `teamsForBusiness`),
 * `transactionId` idempotency, `sensitivity`, attendee `status.response`, PATCH, `/cancel`, DELETE,
 * calendarView, and Graph's `{error:{code,message,innerError}}` envelope with Retry-After on 429.
 */

type Json = Record<string, unknown>;

export type GraphEmulatorOptions = ProviderEmulatorOptions;

export const GRAPH_DEFAULT_CLIENT: OAuthClient = { clientId: '6f1c1d7e-0000-4000-8000-00000000c0de', clientSecret: 'graph-emulator-secret' };

export const GRAPH_DEMO_USERS: EmulatorUser[] = [
  { id: '3f1e8a52-0001-4c1b-9a5e-000000000001', email: 'daan.bakker@contoso.example', name: 'Daan Bakker', timeZone: 'Europe/Amsterdam' },
  { id: '3f1e8a52-0002-4c1b-9a5e-000000000002', email: 'eva.schmidt@contoso.example', name: 'Eva Schmidt', timeZone: 'Europe/Berlin' },
  { id: '3f1e8a52-0003-4c1b-9a5e-000000000003', email: 'finn.murphy@contoso.example', name: 'Finn Murphy', timeZone: 'Europe/Dublin' },
];

const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'];
const SENSITIVITY = ['normal', 'personal', 'private', 'confidential'];
const RESPONSES = ['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded'];
const AVAILABILITY_CODE: Record<string, number> = { free: 0, tentative: 1, busy: 2, oof: 3, workingElsewhere: 4 };
/** Which status wins when several overlap one interval of the availabilityView. */
const PRIORITY: Record<string, number> = { free: 0, unknown: 0, tentative: 1, workingElsewhere: 2, busy: 3, oof: 4 };
const MAX_SCHEDULE_DAYS = 62;

interface StoredEvent {
  resource: Json;
  timed: Timed;
  deleted: boolean;
  version: number;
  writes: number;
  cancelledWithComment?: string;
}

interface Mailbox {
  user: EmulatorUser;
  events: Map<string, StoredEvent>;
}

export interface GraphBusyInput {
  subject?: string;
  start?: string;
  end?: string;
  startDate?: string;
  endDate?: string;
  timeZone?: string;
  showAs?: string;
  sensitivity?: string;
  isCancelled?: boolean;
  rrule?: string;
  exdates?: string[];
}

export interface GraphEmulator extends OAuthProviderEmulator<'google' | 'microsoft'> {
  addBusy(user: string, input: GraphBusyInput): Json;
  respond(user: string, input: { eventId?: string; iCalUId?: string; transactionId?: string; attendee?: string; response: string }): Json;
  events(user: string): Array<{ resource: Json; deleted: boolean; writes: number; cancelledWithComment?: string }>;
}

function graphError(status: number, message: string, extra: Record<string, unknown>): Json {
  const code =
    typeof extra.code === 'string'
      ? extra.code
      : status === 401
        ? 'InvalidAuthenticationToken'
        : status === 403
          ? 'ErrorAccessDenied'
          : status === 404
            ? 'ErrorItemNotFound'
            : status === 429
              ? 'TooManyRequests'
              : status === 503
                ? 'ServiceNotAvailable'
                : status >= 500
                  ? 'generalException'
                  : 'ErrorInvalidRequest';
  return { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': randomBytes(16).toString('hex'), 'client-request-id': randomBytes(16).toString('hex') } } };
}

/** Graph accepts IANA and Windows zone names. */
function zoneOf(name: unknown, field: string): string {
  if (typeof name !== 'string' || !name) throw new HttpFault(400, `${field} is required.`, { code: 'ErrorInvalidRequest' });
  if (isZone(name)) return name;
  const iana = windowsZoneToIana(name);
  if (iana) return iana;
  throw new HttpFault(400, `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`, { code: 'ErrorTimeZoneNotSupportedException' });
}

/** Graph's DateTimeTimeZone.dateTime: local, seven fractional digits. */
function graphWall(ms: number, zone: string): string {
  return `${epochToWall(ms, zone)}.0000000`;
}

function preferZone(req: EmuRequest): { zone: string; label: string } {
  const m = /outlook\.timezone="([^"]+)"/i.exec(String(req.headers.prefer ?? ''));
  if (!m) return { zone: 'UTC', label: 'UTC' };
  return { zone: zoneOf(m[1], 'Prefer outlook.timezone'), label: m[1]! };
}

function parseGraphTime(v: unknown, field: string): number {
  const o = v as { dateTime?: unknown; timeZone?: unknown } | undefined;
  if (!o || typeof o !== 'object') throw new HttpFault(400, `${field} is required.`, { code: 'ErrorInvalidRequest' });
  const zone = zoneOf(o.timeZone ?? 'UTC', `${field}.timeZone`);
  const dt = typeof o.dateTime === 'string' ? o.dateTime.replace(/\.\d+$/, '') : '';
  if (!isLocalDateTime(dt)) throw new HttpFault(400, `Cannot convert the literal '${String(o.dateTime)}' to the expected type 'Edm.DateTimeOffset'.`, { code: 'RequestBodyRead' });
  return wallToEpoch(dt, zone);
}

export async function startGraphEmulator(opts: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const now = opts.clock ?? Date.now;
  const client = opts.clients?.[0] ?? GRAPH_DEFAULT_CLIENT;
  const oauth = new OAuthServer({
    vendor: 'Microsoft',
    clientAuth: 'either',
    rotateRefreshTokens: true,
    idToken: true,
    accessTokenPrefix: 'eyJ0eXAiOiJKV1Qi.',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3599,
    ...(opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {}),
    clock: now,
  });
  for (const c of opts.clients ?? [GRAPH_DEFAULT_CLIENT]) oauth.addClient(c);
  const mailboxes = new Map<string, Mailbox>();

  const addUser = (u: Partial<EmulatorUser> & { email: string }): EmulatorUser => {
    const user = oauth.addUser({ id: u.id ?? crypto.randomUUID(), email: u.email, name: u.name ?? u.email.split('@')[0]!, timeZone: zoneOf(u.timeZone ?? 'Europe/Amsterdam', 'timeZone') });
    mailboxes.set(user.id, { user, events: new Map() });
    return user;
  };
  for (const u of opts.users ?? GRAPH_DEMO_USERS) addUser(u);
  const mailboxOf = (key: string): Mailbox => mailboxes.get(oauth.requireUser(key).id)!;
  const isoNow = () => new Date(now()).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

  // ── resources ────────────────────────────────────────────────────────────

  const renderTimes = (r: Json, timed: Timed, zone: string, label: string, occ?: { start: number; end: number }): Json => {
    const s = occ?.start ?? (timed.allDay ? dateToEpoch(timed.startWall, timed.zone) : wallToEpoch(timed.startWall, timed.zone));
    const e = occ?.end ?? s + timed.durationMs;
    return { ...r, start: { dateTime: graphWall(s, zone), timeZone: label }, end: { dateTime: graphWall(e, zone), timeZone: label } };
  };

  const render = (ev: StoredEvent, req: EmuRequest): Json => {
    const { zone, label } = preferZone(req);
    return structuredClone(renderTimes(ev.resource, ev.timed, zone, label));
  };

  const attendeesFrom = (list: unknown, previous: Json[] | undefined, resetResponses: boolean): Json[] => {
    if (list === undefined) return (previous ?? []).map((a) => (resetResponses ? { ...a, status: { response: 'none', time: '0001-01-01T00:00:00Z' } } : a));
    if (!Array.isArray(list)) throw new HttpFault(400, 'Invalid attendees.', { code: 'RequestBodyRead' });
    return list.map((a) => {
      const x = asObject(a);
      const email = (x.emailAddress as Json | undefined)?.address;
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new HttpFault(400, 'At least one recipient is not valid.', { code: 'ErrorInvalidRecipients' });
      const type = x.type ?? 'required';
      if (!['required', 'optional', 'resource'].includes(String(type))) throw new HttpFault(400, `Invalid attendee type '${String(type)}'.`, { code: 'RequestBodyRead' });
      const prev = previous?.find((p) => String(((p.emailAddress as Json).address as string) ?? '').toLowerCase() === email.toLowerCase());
      return {
        type,
        status: !resetResponses && prev ? prev.status : { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: (x.emailAddress as Json).name ?? email, address: email },
      };
    });
  };

  const teamsUrl = (id: string) =>
    `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${createHash('sha256').update(id).digest('base64url').slice(0, 40)}%40thread.v2/0?context=%7b%22Tid%22%3a%22emulator%22%7d`;

  const writeEvent = (mb: Mailbox, b: Json, existing: StoredEvent | undefined): StoredEvent => {
    const r: Json = existing ? { ...existing.resource } : {};
    for (const k of ['subject'] as const) if (b[k] !== undefined && typeof b[k] !== 'string') throw new HttpFault(400, `Invalid value for ${k}.`, { code: 'RequestBodyRead' });
    if (b.sensitivity !== undefined && !SENSITIVITY.includes(String(b.sensitivity))) throw new HttpFault(400, `Requested value '${String(b.sensitivity)}' was not found.`, { code: 'RequestBodyRead' });
    if (b.showAs !== undefined && !SHOW_AS.includes(String(b.showAs))) throw new HttpFault(400, `Requested value '${String(b.showAs)}' was not found.`, { code: 'RequestBodyRead' });
    if (b.onlineMeetingProvider !== undefined && !['teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer', 'unknown'].includes(String(b.onlineMeetingProvider))) {
      throw new HttpFault(400, `Requested value '${String(b.onlineMeetingProvider)}' was not found.`, { code: 'RequestBodyRead' });
    }
    const isAllDay = b.isAllDay ?? r.isAllDay ?? false;
    let timed = existing?.timed;
    if (b.start !== undefined || b.end !== undefined || !existing) {
      const prevStart = existing ? (existing.timed.allDay ? dateToEpoch(existing.timed.startWall, existing.timed.zone) : wallToEpoch(existing.timed.startWall, existing.timed.zone)) : undefined;
      const s = b.start !== undefined || prevStart === undefined ? parseGraphTime(b.start, 'start') : prevStart;
      const e = b.end !== undefined || prevStart === undefined ? parseGraphTime(b.end, 'end') : prevStart + existing!.timed.durationMs;
      if (e < s || (e === s && !isAllDay)) throw new HttpFault(400, 'The end time must be after the start time.', { code: 'ErrorInvalidRequest' });
      const zone = b.start !== undefined ? zoneOf((b.start as Json).timeZone ?? 'UTC', 'start.timeZone') : existing!.timed.zone;
      timed = isAllDay
        ? { startWall: epochToWall(s, zone).slice(0, 10), durationMs: Math.round((e - s) / 86_400_000) * 86_400_000, allDay: true, zone: mb.user.timeZone }
        : { startWall: epochToWall(s, zone), durationMs: e - s, allDay: false, zone };
    }
    const timesChanged = !!existing && JSON.stringify(existing.timed) !== JSON.stringify(timed);
    const id = existing ? (r.id as string) : `AAMkAG${randomBytes(30).toString('base64url')}=`;
    const version = (existing?.version ?? 0) + 1;
    const changeKey = randomBytes(12).toString('base64');
    const bodyIn = b.body !== undefined ? asObject(b.body) : undefined;
    const isOnline = (b.isOnlineMeeting ?? r.isOnlineMeeting ?? false) === true;
    const provider = b.onlineMeetingProvider ?? r.onlineMeetingProvider ?? (isOnline ? 'teamsForBusiness' : 'unknown');
    const owner = { emailAddress: { name: mb.user.name, address: mb.user.email } };
    const content = bodyIn ? String(bodyIn.content ?? '') : ((r.body as Json | undefined)?.content as string | undefined) ?? '';
    Object.assign(r, {
      '@odata.etag': `W/"${changeKey}"`,
      id,
      createdDateTime: r.createdDateTime ?? isoNow(),
      lastModifiedDateTime: isoNow(),
      changeKey,
      categories: [],
      transactionId: r.transactionId ?? (typeof b.transactionId === 'string' ? b.transactionId : null),
      originalStartTimeZone: timed!.zone,
      originalEndTimeZone: timed!.zone,
      iCalUId: r.iCalUId ?? `040000008200E00074C5B7101A82E008${createHash('sha1').update(id).digest('hex').toUpperCase()}`,
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
      hasAttachments: false,
      subject: (b.subject as string | undefined) ?? r.subject ?? '',
      bodyPreview: content.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 255),
      importance: 'normal',
      sensitivity: b.sensitivity ?? r.sensitivity ?? 'normal',
      isAllDay,
      isCancelled: b.isCancelled ?? r.isCancelled ?? false,
      isOrganizer: true,
      responseRequested: b.responseRequested ?? r.responseRequested ?? true,
      seriesMasterId: null,
      showAs: b.showAs ?? r.showAs ?? 'busy',
      type: timed!.rrule ? 'seriesMaster' : 'singleInstance',
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: isOnline,
      onlineMeetingProvider: provider,
      allowNewTimeProposals: true,
      isDraft: false,
      hideAttendees: false,
      responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
      body: { contentType: bodyIn?.contentType === 'html' ? 'html' : ((r.body as Json | undefined)?.contentType ?? 'text'), content },
      location: b.location !== undefined ? { displayName: String((asObject(b.location).displayName as string | undefined) ?? ''), locationType: 'default', uniqueIdType: 'unknown' } : (r.location ?? { displayName: '', locationType: 'default', uniqueIdType: 'unknown' }),
      locations: [],
      recurrence: null,
      attendees: attendeesFrom(b.attendees, r.attendees as Json[] | undefined, timesChanged),
      organizer: r.organizer ?? owner,
      onlineMeeting: isOnline && provider === 'teamsForBusiness' ? ((r.onlineMeeting as Json | null | undefined) ?? { joinUrl: teamsUrl(id) }) : null,
    });
    const stored: StoredEvent = { resource: r, timed: timed!, deleted: false, version, writes: (existing?.writes ?? 0) + 1 };
    mb.events.set(id, stored);
    return stored;
  };

  // ── schedule ─────────────────────────────────────────────────────────────

  const itemsOf = (mb: Mailbox, from: number, to: number): Array<{ ev: StoredEvent; start: number; end: number }> => {
    const out: Array<{ ev: StoredEvent; start: number; end: number }> = [];
    for (const ev of mb.events.values()) {
      if (ev.deleted || ev.resource.isCancelled === true) continue;
      for (const o of occurrences(ev.timed, from, to)) out.push({ ev, start: o.start, end: o.end });
    }
    return out.sort((a, b) => a.start - b.start);
  };

  const getSchedule = (req: EmuRequest): Json => {
    const b = asObject(req.body);
    if (!Array.isArray(b.schedules) || b.schedules.length === 0) throw new HttpFault(400, 'Schedules is required.', { code: 'ErrorInvalidRequest' });
    if (b.schedules.length > 100) throw new HttpFault(400, 'Too many schedules requested.', { code: 'ErrorInvalidRequest' });
    const from = parseGraphTime(b.startTime, 'startTime');
    const to = parseGraphTime(b.endTime, 'endTime');
    if (to <= from) throw new HttpFault(400, 'The end time must be after the start time.', { code: 'ErrorInvalidRequest' });
    if (to - from > MAX_SCHEDULE_DAYS * 86_400_000) throw new HttpFault(400, `The requested time range exceeds the maximum of ${MAX_SCHEDULE_DAYS} days.`, { code: 'ErrorInvalidRequest' });
    const interval = b.availabilityViewInterval === undefined ? 30 : Number(b.availabilityViewInterval);
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440) throw new HttpFault(400, 'availabilityViewInterval must be between 5 and 1440.', { code: 'ErrorInvalidRequest' });
    const { zone, label } = preferZone(req);
    return {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)',
      value: b.schedules.map((id) => {
        const target = typeof id === 'string' ? oauth.findUser(id) : undefined;
        if (!target) return { scheduleId: String(id), availabilityView: '', scheduleItems: [], error: { message: `The mailbox ${String(id)} was not found.`, responseCode: 'ErrorMailboxNotFound' } };
        const items = itemsOf(mailboxes.get(target.id)!, from, to);
        const slots = Math.ceil((to - from) / (interval * 60_000));
        let view = '';
        for (let i = 0; i < slots; i++) {
          const s = from + i * interval * 60_000;
          const e = Math.min(to, s + interval * 60_000);
          let best = 'free';
          for (const it of items) if (it.start < e && it.end > s && (PRIORITY[it.ev.resource.showAs as string] ?? 0) > PRIORITY[best]!) best = it.ev.resource.showAs as string;
          view += String(AVAILABILITY_CODE[best] ?? 0);
        }
        return {
          scheduleId: String(id),
          availabilityView: view,
          scheduleItems: items.map(({ ev, start, end }) => {
            const priv = ev.resource.sensitivity === 'private' || ev.resource.sensitivity === 'confidential';
            return {
              isPrivate: priv,
              status: ev.resource.showAs,
              ...(priv ? {} : { subject: ev.resource.subject, location: ((ev.resource.location as Json | undefined)?.displayName as string | undefined) ?? '' }),
              isMeeting: ((ev.resource.attendees as Json[] | undefined) ?? []).length > 0,
              isRecurring: !!ev.timed.rrule,
              isException: false,
              isReminderSet: true,
              start: { dateTime: graphWall(start, zone), timeZone: label },
              end: { dateTime: graphWall(end, zone), timeZone: label },
            };
          }),
          workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: target.timeZone } },
        };
      }),
    };
  };

  const calendarView = (mb: Mailbox, req: EmuRequest): Json => {
    const from = parseRfc3339(req.query.get('startDateTime') ?? undefined, 'startDateTime');
    const to = parseRfc3339(req.query.get('endDateTime') ?? undefined, 'endDateTime');
    const top = Math.min(1000, Math.max(1, Number(req.query.get('$top') ?? 10) || 10));
    const skip = Math.max(0, Number(req.query.get('$skip') ?? 0) || 0);
    const { zone, label } = preferZone(req);
    const rows = itemsOf(mb, from, to).map(({ ev, start, end }) => {
      const base = renderTimes(ev.resource, ev.timed, zone, label, { start, end });
      if (!ev.timed.rrule) return base;
      return { ...base, id: `${ev.resource.id as string}_${start}`, type: 'occurrence', seriesMasterId: ev.resource.id };
    });
    const page = rows.slice(skip, skip + top);
    const next = new URL(`http://x${req.path}`);
    for (const [k, v] of req.query) next.searchParams.set(k, v);
    next.searchParams.set('$skip', String(skip + top));
    return {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${mb.user.id}')/calendarView`,
      value: structuredClone(page),
      ...(skip + top < rows.length ? { '@odata.nextLink': `${kit.url}${next.pathname}${next.search}` } : {}),
    };
  };

  // ── hooks ────────────────────────────────────────────────────────────────

  const addBusy = (key: string, input: GraphBusyInput): Json => {
    const mb = mailboxOf(key);
    const zone = input.timeZone ? zoneOf(input.timeZone, 'timeZone') : mb.user.timeZone;
    const body: Json = { subject: input.subject ?? 'Busy', showAs: input.showAs ?? 'busy', sensitivity: input.sensitivity ?? 'normal', isCancelled: input.isCancelled ?? false };
    if (input.startDate) {
      const end = input.endDate ?? new Date(Date.parse(`${input.startDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      Object.assign(body, { isAllDay: true, start: { dateTime: `${input.startDate}T00:00:00`, timeZone: zone }, end: { dateTime: `${end}T00:00:00`, timeZone: zone } });
    } else {
      const s = parseRfc3339(input.start, 'start');
      const e = parseRfc3339(input.end, 'end');
      Object.assign(body, { start: { dateTime: epochToWall(s, zone), timeZone: zone }, end: { dateTime: epochToWall(e, zone), timeZone: zone } });
    }
    const stored = writeEvent(mb, body, undefined);
    stored.writes = 0;
    if (input.rrule) {
      stored.timed = {
        ...stored.timed,
        rrule: input.rrule.replace(/^RRULE:/i, ''),
        exdates: (input.exdates ?? []).map((x) => (/^\d{4}-\d{2}-\d{2}$/.test(x) ? x : epochToWall(parseRfc3339(x, 'exdates'), stored.timed.zone))),
      };
      stored.resource.type = 'seriesMaster';
      occurrences(stored.timed, 0, 1);
    }
    return structuredClone(stored.resource);
  };

  const respond = (key: string, input: { eventId?: string; iCalUId?: string; transactionId?: string; attendee?: string; response: string }): Json => {
    const mb = mailboxOf(key);
    if (!RESPONSES.includes(input.response)) throw new HttpFault(400, `response must be one of ${RESPONSES.join(', ')}`);
    const live = [...mb.events.values()].filter((e) => !e.deleted);
    const ev = input.eventId
      ? mb.events.get(input.eventId)
      : input.iCalUId
        ? live.find((e) => e.resource.iCalUId === input.iCalUId)
        : input.transactionId
          ? live.find((e) => e.resource.transactionId === input.transactionId)
          : live.filter((e) => e.writes > 0).at(-1);
    if (!ev || ev.deleted) throw new HttpFault(404, 'The specified object was not found in the store.');
    const who = (input.attendee ?? mb.user.email).toLowerCase();
    const a = ((ev.resource.attendees as Json[] | undefined) ?? []).find((x) => String((x.emailAddress as Json).address).toLowerCase() === who);
    if (!a) throw new HttpFault(404, `${who} is not an attendee of this event`);
    a.status = { response: input.response, time: isoNow() };
    ev.version++;
    return structuredClone(ev.resource);
  };

  const eventsOf = (key: string) =>
    [...mailboxOf(key).events.values()].map((e) => ({ resource: structuredClone(renderTimes(e.resource, e.timed, 'UTC', 'UTC')), deleted: e.deleted, writes: e.writes, ...(e.cancelledWithComment !== undefined ? { cancelledWithComment: e.cancelledWithComment } : {}) }));

  // ── routing ──────────────────────────────────────────────────────────────

  const handle = async (req: EmuRequest): Promise<EmuResponse> => {
    const p = req.path;
    if (p.startsWith('/_emulator/')) {
      const common = commonHooks(req, { oauth, kit: () => kit, addUser, credentials: (u) => api.credentials(u) });
      if (common) return common;
      let m = match('/_emulator/calendars/:user/busy', p);
      if (m && req.method === 'POST') return json(201, addBusy(m.user!, asObject(req.body) as GraphBusyInput));
      m = match('/_emulator/calendars/:user/respond', p);
      if (m && req.method === 'POST') return json(200, respond(m.user!, asObject(req.body) as { response: string }));
      m = match('/_emulator/calendars/:user/events', p);
      if (m && req.method === 'GET') return json(200, { events: eventsOf(m.user!) });
      return json(404, graphError(404, 'Unknown emulator hook', {}));
    }
    let m = match('/:tenant/oauth2/v2.0/authorize', p);
    if (m) return oauth.authorize(req);
    m = match('/:tenant/oauth2/v2.0/token', p);
    if (m && req.method === 'POST') return oauth.tokenEndpoint(req);
    if (!p.startsWith('/v1.0/')) throw new HttpFault(404, 'Resource not found for the segment.', { code: 'BadRequest' });

    const auth = oauth.authenticate(req.headers.authorization);
    if ('error' in auth) {
      throw new HttpFault(401, auth.error === 'missing' ? 'Access token is empty.' : auth.error === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'IDX14100: JWT is not well formed.', {
        code: 'InvalidAuthenticationToken',
      });
    }
    const me = mailboxes.get(auth.user.id)!;
    // `/me/...` and `/users/{id|upn}/...` are the same thing for the signed-in user; others' mailboxes only for getSchedule.
    let rest = p.slice('/v1.0'.length);
    let mailbox = me;
    const users = /^\/users\/([^/]+)(\/.*)?$/.exec(rest);
    if (users) {
      const target = oauth.findUser(decodeURIComponent(users[1]!));
      if (!target) throw new HttpFault(404, `User not found`, { code: 'ErrorInvalidUser' });
      mailbox = mailboxes.get(target.id)!;
      rest = users[2] ?? '';
    } else if (rest.startsWith('/me')) rest = rest.slice(3);
    else throw new HttpFault(400, 'Resource not found for the segment.', { code: 'BadRequest' });

    if (rest === '/calendar/getSchedule' && req.method === 'POST') return json(200, getSchedule(req));
    if (mailbox !== me) throw new HttpFault(403, 'Access is denied. Check credentials and try again.', { code: 'ErrorAccessDenied' });
    if (rest === '' && req.method === 'GET') {
      return json(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', id: me.user.id, displayName: me.user.name, mail: me.user.email, userPrincipalName: me.user.email, preferredLanguage: 'en-US' });
    }
    if (rest === '/calendarView' && req.method === 'GET') return json(200, calendarView(me, req));
    if ((rest === '/events' || rest === '/calendar/events') && req.method === 'POST') {
      const b = asObject(req.body);
      if (typeof b.transactionId === 'string') {
        const same = [...me.events.values()].find((e) => !e.deleted && e.resource.transactionId === b.transactionId);
        if (same) return json(201, render(same, req));
      }
      return json(201, render(writeEvent(me, b, undefined), req));
    }
    m = match('/events/:id', rest) ?? match('/calendar/events/:id', rest);
    if (m) {
      const ev = me.events.get(m.id!);
      if (!ev || ev.deleted) throw new HttpFault(404, 'The specified object was not found in the store.', { code: 'ErrorItemNotFound' });
      if (req.method === 'GET') return json(200, render(ev, req));
      if (req.method === 'PATCH') return json(200, render(writeEvent(me, asObject(req.body), ev), req));
      if (req.method === 'DELETE') {
        ev.deleted = true;
        ev.writes++;
        return json(204);
      }
    }
    m = match('/events/:id/cancel', rest);
    if (m && req.method === 'POST') {
      const ev = me.events.get(m.id!);
      if (!ev || ev.deleted) throw new HttpFault(404, 'The specified object was not found in the store.', { code: 'ErrorItemNotFound' });
      if (ev.resource.isOrganizer !== true) throw new HttpFault(400, "Your request can't be completed. You need to be an organizer to cancel a meeting.", { code: 'ErrorAccessDenied' });
      const comment = req.body && typeof req.body === 'object' ? (req.body as Json).Comment ?? (req.body as Json).comment : undefined;
      // Cancel sends the cancellation to the attendees and removes the event from the organizer's calendar.
      ev.resource.isCancelled = true;
      ev.deleted = true;
      ev.writes++;
      ev.cancelledWithComment = typeof comment === 'string' ? comment : '';
      return json(202);
    }
    throw new HttpFault(400, 'Resource not found for the segment.', { code: 'BadRequest' });
  };

  const kit = await startKit({
    ...providerKitOptions(oauth, opts),
    faultExempt: (p) => p.includes('/oauth2/'),
    // Graph always says how long to wait on 429.
    faults: Array.isArray(opts.faults)
      ? opts.faults.map((f) => (f.status === 429 && f.retryAfterSeconds === undefined ? { ...f, retryAfterSeconds: 1 } : f))
      : typeof opts.faults === 'object'
        ? { retryAfterSeconds: 1, ...opts.faults }
        : opts.faults,
    errorBody: graphError,
    handle,
  });
  const injectFault = (f: FaultRule) => kit.faults.add(f.status === 429 && f.retryAfterSeconds === undefined ? { ...f, retryAfterSeconds: 1 } : f);

  const api: GraphEmulator = {
    url: kit.url,
    authorizeUrl: `${kit.url}/common/oauth2/v2.0/authorize`,
    tokenUrl: `${kit.url}/common/oauth2/v2.0/token`,
    client,
    oauth,
    kit,
    users: () => [...oauth.users.values()],
    addUser,
    credentials: (key) => {
      const u = oauth.requireUser(key);
      const t = oauth.issueTokens(u.id, client.clientId, 'openid email offline_access Calendars.ReadWrite User.Read');
      return { kind: 'microsoft' as const, baseUrl: kit.url, tokenUrl: `${kit.url}/common/oauth2/v2.0/token`, clientId: client.clientId, clientSecret: client.clientSecret, ...t, account: u.email };
    },
    addBusy,
    respond,
    events: eventsOf,
    revoke: (u) => oauth.revokeUser(u),
    expireAccessTokens: (u) => oauth.expireAccessTokens(u),
    injectFault,
    close: () => kit.close(),
  };

  if (opts.seed !== undefined) {
    const day = new Date(now());
    const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7)));
    [...oauth.users.values()].forEach((u, i) => {
      const shift = (opts.seed! + i) % 3;
      const d = new Date(monday.getTime() + shift * 86_400_000).toISOString().slice(0, 10);
      const s = wallToEpoch(`${d}T10:00:00`, u.timeZone);
      addBusy(u.id, { subject: 'Weekly planning', start: new Date(s).toISOString(), end: new Date(s + 3_600_000).toISOString(), rrule: 'FREQ=WEEKLY;COUNT=26' });
      addBusy(u.id, { subject: 'Dentist', start: new Date(s + 86_400_000 + 4 * 3_600_000).toISOString(), end: new Date(s + 86_400_000 + 5 * 3_600_000).toISOString(), sensitivity: 'private', showAs: 'oof' });
      addBusy(u.id, { subject: 'Maybe: webinar', start: new Date(s + 2 * 86_400_000).toISOString(), end: new Date(s + 2 * 86_400_000 + 3_600_000).toISOString(), showAs: 'tentative' });
    });
  }
  return api;
}
