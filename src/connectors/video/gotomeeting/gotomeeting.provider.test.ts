import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../kit/provider.ts';
import type { MeetingInput, VideoCredentials } from '../video-provider.ts';
import { startGoToMeetingEmulator, type GoToMeetingEmulator } from '../../../../emulators/gotomeeting/gotomeeting-emulator.ts';
import { createGoToMeetingProvider } from './gotomeeting.provider.ts';

let em: GoToMeetingEmulator;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};
const HOST = 'anna.jansen@example.com';

function input(over: Partial<MeetingInput> = {}): MeetingInput {
  return { topic: 'Interview: Sam', start: Date.parse('2099-03-29T08:30:00Z'), durationMinutes: 30, timeZone: 'Europe/Amsterdam', requestId: `r-${Math.random().toString(36).slice(2)}`, ...over };
}

beforeAll(async () => {
  em = await startGoToMeetingEmulator();
});
afterAll(async () => {
  await em?.close();
});

const provider = (creds?: VideoCredentials, extra: Parameters<typeof createGoToMeetingProvider>[1] = {}) => createGoToMeetingProvider(creds ?? em.credentials(HOST), { sleep, ...extra });

describe('GoToMeeting emulator', () => {
  it('POST /G2M/rest/v2/meetings → 201 [{ meetingid, joinURL, … }]; errors are {int_err_code, msg}', async () => {
    const token = em.credentials(HOST).accessToken;
    const post = (body: unknown) => fetch(`${em.url}/G2M/rest/v2/meetings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ subject: 'x', starttime: '2099-01-01T10:00:00Z', endtime: '2099-01-01T11:00:00Z', passwordrequired: false, conferencecallinfo: 'VoIP', timezonekey: '', meetingtype: 'scheduled' });
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as Array<Record<string, unknown>>;
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ meetingid: expect.any(Number), joinURL: expect.stringMatching(/^https:\/\//), maxParticipants: expect.any(Number), uniqueMeetingId: expect.any(Number), conferenceCallInfo: 'VoIP' });
    const bad = await post({ subject: 'x', starttime: 'tomorrow', endtime: '2099-01-01T11:00:00Z' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ int_err_code: 'InvalidRequest', msg: 'Invalid or missing parameter: starttime' });
    const gone = await fetch(`${em.url}/G2M/rest/v2/meetings/1`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ int_err_code: 'NotFound', msg: 'Meeting not found' });
  });
});

describe('GoToMeeting provider against the emulator', () => {
  it('verify names the account', async () => {
    expect(await provider().verify()).toEqual({ account: HOST });
  });

  it('create, reuse per requestId, update keeps the meeting, delete twice', async () => {
    const p = provider();
    const i = input();
    const m = await p.createMeeting(i);
    expect(m.joinUrl).toBe(`https://meet.goto.com/${m.externalId}`);
    expect(await provider().createMeeting(i)).toEqual(m);
    expect(em.meetings(HOST).filter((x) => x.subject === i.topic && x.start === i.start)).toHaveLength(1);
    await p.updateMeeting(m.externalId, { ...i, start: i.start + 3_600_000, durationMinutes: 45 });
    const stored = em.meetings(HOST).find((x) => String(x.meetingId) === m.externalId)!;
    expect(stored).toMatchObject({ start: i.start + 3_600_000, end: i.start + 3_600_000 + 45 * 60_000, updates: 1 });
    await p.deleteMeeting(m.externalId);
    await p.deleteMeeting(m.externalId);
    expect(em.meetings(HOST).find((x) => String(x.meetingId) === m.externalId)!.deleted).toBe(true);
    await expect(p.updateMeeting(m.externalId, i)).rejects.toMatchObject({ code: 'not_found', provider: 'gotomeeting' });
  });

  it('a create that landed behind a 504 is found among the upcoming meetings, not duplicated', async () => {
    em.injectFault({ method: 'POST', path: '/G2M/rest/v2/meetings', status: 504, afterCommit: true });
    const i = input({ topic: 'Landed behind 504' });
    const m = await provider().createMeeting(i);
    const same = em.meetings(HOST).filter((x) => x.subject === 'Landed behind 504');
    expect(same).toHaveLength(1);
    expect(String(same[0]!.meetingId)).toBe(m.externalId);
  });

  it('expired token → refresh (persisted); revoked → reconnect_needed; 429 retried', async () => {
    const saved: unknown[] = [];
    const u = em.addUser({ email: 'goto-user@example.com' });
    const creds = { ...em.credentials(u.email), expiresAt: Date.now() - 5 };
    const p = provider(creds, { onCredentialsRefreshed: async (c) => void saved.push(c) });
    await p.verify();
    expect(saved).toHaveLength(1);
    sleeps.length = 0;
    em.injectFault({ path: '/G2M/rest/v2/meetings', method: 'POST', status: 429, retryAfterSeconds: 2 });
    await p.createMeeting(input({ topic: 'after 429' }));
    expect(sleeps.some((s) => s >= 2000)).toBe(true);
    em.revoke(u.email);
    const err = await p.createMeeting(input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'reconnect_needed' });
  });
});
