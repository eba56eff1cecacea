import type { HolidaysTypes } from 'date-holidays';
import { BLOCKING_HOLIDAY_TYPES, type HolidayRegion, holidayBlocks } from './holidays.ts';
import { type InstantInput, toEpochMs, toIso } from '../time/instant.ts';
import { covers, type Interval, intersectAll, normalize, overlapsAny, subtract } from '../time/interval.ts';
import { SlotSearchError } from './slot-error.ts';
import {
  blockIntervals,
  type LocalBlock,
  localDatesCovering,
  type WorkingHours,
  workingIntervals,
  zoneOrThrow,
} from './working-hours.ts';
import { DAY_MS, MINUTE_MS, type ZoneRules } from '../time/zone-rules.ts';

/**
 * Pure slot search (reference "Slot-finding algorithm"): everything as UTC half-open intervals;
 * per participant free = working hours (per local date, own zone) − public holidays − HR absences
 * − busy time widened by the buffers; common free = intersection over all participants; candidate
 * starts on a grid aligned to local midnight in the organizer's zone; at least one room free when
 * rooms are asked for. Deterministic: same input, same slots, sorted by start.
 */
export interface SlotParticipant {
  readonly id: string;
  /** IANA zone the working hours, absences and holidays are local to. */
  readonly timeZone: string;
  readonly workingHours: WorkingHours;
  /** Busy instants from the calendar (e.g. expandIcs(...).busy). */
  readonly busy: readonly Interval[];
  /** HR absences (approved leave, sickness), local dates in the participant's zone (F-40). */
  readonly absences?: readonly LocalBlock[];
  /** Public holidays given explicitly, local dates. */
  readonly holidays?: readonly LocalBlock[];
  /** Or: public holidays looked up in date-holidays for this country/state (F-40). */
  readonly holidayRegion?: HolidayRegion;
}

export interface SlotRoom {
  readonly id: string;
  readonly busy: readonly Interval[];
}

export interface FindSlotsInput {
  readonly participants: readonly SlotParticipant[];
  /** More holidays per participant id, e.g. a company's own closing days. */
  readonly holidays?: Readonly<Record<string, readonly LocalBlock[]>>;
  /** Holiday types from date-holidays that block; default ['public']. */
  readonly holidayTypes?: readonly HolidaysTypes.HolidayType[];
  readonly window: { readonly from: InstantInput; readonly to: InstantInput };
  readonly durationMinutes: number;
  /** Free time required before/after the slot relative to busy events (not to working hours). */
  readonly bufferBeforeMinutes?: number;
  readonly bufferAfterMinutes?: number;
  /** Grid of candidate starts, counted from local midnight in `gridTimeZone`. Default 15. */
  readonly stepMinutes?: number;
  /** Zone the grid is aligned in; default the first participant's (the organizer's) zone. */
  readonly gridTimeZone?: string;
  /** Default: all slots in the window. */
  readonly maxResults?: number;
  /** When given, a slot needs at least one of these rooms free ([] → no slot). */
  readonly rooms?: readonly SlotRoom[];
}

export interface Slot {
  readonly start: number;
  readonly end: number;
  readonly startIso: string;
  readonly endIso: string;
  /** Ids of the rooms free for the whole slot, in input order ([] when no rooms were asked for). */
  readonly rooms: readonly string[];
}

/** Longest window searched in one call; the smart scheduling link needs 35 days. */
export const MAX_WINDOW_DAYS = 400;

export interface Availability {
  readonly working: Interval[];
  readonly holidays: Interval[];
  readonly absences: Interval[];
  /** Busy time widened by the buffers. */
  readonly busy: Interval[];
  /** working − holidays − absences − busy. */
  readonly free: Interval[];
}

interface Buffers {
  readonly before: number;
  readonly after: number;
}

