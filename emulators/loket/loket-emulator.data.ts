import { isValidBsn } from '../../src/domain/bsn.ts';
import { hash32, mulberry32 } from '../kit/random.ts';

/**
 * The Loket emulator's invented world (issue 11), derived from a seed only: employers, each with one
 * monthly payroll administration, departments, cost centers, distribution units, payroll components
 * (hour and wage), payroll periods for the reference year and the one before, employees (Dutch names
 * with tussenvoegsels, elfproef BSNs) and their employments. Employee numbers start at 1 in every
 * employer, so the same number exists under several employers (as in Loket: unique per employer only).
 */

export interface LoketAddress {
  street: string;
  houseNumber: number;
  houseNumberAddition: string | null;
  postalCode: string;
  city: string;
}

export interface LoketEmployerRecord {
  id: string;
  employerNumber: number;
  companyName: string;
  address: LoketAddress;
  chamberOfCommerceNumber: string;
  administration: LoketAdministrationRecord;
  departments: LoketDepartmentRecord[];
  costCenters: LoketCostCenterRecord[];
  distributionUnits: LoketDistributionUnitRecord[];
}

export interface LoketAdministrationRecord {
  id: string;
  employerId: string;
  name: string;
  description: string;
  clientNumber: number;
  groupCode: number;
  startDate: string;
  periods: LoketPeriodRecord[];
  components: LoketComponentRecord[];
}

export interface LoketPeriodRecord {
  id: number;
  year: number;
  periodNumber: number;
  startDate: string;
  endDate: string;
}

export interface LoketComponentRecord {
  /** The component NUMBER users type in (the seed's "code, not name"). */
  key: number;
  description: string;
  category: { key: number; value: string };
  kind: 'hour' | 'wage';
  deductionOrPayment: { key: number; value: string } | null;
  canBeSupplemented: boolean;
  isCollectiveMutationPossible: boolean;
}

export interface LoketDepartmentRecord {
  id: string;
  code: number;
  description: string;
}

export interface LoketCostCenterRecord {
  key: number;
  code: string;
  description: string;
}

export interface LoketDistributionUnitRecord {
  key: string;
  code: number;
  description: string;
}

export interface LoketEmployeeRecord {
  id: string;
  employerId: string;
  employeeNumber: number;
  initials: string;
  firstName: string;
  prefix: string | null;
  lastName: string;
  gender: 1 | 2;
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  address: LoketAddress;
  bsn: string;
}

export interface LoketEmploymentRecord {
  id: string;
  employeeId: string;
  employerId: string;
  payrollAdministrationId: string;
  payrollId: number;
  startDate: string;
  endDate: string | null;
  departmentId: string;
  /** Contract hours per week (Loket's aggregatedHoursPerWeek); null for an on-call employment (oproepkracht). */
  hoursPerWeek: number | null;
  /** The id of the employment's working-hours record. */
  workingHoursId: string;
}

export interface LoketWorld {
  referenceYear: number;
  employers: LoketEmployerRecord[];
  employees: LoketEmployeeRecord[];
  employments: LoketEmploymentRecord[];
}

const FIRST = {
  1: ['Daan', 'Sem', 'Lucas', 'Bram', 'Jesse', 'Thijs', 'Ruben', 'Stijn', 'Mohamed', 'Sven', 'Lars', 'Jeroen', 'Pieter', 'Willem', 'Kees', 'Joost'],
  2: ['Emma', 'Julia', 'Sophie', 'Tess', 'Anna', 'Fleur', 'Sanne', 'Lotte', 'Noor', 'Fatima', 'Iris', 'Femke', 'Marieke', 'Anouk', 'Eva', 'Lieke'],
} as const;
const LAST = ['Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Dekker', 'Peters', 'Hendriks', 'Dijkstra', 'Brouwer', 'Vermeulen', 'Kok', 'Yilmaz', 'El Amrani', 'Şahin'];
const WITH_PREFIX: Array<[string, string]> = [
  ['de', 'Vries'],
  ['van', 'Dijk'],
  ['van der', 'Meer'],
  ['van den', 'Berg'],
  ['de', 'Jong'],
  ['van', 'Leeuwen'],
  ['ter', 'Horst'],
  ['in ’t', 'Veld'],
  ['van de', 'Wetering'],
  ['den', 'Hartog'],
];
const CITIES = ['Amsterdam', 'Utrecht', 'Zwolle', 'Groningen', 'Leeuwarden', 'Eindhoven', "'s-Hertogenbosch", 'Den Haag', 'Rotterdam', 'Nijmegen'];
const STREETS = ['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Molenweg', 'Julianalaan', 'Beatrixstraat', 'Schoolstraat', 'Nieuwe Gracht'];
const COMPANIES = ['Bakkerij De Korenschoof', 'Zorggroep Het Baken', 'Installatiebedrijf Van Dam', 'Horeca Groep Noord', 'Transport De Vries', 'Schoonmaak Totaal', 'Tuincentrum Groen'];
const DEPARTMENTS = ['Productie', 'Logistiek', 'Verkoop', 'Administratie', 'Zorg', 'Keuken', 'Bediening'];

