import ICAL from 'ical.js';
import { IcalError } from './ical-error.ts';
import { DAY_MS } from '../time/zone-rules.ts';

/**
 * RRULE expansion on wall-clock values (see zone-rules.ts). Recurrences are defined in the local
 * time of DTSTART (RFC 5545 §3.3.10), so expanding wall times and converting each occurrence to an
 * instant afterwards keeps a 10:00 meeting at 10:00 across DST changes, without touching ical.js's
 * global TimezoneService and without the process time zone leaking in.
 *
 * Daily and weekly rules with at most BYDAY, and monthly rules with only BYDAY or BYMONTHDAY (the
 * bulk of real calendars) use closed-form iterators that can jump straight to the window;
 * everything else goes through ical.js's
 * RecurIterator, guarded against the rules that make it loop forever or emit normalised
 * impossible dates (Feb 30 → Mar 2).
 */

export type UntilBound =
  | { readonly kind: 'utc'; readonly epoch: number }
  | { readonly kind: 'date'; readonly wall: number }
  | { readonly kind: 'floating'; readonly wall: number };

export interface RuleExpansion {
  readonly recur: ICAL.Recur;
  /** DTSTART as a wall value, and whether it is a DATE. */
  readonly startWall: number;
  readonly isDate: boolean;
  /** Wall → instant in DTSTART's zone; only needed for a UTC UNTIL. */
  readonly toEpoch: (wall: number) => number;
  /** Occurrences before this wall value need not be visited (they still count towards COUNT). */
  readonly lowWall: number;
  /** Stop after this wall value. */
  readonly highWall: number;
  readonly maxIterations: number;
  readonly uid?: string;
}

const WEEKDAY: Readonly<Record<string, number>> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };
const SUB_MONTHLY = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY']);

type Parts = Partial<Record<string, (number | string)[]>>;

function partsOf(recur: ICAL.Recur): Parts {
  return (recur.parts ?? {}) as Parts;
}

function untilOf(recur: ICAL.Recur): UntilBound | undefined {
  const u = recur.until;
  if (!u) return undefined;
  const wall = Date.UTC(u.year, u.month - 1, u.day, u.isDate ? 0 : u.hour, u.isDate ? 0 : u.minute, u.isDate ? 0 : u.second);
  if (u.isDate) return { kind: 'date', wall };
  if (u.zone === ICAL.Timezone.utcTimezone) return { kind: 'utc', epoch: wall };
  return { kind: 'floating', wall };
}

/** RFC 5545: UNTIL is inclusive. A DATE UNTIL includes the whole local day. */
function pastUntil(until: UntilBound | undefined, wall: number, toEpoch: (wall: number) => number): boolean {
  if (!until) return false;
  switch (until.kind) {
    case 'date':
      return wall >= until.wall + DAY_MS;
    case 'floating':
      return wall > until.wall;
    case 'utc':
      return toEpoch(wall) > until.epoch;
  }
}

function weekdayOf(wall: number): number {
  return new Date(wall).getUTCDay();
}

function plainWeekdays(byday: (number | string)[] | undefined): Set<number> | null | undefined {
  if (!byday || byday.length === 0) return null;
  const out = new Set<number>();
  for (const v of byday) {
    const day = WEEKDAY[String(v).toUpperCase()];
    if (day === undefined) return undefined; // has an ordinal such as 1MO: not a simple rule
    out.add(day);
  }
  return out;
}

/** Rejects rules that are invalid or that would send ical.js's iterator into an endless search. */
export function validateRule(recur: ICAL.Recur, startWall: number, uid?: string): void {
  const fail = (why: string): never => {
    throw new IcalError('ical_invalid_recurrence', `${why} in RRULE ${recur.toString()}`, { uid });
  };
  if (!recur.freq) fail('FREQ missing');
  if (!Number.isInteger(recur.interval) || recur.interval < 1) fail('INTERVAL must be a positive integer');
  if (recur.count !== null && recur.count !== undefined && (!Number.isInteger(recur.count) || recur.count < 1)) {
    fail('COUNT must be a positive integer');
  }
  const parts = partsOf(recur);
  if (!SUB_MONTHLY.has(recur.freq)) return; // ical.js gives up on its own for MONTHLY/YEARLY
  if (parts.BYWEEKNO?.length) fail('BYWEEKNO is only allowed with FREQ=YEARLY');
  if (parts.BYYEARDAY?.length && (recur.freq === 'DAILY' || recur.freq === 'WEEKLY')) fail(`BYYEARDAY is not allowed with FREQ=${recur.freq}`);
  if (parts.BYMONTHDAY?.length && recur.freq === 'WEEKLY') fail('BYMONTHDAY is not allowed with FREQ=WEEKLY');
  if (!parts.BYMONTHDAY?.length && !parts.BYYEARDAY?.length) return;
  // Some day within 28 years (every weekday/leap-year combination) must pass the day filters,
  // otherwise ical.js would search forever.
  const start = Math.floor(startWall / DAY_MS) * DAY_MS;
  for (let day = 0; day < 28 * 366; day++) {
    if (matchesDayFilters(start + day * DAY_MS, parts)) return;
  }
  fail('no date can ever match');
}

