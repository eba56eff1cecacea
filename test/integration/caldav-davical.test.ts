import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaldavProvider } from '../../src/connectors/calendar/caldav/caldav.provider.ts';
import type { CalendarEventInput } from '../../src/connectors/calendar/calendar-provider.ts';
import { ProviderError } from '../../src/connectors/kit/provider.ts';
import { expandIcs } from '../../src/domain/ical/ical-expand.ts';
import { type CaldavTestServer, sampleCalendar, startDavical } from '../helpers/caldav-servers.ts';

/**
 * The CalDAV provider against a real DAViCal (issue 4): free-busy-query, the RFC 6638 outbox,
 * implicit scheduling, PARTSTAT round trip, reschedule with SEQUENCE, cancel, real exported calendars.
 */
const USERS = [
  { username: 'olga', password: 'pw-olga-Zk3', email: 'olga@example.test', name: 'Olga Organizer' },
  { username: 'bob', password: 'pw-bob-Zk3', email: 'bob@example.test', name: 'Bob Interviewer' },
  { username: 'carol', password: 'pw-carol-Zk3', email: 'carol@example.test', name: 'Carol Interviewer' },
  { username: 'sanne', password: 'pw-sanne-Zk3', email: 'sanne.devries@example.nl', name: 'Sanne de Vries' },
  { username: 'nyc', password: 'pw-nyc-Zk3', email: 'nyc@example.test', name: 'New York' },
  { username: 'room1', password: 'pw-room-Zk3', email: 'room1@example.test', name: 'Room 1', room: true },
];
const fixture = (name: string) => readFileSync(new URL(`../../src/domain/ical/fixtures/${name}`, import.meta.url), 'utf8');
const plain = (busy: Array<{ start: number; end: number; tentative?: boolean }>) => busy.map((b) => ({ start: b.start, end: b.end, ...(b.tentative ? { tentative: true } : {}) }));
const spans = (busy: Array<{ start: number; end: number }>) => busy.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]);

let dav: CaldavTestServer;
const sample = sampleCalendar();

beforeAll(async () => {
  dav = await startDavical({ users: USERS });
  for (const r of sample.resources) await dav.putEvent('bob', r.ics);
}, 120_000);
afterAll(async () => {
  await dav?.stop();
});

function interview(uid: string, over: Partial<CalendarEventInput> = {}): CalendarEventInput {
  return {
    uid,
    sequence: 0,
    summary: 'Interview: Jan Jansen (Backend developer)',
    description: 'Second round; evaluation form "Tech".',
    start: Date.UTC(2026, 3, 14, 8), // 10:00 CEST
    end: Date.UTC(2026, 3, 14, 9),
    timeZone: 'Europe/Amsterdam',
    location: 'Room 1',
    organizer: { email: 'olga@example.test', name: 'Olga Organizer' },
    attendees: [
      { email: 'olga@example.test', kind: 'organizer' },
      { email: 'bob@example.test', name: 'Bob Interviewer', kind: 'interviewer' },
      { email: 'carol@example.test', name: 'Carol Interviewer', kind: 'interviewer' },
      { email: 'room1@example.test', name: 'Room 1', kind: 'room' },
    ],
    conference: { provider: 'zoom', joinUrl: 'https://zoom.example.test/j/9876543210', externalId: '9876543210' },
    ...over,
  };
}

describe('discovery and credentials', () => {
  it('verifies and discovers principal, calendar, address and outbox', async () => {
    const p = createCaldavProvider(dav.credentials('olga'));
    expect(await p.verify()).toEqual({ account: 'olga@example.test' });
    const d = await p.discover();
    expect(d.calendarUrl).toBe(dav.calendarUrl('olga'));
    expect(d.principalUrl).toBe(dav.principalUrl('olga'));
    expect(d.outboxUrl).toMatch(/\/caldav\.php\/olga\/\.out\/$/);
    expect(d.autoSchedule).toBe(true);
    // The server root without the /caldav.php/ path works too (RFC 6764 well-known redirect is not needed here).
    expect(await createCaldavProvider({ ...dav.credentials('bob'), url: dav.principalUrl('bob') }).verify()).toEqual({ account: 'bob@example.test' });
  });

  it('maps a wrong password to invalid_credentials without revealing it', async () => {
    const secret = 'wrong-Secret-123';
    const err = await createCaldavProvider({ ...dav.credentials('olga'), password: secret })
      .verify()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('invalid_credentials');
    expect((err as ProviderError).status).toBe(401);
    expect(String((err as Error).message)).not.toContain(secret);
    expect(JSON.stringify(err)).not.toContain(secret);
  });

  it("maps someone else's calendar to forbidden/not_found and a dead server to unavailable", async () => {
    const other = await createCaldavProvider({ ...dav.credentials('olga'), calendarUrl: dav.calendarUrl('bob') })
      .verify()
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ProviderError);
    expect(['forbidden', 'not_found']).toContain((other as ProviderError).code);
    const dead = await createCaldavProvider({ ...dav.credentials('olga'), url: 'http://127.0.0.1:9/caldav.php/' })
      .verify()
      .catch((e: unknown) => e);
    expect((dead as ProviderError).code).toBe('unavailable');
    expect((dead as Error).message).not.toContain('pw-olga');
  });
});

