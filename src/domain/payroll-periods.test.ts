import { describe, expect, it } from 'vitest';
import { comparePeriods, isValidPeriod, isoWeeksInYear, periodOf, periodRange, periodsInYear } from './payroll-periods.ts';

describe('payroll periods', () => {
  it('2026 has 53 ISO weeks, 2025 and 2027 have 52', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(periodsInYear('weekly', 2026)).toBe(53);
    expect(periodsInYear('four_weekly', 2026)).toBe(13);
    expect(periodsInYear('monthly', 2026)).toBe(12);
  });

  it('places dates in weekly, 4-weekly and monthly periods', () => {
    expect(periodOf('weekly', '2026-12-31')).toEqual({ year: 2026, period: 53 });
    expect(periodOf('weekly', '2027-01-03')).toEqual({ year: 2026, period: 53 });
    expect(periodOf('weekly', '2027-01-04')).toEqual({ year: 2027, period: 1 });
    expect(periodOf('weekly', '2025-12-29')).toEqual({ year: 2026, period: 1 });
    expect(periodOf('four_weekly', '2026-01-28')).toEqual({ year: 2026, period: 2 });
    expect(periodOf('four_weekly', '2026-12-31')).toEqual({ year: 2026, period: 13 });
    expect(periodOf('monthly', '2026-02-28')).toEqual({ year: 2026, period: 2 });
  });

  it('gives each period its days, and week 53 to the 13th 4-weekly period of a long year', () => {
    expect(periodRange('weekly', { year: 2026, period: 53 })).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(periodRange('four_weekly', { year: 2026, period: 13 })).toEqual({ from: '2026-11-30', to: '2027-01-03' });
    expect(periodRange('four_weekly', { year: 2025, period: 13 })).toEqual({ from: '2025-12-01', to: '2025-12-28' });
    expect(periodRange('monthly', { year: 2024, period: 2 })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(() => periodRange('weekly', { year: 2025, period: 53 })).toThrow(RangeError);
  });

  it('validates and compares', () => {
    expect(isValidPeriod('weekly', { year: 2026, period: 53 })).toBe(true);
    expect(isValidPeriod('weekly', { year: 2025, period: 53 })).toBe(false);
    expect(isValidPeriod('monthly', { year: 2026, period: 13 })).toBe(false);
    expect(isValidPeriod('four_weekly', { year: 2026, period: 0 })).toBe(false);
    expect(comparePeriods({ year: 2026, period: 1 }, { year: 2025, period: 12 })).toBe(1);
    expect(comparePeriods({ year: 2026, period: 3 }, { year: 2026, period: 3 })).toBe(0);
  });
});
