import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../kit/provider.ts';
import type { CalendarCredentials, CalendarEventInput } from '../calendar-provider.ts';
import { startGraphEmulator, type GraphEmulator } from '../../../../emulators/microsoft/graph-emulator.ts';
import { createMicrosoftCalendarProvider, graphInstant } from './microsoft.provider.ts';

const DAY = 86_400_000;
const DAAN = 'daan.bakker@contoso.example';
const EVA = 'eva.schmidt@contoso.example';
let em: GraphEmulator;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};
type Json = Record<string, unknown>;

function event(over: Partial<CalendarEventInput> = {}): CalendarEventInput {
  return {
    uid: `iv-${Math.random().toString(36).slice(2)}@koppel.test`,
    sequence: 0,
    summary: 'Interview: Data Engineer – Jan de Boer',
    description: 'Bring the case study',
    start: Date.parse('2026-10-24T08:00:00Z'),
    end: Date.parse('2026-10-24T09:00:00Z'),
    timeZone: 'Europe/Amsterdam',
    location: 'Room IJ',
    organizer: { email: 'recruiter@koppel.test', name: 'Rita' },
    attendees: [
      { email: DAAN, name: 'Daan', kind: 'interviewer' },
      { email: 'room-ij@contoso.example', name: 'IJ', kind: 'room' },
      { email: 'jan@candidate.test', kind: 'candidate' },
    ],
    ...over,
  };
}

beforeAll(async () => {
  em = await startGraphEmulator();
});
afterAll(async () => {
  await em?.close();
});

const provider = (creds?: CalendarCredentials, extra: Parameters<typeof createMicrosoftCalendarProvider>[1] = {}) => createMicrosoftCalendarProvider(creds ?? em.credentials(DAAN), { sleep, ...extra });

async function graph(path: string, init: { method?: string; json?: unknown; headers?: Record<string, string>; token?: string } = {}) {
  const res = await fetch(`${em.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? em.credentials(EVA).accessToken}`, 'content-type': 'application/json', ...init.headers },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Json };
}

describe('Graph emulator shapes', () => {
  it('getSchedule: availabilityView digits, scheduleItems with isPrivate/status, Prefer: outlook.timezone (IANA or Windows)', async () => {
    em.addBusy(EVA, { subject: 'Standup', start: '2026-11-02T08:00:00Z', end: '2026-11-02T08:30:00Z' });
    em.addBusy(EVA, { subject: 'Secret', start: '2026-11-02T09:00:00Z', end: '2026-11-02T10:00:00Z', sensitivity: 'private', showAs: 'oof' });
    em.addBusy(EVA, { subject: 'Maybe', start: '2026-11-02T10:00:00Z', end: '2026-11-02T10:30:00Z', showAs: 'tentative' });
    const body = { schedules: [EVA, 'ghost@contoso.example'], startTime: { dateTime: '2026-11-02T08:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-11-02T11:00:00', timeZone: 'UTC' }, availabilityViewInterval: 30 };
    const r = await graph(`/v1.0/users/${EVA}/calendar/getSchedule`, { method: 'POST', json: body, headers: { prefer: 'outlook.timezone="W. Europe Standard Time"' } });
    expect(r.status).toBe(200);
    const [eva, ghost] = r.body.value as Json[];
    expect(eva!.availabilityView).toBe('203310');
    const items = eva!.scheduleItems as Json[];
    expect(items[0]).toMatchObject({ isPrivate: false, status: 'busy', subject: 'Standup', start: { dateTime: '2026-11-02T09:00:00.0000000', timeZone: 'W. Europe Standard Time' } });
    expect(items[1]).toMatchObject({ isPrivate: true, status: 'oof' });
    expect(items[1]).not.toHaveProperty('subject');
    expect(ghost!.error).toMatchObject({ responseCode: 'ErrorMailboxNotFound' });
    const utc = await graph('/v1.0/me/calendar/getSchedule', { method: 'POST', json: body });
    expect(((utc.body.value as Json[])[0]!.scheduleItems as Json[])[0]!.start).toEqual({ dateTime: '2026-11-02T08:00:00.0000000', timeZone: 'UTC' });
  });

  it('errors use the Graph envelope; 429 carries Retry-After; transactionId returns the first event', async () => {
    const missing = await graph('/v1.0/me/events/AAMkNOPE');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'ErrorItemNotFound', message: expect.any(String), innerError: { 'request-id': expect.any(String) } });
    em.injectFault({ path: '/v1.0/me', status: 429 });
    const limited = await graph('/v1.0/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((limited.body.error as Json).code).toBe('TooManyRequests');
    const ev = { subject: 'x', start: { dateTime: '2026-11-03T10:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-11-03T11:00:00', timeZone: 'Europe/Berlin' }, transactionId: 'tx-1' };
    const a = await graph('/v1.0/me/events', { method: 'POST', json: ev });
    const b = await graph('/v1.0/me/events', { method: 'POST', json: ev });
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body.start).toEqual({ dateTime: '2026-11-03T09:00:00.0000000', timeZone: 'UTC' });
    const viaUsers = await graph(`/v1.0/users/${EVA}/events`, { method: 'POST', json: { ...ev, transactionId: 'tx-2' } });
    expect(viaUsers.status).toBe(201);
    expect(em.events(EVA).some((x) => x.resource.id === viaUsers.body.id)).toBe(true);
    const foreign = await graph(`/v1.0/users/${DAAN}/events`, { method: 'POST', json: { ...ev, transactionId: 'tx-3' } });
    expect(foreign.status).toBe(403);
    expect((foreign.body.error as Json).code).toBe('ErrorAccessDenied');
    const allDay = em.addBusy(EVA, { subject: 'Holiday', startDate: '2026-11-20', endDate: '2026-11-21' });
    expect(allDay).toMatchObject({ isAllDay: true });
    const view = await graph('/v1.0/me/calendarView?startDateTime=2026-11-19T00:00:00Z&endDateTime=2026-11-22T00:00:00Z', { headers: { prefer: 'outlook.timezone="Europe/Berlin"' } });
    expect((view.body.value as Json[]).find((x) => x.subject === 'Holiday')).toMatchObject({ isAllDay: true, start: { dateTime: '2026-11-20T00:00:00.0000000', timeZone: 'Europe/Berlin' } });
    const unauth = await graph('/v1.0/me', { token: 'bad' });
    expect(unauth.status).toBe(401);
    expect((unauth.body.error as Json).code).toBe('InvalidAuthenticationToken');
  });

  it('graphInstant reads UTC, IANA and Windows zones', () => {
    expect(graphInstant({ dateTime: '2026-03-29T01:30:00.0000000', timeZone: 'UTC' })).toBe(Date.parse('2026-03-29T01:30:00Z'));
    expect(graphInstant({ dateTime: '2026-03-29T03:30:00.0000000', timeZone: 'W. Europe Standard Time' })).toBe(Date.parse('2026-03-29T01:30:00Z'));
    expect(graphInstant({ dateTime: '2026-03-29T03:30:00', timeZone: 'Europe/Amsterdam' })).toBe(Date.parse('2026-03-29T01:30:00Z'));
  });
});

