import { Faker, base, de, nl } from '@faker-js/faker';
import {
  CONTRACT_TYPES,
  COST_CENTERS,
  DEPARTMENTS,
  OFFICES,
  SUBCOMPANIES,
  TEAMS,
  TERMINATION_REASONS,
  TIME_OFF_TYPES,
} from './personio-emulator.catalog.ts';
import { addDays, berlinLocalToUtc, daysBetween, weekday } from './personio-emulator.dates.ts';
import { CheapRandomizer, Rng, hash32 } from './personio-emulator.random.ts';
import type { AttendanceRecord, Country, EmployeeRecord, TimeOffRecord } from './personio-emulator.types.ts';

/**
 * Deterministic people and absences. Every person is drawn from its own seed (seed + index), so
 * person 17 is the same whether the company has 20 or 100 000 employees, and `addEmployee` after
 * startup continues the same sequence.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Keys whose change is recorded per attribute for `updated_since` with `attributes[]`. */
export const CHANGEABLE_ATTRIBUTES = [
  'position',
  'weekly_working_hours',
  'department',
  'cost_centers',
  'team',
  'hourly_salary',
  'fix_salary',
  'contract_end_date',
  'last_name',
  'office',
] as const;

export interface PersonFactory {
  readonly seed: number;
  readonly referenceDate: string;
  makePerson(index: number, id: number, usedEmails: Set<string>): EmployeeRecord;
}

function makeFakers(): Record<Country, { faker: Faker; randomizer: CheapRandomizer }> {
  const nlRandomizer = new CheapRandomizer();
  const deRandomizer = new CheapRandomizer();
  return {
    NL: { faker: new Faker({ locale: [nl, base], randomizer: nlRandomizer }), randomizer: nlRandomizer },
    DE: { faker: new Faker({ locale: [de, base], randomizer: deRandomizer }), randomizer: deRandomizer },
  };
}

/** Email local part as Dutch and German companies write it: diacritics spelled out, prefixes glued ("van der Berg" → "vanderberg"). */
export function emailLocalPart(first: string, last: string): string {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]/g, '');
  return `${clean(first)}.${clean(last)}`;
}

// Next numeric suffix per taken address, so the 300th "jan.jansen" does not probe 299 addresses.
const suffixes = new WeakMap<Set<string>, Map<string, number>>();

function uniqueEmail(local: string, domain: string, used: Set<string>): string {
  let email = `${local}@${domain}`;
  if (!used.has(email)) {
    used.add(email);
    return email;
  }
  let next = suffixes.get(used);
  if (!next) suffixes.set(used, (next = new Map()));
  let n = next.get(email) ?? 2;
  while (used.has(`${local}${n}@${domain}`)) n++;
  next.set(email, n + 1);
  email = `${local}${n}@${domain}`;
  used.add(email);
  return email;
}

export function emailDomain(country: Country): string {
  return country === 'NL' ? 'nl.example.com' : 'de.example.com';
}

/** A 9-digit BSN passing the elfproef (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11). */
export function makeBsn(rng: Rng): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => (i === 0 ? rng.int(1, 6) : rng.int(0, 9)));
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0);
    const check = sum % 11;
    if (check === 10) continue;
    return `${digits.join('')}${check}`;
  }
}

