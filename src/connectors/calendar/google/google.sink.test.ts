import { describe, expect, it } from 'vitest';
import { startGoogleCalendarEmulator } from '../../../../emulators/google/google-emulator.ts';
import { realSleep } from '../../kit/http-client.ts';
import type { OAuthCredentials } from '../../kit/oauth/provider-http.ts';
import { runSinkContract } from '../../kit/contracts/sink-contract.ts';
import { GoogleEventSink, googleEventIdForKey, googleEventPayloadOf, keyOfGoogleEventId, sameGoogleEvent, type GoogleEventPayload } from './google.sink.ts';

/**
 * The sink contract against the Google Calendar emulator. Its fault profile is the emulator's own
 * random faults (faultRate: 429 with Retry-After and 503, both before the request is handled) plus
 * lost answers after commit (`injectFault({ afterCommit: true })`) queued for a seeded share of the
 * inserts: the emulator's random profile has no after-commit kind of its own. Backoff sleeps are
 * capped at a few ms so a Retry-After of 1 s costs nothing here.
 */

const USER = 'anna.jansen@example.com';
const EVENTS_PATH = '/calendar/v3/calendars/primary/events';

function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const payload = (i: number, version: number): GoogleEventPayload => {
  const start = Date.UTC(2026, 5, 1 + (i % 20), 7 + (i % 8), 0, 0);
  return {
    summary: `Shift ${i} v${version}`,
    ...(version > 1 ? { description: `Version ${version}` } : {}),
    start: new Date(start).toISOString(),
    end: new Date(start + (60 + version * 15) * 60_000).toISOString(),
    timeZone: 'Europe/Amsterdam',
  };
};

runSinkContract<GoogleEventPayload>('google calendar events', {
  async start({ faultRate, seed }) {
    const em = await startGoogleCalendarEmulator({ faultRate });
    const random = seeded(seed ?? 1);
    const credentials = em.credentials(USER) as OAuthCredentials;
    // Part of the profile: a lost answer after commit, queued for the next insert now and then.
    const fetchWithLostAnswers: typeof fetch = (input, init) => {
      if (faultRate > 0 && init?.method === 'POST' && String(input).includes(EVENTS_PATH) && random() < faultRate / 3) {
        em.injectFault({ method: 'POST', path: EVENTS_PATH, status: 503, afterCommit: true });
      }
      return fetch(input, init);
    };
    const sink = new GoogleEventSink({
      credentials,
      deps: { fetch: fetchWithLostAnswers, sleep: (ms, signal) => realSleep(Math.min(ms, 3), signal), random },
      retry: { maxAttempts: 8 },
      timeoutMs: 5_000,
    });
    return {
      sink,
      loseAnswerAfterCommit: (times = 1) => em.injectFault({ method: 'POST', path: EVENTS_PATH, status: 503, afterCommit: true, times }),
      vendorObjects: async () =>
        em
          .events(USER)
          .filter((e) => !e.deleted)
          .flatMap((e) => {
            const key = keyOfGoogleEventId(String(e.resource.id));
            return key === null ? [] : [{ key, payload: googleEventPayloadOf(e.resource) }];
          }),
      faultsSeen: () => em.kit.requestLog.filter((r) => r.status === 429 || r.status === 503).length,
      close: () => em.close(),
    };
  },
  items: (count, version = 1) => Array.from({ length: count }, (_, i) => ({ idempotencyKey: `shift:${String(i).padStart(4, '0')}`, payload: payload(i, version) })),
  // Ends before it starts: Google refuses it (400 timeRangeEmpty), whatever the retries.
  badItem: () => ({ idempotencyKey: 'shift:bad', payload: { summary: 'Broken', start: '2026-06-01T10:00:00Z', end: '2026-06-01T09:00:00Z', timeZone: 'Europe/Amsterdam' } }),
  samePayload: sameGoogleEvent,
});

describe('Google event ids from idempotency keys', () => {
  it('are valid Google ids, deterministic, and decode back to the key', () => {
    for (const key of ['a', 'shift:0001', 'employee:123/2026-06-01', 'ünïcode ✓', 'x'.repeat(600)]) {
      const id = googleEventIdForKey(key);
      expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
      expect(googleEventIdForKey(key)).toBe(id);
      expect(keyOfGoogleEventId(id)).toBe(key);
    }
  });

  it('events the sink did not write do not decode to a key', () => {
    for (const id of ['abcdefghij0123456789', 'a1b2c3d4e5', '0000000000']) expect(keyOfGoogleEventId(id)).toBeNull();
  });

  it('refuses a key too long for a Google id without calling Google', async () => {
    const sink = new GoogleEventSink({ credentials: { kind: 'google', baseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecret: 's', accessToken: 't', refreshToken: 'r', expiresAt: Date.now() + 3_600_000, account: USER } });
    const [r] = await sink.write([{ idempotencyKey: 'k'.repeat(700), payload: payload(1, 1) }]);
    expect(r).toMatchObject({ outcome: 'failed', error: { code: 'key_too_long', retryable: false } });
  });
});