/**
 * Payroll components, hour and wage. Numbers as users see them in Loket's "Administratie → Componenten";
 * descriptions at most 14 characters (Loket's own limit).
 */
export const LOKET_COMPONENTS: readonly LoketComponentRecord[] = [
  { key: 2, description: 'Uren gewerkt', category: { key: 1, value: 'Uren' }, kind: 'hour', deductionOrPayment: null, canBeSupplemented: false, isCollectiveMutationPossible: true },
  { key: 15, description: 'Overuren 125%', category: { key: 1, value: 'Uren' }, kind: 'hour', deductionOrPayment: null, canBeSupplemented: false, isCollectiveMutationPossible: true },
  { key: 16, description: 'Overuren 150%', category: { key: 1, value: 'Uren' }, kind: 'hour', deductionOrPayment: null, canBeSupplemented: false, isCollectiveMutationPossible: true },
  { key: 17, description: 'Nachturen', category: { key: 1, value: 'Uren' }, kind: 'hour', deductionOrPayment: null, canBeSupplemented: false, isCollectiveMutationPossible: true },
  { key: 18, description: 'Weekenduren', category: { key: 1, value: 'Uren' }, kind: 'hour', deductionOrPayment: null, canBeSupplemented: false, isCollectiveMutationPossible: true },
  { key: 284, description: 'Reiskosten', category: { key: 2, value: 'Loon' }, kind: 'wage', deductionOrPayment: { key: 1, value: 'Betaling' }, canBeSupplemented: true, isCollectiveMutationPossible: true },
  { key: 367, description: 'Ploegentoesl.', category: { key: 2, value: 'Loon' }, kind: 'wage', deductionOrPayment: { key: 1, value: 'Betaling' }, canBeSupplemented: true, isCollectiveMutationPossible: true },
  { key: 372, description: 'Bonus', category: { key: 2, value: 'Loon' }, kind: 'wage', deductionOrPayment: { key: 1, value: 'Betaling' }, canBeSupplemented: true, isCollectiveMutationPossible: true },
  { key: 401, description: 'Inhouding', category: { key: 2, value: 'Loon' }, kind: 'wage', deductionOrPayment: { key: 2, value: 'Inhouding' }, canBeSupplemented: false, isCollectiveMutationPossible: false },
];

/** A lowercase UUID fixed by its parts (Loket answers ids in lowercase). */
export function seededUuid(...parts: ReadonlyArray<string | number>): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(...parts, 'uuid', i).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A nine-digit number passing the elfproef. */
export function makeBsn(next: () => number): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 10)));
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += digits[i]! * (9 - i);
    const check = sum % 11;
    if (check > 9) continue;
    const bsn = digits.join('') + String(check);
    if (isValidBsn(bsn)) return bsn;
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

function address(next: () => number): LoketAddress {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return {
    street: pick(STREETS),
    houseNumber: 1 + Math.floor(next() * 180),
    houseNumberAddition: next() < 0.15 ? pick(['A', 'B', 'bis', 'II']) : null,
    postalCode: `${1000 + Math.floor(next() * 8999)}${String.fromCharCode(65 + Math.floor(next() * 26))}${String.fromCharCode(65 + Math.floor(next() * 26))}`,
    city: pick(CITIES),
  };
}

function monthlyPeriods(year: number, firstId: number): LoketPeriodRecord[] {
  return Array.from({ length: 12 }, (_, m) => ({
    id: firstId + m,
    year,
    periodNumber: m + 1,
    startDate: iso(new Date(Date.UTC(year, m, 1))),
    endDate: iso(new Date(Date.UTC(year, m + 1, 0))),
  }));
}

