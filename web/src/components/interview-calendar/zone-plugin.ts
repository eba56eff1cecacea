import { createPlugin } from '@fullcalendar/core';
import { NamedTimeZoneImpl } from '@fullcalendar/core/internal';

/**
 * FullCalendar shows named zones only through a plugin (luxon/moment are not installed). This one asks the
 * browser's Intl database, so DST days render with 23 or 25 hours exactly as the server computes them (F-42).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock fields [y, m0, d, h, min, s, ms] of an instant in a zone. */
export function wallClock(zone: string, ms: number): number[] {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return [Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second), new Date(ms).getUTCMilliseconds()];
}

/** Offset in minutes (east of UTC) of a zone at an instant. */
export function offsetAt(zone: string, ms: number): number {
  const a = wallClock(zone, ms);
  return Math.round((Date.UTC(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!) - ms) / 60_000);
}

/**
 * Offset for a wall-clock time. Two probes settle it: a time that does not exist (spring gap) gets the offset
 * from before the change, an ambiguous one (autumn) the earlier instant — the same "compatible" choice Temporal makes.
 */
export function offsetForWallClock(zone: string, a: number[]): number {
  const asUtc = Date.UTC(a[0] ?? 1970, a[1] ?? 0, a[2] ?? 1, a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);
  const before = offsetAt(zone, asUtc - 36 * 3_600_000);
  const after = offsetAt(zone, asUtc + 36 * 3_600_000);
  const candidates = before === after ? [before] : [before, after];
  for (const off of candidates) {
    if (offsetAt(zone, asUtc - off * 60_000) === off) return off;
  }
  return before;
}

class IntlNamedTimeZone extends NamedTimeZoneImpl {
  offsetForArray(a: number[]): number {
    return offsetForWallClock(this.timeZoneName, a);
  }
  timestampToArray(ms: number): number[] {
    return wallClock(this.timeZoneName, ms);
  }
}

export const intlTimeZonePlugin = createPlugin({ name: 'koppel-intl-timezone', namedTimeZonedImpl: IntlNamedTimeZone });

/** "Europe/Amsterdam (CET)" — the zone name the organizer's times are shown in. */
export function zoneLabel(zone: string, at: number, locale: string): string {
  try {
    const short = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value;
    return short ? `${zone} (${short})` : zone;
  } catch {
    return zone;
  }
}
