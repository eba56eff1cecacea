import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Interval } from '../time/interval.ts';
import { type FindSlotsInput, findSlots, type Slot, type SlotParticipant } from './slot-search.ts';
import type { IsoWeekday, LocalBlock, WorkingHours } from './working-hours.ts';
import { ianaZone } from '../time/zone-rules.ts';

/**
 * Properties of findSlots on random participants in zones with and without DST, over windows that
 * straddle the 2026 DST changes. The oracle below decides every minute of the window on its own,
 * from local wall-clock readings, so a DST bug in the search cannot hide in both.
 */
const MIN = 60_000;
const DAY = 86_400_000;
const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/London', 'UTC'];
const DST_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'].map((d) => Date.parse(`${d}T00:00:00Z`));

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// One range per working day, between 05:00 and 23:30 local: never around a DST change (01:00–03:00).
const workingHoursArb: fc.Arbitrary<WorkingHours> = fc
  .array(
    fc.tuple(
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 5 * 4, max: 12 * 4 }).map((q) => q * 15),
      fc.integer({ min: 8, max: 56 }).map((q) => q * 15),
    ),
    { minLength: 6, maxLength: 14 },
  )
  .map((days) => {
    const weekly: Partial<Record<IsoWeekday, { start: string; end: string }[]>> = {};
    for (const [day, start, length] of days) weekly[day as IsoWeekday] = [{ start: hhmm(start), end: hhmm(Math.min(start + length, 23 * 60 + 30)) }];
    return { weekly };
  });

const windowArb = fc
  .tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -3 * 24 * 60, max: 24 * 60 }), fc.integer({ min: 24 * 60, max: 4 * 24 * 60 }))
  .map(([day, offsetMin, lengthMin]) => ({ start: day + offsetMin * MIN, end: day + (offsetMin + lengthMin) * MIN }));

function busyArb(window: Interval): fc.Arbitrary<Interval[]> {
  return fc.array(
    fc
      .tuple(fc.integer({ min: (window.start - DAY) / MIN, max: (window.end + DAY) / MIN }), fc.integer({ min: 1, max: 36 }))
      .map(([startMin, len]) => ({ start: Math.floor(startMin / 5) * 5 * MIN, end: (Math.floor(startMin / 5) * 5 + len * 5) * MIN })),
    { maxLength: 8 },
  );
}

function absencesArb(window: Interval): fc.Arbitrary<LocalBlock[]> {
  return fc.array(
    fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: 0, max: 1 }), fc.boolean()).map(([startDay, length, halfDay]) => {
      const startDate = new Date(window.start + startDay * DAY).toISOString().slice(0, 10);
      const endDate = new Date(window.start + (startDay + length) * DAY).toISOString().slice(0, 10);
      return { startDate, endDate, ...(halfDay ? { startTime: '12:00' } : {}) };
    }),
    { maxLength: 2 },
  );
}

const participantArb = (window: Interval, index: number): fc.Arbitrary<SlotParticipant> =>
  fc.record({
    id: fc.constant(`p${index}`),
    // Mostly zones whose working days overlap, sometimes the far ones.
    timeZone: fc.oneof({ arbitrary: fc.constantFrom('Europe/Amsterdam', 'Europe/London', 'UTC'), weight: 3 }, { arbitrary: fc.constantFrom(...ZONES), weight: 2 }),
    workingHours: workingHoursArb,
    busy: busyArb(window),
    absences: absencesArb(window),
  });

const inputArb: fc.Arbitrary<FindSlotsInput & { window: Interval }> = windowArb.chain((window) =>
  fc.record({
    window: fc.constant({ ...window, from: window.start, to: window.end }),
    participants: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => participantArb(window, i)))),
    durationMinutes: fc.integer({ min: 3, max: 24 }).map((q) => q * 5),
    bufferBeforeMinutes: fc.constantFrom(0, 0, 5, 10, 15, 30),
    bufferAfterMinutes: fc.constantFrom(0, 0, 5, 10, 15, 30),
    stepMinutes: fc.constantFrom(5, 10, 15, 25, 30, 35, 45, 60),
    gridTimeZone: fc.constantFrom(...ZONES),
    rooms: fc.option(
      fc.array(fc.record({ id: fc.constantFrom('r1', 'r2', 'r3'), busy: busyArb(window) }), { minLength: 1, maxLength: 2 }).map((rooms) =>
        rooms.map((r, i) => ({ ...r, id: `room${i}` })),
      ),
      { nil: undefined, freq: 2 },
    ),
  }),
);

/** Local wall reading of an instant via Temporal (independent of the code under test). */
function localTemporal(zone: string, ms: number): { date: string; minutes: number; weekday: IsoWeekday } {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  return { date: z.toPlainDate().toString(), minutes: z.hour * 60 + z.minute + z.second / 60, weekday: z.dayOfWeek as IsoWeekday };
}

/** The same reading from the zone offsets alone (checked against Temporal in zone-rules.test.ts): fast enough for the oracle. */
function localFast(zone: string, ms: number): { date: string; minutes: number; weekday: IsoWeekday } {
  const wall = new Date(ms + ianaZone(zone)!.offsetAt(ms));
  const day = wall.getUTCDay();
  return {
    date: wall.toISOString().slice(0, 10),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() + wall.getUTCSeconds() / 60,
    weekday: (day === 0 ? 7 : day) as IsoWeekday,
  };
}

