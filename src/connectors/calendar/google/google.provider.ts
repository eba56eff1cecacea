import { createHash } from 'node:crypto';
import { realSleep } from '../../kit/http-client.ts';
import { isGone, ProviderHttp, vendorBody, type OAuthCredentials, type ProviderRuntimeDeps } from '../../kit/oauth/provider-http.ts';
import { ProviderError } from '../../kit/provider.ts';
import type { BusyBlock, CalendarCredentials, CalendarEventInput, CalendarProvider, EventRef, FreeBusyQuery, FreeBusyResult, ParticipantStatus, WrittenEvent } from '../calendar-provider.ts';
import { allDayStart, localIso, mergeBusy, splitRange, withJoinUrl } from '../calendar-util.ts';

/**
 * Google Calendar API v3 (F-31, F-33, F-35). Free/busy comes from `freeBusy` in ≤ 90-day windows
 * (the API rejects longer ranges); the admin "show titles" option (F-33) needs titles, which
 * freeBusy never returns, so it reads `events.list?singleEvents=true` instead. Events get an id
 * derived from Koppel's UID, so a retried insert answers 409 instead of creating a twin.
 */

export const GOOGLE_API_BASE = 'https://www.googleapis.com';
export const GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Calendar read/write; openid+email so the code exchange names the account. */
export const GOOGLE_SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/calendar'] as const;
/** Without these Google issues no refresh token. */
export const GOOGLE_AUTHORIZE_PARAMS = { access_type: 'offline', prompt: 'consent' } as const;

const FREEBUSY_WINDOW_MS = 90 * 86_400_000;
const MEET_POLLS = 6;

type Json = Record<string, unknown>;

interface GoogleAttendee {
  email?: string;
  responseStatus?: string;
  self?: boolean;
}

const STATUS: Record<string, ParticipantStatus> = { needsAction: 'needs_action', accepted: 'accepted', declined: 'declined', tentative: 'tentative' };

/** Google event ids are base32hex (a–v, 0–9), 5–1024 chars; hex is a subset. Stable per UID, so inserts are idempotent. */
export function googleEventId(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 40);
}

function googleErrorMessage(body: unknown): string | null {
  const e = (body as { error?: { message?: unknown; errors?: Array<{ reason?: unknown }> } } | null)?.error;
  if (!e || typeof e !== 'object') return null;
  const reason = e.errors?.[0]?.reason;
  return `${typeof e.message === 'string' ? e.message : 'error'}${typeof reason === 'string' ? ` (${reason})` : ''}`;
}

