import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttendanceMappingError,
  normalisePeriodEnd,
  spellMidnightEnd,
  type AttendancePeriod,
  periodsToShift,
  type ShiftTimes,
  shiftToPeriods,
  workedMinutes,
} from './attendance-periods.ts';
import { addDays } from './dates.ts';
import { shiftMinutes, shiftSpanMinutes } from './hours.ts';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const shiftArb: fc.Arbitrary<ShiftTimes> = fc
  .record({
    day: fc.integer({ min: 0, max: 800 }),
    start: fc.integer({ min: 0, max: 1439 }),
    span: fc.integer({ min: 1, max: 1440 }),
    breakShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
    noBreak: fc.boolean(),
  })
  .map(({ day, start, span, breakShare, noBreak }) => ({
    date: addDays('2026-01-01', day),
    startTime: hhmm(start),
    endTime: hhmm((start + span) % 1440),
    breakMinutes: noBreak ? 0 : Math.min(span - 1, Math.floor(span * breakShare)),
  }));

const overlaps = (a: AttendancePeriod, b: AttendancePeriod) => a.start < b.end && b.start < a.end;

describe('shiftToPeriods', () => {
  it('a day shift with a break: WORK, BREAK in the middle of the worked time, WORK', () => {
    expect(shiftToPeriods({ date: '2026-06-01', startTime: '08:00', endTime: '17:00', breakMinutes: 30 })).toEqual([
      { type: 'WORK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:15:00', attributionDate: '2026-06-01' },
      { type: 'BREAK', start: '2026-06-01T12:15:00', end: '2026-06-01T12:45:00', attributionDate: '2026-06-01' },
      { type: 'WORK', start: '2026-06-01T12:45:00', end: '2026-06-01T17:00:00', attributionDate: '2026-06-01' },
    ]);
  });

  it('a night shift is split at 00:00 and attributed to the day it starts', () => {
    expect(shiftToPeriods({ date: '2026-12-31', startTime: '22:00', endTime: '06:00', breakMinutes: 0 })).toEqual([
      { type: 'WORK', start: '2026-12-31T22:00:00', end: '2027-01-01T00:00:00', attributionDate: '2026-12-31' },
      { type: 'WORK', start: '2027-01-01T00:00:00', end: '2027-01-01T06:00:00', attributionDate: '2026-12-31' },
    ]);
  });

  it('a break that straddles midnight is split too', () => {
    const periods = shiftToPeriods({ date: '2026-03-01', startTime: '20:00', endTime: '04:00', breakMinutes: 60 });
    expect(periods.map((p) => [p.type, p.start.slice(11, 16), p.end.slice(11, 16)])).toEqual([
      ['WORK', '20:00', '23:30'],
      ['BREAK', '23:30', '00:00'],
      ['BREAK', '00:00', '00:30'],
      ['WORK', '00:30', '04:00'],
    ]);
  });

  it('refuses a break as long as the shift', () => {
    expect(() => shiftToPeriods({ date: '2026-06-01', startTime: '08:00', endTime: '09:00', breakMinutes: 60 })).toThrow(
      AttendanceMappingError,
    );
  });

  it('property: worked minutes are preserved', () => {
    fc.assert(
      fc.property(shiftArb, (shift) => {
        const periods = shiftToPeriods(shift);
        expect(workedMinutes(periods)).toBe(shiftMinutes(shift.startTime, shift.endTime, shift.breakMinutes));
        const breaks = periods.filter((p) => p.type === 'BREAK');
        expect(shiftSpanMinutes(shift.startTime, shift.endTime) - workedMinutes(periods)).toBe(
          shift.breakMinutes === 0 ? 0 : shift.breakMinutes,
        );
        expect(breaks.length > 0).toBe(shift.breakMinutes > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: no period crosses midnight, none is empty, all carry the shift date', () => {
    fc.assert(
      fc.property(shiftArb, (shift) => {
        for (const p of shiftToPeriods(shift)) {
          expect(p.end > p.start).toBe(true);
          const endsAtMidnight = p.end.endsWith('T00:00:00');
          expect(endsAtMidnight ? addDays(p.start.slice(0, 10), 1) : p.start.slice(0, 10)).toBe(p.end.slice(0, 10));
          expect(p.attributionDate).toBe(shift.date);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: no two periods of one person overlap, also across consecutive shifts', () => {
    fc.assert(
      fc.property(fc.array(shiftArb, { minLength: 1, maxLength: 6 }), (shifts) => {
        // One person's shifts do not overlap each other: lay them out on distinct days far enough apart.
        const spaced = shifts.map((s, i) => ({ ...s, date: addDays('2026-01-01', i * 2) }));
        const all = spaced.flatMap(shiftToPeriods);
        for (let i = 0; i < all.length; i++)
          for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i] as AttendancePeriod, all[j] as AttendancePeriod)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('property: mapping then reading back gives the same shift', () => {
    fc.assert(
      fc.property(shiftArb, (shift) => {
        const periods = shiftToPeriods(shift);
        // Order must not matter when reading back (an API lists them as it likes).
        expect(periodsToShift([...periods].reverse())).toEqual(shift);
      }),
      { numRuns: 2000 },
    );
  });

  it('reading back refuses a chain with a gap', () => {
    const periods = shiftToPeriods({ date: '2026-06-01', startTime: '08:00', endTime: '17:00', breakMinutes: 30 });
    expect(() => periodsToShift([periods[0] as AttendancePeriod, periods[2] as AttendancePeriod])).toThrow(AttendanceMappingError);
  });
});

describe('midnight spelling (review9 B2)', () => {
  it('a shift ending at 24:00 (stored 00:00 or given as 24:00) is one period ending at the next day 00:00', () => {
    for (const endTime of ['00:00', '24:00']) {
      expect(shiftToPeriods({ date: '2026-06-01', startTime: '16:00', endTime, breakMinutes: 0 })).toEqual([{ type: 'WORK', start: '2026-06-01T16:00:00', end: '2026-06-02T00:00:00', attributionDate: '2026-06-01' }]);
    }
  });

  it('spells the end of a pre-midnight part as DT23:59:59 only when asked, and only for an end at the next day 00:00', () => {
    expect(spellMidnightEnd('2026-06-01T22:00:00', '2026-06-02T00:00:00', 'same_day_235959')).toBe('2026-06-01T23:59:59');
    expect(spellMidnightEnd('2026-06-01T22:00:00', '2026-06-02T00:00:00', 'next_day_0000')).toBe('2026-06-02T00:00:00');
    expect(spellMidnightEnd('2026-06-01T08:00:00', '2026-06-01T12:00:00', 'same_day_235959')).toBe('2026-06-01T12:00:00');
    expect(spellMidnightEnd('2026-06-02T00:00:00', '2026-06-02T02:00:00', 'same_day_235959')).toBe('2026-06-02T02:00:00');
    expect(normalisePeriodEnd('2026-12-31T23:59:59')).toBe('2027-01-01T00:00:00');
    expect(normalisePeriodEnd('2026-06-01T12:00:00')).toBe('2026-06-01T12:00:00');
  });

  it('property: periods read back with the 23:59:59 spelling give the same shift and the same worked minutes', () => {
    fc.assert(
      fc.property(shiftArb, (shift) => {
        const periods = shiftToPeriods(shift);
        const spelled = periods.map((p) => ({ ...p, end: spellMidnightEnd(p.start, p.end, 'same_day_235959') }));
        expect(periodsToShift([...spelled].reverse())).toEqual(shift);
        expect(workedMinutes(spelled)).toBe(workedMinutes(periods));
      }),
      { numRuns: 1000 },
    );
  });
});
