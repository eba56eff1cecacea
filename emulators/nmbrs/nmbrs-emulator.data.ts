import { isValidBsn } from '../../src/domain/bsn.ts';
import { addDays } from '../../src/domain/dates.ts';
import { periodOf, type PayrollPeriod, type PayrollPeriodType } from '../../src/domain/payroll-periods.ts';
import { hash32, mulberry32 } from '../kit/random.ts';

/**
 * Deterministic Dutch payroll data as Nmbrs holds it: debtors, companies ("werkmaatschappijen")
 * with a period type, hour codes and cost centers, and employees whose every aspect is a list of
 * history rows (personal info, contracts, employments, functions, departments, cost centers,
 * schedules, salaries, BSN), each stamped with `createdAt` and, where Nmbrs keeps them per period,
 * `period {year, period}`. Some rows lie in a future period, some correct an earlier row of the same
 * period (later createdAt): a client must pick the current row, not the last one.
 *
 * Every employee is drawn from its own seed (seed, company, index), so the data is reproducible.
 */

export interface Debtor {
  debtorId: string;
  number: string;
  name: string;
}

export interface HourCode {
  code: number;
  description: string;
}

export interface CostCenter {
  costCenterId: string;
  code: string;
  description: string;
}

export interface Company {
  companyId: string;
  number: string;
  name: string;
  debtorId: string;
  periodType: PayrollPeriodType;
  hourCodes: HourCode[];
  costCenters: CostCenter[];
}

export interface CatalogueEntry {
  id: string;
  code: number | string;
  description: string;
}

export interface Period {
  year: number;
  period: number;
}

export interface PersonalInfoRow {
  personalInfoId: string;
  basicInfo: {
    employeeNumber: number;
    firstName: string;
    firstNameInFull: string;
    prefix: string | null;
    initials: string;
    lastName: string;
    employeeType: string;
  };
  birthInfo: { birthDate: string; birthCountry: { codeISO: string; description: string }; nationality: { codeISO: string }; gender: string };
  contactInfo: {
    privateEmail: string | null;
    businessEmail: string | null;
    businessPhone: string | null;
    businessMobilePhone: string | null;
    privatePhone: string | null;
    privateMobilePhone: string | null;
    otherPhone: string | null;
  };
  partnerInfo: { partnerPrefix: string | null; partnerName: string | null };
  period: Period;
  createdAt: string;
}

export interface ContractRow {
  contractId: string;
  startDate: string;
  trialPeriod: string | null;
  endDate: string | null;
  indefinite: boolean;
  writtenContract: boolean;
  hoursPerWeek: number;
  createdAt: string;
}

export interface EmploymentRow {
  employmentId: string;
  startDate: string;
  endDate: string | null;
  endContractReason: number | null;
  createdAt: string;
}

export interface FunctionRow {
  functionId: string;
  code: number;
  description: string;
  period: Period;
  createdAt: string;
}

export interface DepartmentRow {
  departmentId: string;
  code: string;
  description: string;
  period: Period;
  createdAt: string;
}

export interface EmployeeCostCenterRow {
  employeeCostCenterId: string;
  costCenter: { costCenterId: string; code: string; description: string };
  costUnit: null;
  percentage: number;
  default: boolean;
  period: Period;
  createdAt: string;
}

export type WeekHours = Record<'hoursMonday' | 'hoursTuesday' | 'hoursWednesday' | 'hoursThursday' | 'hoursFriday' | 'hoursSaturday' | 'hoursSunday', number>;

export interface ScheduleRow {
  scheduleId: string;
  startDate: string;
  parttimePercentage: number;
  hoursPerWeek: number;
  week1: WeekHours;
  week2: WeekHours;
  createdAt: string;
}

export interface SalaryRow {
  salaryId: string;
  startDate: string;
  type: 'grossFulltimeSalary' | 'grossHourlyWage';
  value: number;
  createdAt: string;
}

/** The BSN row; its key in the payload is configurable (`bsnKey`, default `BSN` as BrynQ reads it). */
export interface PrivateInfoRow {
  privateInfoId: string;
  bsn: string;
  period: Period;
  createdAt: string;
}

export interface EmployeeRecord {
  employeeId: string;
  companyId: string;
  personalInfo: PersonalInfoRow[];
  contracts: ContractRow[];
  employments: EmploymentRow[];
  functions: FunctionRow[];
  departments: DepartmentRow[];
  costCenters: EmployeeCostCenterRow[];
  schedules: ScheduleRow[];
  salaries: SalaryRow[];
  privateInfos: PrivateInfoRow[];
}

