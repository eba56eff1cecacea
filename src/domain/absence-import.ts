import { addDays, type LocalDate } from './dates.ts';

/**
 * Absences taken over from an HR system (F-22, Personio → Koppel), decided in one pure step: given what
 * the vendor holds in a window and what Koppel holds for the same people and days, which Koppel absences
 * to create, change and delete. The rules (seed 001):
 *
 * - Only approved vendor absences of a mapped type come over. Pending, rejected, withdrawn and deleted ones
 *   do not, and one that came over earlier is deleted again (the vendor leaves no trace: the window is
 *   reconciled as a whole, so anything imported in it that the vendor no longer lists goes).
 * - An imported absence is shaped as Koppel shapes absences: a single half day is `half_day`; an hour-unit
 *   type is `hours` with the vendor's per-day amounts; a multi-day absence that starts or ends with half a
 *   day is split into a half-day piece, the whole days, and a half-day piece, so leave balances count right.
 * - Koppel's own absences are never overwritten or deleted, except those of the kind `not_plannable`, which
 *   yield: their days under the imported absence are cut out (the rest of them stays). Any other overlap
 *   keeps Koppel's absence and reports the imported one as a conflict, for a person to resolve.
 * - Nothing outside the window is touched.
 */
export type VendorAbsence = {
  externalId: string;
  employeeId: string;
  /** The Koppel absence type the vendor type maps to; null = not mapped (not imported). */
  absenceTypeId: string | null;
  typeName: string;
  status: 'approved' | 'pending' | 'rejected';
  startDate: LocalDate;
  endDate: LocalDate;
  /** FIRST_HALF / SECOND_HALF on the first and last day, as Personio v2 gives them (`starts_from.type`, `ends_at.type`). */
  startHalf: 'FIRST_HALF' | 'SECOND_HALF' | null;
  endHalf: 'FIRST_HALF' | 'SECOND_HALF' | null;
  /** Per-day amounts (`/breakdowns`); for hour-unit types the hours per day. */
  unit: 'DAY' | 'HOUR';
  breakdown: Array<{ date: LocalDate; value: number }>;
};

export type KoppelAbsence = {
  id: string;
  employeeId: string;
  absenceTypeId: string;
  kind: 'vacation' | 'sick' | 'special_leave' | 'not_plannable' | 'other';
  startDate: LocalDate;
  endDate: LocalDate;
  unit: 'days' | 'half_day' | 'hours';
  hours: number | null;
  comment: string | null;
  /** Set on absences an import created: `<externalId>#<first date of the piece>`. Null for Koppel's own. */
  importRef: string | null;
};

export type ImportedPiece = {
  importRef: string;
  employeeId: string;
  absenceTypeId: string;
  startDate: LocalDate;
  endDate: LocalDate;
  unit: 'days' | 'half_day' | 'hours';
  hours: number | null;
  comment: string;
};

export type AbsenceImportPlan = {
  create: ImportedPiece[];
  update: Array<{ id: string; piece: ImportedPiece }>;
  /** Imported absences the vendor no longer lists (or no longer approves). */
  remove: Array<{ id: string; importRef: string }>;
  /** `not_plannable` absences cut back: deleted when nothing is left, else replaced by the remaining pieces. */
  yieldNotPlannable: Array<{ id: string; keep: Array<{ startDate: LocalDate; endDate: LocalDate }> }>;
  /** Imported absences not taken over, with the reason. */
  skipped: Array<{ externalId: string; employeeId: string; reason: 'not_approved' | 'type_not_mapped' | 'overlaps_koppel_absence' | 'outside_window'; conflictWith?: string }>;
  unchanged: number;
};

