import { isRfc3339, parseRfc3339, requireZone } from '../kit/calendar-time.ts';
import { commonHooks } from '../kit/common-hooks.ts';
import { HttpFault, asObject, json, match, startKit, type EmuRequest, type EmuResponse, } from '../kit/http-kit.ts';
import { OAuthServer, providerKitOptions, type OAuthProviderEmulator, newId, type EmulatorUser, type OAuthClient, type ProviderEmulatorOptions } from '../kit/oauth-server.ts';

/**
 * A small GoToMeeting REST stand-in: OAuth at /oauth/v2/authorize + /oauth/v2/token
 * (client_secret_basic; the token answer names the account in `principal`, as GoTo's does),
 * `POST /G2M/rest/v2/meetings` → 201 `[{ meetingid, joinURL, … }]`, `GET|PUT|DELETE
 * /G2M/rest/v2/meetings/{id}` (PUT/DELETE → 204), `GET /G2M/rest/v2/upcomingMeetings`,
 * `GET /identity/v1/Users/me` (SCIM), and GoTo's `{int_err_code, msg}` errors.
 */

type Json = Record<string, unknown>;

export type GoToMeetingEmulatorOptions = ProviderEmulatorOptions;

export const GOTO_DEFAULT_CLIENT: OAuthClient = { clientId: 'koppel-goto-emulator', clientSecret: 'goto-emulator-secret' };
export const GOTO_DEMO_USERS: EmulatorUser[] = [
  { id: 'gt-anna', email: 'anna.jansen@example.com', name: 'Anna Jansen', timeZone: 'Europe/Amsterdam' },
  { id: 'gt-rita', email: 'rita.recruiter@example.com', name: 'Rita Recruiter', timeZone: 'Europe/Amsterdam' },
];

export interface GoToMeeting {
  meetingId: number;
  uniqueMeetingId: number;
  organizerId: string;
  subject: string;
  start: number;
  end: number;
  timezoneKey: string;
  passwordRequired: boolean;
  conferenceCallInfo: string;
  meetingType: string;
  deleted: boolean;
  updates: number;
}

export interface GoToMeetingEmulator extends OAuthProviderEmulator<'zoom' | 'gotomeeting'> {
  meetings(user?: string): GoToMeeting[];
}

function gotoError(status: number, message: string, extra: Record<string, unknown>): Json {
  const code =
    typeof extra.code === 'string'
      ? extra.code
      : status === 401 || status === 403
        ? 'InvalidToken'
        : status === 404
          ? 'NotFound'
          : status === 429
            ? 'TooManyRequests'
            : status >= 500
              ? 'InternalError'
              : 'InvalidRequest';
  return { int_err_code: code, msg: message };
}

const CALL_INFO = new Set(['PSTN', 'Free', 'Hybrid', 'Private', 'VoIP']);
const TYPES = new Set(['immediate', 'scheduled', 'recurring']);