// ── seeded helpers ──────────────────────────────────────────────────────────

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  unit(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** A GUID fixed by its parts (version-4 layout). */
export function guid(...parts: Array<string | number>): string {
  const h = [0, 1, 2, 3].map((i) => hash32(...parts, i).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 9-digit BSN passing the elfproef. */
export function makeBsn(rng: Rng): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => (i === 0 ? rng.int(1, 6) : rng.int(0, 9)));
    const check = digits.reduce((acc, d, i) => acc + d * (9 - i), 0) % 11;
    if (check === 10) continue;
    const bsn = `${digits.join('')}${check}`;
    if (isValidBsn(bsn)) return bsn;
  }
}

const FIRST_F = ['Anna', 'Emma', 'Sophie', 'Julia', 'Lotte', 'Sanne', 'Fleur', 'Anouk', 'Lisa', 'Eva', 'Femke', 'Marieke', 'Ingrid', 'Annemieke', 'Esther', 'Noor', 'Yara', 'Fatima', 'Saskia', 'Joke', 'Wilma', 'Mirjam', 'Bregje', 'Chantal'];
const FIRST_M = ['Jan', 'Pieter', 'Daan', 'Sem', 'Lucas', 'Thijs', 'Bram', 'Ruben', 'Joris', 'Bas', 'Kees', 'Willem', 'Hendrik', 'Gerrit', 'Maarten', 'Jeroen', 'Sven', 'Mohamed', 'Stijn', 'Koen', 'Wouter', 'Teun', 'Henk', 'Arjen'];
const PREFIXES = ['van', 'de', 'van de', 'van der', 'van den', 'den', 'ter', 'van het', "in 't", 'de la'];
const LAST = ['Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer', 'Dijkstra', 'Kok', 'Jacobs', 'Vermeulen', 'Willems', 'Schouten', 'Hoekstra', 'Koster', 'Prins', 'Huisman', 'Postma', 'Kuipers'];
const PREFIXED_LAST = ['Berg', 'Vries', 'Dijk', 'Leeuwen', 'Heuvel', 'Linden', 'Wal', 'Brink', 'Veen', 'Haar', 'Bosch', 'Horst', 'Velde', 'Beek'];

export const DEPARTMENTS: ReadonlyArray<{ code: string; description: string }> = [
  { code: 'ADM', description: 'Administratie' },
  { code: 'VRK', description: 'Verkoop' },
  { code: 'PRD', description: 'Productie' },
  { code: 'LOG', description: 'Logistiek' },
  { code: 'ICT', description: 'ICT' },
  { code: 'HRM', description: 'Personeelszaken' },
  { code: 'KLS', description: 'Klantenservice' },
  { code: 'FIN', description: 'Financiën' },
];

export const FUNCTIONS: readonly string[] = [
  'Medewerker administratie',
  'Accountmanager',
  'Productiemedewerker',
  'Magazijnmedewerker',
  'Chauffeur',
  'Ontwikkelaar',
  'Teamleider',
  'HR-adviseur',
  'Klantenservicemedewerker',
  'Controller',
  'Planner',
  'Receptionist(e)',
];

const COMPANY_NAMES = ['Bakkerij Van der Linden B.V.', 'Transport De Vries B.V.', 'Zorggroep Het Anker', 'Installatietechniek Smit & Zn.', 'Horeca Groep Den Bosch B.V.', 'Schoonmaakbedrijf Schoon B.V.'];
const HOUR_CODE_NAMES = ['Gewerkte uren', 'Overuren 125%', 'Overuren 150%', 'Nachttoeslag', 'Zondagtoeslag 200%', 'Reisuren'];
const COST_CENTER_NAMES = ['Algemeen', 'Binnendienst', 'Buitendienst', 'Project Noord', 'Project Zuid'];
const PERIOD_TYPES: readonly PayrollPeriodType[] = ['monthly', 'four_weekly', 'weekly'];

export interface GenerateOptions {
  seed: number;
  employees: number;
  companies: number;
  debtors: number;
  /** The "today" the data is arranged around (YYYY-MM-DD). */
  referenceDate: string;
  /** Period type per company index, cycled (default monthly, 4-weekly, weekly). */
  periodTypes?: readonly PayrollPeriodType[];
}

