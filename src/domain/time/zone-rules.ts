import { Temporal } from 'temporal-polyfill';

/**
 * Time-zone arithmetic on plain numbers, independent of the process time zone.
 *
 * A "wall" value is a local date-time encoded as the epoch milliseconds it would have if it were
 * UTC (`Date.UTC(y, m - 1, d, h, mi, s)`). Keeping wall time and instants as numbers lets the
 * recurrence expansion and the working-hours builder do millions of conversions cheaply; the
 * conversion rules mirror Temporal's `disambiguation: 'compatible'` (and are tested against it).
 */
export interface ZoneRules {
  /** Canonical IANA id, a VTIMEZONE TZID, or 'UTC'. */
  readonly id: string;
  /** UTC offset in milliseconds in force at an instant. */
  offsetAt(epochMs: number): number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const UTC_RULES: ZoneRules = { id: 'UTC', offsetAt: () => 0 };

type YearTable = { readonly startOffset: number; readonly at: number[]; readonly offsets: number[] };

const ianaCache = new Map<string, ZoneRules | null>();

/**
 * Rules for an IANA zone (case-insensitive; `undefined` when the id is unknown).
 * Offsets come from Temporal once per zone and UTC year, then lookups are a few comparisons.
 */
export function ianaZone(id: string): ZoneRules | undefined {
  const cached = ianaCache.get(id);
  if (cached !== undefined) return cached ?? undefined;
  let canonical: string;
  try {
    canonical = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(id).timeZoneId;
  } catch {
    ianaCache.set(id, null);
    return undefined;
  }
  // Offset strings ('+01:00') are valid Temporal zones but not calendar zones.
  if (!/^[A-Za-z]/.test(canonical)) {
    ianaCache.set(id, null);
    return undefined;
  }
  const rules = canonical === 'UTC' ? UTC_RULES : makeIanaRules(canonical);
  ianaCache.set(id, rules);
  return rules;
}

function makeIanaRules(id: string): ZoneRules {
  const years = new Map<number, YearTable>();
  // The table used last and the UTC year it covers: most lookups stay in one year.
  let lastStart = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let lastTable: YearTable = { startOffset: 0, at: [], offsets: [] };
  return {
    id,
    offsetAt(epochMs: number): number {
      if (epochMs < lastStart || epochMs >= lastEnd) {
        const year = new Date(epochMs).getUTCFullYear();
        let table = years.get(year);
        if (!table) {
          table = buildYearTable(id, year);
          years.set(year, table);
        }
        lastTable = table;
        lastStart = Date.UTC(year, 0, 1);
        lastEnd = Date.UTC(year + 1, 0, 1);
      }
      const { at, offsets } = lastTable;
      let offset = lastTable.startOffset;
      for (let i = 0; i < at.length; i++) {
        if (epochMs >= at[i]!) offset = offsets[i]!;
        else break;
      }
      return offset;
    },
  };
}

function buildYearTable(id: string, year: number): YearTable {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  let zdt = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(id);
  const startOffset = Math.round(zdt.offsetNanoseconds / 1e6);
  const at: number[] = [];
  const offsets: number[] = [];
  for (let guard = 0; guard < 32; guard++) {
    const next = zdt.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= end) break;
    at.push(next.epochMilliseconds);
    offsets.push(Math.round(next.offsetNanoseconds / 1e6));
    zdt = next;
  }
  return { startOffset, at, offsets };
}

/** Rules for a fixed offset (used for VTIMEZONEs without any observance, and in tests). */
export function fixedOffsetZone(id: string, offsetMs: number): ZoneRules {
  return { id, offsetAt: () => offsetMs };
}

/** Wall time at an instant. */
export function epochToWall(zone: ZoneRules, epochMs: number): number {
  return epochMs + zone.offsetAt(epochMs);
}

/**
 * The instant of a wall time, like Temporal's `disambiguation: 'compatible'`: a wall time that
 * occurs twice (clocks going back) takes the earlier instant; one that does not exist (clocks going
 * forward) is moved forward by the length of the gap (02:30 on a spring-forward day → 03:30).
 */
export function wallToEpoch(zone: ZoneRules, wall: number): number {
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  if (before === after) {
    const guess = wall - before;
    if (zone.offsetAt(guess) === before) return guess;
  }
  // A transition near this wall time: test every offset that could apply and keep the valid ones.
  const offsets = new Set([before, after, zone.offsetAt(wall - before), zone.offsetAt(wall - after)]);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (zone.offsetAt(candidate) === offset && candidate < best) best = candidate;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // In a gap: read the wall time with the offset in force before the gap.
  return wall - before;
}

/** 'YYYY-MM-DD' of a wall value. */
export function wallDate(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/** Wall midnight of a 'YYYY-MM-DD' date. */
export function dateToWall(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Local 'YYYY-MM-DD' of an instant in a zone. */
export function localDateAt(zone: ZoneRules, epochMs: number): string {
  return wallDate(epochToWall(zone, epochMs));
}