export function generateWorld(opts: { employers: number; employees: number; seed: number; referenceYear: number }): LoketWorld {
  const { seed, referenceYear } = opts;
  const employers: LoketEmployerRecord[] = [];
  for (let e = 0; e < opts.employers; e++) {
    const next = mulberry32(hash32(seed, 'employer', e));
    const id = seededUuid(seed, 'employer', e);
    const administration: LoketAdministrationRecord = {
      id: seededUuid(seed, 'administration', e),
      employerId: id,
      name: `Salarisadministratie ${e + 1}`,
      description: 'Maandverloning',
      clientNumber: 4000 + e,
      groupCode: 1,
      startDate: `${referenceYear - 5}-01-01`,
      periods: [...monthlyPeriods(referenceYear - 1, 1000 * (e + 1)), ...monthlyPeriods(referenceYear, 1000 * (e + 1) + 12)],
      components: [...LOKET_COMPONENTS],
    };
    employers.push({
      id,
      employerNumber: 395 + e * 7,
      companyName: e < COMPANIES.length ? COMPANIES[e]! : `${COMPANIES[e % COMPANIES.length]} ${Math.floor(e / COMPANIES.length) + 1}`,
      address: address(next),
      chamberOfCommerceNumber: String(10_000_000 + Math.floor(next() * 89_999_999)),
      administration,
      departments: DEPARTMENTS.slice(0, 3 + (e % 4)).map((d, i) => ({ id: seededUuid(seed, 'department', e, i), code: 10 * (i + 1), description: d })),
      costCenters: DEPARTMENTS.slice(0, 3 + (e % 4)).map((d, i) => ({ key: i + 1, code: `KP${100 + i}`, description: `Kostenpl. ${d}` })),
      distributionUnits: ['Hoofdvestiging', 'Filiaal Oost', 'Filiaal West'].map((d, i) => ({ key: seededUuid(seed, 'distribution-unit', e, i), code: i + 1, description: d })),
    });
  }
  const employees: LoketEmployeeRecord[] = [];
  const employments: LoketEmploymentRecord[] = [];
  const perEmployer = new Map<string, number>();
  for (let i = 0; i < opts.employees && employers.length > 0; i++) {
    const employer = employers[i % employers.length]!;
    const number = (perEmployer.get(employer.id) ?? 0) + 1;
    perEmployer.set(employer.id, number);
    const next = mulberry32(hash32(seed, 'employee', i));
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const gender = next() < 0.5 ? 1 : 2;
    const firstName = pick(FIRST[gender]);
    const [prefix, lastName] = next() < 0.35 ? pick(WITH_PREFIX) : [null, pick(LAST)];
    const birth = new Date(Date.UTC(referenceYear - 19 - Math.floor(next() * 45), Math.floor(next() * 12), 1 + Math.floor(next() * 28)));
    const local = `${firstName}.${(prefix ?? '').replace(/[^a-z]/gi, '')}${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const id = seededUuid(seed, 'employee', i);
    employees.push({
      id,
      employerId: employer.id,
      employeeNumber: number,
      initials: `${firstName[0]}.`,
      firstName,
      prefix,
      lastName,
      gender,
      dateOfBirth: iso(birth),
      email: next() < 0.9 ? `${local}${i}@example.nl` : null,
      phone: next() < 0.7 ? `06${String(10_000_000 + Math.floor(next() * 89_999_999))}` : null,
      address: address(next),
      bsn: makeBsn(next),
    });
    const started = new Date(Date.UTC(referenceYear - 1 - Math.floor(next() * 8), Math.floor(next() * 12), 1));
    const ended = next() < 0.08 ? iso(new Date(Date.UTC(referenceYear, Math.floor(next() * 12), 0))) : null;
    employments.push({
      id: seededUuid(seed, 'employment', i),
      employeeId: id,
      employerId: employer.id,
      payrollAdministrationId: employer.administration.id,
      payrollId: number,
      startDate: iso(started),
      endDate: ended,
      departmentId: pick(employer.departments).id,
      hoursPerWeek: hoursPerWeekOf(seed, i),
      workingHoursId: seededUuid(seed, 'working-hours', i),
    });
  }
  return { referenceYear, employers, employees, employments };
}

/** Contract hours of employment i: an own stream (the other draws stay as they were), 16–40 in half hours, about 1 in 10 on call (null). */
function hoursPerWeekOf(seed: number, i: number): number | null {
  const next = mulberry32(hash32(seed, 'working-hours', i));
  if (next() < 0.1) return null;
  return 16 + Math.floor(next() * 49) / 2;
}
