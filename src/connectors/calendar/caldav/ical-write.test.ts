import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { expandIcs } from '../../../domain/ical/ical-expand.ts';
import { parseIcal } from '../../../domain/ical/ical-parse.ts';
import { vtimezoneRules } from '../../../domain/ical/vtimezone-rules.ts';
import type { CalendarEventInput } from '../calendar-provider.ts';
import { participantStatus, readStoredEvent } from './ical-read.ts';
import { canonicalZone, escapeText, foldLine, vtimezoneLines, writeEventIcs } from './ical-write.ts';

const base: CalendarEventInput = {
  uid: 'abc-123@koppel.test',
  sequence: 3,
  summary: 'Interview: Zoë, backend; round 2',
  description: 'Line 1\nLine 2 with a \\ backslash',
  start: Date.UTC(2026, 2, 29, 8), // 10:00 CEST, the day of the EU DST change
  end: Date.UTC(2026, 2, 29, 9),
  timeZone: 'Europe/Amsterdam',
  location: 'Vergaderzaal "De Dam", 3e verdieping',
  organizer: { email: 'Olga@Example.test', name: 'Olga; Organizer' },
  attendees: [
    { email: 'olga@example.test', kind: 'organizer' },
    { email: 'bob@example.test', name: 'Bob', kind: 'interviewer' },
    { email: 'BOB@example.test', name: 'Bob again', kind: 'interviewer' },
    { email: 'room@example.test', name: 'Room, big', kind: 'room' },
    { email: 'cand@example.test', name: 'Zoë', kind: 'candidate' },
  ],
  conference: { provider: 'teams', joinUrl: 'https://teams.example.test/l/meetup-join/19%3Ameeting' },
};
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('writeEventIcs', () => {
  const ics = writeEventIcs(base, { now: NOW });

  it('writes the lines a calendar client and iTIP expect', () => {
    const u = unfold(ics);
    expect(u).toContain('UID:abc-123@koppel.test\r\n');
    expect(u).toContain('SEQUENCE:3\r\n');
    expect(u).toContain('DTSTAMP:20260102T030405Z\r\n');
    expect(u).toContain('DTSTART;TZID=Europe/Amsterdam:20260329T100000\r\n');
    expect(u).toContain('DTEND;TZID=Europe/Amsterdam:20260329T110000\r\n');
    expect(u).toContain('SUMMARY:Interview: Zoë\\, backend\\; round 2\r\n');
    expect(u).toContain('CLASS:PRIVATE\r\nTRANSP:OPAQUE\r\nSTATUS:CONFIRMED\r\n');
    expect(u).toContain('ORGANIZER;CN="Olga; Organizer":mailto:Olga@Example.test\r\n');
    expect(u).toContain('ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED:mailto:olga@example.test\r\n');
    expect(u).toContain('ATTENDEE;CN=Bob;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.test\r\n');
    expect(u).toContain('ATTENDEE;CN="Room, big";CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:room@example.test\r\n');
    expect(u).toMatch(/ATTENDEE;CN=Zoë;[^\r\n]*SCHEDULE-AGENT=CLIENT:mailto:cand@example\.test/);
    expect(u.match(/mailto:bob@example\.test/gi)).toHaveLength(1); // duplicates dropped
    expect(u).toContain('CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Microsoft Teams:https://teams.example.test/l/meetup-join/19%3Ameeting\r\n');
    expect(u).toContain('URL:https://teams.example.test/l/meetup-join/19%3Ameeting\r\n');
    expect(u).toContain('DESCRIPTION:Line 1\\nLine 2 with a \\\\ backslash\\n\\nMicrosoft Teams: https://teams.example.test/');
    expect(u).toContain('LOCATION:Vergaderzaal "De Dam"\\, 3e verdieping\r\n');
    expect(u).not.toMatch(/^METHOD:/m);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('parses back with ical.js and expands to the same instant with expandIcs (with and without IANA data)', () => {
    const comp = new ICAL.Component(ICAL.parse(ics) as unknown as unknown[]);
    const ev = comp.getFirstSubcomponent('vevent')!;
    expect(ev.getFirstPropertyValue('summary')).toBe(base.summary);
    expect(ev.getFirstPropertyValue('description')).toContain('Line 1\nLine 2 with a \\ backslash');
    for (const preferShippedTimezones of [false, true]) {
      const busy = expandIcs(ics, { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1), timeZone: 'UTC', preferShippedTimezones, keepPrivateDetails: true }).busy;
      expect(busy).toHaveLength(1);
      expect(busy[0]).toMatchObject({ start: base.start, end: base.end, private: true, summary: base.summary });
    }
  });

  it('writes UTC events with Z and no VTIMEZONE; CANCELLED and a raised SEQUENCE on request; kept answers', () => {
    const utc = writeEventIcs({ ...base, timeZone: 'Etc/UTC' }, { now: NOW, status: 'CANCELLED', sequence: 7, partstats: new Map([['bob@example.test', 'DECLINED']]) });
    const u = unfold(utc);
    expect(u).toContain('DTSTART:20260329T080000Z');
    expect(u).not.toContain('VTIMEZONE');
    expect(u).toContain('STATUS:CANCELLED');
    expect(u).toContain('SEQUENCE:7');
    expect(u).toMatch(/PARTSTAT=DECLINED:mailto:bob@example\.test/);
    expect(u).not.toMatch(/PARTSTAT=DECLINED;RSVP/);
  });

  it('VTIMEZONE: one observance per real transition, readable by the slot code, for DST and fixed zones', () => {
    const ams = vtimezoneLines('Europe/Amsterdam', Date.UTC(2026, 5, 1), Date.UTC(2026, 5, 2));
    expect(ams).toContain('DTSTART:20260329T020000');
    expect(ams).toContain('DTSTART:20261025T030000');
    // The shipped VTIMEZONE gives the same offsets as the IANA data, hour by hour over the covered years.
    for (const zone of ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      const text = ['BEGIN:VCALENDAR', ...vtimezoneLines(zone, Date.UTC(2026, 5, 1), Date.UTC(2026, 5, 2)), 'END:VCALENDAR'].join('\r\n');
      const comp = parseIcal(text)[0]!.components.find((c) => c.name === 'VTIMEZONE')!;
      const rules = vtimezoneRules(comp, 2027);
      for (let t = Date.UTC(2025, 6, 1); t < Date.UTC(2027, 5, 1); t += 3_600_000 * 7) {
        const expected = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
        if (rules.offsetAt(t) !== expected) throw new Error(`${zone} at ${new Date(t).toISOString()}: ${rules.offsetAt(t)} ≠ ${expected}`);
      }
    }
    const shipped = writeEventIcs({ ...base, timeZone: 'America/Sao_Paulo', start: Date.UTC(2026, 9, 26, 12), end: Date.UTC(2026, 9, 26, 13) }, { now: NOW });
    const busy = expandIcs(shipped, { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1), timeZone: 'UTC', preferShippedTimezones: true }).busy;
    expect(busy[0]).toMatchObject({ start: Date.UTC(2026, 9, 26, 12), end: Date.UTC(2026, 9, 26, 13) });
    const kolkata = vtimezoneLines('Asia/Kolkata', Date.UTC(2026, 5, 1), Date.UTC(2026, 5, 2));
    expect(kolkata.filter((l) => l.startsWith('TZOFFSETTO'))).toEqual(['TZOFFSETTO:+0530']);
  });

  it('rejects unknown zones and offsets', () => {
    expect(() => canonicalZone('Mars/Olympus')).toThrow(RangeError);
    expect(() => canonicalZone('+02:00')).toThrow(RangeError);
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('Europe/Kiev')).toMatch(/^Europe\/(Kiev|Kyiv)$/);
  });

  it('folds on UTF-8 boundaries and escapes TEXT', () => {
    const long = `SUMMARY:${'é'.repeat(80)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(escapeText('a,b;c\\d\r\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
});

describe('readStoredEvent and participantStatus', () => {
  it('reads answers, SCHEDULE-STATUS, SEQUENCE and the time key of the master event', () => {
    const stored = writeEventIcs(base, { now: NOW })
      .replace('PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob', 'PARTSTAT=NEEDS-ACTION;RSVP=TRUE;SCHEDULE-STATUS=1.2:mailto:bob')
      .replace(/SCHEDULE-AGENT=CLIENT/, 'SCHEDULE-AGENT=CLIENT;SCHEDULE-STATUS=1.1');
    const info = readStoredEvent(stored);
    expect(info).toMatchObject({ uid: base.uid, sequence: 3, organizer: 'olga@example.test', status: 'CONFIRMED' });
    expect(info.attendees.map((a) => [a.email, participantStatus(a)])).toEqual([
      ['olga@example.test', 'accepted'],
      ['bob@example.test', 'needs_action'],
      ['room@example.test', 'needs_action'],
      ['cand@example.test', 'email_sent'],
    ]);
    const moved = readStoredEvent(writeEventIcs({ ...base, start: base.start + 60_000 }, { now: NOW }));
    expect(moved.timeKey).not.toBe(info.timeKey);
    expect(readStoredEvent(writeEventIcs({ ...base, summary: 'x' }, { now: NOW + 1 })).timeKey).toBe(info.timeKey);
  });

  it('maps every PARTSTAT', () => {
    expect(participantStatus({ partstat: 'ACCEPTED' })).toBe('accepted');
    expect(participantStatus({ partstat: 'DECLINED' })).toBe('declined');
    expect(participantStatus({ partstat: 'DELEGATED' })).toBe('declined');
    expect(participantStatus({ partstat: 'TENTATIVE' })).toBe('tentative');
    expect(participantStatus({ partstat: 'NEEDS-ACTION', scheduleStatus: '1.1' })).toBe('email_sent');
    expect(participantStatus({ partstat: 'NEEDS-ACTION', scheduleStatus: '1.2' })).toBe('needs_action');
    expect(participantStatus({ partstat: 'NEEDS-ACTION', scheduleStatus: '3.7' })).toBe('needs_action');
  });

  it('rejects what is not an event', () => {
    expect(() => readStoredEvent('hello')).toThrow(/not iCalendar/);
    expect(() => readStoredEvent('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')).toThrow(/no VEVENT/);
  });
});
