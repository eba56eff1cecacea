import Holidays from 'date-holidays';
import type { LocalDate } from './dates.ts';

/**
 * Public holidays per country (NL, DE) from date-holidays. Only type "public" counts: Good Friday
 * and Liberation Day are "school" days in NL and observances are not days off.
 */
const calendars = new Map<string, Holidays>();
const perYear = new Map<string, Set<LocalDate>>();

export function publicHolidays(country: string, year: number): Set<LocalDate> {
  const key = `${country}:${year}`;
  let days = perYear.get(key);
  if (!days) {
    let calendar = calendars.get(country);
    if (!calendar) {
      calendar = new Holidays(country);
      calendars.set(country, calendar);
    }
    days = new Set(
      (calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)),
    );
    perYear.set(key, days);
  }
  return days;
}

export function isPublicHoliday(country: string, date: LocalDate): boolean {
  return publicHolidays(country, Number(date.slice(0, 4))).has(date);
}
