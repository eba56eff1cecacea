import { describe, expect, it } from 'vitest';
import { ExpansionBudget, parseRRule, RRuleError, walkRule } from './rrule.ts';

/**
 * The examples of RFC 5545 §3.8.5.3 (times floating, as the RFC writes them in America/New_York local time),
 * so the engine is checked against the standard itself even where python-dateutil is not installed.
 */
const wall = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11) || 0, +s.slice(11, 13) || 0, +s.slice(13, 15) || 0);
const stamp = (w: number) => new Date(w).toISOString().replace(/[-:]/g, '').slice(0, 15);

function occurrences(rule: string, dtstart: string, until = '21000101T000000', limit = 400): string[] {
  const r = parseRRule(rule);
  const out: string[] = [stamp(wall(dtstart))]; // DTSTART is always the first instance
  const u = r.until;
  walkRule(
    {
      rule: r,
      startWall: wall(dtstart),
      isDate: false,
      pastUntil: u ? (w) => w > u.wall + (u.isDate ? 86_399_999 : 0) : undefined,
      lowWall: wall(dtstart),
      highWall: wall(until),
      dtstartCounts: true,
      budget: new ExpansionBudget(),
    },
    (w) => {
      if (w !== wall(dtstart) && out.length < limit) out.push(stamp(w));
    },
  );
  return out;
}

