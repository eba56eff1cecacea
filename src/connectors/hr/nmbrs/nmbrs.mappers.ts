import { isValidBsn, normalizeBsn } from '../../../domain/bsn.ts';
import { isCalendarDate, type ExternalEmployee, type ExternalRef, type InvalidExternalRow } from '../../kit/hr-connector.ts';
import {
  NMBRS_COLLECTIONS,
  type ContractRow,
  type CostCenterRow,
  type DepartmentRow,
  type EmploymentRow,
  type FunctionRow,
  type NmbrsCollection,
  type NmbrsPeriod,
  type PersonalInfoRow,
  type PrivateInfoRow,
  type SalaryRow,
  type ScheduleRow,
} from './nmbrs.schemas.ts';

/**
 * Pure functions from Nmbrs' history rows to the vendor-neutral ExternalEmployee. Nmbrs never
 * updates a row in place: a change is a new row with a later `createdAt`, for the period it takes
 * effect in (which may lie in the future). The current value of an aspect is therefore the row
 * with the latest period not after the current one, and among rows of that period the latest
 * `createdAt` (a correction); rows dated by `startDate` (contracts, employments, schedules,
 * salaries) likewise by the latest start not after today. No I/O, no clock: the connector passes
 * today and the company's current period.
 */

/** Every history row of one Nmbrs employee record, by collection. */
export interface NmbrsEmployeeRows {
  employeeId: string;
  companyId: string;
  personalInfo: PersonalInfoRow[];
  contracts: ContractRow[];
  employments: EmploymentRow[];
  functions: FunctionRow[];
  departments: DepartmentRow[];
  costCenters: CostCenterRow[];
  schedules: ScheduleRow[];
  salaries: SalaryRow[];
  privateInfos: PrivateInfoRow[];
}

export interface MapContext {
  /** YYYY-MM-DD. */
  today: string;
  /** The name of the company (werkmaatschappij) the record belongs to, as Nmbrs lists it; absent: its id stands in. */
  companyName?: string | null;
  /** The company's current payroll period; null when unknown (then the latest period counts). */
  currentPeriod: NmbrsPeriod | null;
}

/** One employment of the record with its contracts: what one Koppel employee's contract list is built from. */
export interface NmbrsEmploymentView {
  employmentId: string | null;
  startDate: string | null;
  endDate: string | null;
  current: boolean;
  contracts: Array<{ contractId: string | null; startDate: string | null; endDate: string | null; indefinite: boolean | null; hoursPerWeek: number | null }>;
}

export type MappedNmbrsEmployee = { ok: true; employee: ExternalEmployee; employments: NmbrsEmploymentView[] } | ({ ok: false } & InvalidExternalRow);

const time = (createdAt: string | null): number => {
  const t = createdAt ? Date.parse(createdAt) : Number.NaN;
  return Number.isNaN(t) ? -Infinity : t;
};
const periodKey = (p: NmbrsPeriod | null): number => (p ? p.year * 100 + p.period : -Infinity);
const dateOf = (v: string | null | undefined): string | null => {
  if (!v) return null;
  const d = v.slice(0, 10);
  return isCalendarDate(d) ? d : null;
};

/** The row in force in `current`: latest period not after it, then latest createdAt. Rows all in the future: the earliest of them (a new hire). */
export function currentByPeriod<R extends { period: NmbrsPeriod | null; createdAt: string | null }>(rows: readonly R[], current: NmbrsPeriod | null): R | null {
  if (rows.length === 0) return null;
  const limit = current ? periodKey(current) : Infinity;
  const order = (a: R, b: R) => periodKey(a.period) - periodKey(b.period) || time(a.createdAt) - time(b.createdAt);
  const inForce = rows.filter((r) => periodKey(r.period) <= limit).sort(order);
  if (inForce.length) return inForce.at(-1)!;
  const future = [...rows].sort(order);
  const first = periodKey(future[0]!.period);
  return future.filter((r) => periodKey(r.period) === first).at(-1)!;
}

/** The row in force on `today` by its startDate, then latest createdAt; all in the future: the earliest. */
export function currentByStart<R extends { startDate: string | null; createdAt: string | null }>(rows: readonly R[], today: string): R | null {
  if (rows.length === 0) return null;
  const start = (r: R) => dateOf(r.startDate) ?? '0000-00-00';
  const order = (a: R, b: R) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : time(a.createdAt) - time(b.createdAt));
  const started = rows.filter((r) => start(r) <= today).sort(order);
  if (started.length) return started.at(-1)!;
  return [...rows].sort(order)[0]!;
}