type Local = typeof localFast;

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function withinWorkingHours(p: SlotParticipant, start: number, end: number, local: Local = localTemporal): boolean {
  const a = local(p.timeZone, start);
  const b = local(p.timeZone, end);
  const sameDay = a.date === b.date || (b.minutes === 0 && local(p.timeZone, end - 1).date === a.date);
  if (!sameDay) return false;
  const endMinutes = b.date === a.date ? b.minutes : 24 * 60;
  return (p.workingHours.weekly[a.weekday] ?? []).some((r) => a.minutes >= toMinutes(r.start) && endMinutes <= toMinutes(r.end));
}

function absent(p: SlotParticipant, start: number, end: number, local: Local = localTemporal): boolean {
  const a = local(p.timeZone, start);
  const bEnd = local(p.timeZone, end);
  return (p.absences ?? []).some((blk) => {
    if (a.date < blk.startDate || a.date > blk.endDate) return false;
    if (a.date === blk.startDate && blk.startTime) return a.date !== bEnd.date || bEnd.minutes > toMinutes(blk.startTime);
    return true;
  });
}

function conflicts(busy: readonly Interval[], start: number, end: number, before: number, after: number): boolean {
  return busy.some((b) => b.end > b.start && start - before < b.end && end + after > b.start);
}

const aligned = (zone: string, t: number, stepMinutes: number) => {
  const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
  return z.second === 0 && z.millisecond === 0 && (z.hour * 60 + z.minute) % stepMinutes === 0;
};

/** Every minute of the window, decided from scratch. */
function oracle(input: FindSlotsInput & { window: Interval }): { start: number; rooms: string[] }[] {
  const dur = input.durationMinutes * MIN;
  const before = (input.bufferBeforeMinutes ?? 0) * MIN;
  const after = (input.bufferAfterMinutes ?? 0) * MIN;
  const step = input.stepMinutes ?? 15;
  const grid = ianaZone(input.gridTimeZone!)!; // offsets verified against Temporal in zone-rules.test.ts
  const out: { start: number; rooms: string[] }[] = [];
  for (let t = Math.ceil(input.window.start / MIN) * MIN; t + dur <= input.window.end; t += MIN) {
    const wall = t + grid.offsetAt(t);
    if ((((wall % DAY) + DAY) % DAY) % (step * MIN) !== 0) continue;
    const end = t + dur;
    const ok = input.participants.every(
      (p) => withinWorkingHours(p, t, end, localFast) && !absent(p, t, end, localFast) && !conflicts(p.busy, t, end, before, after),
    );
    if (!ok) continue;
    const rooms = (input.rooms ?? []).filter((r) => !conflicts(r.busy, t, end, 0, 0)).map((r) => r.id);
    if (input.rooms && rooms.length === 0) continue;
    out.push({ start: t, rooms });
  }
  return out;
}

const starts = (slots: Slot[]) => slots.map((s) => s.start);

describe('findSlots properties', () => {
  it('no slot overlaps any busy interval (+buffers) of any participant', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = (input.bufferBeforeMinutes ?? 0) * MIN;
        const after = (input.bufferAfterMinutes ?? 0) * MIN;
        for (const slot of findSlots(input)) {
          for (const p of input.participants) expect(conflicts(p.busy, slot.start, slot.end, before, after)).toBe(false);
          for (const id of slot.rooms) expect(conflicts(input.rooms!.find((r) => r.id === id)!.busy, slot.start, slot.end, 0, 0)).toBe(false);
        }
      }),
      { numRuns: 120 },
    );
  });

  it("every slot lies within every participant's working hours, outside absences, inside the window, on the grid", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const slot of findSlots(input)) {
          expect(slot.end - slot.start).toBe(input.durationMinutes * MIN);
          expect(slot.start).toBeGreaterThanOrEqual(input.window.start);
          expect(slot.end).toBeLessThanOrEqual(input.window.end);
          expect(aligned(input.gridTimeZone!, slot.start, input.stepMinutes!)).toBe(true);
          for (const p of input.participants) {
            expect(withinWorkingHours(p, slot.start, slot.end)).toBe(true);
            expect(absent(p, slot.start, slot.end)).toBe(false);
          }
        }
      }),
      { numRuns: 70 },
    );
  });

  it('slots are ordered and unique, and the search is deterministic', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const slots = findSlots(input);
        for (let i = 1; i < slots.length; i++) expect(slots[i]!.start).toBeGreaterThan(slots[i - 1]!.start);
        const shuffled = { ...input, participants: input.participants.map((p) => ({ ...p, busy: [...p.busy].reverse() })) };
        expect(findSlots(shuffled)).toEqual(slots);
      }),
      { numRuns: 80 },
    );
  });

  it('adding busy time never adds slots', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), fc.integer({ min: 0, max: input.participants.length - 1 }), busyArb(input.window))),
        ([input, who, extra]) => {
          const more = { ...input, participants: input.participants.map((p, i) => (i === who ? { ...p, busy: [...p.busy, ...extra] } : p)) };
          const before = new Set(starts(findSlots(input)));
          for (const start of starts(findSlots(more))) expect(before.has(start)).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('finds exactly the slots a minute-by-minute oracle finds', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const got = findSlots(input).map((s) => ({ start: s.start, rooms: [...s.rooms] }));
        expect(got).toEqual(oracle(input));
      }),
      { numRuns: 50 },
    );
  });

  it('maxResults returns a prefix of the full answer', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 10 }), (input, max) => {
        expect(findSlots({ ...input, maxResults: max })).toEqual(findSlots(input).slice(0, max));
      }),
      { numRuns: 40 },
    );
  });
});
