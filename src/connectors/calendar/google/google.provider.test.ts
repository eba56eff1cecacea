import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../kit/provider.ts';
import type { CalendarCredentials, CalendarEventInput } from '../calendar-provider.ts';
import { startGoogleCalendarEmulator, type GoogleEmulator } from '../../../../emulators/google/google-emulator.ts';
import { createGoogleCalendarProvider, googleEventId } from './google.provider.ts';

const DAY = 86_400_000;
let em: GoogleEmulator;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

function event(over: Partial<CalendarEventInput> = {}): CalendarEventInput {
  return {
    uid: `interview-${Math.random().toString(36).slice(2)}@koppel.test`,
    sequence: 0,
    summary: 'Interview: Senior Developer – Eva Smit',
    description: 'Notes for the interviewers',
    start: Date.parse('2026-03-10T09:00:00Z'),
    end: Date.parse('2026-03-10T10:00:00Z'),
    timeZone: 'Europe/Amsterdam',
    location: 'Room Amstel',
    organizer: { email: 'recruiter@koppel.test', name: 'Rita Recruiter' },
    attendees: [
      { email: 'anna.jansen@example.com', name: 'Anna Jansen', kind: 'interviewer' },
      { email: 'room-amstel@koppel.test', name: 'Amstel', kind: 'room' },
      { email: 'eva@candidate.test', name: 'Eva Smit', kind: 'candidate' },
    ],
    ...over,
  };
}

beforeAll(async () => {
  em = await startGoogleCalendarEmulator({ meetPendingReads: 0 });
});
afterAll(async () => {
  await em?.close();
});

function provider(creds?: CalendarCredentials, extra: Parameters<typeof createGoogleCalendarProvider>[1] = {}) {
  return createGoogleCalendarProvider(creds ?? em.credentials('anna.jansen@example.com'), { sleep, ...extra });
}