function matchesDayFilters(wall: number, parts: Parts): boolean {
  const d = new Date(wall);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  if (parts.BYMONTH?.length && !parts.BYMONTH.includes(month)) return false;
  if (parts.BYMONTHDAY?.length) {
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (!parts.BYMONTHDAY.some((v) => Number(v) === day || Number(v) === day - daysInMonth - 1)) return false;
  }
  if (parts.BYYEARDAY?.length) {
    const yday = Math.round((wall - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
    const daysInYear = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
    if (!parts.BYYEARDAY.some((v) => Number(v) === yday || Number(v) === yday - daysInYear - 1)) return false;
  }
  if (parts.BYDAY?.length) {
    const wd = d.getUTCDay();
    if (!parts.BYDAY.some((v) => WEEKDAY[String(v).slice(-2).toUpperCase()] === wd)) return false;
  }
  return true;
}

/** Every occurrence a valid rule produces passes its BY filters; ical.js's normalised impossible dates do not. */
function matchesFilters(wall: number, parts: Parts): boolean {
  if (!matchesDayFilters(wall, parts)) return false;
  const d = new Date(wall);
  if (parts.BYHOUR?.length && !parts.BYHOUR.includes(d.getUTCHours())) return false;
  if (parts.BYMINUTE?.length && !parts.BYMINUTE.includes(d.getUTCMinutes())) return false;
  return true;
}

/**
 * Visits the wall values the RRULE generates, in increasing order, from `lowWall` up to `highWall`.
 * DTSTART may or may not be visited: the caller always adds it as the first instance.
 */
export function expandRule(spec: RuleExpansion, visit: (wall: number) => void): void {
  const { recur } = spec;
  validateRule(recur, spec.startWall, spec.uid);
  const parts = partsOf(recur);
  const keys = Object.keys(parts).filter((k) => (parts[k]?.length ?? 0) > 0);
  const simpleDays = plainWeekdays(parts.BYDAY);
  const simple =
    (recur.freq === 'DAILY' || recur.freq === 'WEEKLY') &&
    keys.every((k) => k === 'BYDAY') &&
    simpleDays !== undefined;
  if (simple) {
    expandSimple(spec, simpleDays, visit);
    return;
  }
  const monthly = recur.freq === 'MONTHLY' ? monthlyDays(parts, keys, spec.startWall) : undefined;
  if (monthly) {
    expandMonthly(spec, monthly, visit);
    return;
  }
  expandWithIcal(spec, parts, visit);
}

type MonthlyPick = (year: number, month: number, daysInMonth: number) => number[];

/**
 * MONTHLY rules with only BYDAY (e.g. 1TU, -1FR, TU) or only BYMONTHDAY (e.g. 15, -1), or neither:
 * the days of a month in closed form. Anything else goes to ical.js.
 */
function monthlyDays(parts: Parts, keys: string[], startWall: number): MonthlyPick | undefined {
  if (keys.length > 1 || (keys.length === 1 && keys[0] !== 'BYDAY' && keys[0] !== 'BYMONTHDAY')) return undefined;
  if (keys[0] === 'BYMONTHDAY') {
    const wanted = parts.BYMONTHDAY!.map(Number);
    return (_y, _m, dim) => wanted.map((d) => (d > 0 ? d : dim + d + 1)).filter((d) => d >= 1 && d <= dim);
  }
  if (keys[0] === 'BYDAY') {
    const wanted: { n: number; wd: number }[] = [];
    for (const v of parts.BYDAY!) {
      const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(String(v).toUpperCase());
      const wd = m ? WEEKDAY[m[2]!] : undefined;
      if (!m || wd === undefined) return undefined;
      wanted.push({ n: m[1] ? Number(m[1]) : 0, wd });
    }
    return (year, month, dim) => {
      const firstWd = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
      const out: number[] = [];
      for (const { n, wd } of wanted) {
        const first = 1 + ((wd - firstWd + 7) % 7);
        if (n === 0) for (let d = first; d <= dim; d += 7) out.push(d);
        else if (n > 0) out.push(first + (n - 1) * 7);
        else out.push(first + Math.floor((dim - first) / 7) * 7 + (n + 1) * 7);
      }
      return out.filter((d) => d >= 1 && d <= dim);
    };
  }
  const day = new Date(startWall).getUTCDate();
  return (_y, _m, dim) => (day <= dim ? [day] : []);
}

function expandMonthly(spec: RuleExpansion, pick: MonthlyPick, visit: (wall: number) => void): void {
  const { recur, startWall, lowWall, highWall } = spec;
  const until = untilOf(recur);
  const count = recur.count ?? null;
  const start = new Date(startWall);
  const timeOfDay = startWall - Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const startIndex = start.getUTCFullYear() * 12 + start.getUTCMonth();
  let k0 = 0;
  if (count === null && lowWall > startWall) {
    const low = new Date(lowWall);
    k0 = Math.max(0, Math.floor((low.getUTCFullYear() * 12 + low.getUTCMonth() - startIndex) / recur.interval) - 1);
  }
  let emitted = 1; // DTSTART counts as the first instance
  let iterations = 0;
  for (let k = k0; ; k++) {
    const index = startIndex + k * recur.interval;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (Date.UTC(year, month - 1, 1) > highWall) return;
    const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const days = [...new Set(pick(year, month, dim))].sort((a, b) => a - b);
    for (const day of days) {
      if (++iterations > spec.maxIterations) limitReached(spec);
      const wall = Date.UTC(year, month - 1, day) + timeOfDay;
      if (wall <= startWall) continue;
      if (wall > highWall || pastUntil(until, wall, spec.toEpoch)) return;
      if (count !== null && ++emitted > count) return;
      if (wall >= lowWall) visit(wall);
    }
    if (days.length === 0 && ++iterations > spec.maxIterations) limitReached(spec);
  }
}

function limitReached(spec: RuleExpansion): never {
  throw new IcalError(
    'ical_recurrence_limit',
    `more than ${spec.maxIterations} iterations of RRULE ${spec.recur.toString()} before the end of the window`,
    { uid: spec.uid },
  );
}

function expandSimple(spec: RuleExpansion, days: Set<number> | null, visit: (wall: number) => void): void {
  const { recur, startWall, lowWall, highWall } = spec;
  const until = untilOf(recur);
  const count = recur.count ?? null;
  const interval = recur.interval;
  // RFC 5545 §3.3.10: DTSTART is the first instance and counts towards COUNT, matching or not.
  let emitted = 1;
  let iterations = 0;
  if (recur.freq === 'DAILY') {
    const stride = interval * DAY_MS;
    // Without COUNT nothing before the window matters, so jump there.
    const k0 = count === null ? Math.max(0, Math.floor((lowWall - startWall) / stride) - 1) : 0;
    for (let k = k0; ; k++) {
      if (++iterations > spec.maxIterations) limitReached(spec);
      const wall = startWall + k * stride;
      if (wall > highWall || pastUntil(until, wall, spec.toEpoch)) return;
      if (wall === startWall || (days && !days.has(weekdayOf(wall)))) continue;
      if (count !== null && ++emitted > count) return;
      if (wall >= lowWall) visit(wall);
    }
  }
  // WEEKLY: weeks begin on WKST (ical.js numbers it 1 = Sunday); BYDAY defaults to DTSTART's weekday.
  const wkst = ((recur.wkst ?? 2) - 1 + 7) % 7;
  const weekdays = days ?? new Set([weekdayOf(startWall)]);
  const offsets = [...weekdays].map((d) => (d - wkst + 7) % 7).sort((a, b) => a - b);
  const weekStart = startWall - ((weekdayOf(startWall) - wkst + 7) % 7) * DAY_MS;
  const stride = interval * 7 * DAY_MS;
  const j0 = count === null ? Math.max(0, Math.floor((lowWall - weekStart) / stride) - 1) : 0;
  for (let j = j0; ; j++) {
    const base = weekStart + j * stride;
    if (base > highWall) return;
    for (const offset of offsets) {
      if (++iterations > spec.maxIterations) limitReached(spec);
      const wall = base + offset * DAY_MS;
      if (wall <= startWall) continue;
      if (wall > highWall || pastUntil(until, wall, spec.toEpoch)) return;
      if (count !== null && ++emitted > count) return;
      if (wall >= lowWall) visit(wall);
    }
  }
}

function expandWithIcal(spec: RuleExpansion, parts: Parts, visit: (wall: number) => void): void {
  const until = untilOf(spec.recur);
  const rule = spec.recur.clone();
  rule.until = null; // UNTIL is compared on instants here, not by ical.js on floating times
  const s = new Date(spec.startWall);
  const dtstart = new ICAL.Time(
    {
      year: s.getUTCFullYear(),
      month: s.getUTCMonth() + 1,
      day: s.getUTCDate(),
      hour: spec.isDate ? 0 : s.getUTCHours(),
      minute: spec.isDate ? 0 : s.getUTCMinutes(),
      second: spec.isDate ? 0 : s.getUTCSeconds(),
      isDate: spec.isDate,
    },
    ICAL.Timezone.localTimezone,
  );
  let iterator: ICAL.RecurIterator;
  try {
    iterator = rule.iterator(dtstart);
  } catch (err) {
    throw new IcalError('ical_invalid_recurrence', `RRULE ${spec.recur.toString()} cannot be expanded`, { uid: spec.uid, cause: err });
  }
  let iterations = 0;
  for (;;) {
    if (++iterations > spec.maxIterations) limitReached(spec);
    const next = iterator.next();
    if (!next) return;
    const wall = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
    if (!matchesFilters(wall, parts)) continue;
    if (wall > spec.highWall || pastUntil(until, wall, spec.toEpoch)) return;
    if (wall >= spec.lowWall) visit(wall);
  }
}
