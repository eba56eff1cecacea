import { addDays, isoWeekday, toEpochDay, type LocalDate } from './dates.ts';

/**
 * Payroll periods as Dutch payroll systems count them (Nmbrs: monthly 12, 4-weekly 13, weekly 52 or
 * 53 a year). Weeks are ISO weeks (Monday first, week 1 holds the year's first Thursday), so 2026
 * has 53 weeks. A 4-weekly period is four ISO weeks; the 13th takes week 53 as well in a long year
 * (how Nmbrs places week 53 in a 4-weekly year is not documented: UNCONFIRMED).
 */

export type PayrollPeriodType = 'monthly' | 'four_weekly' | 'weekly';
export const PAYROLL_PERIOD_TYPES: readonly PayrollPeriodType[] = ['monthly', 'four_weekly', 'weekly'];

export interface PayrollPeriod {
  year: number;
  period: number;
}

/** Monday of ISO week 1 of `year`. */
function isoWeekOneMonday(year: number): LocalDate {
  const jan4 = `${String(year).padStart(4, '0')}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** 52 or 53. */
export function isoWeeksInYear(year: number): number {
  return (toEpochDay(isoWeekOneMonday(year + 1)) - toEpochDay(isoWeekOneMonday(year))) / 7;
}

/** ISO year and week of a date. */
export function isoWeekOf(date: LocalDate): { year: number; week: number } {
  const year = Number(date.slice(0, 4));
  for (const y of [year + 1, year, year - 1]) {
    const start = isoWeekOneMonday(y);
    if (date >= start) return { year: y, week: Math.floor((toEpochDay(date) - toEpochDay(start)) / 7) + 1 };
  }
  /* c8 ignore next */
  throw new Error(`no ISO week for ${date}`);
}

export function periodsInYear(type: PayrollPeriodType, year: number): number {
  return type === 'monthly' ? 12 : type === 'four_weekly' ? 13 : isoWeeksInYear(year);
}

export function isValidPeriod(type: PayrollPeriodType, p: PayrollPeriod): boolean {
  return Number.isInteger(p.year) && Number.isInteger(p.period) && p.year >= 1900 && p.year <= 2200 && p.period >= 1 && p.period <= periodsInYear(type, p.year);
}

/** The period a date falls in. */
export function periodOf(type: PayrollPeriodType, date: LocalDate): PayrollPeriod {
  if (type === 'monthly') return { year: Number(date.slice(0, 4)), period: Number(date.slice(5, 7)) };
  const { year, week } = isoWeekOf(date);
  if (type === 'weekly') return { year, period: week };
  return { year, period: Math.min(13, Math.floor((week - 1) / 4) + 1) };
}

/** First and last day of a period (inclusive). */
export function periodRange(type: PayrollPeriodType, p: PayrollPeriod): { from: LocalDate; to: LocalDate } {
  if (!isValidPeriod(type, p)) throw new RangeError(`period ${p.year}-${p.period} does not exist for ${type}`);
  if (type === 'monthly') {
    const from = `${p.year}-${String(p.period).padStart(2, '0')}-01`;
    const next = p.period === 12 ? `${p.year + 1}-01-01` : `${p.year}-${String(p.period + 1).padStart(2, '0')}-01`;
    return { from, to: addDays(next, -1) };
  }
  const monday = isoWeekOneMonday(p.year);
  if (type === 'weekly') {
    const from = addDays(monday, (p.period - 1) * 7);
    return { from, to: addDays(from, 6) };
  }
  const from = addDays(monday, (p.period - 1) * 28);
  const lastWeek = p.period === 13 ? isoWeeksInYear(p.year) : p.period * 4;
  return { from, to: addDays(monday, lastWeek * 7 - 1) };
}

/** -1, 0 or 1. */
export function comparePeriods(a: PayrollPeriod, b: PayrollPeriod): number {
  return a.year !== b.year ? Math.sign(a.year - b.year) : Math.sign(a.period - b.period);
}