export function createGoogleCalendarProvider(credentials: CalendarCredentials, deps: ProviderRuntimeDeps = {}): CalendarProvider {
  if (credentials.kind !== 'google') throw new ProviderError('invalid_credentials', `Not Google credentials (${credentials.kind})`, 'google');
  const api = new ProviderHttp({
    credentials: credentials as OAuthCredentials,
    deps,
    authMethod: 'client_secret_post',
    basePath: '/calendar/v3',
    errorMessageOf: googleErrorMessage,
    refine: (err) => {
      // Google answers some quota hits with 403 + usageLimits reasons instead of 429.
      const reason = (vendorBody(err) as { error?: { errors?: Array<{ reason?: unknown }> } } | undefined)?.error?.errors?.[0]?.reason;
      return err.code === 'forbidden' && (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded')
        ? new ProviderError('rate_limited', err.message, 'google', err.status)
        : err;
    },
  });
  const sleep = deps.sleep ?? realSleep;
  const calendarId = 'primary';
  const eventPath = (ref: EventRef) => `/calendars/${encodeURIComponent(ref.calendarId ?? calendarId)}/events/${encodeURIComponent(ref.externalId)}`;

  const body = (e: CalendarEventInput): Json => {
    const joinUrl = e.conference?.joinUrl;
    const attendees = [
      ...(e.organizer.email.toLowerCase() !== credentials.account.toLowerCase() && !e.attendees.some((a) => a.email.toLowerCase() === e.organizer.email.toLowerCase())
        ? [{ email: e.organizer.email, ...(e.organizer.name ? { displayName: e.organizer.name } : {}), responseStatus: 'accepted' }]
        : []),
      // The candidate gets a separate invitation with its own UID (F-35); never through the interviewer's calendar.
      ...e.attendees
        .filter((a) => a.kind !== 'candidate')
        .map((a) => ({ email: a.email, ...(a.name ? { displayName: a.name } : {}), ...(a.kind === 'room' ? { resource: true } : {}) })),
    ];
    return {
      summary: e.summary,
      description: withJoinUrl(e.description, joinUrl),
      ...(e.location || joinUrl ? { location: e.location ?? joinUrl } : {}),
      start: { dateTime: localIso(e.start, e.timeZone), timeZone: e.timeZone },
      end: { dateTime: localIso(e.end, e.timeZone), timeZone: e.timeZone },
      attendees,
      // F-33: interview events are always private.
      visibility: 'private',
      transparency: 'opaque',
      status: 'confirmed',
      sequence: e.sequence,
      ...(e.createConference ? { conferenceData: { createRequest: { requestId: e.createConference.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' } } } } : {}),
    };
  };

  // conferenceDataVersion=1 always: with 0 a patch would silently drop the Meet that is already there.
  const writeQuery = { conferenceDataVersion: 1, sendUpdates: 'none' };

  const conferenceOf = (r: Json): WrittenEvent['conference'] | 'pending' | undefined => {
    const cd = r.conferenceData as Json | undefined;
    if (!cd) return undefined;
    const status = ((cd.createRequest as Json | undefined)?.status as Json | undefined)?.statusCode;
    if (status === 'pending') return 'pending';
    if (status === 'failure') throw new ProviderError('unavailable', 'Google could not create the Meet conference', 'google');
    const video = ((cd.entryPoints as Json[] | undefined) ?? []).find((p) => p.entryPointType === 'video')?.uri;
    const joinUrl = typeof r.hangoutLink === 'string' ? r.hangoutLink : typeof video === 'string' ? video : undefined;
    if (!joinUrl) return undefined;
    return { provider: 'google_meet', joinUrl, ...(typeof cd.conferenceId === 'string' ? { externalId: cd.conferenceId } : {}) };
  };

  const attendeesOf = (r: Json) =>
    ((r.attendees as GoogleAttendee[] | undefined) ?? [])
      .filter((a) => typeof a.email === 'string')
      .map((a) => ({ email: a.email!, status: STATUS[a.responseStatus ?? 'needsAction'] ?? 'needs_action' }));

  /** A new Meet may report `pending` first; Google's guidance is to poll the event until it settles. */
  const settle = async (r: Json, ref: EventRef, wantConference: boolean): Promise<WrittenEvent> => {
    let current = r;
    for (let i = 0; ; i++) {
      const conference = conferenceOf(current);
      if (conference !== 'pending') {
        if (wantConference && !conference) throw new ProviderError('bad_response', 'Google returned the event without the requested Meet conference', 'google');
        return { ref: { ...ref, ...(typeof current.etag === 'string' ? { etag: current.etag } : {}) }, ...(conference ? { conference } : {}), attendees: attendeesOf(current) };
      }
      if (i >= MEET_POLLS) throw new ProviderError('unavailable', 'The Meet conference is still being created; try again shortly', 'google');
      await sleep(250 * 2 ** i);
      current = (await api.request<Json>({ path: eventPath(ref) })).body;
    }
  };

  const freeBusyWindow = async (from: number, to: number, warnings: FreeBusyResult['warnings']): Promise<BusyBlock[]> => {
    const res = await api.request<Json>({
      method: 'POST',
      path: '/freeBusy',
      json: { timeMin: new Date(from).toISOString(), timeMax: new Date(to).toISOString(), timeZone: 'UTC', items: [{ id: calendarId }] },
      idempotent: true,
    });
    const cal = (res.body.calendars as Record<string, { busy?: Array<{ start: string; end: string }>; errors?: Array<{ reason?: string }> }> | undefined)?.[calendarId];
    if (!cal) throw new ProviderError('bad_response', 'freeBusy answer without the requested calendar', 'google');
    for (const e of cal.errors ?? []) warnings.push({ code: `google_${e.reason ?? 'error'}`, detail: credentials.account });
    return (cal.busy ?? []).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
  };

  const eventsWindow = async (q: FreeBusyQuery, from: number, to: number, warnings: FreeBusyResult['warnings']): Promise<BusyBlock[]> => {
    const out: BusyBlock[] = [];
    let pageToken: string | undefined;
    do {
      const res = await api.request<Json>({
        path: `/calendars/${calendarId}/events`,
        query: { timeMin: new Date(from).toISOString(), timeMax: new Date(to).toISOString(), singleEvents: true, orderBy: 'startTime', maxResults: 2500, pageToken },
      });
      for (const r of (res.body.items as Json[] | undefined) ?? []) {
        const self = ((r.attendees as GoogleAttendee[] | undefined) ?? []).find((a) => a.self);
        // Same rule as Google's own freeBusy: cancelled, free (transparent) and declined events do not block.
        if (r.status === 'cancelled' || r.transparency === 'transparent' || self?.responseStatus === 'declined') continue;
        const s = r.start as Json;
        const e = r.end as Json;
        const allDay = typeof s.date === 'string';
        const start = allDay ? allDayStart(s.date as string, q.timeZone) : Date.parse(s.dateTime as string);
        const end = allDay ? allDayStart(e.date as string, q.timeZone) : Date.parse(e.dateTime as string);
        if (!Number.isFinite(start) || !Number.isFinite(end)) {
          warnings.push({ code: 'google_unreadable_event', detail: typeof r.id === 'string' ? r.id : undefined });
          continue;
        }
        const priv = r.visibility === 'private' || r.visibility === 'confidential';
        out.push({
          start,
          end,
          ...(self?.responseStatus === 'tentative' || r.status === 'tentative' ? { tentative: true } : {}),
          ...(priv ? { private: true } : {}),
          ...(typeof r.summary === 'string' && (!priv || q.keepPrivateDetails) ? { summary: r.summary } : {}),
          ...(allDay ? { allDay: true } : {}),
        });
      }
      pageToken = typeof res.body.nextPageToken === 'string' ? res.body.nextPageToken : undefined;
    } while (pageToken);
    return out;
  };

  return {
    kind: 'google',
    conferenceKinds: ['google_meet'],

    async verify() {
      const res = await api.request<Json>({ path: `/calendars/${calendarId}` });
      const id = res.body.id;
      if (typeof id !== 'string') throw new ProviderError('bad_response', 'Calendar without id', 'google');
      return { account: id };
    },

    async freeBusy(q) {
      if (!(q.to > q.from)) return { busy: [], warnings: [] };
      const warnings: FreeBusyResult['warnings'] = [];
      const busy: BusyBlock[] = [];
      for (const [from, to] of splitRange(q.from, q.to, FREEBUSY_WINDOW_MS)) {
        if (q.keepPrivateDetails) busy.push(...(await eventsWindow(q, from, to, warnings)));
        else busy.push(...(await freeBusyWindow(from, to, warnings)));
      }
      return { busy: q.keepPrivateDetails ? busy.sort((a, b) => a.start - b.start) : mergeBusy(busy), warnings };
    },

    async createEvent(e) {
      const id = googleEventId(e.uid);
      const ref: EventRef = { externalId: id, calendarId };
      try {
        const res = await api.request<Json>({ method: 'POST', path: `/calendars/${calendarId}/events`, query: writeQuery, json: { id, ...body(e) }, idempotent: true });
        return await settle(res.body, ref, !!e.createConference);
      } catch (err) {
        // 409: an earlier attempt landed (its answer was lost). Bring that event up to date instead of failing.
        if (!(err instanceof ProviderError && err.code === 'conflict')) throw err;
        const res = await api.request<Json>({ method: 'PATCH', path: eventPath(ref), query: writeQuery, json: body(e) });
        return settle(res.body, ref, !!e.createConference);
      }
    },

    async updateEvent(ref, e) {
      const res = await api.request<Json>({ method: 'PATCH', path: eventPath(ref), query: writeQuery, json: body(e) });
      return settle(res.body, ref, !!e.createConference);
    },

    async cancelEvent(ref) {
      try {
        await api.request({ method: 'DELETE', path: eventPath(ref), query: { sendUpdates: 'none' } });
      } catch (err) {
        // 410 Gone / 404: already deleted, which is what we wanted.
        if (!isGone(err)) throw err;
      }
    },

    async readResponses(ref) {
      const res = await api.request<Json>({ path: eventPath(ref) });
      return attendeesOf(res.body);
    },
  };
}
