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
  if (!p.success || p.data.unit === null) return null;
  return { id: p.data.id, name: p.data.name, category: p.data.category ?? null, unit: p.data.unit };
}

/** A type that parses but whose unit Koppel cannot tell (absent, or another spelling): its id and name, for the skip reason. */
export function unknownUnitType(raw: unknown): { id: string; name: string } | null {
  const p = personioV2AbsenceTypeSchema.safeParse(raw);
  return p.success && p.data.unit === null ? { id: p.data.id, name: p.data.name } : null;
}

/** Personio's time zone when a period names none (the company's, for Koppel's customers). */
export const PERSONIO_DEFAULT_TIME_ZONE = 'Europe/Berlin';

/**
 * A v2 date-time as local wall-clock time in `timeZone`. Documented as local without offset ([REF-B] §B1),
 * but [CC2]'s `DateTimeWithTimezone` example is UTC with `Z` and v1 hourly absences were UTC: a value with
 * `Z` or an offset is an instant, shown in the period's `timezone_id` (else Personio's default zone) before
 * its date is taken. Without offset: as written.
 */
export function localDateTimeOf(value: string, timeZone: string | null | undefined): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m) return value;
  const local = `${m[1]}T${m[2] ?? '00:00'}:${m[3] ?? '00'}`;
  if (!m[4]) return local;
  const offset = m[4] === 'Z' ? 'Z' : `${m[4].slice(0, 3)}:${m[4].slice(-2)}`;
  const instant = new Date(`${local}${offset}`);
  if (Number.isNaN(instant.getTime())) return local;
  const zone = (() => {
    try {
      return new Intl.DateTimeFormat('en-GB', { timeZone: timeZone || PERSONIO_DEFAULT_TIME_ZONE }).resolvedOptions().timeZone;
    } catch {
      return PERSONIO_DEFAULT_TIME_ZONE;
    }
  })();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

export function mapAbsencePeriod(raw: unknown): ExternalAbsence | null {
  const p = personioV2AbsencePeriodSchema.safeParse(raw);
  if (!p.success) return null;
  const a = p.data;
  const startAt = localDateTimeOf(a.starts_from.date_time, a.timezone_id);
  const endAt = a.ends_at ? localDateTimeOf(a.ends_at.date_time, a.timezone_id) : null;
  const startDate = startAt.slice(0, 10);
  // An open period (no end yet) is taken as its first day.
  let endDate = endAt ? endAt.slice(0, 10) : startDate;
  // An end exactly at midnight of a later date may be end-exclusive (`<last+1>T00:00`) or the last date
  // itself (`<last>T00:00`, half marker or not): no document says which. Read as exclusive and flagged,
  // so the per-day amounts decide (absence-import service puts the date back when Personio counts it).
  let endAtMidnight = false;
  if (endAt && endDate > startDate && endAt.endsWith('T00:00:00')) {
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
  const { unit, value } = p.data.effective_duration;
  if (unit.startsWith('MINUTE')) return { date: p.data.date, unit: 'HOUR', value: Math.round((value / 60) * 10_000) / 10_000 };
  return { date: p.data.date, unit: unit.startsWith('HOUR') ? 'HOUR' : 'DAY', value };
}
