import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { HttpFault } from './http-kit.ts';

/**
 * Time handling shared by the calendar emulators: wall-clock ↔ instant in an IANA zone (Temporal,
 * never the process zone), RFC 3339 parsing, and recurrence expansion for seeded busy events.
 * Recurrences expand on wall-clock values in the event's zone, as RFC 5545 defines them, so a
 * weekly 10:00 stays at 10:00 across a DST change.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isZone(tz: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(tz);
    return true;
  } catch {
    return false;
  }
}

export function requireZone(tz: unknown, field: string): string {
  if (typeof tz !== 'string' || !isZone(tz)) throw new HttpFault(400, `Invalid time zone in ${field}: ${String(tz)}`, { reason: 'timeRangeEmpty' });
  return tz;
}

/** `2026-03-29T02:30:00` in `zone` → epoch ms; a wall time in a DST gap moves forward ('compatible'). */
export function wallToEpoch(local: string, zone: string): number {
  const m = LOCAL.exec(local);
  if (!m) throw new HttpFault(400, `Invalid local date-time: ${local}`, { reason: 'invalid' });
  const pdt = new Temporal.PlainDateTime(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  return pdt.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

export function dateToEpoch(date: string, zone: string): number {
  const m = DATE.exec(date);
  if (!m) throw new HttpFault(400, `Invalid date: ${date}`, { reason: 'invalid' });
  return Temporal.PlainDate.from({ year: +m[1]!, month: +m[2]!, day: +m[3]! }).toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

/** Epoch ms → `YYYY-MM-DDTHH:mm:ss` wall clock in `zone`. */
export function epochToWall(ms: number, zone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  return z.toPlainDateTime().toString({ smallestUnit: 'second' });
}

/** Epoch ms → RFC 3339 with the zone's offset, as Google renders event times. */
export function epochToOffsetIso(ms: number, zone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  return `${z.toPlainDateTime().toString({ smallestUnit: 'second' })}${z.offset === '+00:00' && zone === 'UTC' ? 'Z' : z.offset}`;
}

export function parseRfc3339(value: unknown, field: string): number {
  if (typeof value !== 'string' || !RFC3339.test(value)) throw new HttpFault(400, `Invalid value for ${field}: ${String(value)}`, { reason: 'invalid' });
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new HttpFault(400, `Invalid value for ${field}: ${value}`, { reason: 'invalid' });
  return ms;
}

export function isRfc3339(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value);
}

export function isLocalDateTime(value: unknown): value is string {
  return typeof value === 'string' && LOCAL.test(value);
}

export interface Timed {
  /** Wall-clock start in `zone`, or a DATE for all-day events. */
  startWall: string;
  /** Duration in ms (wall-clock duration for timed events, days·24h for all-day). */
  durationMs: number;
  allDay: boolean;
  zone: string;
  /** RRULE body, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`. */
  rrule?: string;
  /** Excluded occurrence starts, as wall clock (timed) or dates (all-day). */
  exdates?: string[];
}

export interface Occurrence {
  start: number;
  end: number;
  /** The occurrence's original wall start (its RECURRENCE-ID). */
  wall: string;
}

const MAX_OCCURRENCES = 50_000;

function wallStart(t: Timed, wall: string): number {
  return t.allDay ? dateToEpoch(wall.slice(0, 10), t.zone) : wallToEpoch(wall, t.zone);
}

function addWall(t: Timed, wall: string, start: number): number {
  if (!t.allDay) return start + t.durationMs;
  // All-day: whole local days, so a DST day keeps its 23 or 25 hours.
  const days = Math.max(1, Math.round(t.durationMs / 86_400_000));
  return dateToEpoch(Temporal.PlainDate.from(wall.slice(0, 10)).add({ days }).toString(), t.zone);
}

/** Occurrences overlapping [from, to). */
export function occurrences(t: Timed, from: number, to: number): Occurrence[] {
  if (!t.rrule) {
    const start = wallStart(t, t.startWall);
    const end = addWall(t, t.startWall, start);
    return start < to && end > from ? [{ start, end, wall: t.startWall }] : [];
  }
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(t.rrule.replace(/^RRULE:/i, ''));
  } catch {
    throw new HttpFault(400, `Invalid recurrence rule: ${t.rrule}`, { reason: 'invalid' });
  }
  const dtstart = t.allDay ? ICAL.Time.fromDateString(t.startWall.slice(0, 10)) : ICAL.Time.fromDateTimeString(t.startWall);
  const it = recur.iterator(dtstart);
  const skip = new Set(t.exdates ?? []);
  const out: Occurrence[] = [];
  for (let i = 0; i < MAX_OCCURRENCES; i++) {
    const next = it.next();
    if (!next) break;
    const wall = t.allDay ? next.toString().slice(0, 10) : next.toString().slice(0, 19);
    const start = wallStart(t, wall);
    if (start >= to) break;
    if (skip.has(wall)) continue;
    const end = addWall(t, wall, start);
    if (end > from) out.push({ start, end, wall });
  }
  return out;
}
