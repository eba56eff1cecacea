import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaldavProvider } from '../../src/connectors/calendar/caldav/caldav.provider.ts';
import type { CalendarEventInput } from '../../src/connectors/calendar/calendar-provider.ts';
import { ProviderError } from '../../src/connectors/kit/provider.ts';
import { expandIcs } from '../../src/domain/ical/ical-expand.ts';
import { type CaldavTestServer, sampleCalendar, startDavical, startRadicale } from '../helpers/caldav-servers.ts';

/**
 * The CalDAV provider against a real Radicale 3.1 (issue 4): a "plain CalDAV" server without
 * free-busy-query or scheduling, read with calendar-query + client-side expansion; the same data gives
 * the same busy time as on DAViCal.
 */
const USERS = [
  { username: 'dirk', password: 'pw-dirk-Rq7', email: 'dirk@example.test', name: 'Dirk' },
  { username: 'sanne', password: 'pw-sanne-Rq7', email: 'sanne.devries@example.nl', name: 'Sanne de Vries' },
  { username: 'nyc', password: 'pw-nyc-Rq7', email: 'nyc@example.test', name: 'New York' },
];
const fixture = (name: string) => readFileSync(new URL(`../../src/domain/ical/fixtures/${name}`, import.meta.url), 'utf8');
const plain = (busy: Array<{ start: number; end: number; tentative?: boolean }>) => busy.map((b) => ({ start: b.start, end: b.end, ...(b.tentative ? { tentative: true } : {}) }));
const spans = (busy: Array<{ start: number; end: number }>) => busy.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]);

let radicale: CaldavTestServer;
let davical: CaldavTestServer;
const sample = sampleCalendar();

beforeAll(async () => {
  [radicale, davical] = await Promise.all([startRadicale({ users: USERS }), startDavical({ users: USERS.slice(0, 1) })]);
  for (const r of sample.resources) {
    await radicale.putEvent('dirk', r.ics);
    await davical.putEvent('dirk', r.ics);
  }
}, 120_000);
afterAll(async () => {
  await Promise.all([radicale?.stop(), davical?.stop()]);
});

