import { windowsZoneToIana } from '../../../domain/ical/windows-zones.ts';
import { allDayStart, localIso, mergeBusy, splitRange, wallToEpoch, withJoinUrl } from '../calendar-util.ts';
import { isGone, ProviderHttp, vendorBody, type OAuthCredentials, type ProviderRuntimeDeps } from '../../kit/oauth/provider-http.ts';
import { ProviderError } from '../../kit/provider.ts';
import type { BusyBlock, CalendarCredentials, CalendarEventInput, CalendarProvider, EventRef, FreeBusyResult, ParticipantStatus, WrittenEvent } from '../calendar-provider.ts';

/**
 * Microsoft 365 through Graph v1.0 (F-31, F-33, F-35). Free/busy from `getSchedule` (windows of
 * ≤ 62 days) with times forced to UTC by `Prefer: outlook.timezone`; the admin "show titles" option
 * (F-33) reads `calendarView`, where the owner sees private subjects. Teams meetings come from the
 * event itself (`isOnlineMeeting` + `teamsForBusiness`), and `transactionId` (Koppel's UID) makes a
 * retried create return the first event instead of a twin.
 */

export const GRAPH_API_BASE = 'https://graph.microsoft.com';
export const MICROSOFT_AUTHORIZE_URL = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';
export const MICROSOFT_TOKEN_URL = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
export const MICROSOFT_SCOPES = ['openid', 'email', 'offline_access', 'User.Read', 'Calendars.ReadWrite'] as const;

const SCHEDULE_WINDOW_MS = 62 * 86_400_000;
const PREFER_UTC = { prefer: 'outlook.timezone="UTC"' };

type Json = Record<string, unknown>;

const RESPONSE: Record<string, ParticipantStatus> = {
  none: 'needs_action',
  notResponded: 'needs_action',
  organizer: 'accepted',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
};

function graphErrorMessage(body: unknown): string | null {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!e || typeof e !== 'object') return null;
  return `${typeof e.code === 'string' ? `${e.code}: ` : ''}${typeof e.message === 'string' ? e.message : ''}`;
}

/** Graph's DateTimeTimeZone → epoch ms; the zone may be IANA, Windows, or UTC. */
export function graphInstant(v: unknown): number {
  const o = v as { dateTime?: unknown; timeZone?: unknown } | null;
  const dt = typeof o?.dateTime === 'string' ? o.dateTime.replace(/(\.\d{1,3})\d*$/, '$1') : '';
  const zone = typeof o?.timeZone === 'string' ? o.timeZone : 'UTC';
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(dt)) return Number.NaN;
  if (zone === 'UTC' || zone === 'Etc/UTC') return Date.parse(`${dt}Z`);
  const iana = windowsZoneToIana(zone) ?? zone;
  try {
    return wallToEpoch(dt, iana);
  } catch {
    return Number.NaN;
  }
}

