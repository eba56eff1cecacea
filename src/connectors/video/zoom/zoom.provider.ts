import { isGone, maybeCommitted, ProviderHttp, type OAuthCredentials, type ProviderRuntimeDeps } from '../../kit/oauth/provider-http.ts';
import { Temporal } from 'temporal-polyfill';
import { ProviderError } from '../../kit/provider.ts';
import type { Meeting, MeetingInput, VideoCredentials, VideoProvider } from '../video-provider.ts';
import { IdempotencyMemo } from '../../kit/oauth/idempotency.ts';

/**
 * Zoom meetings (F-34) through API v2. Zoom has no idempotency key, so `requestId` is honoured by
 * remembering what it created (per account, in-process) and, when a create failed in a way that may
 * have landed, by finding the meeting among the host's upcoming ones (same topic and start) before
 * creating again. Reschedules PATCH the same meeting, so the join link survives (a known failure
 * class: links lost on reschedule).
 */

export const ZOOM_API_BASE = 'https://api.zoom.us';
export const ZOOM_AUTHORIZE_URL = 'https://zoom.us/oauth/authorize';
export const ZOOM_TOKEN_URL = 'https://zoom.us/oauth/token';
export const ZOOM_SCOPES = ['meeting:write:meeting', 'meeting:read:meeting', 'meeting:delete:meeting', 'user:read:user'] as const;

type Json = Record<string, unknown>;

const memo = new IdempotencyMemo<Meeting>();

function zoomErrorMessage(body: unknown): string | null {
  const b = body as { code?: unknown; message?: unknown } | null;
  if (!b || typeof b !== 'object' || typeof b.message !== 'string') return null;
  return `${b.message}${typeof b.code === 'number' ? ` (code ${b.code})` : ''}`;
}

/** Zoom's start_time without Z is wall clock in `timezone`: exact across DST. */
function meetingBody(input: MeetingInput): Json {
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1) throw new ProviderError('bad_response', 'Meeting duration must be a whole number of minutes', 'zoom');
  return {
    topic: input.topic.slice(0, 200),
    type: 2,
    start_time: localIso(input.start, input.timeZone),
    timezone: input.timeZone,
    duration: input.durationMinutes,
    settings: { join_before_host: false, waiting_room: true, host_video: false, participant_video: false, mute_upon_entry: true },
  };
}

function toMeeting(r: Json): Meeting {
  if ((typeof r.id !== 'number' && typeof r.id !== 'string') || typeof r.join_url !== 'string') throw new ProviderError('bad_response', 'Zoom meeting without id or join_url', 'zoom');
  return {
    externalId: String(r.id),
    joinUrl: r.join_url,
    ...(typeof r.start_url === 'string' ? { hostUrl: r.start_url } : {}),
    ...(typeof r.password === 'string' ? { password: r.password } : {}),
  };
}

export function createZoomProvider(credentials: VideoCredentials, deps: ProviderRuntimeDeps = {}): VideoProvider {
  if (credentials.kind !== 'zoom') throw new ProviderError('invalid_credentials', `Not Zoom credentials (${credentials.kind})`, 'zoom');
  const api = new ProviderHttp({
    credentials: credentials as OAuthCredentials,
    deps,
    authMethod: 'client_secret_basic',
    basePath: '/v2',
    errorMessageOf: zoomErrorMessage,
    // 401 with code 124 is an invalid/expired token; other 401s (e.g. 4700 missing scope) are not cured by a refresh.
    isTokenRejected: (status, body) => status === 401 && ((body as { code?: unknown } | null)?.code === 124 || (body as { code?: unknown } | null)?.code === undefined),
  });
  const memoKey = (requestId: string) => `${credentials.baseUrl}|${credentials.account}|${requestId}`;

  const findLanded = async (input: MeetingInput): Promise<Meeting | null> => {
    const start = new Date(input.start).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let token = '';
    do {
      const res = await api.request<Json>({ path: '/users/me/meetings', query: { type: 'upcoming', page_size: 300, next_page_token: token || undefined } });
      for (const m of (res.body.meetings as Json[] | undefined) ?? []) {
        if (m.topic === meetingBody(input).topic && m.start_time === start) {
          const full = await api.request<Json>({ path: `/meetings/${String(m.id)}` });
          return toMeeting(full.body);
        }
      }
      token = typeof res.body.next_page_token === 'string' ? res.body.next_page_token : '';
    } while (token);
    return null;
  };

  return {
    kind: 'zoom',

    async verify() {
      const res = await api.request<Json>({ path: '/users/me' });
      if (typeof res.body.email !== 'string') throw new ProviderError('bad_response', 'Zoom user without email', 'zoom');
      return { account: res.body.email };
    },

    async createMeeting(input) {
      const known = memo.get(memoKey(input.requestId));
      if (known) return known;
      let meeting: Meeting;
      try {
        const res = await api.request<Json>({ method: 'POST', path: '/users/me/meetings', json: meetingBody(input) });
        meeting = toMeeting(res.body);
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
      await api.request({ method: 'PATCH', path: `/meetings/${encodeURIComponent(externalId)}`, json: meetingBody(input) });
    },

    async deleteMeeting(externalId) {
      try {
        await api.request({ method: 'DELETE', path: `/meetings/${encodeURIComponent(externalId)}`, query: { schedule_for_reminder: false } });
      } catch (err) {
        // Zoom 404 / code 3001: already gone, which is the goal.
        if (!isGone(err)) throw err;
      }
    },
  };
}

/** Epoch ms → `YYYY-MM-DDTHH:mm:ss` wall clock in `zone` (Zoom pairs start_time with a timezone field). */
function localIso(ms: number, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'second' });
}
