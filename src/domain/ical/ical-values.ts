/**
 * DATE, DATE-TIME and DURATION values as written in iCalendar text, read and validated here (impossible
 * dates are refused, never normalised: 2026-13-45 is not 2027-02-15).
 */
export interface RawDateTime {
  /** Wall value: local fields encoded as if UTC (see zone-rules.ts). */
  readonly wall: number;
  readonly isDate: boolean;
  /** The value carried a trailing Z. */
  readonly utc: boolean;
  /**
   * The value was not well-formed but its meaning is clear (`19970701T1100000Z`, `20261201T100000ZZ`,
   * `2026-12-01T10:00:00Z`): read as the date-time it starts with, UTC when it ends in Z. The caller warns.
   */
  readonly repaired: boolean;
}

const STRICT = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;
const LENIENT = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?\d*)?\s*(Z*)$/i;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function parseRawDateTime(text: unknown): RawDateTime | undefined {
  if (typeof text !== 'string') return undefined;
  const value = text.trim();
  let m = STRICT.exec(value);
  let repaired = false;
  if (!m) {
    m = LENIENT.exec(value);
    if (!m) return undefined;
    repaired = true;
  }
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const isDate = m[4] === undefined;
  const hour = isDate ? 0 : +m[4]!;
  const minute = isDate ? 0 : +m[5]!;
  const second = isDate ? 0 : Math.min(+m[6]!, 59); // a leap second reads as :59
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) return undefined;
  let wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year < 100) {
    // Date.UTC maps years 0–99 to 1900–1999.
    const d = new Date(wall);
    d.setUTCFullYear(year);
    wall = d.getTime();
  }
  const utc = !isDate && (m[7] ?? '').length > 0;
  return { wall, isDate, utc, repaired };
}

export interface NominalDuration {
  /** Whole days (weeks × 7 + days): nominal, they follow the wall clock across DST. */
  readonly days: number;
  /** Hours, minutes, seconds: exact milliseconds. */
  readonly ms: number;
}

const DURATION = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

/**
 * An RFC 5545 DURATION; undefined when invalid or negative. Values may be astronomically large
 * (`P999999999999999999W`): the caller bounds the end it computes from one.
 */
export function parseDuration(text: unknown): NominalDuration | undefined {
  if (typeof text !== 'string') return undefined;
  const value = text.trim();
  const m = DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  const days = n(1) * 7 + n(2);
  const ms = ((n(3) * 60 + n(4)) * 60 + n(5)) * 1000;
  if (!Number.isFinite(days) || !Number.isFinite(ms)) return undefined;
  return { days, ms };
}