export function findSlots(input: FindSlotsInput): Slot[] {
  const window = readWindow(input.window.from, input.window.to, 'window');
  if ((window.end - window.start) / DAY_MS > MAX_WINDOW_DAYS) throw new SlotSearchError('window', `longer than ${MAX_WINDOW_DAYS} days`);
  if (!Array.isArray(input.participants) || input.participants.length === 0) throw new SlotSearchError('participants', 'at least one participant');
  const ids = new Set<string>();
  for (const p of input.participants) {
    if (typeof p?.id !== 'string' || p.id === '') throw new SlotSearchError('participants', 'every participant needs an id');
    if (ids.has(p.id)) throw new SlotSearchError('participants', `duplicate id ${p.id}`);
    ids.add(p.id);
  }
  const durationMs = minutes(input.durationMinutes, 'durationMinutes', { positive: true });
  const buffers = readBuffers(input.bufferBeforeMinutes, input.bufferAfterMinutes);
  const stepMs = minutes(input.stepMinutes ?? 15, 'stepMinutes', { positive: true });
  if (stepMs > DAY_MS) throw new SlotSearchError('stepMinutes', 'at most one day');
  const gridZone = zoneOrThrow(input.gridTimeZone ?? input.participants[0]!.timeZone, input.gridTimeZone ? 'gridTimeZone' : 'participants[0].timeZone');
  const maxResults = input.maxResults ?? Number.POSITIVE_INFINITY;
  if (!(maxResults >= 0) || (Number.isFinite(maxResults) && !Number.isInteger(maxResults))) {
    throw new SlotSearchError('maxResults', 'a non-negative integer');
  }
  const rooms = input.rooms?.map((r, i) => {
    if (typeof r?.id !== 'string') throw new SlotSearchError(`rooms[${i}].id`, 'required');
    return { id: r.id, busy: readIntervals(r.busy, `rooms[${i}].busy`) };
  });

  const free = input.participants.map(
    (p, i) => participantAvailability(p, window, { buffers, extraHolidays: input.holidays?.[p.id], holidayTypes: input.holidayTypes, field: `participants[${i}]` }).free,
  );
  const common = intersectAll(free);

  const slots: Slot[] = [];
  for (const iv of common) {
    for (let t = alignUp(gridZone, iv.start, stepMs); t + durationMs <= iv.end; t = alignUp(gridZone, t + 1, stepMs)) {
      if (slots.length >= maxResults) return slots;
      const end = t + durationMs;
      const freeRooms = rooms ? rooms.filter((r) => !overlapsAny(r.busy, t, end)).map((r) => r.id) : [];
      if (rooms && freeRooms.length === 0) continue;
      slots.push({ start: t, end, startIso: toIso(t), endIso: toIso(end), rooms: freeRooms });
    }
  }
  return slots;
}

/**
 * One participant's time over a window: the parts the calendar view shows (F-32) and the free
 * time the search intersects.
 */
export function participantAvailability(
  p: SlotParticipant,
  window: Interval,
  options: {
    buffers?: Buffers;
    extraHolidays?: readonly LocalBlock[];
    holidayTypes?: readonly HolidaysTypes.HolidayType[];
    field?: string;
  } = {},
): Availability {
  const field = options.field ?? `participant ${p.id}`;
  const zone = zoneOrThrow(p.timeZone, `${field}.timeZone`);
  const buffers = options.buffers ?? { before: 0, after: 0 };
  const working = workingIntervals(p.workingHours, zone, window);
  const holidays = holidayIntervals(p, zone, window, options.extraHolidays, options.holidayTypes ?? BLOCKING_HOLIDAY_TYPES, field);
  const absences = blockIntervals(p.absences ?? [], zone, `${field}.absences`);
  // A slot [s, e) with buffers conflicts with busy [bs, be) iff s − before < be and e + after > bs.
  const busy = normalize(readIntervals(p.busy, `${field}.busy`).map((b) => ({ start: b.start - buffers.after, end: b.end + buffers.before })));
  const free = subtract(subtract(subtract(working, holidays), absences), busy);
  return { working, holidays, absences, busy, free };
}

function holidayIntervals(
  p: SlotParticipant,
  zone: ZoneRules,
  window: Interval,
  extra: readonly LocalBlock[] | undefined,
  types: readonly HolidaysTypes.HolidayType[],
  field: string,
): Interval[] {
  const blocks: LocalBlock[] = [...(p.holidays ?? []), ...(extra ?? [])];
  if (p.holidayRegion) {
    const dates = localDatesCovering(zone, window);
    blocks.push(...holidayBlocks(p.holidayRegion, dates[0]!, dates[dates.length - 1]!, types));
  }
  return blockIntervals(blocks, zone, `${field}.holidays`);
}

export type UnavailableReason = 'outside_working_hours' | 'holiday' | 'absent' | 'busy';

export interface ReplacementInput {
  /** The booked slot. */
  readonly slot: { readonly start: InstantInput; readonly end: InstantInput };
  /** The participant who declined: never proposed. */
  readonly declinedId: string;
  readonly candidates: readonly SlotParticipant[];
  /** Participants already in the interview: never proposed. */
  readonly excludeIds?: readonly string[];
  readonly holidays?: Readonly<Record<string, readonly LocalBlock[]>>;
  readonly holidayTypes?: readonly HolidaysTypes.HolidayType[];
  readonly bufferBeforeMinutes?: number;
  readonly bufferAfterMinutes?: number;
}

export interface ReplacementResult {
  /** Candidate ids free for the whole slot, in candidate order. */
  readonly available: string[];
  /** Why the others are not, first reason found in this order: hours, holiday, absence, busy. */
  readonly unavailable: { readonly id: string; readonly reason: UnavailableReason }[];
}

