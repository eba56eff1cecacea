import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ExpandOptions, expandIcs } from './ical-expand.ts';

/**
 * The minimal calendars of issue 13 (fixtures/calendar-cases/, copied from the comparison of Koppel's expansion
 * with an independent implementation on public real-world calendars; README.md there says what each one showed).
 * Each test asserts the busy time RFC 5545 expects, in several owner zones where the owner's zone must not matter.
 */
const dir = new URL('./fixtures/calendar-cases/', import.meta.url);
const file = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
const WINDOW = { from: '2023-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };

function busy(name: string, options: Partial<ExpandOptions> = {}) {
  const r = expandIcs(file(name), { ...WINDOW, timeZone: 'UTC', onInvalidEvent: 'skip', ...options });
  return { spans: r.busy.map((b) => `${iso(b.start)}/${iso(b.end)}`), starts: r.busy.map((b) => iso(b.start)), warnings: r.warnings };
}

const ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin'];

describe('issue 13 calendar cases', () => {
  it('has a test for every file', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.ics'))).toHaveLength(11);
  });

  it('01 MONTHLY;BYMONTH=1,3;COUNT=3 from 2024-03-10: 2024-03-10, 2025-01-10, 2025-03-10', () => {
    expect(busy('01-monthly-bymonth-count.ics').spans).toEqual(['2024-03-10T10:00Z/2024-03-10T11:00Z', '2025-01-10T10:00Z/2025-01-10T11:00Z', '2025-03-10T10:00Z/2025-03-10T11:00Z']);
  });

  it('02 MONTHLY;BYMONTH=9,10,11,1 (unsorted) until 2024-03-01: Sep, Oct, Nov 2023 and 2024-01-20', () => {
    expect(busy('02-monthly-bymonth-unsorted.ics').starts).toEqual(['2023-09-20T10:00Z', '2023-10-20T10:00Z', '2023-11-20T10:00Z', '2024-01-20T10:00Z']);
  });

  it('03 DAILY;BYMONTHDAY=-1 returns (the last day of every month), without a budget error', () => {
    const { starts, warnings } = busy('03-daily-negative-bymonthday-hang.ics');
    expect(warnings).toEqual([]);
    // DTSTART (1 April) is the first instance, then the last day of each month up to the window's end.
    expect(starts.slice(0, 5)).toEqual(['2023-04-01T10:00Z', '2023-04-30T10:00Z', '2023-05-31T10:00Z', '2023-06-30T10:00Z', '2023-07-31T10:00Z']);
    expect(starts).toContain('2024-02-29T10:00Z');
    expect(starts).toHaveLength(1 + 45); // April 2023 … December 2026
    expect(starts.at(-1)).toBe('2026-12-31T10:00Z');
  });

  it('04 DAILY;BYMONTHDAY=15,-1;COUNT=6 from 2023-04-15: negative month days count', () => {
    expect(busy('04-daily-negative-bymonthday-ignored.ics').starts).toEqual(['2023-04-15T10:00Z', '2023-04-30T10:00Z', '2023-05-15T10:00Z', '2023-05-31T10:00Z', '2023-06-15T10:00Z', '2023-06-30T10:00Z']);
  });

  it('05 RANGE=THISANDFUTURE moves 09-09 and every later occurrence to 15:00–17:00', () => {
    for (const timeZone of ZONES) {
      expect(busy('05-range-thisandfuture-ignored.ics', { timeZone }).spans).toEqual([
        '2024-09-02T12:00Z/2024-09-02T13:00Z',
        '2024-09-09T15:00Z/2024-09-09T17:00Z',
        '2024-09-16T15:00Z/2024-09-16T17:00Z',
        '2024-09-23T15:00Z/2024-09-23T17:00Z',
      ]);
    }
  });

  it('06 a malformed UTC DTEND (1100000Z) is still UTC: 10:00–11:00Z in every owner zone, with a warning', () => {
    for (const timeZone of ZONES) {
      const r = busy('06-malformed-utc-read-as-floating.ics', { timeZone, from: '1997-01-01T00:00:00Z', to: '1998-01-01T00:00:00Z' });
      expect(r.spans).toEqual(['1997-07-01T10:00Z/1997-07-01T11:00Z']);
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'ical_repaired_value', uid: 'malformed-utc@repro' })]);
    }
  });

  it('07 YEARLY from 29 February: only leap years, never 1 March (timed COUNT=3 and all-day)', () => {
    const r = busy('07-leap-day-yearly-normalised-to-mar-1.ics', { to: '2033-01-01T00:00:00Z' });
    expect(r.spans).toEqual([
      '2024-02-29T00:00Z/2024-03-01T00:00Z',
      '2024-02-29T10:00Z/2024-02-29T11:00Z',
      '2028-02-29T00:00Z/2028-03-01T00:00Z',
      '2028-02-29T10:00Z/2028-02-29T11:00Z',
      '2032-02-29T00:00Z/2032-03-01T00:00Z',
      '2032-02-29T10:00Z/2032-02-29T11:00Z',
    ]);
    expect(busy('07-leap-day-yearly-normalised-to-mar-1.ics').starts).toEqual(['2024-02-29T00:00Z', '2024-02-29T10:00Z']);
  });

  it('08 a malformed EXDATE does not drop the series: all 4 instances stay busy, with a warning', () => {
    const r = busy('08-malformed-exdate-drops-whole-series.ics', { from: '2017-01-01T00:00:00Z', to: '2018-01-01T00:00:00Z' });
    expect(r.starts).toEqual(['2017-08-14T14:00Z', '2017-08-21T14:00Z', '2017-08-28T14:00Z', '2017-09-04T14:00Z']);
    expect(r.warnings.map((w) => w.code)).toEqual(['ical_repaired_value']);
  });

  it('09 a RECURRENCE-ID in another TZID (Lisbon) replaces the Ceuta occurrence of that local time', () => {
    for (const timeZone of ZONES) {
      expect(busy('09-recurrence-id-other-tzid-not-matched.ics', { timeZone, from: '2011-01-01T00:00:00Z', to: '2012-01-01T00:00:00Z' }).spans).toEqual([
        '2011-06-13T18:00Z/2011-06-13T19:00Z',
        // 06-20 18:00Z is gone: moved to 06-21 20:00 Lisbon (19:00Z)
        '2011-06-21T19:00Z/2011-06-21T20:00Z',
        '2011-06-27T18:00Z/2011-06-27T19:00Z',
      ]);
    }
  });

  it('10 all-day DAILY with UNTIL=20080305T235959Z: 3–5 March whatever the owner zone', () => {
    // The UNTIL of an all-day series is read by its date (RFC 5545 wants a DATE there), so no owner zone gets a 4th day.
    for (const timeZone of ZONES) {
      const r = expandIcs(file('10-allday-utc-until-owner-zone-dependent.ics'), { from: '2008-01-01T00:00:00Z', to: '2009-01-01T00:00:00Z', timeZone });
      expect(r.busy.map((b) => b.allDay)).toEqual([true, true, true]);
    }
    expect(busy('10-allday-utc-until-owner-zone-dependent.ics', { timeZone: 'Europe/Berlin', from: '2008-01-01T00:00:00Z', to: '2009-01-01T00:00:00Z' }).spans).toEqual([
      '2008-03-02T23:00Z/2008-03-03T23:00Z',
      '2008-03-03T23:00Z/2008-03-04T23:00Z',
      '2008-03-04T23:00Z/2008-03-05T23:00Z',
    ]);
    expect(busy('10-allday-utc-until-owner-zone-dependent.ics', { timeZone: 'America/New_York', from: '2008-01-01T00:00:00Z', to: '2009-01-01T00:00:00Z' }).spans).toEqual([
      '2008-03-03T05:00Z/2008-03-04T05:00Z',
      '2008-03-04T05:00Z/2008-03-05T05:00Z',
      '2008-03-05T05:00Z/2008-03-06T05:00Z',
    ]);
  });

  it('11 TZID "(UTC-05:00) Eastern Time (US & Canada)" is America/New_York: 13:30–15:00 EST', () => {
    for (const timeZone of ZONES) {
      const r = busy('11-outlook-display-name-tzid-dropped.ics', { timeZone, from: '2020-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z' });
      expect(r.spans).toEqual(['2020-11-02T18:30Z/2020-11-02T20:00Z']);
      expect(r.warnings).toEqual([]);
    }
  });
});