describe('Microsoft provider against the emulator', () => {
  it('verify names the account', async () => {
    expect(await provider().verify()).toEqual({ account: DAAN });
  });

  it('freeBusy maps statuses (free → nothing, tentative → tentative, oof/workingElsewhere → busy), splits > 62 days, private without subject', async () => {
    const u = 'finn.murphy@contoso.example';
    em.addBusy(u, { subject: 'Free slot', start: '2026-11-02T08:00:00Z', end: '2026-11-02T09:00:00Z', showAs: 'free' });
    em.addBusy(u, { subject: 'Tentative', start: '2026-11-02T10:00:00Z', end: '2026-11-02T11:00:00Z', showAs: 'tentative' });
    em.addBusy(u, { subject: 'Away', start: '2026-11-03T10:00:00Z', end: '2026-11-03T11:00:00Z', showAs: 'oof', sensitivity: 'private' });
    em.addBusy(u, { subject: 'Other office', start: '2026-11-04T10:00:00Z', end: '2026-11-04T11:00:00Z', showAs: 'workingElsewhere' });
    em.addBusy(u, { subject: 'Cancelled', start: '2026-11-05T10:00:00Z', end: '2026-11-05T11:00:00Z', isCancelled: true });
    em.addBusy(u, { subject: 'Weekly', start: '2026-11-06T10:00:00Z', end: '2026-11-06T10:30:00Z', rrule: 'FREQ=WEEKLY;COUNT=15', timeZone: 'Europe/Dublin' });
    const before = em.kit.requestLog.filter((r) => r.path.endsWith('/getSchedule')).length;
    const from = Date.parse('2026-11-01T00:00:00Z');
    const r = await provider(em.credentials(u)).freeBusy({ from, to: from + 120 * DAY, timeZone: 'Europe/Dublin' });
    expect(em.kit.requestLog.filter((x) => x.path.endsWith('/getSchedule')).length - before).toBe(2);
    expect(r.busy.find((b) => b.start === Date.parse('2026-11-02T08:00:00Z'))).toBeUndefined();
    expect(r.busy.find((b) => b.start === Date.parse('2026-11-02T10:00:00Z'))).toEqual({ start: Date.parse('2026-11-02T10:00:00Z'), end: Date.parse('2026-11-02T11:00:00Z'), tentative: true, summary: 'Tentative' });
    expect(r.busy.find((b) => b.start === Date.parse('2026-11-03T10:00:00Z'))).toEqual({ start: Date.parse('2026-11-03T10:00:00Z'), end: Date.parse('2026-11-03T11:00:00Z'), private: true });
    expect(r.busy.find((b) => b.start === Date.parse('2026-11-04T10:00:00Z'))).toBeTruthy();
    expect(r.busy.find((b) => b.start === Date.parse('2026-11-05T10:00:00Z'))).toBeUndefined();
    expect(r.busy.filter((b) => b.summary === 'Weekly')).toHaveLength(15);
    // keepPrivateDetails reads calendarView (paged) and keeps the private subject.
    const details = await provider(em.credentials(u)).freeBusy({ from, to: from + 120 * DAY, timeZone: 'Europe/Dublin', keepPrivateDetails: true });
    expect(details.busy.find((b) => b.summary === 'Away')).toMatchObject({ private: true });
    expect(details.busy.filter((b) => b.summary === 'Weekly')).toHaveLength(15);
  });

  it('createEvent: private, Teams link, transactionId makes a retry return the same event', async () => {
    const p = provider();
    const e = event({ createConference: { provider: 'teams', requestId: 'teams-1' } });
    const w = await p.createEvent(e);
    expect(w.conference?.provider).toBe('teams');
    expect(w.conference?.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    const again = await p.createEvent(e);
    expect(again.ref.externalId).toBe(w.ref.externalId);
    const stored = em.events(DAAN).filter((x) => x.resource.transactionId === e.uid);
    expect(stored).toHaveLength(1);
    const r = stored[0]!.resource;
    expect(r).toMatchObject({ sensitivity: 'private', isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness', subject: e.summary, start: { dateTime: '2026-10-24T08:00:00.0000000', timeZone: 'UTC' } });
    const emails = (r.attendees as Array<{ emailAddress: { address: string }; type: string }>).map((a) => `${a.emailAddress.address}:${a.type}`).sort();
    expect(emails).toEqual([`${DAAN}:required`, 'recruiter@koppel.test:optional', 'room-ij@contoso.example:resource']);
    // Reschedule keeps the Teams link.
    const moved = await p.updateEvent(w.ref, { ...e, sequence: 1, start: e.start + DAY, end: e.end + DAY });
    expect(moved.conference?.joinUrl).toBe(w.conference?.joinUrl);
  });

  it('a decline (status.response) is read back; cancel uses /cancel and a gone event counts as cancelled', async () => {
    const p = provider();
    const w = await p.createEvent(event());
    const hook = await fetch(`${em.url}/_emulator/calendars/${DAAN}/respond`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventId: w.ref.externalId, response: 'declined' }) });
    expect(hook.status).toBe(200);
    const responses = await p.readResponses(w.ref);
    expect(responses.find((a) => a.email === DAAN)?.status).toBe('declined');
    expect(responses.find((a) => a.email === 'recruiter@koppel.test')?.status).toBe('needs_action');
    await p.cancelEvent(w.ref, event());
    const stored = em.events(DAAN).find((x) => x.resource.id === w.ref.externalId)!;
    expect(stored).toMatchObject({ deleted: true, cancelledWithComment: 'Interview: Data Engineer – Jan de Boer' });
    await p.cancelEvent(w.ref, event());
    await expect(p.readResponses(w.ref)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rotated refresh tokens are persisted; revoked grant → reconnect_needed', async () => {
    const saved: CalendarCredentials[] = [];
    const creds = { ...em.credentials(EVA), expiresAt: Date.now() + 30_000 };
    const p = provider(creds, { onCredentialsRefreshed: async (c) => void saved.push(c as CalendarCredentials) });
    await p.verify();
    expect(saved).toHaveLength(1);
    expect((saved[0] as { refreshToken: string }).refreshToken).not.toBe(creds.refreshToken);
    em.revoke(EVA);
    const err = await p.freeBusy({ from: Date.now(), to: Date.now() + DAY, timeZone: 'UTC' }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'reconnect_needed', provider: 'microsoft' });
  });

  it('429 with Retry-After is honoured', async () => {
    sleeps.length = 0;
    em.injectFault({ path: '/v1.0/me/calendar/getSchedule', status: 429, retryAfterSeconds: 3, times: 1 });
    await provider().freeBusy({ from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2026-12-02T00:00:00Z'), timeZone: 'UTC' });
    expect(sleeps.some((s) => s >= 3000)).toBe(true);
  });
});
