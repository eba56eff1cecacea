import { isValidBsn, normalizeBsn } from '../../../domain/bsn.ts';
import { type ExternalEmployee, type ExternalRef, isCalendarDate } from '../../kit/hr-connector.ts';
import { type LoketEmployment, type LoketWorkingHours, loketEmployeeSchema } from './loket.schemas.ts';

/**
 * Loket payloads → Koppel's vendor-neutral shapes. Pure: no I/O, no clock (today comes in).
 *
 * - `externalId` is Loket's employee UUID (stable, unique across employers); `personnelNumber` is the
 *   employee number, which Loket keeps unique only within one employer (the sync engine checks clashes
 *   across integrations);
 * - the tussenvoegsel stays apart (`prefix`);
 * - the employment chosen for an employee is the one running today, else the latest started; its end
 *   date is the contract end date (always taken over, F-14) and, once passed, the termination date;
 * - the BSN comes from its own call (and right); null when the right is missing;
 * - the weekly hours are the chosen employment's actual working hours: `aggregatedHoursPerWeek`, else
 *   `averageHoursPerWeek`; null when Loket states none (on-call) or the hours could not be read (no right).
 */

export type LoketMapResult = { ok: true; employee: ExternalEmployee } | { ok: false; error: string; externalId?: string };

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The employment that counts for an employee on `today`: running today, else the one started last. */
export function currentEmployment(employments: readonly LoketEmployment[], today: string): LoketEmployment | null {
  if (employments.length === 0) return null;
  const running = employments.filter((m) => (!m.startDate || m.startDate <= today) && (!m.endDate || m.endDate >= today));
  const pool = running.length > 0 ? running : employments;
  return [...pool].sort((a, b) => String(b.startDate ?? '').localeCompare(String(a.startDate ?? '')))[0]!;
}

export function contractTypeOf(m: LoketEmployment | null): ExternalRef | null {
  const t = m?.employmentDurationType;
  return t ? { externalId: `duration:${t.key}`, name: t.value ?? String(t.key) } : null;
}

/** Hours per week of one `actualworkinghours` record: aggregated, else average; null when neither is a positive number. */
export function weeklyHoursOf(w: LoketWorkingHours['workingHours'] | null | undefined): number | null {
  for (const h of [w?.aggregatedHoursPerWeek, w?.averageHoursPerWeek]) if (typeof h === 'number' && Number.isFinite(h) && h > 0 && h <= 168) return h;
  return null;
}

export function mapLoketEmployee(
  raw: unknown,
  employment: LoketEmployment | null,
  bsn: { right: true; bsn: string | null } | { right: false } | null,
  today: string,
  /** The department the current employment works in (its actual organizational entity), when known. */
  department: ExternalRef | null = null,
  /** The current employment's hours per week (weeklyHoursOf), when known. */
  weeklyHours: number | null = null,
): LoketMapResult {
  const parsed = loketEmployeeSchema.safeParse(raw);
  if (!parsed.success) {
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    return { ok: false, error: typeof id === 'string' && id ? 'row:not_an_employee' : 'id:missing', ...(typeof id === 'string' && id ? { externalId: id } : {}) };
  }
  const p = parsed.data;
  const warnings: string[] = [];
  const date = (field: string, v: string | null | undefined) => {
    const t = text(v);
    if (t === null) return null;
    const d = t.slice(0, 10);
    if (isCalendarDate(d)) return d;
    warnings.push(`${field}:not_a_date`);
    return null;
  };
  let bsnValue: string | null = null;
  if (bsn?.right && bsn.bsn) {
    const n = normalizeBsn(bsn.bsn);
    if (isValidBsn(n)) bsnValue = n;
    else warnings.push('bsn:not_11_proof');
  }
  const email = text(p.contactInformation?.emailAddress) ?? text(p.contactInformation?.businessEmailAddress);
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) warnings.push('email:not_an_email');
  const a = p.address;
  const endDate = date('contractEndDate', employment?.endDate);
  const started = date('hireDate', employment?.startDate);
  const former = endDate !== null && endDate < today;
  const pd = p.personalDetails;
  return {
    ok: true,
    employee: {
      externalId: p.id,
      firstName: text(pd.firstName) ?? text(pd.initials) ?? '',
      prefix: text(pd.prefix),
      lastName: text(pd.lastName) ?? '',
      email: email !== null && warnings.includes('email:not_an_email') ? null : email,
      personnelNumber: p.employeeNumber === null || p.employeeNumber === undefined ? null : String(p.employeeNumber),
      bsn: bsnValue,
      birthDate: date('birthDate', pd.dateOfBirth),
      street: text(a?.street),
      houseNumber: a?.houseNumber === null || a?.houseNumber === undefined ? null : `${a.houseNumber}${a.houseNumberAddition ? ` ${a.houseNumberAddition}` : ''}`,
      postalCode: text(a?.postalCode),
      city: text(a?.city),
      country: text(a?.country?.isoCode),
      phone: text(p.contactInformation?.mobilePhoneNumber) ?? text(p.contactInformation?.phoneNumber),
      status: former ? 'former' : 'active',
      department,
      costCenter: null,
      contractType: contractTypeOf(employment),
      position: null,
      weeklyHours,
      hourlyWage: null,
      hireDate: started,
      terminationDate: former ? endDate : null,
      contractEndDate: endDate,
      warnings,
    },
  };
}