/** Daily hours of a Monday–Friday schedule as Personio writes them (`07:42` for 38.5 h a week). */
export function dailyScheduleFor(weeklyHours: number): string {
  const minutes = Math.round((weeklyHours * 60) / 5);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// Weighted tables built once, not per person (generation of 100 000 people is allocation-bound).
const byCountry = <T>(make: (c: Country) => T): Record<Country, T> => ({ NL: make('NL'), DE: make('DE') });
const CONTRACT_WEIGHTS = byCountry((country) => CONTRACT_TYPES.filter((c) => c.country === country).map((c) => [c, c.weight] as const));
const OFFICE_WEIGHTS = byCountry((country) => OFFICES.filter((o) => o.country === country).map((o) => [o, o.weight] as const));
const SUBCOMPANY_OF = byCountry((country) => SUBCOMPANIES.find((s) => s.country === country)!);
const DEPARTMENT_WEIGHTS = DEPARTMENTS.map((d) => [d, d.weight] as const);
const TEAMS_OF = new Map(DEPARTMENTS.map((d) => [d.id, TEAMS.filter((t) => t.departmentId === d.id)]));
const GENDERS = [
  ['female', 48],
  ['male', 48],
  ['diverse', 4],
] as const;
const OTHER_COST_CENTERS = new Map(DEPARTMENTS.map((d) => [d.id, COST_CENTERS.filter((c) => c.id !== d.costCenterId)]));


function clampInstant(ms: number, max: number): number {
  return Math.min(ms, max);
}

function workTime(rng: Rng, startHour: number, endHour: number): string {
  return `${String(rng.int(startHour, endHour)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
}

export function createPersonFactory(seed: number, referenceDate: string): PersonFactory {
  const fakers = makeFakers();
  const refMs = berlinLocalToUtc(referenceDate);
  // Generated history ends an hour before the reference day starts, so any mutation made "now"
  // is strictly later than everything generated and `updated_since=<now>` sees only mutations.
  const historyEnd = refMs - HOUR_MS;

  return {
    seed,
    referenceDate,
    makePerson(index, id, usedEmails) {
      const rng = new Rng(hash32(seed, 'employee', index));
      const country: Country = rng.chance(0.55) ? 'NL' : 'DE';
      const { faker, randomizer } = fakers[country];
      randomizer.seed(hash32(seed, 'faker', index));

      const gender = rng.weighted(GENDERS);
      const first = faker.person.firstName(gender === 'diverse' ? (rng.chance(0.5) ? 'female' : 'male') : gender);
      let last = faker.person.lastName();
      if (country === 'DE' && rng.chance(0.03)) last = `von ${last}`;

      const office = rng.weighted(OFFICE_WEIGHTS[country]);
      const subcompany = SUBCOMPANY_OF[country];
      const department = rng.weighted(DEPARTMENT_WEIGHTS);
      const team = rng.pick(TEAMS_OF.get(department.id)!);
      const contract = rng.weighted(CONTRACT_WEIGHTS[country]);
      const hours = rng.pick(contract.hours);

      // Status mix of a real company account: most active, a sizeable tail of former employees
      // (Personio keeps them, with status "inactive"), a few on leave or still onboarding.
      const roll = rng.next();
      let status: EmployeeRecord['status'];
      let hireDate: string;
      let terminationDate: string | null = null;
      if (roll < 0.17) {
        status = 'inactive';
        hireDate = addDays(referenceDate, -rng.int(240, 3650));
        const span = daysBetween(hireDate, referenceDate) - 60;
        terminationDate = addDays(referenceDate, -rng.int(1, Math.max(1, Math.min(900, span))));
      } else if (roll < 0.21) {
        status = 'onboarding';
        hireDate = addDays(referenceDate, rng.int(1, 60));
      } else if (roll < 0.24) {
        status = 'leave';
        hireDate = addDays(referenceDate, -rng.int(365, 3000));
      } else {
        status = 'active';
        // Skewed towards recent hires, as in hospitality and retail.
        hireDate = addDays(referenceDate, -Math.floor(rng.next() ** 2 * 4000) - 1);
        if (rng.chance(0.03)) terminationDate = addDays(referenceDate, rng.int(5, 90));
      }
      // Many contracts start on the 1st; an onboarding hire moves to the next 1st so it stays in the future.
      if (rng.chance(0.4)) hireDate = status === 'onboarding' ? `${addDays(`${hireDate.slice(0, 8)}01`, 32).slice(0, 8)}01` : `${hireDate.slice(0, 8)}01`;
      if (terminationDate && terminationDate <= hireDate) terminationDate = addDays(hireDate, 30);

      let contractEnd: string | null = null;
      if (contract.fixedTerm || (contract.pay === 'salary' && rng.chance(0.15))) {
        contractEnd = addDays(hireDate, rng.pick([182, 365, 730]) - 1);
      }
      if (terminationDate && contractEnd && contractEnd > terminationDate) contractEnd = terminationDate;
      // A fixed term that ran out while the person is still employed was extended or made permanent.
      if (!terminationDate && contractEnd && contractEnd < referenceDate) {
        if (rng.chance(0.5)) contractEnd = null;
        else while (contractEnd < referenceDate) contractEnd = addDays(contractEnd, 365);
      }
      const probation = rng.chance(0.7) ? addDays(hireDate, country === 'NL' ? 61 : 182) : null;

      const salaried = contract.pay === 'salary';
      const fixSalary = salaried ? Math.round((rng.int(2300, 6500) * (hours / 40)) / 10) * 10 : 0;
      const hourly = salaried ? 0 : rng.int(1350, 1950) / 100;
      const entitlement = salaried ? (country === 'NL' ? 25 : rng.pick([26, 28, 30])) : hours > 0 ? Math.round((20 * hours) / 40) : 0;
      const balance = Math.round(rng.next() * entitlement * 2) / 2;

      const ageYears = rng.int(17, 66);
      const birthday = addDays(referenceDate, -(ageYears * 365 + Math.floor(ageYears / 4) + rng.int(0, 364)));

      const createdAt = clampInstant(berlinLocalToUtc(addDays(hireDate, -rng.int(7, 60)), workTime(rng, 8, 17)), historyEnd - DAY_MS);
      const lastModified = createdAt + Math.floor(rng.next() * Math.max(0, historyEnd - createdAt));
      const attributeUpdatedAt: Record<string, number> = {};
      if (lastModified > createdAt) {
        const changed = rng.int(1, 3);
        for (let i = 0; i < changed; i++) attributeUpdatedAt[rng.pick(CHANGEABLE_ATTRIBUTES)] = lastModified;
        if (terminationDate) attributeUpdatedAt.termination_date = lastModified;
      }

      const record: EmployeeRecord = {
        id,
        first_name: first,
        last_name: last,
        preferred_name: `${first} ${last}`,
        email: uniqueEmail(emailLocalPart(first, last), emailDomain(country), usedEmails),
        gender,
        status,
        position: rng.pick(department.positions),
        supervisor_id: null,
        employment_type: rng.chance(0.05) ? 'external' : 'internal',
        weekly_working_hours: hours,
        hire_date: hireDate,
        contract_end_date: contractEnd,
        termination_date: terminationDate,
        termination_type: terminationDate ? rng.pick(['Resignation', 'Dismissal', 'Mutual agreement', 'End of contract']) : null,
        termination_reason: terminationDate ? rng.pick(TERMINATION_REASONS) : null,
        probation_period_end: probation,
        last_working_day: terminationDate,
        subcompany_id: subcompany.id,
        office_id: office.id,
        department_id: department.id,
        team_id: team.id,
        cost_centers: [{ id: department.costCenterId, percentage: 100 }],
        fix_salary: fixSalary,
        fix_salary_interval: salaried ? 'monthly' : null,
        hourly_salary: hourly,
        vacation_entitlement: entitlement,
        vacation_day_balance: balance,
        created_at: createdAt,
        last_modified_at: lastModified,
        attribute_updated_at: attributeUpdatedAt,
        person_key: `p${hash32(seed, 'person', index).toString(36)}`,
        country,
        birthday,
        contract_type: contract.name,
        // A string with leading zeros: numbers-as-strings are what clients must survive (pitfall 6).
        personnel_number: String(1000 + index).padStart(6, '0'),
        bsn: country === 'NL' ? makeBsn(rng) : null,
        iban: faker.finance.iban({ formatted: true, countryCode: country }),
        street: `${faker.location.street()} ${faker.location.buildingNumber()}`,
        postal_code: faker.location.zipCode(),
        city: faker.location.city(),
      };
      // Some people are split across two cost centers, as Personio models it: percentages adding up to 100.
      if (rng.chance(0.2)) {
        const other = rng.pick(OTHER_COST_CENTERS.get(department.id)!);
        const share = rng.pick([50, 60, 70, 80]);
        record.cost_centers = [
          { id: department.costCenterId, percentage: share },
          { id: other.id, percentage: 100 - share },
        ];
      }
      return record;
    },
  };
}

/** Fields that identify a natural person; copied when one person gets a second record. */
const IDENTITY_FIELDS = ['first_name', 'last_name', 'preferred_name', 'gender', 'birthday', 'bsn', 'iban', 'street', 'postal_code', 'city', 'person_key'] as const;

function copyIdentity(target: EmployeeRecord, source: EmployeeRecord): void {
  for (const f of IDENTITY_FIELDS) (target as unknown as Record<string, unknown>)[f] = source[f];
}

export type DuplicateKind = 'rehire' | 'second-contract';

/**
 * Turns `record` into a second record of `base`'s person.
 * - rehire: same email (Personio lets a re-hired person come back as a new record), the old one becomes former;
 * - second-contract: same name and birthday, a different email, both active (e.g. a job at the other subcompany).
 */
export function makeDuplicate(kind: DuplicateKind, record: EmployeeRecord, base: EmployeeRecord, rng: Rng, referenceDate: string, usedEmails: Set<string>): void {
  copyIdentity(record, base);
  // Whoever works for the Dutch subcompany has a BSN; the person keeps one number across records.
  if (record.country === 'NL' && !record.bsn) {
    record.bsn = makeBsn(rng);
    base.bsn = record.bsn;
  }
  if (kind === 'rehire') {
    usedEmails.delete(record.email);
    record.email = base.email;
    base.hire_date = addDays(referenceDate, -rng.int(1500, 3000));
    base.termination_date = addDays(referenceDate, -rng.int(200, 700));
    base.last_working_day = base.termination_date;
    base.termination_type = 'Resignation';
    base.termination_reason = 'Eigen verzoek';
    base.status = 'inactive';
    if (base.contract_end_date && base.contract_end_date > base.termination_date) base.contract_end_date = base.termination_date;
    if (base.probation_period_end && base.probation_period_end > base.termination_date) base.probation_period_end = null;
    record.hire_date = addDays(base.termination_date, rng.int(30, 150));
    record.status = 'active';
    record.termination_date = null;
    record.last_working_day = null;
    record.termination_type = null;
    record.termination_reason = null;
    if (record.contract_end_date && record.contract_end_date <= record.hire_date) record.contract_end_date = null;
    if (record.probation_period_end && record.probation_period_end <= record.hire_date) record.probation_period_end = null;
    record.created_at = Math.min(record.created_at, berlinLocalToUtc(record.hire_date) - 7 * DAY_MS);
    record.last_modified_at = Math.max(record.last_modified_at, record.created_at);
  } else {
    usedEmails.delete(record.email);
    // Same person, another address: the other subcompany's domain, or a numbered one in the same.
    record.email = uniqueEmail(emailLocalPart(base.first_name, base.last_name), emailDomain(record.country), usedEmails);
    if (base.status === 'inactive' || base.status === 'onboarding') base.status = 'active';
    if (record.status === 'inactive' || record.status === 'onboarding') {
      record.status = 'active';
      record.termination_date = null;
      record.last_working_day = null;
      record.termination_type = null;
      record.termination_reason = null;
    }
    base.termination_date = null;
    base.last_working_day = null;
    base.termination_type = null;
    base.termination_reason = null;
    if (base.hire_date > referenceDate) base.hire_date = addDays(referenceDate, -30);
    if (record.hire_date > referenceDate) record.hire_date = addDays(referenceDate, -10);
  }
}

export interface GeneratedCompany {
  employees: EmployeeRecord[];
  reporting: ReportingLines;
  duplicates: Array<{ kind: DuplicateKind; ids: [number, number] }>;
}

export const FIRST_EMPLOYEE_ID = 1_100_000;

/** Ids grow with small gaps (deleted records in a real account), so clients cannot assume contiguity. */
export function nextEmployeeId(seed: number, index: number, previous: number): number {
  const gap = hash32(seed, 'id-gap', index) % 10 === 0 ? 2 + (hash32(seed, 'id-gap-size', index) % 4) : 1;
  return previous + gap;
}

export function generateEmployees(factory: PersonFactory, count: number, usedEmails: Set<string>): GeneratedCompany {
  const { seed, referenceDate } = factory;
  const employees: EmployeeRecord[] = [];
  const duplicates: GeneratedCompany['duplicates'] = [];
  const usedAsBase = new Set<number>();
  let id = FIRST_EMPLOYEE_ID;
  let rehires = 0;
  let seconds = 0;

  for (let i = 0; i < count; i++) {
    id = i === 0 ? id : nextEmployeeId(seed, i, id);
    const record = factory.makePerson(i, id, usedEmails);
    const dupRng = new Rng(hash32(seed, 'duplicate', i));
    // About 3 % of records are a second record of someone already listed; with 10+ records at
    // least one of each kind exists, so small test companies exercise the matching rules too.
    let kind: DuplicateKind | null = i >= 5 && dupRng.chance(0.03) ? (dupRng.chance(0.6) ? 'rehire' : 'second-contract') : null;
    if (count >= 10 && i === count - 2 && seconds === 0) kind = 'second-contract';
    if (count >= 10 && i === count - 1) kind = rehires === 0 ? 'rehire' : seconds === 0 ? 'second-contract' : kind;
    if (kind) {
      // Probe from a random earlier record to the first one not yet paired (O(1) expected, not a scan).
      let base: EmployeeRecord | undefined;
      const startAt = dupRng.int(0, employees.length - 1);
      for (let k = 0; k < employees.length && !base; k++) {
        const candidate = employees[(startAt + k) % employees.length]!;
        if (!usedAsBase.has(candidate.id)) base = candidate;
      }
      if (base) {
        usedAsBase.add(base.id);
        usedAsBase.add(record.id);
        makeDuplicate(kind, record, base, dupRng, referenceDate, usedEmails);
        duplicates.push({ kind, ids: [base.id, record.id] });
        if (kind === 'rehire') rehires++;
        else seconds++;
      }
    }
    employees.push(record);
  }
  const reporting = assignSupervisors(employees);
  return { employees, reporting, duplicates };
}

export interface ReportingLines {
  directorId: number | null;
  headByDepartment: Map<number, number>;
}

/** One managing director, one head per department reporting to them, everyone else to their head. */
export function assignSupervisors(employees: EmployeeRecord[]): ReportingLines {
  const headByDepartment = new Map<number, number>();
  const active = employees.filter((e) => e.status === 'active');
  // The director is someone on a permanent salaried contract, if there is one.
  const director = active.find((e) => e.fix_salary > 0 && !e.contract_end_date) ?? active[0];
  if (!director) return { directorId: null, headByDepartment };
  director.position = 'Managing Director';
  director.supervisor_id = null;
  for (const e of active) {
    if (e !== director && !headByDepartment.has(e.department_id)) headByDepartment.set(e.department_id, e.id);
  }
  for (const e of employees) {
    if (e === director) continue;
    const head = headByDepartment.get(e.department_id);
    e.supervisor_id = head === undefined || head === e.id ? director.id : head;
  }
  return { directorId: director.id, headByDepartment };
}

function workdaysIn(start: string, end: string): number {
  let n = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) {
    const w = weekday(d);
    if (w !== 0 && w !== 6) n++;
  }
  return n;
}

export function daysCount(start: string, end: string, halfStart: boolean, halfEnd: boolean): number {
  const days = workdaysIn(start, end);
  if (start === end) return halfStart || halfEnd ? 0.5 : days;
  return days - (halfStart ? 0.5 : 0) - (halfEnd ? 0.5 : 0);
}

/** Moves a date forward to the next Monday–Friday. */
function nextWorkday(date: string): string {
  let d = date;
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1);
  return d;
}

/** The calendar day on which `workdays` working days starting at `start` end. */
function endAfterWorkdays(start: string, workdays: number): string {
  let d = start;
  let left = workdays - 1;
  while (left > 0) {
    d = addDays(d, 1);
    if (weekday(d) !== 0 && weekday(d) !== 6) left--;
  }
  return d;
}

const ADMINS = ['Sanne de Vries', 'Jana Schmidt', 'API'];

/** Day-based absences around the reference date (−120 … +90 days), non-overlapping per person. */
export function generateTimeOffs(seed: number, referenceDate: string, employees: readonly EmployeeRecord[], firstId: number): TimeOffRecord[] {
  const result: TimeOffRecord[] = [];
  const refMs = berlinLocalToUtc(referenceDate);
  const historyEnd = refMs - HOUR_MS;
  const dayTypes = TIME_OFF_TYPES.filter((t) => t.unit === 'day');
  const typeOf = (category: string, name?: string) => dayTypes.find((t) => t.category === category && (!name || t.name === name))!;
  let id = firstId;

  for (const e of employees) {
    const rng = new Rng(hash32(seed, 'time-off', e.id));
    const windowStart = [e.hire_date, addDays(referenceDate, -120)].sort()[1]!;
    const windowEnd = [e.termination_date ?? addDays(referenceDate, 90), addDays(referenceDate, 90)].sort()[0]!;
    if (windowStart > windowEnd) continue;

    const push = (typeId: number, start: string, end: string, halfStart: boolean, halfEnd: boolean, future: boolean) => {
      const type = TIME_OFF_TYPES.find((t) => t.id === typeId)!;
      const createdAt = Math.min(historyEnd, berlinLocalToUtc(addDays(start, type.category === 'sick_leave' ? 0 : -rng.int(1, 45)), workTime(rng, 7, 10)));
      const pending = future && type.approval_required && rng.chance(0.3);
      result.push({
        id: id++,
        employee: e.id,
        time_off_type_id: typeId,
        status: pending ? 'pending' : 'approved',
        start_date: start,
        end_date: end,
        half_day_start: halfStart,
        half_day_end: halfEnd,
        comment: '',
        certificate_status: type.category === 'sick_leave' ? (daysBetween(start, referenceDate) > 3 ? 'uploaded' : 'pending') : 'not-required',
        created_by: rng.pick(ADMINS),
        created_at: createdAt,
        updated_at: Math.min(historyEnd, createdAt + (pending ? 0 : rng.int(0, 48) * HOUR_MS)),
      });
    };

    if (e.status === 'leave') {
      const start = nextWorkday(addDays(referenceDate, -rng.int(20, 90)));
      push(typeOf('maternity_parental_leave').id, start, addDays(referenceDate, rng.int(30, 150)), false, false, false);
      continue;
    }
    const count = rng.weighted([
      [0, 35],
      [1, 35],
      [2, 20],
      [3, 10],
    ] as const);
    let cursor = windowStart;
    for (let k = 0; k < count; k++) {
      const start = nextWorkday(addDays(cursor, rng.int(3, 40)));
      const future = start > referenceDate;
      let type = rng.weighted([
        [typeOf('paid_vacation'), 60],
        [typeOf('sick_leave'), 22],
        [typeOf('other', 'Special leave'), 5],
        [typeOf('unpaid_vacation'), 3],
        [typeOf('other', 'Niet planbaar'), 10],
      ] as const);
      if (type.category === 'sick_leave' && future) type = typeOf('paid_vacation');
      const length = type.category === 'paid_vacation' ? rng.int(1, 10) : type.category === 'sick_leave' ? rng.int(1, 5) : rng.int(1, 2);
      const end = endAfterWorkdays(start, length);
      if (end > windowEnd) break;
      const half = type.category === 'paid_vacation' && rng.chance(0.1);
      push(type.id, start, end, half && start === end, half && start !== end, future);
      cursor = addDays(end, 1);
    }
  }
  return result;
}

/** Optional pre-existing attendances (people clocking in through Personio itself), for GET tests and overlap scenarios. */
export function generateAttendances(
  seed: number,
  referenceDate: string,
  employees: readonly EmployeeRecord[],
  opts: { employeeShare: number; days: number },
  firstId: number,
): AttendanceRecord[] {
  const result: AttendanceRecord[] = [];
  const historyEnd = berlinLocalToUtc(referenceDate) - HOUR_MS;
  let id = firstId;
  for (const e of employees) {
    if (e.status !== 'active') continue;
    const rng = new Rng(hash32(seed, 'attendance', e.id));
    if (!rng.chance(opts.employeeShare)) continue;
    for (let back = opts.days; back >= 1; back--) {
      const date = addDays(referenceDate, -back);
      if (weekday(date) === 0 || weekday(date) === 6 || date < e.hire_date) continue;
      const startHour = rng.int(7, 10);
      const startMin = rng.pick([0, 15, 30, 45]);
      const lengthMin = rng.int(6, 9) * 60;
      const endTotal = startHour * 60 + startMin + lengthMin;
      result.push({
        id: id++,
        employee: e.id,
        date,
        start_time: `${String(startHour).padStart(2, '0')}:${String(startMin).padStart(2, '0')}`,
        end_time: `${String(Math.floor(endTotal / 60)).padStart(2, '0')}:${String(endTotal % 60).padStart(2, '0')}`,
        break: lengthMin > 360 ? 30 : 0,
        comment: '',
        status: 'confirmed',
        project_id: null,
        is_holiday: false,
        is_on_time_off: false,
        updated_at: Math.min(historyEnd, berlinLocalToUtc(date, '18:30')),
      });
    }
  }
  return result;
}
