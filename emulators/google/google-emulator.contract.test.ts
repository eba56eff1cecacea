import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, specValidator, type SpecValidator } from '../kit/spec-validator.ts';
import { startGoogleCalendarEmulator, type GoogleEmulator } from './google-emulator.ts';

/**
 * Contract: the emulator's answers validate against Google's own API description
 * (test/fixtures/specs/google-calendar/calendar.json, the discovery document as OpenAPI), with every
 * object schema closed — a wrongly typed field or a field Google does not have fails the test.
 */

const S = '#/components/schemas/';
let em: GoogleEmulator;
let spec: SpecValidator;
let token: string;

type Json = Record<string, unknown>;

async function call(path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${em.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

function expectValid(pointer: string, value: unknown) {
  const errors = spec.validate(pointer, value);
  expect(errors, JSON.stringify(errors.slice(0, 3))).toEqual([]);
}

beforeAll(async () => {
  spec = specValidator(loadSpec('google-calendar/calendar.json'), { closed: true });
  em = await startGoogleCalendarEmulator({ meetPendingReads: 1 });
  token = em.credentials('anna.jansen@example.com').accessToken;
  em.addBusy('anna.jansen@example.com', { summary: 'Weekly', start: '2026-06-01T08:00:00Z', end: '2026-06-01T09:00:00Z', rrule: 'FREQ=WEEKLY;COUNT=4', visibility: 'private' });
  em.addBusy('anna.jansen@example.com', { summary: 'Holiday', startDate: '2026-06-03' });
});
afterAll(async () => {
  await em?.close();
});

describe('Google emulator answers validate against calendar.json', () => {
  it('freeBusy → FreeBusyResponse (including a per-calendar error)', async () => {
    const r = await call('/calendar/v3/freeBusy', {
      method: 'POST',
      json: { timeMin: '2026-06-01T00:00:00Z', timeMax: '2026-06-30T00:00:00Z', timeZone: 'Europe/Amsterdam', items: [{ id: 'primary' }, { id: 'nobody@example.com' }] },
    });
    expect(r.status).toBe(200);
    expectValid(`${S}FreeBusyResponse`, r.body);
    const cals = r.body.calendars as Record<string, { busy: unknown[]; errors?: unknown[] }>;
    expect(cals.primary!.busy).toHaveLength(5);
    expect(cals['nobody@example.com']!.errors).toEqual([{ domain: 'global', reason: 'notFound' }]);
  });

  it('events.insert with a Meet request (pending, then success on read) → Event', async () => {
    const r = await call('/calendar/v3/calendars/primary/events?conferenceDataVersion=1&sendUpdates=none', {
      method: 'POST',
      json: {
        summary: 'Interview',
        start: { dateTime: '2026-06-02T10:00:00', timeZone: 'Europe/Amsterdam' },
        end: { dateTime: '2026-06-02T11:00:00', timeZone: 'Europe/Amsterdam' },
        visibility: 'private',
        attendees: [{ email: 'anna.jansen@example.com' }, { email: 'x@example.org', displayName: 'X' }],
        conferenceData: { createRequest: { requestId: 'r-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } },
      },
    });
    expect(r.status).toBe(200);
    expectValid(`${S}Event`, r.body);
    expect(((r.body.conferenceData as Json).createRequest as Json).status).toEqual({ statusCode: 'pending' });
    const got = await call(`/calendar/v3/calendars/primary/events/${r.body.id as string}`);
    expectValid(`${S}Event`, got.body);
    expect(got.body.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
  });

  it('events.list (master events and singleEvents instances) → Events', async () => {
    for (const q of ['', '?singleEvents=true&orderBy=startTime&timeMin=2026-06-01T00:00:00Z&timeMax=2026-07-01T00:00:00Z', '?maxResults=1']) {
      const r = await call(`/calendar/v3/calendars/primary/events${q}`);
      expect(r.status, q).toBe(200);
      expectValid(`${S}Events`, r.body);
    }
    const inst = await call('/calendar/v3/calendars/primary/events?singleEvents=true&timeMin=2026-06-01T00:00:00Z&timeMax=2026-07-01T00:00:00Z');
    expect((inst.body.items as Json[]).filter((i) => i.recurringEventId)).toHaveLength(4);
  });

  it('calendars.get → Calendar; patch and update → Event', async () => {
    expectValid(`${S}Calendar`, (await call('/calendar/v3/calendars/primary')).body);
    const created = await call('/calendar/v3/calendars/primary/events', { method: 'POST', json: { summary: 'a', start: { dateTime: '2026-06-05T10:00:00Z' }, end: { dateTime: '2026-06-05T11:00:00Z' } } });
    const id = created.body.id as string;
    const patched = await call(`/calendar/v3/calendars/primary/events/${id}`, { method: 'PATCH', json: { summary: 'b', sequence: 1 } });
    expectValid(`${S}Event`, patched.body);
    const put = await call(`/calendar/v3/calendars/primary/events/${id}`, { method: 'PUT', json: { summary: 'c', start: { date: '2026-06-06' }, end: { date: '2026-06-07' } } });
    expectValid(`${S}Event`, put.body);
  });

  it('errors use Google’s envelope: 410 for a deleted event, 400 for > 90 days, 404, 401', async () => {
    const created = await call('/calendar/v3/calendars/primary/events', { method: 'POST', json: { start: { dateTime: '2026-06-05T10:00:00Z' }, end: { dateTime: '2026-06-05T11:00:00Z' } } });
    const path = `/calendar/v3/calendars/primary/events/${created.body.id as string}`;
    expect((await call(path, { method: 'DELETE' })).status).toBe(204);
    const gone = await call(path, { method: 'DELETE' });
    expect(gone.status).toBe(410);
    const tooLong = await call('/calendar/v3/freeBusy', { method: 'POST', json: { timeMin: '2026-01-01T00:00:00Z', timeMax: '2026-04-02T00:00:00Z', items: [{ id: 'primary' }] } });
    expect(tooLong.status).toBe(400);
    const missing = await call('/calendar/v3/calendars/primary/events/nope00');
    expect(missing.status).toBe(404);
    for (const r of [gone, tooLong, missing]) {
      const e = r.body.error as { code: number; message: string; errors: unknown[] };
      expect(e.code).toBe(r.status);
      expect(typeof e.message).toBe('string');
      for (const item of e.errors) expect(item).toMatchObject({ domain: expect.any(String), reason: expect.any(String) });
      // The per-item {domain, reason} is the discovery doc's `Error` schema.
      expectValid(`${S}Error`, { domain: (e.errors[0] as Json).domain, reason: (e.errors[0] as Json).reason });
    }
    const unauth = await fetch(`${em.url}/calendar/v3/calendars/primary`, { headers: { authorization: 'Bearer nope' } });
    expect(unauth.status).toBe(401);
    expect(((await unauth.json()) as { error: { errors: Array<{ reason: string }> } }).error.errors[0]!.reason).toBe('authError');
  });

  it('the validator is not a rubber stamp: a wrong type or an invented field fails', async () => {
    const r = await call('/calendar/v3/calendars/primary/events?maxResults=1');
    const ev = (r.body.items as Json[])[0]!;
    expect(spec.validate(`${S}Event`, { ...ev, sequence: '1' }).length).toBeGreaterThan(0);
    expect(spec.validate(`${S}Event`, { ...ev, attendees: [{ email: 'a@b.c', responseStatus: 1 }] }).length).toBeGreaterThan(0);
    expect(spec.validate(`${S}Event`, { ...ev, meetingLink: 'x' }).length).toBeGreaterThan(0);
    expect(spec.validate(`${S}FreeBusyResponse`, { kind: 'calendar#freeBusy', calendars: { primary: { busy: [{ start: 5 }] } } }).length).toBeGreaterThan(0);
  });
});
