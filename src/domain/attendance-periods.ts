import { addDays, type LocalDate, timeToMinutes } from './dates.ts';
import { shiftSpanMinutes } from './hours.ts';

/**
 * A worked shift as attendance periods, the shape HR systems with a period model expect (Personio v2
 * `/v2/attendance-periods`): `WORK` and `BREAK` periods in local wall-clock time without offset, none
 * crossing midnight, none overlapping another of the same person.
 *
 * Koppel keeps a shift as a local date, a start and end time (an end at or before the start runs past
 * midnight) and break minutes without a position. The rules that turn that into periods:
 *
 * 1. **Break placement.** The break sits in the middle of the worked time: the worked minutes are split
 *    in two halves (the first half gets the odd minute less), the break goes between them. A shift without
 *    a break is one `WORK` period. A shift of one worked minute has an empty first half: its break comes
 *    first, and the chain still starts and ends where the shift does.
 * 2. **Midnight.** A period that would cross 00:00 is split there: the part before ends at `D+1T00:00:00`
 *    (end is exclusive), the part after starts at `D+1T00:00:00`. Splitting never changes the minutes. A
 *    shift ending at 24:00 (stored as 00:00) ends at `D+1T00:00:00` too. A vendor may want the part before
 *    midnight spelled `DT23:59:59` (the sink's choice, `spellMidnightEnd`); read back, `DT23:59:59` counts
 *    as `D+1T00:00:00` (`normalisePeriodEnd`), so both spellings give the same shift.
 * 3. **Attribution date.** Koppel's journal attributes every period of a shift to the shift's own date (the
 *    day the shift starts), also the part after midnight, so a night shift counts on one working day as in
 *    Koppel. A vendor attributes by its own rule (Personio answers its `attribution_date`).
 * 4. **Local times.** Times stay the employee's wall-clock times; a DST change inside a shift is not
 *    re-measured (Koppel measures shifts on the wall clock too).
 *
 * `periodsToShift` reads periods back into a shift; `shiftToPeriods` then `periodsToShift` is the
 * identity for every valid shift (tested as a property).
 */
export type AttendancePeriodType = 'WORK' | 'BREAK';

/** 'YYYY-MM-DDTHH:MM:SS', local, no offset. */
export type LocalDateTime = string;

export type AttendancePeriod = {
  type: AttendancePeriodType;
  start: LocalDateTime;
  end: LocalDateTime;
  attributionDate: LocalDate;
};

export type ShiftTimes = {
  date: LocalDate;
  startTime: string;
  endTime: string;
  breakMinutes: number;
};

export class AttendanceMappingError extends Error {
  constructor(readonly reason: 'break_too_long' | 'not_contiguous' | 'no_work' | 'too_long') {
    super(`attendance mapping: ${reason}`);
  }
}

const DAY = 24 * 60;

function at(date: LocalDate, minuteFromDateStart: number): LocalDateTime {
  const days = Math.floor(minuteFromDateStart / DAY);
  const m = minuteFromDateStart - days * DAY;
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${addDays(date, days)}T${hh}:${mm}:00`;
}

/** A period end read from a vendor: `DT23:59:59` is the end of day D, i.e. `D+1T00:00:00`; anything else as it is. */
export function normalisePeriodEnd(end: LocalDateTime): LocalDateTime {
  return end.length >= 19 && end.slice(11, 19) === '23:59:59' ? `${addDays(end.slice(0, 10), 1)}T00:00:00` : end;
}

/**
 * A period end as the vendor should receive it: `next_day_0000` keeps `D+1T00:00:00`; `same_day_235959`
 * writes the end of a period that ends at midnight as `DT23:59:59` (the period's own start date).
 */
export function spellMidnightEnd(start: LocalDateTime, end: LocalDateTime, spelling: 'next_day_0000' | 'same_day_235959'): LocalDateTime {
  if (spelling === 'next_day_0000' || end.slice(11, 19) !== '00:00:00' || end.slice(0, 10) !== addDays(start.slice(0, 10), 1)) return end;
  return `${start.slice(0, 10)}T23:59:59`;
}

/** Minutes of a local date-time counted from 00:00 of `origin`. */
function minutesFrom(origin: LocalDate, value: LocalDateTime): number {
  const date = value.slice(0, 10);
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${origin}T00:00:00Z`)) / 86_400_000);
  return days * DAY + timeToMinutes(value.slice(11, 16));
}

export function shiftToPeriods(shift: ShiftTimes): AttendancePeriod[] {
  const start = timeToMinutes(shift.startTime);
  const span = shiftSpanMinutes(shift.startTime, shift.endTime);
  const worked = span - shift.breakMinutes;
  if (shift.breakMinutes < 0 || worked <= 0) throw new AttendanceMappingError('break_too_long');
  const firstHalf = Math.floor(worked / 2);
  const pieces: Array<{ type: AttendancePeriodType; from: number; to: number }> =
    shift.breakMinutes === 0
      ? [{ type: 'WORK', from: start, to: start + span }]
      : [
          { type: 'WORK', from: start, to: start + firstHalf },
          { type: 'BREAK', from: start + firstHalf, to: start + firstHalf + shift.breakMinutes },
          { type: 'WORK', from: start + firstHalf + shift.breakMinutes, to: start + span },
        ];
  const periods: AttendancePeriod[] = [];
  for (const piece of pieces) {
    if (piece.to <= piece.from) continue;
    const midnight = (Math.floor(piece.from / DAY) + 1) * DAY;
    const cuts = piece.to > midnight ? [piece.from, midnight, piece.to] : [piece.from, piece.to];
    for (let i = 0; i + 1 < cuts.length; i++) {
      periods.push({
        type: piece.type,
        start: at(shift.date, cuts[i] as number),
        end: at(shift.date, cuts[i + 1] as number),
        attributionDate: shift.date,
      });
    }
  }
  return periods;
}

/**
 * The shift a contiguous chain of one person's periods stands for: start of the first, end of the last,
 * break minutes the sum of the `BREAK` periods. Refuses gaps and overlaps (they are not one shift) and
 * chains longer than a day (Koppel shifts are at most 24 hours).
 */
export function periodsToShift(periods: readonly AttendancePeriod[]): ShiftTimes {
  const sorted = periods.map((p) => ({ ...p, end: normalisePeriodEnd(p.end) })).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || !sorted.some((p) => p.type === 'WORK')) throw new AttendanceMappingError('no_work');
  const origin = first.start.slice(0, 10);
  let breakMinutes = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i] as AttendancePeriod;
    if (i > 0 && (sorted[i - 1] as AttendancePeriod).end !== p.start) throw new AttendanceMappingError('not_contiguous');
    if (p.type === 'BREAK') breakMinutes += minutesFrom(origin, p.end) - minutesFrom(origin, p.start);
  }
  const span = minutesFrom(origin, last.end) - minutesFrom(origin, first.start);
  if (span > DAY || span <= 0) throw new AttendanceMappingError('too_long');
  return {
    date: origin,
    startTime: first.start.slice(11, 16),
    endTime: last.end.slice(11, 16),
    breakMinutes,
  };
}

/** Worked minutes of periods (the `WORK` ones). */
export function workedMinutes(periods: readonly AttendancePeriod[]): number {
  let total = 0;
  for (const p of periods) {
    if (p.type !== 'WORK') continue;
    const origin = p.start.slice(0, 10);
    total += minutesFrom(origin, normalisePeriodEnd(p.end)) - minutesFrom(origin, p.start);
  }
  return total;
}
