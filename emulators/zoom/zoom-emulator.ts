import { randomBytes } from 'node:crypto';
import { epochToWall, isLocalDateTime, isRfc3339, requireZone, wallToEpoch } from '../kit/calendar-time.ts';
import { commonHooks } from '../kit/common-hooks.ts';
import { HttpFault, asObject, json, match, startKit, type EmuRequest, type EmuResponse, } from '../kit/http-kit.ts';
import { OAuthServer, providerKitOptions, type OAuthProviderEmulator, newId, type EmulatorUser, type OAuthClient, type ProviderEmulatorOptions } from '../kit/oauth-server.ts';

/**
 * Zoom API v2 stand-in for scheduled meetings (test/fixtures/specs/zoom/zoom.us.json): OAuth at
 * /oauth/authorize + /oauth/token (client_secret_basic, rotating refresh tokens like Zoom's),
 * `POST /v2/users/{userId}/meetings` → 201, `GET|PATCH|DELETE /v2/meetings/{id}` (PATCH/DELETE → 204),
 * `GET /v2/users/{userId}/meetings`, `GET /v2/users/me`, and Zoom's `{code, message}` errors
 * (124 invalid token, 300 validation, 3001 no such meeting).
 */

type Json = Record<string, unknown>;

/** Seeds one upcoming meeting per user when `seed` is set (CLI demo). */
export type ZoomEmulatorOptions = ProviderEmulatorOptions;

export const ZOOM_DEFAULT_CLIENT: OAuthClient = { clientId: 'koppelZoomEmulatorClient', clientSecret: 'zoom-emulator-secret' };

export const ZOOM_DEMO_USERS: EmulatorUser[] = [
  { id: 'z-anna', email: 'anna.jansen@example.com', name: 'Anna Jansen', timeZone: 'Europe/Amsterdam' },
  { id: 'z-rita', email: 'rita.recruiter@example.com', name: 'Rita Recruiter', timeZone: 'Europe/Amsterdam' },
];

export interface ZoomMeeting {
  id: number;
  uuid: string;
  hostId: string;
  topic: string;
  type: number;
  /** Epoch ms (absent for instant meetings). */
  start: number;
  duration: number;
  timezone: string;
  agenda: string;
  password: string;
  createdAt: number;
  deleted: boolean;
  settings: Json;
  /** How many PATCHes changed it. */
  updates: number;
}

export interface ZoomEmulator extends OAuthProviderEmulator<'zoom' | 'gotomeeting'> {
  /** All meetings (deleted ones included), optionally of one host. */
  meetings(user?: string): ZoomMeeting[];
}

function zoomError(status: number, message: string, extra: Record<string, unknown>): Json {
  const code = typeof extra.code === 'number' ? extra.code : status === 401 ? 124 : status === 404 ? 3001 : status === 400 ? 300 : status;
  return { code, message, ...(Array.isArray(extra.errors) ? { errors: extra.errors } : {}) };
}

const SETTINGS_DEFAULTS: Json = {
  host_video: false,
  participant_video: false,
  join_before_host: false,
  mute_upon_entry: true,
  waiting_room: true,
  approval_type: 2,
  audio: 'voip',
  auto_recording: 'none',
};
const SETTING_TYPES: Record<string, 'boolean' | 'number' | 'string'> = {
  host_video: 'boolean',
  participant_video: 'boolean',
  join_before_host: 'boolean',
  mute_upon_entry: 'boolean',
  waiting_room: 'boolean',
  approval_type: 'number',
  audio: 'string',
  auto_recording: 'string',
};

function invalid(field: string): never {
  throw new HttpFault(400, 'Validation Failed.', { code: 300, errors: [{ field, message: 'Invalid field.' }] });
}

