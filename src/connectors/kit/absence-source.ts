/**
 * An HR system Koppel reads absences from (F-22). Vendor-neutral: the connector maps its payloads to
 * these shapes; the integrations layer maps people and types to Koppel's and plans the import.
 */
export type ExternalAbsenceUnit = 'DAY' | 'HOUR';
export type ExternalAbsenceType = { id: string; name: string; category: string | null; unit: ExternalAbsenceUnit };
export type HalfMarker = 'FIRST_HALF' | 'SECOND_HALF' | null;
export type ExternalAbsence = {
  id: string;
  personId: string;
  typeId: string;
  /** Local calendar dates of the first and last day. */
  startDate: string;
  endDate: string;
  startHalf: HalfMarker;
  endHalf: HalfMarker;
  status: 'approved' | 'pending' | 'rejected';
  comment: string;
  updatedAt: string | null;
  /**
   * The vendor wrote the end at 00:00 of a later date, and `endDate` was read as
   * the day before (end-exclusive). Whether the vendor meant that date itself is not documented: the
   * per-day amounts decide (a positive amount on `endDate + 1` puts it back).
   */
  endAtMidnight?: boolean;
};
export type ExternalAbsenceDay = { date: string; unit: ExternalAbsenceUnit; value: number };

export interface AbsenceSource {
  listAbsenceTypes(signal?: AbortSignal): Promise<ExternalAbsenceType[]>;
  /** Every absence overlapping [from, to] (inclusive local dates), any status the vendor lists. */
  listAbsences(window: { from: string; to: string }, signal?: AbortSignal): AsyncIterable<ExternalAbsence>;
  /** Types the last `listAbsenceTypes` left out because their unit is unknown (id → name): their absences are skipped with a reason. */
  readonly unknownUnitAbsenceTypes?: ReadonlyMap<string, string>;
  /** The per-day amounts of one absence. */
  absenceDays(id: string, signal?: AbortSignal): Promise<ExternalAbsenceDay[]>;
}

export function isAbsenceSource(c: unknown): c is AbsenceSource {
  const o = c as Partial<AbsenceSource> | null;
  return !!o && typeof o.listAbsenceTypes === 'function' && typeof o.listAbsences === 'function' && typeof o.absenceDays === 'function';
}