describe('free/busy', () => {
  it('free-busy-query REPORT: recurrences, EXDATE, RECURRENCE-ID, TRANSP, CANCELLED, private, tentative', async () => {
    const p = createCaldavProvider(dav.credentials('bob'), {}, { freeBusy: 'report' });
    const result = await p.freeBusy({ ...sample.window, timeZone: sample.timeZone });
    expect(p.freeBusyReportSupported).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(spans(result.busy)).toEqual(spans(sample.expectedBusy));
    expect(plain(result.busy)).toEqual(sample.expectedBusy);
    // A VFREEBUSY carries no titles at all.
    expect(result.busy.every((b) => b.summary === undefined)).toBe(true);
  });

  it('reads events (calendar-query + client-side expansion) by default, with the same busy time and private titles on request', async () => {
    const p = createCaldavProvider(dav.credentials('bob'));
    const hidden = await p.freeBusy({ ...sample.window, timeZone: sample.timeZone });
    expect(p.freeBusyReportSupported).toBeUndefined(); // no REPORT tried
    expect(plain(hidden.busy)).toEqual(sample.expectedBusy);
    expect(hidden.busy.find((b) => b.start === Date.UTC(2026, 2, 5, 13))).toEqual({ start: Date.UTC(2026, 2, 5, 13), end: Date.UTC(2026, 2, 5, 14), private: true });
    expect(hidden.busy.find((b) => b.start === Date.UTC(2026, 2, 2, 9))?.summary).toBe('Team sync');
    const result = await createCaldavProvider(dav.credentials('bob'), {}, { freeBusy: 'report' }).freeBusy({ ...sample.window, timeZone: sample.timeZone, keepPrivateDetails: true });
    expect(plain(result.busy)).toEqual(sample.expectedBusy);
    const priv = result.busy.find((b) => b.start === Date.UTC(2026, 2, 5, 13))!;
    expect(priv).toMatchObject({ private: true, summary: 'Doctor' });
    expect(result.busy.find((b) => b.start === Date.UTC(2026, 2, 16, 13))?.summary).toBe('Team sync (moved)');
    // And the same through expandIcs directly on the stored data.
    const direct = sample.resources.flatMap((r) => expandIcs(r.ics, { ...sample.window, timeZone: sample.timeZone }).busy);
    expect(spans(result.busy)).toEqual(spans(direct.sort((a, b) => a.start - b.start)));
  });

  it('asks the schedule-outbox for two attendees in one request', async () => {
    await dav.putEvent(
      'carol',
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//t//EN',
        'BEGIN:VEVENT',
        'UID:carol-weekly',
        'DTSTAMP:20260201T000000Z',
        'DTSTART:20260303T130000Z',
        'DTEND:20260303T140000Z',
        'RRULE:FREQ=WEEKLY;COUNT=3',
        'SUMMARY:Carol weekly',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const p = createCaldavProvider(dav.credentials('olga'));
    const before = p.timings.requests;
    await p.discover();
    const afterDiscovery = p.timings.requests;
    const entries = await p.freeBusyMany(['bob@example.test', 'Carol@Example.test', 'nobody@example.test'], { ...sample.window, timeZone: sample.timeZone });
    expect(p.timings.requests - afterDiscovery).toBe(1);
    expect(afterDiscovery).toBeGreaterThan(before);
    const byEmail = Object.fromEntries(entries.map((e) => [e.email, e]));
    expect(byEmail['carol@example.test']!.status).toBe('ok');
    expect(spans(byEmail['carol@example.test']!.result!.busy)).toEqual(
      spans([3, 10, 17].map((d) => ({ start: Date.UTC(2026, 2, d, 13), end: Date.UTC(2026, 2, d, 14) }))),
    );
    expect(byEmail['bob@example.test']!.status).toBe('ok');
    // DAViCal leaves other users' private events out of outbox free/busy (its documented limit), so
    // freeBusyMany is an overview only; the check before booking reads each interviewer's own calendar.
    const bobBusy = plain(byEmail['bob@example.test']!.result!.busy);
    const withoutPrivate = sample.expectedBusy.filter((b) => b.start !== Date.UTC(2026, 2, 5, 13));
    expect(spans(bobBusy)).toEqual(spans(withoutPrivate));
    expect(byEmail['nobody@example.test']).toMatchObject({ status: 'unknown_user', requestStatus: expect.stringMatching(/^3\.7/) });
  });

  it('an empty calendar (no events in the window) is free, by either strategy', async () => {
    // nyc's calendar holds nothing in 2030: DAViCal answers an empty <multistatus/>, which is a valid answer.
    const q = { from: Date.UTC(2030, 0, 7), to: Date.UTC(2030, 0, 14), timeZone: 'America/New_York' };
    expect((await createCaldavProvider(dav.credentials('nyc')).freeBusy(q)).busy).toEqual([]);
    expect((await createCaldavProvider(dav.credentials('nyc'), {}, { freeBusy: 'report' }).freeBusy(q)).busy).toEqual([]);
  });

  it('rejects an unusable query before any request', async () => {
    const p = createCaldavProvider(dav.credentials('bob'));
    await expect(p.freeBusy({ from: 10, to: 5, timeZone: 'Europe/Amsterdam' })).rejects.toThrow(RangeError);
    await expect(p.freeBusy({ from: 0, to: 5, timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
    expect(p.timings.requests).toBe(0);
  });
});

describe('real-world exported calendars', () => {
  for (const [user, file, timeZone, window] of [
    ['sanne', 'outlook-w-europe.ics', 'Europe/Amsterdam', { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 4, 1) }],
    ['nyc', 'google-new-york.ics', 'America/New_York', { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 4, 1) }],
  ] as const) {
    it(`${file}: the provider's busy time equals expandIcs on the file (DAViCal's own free-busy does not)`, async () => {
      const ics = fixture(file);
      await dav.importCalendar(user, ics);
      const stored = await dav.listEvents(user);
      expect(stored.length).toBeGreaterThan(3);
      const expected = expandIcs(ics, { ...window, timeZone, ownerEmails: [USERS.find((u) => u.username === user)!.email] }).busy;
      expect(expected.length).toBeGreaterThan(3);
      const viaEvents = await createCaldavProvider(dav.credentials(user)).freeBusy({ ...window, timeZone });
      expect(viaEvents.warnings).toEqual([]);
      expect(spans(viaEvents.busy)).toEqual(spans(expected));
      expect(plain(viaEvents.busy)).toEqual(plain(expected));
      // Why 'events' is the default: DAViCal 1.1.12 expands these files wrongly on the server (Windows zone
      // names read as UTC, all-day in UTC, a cancelled RECURRENCE-ID instance still busy). If this starts to
      // hold, DAViCal was fixed and the 'report' strategy could become the default again.
      const report = createCaldavProvider(dav.credentials(user), {}, { freeBusy: 'report' });
      const viaReport = await report.freeBusy({ ...window, timeZone });
      expect(report.freeBusyReportSupported).toBe(true);
      expect(spans(viaReport.busy)).not.toEqual(spans(expected));
    });
  }
});

describe('interviews with implicit scheduling (RFC 6638)', () => {
  it('creates the private event; the server delivers it to the attendees on the same server', async () => {
    const p = createCaldavProvider(dav.credentials('olga'));
    const written = await p.createEvent(interview('int-create@koppel.test'));
    expect(written.ref).toMatchObject({ externalId: 'int-create@koppel.test', href: '/caldav.php/olga/calendar/int-create@koppel.test.ics' });
    expect(written.ref.etag).toBeTruthy();
    expect(written.conference?.joinUrl).toBe('https://zoom.example.test/j/9876543210');
    expect(written.attendees).toEqual([
      { email: 'olga@example.test', status: 'accepted' },
      { email: 'bob@example.test', status: 'needs_action' },
      { email: 'carol@example.test', status: 'needs_action' },
      { email: 'room1@example.test', status: 'needs_action' },
    ]);
    for (const who of ['bob', 'carol']) {
      const copy = await dav.getEvent(who, 'int-create@koppel.test');
      expect(copy, `${who}'s copy`).toBeDefined();
      const unfolded = copy!.ics.replace(/\r?\n[ \t]/g, '');
      expect(unfolded).toContain('CLASS:PRIVATE');
      expect(unfolded).toContain('DTSTART;TZID=Europe/Amsterdam:20260414T100000');
      expect(unfolded).toContain('BEGIN:VTIMEZONE');
      expect(unfolded).toMatch(/CONFERENCE;VALUE=URI;FEATURE=VIDEO[^:]*:https:\/\/zoom\.example\.test\/j\/9876543210/);
      expect(unfolded).toContain('LOCATION:Room 1');
      expect(unfolded).toMatch(/ATTENDEE;[^\r\n]*CUTYPE=ROOM[^\r\n]*:mailto:room1@example\.test/);
      expect(unfolded).not.toMatch(/^METHOD:/m);
    }
    // The organizer's copy now says the server delivered it (SCHEDULE-STATUS 1.2).
    const organizerCopy = (await dav.getEvent('olga', 'int-create@koppel.test'))!.ics.replace(/\r?\n[ \t]/g, '');
    expect(organizerCopy).toMatch(/SCHEDULE-STATUS=1\.2[^\r\n]*:mailto:bob@example\.test/);
    // The interview blocks the attendee's time.
    const bobBusy = await createCaldavProvider(dav.credentials('bob')).freeBusy({ from: Date.UTC(2026, 3, 14), to: Date.UTC(2026, 3, 15), timeZone: 'Europe/Amsterdam' });
    expect(spans(bobBusy.busy)).toEqual(spans([{ start: Date.UTC(2026, 3, 14, 8), end: Date.UTC(2026, 3, 14, 9) }]));
  });

  it('is idempotent: a retried create or a create in an attendee calendar that already has it writes no second event', async () => {
    const p = createCaldavProvider(dav.credentials('olga'));
    const first = await p.createEvent(interview('int-idem@koppel.test'));
    const again = await p.createEvent(interview('int-idem@koppel.test'));
    expect(again.ref.href).toBe(first.ref.href);
    expect((await dav.listEvents('olga')).filter((e) => e.ics.includes('int-idem@koppel.test'))).toHaveLength(1);
    expect((await dav.getEvent('olga', 'int-idem@koppel.test'))!.ics).toContain('SEQUENCE:0'); // nothing re-sent
    // Bob's connection: the server delivered the interview already; Koppel must not overwrite his answer.
    await dav.setPartstat('bob', 'int-idem@koppel.test', 'bob@example.test', 'ACCEPTED');
    const bobsWrite = await createCaldavProvider(dav.credentials('bob')).createEvent(interview('int-idem@koppel.test'));
    expect(bobsWrite.attendees?.find((a) => a.email === 'bob@example.test')?.status).toBe('accepted');
    expect((await dav.listEvents('bob')).filter((e) => e.ics.includes('int-idem@koppel.test'))).toHaveLength(1);
  });

  it('writes into an interviewer calendar when the organizer is not on this server (organizer on Google, say)', async () => {
    const external = interview('int-external@koppel.test', {
      start: Date.UTC(2026, 3, 20, 12),
      end: Date.UTC(2026, 3, 20, 13),
      organizer: { email: 'recruiter@elsewhere.test', name: 'Recruiter' },
      attendees: [
        { email: 'recruiter@elsewhere.test', kind: 'organizer' },
        { email: 'carol@example.test', name: 'Carol Interviewer', kind: 'interviewer' },
      ],
    });
    const carol = createCaldavProvider(dav.credentials('carol'));
    const written = await carol.createEvent(external);
    expect(written.ref.href).toBe('/caldav.php/carol/calendar/int-external@koppel.test.ics');
    expect(await carol.readResponses(written.ref)).toEqual([
      { email: 'recruiter@elsewhere.test', status: 'accepted' },
      { email: 'carol@example.test', status: 'needs_action' },
    ]);
    await dav.setPartstat('carol', 'int-external@koppel.test', 'carol@example.test', 'DECLINED');
    expect((await carol.readResponses(written.ref)).find((r) => r.email === 'carol@example.test')?.status).toBe('declined');
    const busy = await carol.freeBusy({ from: Date.UTC(2026, 3, 20), to: Date.UTC(2026, 3, 21), timeZone: 'Europe/Amsterdam' });
    expect(busy.busy).toEqual([]); // carol declined: her own declined event does not block her
  });

  it('PARTSTAT round trip: answers in the attendees\' own calendars reach the organizer copy and readResponses', async () => {
    const p = createCaldavProvider(dav.credentials('olga'));
    const { ref } = await p.createEvent(interview('int-partstat@koppel.test'));
    await dav.setPartstat('bob', 'int-partstat@koppel.test', 'bob@example.test', 'ACCEPTED');
    await dav.setPartstat('carol', 'int-partstat@koppel.test', 'carol@example.test', 'TENTATIVE');
    expect(await p.readResponses(ref)).toEqual([
      { email: 'olga@example.test', status: 'accepted' },
      { email: 'bob@example.test', status: 'accepted' },
      { email: 'carol@example.test', status: 'tentative' },
      { email: 'room1@example.test', status: 'needs_action' },
    ]);
    await dav.setPartstat('bob', 'int-partstat@koppel.test', 'bob@example.test', 'DECLINED');
    expect((await p.readResponses(ref)).find((r) => r.email === 'bob@example.test')?.status).toBe('declined');
  });

  it('reschedules with SEQUENCE+1 (answers reset when the time moves, kept when it does not), despite a stale etag', async () => {
    const p = createCaldavProvider(dav.credentials('olga'));
    const created = await p.createEvent(interview('int-move@koppel.test'));
    await dav.setPartstat('bob', 'int-move@koppel.test', 'bob@example.test', 'ACCEPTED');
    // Bob's reply rewrote the organizer copy: the stored etag is stale now.
    expect((await dav.getEvent('olga', 'int-move@koppel.test'))!.etag).not.toBe(created.ref.etag);

    const notes = await p.updateEvent(created.ref, interview('int-move@koppel.test', { sequence: 1, description: 'Bring a laptop.' }));
    expect(notes.attendees?.find((a) => a.email === 'bob@example.test')?.status).toBe('accepted');
    const moved = await p.updateEvent(notes.ref, interview('int-move@koppel.test', { sequence: 1, start: Date.UTC(2026, 3, 15, 12), end: Date.UTC(2026, 3, 15, 13) }));
    expect(moved.attendees?.find((a) => a.email === 'bob@example.test')?.status).toBe('needs_action');
    for (const who of ['olga', 'bob', 'carol']) {
      const copy = (await dav.getEvent(who, 'int-move@koppel.test'))!.ics.replace(/\r?\n[ \t]/g, '');
      expect(copy, who).toContain('SEQUENCE:2'); // the server's copy had 1 after the notes change
      expect(copy, who).toContain('DTSTART;TZID=Europe/Amsterdam:20260415T140000');
      expect(copy, who).toContain('https://zoom.example.test/j/9876543210'); // same video link
    }
  });

  it('cancels: STATUS:CANCELLED with a higher SEQUENCE reaches the attendees and frees their time; gone counts as cancelled', async () => {
    const p = createCaldavProvider(dav.credentials('olga'));
    const { ref } = await p.createEvent(interview('int-cancel@koppel.test', { start: Date.UTC(2026, 3, 16, 8), end: Date.UTC(2026, 3, 16, 9) }));
    await p.cancelEvent(ref, interview('int-cancel@koppel.test', { start: Date.UTC(2026, 3, 16, 8), end: Date.UTC(2026, 3, 16, 9) }));
    const bobCopy = (await dav.getEvent('bob', 'int-cancel@koppel.test'))!.ics;
    expect(bobCopy).toContain('STATUS:CANCELLED');
    expect(bobCopy).toContain('SEQUENCE:1');
    const bobBusy = await createCaldavProvider(dav.credentials('bob')).freeBusy({ from: Date.UTC(2026, 3, 16), to: Date.UTC(2026, 3, 17), timeZone: 'Europe/Amsterdam' });
    expect(bobBusy.busy).toEqual([]);
    await dav.deleteEvent('olga', 'int-cancel@koppel.test');
    await expect(p.cancelEvent(ref, interview('int-cancel@koppel.test'))).resolves.toBeUndefined();
    await expect(p.readResponses(ref)).rejects.toMatchObject({ code: 'not_found' });
  });
});