describe('Google provider against the emulator', () => {
  it('verify names the account', async () => {
    expect(await provider().verify()).toEqual({ account: 'anna.jansen@example.com' });
  });

  it('freeBusy: splits > 90 days into windows, expands recurrences with EXDATE, skips free/cancelled/declined time', async () => {
    const u = 'bram.devries@example.com';
    em.addBusy(u, { summary: 'Weekly 1:1', start: '2026-03-02T09:00:00+01:00', end: '2026-03-02T09:30:00+01:00', timeZone: 'Europe/Amsterdam', rrule: 'FREQ=WEEKLY;COUNT=20', exdates: ['2026-03-09T09:00:00+01:00'] });
    em.addBusy(u, { summary: 'Focus', start: '2026-03-03T13:00:00Z', end: '2026-03-03T15:00:00Z', transparency: 'transparent' });
    em.addBusy(u, { summary: 'Dropped', start: '2026-03-04T13:00:00Z', end: '2026-03-04T15:00:00Z', status: 'cancelled' });
    em.addBusy(u, { summary: 'Doctor', start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:00:00Z', visibility: 'private' });
    const before = em.kit.requestLog.filter((r) => r.path === '/calendar/v3/freeBusy').length;
    const from = Date.parse('2026-03-01T00:00:00Z');
    const r = await provider(em.credentials(u)).freeBusy({ from, to: from + 200 * DAY, timeZone: 'Europe/Amsterdam' });
    expect(em.kit.requestLog.filter((x) => x.path === '/calendar/v3/freeBusy').length - before).toBe(3);
    expect(r.warnings).toEqual([]);
    // 20 weekly occurrences (the last ones in the second 90-day window) minus one EXDATE, plus the private appointment;
    // nothing for the transparent and cancelled ones.
    expect(r.busy).toHaveLength(20);
    expect(r.busy.at(-1)!.start).toBe(Date.parse('2026-07-13T07:00:00Z'));
    expect(r.busy.some((b) => b.start === Date.parse('2026-03-09T08:00:00Z'))).toBe(false);
    // Across the DST change (29 March) the 1:1 stays at 09:00 Amsterdam time.
    expect(r.busy.find((b) => b.start === Date.parse('2026-03-30T07:00:00Z'))).toBeTruthy();
    expect(r.busy.every((b) => b.summary === undefined)).toBe(true);
    expect(r.busy.find((b) => b.start === Date.parse('2026-03-05T13:00:00Z'))).toEqual({ start: Date.parse('2026-03-05T13:00:00Z'), end: Date.parse('2026-03-05T14:00:00Z') });
  });

  it('freeBusy with keepPrivateDetails reads events.list: titles, private flag, all-day in the owner zone', async () => {
    const u = 'clara.weber@example.com';
    em.addBusy(u, { summary: 'Therapy', start: '2026-04-01T10:00:00Z', end: '2026-04-01T11:00:00Z', visibility: 'private' });
    em.addBusy(u, { summary: 'Conference', startDate: '2026-04-02', endDate: '2026-04-04' });
    em.addBusy(u, { summary: 'Daily', start: '2026-04-01T07:00:00Z', end: '2026-04-01T07:15:00Z', rrule: 'FREQ=DAILY;COUNT=3' });
    const from = Date.parse('2026-03-31T00:00:00Z');
    const q = { from, to: from + 7 * DAY, timeZone: 'Europe/Berlin' };
    const details = await provider(em.credentials(u)).freeBusy({ ...q, keepPrivateDetails: true });
    expect(details.busy.find((b) => b.summary === 'Therapy')).toMatchObject({ private: true });
    expect(details.busy.filter((b) => b.summary === 'Daily')).toHaveLength(3);
    const conf = details.busy.find((b) => b.summary === 'Conference')!;
    expect(conf).toMatchObject({ allDay: true, start: Date.parse('2026-04-01T22:00:00Z'), end: Date.parse('2026-04-03T22:00:00Z') });
  });

  it('createEvent: private, Meet created once per requestId, retried insert does not duplicate, pending conference is polled', async () => {
    const slow = await startGoogleCalendarEmulator({ meetPendingReads: 2 });
    try {
      const p = createGoogleCalendarProvider(slow.credentials('anna.jansen@example.com'), { sleep });
      const e = event({ createConference: { provider: 'google_meet', requestId: 'req-1' } });
      const written = await p.createEvent(e);
      expect(written.ref.externalId).toBe(googleEventId(e.uid));
      expect(written.conference?.provider).toBe('google_meet');
      expect(written.conference?.joinUrl).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
      // Same UID again (a retry after a lost answer): 409 → the same event is updated, not duplicated.
      const again = await p.createEvent(e);
      expect(again.ref.externalId).toBe(written.ref.externalId);
      expect(again.conference?.joinUrl).toBe(written.conference?.joinUrl);
      const stored = slow.events('anna.jansen@example.com').filter((x) => x.writes > 0);
      expect(stored).toHaveLength(1);
      const r = stored[0]!.resource;
      expect(r.visibility).toBe('private');
      expect(stored[0]!.sendUpdates).toBe('none');
      expect((r.attendees as Array<{ email: string; resource?: boolean }>).map((a) => a.email).sort()).toEqual(['anna.jansen@example.com', 'recruiter@koppel.test', 'room-amstel@koppel.test']);
      expect((r.attendees as Array<{ email: string; resource?: boolean }>).find((a) => a.email.startsWith('room'))?.resource).toBe(true);
      expect(r.start).toEqual({ dateTime: '2026-03-10T10:00:00+01:00', timeZone: 'Europe/Amsterdam' });
    } finally {
      await slow.close();
    }
  });

  it('an existing Zoom link goes into description and location; update keeps Meet and raises SEQUENCE', async () => {
    const p = provider();
    const zoom = event({ location: undefined, conference: { provider: 'zoom', joinUrl: 'https://zoom.us/j/123' } });
    await p.createEvent(zoom);
    const z = em.events('anna.jansen@example.com').find((x) => x.resource.id === googleEventId(zoom.uid))!.resource;
    expect(z.description).toBe('Notes for the interviewers\n\nhttps://zoom.us/j/123');
    expect(z.location).toBe('https://zoom.us/j/123');

    const e = event({ createConference: { provider: 'google_meet', requestId: 'req-keep' } });
    const first = await p.createEvent(e);
    const moved = await p.updateEvent(first.ref, { ...e, sequence: 1, start: e.start + DAY, end: e.end + DAY });
    expect(moved.conference?.joinUrl).toBe(first.conference?.joinUrl);
    const r = em.events('anna.jansen@example.com').find((x) => x.resource.id === first.ref.externalId)!.resource;
    expect(r.sequence).toBe(1);
    expect(r.start).toEqual({ dateTime: '2026-03-11T10:00:00+01:00', timeZone: 'Europe/Amsterdam' });
  });

  it('a decline set through the HTTP hook is read back', async () => {
    const p = provider();
    const e = event();
    const w = await p.createEvent(e);
    expect((await p.readResponses(w.ref)).find((a) => a.email === 'anna.jansen@example.com')?.status).toBe('needs_action');
    const res = await fetch(`${em.url}/_emulator/calendars/anna.jansen%40example.com/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ iCalUID: `${w.ref.externalId}@google.com`, responseStatus: 'declined' }),
    });
    expect(res.status).toBe(200);
    const responses = await p.readResponses(w.ref);
    expect(responses.find((a) => a.email === 'anna.jansen@example.com')?.status).toBe('declined');
    expect(responses.find((a) => a.email === 'recruiter@koppel.test')?.status).toBe('accepted');
  });

  it('cancel deletes; cancelling a gone (410) or unknown (404) event succeeds', async () => {
    const p = provider();
    const w = await p.createEvent(event());
    await p.cancelEvent(w.ref, event());
    expect(em.events('anna.jansen@example.com').find((x) => x.resource.id === w.ref.externalId)?.deleted).toBe(true);
    const before = em.kit.requestLog.length;
    await p.cancelEvent(w.ref, event());
    expect(em.kit.requestLog.slice(before).map((r) => r.status)).toContain(410);
    await p.cancelEvent({ externalId: 'doesnotexist00', calendarId: 'primary' }, event());
    await expect(p.updateEvent(w.ref, event())).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('Google provider: tokens and limits', () => {
  it('refreshes an expired token before the call and persists the new one', async () => {
    const saved: CalendarCredentials[] = [];
    const creds = { ...em.credentials('anna.jansen@example.com'), accessToken: 'stale', expiresAt: Date.now() - 1000 };
    const p = provider(creds, { onCredentialsRefreshed: async (c) => void saved.push(c as CalendarCredentials) });
    await p.verify();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ kind: 'google', refreshToken: creds.refreshToken });
    expect((saved[0] as { accessToken: string }).accessToken).not.toBe('stale');
  });

  it('refreshes on a 401 although the token looked valid', async () => {
    const saved: unknown[] = [];
    const creds = em.credentials('bram.devries@example.com');
    const p = provider(creds, { onCredentialsRefreshed: async (c) => void saved.push(c) });
    await p.verify();
    em.expireAccessTokens('bram.devries@example.com');
    expect(await p.verify()).toEqual({ account: 'bram.devries@example.com' });
    expect(saved).toHaveLength(1);
  });

  it('a revoked grant surfaces as reconnect_needed, never silently', async () => {
    const u = em.addUser({ email: 'revoked@example.com' });
    const saved: unknown[] = [];
    const p = provider(em.credentials(u.email), { onCredentialsRefreshed: async (c) => void saved.push(c) });
    await p.verify();
    em.revoke(u.email);
    const err = await p.createEvent(event()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'reconnect_needed', provider: 'google' });
    expect(saved).toHaveLength(0);
  });

  it('429 with Retry-After is waited out; a 429 that does not stop becomes rate_limited', async () => {
    const p = provider();
    sleeps.length = 0;
    em.injectFault({ method: 'POST', path: '/calendar/v3/freeBusy', status: 429, times: 2, retryAfterSeconds: 2 });
    const from = Date.parse('2026-05-01T00:00:00Z');
    await p.freeBusy({ from, to: from + DAY, timeZone: 'UTC' });
    expect(sleeps.filter((s) => s >= 2000)).toHaveLength(2);
    em.injectFault({ method: 'POST', path: '/calendar/v3/freeBusy', status: 429, times: 10 });
    await expect(p.freeBusy({ from, to: from + DAY, timeZone: 'UTC' })).rejects.toMatchObject({ code: 'rate_limited' });
    em.kit.faults.clear();
  });

  it('a 503 on insert is retried without creating a second event (the id is derived from the UID)', async () => {
    const p = provider();
    const e = event();
    em.injectFault({ method: 'POST', path: '/calendar/v3/calendars/primary/events', status: 503, times: 1 });
    await p.createEvent(e);
    expect(em.events('anna.jansen@example.com').filter((x) => x.resource.id === googleEventId(e.uid))).toHaveLength(1);
  });

  it('refreshes before expiry on a shared clock (no 401 on the wire), and the emulator expires tokens on its own', async () => {
    let t = Date.parse('2026-06-01T08:00:00Z');
    const clock = () => t;
    const own = await startGoogleCalendarEmulator({ clock, accessTokenTtlSeconds: 600 });
    try {
      const creds = own.credentials('anna.jansen@example.com');
      const stale = creds.accessToken;
      const p = createGoogleCalendarProvider(creds, { sleep, now: clock });
      await p.verify();
      t += 10 * 60_000; // the access token is now expired at the emulator
      const direct = await fetch(`${own.url}/calendar/v3/calendars/primary`, { headers: { authorization: `Bearer ${stale}` } });
      expect(direct.status).toBe(401);
      const grants = own.oauth.grants.refresh_token;
      await p.verify();
      expect(own.oauth.grants.refresh_token).toBe(grants + 1);
      expect(own.kit.requestLog.filter((r) => r.path.startsWith('/calendar/v3') && r.status === 401)).toHaveLength(1); // only the direct probe
    } finally {
      await own.close();
    }
  });

  it('the emulator’s own per-user rate limit answers 429 rateLimitExceeded, which the provider reports as rate_limited', async () => {
    const own = await startGoogleCalendarEmulator({ rateLimitPerMinute: 2 });
    try {
      const p = createGoogleCalendarProvider(own.credentials('anna.jansen@example.com'), { sleep });
      await p.verify();
      await p.verify();
      const err = await p.verify().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'rate_limited', provider: 'google', status: 429 });
      expect(own.kit.requestLog.filter((r) => r.status === 429).length).toBe(4);
      // A plain 403 stays a permission problem …
      own.injectFault({ path: '/calendar/v3/freeBusy', status: 403 });
      const forbidden = await createGoogleCalendarProvider(own.credentials('bram.devries@example.com'), { sleep }).freeBusy({ from: 0, to: DAY, timeZone: 'UTC' }).catch((e: unknown) => e);
      expect(forbidden).toMatchObject({ code: 'forbidden' });
    } finally {
      await own.close();
    }
    // … but Google's 403 form of the rate limit (usageLimits/rateLimitExceeded) is rate_limited.
    const as403 = await startGoogleCalendarEmulator({ rateLimitPerMinute: 1, rateLimitStatus: 403 });
    try {
      const p = createGoogleCalendarProvider(as403.credentials('anna.jansen@example.com'), { sleep });
      await p.verify();
      await expect(p.verify()).rejects.toMatchObject({ code: 'rate_limited', status: 403 });
    } finally {
      await as403.close();
    }
  });

  it('under chaos (25 % of calls 429/503) every create lands exactly once', async () => {
    const chaos = await startGoogleCalendarEmulator({ faultRate: 0.25, seed: 42 });
    try {
      const p = createGoogleCalendarProvider(chaos.credentials('anna.jansen@example.com'), { sleep, retry: { maxAttempts: 8 } });
      const inputs = Array.from({ length: 15 }, (_, i) => event({ uid: `chaos-${i}@koppel.test`, start: Date.parse('2026-09-01T08:00:00Z') + i * 3_600_000, end: Date.parse('2026-09-01T08:30:00Z') + i * 3_600_000 }));
      for (const e of inputs) await p.createEvent(e);
      expect(chaos.kit.requestLog.filter((r) => r.status === 429 || r.status === 503).length).toBeGreaterThan(0);
      const ids = chaos.events('anna.jansen@example.com').filter((x) => x.writes > 0).map((x) => x.resource.id);
      expect(new Set(ids).size).toBe(15);
      expect(ids.sort()).toEqual(inputs.map((e) => googleEventId(e.uid)).sort());
    } finally {
      await chaos.close();
    }
  });
});
