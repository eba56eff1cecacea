import { AttendanceMappingError, shiftToPeriods } from '../../domain/attendance-periods.ts';
import type { PersonioPeriodPayload } from '../../connectors/hr/personio/personio.attendance-sink.ts';
import type { DesiredItem } from './outbound-plan.ts';

/**
 * Koppel shifts → what Personio should hold as v2 attendance periods (issue 9): each shift becomes its
 * WORK/BREAK periods (domain/attendance-periods.ts: break in the middle, split at midnight), keyed
 * `shift:<id>:<n>` with n the period's position in the shift. A shift changing its break changes the
 * number of keys; the outbound plan removes the keys no longer wanted.
 */

export interface OutboundShift {
  id: string;
  employee_id: string;
  date: string;
  start_time: string;
  end_time: string;
  break_minutes: number;
}

export type SkippedShiftReason = 'not_linked' | AttendanceMappingError['reason'];

export interface ShiftsToItemsOptions {
  /** Called for each shift that yields no items (employee without a Personio person, a break as long as the shift). */
  onSkipped?: (shiftId: string, reason: SkippedShiftReason) => void;
  /** Comment shown in Personio in front of the sink's key marker. Default none. */
  comment?: (shift: OutboundShift) => string;
}

/** The longest comment sent in front of the key marker. */
export const MAX_PERIOD_COMMENT = 200;
export function capComment(comment: string): string {
  const t = comment.trim();
  return t.length <= MAX_PERIOD_COMMENT ? t : `${t.slice(0, MAX_PERIOD_COMMENT - 1).trimEnd()}…`;
}

export function shiftsToDesiredItems(
  shifts: readonly OutboundShift[],
  personIdOf: (employeeId: string) => string | null | undefined,
  opts: ShiftsToItemsOptions = {},
): DesiredItem<PersonioPeriodPayload>[] {
  const items: DesiredItem<PersonioPeriodPayload>[] = [];
  for (const shift of shifts) {
    const personId = personIdOf(shift.employee_id);
    if (!personId) {
      opts.onSkipped?.(shift.id, 'not_linked');
      continue;
    }
    let periods;
    try {
      // Database times may carry seconds; the mapping works in minutes.
      periods = shiftToPeriods({ date: shift.date, startTime: shift.start_time.slice(0, 5), endTime: shift.end_time.slice(0, 5), breakMinutes: shift.break_minutes });
    } catch (err) {
      if (!(err instanceof AttendanceMappingError)) throw err;
      opts.onSkipped?.(shift.id, err.reason);
      continue;
    }
    // Capped so that comment + key marker (`[koppel:shift:<uuid>:<n>]`, ≤ 55 characters) fit in 255: Personio documents no
    // maximum, and a truncated marker would lose the key (review9 2.17).
    const comment = capComment(opts.comment?.(shift) ?? '');
    periods.forEach((p, n) => {
      items.push({
        idempotencyKey: `shift:${shift.id}:${n}`,
        subjectId: shift.id,
        periodDate: p.attributionDate,
        payload: { personId, type: p.type, start: p.start, end: p.end, comment },
      });
    });
  }
  return items;
}