/** Cost centers in force: every row of the latest period not after `current`, one per center (its latest createdAt). */
export function currentCostCenters(rows: readonly CostCenterRow[], current: NmbrsPeriod | null): CostCenterRow[] {
  const top = currentByPeriod(rows, current);
  if (!top) return [];
  const same = rows.filter((r) => periodKey(r.period) === periodKey(top.period)).sort((a, b) => time(a.createdAt) - time(b.createdAt));
  const byCenter = new Map<string, CostCenterRow>();
  for (const r of same) {
    const id = r.costCenter?.costCenterId ?? r.costCenterId;
    if (id) byCenter.set(id, r);
  }
  return [...byCenter.values()];
}

const ref = (id: string | null | undefined, name: string | null | undefined): ExternalRef | null => (id ? { externalId: id, name: (name ?? '').trim() } : null);

const CONTRACT_TYPES: Record<'indefinite' | 'fixed_term', ExternalRef> = {
  indefinite: { externalId: 'indefinite', name: 'Onbepaalde tijd' },
  fixed_term: { externalId: 'fixed_term', name: 'Bepaalde tijd' },
};
/** Nmbrs contracts carry only `indefinite`: two contract types. */
export const NMBRS_CONTRACT_TYPES: readonly ExternalRef[] = [CONTRACT_TYPES.indefinite, CONTRACT_TYPES.fixed_term];

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DAYS = ['hoursMonday', 'hoursTuesday', 'hoursWednesday', 'hoursThursday', 'hoursFriday', 'hoursSaturday', 'hoursSunday'];

function weekHours(week: Record<string, unknown> | null | undefined): number | null {
  if (!week) return null;
  let sum = 0;
  let any = false;
  for (const d of DAYS) {
    const v = week[d];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (Number.isFinite(n)) {
      sum += n;
      any = true;
    }
  }
  return any ? Math.round(sum * 100) / 100 : null;
}

