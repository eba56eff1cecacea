import { Temporal } from 'temporal-polyfill';
import type { BusyBlock } from './calendar-provider.ts';

/** Helpers the HTTP calendar providers share (Google, Microsoft). Zone maths through Temporal, never the process zone. */

/** Epoch ms → `YYYY-MM-DDTHH:mm:ss` wall clock in `zone` (what vendors pair with a timeZone field). */
export function localIso(ms: number, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'second' });
}

/** A wall-clock value in `zone` → epoch ms (DST gaps move forward, as calendars do). */
export function wallToEpoch(local: string, zone: string): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** Start of an all-day date in the owner's zone. */
export function allDayStart(date: string, zone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

/** [from, to) cut into consecutive windows of at most `max` ms. */
export function splitRange(from: number, to: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = from; s < to; s += max) out.push([s, Math.min(to, s + max)]);
  return out;
}

/** Sorted, overlapping or touching blocks joined (window borders cut events in two). Tentative only if every part is. */
export function mergeBusy(blocks: BusyBlock[]): BusyBlock[] {
  const sorted = [...blocks].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: BusyBlock[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && b.start <= last.end && !!last.tentative === !!b.tentative) last.end = Math.max(last.end, b.end);
    else out.push({ ...b });
  }
  return out;
}

/** The description with the video link appended once (calendar clients show it; Koppel's notes stay first). */
export function withJoinUrl(description: string, joinUrl: string | undefined): string {
  if (!joinUrl || description.includes(joinUrl)) return description;
  return description ? `${description}\n\n${joinUrl}` : joinUrl;
}
