/** Local calendar dates as 'YYYY-MM-DD' strings; arithmetic in UTC so no host time zone leaks in. */
export type LocalDate = string;

const DAY_MS = 86_400_000;

export function toEpochDay(date: LocalDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
export function fromEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
export function daysInclusive(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from) + 1;
}
export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}
/** The dates Koppel keeps (contracts, absences, shifts, birth dates): a year like 0202 or 9999 is a typo. */
export const DATE_MIN: LocalDate = '1900-01-01';
export const DATE_MAX: LocalDate = '2199-12-31';
/** An existing date within DATE_MIN … DATE_MAX. */
export const isDateInRange = (date: string): boolean => isValidDate(date) && date >= DATE_MIN && date <= DATE_MAX;
export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}
export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}
/** 'HH:MM' or 'HH:MM:SS' → minutes after midnight. */
export function timeToMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
export function isValidTime(time: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(time);
}
/** One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it (≈ 1 ms against µs). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now = new Date()): LocalDate {
  // Every zone's date changes on a whole second (tzdb offsets are whole seconds), so a day read within the same UTC
  // second still holds: ICU formats once a second per zone instead of on every request (issue 13, the employee list).
  const second = Math.floor(now.getTime() / 1_000);
  const last = lastDays.get(timeZone);
  if (last && last.second === second) return last.day;
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }); // throws on an unknown zone: nothing cached
    if (dayFormats.size < 1_000) dayFormats.set(timeZone, format);
  }
  const day = format.format(now);
  if (Number.isFinite(second) && (last || lastDays.size < 1_000)) lastDays.set(timeZone, { second, day });
  return day;
}
const lastDays = new Map<string, { second: number; day: LocalDate }>();