describe('RFC 5545 §3.8.5.3 examples', () => {
  it('every other week on MO, WE, FR until 24 Dec 1997 (WKST=SU)', () => {
    const got = occurrences('FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR', '19970901T090000');
    expect(got.slice(0, 6)).toEqual(['19970901T090000', '19970903T090000', '19970905T090000', '19970915T090000', '19970917T090000', '19970919T090000']);
    expect(got.at(-1)).toBe('19971222T090000');
    expect(got).toHaveLength(25);
  });

  it('WKST changes the result: TU,SU every other week from 5 Aug 1997', () => {
    expect(occurrences('FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO', '19970805T090000')).toEqual(['19970805T090000', '19970810T090000', '19970819T090000', '19970824T090000']);
    expect(occurrences('FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU', '19970805T090000')).toEqual(['19970805T090000', '19970817T090000', '19970819T090000', '19970831T090000']);
  });

  it('the third instance of TU, WE or TH for the next 3 months (BYSETPOS=3)', () => {
    expect(occurrences('FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3', '19970904T090000')).toEqual(['19970904T090000', '19971007T090000', '19971106T090000']);
  });

  it('the second-to-last weekday of the month (BYSETPOS=-2)', () => {
    expect(occurrences('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2', '19970929T090000', '19980401T000000')).toEqual([
      '19970929T090000',
      '19971030T090000',
      '19971127T090000',
      '19971230T090000',
      '19980129T090000',
      '19980226T090000',
      '19980330T090000',
    ]);
  });

  it('MONTHLY with BYMONTH keeps INTERVAL: every 2nd / 5th month, limited to the listed months (issue 13)', () => {
    expect(occurrences('FREQ=MONTHLY;INTERVAL=2;BYMONTH=1,2,3,4,5,6;COUNT=4', '20240115T090000')).toEqual(['20240115T090000', '20240315T090000', '20240515T090000', '20250115T090000']);
    expect(occurrences('FREQ=MONTHLY;INTERVAL=5;BYMONTH=6,1,4;COUNT=4', '20240115T090000')).toEqual(['20240115T090000', '20240615T090000', '20250415T090000', '20290115T090000']);
  });

  it('BYSETPOS with WEEKLY picks within each week (issue 13: ical.js ignored it)', () => {
    // DTSTART (a Monday) is the first instance and uses up one of COUNT; then the last of MO/WE/FR each week.
    expect(occurrences('FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=-1;COUNT=4', '20260302T090000')).toEqual(['20260302T090000', '20260306T090000', '20260313T090000', '20260320T090000']);
    expect(occurrences('FREQ=WEEKLY;BYDAY=FR,MO;BYSETPOS=1;COUNT=3', '20260302T090000')).toEqual(['20260302T090000', '20260309T090000', '20260316T090000']);
  });

  it('BYSETPOS counts in date order, whatever the order BYMONTHDAY is written in (issue 13)', () => {
    expect(occurrences('FREQ=MONTHLY;BYMONTHDAY=20,5,12;BYSETPOS=1;COUNT=3', '20260105T090000')).toEqual(['20260105T090000', '20260205T090000', '20260305T090000']);
    expect(occurrences('FREQ=MONTHLY;BYMONTHDAY=20,5,12;BYSETPOS=-1;COUNT=3', '20260120T090000')).toEqual(['20260120T090000', '20260220T090000', '20260320T090000']);
    expect(occurrences('FREQ=MONTHLY;BYMONTHDAY=20,5,12;BYSETPOS=2', '20260112T090000', '20260401T000000')).toEqual(['20260112T090000', '20260212T090000', '20260312T090000']);
  });

  it('Monday of week number 20 (BYWEEKNO), and every Thursday in March (BYMONTH + BYDAY in YEARLY)', () => {
    expect(occurrences('FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO', '19970512T090000', '20000101T000000')).toEqual(['19970512T090000', '19980511T090000', '19990517T090000']);
    expect(occurrences('FREQ=YEARLY;BYMONTH=3;BYDAY=TH', '19970313T090000', '19980101T000000')).toEqual(['19970313T090000', '19970320T090000', '19970327T090000']);
  });

  it('BYWEEKNO=52/53 include the first days of January that belong to the last week of the previous year (ISO 8601)', () => {
    // 2020 has 53 ISO weeks (28 Dec 2020 – 3 Jan 2021), 2021 has 52 (27 Dec 2021 – 2 Jan 2022), 2026 has 53.
    expect(occurrences('FREQ=YEARLY;BYWEEKNO=53;BYDAY=SA', '20180305T090000', '20280101T000000')).toEqual(['20180305T090000', '20210102T090000', '20270102T090000']);
    expect(occurrences('FREQ=YEARLY;BYWEEKNO=52;BYDAY=SA', '20210102T090000', '20230101T000000')).toEqual(['20210102T090000', '20220101T090000', '20221231T090000']);
  });

  it('every Friday the 13th, and the first Saturday after the first Sunday of the month', () => {
    expect(occurrences('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '19970902T090000', '20000101T000000').slice(1)).toEqual(['19980213T090000', '19980313T090000', '19981113T090000', '19990813T090000']);
    expect(occurrences('FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13', '19970913T090000', '19980101T000000')).toEqual(['19970913T090000', '19971011T090000', '19971108T090000', '19971213T090000']);
  });

  it('every 3 hours from 09:00 to 17:00 on one day, every 20 minutes from 9 to 16:40 (BYHOUR + BYMINUTE on DAILY)', () => {
    expect(occurrences('FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z', '19970902T090000')).toEqual(['19970902T090000', '19970902T120000', '19970902T150000']);
    const twenty = occurrences('FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40', '19970902T090000', '19970904T000000');
    expect(twenty.slice(0, 4)).toEqual(['19970902T090000', '19970902T092000', '19970902T094000', '19970902T100000']);
    expect(twenty).toHaveLength(48);
  });

  it('invalid dates are skipped, not moved and not counted (BYMONTHDAY=15,30 in February; the 100th day from the end)', () => {
    expect(occurrences('FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5', '20070115T090000')).toEqual(['20070115T090000', '20070130T090000', '20070215T090000', '20070315T090000', '20070330T090000']);
    expect(occurrences('FREQ=YEARLY;COUNT=3', '20240229T090000')).toEqual(['20240229T090000', '20280229T090000', '20320229T090000']);
    expect(occurrences('FREQ=MONTHLY;COUNT=4', '20250131T090000')).toEqual(['20250131T090000', '20250331T090000', '20250531T090000', '20250731T090000']);
  });

  it('the last day of every month with DAILY;BYMONTHDAY=-1, without searching for ever', () => {
    expect(occurrences('FREQ=DAILY;BYMONTHDAY=-1;COUNT=4', '20240131T100000')).toEqual(['20240131T100000', '20240229T100000', '20240331T100000', '20240430T100000']);
  });

  it('refuses what is not a rule, ignores X- parts, reads INTERVAL=0 as 1', () => {
    for (const bad of ['FREQ=SOMETIMES', 'INTERVAL=2', 'FREQ=DAILY;COUNT=0', 'FREQ=DAILY;BYMONTHDAY=0', 'FREQ=DAILY;BYDAY=XX', 'FREQ=DAILY;BYHOUR=24', 'FREQ=DAILY;UNTIL=2024']) {
      expect(() => parseRRule(bad), bad).toThrow(RRuleError);
    }
    expect(parseRRule('freq=weekly;X-FOO=1;interval=0;byday=+1mo')).toMatchObject({ freq: 'WEEKLY', interval: 1, byday: [{ n: 1, wd: 1 }] });
  });
});