export interface GeneratedData {
  debtors: Debtor[];
  companies: Company[];
  /** Per debtor: the department and function catalogues. */
  departments: Map<string, CatalogueEntry[]>;
  functions: Map<string, CatalogueEntry[]>;
  employees: EmployeeRecord[];
}

const iso = (date: string, seconds: number) => `${date}T${String(Math.floor(seconds / 3600) % 24).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}Z`;

function dateBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.unit() * Math.max(1, (b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

function weekOf(hoursPerWeek: number): WeekHours {
  const day = Math.round((hoursPerWeek / (hoursPerWeek > 32 ? 5 : 4)) * 100) / 100;
  const days = hoursPerWeek > 32 ? 5 : 4;
  return {
    hoursMonday: day,
    hoursTuesday: day,
    hoursWednesday: days === 5 ? day : 0,
    hoursThursday: day,
    hoursFriday: Math.round((hoursPerWeek - day * (days - 1)) * 100) / 100,
    hoursSaturday: 0,
    hoursSunday: 0,
  };
}

function emailPart(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

interface Person {
  gender: 'female' | 'male';
  firstName: string;
  prefix: string | null;
  lastName: string;
  birthDate: string;
  bsn: string;
  privateEmail: string;
  mobile: string;
}

function makePerson(rng: Rng, n: number): Person {
  const gender = rng.chance(0.5) ? 'female' : 'male';
  const firstName = rng.pick(gender === 'female' ? FIRST_F : FIRST_M);
  const prefix = rng.chance(0.3) ? rng.pick(PREFIXES) : null;
  const lastName = prefix ? rng.pick(PREFIXED_LAST) : rng.pick(LAST);
  return {
    gender,
    firstName,
    prefix,
    lastName,
    birthDate: dateBetween(rng, '1960-01-01', '2005-12-31'),
    bsn: makeBsn(rng),
    privateEmail: `${emailPart(firstName)}.${emailPart(`${prefix ?? ''}${lastName}`)}${n}@mail.example.nl`,
    mobile: `06${String(rng.int(10_000_000, 99_999_999))}`,
  };
}

export function generate(opts: GenerateOptions): GeneratedData {
  const { seed, referenceDate } = opts;
  const debtorCount = Math.max(1, opts.debtors);
  const companyCount = Math.max(1, opts.companies);
  const debtors: Debtor[] = Array.from({ length: debtorCount }, (_, i) => ({
    debtorId: guid(seed, 'debtor', i),
    number: String(1001 + i),
    name: i === 0 ? 'Koppel Demo Debiteur' : `Debiteur ${i + 1}`,
  }));
  const departments = new Map<string, CatalogueEntry[]>();
  const functions = new Map<string, CatalogueEntry[]>();
  for (const d of debtors) {
    departments.set(
      d.debtorId,
      DEPARTMENTS.map((x, i) => ({ id: guid(seed, d.debtorId, 'department', i), code: x.code, description: x.description })),
    );
    functions.set(
      d.debtorId,
      FUNCTIONS.map((f, i) => ({ id: guid(seed, d.debtorId, 'function', i), code: 100 + i, description: f })),
    );
  }
  const types = opts.periodTypes?.length ? opts.periodTypes : PERIOD_TYPES;
  const companies: Company[] = Array.from({ length: companyCount }, (_, i) => {
    const base = i === 0 ? 1 : 6100 + i * 10;
    return {
      companyId: guid(seed, 'company', i),
      number: String(i + 1),
      name: COMPANY_NAMES[i % COMPANY_NAMES.length]! + (i >= COMPANY_NAMES.length ? ` ${Math.floor(i / COMPANY_NAMES.length) + 1}` : ''),
      debtorId: debtors[i % debtorCount]!.debtorId,
      periodType: types[i % types.length]!,
      hourCodes: HOUR_CODE_NAMES.map((description, k) => ({ code: base + k, description })),
      costCenters: COST_CENTER_NAMES.map((description, k) => ({ costCenterId: guid(seed, 'company', i, 'costcenter', k), code: `KP${String(k + 1).padStart(3, '0')}`, description })),
    };
  });

  // Employees spread over the companies (the first gets the remainder).
  const perCompany = companies.map((_, i) => Math.floor(opts.employees / companyCount) + (i === 0 ? opts.employees % companyCount : 0));
  const employees: EmployeeRecord[] = [];
  const firstCompanyPeople: Person[] = [];
  companies.forEach((company, ci) => {
    let number = 0;
    for (let i = 0; i < perCompany[ci]!; i++) {
      const rng = new Rng(hash32(seed, 'employee', ci, i));
      // Some people work for two companies of the group: a second employee record, the same person.
      const twin = ci > 0 && firstCompanyPeople.length > 0 && rng.chance(0.05);
      const person = twin ? firstCompanyPeople[rng.int(0, firstCompanyPeople.length - 1)]! : makePerson(rng, ci * 100_000 + i);
      if (ci === 0) firstCompanyPeople.push(person);
      number += rng.int(1, 3);
      employees.push(makeEmployee(rng, { seed, company, debtorFunctions: functions.get(company.debtorId)!, debtorDepartments: departments.get(company.debtorId)!, person, employeeNumber: number, referenceDate, index: i }));
    }
  });
  return { debtors, companies, departments, functions, employees };
}

interface EmployeeInput {
  seed: number;
  company: Company;
  debtorFunctions: CatalogueEntry[];
  debtorDepartments: CatalogueEntry[];
  person: Person;
  employeeNumber: number;
  referenceDate: string;
  index: number;
}

function makeEmployee(rng: Rng, x: EmployeeInput): EmployeeRecord {
  const { company, person, referenceDate } = x;
  const employeeId = guid(x.seed, company.companyId, 'employee', x.index);
  const id = (kind: string, n: number) => guid(x.seed, employeeId, kind, n);
  const per = (date: string): PayrollPeriod => periodOf(company.periodType, date);
  const at = (date: string) => iso(date, rng.int(7 * 3600, 18 * 3600));

  // Employments: most one; some former; some rehired (two employments, the first ended).
  const hire = dateBetween(rng, '2008-01-01', addDays(referenceDate, -60));
  const former = rng.chance(0.12);
  const rehired = !former && rng.chance(0.08) && hire < addDays(referenceDate, -800);
  const employments: EmploymentRow[] = [];
  if (rehired) {
    const end1 = dateBetween(rng, addDays(hire, 180), addDays(referenceDate, -500));
    const start2 = dateBetween(rng, addDays(end1, 30), addDays(referenceDate, -90));
    employments.push({ employmentId: id('employment', 0), startDate: hire, endDate: end1, endContractReason: 1, createdAt: at(hire) });
    employments.push({ employmentId: id('employment', 1), startDate: start2, endDate: null, endContractReason: null, createdAt: at(start2) });
  } else {
    const end = former ? dateBetween(rng, addDays(hire, 120), addDays(referenceDate, -1)) : null;
    employments.push({ employmentId: id('employment', 0), startDate: hire, endDate: end, endContractReason: end ? rng.int(1, 4) : null, createdAt: at(hire) });
  }
  const current = employments.at(-1)!;
  const hours = rng.pick([16, 20, 24, 28, 32, 36, 38, 40]);

  // Contracts: per employment a fixed-term one, often followed by an indefinite one.
  const contracts: ContractRow[] = [];
  employments.forEach((e, k) => {
    const fixedEnd = addDays(e.startDate, 364);
    const stillFixed = !e.endDate && fixedEnd >= referenceDate;
    contracts.push({
      contractId: id('contract', k * 2),
      startDate: e.startDate,
      trialPeriod: addDays(e.startDate, 30),
      endDate: e.endDate && e.endDate < fixedEnd ? e.endDate : fixedEnd,
      indefinite: false,
      writtenContract: true,
      hoursPerWeek: hours,
      createdAt: at(e.startDate),
    });
    if (!stillFixed && (!e.endDate || e.endDate > fixedEnd)) {
      const start = addDays(fixedEnd, 1);
      contracts.push({ contractId: id('contract', k * 2 + 1), startDate: start, trialPeriod: null, endDate: e.endDate, indefinite: true, writtenContract: true, hoursPerWeek: hours, createdAt: at(start) });
    }
  });

  const employeeType = former ? 'formerPayroll' : 'payroll';
  const domain = `${emailPart(company.name.split(' ')[0]!)}.example.nl`;
  const businessEmail = `${emailPart(person.firstName)}.${emailPart(`${person.prefix ?? ''}${person.lastName}`)}${x.index}@${domain}`;
  const basic = (lastName: string, prefix: string | null) => ({
    employeeNumber: x.employeeNumber,
    firstName: person.firstName,
    firstNameInFull: person.firstName,
    prefix,
    initials: `${person.firstName[0]}.`,
    lastName,
    employeeType,
  });
  const info = (k: number, date: string, lastName: string, prefix: string | null, email: string | null): PersonalInfoRow => ({
    personalInfoId: id('personalinfo', k),
    basicInfo: basic(lastName, prefix),
    birthInfo: { birthDate: `${person.birthDate}T00:00:00`, birthCountry: { codeISO: 'NL', description: 'Nederland' }, nationality: { codeISO: 'NL' }, gender: person.gender },
    contactInfo: { privateEmail: person.privateEmail, businessEmail: email, businessPhone: null, businessMobilePhone: null, privatePhone: null, privateMobilePhone: person.mobile, otherPhone: null },
    partnerInfo: { partnerPrefix: null, partnerName: null },
    period: per(date),
    createdAt: at(date),
  });
  const personalInfo: PersonalInfoRow[] = [info(0, current.startDate, person.lastName, person.prefix, businessEmail)];
  const roll = rng.unit();
  if (!former && roll < 0.1 && current.startDate < addDays(referenceDate, -70)) {
    // An older spelling corrected later in the same period (the later createdAt wins).
    const first = personalInfo[0]!;
    first.basicInfo.lastName = first.basicInfo.lastName.toUpperCase();
    personalInfo.push({ ...info(1, current.startDate, person.lastName, person.prefix, businessEmail), createdAt: iso(addDays(current.startDate, 2), 9 * 3600) });
  } else if (!former && roll < 0.15) {
    // A change already entered for a future period: not current yet.
    const future = addDays(referenceDate, 70);
    personalInfo.push({ ...info(1, future, `${person.lastName}-Bakker`, person.prefix, businessEmail), createdAt: iso(addDays(referenceDate, -2), 10 * 3600) });
  }

  const fn = (date: string) => {
    const f = rng.pick(x.debtorFunctions);
    return { functionId: f.id, code: Number(f.code), description: f.description, period: per(date), createdAt: at(date) };
  };
  const functions: FunctionRow[] = [fn(current.startDate)];
  const promoted = !former && rng.chance(0.25) && current.startDate < addDays(referenceDate, -100);
  if (promoted) functions.push(fn(dateBetween(rng, addDays(current.startDate, 60), addDays(referenceDate, -20))));
  const dep = (date: string) => {
    const d = rng.pick(x.debtorDepartments);
    return { departmentId: d.id, code: String(d.code), description: d.description, period: per(date), createdAt: at(date) };
  };
  const departments: DepartmentRow[] = [dep(current.startDate)];
  if (promoted && rng.chance(0.5)) departments.push(dep(functions[1]!.createdAt.slice(0, 10)));

  const cc = (k: number, pct: number, isDefault: boolean): EmployeeCostCenterRow => {
    const c = company.costCenters[(x.index + k * 2) % company.costCenters.length]!;
    return { employeeCostCenterId: id('costcenter', k), costCenter: { ...c }, costUnit: null, percentage: pct, default: isDefault, period: per(current.startDate), createdAt: at(current.startDate) };
  };
  const costCenters: EmployeeCostCenterRow[] = rng.chance(0.1) ? [cc(0, 60, true), cc(1, 40, false)] : [cc(0, 100, true)];

  const week = weekOf(hours);
  const schedules: ScheduleRow[] = [
    { scheduleId: id('schedule', 0), startDate: current.startDate, parttimePercentage: Math.round((hours / 40) * 10000) / 100, hoursPerWeek: hours, week1: week, week2: { ...week }, createdAt: at(current.startDate) },
  ];
  const hourly = rng.chance(0.6);
  const salaries: SalaryRow[] = [
    {
      salaryId: id('salary', 0),
      startDate: current.startDate,
      type: hourly ? 'grossHourlyWage' : 'grossFulltimeSalary',
      value: hourly ? Math.round(rng.int(1450, 3800)) / 100 : rng.int(2400, 6200),
      createdAt: at(current.startDate),
    },
  ];
  const privateInfos: PrivateInfoRow[] = [{ privateInfoId: id('private', 0), bsn: person.bsn, period: per(employments[0]!.startDate), createdAt: at(employments[0]!.startDate) }];
  return { employeeId, companyId: company.companyId, personalInfo, contracts, employments, functions, departments, costCenters, schedules, salaries, privateInfos };
}

/** Monday-to-Sunday hours of a schedule week (for tests). */
export function weekTotal(w: WeekHours): number {
  return Object.values(w).reduce((a, b) => a + b, 0);
}