export async function startGoToMeetingEmulator(opts: GoToMeetingEmulatorOptions = {}): Promise<GoToMeetingEmulator> {
  const now = opts.clock ?? Date.now;
  const client = opts.clients?.[0] ?? GOTO_DEFAULT_CLIENT;
  const oauth = new OAuthServer({
    vendor: 'GoTo',
    clientAuth: 'basic',
    rotateRefreshTokens: false,
    idToken: false,
    accessTokenPrefix: 'eyJraWQiOiJnb3Rv.',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    extraTokenFields: (u) => ({ principal: u.email, account_key: '5000000000000000001', organizer_key: `${u.id}-key`, firstName: u.name.split(' ')[0], lastName: u.name.split(' ').slice(1).join(' ') }),
    ...(opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {}),
    clock: now,
  });
  for (const c of opts.clients ?? [GOTO_DEFAULT_CLIENT]) oauth.addClient(c);
  const meetings = new Map<number, GoToMeeting>();
  let nextId = 100_000_000 + Math.floor(Math.random() * 800_000_000);

  const addUser = (u: Partial<EmulatorUser> & { email: string }) =>
    oauth.addUser({ id: u.id ?? newId('gt-'), email: u.email, name: u.name ?? u.email.split('@')[0]!, timeZone: requireZone(u.timeZone ?? 'Europe/Amsterdam', 'timeZone') });
  for (const u of opts.users ?? GOTO_DEMO_USERS) addUser(u);

  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const joinUrl = (id: number) => `https://meet.goto.com/${id}`;
  const render = (m: GoToMeeting): Json => ({
    meetingId: m.meetingId,
    meetingKey: m.meetingId,
    uniqueMeetingId: m.uniqueMeetingId,
    subject: m.subject,
    startTime: iso(m.start),
    endTime: iso(m.end),
    duration: Math.round((m.end - m.start) / 60_000),
    status: 'INACTIVE',
    meetingType: m.meetingType,
    passwordRequired: m.passwordRequired,
    conferenceCallInfo: m.conferenceCallInfo,
    timeZoneKey: m.timezoneKey,
    joinURL: joinUrl(m.meetingId),
    organizerKey: `${m.organizerId}-key`,
  });

  const apply = (m: GoToMeeting, b: Json, creating: boolean) => {
    const bad = (field: string): never => {
      throw new HttpFault(400, `Invalid or missing parameter: ${field}`, { code: 'InvalidRequest' });
    };
    if (b.subject !== undefined || creating) {
      if (typeof b.subject !== 'string' || !b.subject || b.subject.length > 100) bad('subject');
      m.subject = b.subject as string;
    }
    if (b.starttime !== undefined || creating) m.start = isRfc3339(b.starttime) ? parseRfc3339(b.starttime, 'starttime') : bad('starttime');
    if (b.endtime !== undefined || creating) m.end = isRfc3339(b.endtime) ? parseRfc3339(b.endtime, 'endtime') : bad('endtime');
    if (m.end <= m.start) bad('endtime');
    if (b.passwordrequired !== undefined) {
      if (typeof b.passwordrequired !== 'boolean') bad('passwordrequired');
      m.passwordRequired = b.passwordrequired as boolean;
    }
    if (b.conferencecallinfo !== undefined) {
      if (!CALL_INFO.has(String(b.conferencecallinfo))) bad('conferencecallinfo');
      m.conferenceCallInfo = String(b.conferencecallinfo);
    }
    if (b.meetingtype !== undefined) {
      if (!TYPES.has(String(b.meetingtype))) bad('meetingtype');
      m.meetingType = String(b.meetingtype);
    }
    if (b.timezonekey !== undefined) m.timezoneKey = String(b.timezonekey);
  };

  const handle = async (req: EmuRequest): Promise<EmuResponse> => {
    const p = req.path;
    if (p.startsWith('/_emulator/')) {
      const common = commonHooks(req, { oauth, kit: () => kit, addUser, credentials: (u) => api.credentials(u) });
      if (common) return common;
      if (p === '/_emulator/meetings' && req.method === 'GET') return json(200, { meetings: api.meetings(req.query.get('user') ?? undefined).map((m) => ({ ...render(m), deleted: m.deleted, updates: m.updates })) });
      return json(404, gotoError(404, 'Unknown emulator hook', {}));
    }
    if (p === '/oauth/v2/authorize') return oauth.authorize(req);
    if (p === '/oauth/v2/token' && req.method === 'POST') return oauth.tokenEndpoint(req);

    const auth = oauth.authenticate(req.headers.authorization);
    if ('error' in auth) throw new HttpFault(401, auth.error === 'expired' ? 'Token has expired' : 'Invalid token passed', { code: 'InvalidToken' });
    const user = auth.user;

    if (p === '/identity/v1/Users/me' && req.method === 'GET') {
      return json(200, {
        schemas: ['urn:scim:schemas:core:1.0'],
        id: user.id,
        userName: user.email,
        displayName: user.name,
        name: { givenName: user.name.split(' ')[0], familyName: user.name.split(' ').slice(1).join(' ') },
        emails: [{ value: user.email, type: 'work', primary: true }],
        locale: 'en_US',
        timezone: user.timeZone,
      });
    }
    if (p === '/G2M/rest/v2/meetings' && req.method === 'POST') {
      const m: GoToMeeting = {
        meetingId: (nextId += 1013),
        uniqueMeetingId: 200_000_000_000 + nextId,
        organizerId: user.id,
        subject: '',
        start: 0,
        end: 0,
        timezoneKey: '',
        passwordRequired: false,
        conferenceCallInfo: 'VoIP',
        meetingType: 'scheduled',
        deleted: false,
        updates: 0,
      };
      apply(m, asObject(req.body), true);
      meetings.set(m.meetingId, m);
      return json(201, [{ joinURL: joinUrl(m.meetingId), meetingid: m.meetingId, maxParticipants: 250, uniqueMeetingId: m.uniqueMeetingId, conferenceCallInfo: m.conferenceCallInfo }]);
    }
    if ((p === '/G2M/rest/v2/upcomingMeetings' || p === '/G2M/rest/v2/meetings') && req.method === 'GET') {
      const list = [...meetings.values()].filter((m) => !m.deleted && m.organizerId === user.id && m.end > now()).sort((a, b) => a.start - b.start);
      return json(200, list.map(render));
    }
    const m = match('/G2M/rest/v2/meetings/:id', p);
    if (m) {
      const meeting = meetings.get(Number(m.id));
      if (!meeting || meeting.deleted || meeting.organizerId !== user.id) throw new HttpFault(404, 'Meeting not found', { code: 'NotFound' });
      if (req.method === 'GET') return json(200, [render(meeting)]);
      if (req.method === 'PUT') {
        const copy = { ...meeting };
        apply(copy, asObject(req.body), false);
        Object.assign(meeting, copy, { updates: meeting.updates + 1 });
        return json(204);
      }
      if (req.method === 'DELETE') {
        meeting.deleted = true;
        return json(204);
      }
    }
    throw new HttpFault(404, 'Not Found', { code: 'NotFound' });
  };

  const kit = await startKit({
    ...providerKitOptions(oauth, opts),
    faultExempt: (p) => p.startsWith('/oauth/'),
    faults: opts.faults,
    errorBody: gotoError,
    handle,
  });

  const api: GoToMeetingEmulator = {
    url: kit.url,
    authorizeUrl: `${kit.url}/oauth/v2/authorize`,
    tokenUrl: `${kit.url}/oauth/v2/token`,
    client,
    oauth,
    kit,
    users: () => [...oauth.users.values()],
    addUser,
    credentials: (key) => {
      const u = oauth.requireUser(key);
      const t = oauth.issueTokens(u.id, client.clientId, 'collab:');
      return { kind: 'gotomeeting' as const, baseUrl: kit.url, tokenUrl: `${kit.url}/oauth/v2/token`, clientId: client.clientId, clientSecret: client.clientSecret, ...t, account: u.email };
    },
    meetings: (key) => {
      const host = key ? oauth.requireUser(key) : undefined;
      return [...meetings.values()].filter((m) => !host || m.organizerId === host.id).map((m) => ({ ...m }));
    },
    revoke: (u) => oauth.revokeUser(u),
    expireAccessTokens: (u) => oauth.expireAccessTokens(u),
    injectFault: (r) => kit.faults.add(r),
    close: () => kit.close(),
  };
  if (opts.seed !== undefined) {
    for (const u of oauth.users.values()) {
      const start = Math.ceil(now() / 3_600_000) * 3_600_000 + (1 + (opts.seed % 4)) * 86_400_000;
      const id = (nextId += 1013);
      meetings.set(id, { meetingId: id, uniqueMeetingId: 200_000_000_000 + id, organizerId: u.id, subject: 'Customer call', start, end: start + 3_600_000, timezoneKey: '', passwordRequired: false, conferenceCallInfo: 'VoIP', meetingType: 'scheduled', deleted: false, updates: 0 });
    }
  }
  return api;
}
