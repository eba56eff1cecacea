import { type Interval, normalize } from '../time/interval.ts';
import { SlotSearchError } from './slot-error.ts';
import { DAY_MS, MINUTE_MS, dateToWall, ianaZone, localDateAt, wallDate, wallToEpoch, type ZoneRules } from '../time/zone-rules.ts';

/**
 * Working hours are local: "Mon–Fri 09:00–17:00 Europe/Amsterdam" means 09:00 on each local date,
 * whatever the UTC offset that day. They are therefore built per local date and converted to
 * instants one by one, which makes the 23- and 25-hour DST days come out right. Local times that
 * do not exist or occur twice are resolved like Temporal's `disambiguation: 'compatible'`
 * (a gap moves forward, an overlap takes the earlier instant), as the reference prescribes.
 */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** 'HH:MM' (or 'HH:MM:SS'); `end` may be '24:00'; an end at or before the start runs into the next day. */
export interface LocalTimeRange {
  readonly start: string;
  readonly end: string;
}

export interface WorkingHours {
  /** Ranges per ISO weekday (1 = Monday); a missing day is not worked. */
  readonly weekly: Partial<Record<IsoWeekday, readonly LocalTimeRange[]>>;
  /** Per local date ('YYYY-MM-DD'): these ranges instead of the weekly ones ([] = day off). */
  readonly dates?: Readonly<Record<string, readonly LocalTimeRange[]>>;
}

/**
 * A local span in a person's zone: from `startDate` at `startTime` (default 00:00) through
 * `endDate` at `endTime` (default: the end of that day). Used for HR absences (half days too) and
 * public holidays.
 */
export interface LocalBlock {
  readonly startDate: string;
  readonly endDate: string;
  readonly startTime?: string;
  readonly endTime?: string;
}

/** Monday–Friday (or the given days) with one range each. */
export function weekdayHours(start = '09:00', end = '17:00', days: readonly IsoWeekday[] = [1, 2, 3, 4, 5]): WorkingHours {
  const weekly: Partial<Record<IsoWeekday, LocalTimeRange[]>> = {};
  for (const d of days) weekly[d] = [{ start, end }];
  return { weekly };
}

export function zoneOrThrow(timeZone: string, field = 'timeZone'): ZoneRules {
  const zone = typeof timeZone === 'string' ? ianaZone(timeZone) : undefined;
  if (!zone) throw new SlotSearchError(field, `unknown IANA time zone ${JSON.stringify(timeZone)}`);
  return zone;
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Minutes (fractional for seconds) after local midnight; '24:00' allowed when `allow24`. */
export function parseLocalTime(value: string, field: string, allow24 = false): number {
  const m = typeof value === 'string' ? TIME.exec(value) : null;
  const h = m ? Number(m[1]) : Number.NaN;
  const min = m ? Number(m[2]) : Number.NaN;
  const s = m?.[3] ? Number(m[3]) : 0;
  const ok = m !== null && min < 60 && s < 60 && (h < 24 || (allow24 && h === 24 && min === 0 && s === 0));
  if (!ok) throw new SlotSearchError(field, `expected HH:MM, got ${JSON.stringify(value)}`);
  return h * 60 + min + s / 60;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkLocalDate(value: string, field: string): string {
  if (typeof value !== 'string' || !DATE.test(value) || wallDate(dateToWall(value)) !== value) {
    throw new SlotSearchError(field, `expected YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** ISO weekday of a local date. */
export function isoWeekdayOf(date: string): IsoWeekday {
  const d = new Date(dateToWall(date)).getUTCDay();
  return (d === 0 ? 7 : d) as IsoWeekday;
}

/** The local dates (in `zone`) touched by [from, to), widened by `padDays` on both sides. */
export function localDatesCovering(zone: ZoneRules, window: Interval, padDays = 1): string[] {
  const first = dateToWall(localDateAt(zone, window.start)) - padDays * DAY_MS;
  const last = dateToWall(localDateAt(zone, window.end)) + padDays * DAY_MS;
  const out: string[] = [];
  for (let wall = first; wall <= last; wall += DAY_MS) out.push(wallDate(wall));
  return out;
}

function rangeOnDate(zone: ZoneRules, date: string, range: LocalTimeRange, field: string): Interval {
  const startMin = parseLocalTime(range.start, `${field}.start`);
  let endMin = parseLocalTime(range.end, `${field}.end`, true);
  if (endMin <= startMin) endMin += 24 * 60; // e.g. 22:00–06:00
  const midnight = dateToWall(date);
  return {
    start: wallToEpoch(zone, midnight + startMin * MINUTE_MS),
    end: wallToEpoch(zone, midnight + endMin * MINUTE_MS),
  };
}

/** Working time as instants, normalized and clipped to the window. */
export function workingIntervals(hours: WorkingHours, timeZone: string | ZoneRules, window: Interval): Interval[] {
  const zone = typeof timeZone === 'string' ? zoneOrThrow(timeZone) : timeZone;
  if (!hours || typeof hours !== 'object' || !hours.weekly) throw new SlotSearchError('workingHours', 'expected { weekly: { 1: [{ start, end }], … } }');
  const out: Interval[] = [];
  for (const date of localDatesCovering(zone, window)) {
    const override = hours.dates?.[date];
    const ranges = override ?? hours.weekly[isoWeekdayOf(date)] ?? [];
    for (const range of ranges) {
      const iv = rangeOnDate(zone, date, range, `workingHours[${date}]`);
      const start = Math.max(iv.start, window.start);
      const end = Math.min(iv.end, window.end);
      if (start < end) out.push({ start, end });
    }
  }
  return normalize(out);
}

/** Local blocks (absences, holidays) as instants, normalized. */
export function blockIntervals(blocks: readonly LocalBlock[], timeZone: string | ZoneRules, field = 'blocks'): Interval[] {
  const zone = typeof timeZone === 'string' ? zoneOrThrow(timeZone) : timeZone;
  const out: Interval[] = [];
  blocks.forEach((b, i) => {
    const f = `${field}[${i}]`;
    const startDate = checkLocalDate(b.startDate, `${f}.startDate`);
    const endDate = checkLocalDate(b.endDate, `${f}.endDate`);
    if (endDate < startDate) throw new SlotSearchError(f, 'endDate before startDate');
    const startMin = b.startTime === undefined ? 0 : parseLocalTime(b.startTime, `${f}.startTime`);
    const endWall =
      b.endTime === undefined
        ? dateToWall(endDate) + DAY_MS
        : dateToWall(endDate) + parseLocalTime(b.endTime, `${f}.endTime`, true) * MINUTE_MS;
    out.push({
      start: wallToEpoch(zone, dateToWall(startDate) + startMin * MINUTE_MS),
      end: wallToEpoch(zone, endWall),
    });
  });
  return normalize(out);
}