export function importComment(vendorName: string, a: Pick<VendorAbsence, 'typeName' | 'startDate' | 'endDate'>): string {
  return a.startDate === a.endDate ? `${vendorName}: ${a.typeName}, ${a.startDate}` : `${vendorName}: ${a.typeName}, ${a.startDate} – ${a.endDate}`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Days of a day-unit absence that are half days: from the vendor's per-day amounts when it gave them, else from the half-day markers. */
export function halfDays(a: VendorAbsence): Set<LocalDate> {
  const inRange = a.breakdown.filter((b) => b.date >= a.startDate && b.date <= a.endDate);
  if (inRange.length > 0) return new Set(inRange.filter((b) => b.value > 0 && b.value < 1).map((b) => b.date));
  const halves = new Set<LocalDate>();
  if (a.startDate === a.endDate) {
    // One day: a half day unless it runs from the first half to the second (the whole day) or has no markers.
    const whole = (a.startHalf === null && a.endHalf === null) || (a.startHalf === 'FIRST_HALF' && a.endHalf === 'SECOND_HALF');
    if (!whole) halves.add(a.startDate);
    return halves;
  }
  if (a.startHalf === 'SECOND_HALF') halves.add(a.startDate);
  if (a.endHalf === 'FIRST_HALF') halves.add(a.endDate);
  return halves;
}

/**
 * The Koppel pieces one approved, mapped vendor absence becomes: hour-unit types one `hours` piece with the
 * summed per-day hours; day-unit types a `half_day` piece per half day and a `days` piece per run of whole
 * days between them. Each piece's ref is `<externalId>#<its first date>`, stable while the shape is.
 */
export function piecesOf(a: VendorAbsence, vendorName: string): ImportedPiece[] {
  const base = { employeeId: a.employeeId, absenceTypeId: a.absenceTypeId as string, comment: importComment(vendorName, a) };
  const piece = (startDate: LocalDate, endDate: LocalDate, unit: ImportedPiece['unit'], hours: number | null): ImportedPiece => ({
    ...base,
    importRef: `${a.externalId}#${startDate}`,
    startDate,
    endDate,
    unit,
    hours,
  });
  if (a.unit === 'HOUR') {
    const hours = round2(a.breakdown.filter((b) => b.date >= a.startDate && b.date <= a.endDate).reduce((s, b) => s + b.value, 0));
    return [piece(a.startDate, a.endDate, 'hours', hours)];
  }
  const halves = halfDays(a);
  const pieces: ImportedPiece[] = [];
  let runStart: LocalDate | null = null;
  for (let d = a.startDate; d <= a.endDate; d = addDays(d, 1)) {
    if (halves.has(d)) {
      if (runStart) pieces.push(piece(runStart, addDays(d, -1), 'days', null));
      runStart = null;
      pieces.push(piece(d, d, 'half_day', null));
    } else runStart ??= d;
  }
  if (runStart) pieces.push(piece(runStart, a.endDate, 'days', null));
  return pieces;
}

const overlaps = (a: { startDate: LocalDate; endDate: LocalDate }, b: { startDate: LocalDate; endDate: LocalDate }) =>
  a.startDate <= b.endDate && b.startDate <= a.endDate;

/** What remains of a range after cutting other ranges out of it. */
export function cutOut(range: { startDate: LocalDate; endDate: LocalDate }, cuts: Array<{ startDate: LocalDate; endDate: LocalDate }>) {
  let parts = [{ startDate: range.startDate, endDate: range.endDate }];
  for (const c of cuts) {
    parts = parts.flatMap((p) => {
      if (!overlaps(p, c)) return [p];
      const out: Array<{ startDate: LocalDate; endDate: LocalDate }> = [];
      if (p.startDate < c.startDate) out.push({ startDate: p.startDate, endDate: addDays(c.startDate, -1) });
      if (p.endDate > c.endDate) out.push({ startDate: addDays(c.endDate, 1), endDate: p.endDate });
      return out;
    });
  }
  return parts;
}

const samePiece = (k: KoppelAbsence, p: ImportedPiece) =>
  k.absenceTypeId === p.absenceTypeId &&
  k.startDate === p.startDate &&
  k.endDate === p.endDate &&
  k.unit === p.unit &&
  (k.hours ?? null) === (p.hours ?? null) &&
  (k.comment ?? '') === p.comment &&
  k.employeeId === p.employeeId;

export function planAbsenceImport(
  vendor: readonly VendorAbsence[],
  koppel: readonly KoppelAbsence[],
  window: { from: LocalDate; to: LocalDate },
  vendorName: string,
): AbsenceImportPlan {
  const plan: AbsenceImportPlan = { create: [], update: [], remove: [], yieldNotPlannable: [], skipped: [], unchanged: 0 };
  const inWindow = (r: { startDate: LocalDate; endDate: LocalDate }) => overlaps(r, { startDate: window.from, endDate: window.to });
  const imported = new Map(koppel.filter((k) => k.importRef !== null).map((k) => [k.importRef as string, k]));
  const own = koppel.filter((k) => k.importRef === null);
  const wantedRefs = new Set<string>();
  const cutsByNotPlannable = new Map<string, Array<{ startDate: LocalDate; endDate: LocalDate }>>();

  for (const a of vendor) {
    if (!inWindow(a)) {
      plan.skipped.push({ externalId: a.externalId, employeeId: a.employeeId, reason: 'outside_window' });
      // Outside the window nothing is reconciled: keep what was imported before.
      for (const ref of imported.keys()) if (ref.startsWith(`${a.externalId}#`)) wantedRefs.add(ref);
      continue;
    }
    if (a.status !== 'approved') {
      plan.skipped.push({ externalId: a.externalId, employeeId: a.employeeId, reason: 'not_approved' });
      continue;
    }
    if (!a.absenceTypeId) {
      plan.skipped.push({ externalId: a.externalId, employeeId: a.employeeId, reason: 'type_not_mapped' });
      continue;
    }
    const pieces = piecesOf(a, vendorName);
    const blocking = own.find((k) => k.employeeId === a.employeeId && k.kind !== 'not_plannable' && pieces.some((p) => overlaps(k, p)));
    if (blocking) {
      plan.skipped.push({ externalId: a.externalId, employeeId: a.employeeId, reason: 'overlaps_koppel_absence', conflictWith: blocking.id });
      continue;
    }
    for (const k of own) {
      if (k.employeeId !== a.employeeId || k.kind !== 'not_plannable') continue;
      for (const p of pieces) if (overlaps(k, p)) cutsByNotPlannable.set(k.id, [...(cutsByNotPlannable.get(k.id) ?? []), { startDate: p.startDate, endDate: p.endDate }]);
    }
    for (const p of pieces) {
      wantedRefs.add(p.importRef);
      const current = imported.get(p.importRef);
      if (!current) plan.create.push(p);
      else if (samePiece(current, p)) plan.unchanged++;
      else plan.update.push({ id: current.id, piece: p });
    }
  }
  for (const [ref, k] of imported) {
    if (wantedRefs.has(ref)) continue;
    // Reconcile only the window: an imported absence wholly outside it stays as it is.
    if (!inWindow(k)) continue;
    plan.remove.push({ id: k.id, importRef: ref });
  }
  for (const [id, cuts] of cutsByNotPlannable) {
    const k = own.find((o) => o.id === id) as KoppelAbsence;
    plan.yieldNotPlannable.push({ id, keep: cutOut(k, cuts) });
  }
  return plan;
}

/** The window an import reconciles: `back` days before and `ahead` days after today. */
export function importWindow(today: LocalDate, back = 90, ahead = 365) {
  return { from: addDays(today, -back), to: addDays(today, ahead) };
}