describe('Radicale: plain CalDAV', () => {
  it('verifies (no calendar-user-address-set: the user name is the account) and has no scheduling', async () => {
    const p = createCaldavProvider(radicale.credentials('dirk'));
    expect(await p.verify()).toEqual({ account: 'dirk' });
    const d = await p.discover();
    expect(d.calendarUrl).toBe(radicale.calendarUrl('dirk'));
    expect(d.outboxUrl).toBeUndefined();
    await expect(p.freeBusyMany(['dirk@example.test'], { ...sample.window, timeZone: sample.timeZone })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('detects that free-busy-query is not supported and falls back to calendar-query with client-side expansion', async () => {
    const p = createCaldavProvider(radicale.credentials('dirk'), {}, { freeBusy: 'report' });
    const result = await p.freeBusy({ ...sample.window, timeZone: sample.timeZone });
    expect(p.freeBusyReportSupported).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(plain(result.busy)).toEqual(sample.expectedBusy);
    // Remembered: the second call goes straight to calendar-query (one request).
    const before = p.timings.requests;
    await p.freeBusy({ ...sample.window, timeZone: sample.timeZone });
    expect(p.timings.requests - before).toBe(1);
  });

  it('gives the same busy time as DAViCal for the same data (both strategies on DAViCal)', async () => {
    const q = { ...sample.window, timeZone: sample.timeZone };
    const onRadicale = await createCaldavProvider(radicale.credentials('dirk')).freeBusy(q);
    const onDavicalEvents = await createCaldavProvider(davical.credentials('dirk')).freeBusy(q);
    const onDavicalReport = await createCaldavProvider(davical.credentials('dirk'), {}, { freeBusy: 'report' }).freeBusy(q);
    expect(onRadicale.busy).toEqual(onDavicalEvents.busy); // including private flags and titles
    expect(plain(onDavicalReport.busy)).toEqual(plain(onRadicale.busy));
    // A window inside the recurrence: only the occurrences in it (the server returns the whole series).
    const week = { from: Date.UTC(2026, 2, 23), to: Date.UTC(2026, 2, 28), timeZone: 'Europe/Amsterdam' };
    const r = await createCaldavProvider(radicale.credentials('dirk')).freeBusy(week);
    expect(spans(r.busy)).toEqual(spans(sample.expectedBusy.filter((b) => b.start >= week.from && b.start < week.to)));
  });

  for (const [user, file, timeZone] of [
    ['sanne', 'outlook-w-europe.ics', 'Europe/Amsterdam'],
    ['nyc', 'google-new-york.ics', 'America/New_York'],
  ] as const) {
    it(`real exported calendar ${file}: same busy time as expandIcs on the file`, async () => {
      const ics = fixture(file);
      await radicale.importCalendar(user, ics);
      const window = { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 4, 1) };
      const expected = expandIcs(ics, { ...window, timeZone, ownerEmails: [USERS.find((u) => u.username === user)!.email] }).busy;
      const got = await createCaldavProvider(radicale.credentials(user)).freeBusy({ ...window, timeZone });
      expect(got.warnings).toEqual([]);
      expect(plain(got.busy)).toEqual(plain(expected));
    });
  }

  it('writes, updates (SEQUENCE+1), cancels and reads answers on a server without scheduling', async () => {
    const p = createCaldavProvider(radicale.credentials('dirk'));
    const event: CalendarEventInput = {
      uid: 'rad-int-1@koppel.test',
      sequence: 0,
      summary: 'Interview: Piet; round 1, tech',
      description: 'Line one\nLine two, with a comma; and a semicolon',
      start: Date.UTC(2026, 9, 26, 9), // the Monday after the EU DST end
      end: Date.UTC(2026, 9, 26, 10),
      timeZone: 'Europe/Amsterdam',
      organizer: { email: 'olga@example.test', name: 'Olga' },
      attendees: [
        { email: 'dirk@example.test', name: 'Dirk', kind: 'interviewer' },
        { email: 'kandidaat@example.test', name: 'Piet', kind: 'candidate' },
      ],
      conference: { provider: 'gotomeeting', joinUrl: 'https://meet.goto.example/123-456-789' },
    };
    const created = await p.createEvent(event);
    expect(created.ref.etag).toBeTruthy();
    expect(created.attendees).toEqual([
      { email: 'dirk@example.test', status: 'needs_action' },
      { email: 'kandidaat@example.test', status: 'needs_action' },
    ]);
    const stored = (await radicale.getEvent('dirk', event.uid))!.ics;
    const parsed = expandIcs(stored, { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1), timeZone: 'UTC', keepPrivateDetails: true }).busy;
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ start: event.start, end: event.end, private: true, summary: 'Interview: Piet; round 1, tech' });
    expect(stored.replace(/\r?\n[ \t]/g, '')).toMatch(/ATTENDEE;[^\r\n]*SCHEDULE-AGENT=CLIENT[^\r\n]*:mailto:kandidaat@example\.test/);

    // A second create of the same UID is the same event, not a duplicate (If-None-Match: *).
    await p.createEvent(event);
    expect((await radicale.listEvents('dirk')).filter((e) => e.ics.includes(event.uid))).toHaveLength(1);

    await radicale.setPartstat('dirk', event.uid, 'dirk@example.test', 'ACCEPTED');
    expect((await p.readResponses(created.ref))[0]).toEqual({ email: 'dirk@example.test', status: 'accepted' });

    const moved = await p.updateEvent(created.ref, { ...event, sequence: 1, start: event.start + 86_400_000, end: event.end + 86_400_000 });
    expect(moved.attendees?.[0]).toEqual({ email: 'dirk@example.test', status: 'needs_action' });
    const movedIcs = (await radicale.getEvent('dirk', event.uid))!.ics;
    expect(movedIcs).toMatch(/SEQUENCE:1\r?\n/);
    expect(movedIcs).toContain('DTSTART;TZID=Europe/Amsterdam:20261027T100000');

    await p.cancelEvent(moved.ref, { ...event, sequence: 2 });
    expect((await radicale.getEvent('dirk', event.uid))!.ics).toContain('STATUS:CANCELLED');
    const busy = await p.freeBusy({ from: Date.UTC(2026, 9, 25), to: Date.UTC(2026, 9, 29), timeZone: 'Europe/Amsterdam' });
    expect(busy.busy).toEqual([]);
  });

  it('maps a wrong password to invalid_credentials and never shows the password', async () => {
    const err = await createCaldavProvider({ ...radicale.credentials('dirk'), password: 'not-Right-42' })
      .freeBusy({ ...sample.window, timeZone: sample.timeZone })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('invalid_credentials');
    expect((err as Error).message).not.toContain('not-Right-42');
  });
});
