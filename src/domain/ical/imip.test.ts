import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildInvitation, foldLine, parseReply, vtimezone } from './imip.ts';

/** The hand-written iMIP messages, read back with ical.js (F-35, F-42): zones and DST must be exact. */

function read(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const tz = new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!);
  const ev = cal.getFirstSubcomponent('vevent')!;
  const instant = (name: string) => {
    const t = ev.getFirstPropertyValue(name) as ICAL.Time;
    t.zone = tz;
    return t.toUnixTime() * 1000;
  };
  return { cal, ev, start: instant('dtstart'), end: instant('dtend') };
}

const base = {
  method: 'REQUEST' as const,
  uid: 'cand-1@koppel.test',
  sequence: 2,
  summary: 'Acme: Backend developer',
  description: 'Bring your laptop; see you\nVideo: https://zoom.us/j/1?pwd=x,y',
  organizer: { email: 'no-reply@koppel.local', name: 'Rita (Acme)' },
  attendees: [{ email: 'carla@candidate.test', name: 'Carla, "C"' }],
  now: Date.parse('2026-03-01T00:00:00Z'),
};

describe('buildInvitation', () => {
  it.each([
    ['Europe/Amsterdam', '2026-03-27T09:00:00Z', '20260327T100000'], // CET, the Friday before the change
    ['Europe/Amsterdam', '2026-03-30T08:00:00Z', '20260330T100000'], // CEST, the Monday after
    ['Europe/Amsterdam', '2026-10-26T09:00:00Z', '20261026T100000'], // CET again
    ['America/New_York', '2026-03-09T14:00:00Z', '20260309T100000'], // EDT started on 8 March there
    ['Asia/Kolkata', '2026-06-01T04:30:00Z', '20260601T100000'], // +05:30, no DST
    ['Australia/Sydney', '2026-04-06T00:00:00Z', '20260406T100000'], // AEST right after the April change
  ])('%s %s → local %s, same instant back through the VTIMEZONE', (zone, iso, local) => {
    const start = Date.parse(iso);
    const ics = buildInvitation({ ...base, timeZone: zone, start, end: start + 3_600_000 });
    expect(ics).toContain(`DTSTART;TZID=${zone}:${local}`);
    const { cal, ev, start: s, end: e } = read(ics);
    expect(s).toBe(start);
    expect(e).toBe(start + 3_600_000);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(ev.getFirstPropertyValue('sequence')).toBe(2);
    expect(ev.getFirstPropertyValue('class')).toBe('PRIVATE');
    expect(ev.getFirstPropertyValue('description')).toBe(base.description);
    expect(String(ev.getFirstProperty('attendee')!.getParameter('cn'))).toBe("Carla, 'C'");
  });

  it('CANCEL carries STATUS:CANCELLED and no RSVP', () => {
    const start = Date.parse('2026-05-04T08:00:00Z');
    const ics = buildInvitation({ ...base, method: 'CANCEL', timeZone: 'Europe/Berlin', start, end: start + 1_800_000 });
    const { cal, ev } = read(ics);
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(ev.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(ics).toContain('RSVP=FALSE');
  });

  it('lists each real transition around the event once', () => {
    const lines = vtimezone('Europe/Amsterdam', Date.parse('2026-06-01T00:00:00Z'), Date.parse('2026-06-01T01:00:00Z'));
    // From June 2025 to June 2027: the summer offset in force at the start, then Oct 2025, Mar 2026, Oct 2026, Mar 2027.
    expect(lines.filter((l) => l === 'BEGIN:DAYLIGHT').length).toBe(3);
    expect(lines.filter((l) => l === 'BEGIN:STANDARD').length).toBe(2);
    expect(lines).toContain('DTSTART:20260329T020000');
    expect(lines).toContain('DTSTART:20261025T030000');
  });
});

describe('foldLine', () => {
  it('folds at 75 octets without splitting multi-byte characters', () => {
    const line = `DESCRIPTION:${'ä'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});

describe('parseReply', () => {
  it('reads the attendee and PARTSTAT of a REPLY and ignores other methods', () => {
    const reply = ['BEGIN:VCALENDAR', 'METHOD:REPLY', 'BEGIN:VEVENT', 'UID:x@y', 'SEQUENCE:3', 'ATTENDEE;PARTSTAT=DECLINED:MAILTO:Bob@Example.test', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    expect(parseReply(reply)).toEqual({ uid: 'x@y', sequence: 3, attendees: [{ email: 'bob@example.test', partstat: 'DECLINED' }] });
    expect(parseReply(reply.replace('REPLY', 'REQUEST'))).toBeNull();
    expect(parseReply('not a calendar')).toBeNull();
  });
});
