import { IdempotencyMemo } from '../../kit/oauth/idempotency.ts';
import { isGone, maybeCommitted, ProviderHttp, type OAuthCredentials, type ProviderRuntimeDeps } from '../../kit/oauth/provider-http.ts';
import { ProviderError } from '../../kit/provider.ts';
import type { Meeting, MeetingInput, VideoCredentials, VideoProvider } from '../video-provider.ts';

/**
 * GoToMeeting (F-34) through the G2M REST API. Like Zoom it has no idempotency key: a requestId is
 * remembered in-process, and a create that may have landed is looked up among the organizer's
 * upcoming meetings (same subject and start) before anything is created again. Times go as UTC
 * instants, so DST cannot shift them.
 */

export const GOTO_API_BASE = 'https://api.getgo.com';
export const GOTO_AUTHORIZE_URL = 'https://authentication.logmeininc.com/oauth/authorize';
export const GOTO_TOKEN_URL = 'https://authentication.logmeininc.com/oauth/token';
export const GOTO_SCOPES = ['collab:'] as const;

type Json = Record<string, unknown>;

const memo = new IdempotencyMemo<Meeting>();

function gotoErrorMessage(body: unknown): string | null {
  const b = body as { int_err_code?: unknown; msg?: unknown; description?: unknown } | null;
  if (!b || typeof b !== 'object') return null;
  const msg = typeof b.msg === 'string' ? b.msg : typeof b.description === 'string' ? b.description : null;
  return msg ? `${msg}${typeof b.int_err_code === 'string' ? ` (${b.int_err_code})` : ''}` : null;
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function meetingBody(input: MeetingInput): Json {
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1) throw new ProviderError('bad_response', 'Meeting duration must be a whole number of minutes', 'gotomeeting');
  return {
    subject: input.topic.slice(0, 100),
    starttime: utc(input.start),
    endtime: utc(input.start + input.durationMinutes * 60_000),
    passwordrequired: false,
    conferencecallinfo: 'VoIP',
    timezonekey: '',
    meetingtype: 'scheduled',
  };
}

export function createGoToMeetingProvider(credentials: VideoCredentials, deps: ProviderRuntimeDeps = {}): VideoProvider {
  if (credentials.kind !== 'gotomeeting') throw new ProviderError('invalid_credentials', `Not GoToMeeting credentials (${credentials.kind})`, 'gotomeeting');
  const api = new ProviderHttp({ credentials: credentials as OAuthCredentials, deps, authMethod: 'client_secret_basic', errorMessageOf: gotoErrorMessage });
  const memoKey = (requestId: string) => `${credentials.baseUrl}|${credentials.account}|${requestId}`;

  const findLanded = async (input: MeetingInput): Promise<Meeting | null> => {
    const res = await api.request<Json[]>({ path: '/G2M/rest/v2/upcomingMeetings' });
    const body = meetingBody(input);
    const hit = (Array.isArray(res.body) ? res.body : []).find((m) => m.subject === body.subject && typeof m.startTime === 'string' && Date.parse(m.startTime) === input.start);
    if (!hit || typeof hit.joinURL !== 'string') return null;
    return { externalId: String(hit.meetingId), joinUrl: hit.joinURL };
  };

  return {
    kind: 'gotomeeting',

    async verify() {
      const res = await api.request<Json>({ path: '/identity/v1/Users/me' });
      const emails = (res.body.emails as Array<{ value?: unknown; primary?: unknown }> | undefined) ?? [];
      const email = emails.find((e) => e.primary)?.value ?? emails[0]?.value ?? res.body.userName;
      if (typeof email !== 'string') throw new ProviderError('bad_response', 'GoTo user without email', 'gotomeeting');
      return { account: email };
    },

    async createMeeting(input) {
      const known = memo.get(memoKey(input.requestId));
      if (known) return known;
      let meeting: Meeting;
      try {
        const res = await api.request<Json[]>({ method: 'POST', path: '/G2M/rest/v2/meetings', json: meetingBody(input) });
        const first = Array.isArray(res.body) ? res.body[0] : undefined;
        if (!first || (typeof first.meetingid !== 'number' && typeof first.meetingid !== 'string') || typeof first.joinURL !== 'string') {
          throw new ProviderError('bad_response', 'GoTo answered without meetingid or joinURL', 'gotomeeting');
        }
        meeting = { externalId: String(first.meetingid), joinUrl: first.joinURL };
      } catch (err) {
        if (!maybeCommitted(err)) throw err;
        const landed = await findLanded(input);
        if (!landed) throw err;
        meeting = landed;
      }
      memo.set(memoKey(input.requestId), meeting);
      return meeting;
    },

    async updateMeeting(externalId, input) {
      await api.request({ method: 'PUT', path: `/G2M/rest/v2/meetings/${encodeURIComponent(externalId)}`, json: meetingBody(input) });
    },

    async deleteMeeting(externalId) {
      try {
        await api.request({ method: 'DELETE', path: `/G2M/rest/v2/meetings/${encodeURIComponent(externalId)}` });
      } catch (err) {
        if (!isGone(err)) throw err;
      }
    },
  };
}
