import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BusyInterval, type ExpandOptions, ExpansionBudget, expandIcs } from './ical-expand.ts';
import { IcalError } from './ical-error.ts';
import { parseIcal } from './ical-parse.ts';
import { parseRRule } from './rrule.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const iso = (ms: number) => new Date(ms).toISOString();
const spans = (busy: BusyInterval[]) => busy.map((b) => `${iso(b.start)}/${iso(b.end)}`);

function calendar(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Koppel//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}
function vevent(...lines: string[]): string[] {
  return ['BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];
}

const AMS: ExpandOptions = { from: '2026-03-01T00:00:00Z', to: '2026-05-01T00:00:00Z', timeZone: 'Europe/Amsterdam' };

function expectIcalError(fn: () => unknown, code: IcalError['code']): IcalError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IcalError);
    expect((err as IcalError).code).toBe(code);
    return err as IcalError;
  }
  throw new Error(`expected IcalError ${code}`);
}

describe('expandIcs: recurrences across DST', () => {
  it('keeps a weekly 10:00 Europe/Amsterdam meeting at 10:00 local across 2026-03-29', () => {
    const ics = calendar(
      ...vevent('UID:weekly', 'DTSTART;TZID=Europe/Amsterdam:20260316T100000', 'DTEND;TZID=Europe/Amsterdam:20260316T110000', 'RRULE:FREQ=WEEKLY;COUNT=4'),
    );
    const { busy } = expandIcs(ics, AMS);
    expect(spans(busy)).toEqual([
      '2026-03-16T09:00:00.000Z/2026-03-16T10:00:00.000Z', // CET, UTC+1
      '2026-03-23T09:00:00.000Z/2026-03-23T10:00:00.000Z',
      '2026-03-30T08:00:00.000Z/2026-03-30T09:00:00.000Z', // CEST, UTC+2
      '2026-04-06T08:00:00.000Z/2026-04-06T09:00:00.000Z',
    ]);
    expect(busy.every((b) => b.recurrenceId === b.start)).toBe(true);
  });

  it('keeps it at 10:00 local across the autumn change 2026-10-25 too', () => {
    const ics = calendar(
      ...vevent('UID:w', 'DTSTART;TZID=Europe/Amsterdam:20261019T100000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;UNTIL=20261102T090000Z'),
    );
    const { busy } = expandIcs(ics, { ...AMS, from: '2026-10-01T00:00:00Z', to: '2026-11-30T00:00:00Z' });
    expect(busy.map((b) => iso(b.start))).toEqual(['2026-10-19T08:00:00.000Z', '2026-10-26T09:00:00.000Z', '2026-11-02T09:00:00.000Z']);
  });

  it('expands a daily America/New_York event across 2026-03-08 on local time', () => {
    const ics = calendar(...vevent('UID:d', 'DTSTART;TZID=America/New_York:20260306T093000', 'DTEND;TZID=America/New_York:20260306T100000', 'RRULE:FREQ=DAILY;COUNT=4'));
    const { busy } = expandIcs(ics, { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', timeZone: 'America/New_York' });
    expect(busy.map((b) => iso(b.start))).toEqual([
      '2026-03-06T14:30:00.000Z',
      '2026-03-07T14:30:00.000Z',
      '2026-03-08T13:30:00.000Z',
      '2026-03-09T13:30:00.000Z',
    ]);
  });

  it('gives a daily event at a non-existent local time (02:30 on spring-forward day) the shifted instant', () => {
    const ics = calendar(...vevent('UID:g', 'DTSTART;TZID=Europe/Amsterdam:20260328T023000', 'DURATION:PT30M', 'RRULE:FREQ=DAILY;COUNT=3'));
    const { busy } = expandIcs(ics, AMS);
    // 28th 02:30 CET = 01:30Z; 29th 02:30 does not exist → 03:30 CEST = 01:30Z; 30th 02:30 CEST = 00:30Z
    expect(busy.map((b) => iso(b.start))).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('is the same under any process time zone (floating times read in the owner zone)', () => {
    const ics = calendar(...vevent('UID:f', 'DTSTART:20260317T100000', 'DTEND:20260317T110000'));
    const { busy } = expandIcs(ics, { ...AMS, timeZone: 'Asia/Kolkata' });
    expect(spans(busy)).toEqual(['2026-03-17T04:30:00.000Z/2026-03-17T05:30:00.000Z']);
  });

  it('reads DURATION in days on the wall clock (P1D over the DST change is 23 hours)', () => {
    const ics = calendar(...vevent('UID:p1d', 'DTSTART;TZID=Europe/Amsterdam:20260328T120000', 'DURATION:P1D'));
    const [b] = expandIcs(ics, AMS).busy;
    expect((b!.end - b!.start) / 3_600_000).toBe(23);
  });
});

describe('expandIcs: exceptions', () => {
  const base = ['UID:standup', 'DTSTART;TZID=Europe/Amsterdam:20260302T093000', 'DTEND;TZID=Europe/Amsterdam:20260302T094500', 'RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10'];

  it('drops EXDATE occurrences, whether the EXDATE is zoned, UTC or a DATE', () => {
    const ics = calendar(
      ...vevent(
        ...base,
        'EXDATE;TZID=Europe/Amsterdam:20260303T093000',
        'EXDATE:20260304T083000Z,20260305T083000Z',
        'EXDATE;VALUE=DATE:20260310',
      ),
    );
    const days = expandIcs(ics, AMS).busy.map((b) => iso(b.start).slice(0, 10));
    expect(days).toEqual(['2026-03-02', '2026-03-06', '2026-03-09', '2026-03-11', '2026-03-12', '2026-03-13']);
  });

  it('replaces the occurrence named by RECURRENCE-ID with the override, and a cancelled override frees it', () => {
    const ics = calendar(
      ...vevent(...base, 'SUMMARY:Standup'),
      ...vevent('UID:standup', 'RECURRENCE-ID;TZID=Europe/Amsterdam:20260303T093000', 'DTSTART;TZID=Europe/Amsterdam:20260303T150000', 'DTEND;TZID=Europe/Amsterdam:20260303T153000', 'SUMMARY:Standup (moved)', 'SEQUENCE:1'),
      ...vevent('UID:standup', 'RECURRENCE-ID:20260304T083000Z', 'DTSTART;TZID=Europe/Amsterdam:20260304T093000', 'DTEND;TZID=Europe/Amsterdam:20260304T094500', 'STATUS:CANCELLED'),
    );
    const busy = expandIcs(ics, { ...AMS, to: '2026-03-06T00:00:00Z' }).busy;
    expect(busy.map((b) => `${iso(b.start)} ${b.summary}`)).toEqual([
      '2026-03-02T08:30:00.000Z Standup',
      '2026-03-03T14:00:00.000Z Standup (moved)',
      '2026-03-05T08:30:00.000Z Standup',
    ]);
    expect(busy[1]!.recurrenceId).toBe(Date.parse('2026-03-03T08:30:00Z'));
  });

  it('lets an override move an occurrence from outside the window into it', () => {
    const ics = calendar(
      ...vevent('UID:m', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=3'),
      ...vevent('UID:m', 'RECURRENCE-ID:20260316T090000Z', 'DTSTART:20260310T090000Z', 'DURATION:PT1H'),
    );
    const busy = expandIcs(ics, { ...AMS, from: '2026-03-10T00:00:00Z', to: '2026-03-11T00:00:00Z' }).busy;
    expect(spans(busy)).toEqual(['2026-03-10T09:00:00.000Z/2026-03-10T10:00:00.000Z']);
  });

  it('inherits the master duration when an override has neither DTEND nor DURATION', () => {
    const ics = calendar(
      ...vevent('UID:i', 'DTSTART:20260302T090000Z', 'DURATION:PT45M', 'RRULE:FREQ=DAILY;COUNT=2'),
      ...vevent('UID:i', 'RECURRENCE-ID:20260303T090000Z', 'DTSTART:20260303T130000Z'),
    );
    expect(spans(expandIcs(ics, AMS).busy)).toContain('2026-03-03T13:00:00.000Z/2026-03-03T13:45:00.000Z');
  });

  it('keeps every event of a repeated UID without RECURRENCE-ID (busy over silently free), with a warning', () => {
    const ics = calendar(
      ...vevent('UID:v', 'SEQUENCE:0', 'DTSTART:20260302T090000Z', 'DURATION:PT1H'),
      ...vevent('UID:v', 'SEQUENCE:2', 'DTSTART:20260601T090000Z', 'DURATION:PT1H'),
      ...vevent('UID:w', 'SEQUENCE:3', 'DTSTART:20260303T090000Z', 'DURATION:PT1H'),
      ...vevent('UID:w', 'SEQUENCE:1', 'DTSTART:20260304T090000Z', 'DURATION:PT1H'),
      // an exact copy blocks once
      ...vevent('UID:x', 'DTSTART:20260305T090000Z', 'DURATION:PT1H'),
      ...vevent('UID:x', 'DTSTART:20260305T090000Z', 'DURATION:PT1H'),
    );
    const { busy, warnings } = expandIcs(ics, AMS);
    expect(busy.map((b) => [b.uid, iso(b.start)])).toEqual([
      ['v', '2026-03-02T09:00:00.000Z'],
      ['w', '2026-03-03T09:00:00.000Z'],
      ['w', '2026-03-04T09:00:00.000Z'],
      ['x', '2026-03-05T09:00:00.000Z'],
    ]);
    expect(warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_duplicate_uid', 'v'],
      ['ical_duplicate_uid', 'w'],
      ['ical_duplicate_uid', 'x'],
    ]);
  });

  it('adds RDATE occurrences (also PERIOD values)', () => {
    const ics = calendar(
      ...vevent('UID:r', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'RDATE:20260305T090000Z', 'RDATE;VALUE=PERIOD:20260306T120000Z/PT2H'),
    );
    expect(spans(expandIcs(ics, AMS).busy)).toEqual([
      '2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z',
      '2026-03-05T09:00:00.000Z/2026-03-05T10:00:00.000Z',
      '2026-03-06T12:00:00.000Z/2026-03-06T14:00:00.000Z',
    ]);
  });

  it('returns occurrences that started before the window but overlap it, and stops at UNTIL (inclusive)', () => {
    const ics = calendar(...vevent('UID:long', 'DTSTART:20260301T220000Z', 'DTEND:20260302T020000Z', 'RRULE:FREQ=DAILY;UNTIL=20260303T220000Z'));
    const busy = expandIcs(ics, { ...AMS, from: '2026-03-02T01:00:00Z', to: '2026-03-10T00:00:00Z' }).busy;
    expect(busy.map((b) => iso(b.start))).toEqual(['2026-03-01T22:00:00.000Z', '2026-03-02T22:00:00.000Z', '2026-03-03T22:00:00.000Z']);
  });

  it('expands monthly and yearly rules and drops impossible dates', () => {
    const ics = calendar(
      ...vevent('UID:last-friday', 'DTSTART;TZID=Europe/Amsterdam:20260130T160000', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=-1FR'),
      ...vevent('UID:feb29', 'DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'),
    );
    const busy = expandIcs(ics, { ...AMS, from: '2026-01-01T00:00:00Z', to: '2028-03-31T00:00:00Z' }).busy;
    const monthly = busy.filter((b) => b.uid === 'last-friday').map((b) => iso(b.start));
    expect(monthly.slice(0, 4)).toEqual(['2026-01-30T15:00:00.000Z', '2026-02-27T15:00:00.000Z', '2026-03-27T15:00:00.000Z', '2026-04-24T14:00:00.000Z']);
    // ical.js alone would emit 2026-03-01 and 2027-03-01 for "Feb 29" in non-leap years.
    expect(busy.filter((b) => b.uid === 'feb29').map((b) => iso(b.start))).toEqual(['2028-02-28T23:00:00.000Z']);
  });
});

describe('expandIcs: busy rules and privacy', () => {
  it('does not block for CANCELLED or TRANSPARENT events, and flags TENTATIVE', () => {
    const ics = calendar(
      ...vevent('UID:c', 'DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'STATUS:CANCELLED'),
      ...vevent('UID:t', 'DTSTART:20260302T110000Z', 'DTEND:20260302T120000Z', 'TRANSP:TRANSPARENT'),
      ...vevent('UID:tt', 'DTSTART:20260302T130000Z', 'DTEND:20260302T140000Z', 'STATUS:TENTATIVE'),
      ...vevent('UID:o', 'DTSTART:20260302T150000Z', 'DTEND:20260302T160000Z', 'TRANSP:OPAQUE', 'STATUS:CONFIRMED'),
    );
    const busy = expandIcs(ics, AMS).busy;
    expect(busy.map((b) => [b.uid, b.tentative])).toEqual([
      ['tt', true],
      ['o', false],
    ]);
  });

  it('keeps PRIVATE/CONFIDENTIAL events busy but flagged, without their title unless asked', () => {
    const ics = calendar(
      ...vevent('UID:p', 'DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'CLASS:PRIVATE', 'SUMMARY:Doctor'),
      ...vevent('UID:q', 'DTSTART:20260302T110000Z', 'DTEND:20260302T120000Z', 'CLASS:CONFIDENTIAL', 'SUMMARY:Salary talk'),
      ...vevent('UID:r', 'DTSTART:20260302T130000Z', 'DTEND:20260302T140000Z', 'CLASS:PUBLIC', 'SUMMARY:Team lunch'),
    );
    const hidden = expandIcs(ics, AMS).busy;
    expect(hidden.map((b) => [b.uid, b.private, b.summary])).toEqual([
      ['p', true, undefined],
      ['q', true, undefined],
      ['r', false, 'Team lunch'],
    ]);
    const shown = expandIcs(ics, { ...AMS, keepPrivateDetails: true }).busy;
    expect(shown.map((b) => b.summary)).toEqual(['Doctor', 'Salary talk', 'Team lunch']);
  });

  it('spans an all-day event over the local day(s) of the owner, 23 hours on the DST day', () => {
    const ics = calendar(
      ...vevent('UID:ad', 'DTSTART;VALUE=DATE:20260329', 'DTEND;VALUE=DATE:20260330', 'SUMMARY:Sunday'),
      ...vevent('UID:ad2', 'DTSTART;VALUE=DATE:20260401', 'SUMMARY:No DTEND'),
    );
    const busy = expandIcs(ics, AMS).busy;
    expect(spans(busy)).toEqual(['2026-03-28T23:00:00.000Z/2026-03-29T22:00:00.000Z', '2026-03-31T22:00:00.000Z/2026-04-01T22:00:00.000Z']);
    expect(busy.every((b) => b.allDay)).toBe(true);
  });

  it('frees events the owner declined', () => {
    const ics = calendar(
      ...vevent('UID:d', 'DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'ATTENDEE;PARTSTAT=DECLINED:mailto:Sanne@Example.nl', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.nl'),
    );
    expect(expandIcs(ics, AMS).busy).toHaveLength(1);
    expect(expandIcs(ics, { ...AMS, ownerEmails: ['sanne@example.nl'] }).busy).toHaveLength(0);
  });

  it('reads VFREEBUSY (the CalDAV free-busy-query answer)', () => {
    const ics = calendar(
      'BEGIN:VFREEBUSY',
      'UID:fb',
      'DTSTAMP:20260101T000000Z',
      'FREEBUSY:20260302T090000Z/20260302T100000Z,20260302T120000Z/PT30M',
      'FREEBUSY;FBTYPE=BUSY-TENTATIVE:20260303T090000Z/20260303T100000Z',
      'FREEBUSY;FBTYPE=FREE:20260304T090000Z/20260304T100000Z',
      'END:VFREEBUSY',
    );
    const busy = expandIcs(ics, AMS).busy;
    expect(busy.map((b) => [iso(b.start), iso(b.end), b.tentative, b.source])).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z', false, 'freebusy'],
      ['2026-03-02T12:00:00.000Z', '2026-03-02T12:30:00.000Z', false, 'freebusy'],
      ['2026-03-03T09:00:00.000Z', '2026-03-03T10:00:00.000Z', true, 'freebusy'],
    ]);
  });
});

describe('expandIcs: time zones', () => {
  it('honours a shipped VTIMEZONE for a TZID that is not an IANA zone', () => {
    const ics = calendar(
      'BEGIN:VTIMEZONE',
      'TZID:Koppel Test Time',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0300',
      'TZOFFSETTO:+0300',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent('UID:x', 'DTSTART;TZID=Koppel Test Time:20260302T120000', 'DURATION:PT1H'),
    );
    expect(spans(expandIcs(ics, AMS).busy)).toEqual(['2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z']);
  });

  it('prefers IANA data for an IANA TZID unless told to use the shipped definition', () => {
    const ics = calendar(
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Amsterdam',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0500',
      'TZOFFSETTO:+0500',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent('UID:x', 'DTSTART;TZID=Europe/Amsterdam:20260302T120000', 'DURATION:PT1H'),
    );
    expect(iso(expandIcs(ics, AMS).busy[0]!.start)).toBe('2026-03-02T11:00:00.000Z');
    expect(iso(expandIcs(ics, { ...AMS, preferShippedTimezones: true }).busy[0]!.start)).toBe('2026-03-02T07:00:00.000Z');
  });

  it("accepts vendor-prefixed IANA ids, Windows names and RFC 2445's example TZIDs without VTIMEZONE", () => {
    const ics = calendar(
      ...vevent('UID:a', 'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Amsterdam:20260302T120000', 'DURATION:PT1H'),
      ...vevent('UID:b', 'DTSTART;TZID="India Standard Time":20260302T120000', 'DURATION:PT1H'),
      ...vevent('UID:c', 'DTSTART;TZID=US-Eastern:20260302T120000', 'DURATION:PT1H'),
    );
    const r = expandIcs(ics, AMS);
    expect(r.busy.map((b) => [b.uid, iso(b.start)])).toEqual([
      ['b', '2026-03-02T06:30:00.000Z'],
      ['a', '2026-03-02T11:00:00.000Z'],
      ['c', '2026-03-02T17:00:00.000Z'], // EST
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('does not register anything in ical.js global timezone service', async () => {
    const ICAL = (await import('ical.js')).default;
    expandIcs(fixture('outlook-w-europe.ics'), AMS);
    expect(ICAL.TimezoneService.has('W. Europe Standard Time')).toBe(false);
  });
});

describe('expandIcs: realistic exports', () => {
  it('reads an Outlook export with its own "W. Europe Standard Time" VTIMEZONE', () => {
    const { busy, warnings } = expandIcs(fixture('outlook-w-europe.ics'), AMS);
    expect(warnings).toEqual([]);
    expect(busy.map((b) => `${iso(b.start)}/${iso(b.end)} ${b.summary ?? '(private)'}${b.allDay ? ' all-day' : ''}`)).toEqual([
      '2026-03-09T09:00:00.000Z/2026-03-09T09:30:00.000Z Recruitment overleg',
      // 16 March: EXDATE
      '2026-03-23T09:00:00.000Z/2026-03-23T09:30:00.000Z Recruitment overleg',
      // 30 March: moved to 14:00 CEST by a RECURRENCE-ID override
      '2026-03-30T12:00:00.000Z/2026-03-30T12:30:00.000Z Recruitment overleg (verplaatst)',
      '2026-03-31T09:30:00.000Z/2026-03-31T10:00:00.000Z (private)',
      '2026-04-01T22:00:00.000Z/2026-04-02T22:00:00.000Z Training Arbeidsrecht (hele dag) all-day',
      '2026-04-06T08:00:00.000Z/2026-04-06T08:30:00.000Z Recruitment overleg',
      '2026-04-13T08:00:00.000Z/2026-04-13T08:30:00.000Z Recruitment overleg',
      '2026-04-20T08:00:00.000Z/2026-04-20T08:30:00.000Z Recruitment overleg',
      // UNTIL=20260427T080000Z is inclusive
      '2026-04-27T08:00:00.000Z/2026-04-27T08:30:00.000Z Recruitment overleg',
    ]);
    // The free birthday (TRANSP:TRANSPARENT) and the cancelled interview do not appear.
  });

  it('reads a Google export (America/New_York, declined and cancelled instances)', () => {
    const { busy } = expandIcs(fixture('google-new-york.ics'), {
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
      timeZone: 'America/New_York',
      ownerEmails: ['dana.miller@example.com'],
    });
    const standups = busy.filter((b) => b.uid.startsWith('4k2p')).map((b) => iso(b.start));
    expect(standups).toEqual([
      '2026-03-02T14:30:00.000Z',
      '2026-03-03T14:30:00.000Z',
      '2026-03-04T14:30:00.000Z',
      '2026-03-05T14:30:00.000Z',
      '2026-03-06T14:30:00.000Z',
      '2026-03-09T13:30:00.000Z', // EDT from 8 March
      // 10th: EXDATE
      '2026-03-11T13:30:00.000Z',
      '2026-03-12T15:00:00.000Z', // override: 11:00 EDT
      // 13th: cancelled instance
      '2026-03-16T13:30:00.000Z',
      '2026-03-17T13:30:00.000Z',
      '2026-03-18T13:30:00.000Z',
      '2026-03-19T13:30:00.000Z',
      '2026-03-20T13:30:00.000Z',
      '2026-03-23T13:30:00.000Z',
      '2026-03-24T13:30:00.000Z',
      '2026-03-25T13:30:00.000Z',
      '2026-03-26T13:30:00.000Z',
      '2026-03-27T13:30:00.000Z',
    ]);
    const others = busy.filter((b) => !b.uid.startsWith('4k2p'));
    expect(others.map((b) => [b.uid, iso(b.start), iso(b.end), b.private])).toEqual([
      // Vendor demo declined by dana: absent. Birthday is transparent: absent.
      ['a1b2c3d4e5@google.com', '2026-03-11T18:00:00.000Z', '2026-03-11T19:00:00.000Z', true],
      ['c0ffee0123@google.com', '2026-03-16T04:00:00.000Z', '2026-03-18T04:00:00.000Z', false],
    ]);
  });
});

describe('expandIcs: bad input gives a typed error', () => {
  it.each([
    ['empty text', '', 'ical_empty'],
    ['not iCalendar', 'hello world', 'ical_parse'],
    ['unterminated component', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T090000Z\r\n', 'ical_parse'],
    ['no VCALENDAR and no event', 'BEGIN:VTODO\r\nDTSTART:20260302T090000Z\r\nEND:VTODO\r\n', 'ical_no_calendar'],
    ['VEVENT without DTSTART', calendar(...vevent('UID:x', 'SUMMARY:?')), 'ical_invalid_event'],
    ['impossible date', calendar(...vevent('UID:x', 'DTSTART:20261345T250000Z')), 'ical_invalid_event'],
    ['garbage date', calendar(...vevent('UID:x', 'DTSTART:2026garbage')), 'ical_invalid_event'],
    ['bad RRULE', calendar(...vevent('UID:x', 'DTSTART:20260302T090000Z', 'RRULE:FREQ=SOMETIMES')), 'ical_invalid_recurrence'],
    ['COUNT=0', calendar(...vevent('UID:x', 'DTSTART:20260302T090000Z', 'RRULE:FREQ=DAILY;COUNT=0')), 'ical_invalid_recurrence'],
    ['unknown TZID', calendar(...vevent('UID:x', 'DTSTART;TZID=Mars/Olympus_Mons:20260302T090000', 'DURATION:PT1H')), 'ical_unknown_timezone'],
    ['VTIMEZONE without observances', calendar('BEGIN:VTIMEZONE', 'TZID:Empty', 'END:VTIMEZONE', ...vevent('UID:x', 'DTSTART;TZID=Empty:20260302T090000')), 'ical_invalid_timezone'],
  ])('%s', (_name, ics, code) => {
    const err = expectIcalError(() => expandIcs(ics, AMS), code as IcalError['code']);
    expect(err.message).toMatch(code as string);
  });

  it('stops a rule that needs too many iterations to reach the window', () => {
    const ics = calendar(...vevent('UID:x', 'DTSTART:20200101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY;BYHOUR=1,2,3'));
    const err = expectIcalError(() => expandIcs(ics, { ...AMS, maxIterationsPerRule: 2_000 }), 'ical_recurrence_limit');
    expect(err.uid).toBe('x');
  });

  it('names the UID of the broken event', () => {
    const err = expectIcalError(() => expandIcs(calendar(...vevent('UID:broken-1', 'DTSTART:2026garbage', 'DURATION:PT1H')), AMS), 'ical_invalid_event');
    expect(err.uid).toBe('broken-1');
  });

  it('keeps DTSTART busy when the RRULE cannot be read or can never match (skip mode), and says so', () => {
    const ics = calendar(
      ...vevent('UID:bad', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=SOMETIMES'),
      ...vevent('UID:never', 'DTSTART:20260303T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'),
    );
    const { busy, warnings } = expandIcs(ics, { ...AMS, onInvalidEvent: 'skip' });
    expect(busy.map((b) => [b.uid, iso(b.start)])).toEqual([
      ['bad', '2026-03-02T09:00:00.000Z'],
      ['never', '2026-03-03T09:00:00.000Z'],
    ]);
    expect(warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_invalid_recurrence', 'bad'],
      ['ical_invalid_recurrence', 'never'],
    ]);
  });

  it('can skip a broken event and report it instead', () => {
    const ics = calendar(
      ...vevent('UID:ok', 'DTSTART:20260302T090000Z', 'DURATION:PT1H'),
      ...vevent('UID:bad', 'DTSTART:20260302T0900', 'DURATION:PT1H'),
    );
    const { busy, warnings } = expandIcs(ics, { ...AMS, onInvalidEvent: 'skip' });
    expect(busy.map((b) => b.uid)).toEqual(['ok']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'ical_invalid_event', uid: 'bad' })]);
  });

  it('rejects a window or owner zone it cannot use', () => {
    const ics = calendar(...vevent('UID:ok', 'DTSTART:20260302T090000Z'));
    expectIcalError(() => expandIcs(ics, { ...AMS, timeZone: 'Nowhere/Land' }), 'ical_invalid_options');
    expectIcalError(() => expandIcs(ics, { ...AMS, from: '2026-03-02T10:00:00' }), 'ical_invalid_options'); // no offset: ambiguous
    expectIcalError(() => expandIcs(ics, { ...AMS, from: AMS.to, to: AMS.from }), 'ical_invalid_options');
  });

  it('keeps a calendar whose DESCRIPTION has an unfolded line break (the stray line joins the value before it)', () => {
    const ics = calendar(...vevent('UID:d', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'DESCRIPTION:Agenda', 'point one, point two', 'Note for all: bring slides', 'SUMMARY:Planning'));
    expect(expandIcs(ics, AMS).busy.map((b) => [b.uid, b.summary])).toEqual([['d', 'Planning']]);
  });

  it('reads events written without a VCALENDAR around them as one calendar, with a warning (busy over silently free)', () => {
    const r = expandIcs('BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260302T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART\r\n :20260303T090000Z\r\nDTEND\r\n :20260303T100000Z\r\nEND:VEVENT\r\n', AMS);
    expect(spans(r.busy)).toEqual(['2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z', '2026-03-03T09:00:00.000Z/2026-03-03T10:00:00.000Z']);
    expect(r.warnings.map((w) => w.code)).toEqual(['ical_no_calendar']);
  });

  it('returns an empty list for a valid calendar without events', () => {
    expect(expandIcs(calendar(), AMS)).toEqual({ busy: [], warnings: [] });
  });
});

describe('expandIcs: doubtful input fails towards busy (issue 13)', () => {
  it('bounds an endless DURATION: busy until the end of the window, with a warning, no end outside the Date range', () => {
    const ics = calendar(...vevent('UID:forever', 'DTSTART:20260302T090000Z', 'DURATION:P999999999999999999W'), ...vevent('UID:later', 'DTSTART:20260310T090000Z', 'DURATION:P999999999999999999W', 'RRULE:FREQ=WEEKLY;COUNT=2'));
    const { busy, warnings } = expandIcs(ics, AMS);
    expect(spans(busy)).toEqual(['2026-03-02T09:00:00.000Z/2026-05-01T00:00:00.000Z', '2026-03-10T09:00:00.000Z/2026-05-01T00:00:00.000Z', '2026-03-17T09:00:00.000Z/2026-05-01T00:00:00.000Z']);
    expect(warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_repaired_value', 'forever'],
      ['ical_repaired_value', 'later'],
    ]);
  });

  it('reads an unknown TZID in the owner zone in skip mode (an hour off rather than free), and an unknown Outlook display name by its offset', () => {
    const ics = calendar(
      ...vevent('UID:mars', 'DTSTART;TZID=Mars/Olympus_Mons:20260302T090000', 'DURATION:PT1H'),
      ...vevent('UID:display', 'DTSTART;TZID="(UTC+03:00) Somewhere Nobody Knows":20260302T090000', 'DURATION:PT1H'),
      ...vevent('UID:known', 'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260402T090000', 'DURATION:PT1H'),
    );
    const { busy, warnings } = expandIcs(ics, { ...AMS, onInvalidEvent: 'skip' });
    expect(busy.map((b) => [b.uid, iso(b.start)])).toEqual([
      ['display', '2026-03-02T06:00:00.000Z'],
      ['mars', '2026-03-02T08:00:00.000Z'],
      ['known', '2026-04-02T07:00:00.000Z'], // CEST
    ]);
    expect(warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_unknown_timezone', 'mars'],
      ['ical_unknown_timezone', 'display'],
    ]);
  });

  it('keeps an override whose RECURRENCE-ID cannot be read as an event of its own, and the series whole', () => {
    const ics = calendar(
      ...vevent('UID:s', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=2'),
      ...vevent('UID:s', 'RECURRENCE-ID:2026030', 'DTSTART:20260303T150000Z', 'DURATION:PT1H'),
    );
    const { busy, warnings } = expandIcs(ics, AMS);
    expect(busy.map((b) => iso(b.start))).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z', '2026-03-03T15:00:00.000Z']);
    expect(warnings.map((w) => w.code)).toEqual(['ical_repaired_value', 'ical_duplicate_uid']);
  });

  it('applies RANGE=THISANDFUTURE on local time across DST, and a cancelled one frees the rest of the series', () => {
    const ics = calendar(
      ...vevent('UID:t', 'DTSTART;TZID=Europe/Amsterdam:20260316T100000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=5'),
      ...vevent('UID:t', 'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Amsterdam:20260323T100000', 'DTSTART;TZID=Europe/Amsterdam:20260323T140000', 'DURATION:PT30M'),
      ...vevent('UID:c', 'DTSTART:20260302T120000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=5'),
      ...vevent('UID:c', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260304T120000Z', 'DTSTART:20260304T120000Z', 'DURATION:PT1H', 'STATUS:CANCELLED'),
    );
    const { busy } = expandIcs(ics, AMS);
    expect(busy.filter((b) => b.uid === 't').map((b) => `${iso(b.start)}/${iso(b.end)}`)).toEqual([
      '2026-03-16T09:00:00.000Z/2026-03-16T10:00:00.000Z',
      '2026-03-23T13:00:00.000Z/2026-03-23T13:30:00.000Z',
      '2026-03-30T12:00:00.000Z/2026-03-30T12:30:00.000Z', // 14:00 CEST
      '2026-04-06T12:00:00.000Z/2026-04-06T12:30:00.000Z',
      '2026-04-13T12:00:00.000Z/2026-04-13T12:30:00.000Z',
    ]);
    expect(busy.filter((b) => b.uid === 'c').map((b) => iso(b.start))).toEqual(['2026-03-02T12:00:00.000Z', '2026-03-03T12:00:00.000Z']);
  });
});

describe('expandIcs: real-world exports that bend the rules (issue 13, compared with recurring-ical-events on public calendars)', () => {
  const warned = (r: { warnings: readonly { code: string; message: string }[] }) => r.warnings.map((w) => `${w.code}: ${w.message}`);

  it('keeps an event whose DTEND is before DTSTART busy for as long as the two are apart, up to the end of its day, with a warning', () => {
    const r = expandIcs(
      calendar(
        ...vevent('UID:x', 'DTSTART:20260302T090000Z', 'DTEND:20260302T080000Z'),
        ...vevent('UID:d', 'DTSTART;VALUE=DATE:20260305', 'DTEND;VALUE=DATE:20260303'),
        // Decades apart: not decades of busy time, and a recurring one does not use up the calendar's budget.
        ...vevent('UID:far', 'DTSTART:20260310T090000Z', 'DTEND:19700101T000000Z', 'RRULE:FREQ=HOURLY;COUNT=2'),
      ),
      { ...AMS, timeZone: 'UTC' },
    );
    expect(r.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['x', '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
      ['d', '2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z'],
      ['far', '2026-03-10T09:00:00.000Z', '2026-03-11T00:00:00.000Z'],
      ['far', '2026-03-10T10:00:00.000Z', '2026-03-11T01:00:00.000Z'],
    ]);
    expect(r.warnings.map((w) => [w.uid, w.message])).toEqual([
      ['x', 'DTEND before DTSTART; busy from DTSTART for as long as the two are apart'],
      ['d', 'DTEND before DTSTART; busy from DTSTART to the end of its day (they are more than a day apart)'],
      ['far', 'DTEND before DTSTART; busy from DTSTART to the end of its day (they are more than a day apart)'],
    ]);
  });

  it('reads a floating DTEND on the clock of a zoned DTSTART, and a floating DTSTART on the clock of a zoned DTEND', () => {
    // Mozilla's old exports wrote DTSTART;TZID=US-Eastern:…0900 with DTEND:…1000 (Ical.Net's test calendars);
    // Radicale issue 1847 has the other way round. Read in the owner's zone (UTC) they would end before they start.
    const r = expandIcs(
      calendar(
        ...vevent('UID:end-floats', 'DTSTART;TZID=America/New_York:20260310T090000', 'DTEND:20260310T100000'),
        ...vevent('UID:start-floats', 'DTSTART:20260312T180000', 'DTEND;TZID=Europe/Brussels:20260312T190000'),
        ...vevent('UID:utc', 'DTSTART:20260313T090000Z', 'DTEND:20260313T100000'),
      ),
      { ...AMS, timeZone: 'UTC' },
    );
    expect(r.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['end-floats', '2026-03-10T13:00:00.000Z', '2026-03-10T14:00:00.000Z'],
      ['start-floats', '2026-03-12T17:00:00.000Z', '2026-03-12T18:00:00.000Z'],
      ['utc', '2026-03-13T09:00:00.000Z', '2026-03-13T10:00:00.000Z'],
    ]);
    expect(r.warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_repaired_value', 'end-floats'],
      ['ical_repaired_value', 'start-floats'],
      ['ical_repaired_value', 'utc'],
    ]);
  });

  it("reads floating times in the calendar's X-WR-TIMEZONE (Google, Apple), all-day dates still on the owner's days", () => {
    const ics = (zone: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', `X-WR-TIMEZONE:${zone}`, ...vevent('UID:f', 'DTSTART:20260310T193000', 'DURATION:PT2H'), ...vevent('UID:d', 'DTSTART;VALUE=DATE:20260311'), 'END:VCALENDAR'].join('\r\n');
    const owner = { ...AMS, timeZone: 'Europe/Amsterdam' };
    const eastern = expandIcs(ics('US/Eastern'), owner);
    expect(eastern.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['d', '2026-03-10T23:00:00.000Z', '2026-03-11T23:00:00.000Z'], // the owner's 11 March
      ['f', '2026-03-10T23:30:00.000Z', '2026-03-11T01:30:00.000Z'], // 19:30 EDT
    ]);
    expect(eastern.warnings).toEqual([]);
    expect(spans(expandIcs(ics('W. Europe Standard Time'), { ...owner, timeZone: 'UTC' }).busy)[0]).toBe('2026-03-10T18:30:00.000Z/2026-03-10T20:30:00.000Z');
    const unknown = expandIcs(ics('Nowhere/Special'), owner);
    expect(spans(unknown.busy)[0]).toBe('2026-03-10T18:30:00.000Z/2026-03-10T20:30:00.000Z'); // the owner's clock
    expect(warned(unknown)).toEqual(['ical_unknown_timezone: X-WR-TIMEZONE "Nowhere/Special" is not a known zone; floating times read in the owner\'s zone']);
  });

  it('repairs an END that names another component (END:VTOOD, a missing END:VEVENT) and keeps the events, with a warning', () => {
    const typo = ['BEGIN:VCALENDAR', 'BEGIN:VTODO', 'DTSTART:20260302T090000Z', 'END:VTOOD', ...vevent('UID:a', 'DTSTART:20260302T090000Z', 'DURATION:PT1H'), 'END:VCALENDARD'].join('\r\n');
    const r = expandIcs(typo, AMS);
    expect(r.busy.map((b) => b.uid)).toEqual(['a']);
    expect(warned(r)).toEqual([
      'ical_repaired_value: line 4: END:VTOOD read as the END of BEGIN:VTODO',
      'ical_repaired_value: line 11: END:VCALENDARD closes nothing that is open and is ignored',
      'ical_repaired_value: BEGIN:VCALENDAR had no END of its own; the stray END above closes it',
    ]);
    // A stray END while only the calendar is open does not close it: the events after it still count.
    const stray = ['BEGIN:VCALENDAR', 'END:VFOO', ...vevent('UID:s', 'DTSTART:20260302T090000Z', 'DURATION:PT1H'), 'END:VCALENDAR', 'END:VCALENDAR'].join('\r\n');
    const st = expandIcs(stray, AMS);
    expect(st.busy.map((b) => b.uid)).toEqual(['s']);
    expect(warned(st)).toEqual(['ical_repaired_value: line 2: END:VFOO closes nothing that is open and is ignored', 'ical_repaired_value: line 10: END:VCALENDAR outside any component is ignored']);
    // A missing END:VEVENT between two events: the next BEGIN:VEVENT ends it, and both are busy.
    const between = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:a1', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', ...vevent('UID:a2', 'DTSTART:20260303T090000Z', 'DURATION:PT1H'), 'END:VCALENDAR'].join('\r\n');
    const bt = expandIcs(between, AMS);
    expect(bt.busy.map((b) => b.uid)).toEqual(['a1', 'a2']);
    expect(warned(bt)).toEqual(['ical_repaired_value: line 6: BEGIN:VEVENT inside BEGIN:VEVENT, which had no END; that one ends here']);
    // Without a repair callback the parser is strict: each of these is an error.
    for (const text of [typo, stray, between, `${calendar()}X-COMMENT:after\r\n`]) expect(() => parseIcal(text)).toThrow(IcalError);
    const unclosed = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:b', 'DTSTART:20260303T090000Z', 'DURATION:PT1H', 'END:VCALENDAR'].join('\r\n');
    const u = expandIcs(unclosed, AMS);
    expect(u.busy.map((b) => b.uid)).toEqual(['b']);
    expect(warned(u)).toEqual(['ical_repaired_value: line 6: END:VCALENDAR also closes BEGIN:VEVENT, which had no END']);
    // A component never closed at all stays an error: the text may be cut off, and what is missing could be busy.
    expectIcalError(() => expandIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T090000Z\r\nEND:VEVENT\r\n', AMS), 'ical_parse');
  });

  it('ignores a line after END:VCALENDAR (Podio appends X-COMMENT:Cached from …) and keeps the calendar, with a warning', () => {
    const r = expandIcs(`${calendar(...vevent('UID:p', 'DTSTART:20260302T090000Z', 'DURATION:PT1H'))}X-COMMENT:Cached from 2022-02-20 14:28:21\r\n`, AMS);
    expect(r.busy.map((b) => b.uid)).toEqual(['p']);
    expect(warned(r)).toEqual(['ical_repaired_value: line 11: X-COMMENT outside any component is ignored']);
    expectIcalError(() => expandIcs('X-COMMENT:nothing else\r\n', AMS), 'ical_parse');
  });

  it('keeps an event with a negative DURATION busy for as long as it says, and one with an unreadable DURATION to the end of its day', () => {
    const r = expandIcs(
      calendar(
        ...vevent('UID:neg', 'DTSTART:20260302T090000Z', 'DURATION:-PT1H'),
        ...vevent('UID:bad', 'DTSTART;TZID=Europe/Amsterdam:20260303T090000', 'DURATION:PXYZ'),
        ...vevent('UID:week', 'DTSTART;VALUE=DATE:20260310', 'DURATION:PT1W'),
      ),
      AMS,
    );
    expect(r.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['neg', '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
      ['bad', '2026-03-03T08:00:00.000Z', '2026-03-03T23:00:00.000Z'],
      ['week', '2026-03-09T23:00:00.000Z', '2026-03-16T23:00:00.000Z'],
    ]);
    expect(r.warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_repaired_value', 'neg'],
      ['ical_repaired_value', 'bad'],
      ['ical_repaired_value', 'week'],
    ]);
  });

  it('reads an escaped ; in a parameter value only when the line cannot be read as RFC 5545 says, and property groups', () => {
    const ics = calendar(
      ...vevent('UID:o', 'ORGANIZER;CN=Society\\; 2014:mailto:s@example.com', 'GROUP1.DTSTART:20260302T090000Z', 'DURATION:PT1H'),
      // RFC 5545: a backslash is an ordinary character of a parameter value, so TZID still counts here.
      ...vevent('UID:r', 'DTSTART;X-A=b\\;TZID=America/New_York:20260303T090000', 'DURATION:PT1H'),
    );
    const r = expandIcs(ics, AMS);
    expect(r.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['o', '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
      ['r', '2026-03-03T14:00:00.000Z', '2026-03-03T15:00:00.000Z'],
    ]);
    expect(r.warnings).toEqual([]);
    const props = parseIcal(ics)[0]!.components[0]!.props;
    expect(props.find((p) => p.name === 'ORGANIZER')?.params.CN).toBe('Society\\; 2014');
  });

  it('keeps a property line it cannot read under its name, so an unreadable DTEND line does not free the event', () => {
    const r = expandIcs(
      calendar(
        ...vevent('UID:e', 'DTSTART:20260302T090000Z', 'DTEND;X-FOO:20260302T100000Z'),
        ...vevent('UID:f', 'ATTENDEE;CN:broken', 'DTSTART:20260303T090000Z', 'DURATION:PT1H'),
        ...vevent('UID:g', 'DTSTART;VALUE=DATE:20260304', 'DTEND;VALUE=DATE:None'),
      ),
      { ...AMS, timeZone: 'UTC' },
    );
    expect(r.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['e', '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
      ['f', '2026-03-03T09:00:00.000Z', '2026-03-03T10:00:00.000Z'],
      ['g', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z'], // an all-day event with an unreadable end: its day
    ]);
    expect(warned(r).slice(0, 2)).toEqual([
      'ical_repaired_value: line 8 cannot be read; kept as DTEND without its parameters: "DTEND;X-FOO:20260302T100000Z"',
      'ical_repaired_value: line 13 cannot be read; kept as ATTENDEE without its parameters: "ATTENDEE;CN:broken"',
    ]);
  });

  it('reads events inside a component of its own making when there is no VCALENDAR', () => {
    const r = expandIcs('BEGIN:MYCOMPTOO\r\nBEGIN:VEVENT\r\nUID:n\r\nDTSTART:20260302T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:MYCOMPTOO\r\n', AMS);
    expect(r.busy.map((b) => b.uid)).toEqual(['n']);
  });

  it('finds a shipped VTIMEZONE whose TZID has an escaped comma (Outlook: TZID:Kuala Lumpur\\, Singapore)', () => {
    const ics = calendar(
      'BEGIN:VTIMEZONE', 'TZID:Kuala Lumpur\\, Singapore',
      'BEGIN:STANDARD', 'DTSTART:16010101T000000', 'TZOFFSETFROM:+0800', 'TZOFFSETTO:+0800', 'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent('UID:kl', 'DTSTART;TZID="Kuala Lumpur, Singapore":20260310T093000', 'DURATION:PT10M'),
    );
    const r = expandIcs(ics, { ...AMS, onInvalidEvent: 'skip' });
    expect(spans(r.busy)).toEqual(['2026-03-10T01:30:00.000Z/2026-03-10T01:40:00.000Z']);
    expect(r.warnings).toEqual([]);
  });

  it("reads Office 365's TZID=Customized Time Zone in the file's only VTIMEZONE, else on the owner's clock", () => {
    const europe = ['BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time', 'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD', 'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT', 'END:VTIMEZONE'];
    const utc = ['BEGIN:VTIMEZONE', 'TZID:UTC', 'BEGIN:STANDARD', 'DTSTART:16010101T000000', 'TZOFFSETFROM:+0000', 'TZOFFSETTO:+0000', 'END:STANDARD', 'END:VTIMEZONE'];
    const event = vevent('UID:c', 'DTSTART;TZID=Customized Time Zone:20260410T140000', 'DURATION:PT1H');
    const owner = { ...AMS, timeZone: 'UTC', onInvalidEvent: 'skip' as const };
    const one = expandIcs(calendar(...europe, ...utc, ...event), owner);
    expect(spans(one.busy)).toEqual(['2026-04-10T12:00:00.000Z/2026-04-10T13:00:00.000Z']); // CEST
    expect(warned(one)).toEqual(['ical_unknown_timezone: TZID "Customized Time Zone" has no VTIMEZONE and is not a known zone; read in "W. Europe Standard Time", the file\'s only time zone']);
    const none = expandIcs(calendar(...utc, ...event), owner);
    expect(spans(none.busy)).toEqual(['2026-04-10T14:00:00.000Z/2026-04-10T15:00:00.000Z']); // the owner's clock (UTC)
    // The only VTIMEZONE is broken too: the owner's clock, not a lost event.
    const broken = expandIcs(calendar('BEGIN:VTIMEZONE', 'TZID:Foo', 'END:VTIMEZONE', ...event), owner);
    expect(spans(broken.busy)).toEqual(['2026-04-10T14:00:00.000Z/2026-04-10T15:00:00.000Z']);
  });

  it('repairs an RRULE as written in real exports: the name again in front, NAME:VALUE, a part that is neither', () => {
    const r = expandIcs(calendar(...vevent('UID:g', 'DTSTART:20260302T150000Z', 'DURATION:PT50M', 'RRULE:RRULE:AnythingRandom;FREQ=DAILY;COUNT=3')), AMS);
    expect(r.busy.map((b) => iso(b.start))).toEqual(['2026-03-02T15:00:00.000Z', '2026-03-03T15:00:00.000Z', '2026-03-04T15:00:00.000Z']);
    expect(warned(r)).toEqual(['ical_repaired_value: "RRULE:" written again before the rule; ignored', 'ical_repaired_value: RRULE part "AnythingRandom" is not NAME=VALUE; ignored']);
    // BYDAY:MO,WE is BYDAY=MO,WE: ignoring it would free the Wednesdays.
    const w = expandIcs(calendar(...vevent('UID:w', 'DTSTART:20260302T150000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYDAY:MO,WE;COUNT=4')), AMS);
    expect(w.busy.map((b) => iso(b.start))).toEqual(['2026-03-02T15:00:00.000Z', '2026-03-04T15:00:00.000Z', '2026-03-09T15:00:00.000Z', '2026-03-11T15:00:00.000Z']);
    expect(warned(w)).toEqual(['ical_repaired_value: RRULE part "BYDAY:MO,WE" read as BYDAY=MO,WE']);
    // Without a repair callback (the VTIMEZONE rules) these stay errors.
    expect(() => parseRRule('FREQ=WEEKLY;BYDAY:MO')).toThrow();
  });

  it('does not take a DTEND in an unknown zone for an unreadable one: the zone error stays (throw mode)', () => {
    expectIcalError(() => expandIcs(calendar(...vevent('UID:m', 'DTSTART;TZID=Europe/Amsterdam:20260302T090000', 'DTEND;TZID=Mars/Olympus:20260302T100000')), AMS), 'ical_unknown_timezone');
  });

  it("keeps an event whose DTEND cannot be read (DTEND:None) busy until the end of DTSTART's day, or for its DURATION", () => {
    const r = expandIcs(calendar(...vevent('UID:n', 'DTSTART;TZID=Europe/Berlin:20260312T180000', 'DTEND:None'), ...vevent('UID:d', 'DTSTART:20260313T090000Z', 'DTEND:20260313T18300', 'DURATION:PT2H')), AMS);
    expect(r.busy.map((b) => [b.uid, iso(b.start), iso(b.end)])).toEqual([
      ['n', '2026-03-12T17:00:00.000Z', '2026-03-12T23:00:00.000Z'],
      ['d', '2026-03-13T09:00:00.000Z', '2026-03-13T11:00:00.000Z'],
    ]);
    expect(r.warnings.map((w) => [w.code, w.uid])).toEqual([
      ['ical_repaired_value', 'n'],
      ['ical_repaired_value', 'd'],
    ]);
  });

  it("takes a Windows zone id from the IANA data over the VTIMEZONE shipped with it, but RFC 2445's example TZIDs only without one", () => {
    // khal's tz_windows_format.ics: "New Zealand Standard Time" shipped with European offsets; Outlook itself
    // reads the id. "US-Eastern" with its 1987 rules (Ical.Net's test calendars) is what the file defines.
    const nz = calendar(
      'BEGIN:VTIMEZONE', 'TZID:New Zealand Standard Time',
      'BEGIN:STANDARD', 'DTSTART:20191027T020000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent('UID:nz', 'DTSTART;TZID=New Zealand Standard Time:20260310T130000', 'DURATION:PT1H'),
    );
    expect(spans(expandIcs(nz, AMS).busy)).toEqual(['2026-03-10T00:00:00.000Z/2026-03-10T01:00:00.000Z']); // NZDT +13
    const eastern = (shipped: boolean) =>
      calendar(
        ...(shipped
          ? ['BEGIN:VTIMEZONE', 'TZID:US-Eastern',
             'BEGIN:STANDARD', 'DTSTART:19671029T020000', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'END:STANDARD',
             'BEGIN:DAYLIGHT', 'DTSTART:19870405T020000', 'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'END:DAYLIGHT',
             'END:VTIMEZONE']
          : []),
        ...vevent('UID:e', 'DTSTART;TZID=US-Eastern:20260313T090000', 'DURATION:PT1H'),
      );
    expect(spans(expandIcs(eastern(true), AMS).busy)).toEqual(['2026-03-13T14:00:00.000Z/2026-03-13T15:00:00.000Z']); // EST until April by its rules
    expect(spans(expandIcs(eastern(false), AMS).busy)).toEqual(['2026-03-13T13:00:00.000Z/2026-03-13T14:00:00.000Z']); // America/New_York: EDT
  });
});

describe('expandIcs: every expansion is bounded (issue 13)', () => {
  const everySecond = calendar(...vevent('UID:s', 'DTSTART:20260301T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'));

  it('stops a rule that makes too many occurrences, in skip mode too: the calendar, not the event, is unreadable', () => {
    const err = expectIcalError(() => expandIcs(everySecond, { ...AMS, onInvalidEvent: 'skip', budget: { maxSteps: 1e9, maxInstances: 10_000, maxMillis: 60_000 } }), 'ical_budget_exceeded');
    expect(err.message).toMatch(/10000 occurrences/);
  });

  it('stops on the clock inside the recurrence loop (time budget, checked every 1 024 steps)', () => {
    let now = 0;
    const budget = new ExpansionBudget({ maxSteps: 1e12, maxInstances: 1e12, maxMillis: 50 }, () => (now += 1));
    // Days only match on 30 February: the loop finds nothing for ever and only the clock can stop it.
    const ics = calendar(...vevent('UID:n', 'DTSTART:20000101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=1;BYMINUTE=1'));
    expectIcalError(() => expandIcs(ics, { ...AMS, from: '2000-01-01T00:00:00Z', to: '2400-01-01T00:00:00Z', onInvalidEvent: 'skip', budget }), 'ical_budget_exceeded');
    expect(now).toBeGreaterThan(50);
  });

  it('counts CPU time by default, so waiting (a loaded machine) does not use the budget up; the wall clock stops at 4×', () => {
    const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); // no CPU
    const budget = new ExpansionBudget({ maxSteps: 1e9, maxInstances: 1e9, maxMillis: 100 });
    sleep(150); // past 100 ms of wall time, far below 100 ms of CPU
    expect(() => budget.step(2048)).not.toThrow();
    sleep(300); // past 4 × 100 ms of wall time
    expect(() => budget.step(2048)).toThrow(/longer than 100 ms/);
  });

  it('shares one budget between expansions (e.g. the resources of one CalDAV calendar)', () => {
    const budget = new ExpansionBudget({ maxSteps: 1e9, maxInstances: 50, maxMillis: 60_000 });
    const daily = calendar(...vevent('UID:d', 'DTSTART:20260301T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY'));
    const march = { ...AMS, to: '2026-04-01T00:00:00Z', budget };
    expect(expandIcs(daily, march).busy).toHaveLength(31);
    expectIcalError(() => expandIcs(daily, march), 'ical_budget_exceeded'); // 62 > 50
  });

  it('a YEARLY rule with BYSETPOS over every minute of the year (9 s of CPU in ical.js) is answered in few steps', () => {
    const ics = calendar(...vevent('UID:y', 'DTSTART:19000101T000000Z', 'DURATION:PT1M', `RRULE:FREQ=YEARLY;BYSETPOS=-1;BYMONTHDAY=${Array.from({ length: 31 }, (_, i) => i + 1).join(',')};BYHOUR=${Array.from({ length: 24 }, (_, i) => i).join(',')};BYMINUTE=${Array.from({ length: 60 }, (_, i) => i).join(',')};COUNT=500`));
    // 527 040 candidates a year from 1900, counted up to the window: BYSETPOS picks by index from days × times,
    // so 127 years fit in 200 000 steps instead of 67 million (this budget throws if they do not).
    const budget = new ExpansionBudget({ maxSteps: 200_000, maxInstances: 1_000, maxMillis: 60_000 });
    const { busy } = expandIcs(ics, { ...AMS, from: '2023-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', budget });
    expect(busy.map((b) => iso(b.start))).toEqual(['2023-12-31T23:59:00.000Z', '2024-12-31T23:59:00.000Z', '2025-12-31T23:59:00.000Z', '2026-12-31T23:59:00.000Z']);
  });
});
