import ICAL from 'ical.js';

/**
 * Raw jCal values read and validated here rather than through ICAL.Time, which silently
 * normalises impossible dates (2026-13-45 → 2027-02-15) and ties values to its global zone registry.
 */
export interface RawDateTime {
  /** Wall value: local fields encoded as if UTC (see zone-rules.ts). */
  readonly wall: number;
  readonly isDate: boolean;
  /** The value carried a trailing Z. */
  readonly utc: boolean;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function parseRawDateTime(text: unknown): RawDateTime | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
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
  return { wall, isDate, utc: m[7] === 'Z' };
}

export interface NominalDuration {
  /** Whole days (weeks × 7 + days): nominal, they follow the wall clock across DST. */
  readonly days: number;
  /** Hours, minutes, seconds: exact milliseconds. */
  readonly ms: number;
}

/** An RFC 5545 DURATION; undefined when invalid or negative. */
export function parseDuration(text: unknown): NominalDuration | undefined {
  if (typeof text !== 'string') return undefined;
  let d: ICAL.Duration;
  try {
    d = ICAL.Duration.fromString(text.trim());
  } catch {
    return undefined;
  }
  if (d.isNegative) return undefined;
  const days = d.weeks * 7 + d.days;
  const ms = ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  if (!Number.isFinite(days) || !Number.isFinite(ms)) return undefined;
  return { days, ms };
}