export function createMicrosoftCalendarProvider(credentials: CalendarCredentials, deps: ProviderRuntimeDeps = {}): CalendarProvider {
  if (credentials.kind !== 'microsoft') throw new ProviderError('invalid_credentials', `Not Microsoft credentials (${credentials.kind})`, 'microsoft');
  const api = new ProviderHttp({ credentials: credentials as OAuthCredentials, deps, authMethod: 'client_secret_post', basePath: '/v1.0', errorMessageOf: graphErrorMessage });
  const apiRoot = `${credentials.baseUrl.replace(/\/+$/, '')}/v1.0`;

  const body = (e: CalendarEventInput): Json => {
    const joinUrl = e.conference?.joinUrl;
    const others = e.attendees.filter((a) => a.kind !== 'candidate');
    const organizerListed = e.organizer.email.toLowerCase() === credentials.account.toLowerCase() || others.some((a) => a.email.toLowerCase() === e.organizer.email.toLowerCase());
    return {
      subject: e.summary,
      body: { contentType: 'text', content: withJoinUrl(e.description, joinUrl) },
      start: { dateTime: localIso(e.start, e.timeZone), timeZone: e.timeZone },
      end: { dateTime: localIso(e.end, e.timeZone), timeZone: e.timeZone },
      ...(e.location || joinUrl ? { location: { displayName: e.location ?? joinUrl } } : {}),
      attendees: [
        ...(organizerListed ? [] : [{ emailAddress: { address: e.organizer.email, ...(e.organizer.name ? { name: e.organizer.name } : {}) }, type: 'optional' }]),
        // The candidate is invited separately (own UID, F-35), never from an interviewer's calendar.
        ...others.map((a) => ({ emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) }, type: a.kind === 'room' ? 'resource' : 'required' })),
      ],
      // F-33: interview events are private.
      sensitivity: 'private',
      showAs: 'busy',
      responseRequested: true,
      ...(e.createConference ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' } : {}),
    };
  };

  const written = (r: Json, ref: EventRef, wantConference: boolean): WrittenEvent => {
    const joinUrl = (r.onlineMeeting as { joinUrl?: unknown } | null | undefined)?.joinUrl;
    if (wantConference && typeof joinUrl !== 'string') throw new ProviderError('bad_response', 'Graph returned the event without the requested Teams meeting', 'microsoft');
    return {
      ref: { ...ref, ...(typeof r['@odata.etag'] === 'string' ? { etag: r['@odata.etag'] } : {}) },
      ...(typeof joinUrl === 'string' ? { conference: { provider: 'teams' as const, joinUrl } } : {}),
      attendees: attendeesOf(r),
    };
  };

  const attendeesOf = (r: Json) =>
    ((r.attendees as Array<{ emailAddress?: { address?: unknown }; status?: { response?: unknown } }> | undefined) ?? [])
      .filter((a) => typeof a.emailAddress?.address === 'string')
      .map((a) => ({ email: a.emailAddress!.address as string, status: RESPONSE[String(a.status?.response ?? 'none')] ?? 'needs_action' }));

  const eventPath = (ref: EventRef) => `/me/events/${encodeURIComponent(ref.externalId)}`;

  const scheduleWindow = async (from: number, to: number, warnings: FreeBusyResult['warnings']): Promise<BusyBlock[]> => {
    const res = await api.request<Json>({
      method: 'POST',
      path: '/me/calendar/getSchedule',
      headers: PREFER_UTC,
      idempotent: true,
      json: { schedules: [credentials.account], startTime: { dateTime: localIso(from, 'UTC'), timeZone: 'UTC' }, endTime: { dateTime: localIso(to, 'UTC'), timeZone: 'UTC' }, availabilityViewInterval: 30 },
    });
    const info = ((res.body.value as Json[] | undefined) ?? [])[0];
    if (!info) throw new ProviderError('bad_response', 'getSchedule answer without the requested schedule', 'microsoft');
    const error = info.error as { responseCode?: unknown } | undefined;
    if (error) warnings.push({ code: `microsoft_${String(error.responseCode ?? 'error')}`, detail: credentials.account });
    const out: BusyBlock[] = [];
    for (const item of (info.scheduleItems as Json[] | undefined) ?? []) {
      const status = String(item.status ?? 'busy');
      if (status === 'free') continue;
      const start = graphInstant(item.start);
      const end = graphInstant(item.end);
      if (!Number.isFinite(start) || !Number.isFinite(end)) {
        warnings.push({ code: 'microsoft_unreadable_item', detail: credentials.account });
        continue;
      }
      const priv = item.isPrivate === true;
      // busy, oof, workingElsewhere and unknown all block; only tentative is reported as such.
      out.push({
        start: Math.max(start, from),
        end: Math.min(end, to),
        ...(status === 'tentative' ? { tentative: true } : {}),
        ...(priv ? { private: true } : typeof item.subject === 'string' && item.subject ? { summary: item.subject } : {}),
      });
    }
    return out;
  };

  const calendarViewWindow = async (from: number, to: number, timeZone: string, keepPrivate: boolean, warnings: FreeBusyResult['warnings']): Promise<BusyBlock[]> => {
    const out: BusyBlock[] = [];
    let path = '/me/calendarView';
    let query: Record<string, string> | undefined = { startDateTime: new Date(from).toISOString(), endDateTime: new Date(to).toISOString(), $top: '200' };
    for (;;) {
      const res: { body: Json } = await api.request<Json>({ path, query, headers: PREFER_UTC });
      for (const r of (res.body.value as Json[] | undefined) ?? []) {
        if (r.isCancelled === true || r.showAs === 'free') continue;
        const allDay = r.isAllDay === true;
        const start = allDay ? allDayStart(String((r.start as Json).dateTime).slice(0, 10), timeZone) : graphInstant(r.start);
        const end = allDay ? allDayStart(String((r.end as Json).dateTime).slice(0, 10), timeZone) : graphInstant(r.end);
        if (!Number.isFinite(start) || !Number.isFinite(end)) {
          warnings.push({ code: 'microsoft_unreadable_event', detail: typeof r.id === 'string' ? r.id : undefined });
          continue;
        }
        const priv = r.sensitivity === 'private' || r.sensitivity === 'confidential';
        out.push({
          start,
          end,
          ...(r.showAs === 'tentative' ? { tentative: true } : {}),
          ...(priv ? { private: true } : {}),
          ...(typeof r.subject === 'string' && (!priv || keepPrivate) ? { summary: r.subject } : {}),
          ...(allDay ? { allDay: true } : {}),
        });
      }
      const next: unknown = res.body['@odata.nextLink'];
      if (typeof next !== 'string') break;
      // nextLink is absolute; it must point back at the same API (never follow it elsewhere with our token).
      if (!next.startsWith(apiRoot)) throw new ProviderError('bad_response', 'calendarView nextLink points to another host', 'microsoft');
      const u: URL = new URL(next);
      path = u.pathname.slice(new URL(apiRoot).pathname.length);
      query = Object.fromEntries(u.searchParams);
    }
    return out;
  };

  return {
    kind: 'microsoft',
    conferenceKinds: ['teams'],

    async verify() {
      const res = await api.request<Json>({ path: '/me' });
      const account = typeof res.body.mail === 'string' && res.body.mail ? res.body.mail : res.body.userPrincipalName;
      if (typeof account !== 'string') throw new ProviderError('bad_response', 'Graph /me without mail or userPrincipalName', 'microsoft');
      return { account };
    },

    async freeBusy(q) {
      if (!(q.to > q.from)) return { busy: [], warnings: [] };
      const warnings: FreeBusyResult['warnings'] = [];
      const busy: BusyBlock[] = [];
      for (const [from, to] of splitRange(q.from, q.to, SCHEDULE_WINDOW_MS)) {
        if (q.keepPrivateDetails) busy.push(...(await calendarViewWindow(from, to, q.timeZone, true, warnings)));
        else busy.push(...(await scheduleWindow(from, to, warnings)));
      }
      return { busy: q.keepPrivateDetails ? busy.sort((a, b) => a.start - b.start) : mergeBusy(busy), warnings };
    },

    async createEvent(e) {
      // transactionId makes the POST safe to repeat: Graph answers with the event it already created.
      const res = await api.request<Json>({ method: 'POST', path: '/me/events', json: { ...body(e), transactionId: e.uid }, idempotent: true });
      const id = res.body.id;
      if (typeof id !== 'string') throw new ProviderError('bad_response', 'Graph event without id', 'microsoft');
      return written(res.body, { externalId: id }, !!e.createConference);
    },

    async updateEvent(ref, e) {
      const res = await api.request<Json>({ method: 'PATCH', path: eventPath(ref), json: body(e) });
      return written(res.body, ref, !!e.createConference);
    },

    async cancelEvent(ref, e) {
      try {
        await api.request({ method: 'POST', path: `${eventPath(ref)}/cancel`, json: { Comment: e.summary }, idempotent: true });
      } catch (err) {
        if (isGone(err)) return;
        // Only an organizer can cancel; an event someone else organised is simply removed from this calendar.
        const code = (vendorBody(err) as { error?: { code?: unknown } } | undefined)?.error?.code;
        if (!(err instanceof ProviderError && err.status === 400 && code === 'ErrorAccessDenied')) throw err;
        try {
          await api.request({ method: 'DELETE', path: eventPath(ref) });
        } catch (inner) {
          if (!isGone(inner)) throw inner;
        }
      }
    },

    async readResponses(ref) {
      const res = await api.request<Json>({ path: eventPath(ref) });
      return attendeesOf(res.body);
    },
  };
}