export async function startZoomEmulator(opts: ZoomEmulatorOptions = {}): Promise<ZoomEmulator> {
  const now = opts.clock ?? Date.now;
  const client = opts.clients?.[0] ?? ZOOM_DEFAULT_CLIENT;
  const oauth = new OAuthServer({
    vendor: 'Zoom',
    clientAuth: 'basic',
    rotateRefreshTokens: true,
    idToken: false,
    accessTokenPrefix: 'eyJzm.',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3599,
    ...(opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {}),
    clock: now,
  });
  for (const c of opts.clients ?? [ZOOM_DEFAULT_CLIENT]) oauth.addClient(c);
  const meetings = new Map<number, ZoomMeeting>();
  let nextId = 81_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

  const addUser = (u: Partial<EmulatorUser> & { email: string }) =>
    oauth.addUser({ id: u.id ?? newId('z').replace(/[^a-zA-Z0-9]/g, ''), email: u.email, name: u.name ?? u.email.split('@')[0]!, timeZone: requireZone(u.timeZone ?? 'Europe/Amsterdam', 'timeZone') });
  for (const u of opts.users ?? ZOOM_DEMO_USERS) addUser(u);

  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const render = (m: ZoomMeeting, full: boolean): Json => {
    const host = oauth.users.get(m.hostId)!;
    const base: Json = {
      uuid: m.uuid,
      id: m.id,
      host_id: m.hostId,
      ...(full ? { host_email: host.email } : {}),
      topic: m.topic,
      type: m.type,
      ...(full ? { status: 'waiting' } : {}),
      start_time: iso(m.start),
      duration: m.duration,
      timezone: m.timezone,
      ...(m.agenda ? { agenda: m.agenda } : {}),
      created_at: iso(m.createdAt),
      join_url: `https://zoom.us/j/${m.id}?pwd=${Buffer.from(m.password).toString('base64url')}`,
    };
    if (!full) return base;
    return {
      ...base,
      start_url: `https://zoom.us/s/${m.id}?zak=${randomBytes(12).toString('base64url')}`,
      password: m.password,
      h323_password: m.password.replace(/\D/g, '').padEnd(6, '0').slice(0, 6),
      pre_schedule: false,
      settings: m.settings,
    };
  };

  /** Zoom: start_time `yyyy-MM-ddTHH:mm:ss` is local in `timezone`; with a trailing Z it is GMT. */
  const parseStart = (v: unknown, zone: string): number => {
    if (isRfc3339(v) && /Z$/i.test(v)) return Date.parse(v);
    if (isLocalDateTime(v)) return wallToEpoch(v, zone);
    return invalid('start_time');
  };

  const applyFields = (m: ZoomMeeting, b: Json, user: EmulatorUser, creating: boolean) => {
    if (b.topic !== undefined) {
      if (typeof b.topic !== 'string' || b.topic.length > 200) invalid('topic');
      m.topic = b.topic;
    }
    if (b.type !== undefined) {
      if (![1, 2, 3, 8].includes(b.type as number)) invalid('type');
      m.type = b.type as number;
    }
    if (b.duration !== undefined) {
      if (!Number.isInteger(b.duration) || (b.duration as number) < 1 || (b.duration as number) > 1440) invalid('duration');
      m.duration = b.duration as number;
    }
    if (b.agenda !== undefined) {
      if (typeof b.agenda !== 'string' || b.agenda.length > 2000) invalid('agenda');
      m.agenda = b.agenda;
    }
    if (b.password !== undefined) {
      if (typeof b.password !== 'string' || !/^[A-Za-z0-9@_*-]{1,10}$/.test(b.password)) invalid('password');
      m.password = b.password;
    }
    if (b.timezone !== undefined) {
      try {
        m.timezone = requireZone(b.timezone, 'timezone');
      } catch {
        invalid('timezone');
      }
    } else if (creating) m.timezone = user.timeZone;
    if (b.start_time !== undefined) m.start = parseStart(b.start_time, m.timezone);
    else if (creating) m.start = now();
    if (b.settings !== undefined) {
      const s = asObject(b.settings);
      for (const [k, v] of Object.entries(s)) {
        const t = SETTING_TYPES[k];
        if (t && typeof v !== t) invalid(`settings.${k}`);
      }
      m.settings = { ...m.settings, ...Object.fromEntries(Object.entries(s).filter(([k]) => SETTING_TYPES[k])) };
    }
  };

  const meetingOf = (user: EmulatorUser, idParam: string): ZoomMeeting => {
    const id = Number(idParam);
    const m = Number.isSafeInteger(id) ? meetings.get(id) : undefined;
    if (!m || m.deleted || m.hostId !== user.id) throw new HttpFault(404, `Meeting does not exist: ${idParam}.`, { code: 3001 });
    return m;
  };

  const userParam = (user: EmulatorUser, param: string): EmulatorUser => {
    if (param === 'me' || param === user.id || param.toLowerCase() === user.email.toLowerCase()) return user;
    throw new HttpFault(404, 'User does not exist: ' + param + '.', { code: 1001 });
  };

  const handle = async (req: EmuRequest): Promise<EmuResponse> => {
    const p = req.path;
    if (p.startsWith('/_emulator/')) {
      const common = commonHooks(req, { oauth, kit: () => kit, addUser, credentials: (u) => api.credentials(u) });
      if (common) return common;
      if (p === '/_emulator/meetings' && req.method === 'GET') {
        const u = req.query.get('user');
        return json(200, { meetings: api.meetings(u ?? undefined).map((m) => ({ ...render(m, true), deleted: m.deleted, updates: m.updates })) });
      }
      return json(404, zoomError(404, 'Unknown emulator hook', { code: 404 }));
    }
    if (p === '/oauth/authorize') return oauth.authorize(req);
    if (p === '/oauth/token' && req.method === 'POST') return oauth.tokenEndpoint(req);
    if (!p.startsWith('/v2/')) throw new HttpFault(404, 'Not Found', { code: 404 });

    const auth = oauth.authenticate(req.headers.authorization);
    if ('error' in auth) throw new HttpFault(401, auth.error === 'expired' ? 'Access token is expired.' : 'Invalid access token.', { code: 124 });
    const user = auth.user;

    let m = match('/v2/users/:user', p);
    if (m && req.method === 'GET') {
      const u = userParam(user, m.user!);
      const [first, ...rest] = u.name.split(' ');
      return json(200, {
        id: u.id,
        first_name: first ?? '',
        last_name: rest.join(' '),
        email: u.email,
        type: 2,
        pmi: 5_550_000_000 + [...u.id].reduce((a, c) => a + c.charCodeAt(0), 0),
        timezone: u.timeZone,
        verified: 1,
        dept: '',
        created_at: '2024-01-15T09:00:00Z',
        last_login_time: iso(now()),
        language: 'en-US',
        status: 'active',
        account_id: 'koppelEmuAccount',
        role_id: '2',
      });
    }
    m = match('/v2/users/:user/meetings', p);
    if (m) {
      const host = userParam(user, m.user!);
      if (req.method === 'POST') {
        const b = asObject(req.body);
        const meeting: ZoomMeeting = {
          id: (nextId += 7919),
          uuid: `${randomBytes(16).toString('base64').slice(0, 22)}==`,
          hostId: host.id,
          topic: 'Zoom meeting',
          type: 2,
          start: 0,
          duration: 60,
          timezone: host.timeZone,
          agenda: '',
          password: randomBytes(6).toString('base64url').slice(0, 8),
          createdAt: now(),
          deleted: false,
          settings: { ...SETTINGS_DEFAULTS },
          updates: 0,
        };
        applyFields(meeting, b, host, true);
        meetings.set(meeting.id, meeting);
        return json(201, render(meeting, true));
      }
      if (req.method === 'GET') {
        const type = req.query.get('type') ?? 'scheduled';
        if (!['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'].includes(type)) throw new HttpFault(400, 'Invalid field.', { code: 300 });
        const pageSize = Math.min(300, Math.max(1, Number(req.query.get('page_size') ?? 30) || 30));
        const offset = Number(req.query.get('next_page_token') ? Buffer.from(req.query.get('next_page_token')!, 'base64url').toString() : 0) || 0;
        const all = [...meetings.values()]
          .filter((x) => !x.deleted && x.hostId === host.id)
          .filter((x) => (type.startsWith('upcoming') ? x.start + x.duration * 60_000 > now() : type === 'previous_meetings' ? x.start + x.duration * 60_000 <= now() : true))
          .sort((a, b) => a.start - b.start);
        const page = all.slice(offset, offset + pageSize);
        return json(200, {
          page_size: pageSize,
          total_records: all.length,
          next_page_token: offset + pageSize < all.length ? Buffer.from(String(offset + pageSize)).toString('base64url') : '',
          meetings: page.map((x) => render(x, false)),
        });
      }
    }
    m = match('/v2/meetings/:id', p);
    if (m) {
      const meeting = meetingOf(user, m.id!);
      if (req.method === 'GET') return json(200, render(meeting, true));
      if (req.method === 'PATCH') {
        const copy = { ...meeting, settings: { ...meeting.settings } };
        applyFields(copy, asObject(req.body), user, false);
        Object.assign(meeting, copy, { updates: meeting.updates + 1 });
        return json(204);
      }
      if (req.method === 'DELETE') {
        meeting.deleted = true;
        return json(204);
      }
    }
    throw new HttpFault(404, 'Not Found', { code: 404 });
  };

  const kit = await startKit({
    ...providerKitOptions(oauth, opts),
    faultExempt: (p) => p.startsWith('/oauth/'),
    faults: opts.faults,
    errorBody: zoomError,
    handle,
  });

  const api: ZoomEmulator = {
    url: kit.url,
    authorizeUrl: `${kit.url}/oauth/authorize`,
    tokenUrl: `${kit.url}/oauth/token`,
    client,
    oauth,
    kit,
    users: () => [...oauth.users.values()],
    addUser,
    credentials: (userKey) => {
      const u = oauth.requireUser(userKey);
      const t = oauth.issueTokens(u.id, client.clientId, 'meeting:write:meeting meeting:read:meeting user:read:user');
      return { kind: 'zoom' as const, baseUrl: kit.url, tokenUrl: `${kit.url}/oauth/token`, clientId: client.clientId, clientSecret: client.clientSecret, ...t, account: u.email };
    },
    meetings: (userKey) => {
      const host = userKey ? oauth.requireUser(userKey) : undefined;
      return [...meetings.values()].filter((m) => !host || m.hostId === host.id).map((m) => ({ ...m, settings: { ...m.settings } }));
    },
    revoke: (u) => oauth.revokeUser(u),
    expireAccessTokens: (u) => oauth.expireAccessTokens(u),
    injectFault: (r) => kit.faults.add(r),
    close: () => kit.close(),
  };

  if (opts.seed !== undefined) {
    for (const u of oauth.users.values()) {
      const day = new Date(now() + (1 + (opts.seed % 5)) * 86_400_000).toISOString().slice(0, 10);
      const start = wallToEpoch(`${day}T15:00:00`, u.timeZone);
      meetings.set((nextId += 7919), {
        id: nextId,
        uuid: `${randomBytes(16).toString('base64').slice(0, 22)}==`,
        hostId: u.id,
        topic: 'Weekly sync',
        type: 2,
        start,
        duration: 30,
        timezone: u.timeZone,
        agenda: `Seeded ${epochToWall(start, u.timeZone)}`,
        password: 'seed' + (opts.seed % 1000),
        createdAt: now(),
        deleted: false,
        settings: { ...SETTINGS_DEFAULTS },
        updates: 0,
      });
    }
  }
  return api;
}
