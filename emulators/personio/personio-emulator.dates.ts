/**
 * Date handling for the emulator. Personio renders instants in the company's local time with an
 * offset, and does so in two spellings: `+01:00` for employees and attendances, `+0100` (no colon)
 * for time-offs (reference §2, §4, pitfall 5). The emulated company sits in Europe/Berlin, whose
 * offset (EU summer time rule) is computed here directly, so rendering 100 000 employees does not
 * go through Intl for every date.
 */

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

export type OffsetStyle = 'colon' | 'compact';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * UTC calendar date of an instant, `YYYY-MM-DD`. Hand-rolled (Howard Hinnant's civil-from-days)
 * because generating 100 000 people does millions of date steps and Date/toISOString dominated.
 */
export function utcDate(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function dateToUtcMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function addDays(date: string, days: number): string {
  return utcDate(dateToUtcMs(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay();
}

/** A real calendar date in `YYYY-MM-DD` (rejects 2024-02-30, which Date.parse would roll over). */
export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** `HH:mm` with 00–23 and 00–59. */
export function isValidTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIME_RE.exec(value);
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60;
}

export function timeToMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay());
}

/** Europe/Berlin offset in minutes at an instant: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC. */
export function berlinOffsetMinutes(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 2) + 3_600_000;
  const end = lastSundayUtc(year, 9) + 3_600_000;
  return utcMs >= start && utcMs < end ? 120 : 60;
}

function formatOffset(minutes: number, style: OffsetStyle): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return style === 'colon' ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

/** `2020-11-18T17:33:55+01:00` (or `+0100`): the instant in Berlin local time. */
export function formatBerlin(utcMs: number, style: OffsetStyle = 'colon'): string {
  const offset = berlinOffsetMinutes(utcMs);
  const local = new Date(Math.floor(utcMs / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${formatOffset(offset, style)}`;
}

/** Berlin local wall-clock time to an instant (ambiguous autumn hour resolves to summer time). */
export function berlinLocalToUtc(date: string, time = '00:00:00'): number {
  const naive = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  const summer = naive - 120 * 60_000;
  if (berlinOffsetMinutes(summer) === 120) return summer;
  return naive - 60 * 60_000;
}

/** `2014-11-09T00:00:00+01:00`: how Personio renders a date-typed employee attribute. */
export function formatBerlinMidnight(date: string, style: OffsetStyle = 'colon'): string {
  return formatBerlin(berlinLocalToUtc(date), style);
}

/**
 * Parses a filter value the way the v1 API accepts it: `YYYY-MM-DD`, or a date-time with or without
 * offset. Without an offset the company's local time is assumed (the API leaves this undefined —
 * reference pitfall 3 — and local time is what the Personio UI shows). A bare date means the start of
 * that day, or its end when `endOfDay` is set (inclusive upper bounds such as `updated_to`).
 */
export function parseFilterInstant(value: string, endOfDay = false): number | null {
  if (isValidDate(value)) {
    const start = berlinLocalToUtc(value);
    return endOfDay ? berlinLocalToUtc(addDays(value, 1)) - 1 : start;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m || !isValidDate(m[1])) return null;
  if (!m[3]) return berlinLocalToUtc(m[1], m[2]!.slice(0, 8));
  const offset = m[3] === 'Z' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  const ms = Date.parse(`${m[1]}T${m[2]}${offset}`);
  return Number.isNaN(ms) ? null : ms;
}
