import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../kit/oauth/oauth.ts';
import { ProviderError } from '../../kit/provider.ts';
import type { MeetingInput, VideoCredentials } from '../video-provider.ts';
import { startZoomEmulator, type ZoomEmulator } from '../../../../emulators/zoom/zoom-emulator.ts';
import { createZoomProvider } from './zoom.provider.ts';

let em: ZoomEmulator;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};
const HOST = 'anna.jansen@example.com';

function input(over: Partial<MeetingInput> = {}): MeetingInput {
  return {
    topic: 'Interview: Eva Smit',
    start: Date.parse('2099-03-30T08:00:00Z'),
    durationMinutes: 45,
    timeZone: 'Europe/Amsterdam',
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    ...over,
  };
}

beforeAll(async () => {
  em = await startZoomEmulator();
});
afterAll(async () => {
  await em?.close();
});

const provider = (creds?: VideoCredentials, extra: Parameters<typeof createZoomProvider>[1] = {}) => createZoomProvider(creds ?? em.credentials(HOST), { sleep, ...extra });

describe('Zoom provider against the emulator', () => {
  it('verify names the account', async () => {
    expect(await provider().verify()).toEqual({ account: HOST });
  });

  it('creates a scheduled meeting with a local start time + zone; the same requestId never creates a second one', async () => {
    const p = provider();
    const i = input();
    const m = await p.createMeeting(i);
    expect(m.joinUrl).toMatch(/^https:\/\/zoom\.us\/j\/\d+/);
    expect(m.hostUrl).toMatch(/^https:\/\/zoom\.us\/s\//);
    expect(m.password).toBeTruthy();
    const stored = em.meetings(HOST).find((x) => String(x.id) === m.externalId)!;
    expect(stored).toMatchObject({ type: 2, duration: 45, timezone: 'Europe/Amsterdam', start: i.start, topic: 'Interview: Eva Smit' });
    // A fresh provider instance (the registry builds one per call) still reuses it.
    expect(await provider().createMeeting(i)).toEqual(m);
    expect(em.meetings(HOST).filter((x) => x.topic === i.topic && x.start === i.start)).toHaveLength(1);
  });

  it('a create that landed although the answer was a 500 is found again instead of duplicated', async () => {
    const i = input({ topic: 'Landed anyway' });
    em.injectFault({ method: 'POST', path: '/v2/users/me/meetings', status: 500, afterCommit: true });
    const m = await provider().createMeeting(i);
    expect(em.meetings(HOST).filter((x) => x.topic === 'Landed anyway' && !x.deleted)).toHaveLength(1);
    expect(String(em.meetings(HOST).find((x) => x.topic === 'Landed anyway')!.id)).toBe(m.externalId);
  });

  it('a create refused before it landed is reported (no meeting, no invented success)', async () => {
    const i = input({ topic: 'Never landed' });
    em.injectFault({ method: 'POST', path: '/v2/users/me/meetings', status: 502 });
    await expect(provider().createMeeting(i)).rejects.toMatchObject({ code: 'unavailable', provider: 'zoom' });
    expect(em.meetings(HOST).filter((x) => x.topic === 'Never landed')).toHaveLength(0);
  });

  it('update keeps the meeting and its link; delete is idempotent; updating a deleted meeting is not_found', async () => {
    const p = provider();
    const m = await p.createMeeting(input());
    const moved = input({ start: Date.parse('2099-10-26T09:00:00Z'), durationMinutes: 60 });
    await p.updateMeeting(m.externalId, moved);
    const stored = em.meetings(HOST).find((x) => String(x.id) === m.externalId)!;
    expect(stored).toMatchObject({ start: moved.start, duration: 60, updates: 1, deleted: false });
    await p.deleteMeeting(m.externalId);
    await p.deleteMeeting(m.externalId);
    expect(em.meetings(HOST).find((x) => String(x.id) === m.externalId)!.deleted).toBe(true);
    await expect(p.updateMeeting(m.externalId, moved)).rejects.toMatchObject({ code: 'not_found' });
    await p.deleteMeeting('99999999999');
  });

  it('rotating refresh tokens are persisted; the old refresh token then answers invalid_grant', async () => {
    const saved: VideoCredentials[] = [];
    const creds = { ...em.credentials(HOST), expiresAt: Date.now() - 1 };
    const p = provider(creds, { onCredentialsRefreshed: async (c) => void saved.push(c as VideoCredentials) });
    await p.verify();
    expect(saved).toHaveLength(1);
    const next = saved[0] as Extract<VideoCredentials, { kind: 'zoom' | 'gotomeeting' }>;
    expect(next.refreshToken).not.toBe(creds.refreshToken);
    const err = await refreshTokens({ tokenUrl: creds.tokenUrl, clientId: creds.clientId, clientSecret: creds.clientSecret, refreshToken: creds.refreshToken, authMethod: 'client_secret_basic', provider: 'zoom' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'reconnect_needed' });
    // The persisted one works.
    await createZoomProvider(next, { sleep }).createMeeting(input());
  });

  it('a 401 (code 124) triggers one refresh; a revoked grant is reconnect_needed', async () => {
    const u = em.addUser({ email: 'revoke-me@example.com' });
    const p = provider(em.credentials(u.email));
    em.expireAccessTokens(u.email);
    await p.verify();
    em.revoke(u.email);
    const err = await p.createMeeting(input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'reconnect_needed', provider: 'zoom' });
  });

  it('429 is retried after Retry-After (even for the non-idempotent create)', async () => {
    sleeps.length = 0;
    em.injectFault({ method: 'POST', path: '/v2/users/me/meetings', status: 429, retryAfterSeconds: 1, times: 2 });
    const i = input({ topic: 'After 429' });
    await provider().createMeeting(i);
    expect(sleeps.filter((s) => s >= 1000)).toHaveLength(2);
    expect(em.meetings(HOST).filter((x) => x.topic === 'After 429')).toHaveLength(1);
  });
});
