import type { ExternalAbsence, ExternalAbsenceDay, ExternalAbsenceType } from '../../kit/absence-source.ts';
import { personioV2AbsencePeriodSchema, personioV2AbsenceTypeSchema, personioV2BreakdownSchema } from './personio.schemas.ts';

/**
 * Personio v2 absence payloads → the kit's vendor-neutral shapes (F-22). A row that does not parse is
 * dropped (null) rather than failing the page: the import reports what it read.
 */

/** v2 `approval.status`: APPROVED comes over; PENDING/REQUESTED wait; anything else (REJECTED, WITHDRAWN, CANCELLED…) does not. */
export function approvalOf(status: string | null | undefined): ExternalAbsence['status'] {
  const s = (status ?? '').toUpperCase();
  if (s === 'APPROVED' || s === 'CONFIRMED') return 'approved';
  if (s === 'PENDING' || s === 'REQUESTED' || s === '') return 'pending';
  return 'rejected';
}

export function mapAbsenceType(raw: unknown): ExternalAbsenceType | null {
  const p = personioV2AbsenceTypeSchema.safeParse(raw);
  if (!p.success) return null;
  return { id: p.data.id, name: p.data.name, category: p.data.category ?? null, unit: p.data.unit };
}

export function mapAbsencePeriod(raw: unknown): ExternalAbsence | null {
  const p = personioV2AbsencePeriodSchema.safeParse(raw);
  if (!p.success) return null;
  const a = p.data;
  const startDate = a.starts_from.date_time.slice(0, 10);
  // An open period (no end yet) is taken as its first day.
  let endDate = a.ends_at ? a.ends_at.date_time.slice(0, 10) : startDate;
  // An end exactly at midnight of a later date may be end-exclusive (`<last+1>T00:00`) or the last date
  // itself (`<last>T00:00`, half marker or not): no document says which. Read as exclusive and flagged,
  // so the per-day amounts decide (absence-import service puts the date back when Personio counts it).
  let endAtMidnight = false;
  if (a.ends_at && endDate > startDate && /T00:00(?::00(?:\.0+)?)?$/.test(a.ends_at.date_time)) {
    endDate = new Date(Date.parse(`${endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    endAtMidnight = true;
  }
  if (endDate < startDate) return null;
  return {
    id: a.id,
    personId: a.person.id,
    typeId: a.absence_type.id,
    startDate,
    endDate,
    startHalf: a.starts_from.type,
    endHalf: a.ends_at?.type ?? null,
    status: approvalOf(a.approval?.status),
    comment: a.comment ?? '',
    updatedAt: a.updated_at ?? null,
    ...(endAtMidnight ? { endAtMidnight } : {}),
  };
}

export function mapBreakdown(raw: unknown): ExternalAbsenceDay | null {
  const p = personioV2BreakdownSchema.safeParse(raw);
  if (!p.success) return null;
  return { date: p.data.date, unit: p.data.effective_duration.unit, value: p.data.effective_duration.value };
}