/** One Nmbrs employee record → ExternalEmployee (the current rows) plus its employments with their contracts. */
export function mapNmbrsEmployee(rows: NmbrsEmployeeRows, ctx: MapContext): MappedNmbrsEmployee {
  if (!rows.employeeId) return { ok: false, error: 'employeeId:missing' };
  const info = currentByPeriod(rows.personalInfo, ctx.currentPeriod);
  if (!info?.basicInfo) return { ok: false, externalId: rows.employeeId, error: 'personalInfo:missing' };
  const warnings: string[] = [];
  const basic = info.basicInfo;
  const contact = info.contactInfo;

  const employment = currentByStart(rows.employments, ctx.today);
  const contract = currentByStart(rows.contracts, ctx.today);
  const fn = currentByPeriod(rows.functions, ctx.currentPeriod);
  const dep = currentByPeriod(rows.departments, ctx.currentPeriod);
  const centers = currentCostCenters(rows.costCenters, ctx.currentPeriod);
  const schedule = currentByStart(rows.schedules, ctx.today);
  const salary = currentByStart(rows.salaries, ctx.today);
  const privateInfo = currentByPeriod(rows.privateInfos, ctx.currentPeriod);

  let bsn: string | null = null;
  if (privateInfo?.bsn) {
    const n = normalizeBsn(privateInfo.bsn);
    if (isValidBsn(n)) bsn = n;
    else warnings.push('bsn:not_11_proof');
  }
  let birthDate: string | null = null;
  if (info.birthInfo?.birthDate) {
    birthDate = dateOf(info.birthInfo.birthDate);
    if (!birthDate) warnings.push('birthDate:not_a_date');
  }
  let email: string | null = (contact?.businessEmail ?? contact?.privateEmail ?? '').trim() || null;
  if (email && !EMAIL.test(email)) {
    warnings.push('email:not_an_email');
    email = null;
  }

  // Without employment rows (a Nmbrs that does not serve them), the contracts span the employment.
  const contractStarts = rows.contracts.map((c) => dateOf(c.startDate)).filter((d): d is string => !!d).sort();
  const latestContract = currentByStart(rows.contracts, '9999-12-31');
  const employmentEnd = employment ? dateOf(employment.endDate) : dateOf(latestContract?.endDate);
  const type = (basic.employeeType ?? '').toLowerCase();
  const former = type.startsWith('former') || (employmentEnd !== null && employmentEnd < ctx.today);

  const costShares = centers.map((c) => ({
    externalId: (c.costCenter?.costCenterId ?? c.costCenterId)!,
    name: (c.costCenter?.description ?? c.description ?? '').trim(),
    percentage: c.percentage !== null && c.percentage >= 0 && c.percentage <= 100 ? c.percentage : null,
  }));
  const primary = [...costShares].sort((a, b) => (b.percentage ?? 0) - (a.percentage ?? 0))[0] ?? null;

  let weeklyHours = schedule?.hoursPerWeek ?? weekHours(schedule?.week1) ?? contract?.hoursPerWeek ?? null;
  if (weeklyHours !== null && weeklyHours < 0) {
    warnings.push('weeklyHours:negative');
    weeklyHours = null;
  }
  let hourlyWage = salary && (salary.type ?? '').toLowerCase() === 'grosshourlywage' ? salary.value : null;
  if (hourlyWage !== null && hourlyWage < 0) {
    warnings.push('hourlyWage:negative');
    hourlyWage = null;
  }

  const employee: ExternalEmployee = {
    externalId: rows.employeeId,
    firstName: (basic.firstName ?? basic.firstNameInFull ?? '').trim(),
    prefix: basic.prefix?.trim() || null,
    lastName: (basic.lastName ?? '').trim(),
    email,
    personnelNumber: basic.employeeNumber !== null ? String(basic.employeeNumber) : null,
    bsn,
    birthDate,
    street: null,
    houseNumber: null,
    postalCode: null,
    city: null,
    country: null,
    phone: (contact?.businessPhone ?? contact?.businessMobilePhone ?? contact?.privateMobilePhone ?? contact?.privatePhone ?? contact?.otherPhone ?? '').trim() || null,
    status: former ? 'former' : 'active',
    department: ref(dep?.departmentId, dep?.description),
    costCenter: primary ? { externalId: primary.externalId, name: primary.name } : null,
    ...(costShares.length ? { costCenters: costShares } : {}),
    contractType: contract?.indefinite === true ? CONTRACT_TYPES.indefinite : contract?.indefinite === false ? CONTRACT_TYPES.fixed_term : null,
    position: fn?.description?.trim() || null,
    // The function by its id in the debtor's catalogue: the integration's function mapping decides Koppel's function.
    jobFunction: ref(fn?.functionId, fn?.description),
    // The company the record belongs to (an employee record in Nmbrs is always one company's).
    company: rows.companyId ? { externalId: rows.companyId, name: ctx.companyName?.trim() || rows.companyId } : null,
    weeklyHours,
    hourlyWage,
    hireDate: employment ? dateOf(employment.startDate) : (contractStarts[0] ?? null),
    terminationDate: employmentEnd,
    contractEndDate: dateOf(contract?.endDate),
    warnings,
  };

  // Every employment with the contracts that fall in it: one person, several employments → one employee, several contracts.
  const sortedEmployments = [...rows.employments].sort((a, b) => ((dateOf(a.startDate) ?? '') < (dateOf(b.startDate) ?? '') ? -1 : 1));
  const employments: NmbrsEmploymentView[] = sortedEmployments.map((e) => {
    const from = dateOf(e.startDate) ?? '0000-00-00';
    const to = dateOf(e.endDate) ?? '9999-12-31';
    return {
      employmentId: e.employmentId,
      startDate: dateOf(e.startDate),
      endDate: dateOf(e.endDate),
      current: e === employment,
      contracts: rows.contracts
        .filter((c) => {
          const s = dateOf(c.startDate) ?? '0000-00-00';
          return s >= from && s <= to;
        })
        .sort((a, b) => ((dateOf(a.startDate) ?? '') < (dateOf(b.startDate) ?? '') ? -1 : 1))
        .map((c) => ({ contractId: c.contractId, startDate: dateOf(c.startDate), endDate: dateOf(c.endDate), indefinite: c.indefinite, hoursPerWeek: c.hoursPerWeek })),
    };
  });
  return { ok: true, employee, employments };
}

/** Parses the items of one bulk read into rows per employee; rows that do not parse are dropped and counted. */
export function collectBulk(collection: NmbrsCollection, items: readonly unknown[], into: Map<string, Partial<Record<NmbrsCollection, unknown[]>>>): { dropped: number } {
  const def = NMBRS_COLLECTIONS[collection];
  let dropped = 0;
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const it = item as Record<string, unknown>;
    const id = typeof it.employeeId === 'string' ? it.employeeId : null;
    if (!id) continue;
    const raw = Array.isArray(it[def.key]) ? (it[def.key] as unknown[]) : [];
    const parsed: unknown[] = [];
    for (const r of raw) {
      const p = def.row.safeParse(r);
      if (p.success) parsed.push(p.data);
      else dropped++;
    }
    const entry = into.get(id) ?? {};
    entry[collection] = [...(entry[collection] ?? []), ...parsed];
    into.set(id, entry);
  }
  return { dropped };
}

/** The per-collection rows of one employee, as collected, in the mapper's input shape. */
export function employeeRows(employeeId: string, companyId: string, c: Partial<Record<NmbrsCollection, unknown[]>>): NmbrsEmployeeRows {
  const of = <T>(k: NmbrsCollection) => (c[k] ?? []) as T[];
  return {
    employeeId,
    companyId,
    personalInfo: of('personalInfo'),
    contracts: of('contracts'),
    employments: of('employments'),
    functions: of('functions'),
    departments: of('departments'),
    costCenters: of('costCenters'),
    schedules: of('schedules'),
    salaries: of('salaries'),
    privateInfos: of('privateInfos'),
  };
}