/** F-41: after a decline, the candidates who are free for the booked slot. */
export function suggestReplacement(input: ReplacementInput): ReplacementResult {
  const slot = readWindow(input.slot.start, input.slot.end, 'slot');
  const buffers = readBuffers(input.bufferBeforeMinutes, input.bufferAfterMinutes);
  const around = { start: slot.start - DAY_MS, end: slot.end + DAY_MS };
  const skip = new Set([input.declinedId, ...(input.excludeIds ?? [])]);
  const available: string[] = [];
  const unavailable: { id: string; reason: UnavailableReason }[] = [];
  const seen = new Set<string>();
  input.candidates.forEach((c, i) => {
    if (skip.has(c.id) || seen.has(c.id)) return;
    seen.add(c.id);
    const a = participantAvailability(c, around, {
      buffers,
      extraHolidays: input.holidays?.[c.id],
      holidayTypes: input.holidayTypes,
      field: `candidates[${i}]`,
    });
    const reason: UnavailableReason | undefined = !covers(a.working, slot.start, slot.end)
      ? 'outside_working_hours'
      : overlapsAny(a.holidays, slot.start, slot.end)
        ? 'holiday'
        : overlapsAny(a.absences, slot.start, slot.end)
          ? 'absent'
          : overlapsAny(a.busy, slot.start, slot.end)
            ? 'busy'
            : undefined;
    if (reason) unavailable.push({ id: c.id, reason });
    else available.push(c.id);
  });
  return { available, unavailable };
}

/** F-41 for rooms: the rooms (other than the declining one) free for the booked slot, in input order. */
export function suggestReplacementRooms(input: {
  readonly slot: { readonly start: InstantInput; readonly end: InstantInput };
  readonly declinedRoomId: string;
  readonly rooms: readonly SlotRoom[];
}): string[] {
  const slot = readWindow(input.slot.start, input.slot.end, 'slot');
  return input.rooms
    .filter((r, i) => r.id !== input.declinedRoomId && !overlapsAny(readIntervals(r.busy, `rooms[${i}].busy`), slot.start, slot.end))
    .map((r) => r.id);
}

/**
 * The first instant ≥ t whose local time in `zone` is a multiple of `stepMs` after local midnight
 * (local midnight itself always counts). Offset changes in between are stepped over exactly, so
 * the grid follows the wall clock through DST changes.
 */
export function alignUp(zone: ZoneRules, t: number, stepMs: number): number {
  let at = t;
  for (let guard = 0; guard < 8; guard++) {
    const offset = zone.offsetAt(at);
    const wall = at + offset;
    const intoDay = wall - Math.floor(wall / DAY_MS) * DAY_MS;
    const next = Math.min(Math.ceil(intoDay / stepMs) * stepMs, DAY_MS);
    const candidate = at + (next - intoDay);
    if (zone.offsetAt(candidate) === offset) return candidate;
    // The offset changes before the candidate: continue from the first instant of the new offset.
    let lo = at;
    let hi = candidate;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offsetAt(mid) === offset) lo = mid;
      else hi = mid;
    }
    at = hi;
  }
  return at;
}

function readWindow(fromInput: InstantInput, toInput: InstantInput, field: string): Interval {
  const start = toEpochMs(fromInput);
  const end = toEpochMs(toInput);
  if (start === undefined || end === undefined) throw new SlotSearchError(field, 'instants as epoch ms, Date, or ISO 8601 with Z/offset');
  if (!(start < end)) throw new SlotSearchError(field, 'start must be before end');
  return { start, end };
}

function readBuffers(before: number | undefined, after: number | undefined): Buffers {
  return {
    before: minutes(before ?? 0, 'bufferBeforeMinutes', { positive: false }),
    after: minutes(after ?? 0, 'bufferAfterMinutes', { positive: false }),
  };
}

function minutes(value: number, field: string, { positive }: { positive: boolean }): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0) || value > 7 * 24 * 60) {
    throw new SlotSearchError(field, positive ? 'minutes > 0' : 'minutes ≥ 0');
  }
  return Math.round(value * MINUTE_MS);
}

function readIntervals(list: readonly Interval[] | undefined, field: string): Interval[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new SlotSearchError(field, 'an array of { start, end }');
  for (const iv of list) {
    if (typeof iv?.start !== 'number' || typeof iv.end !== 'number' || !Number.isFinite(iv.start) || !Number.isFinite(iv.end) || iv.end < iv.start) {
      throw new SlotSearchError(field, `invalid interval ${JSON.stringify(iv)}`);
    }
  }
  return normalize(list);
}
