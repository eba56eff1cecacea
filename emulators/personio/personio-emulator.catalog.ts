import type { Country, TimeOffType } from './personio-emulator.types.ts';

/**
 * The emulated company: a Dutch-German hospitality and retail group. The structure is fixed (not
 * drawn from the seed) so mapping screens, demo scripts and fixtures can name departments, cost
 * centers and contract types; only the people and their absences vary with the seed. The ids are
 * large and non-contiguous, as Personio's are, so nobody mistakes them for row numbers.
 */

export interface NamedEntity {
  id: number;
  name: string;
}

export const SUBCOMPANIES: ReadonlyArray<NamedEntity & { country: Country }> = [
  { id: 7033, name: 'Koppel Demo B.V.', country: 'NL' },
  { id: 7041, name: 'Koppel Demo GmbH', country: 'DE' },
];

export const HOLIDAY_CALENDARS: ReadonlyArray<NamedEntity & { country: Country; state: string | null }> = [
  { id: 31, name: 'Nederland Feestdagen', country: 'NL', state: null },
  { id: 2, name: 'Deutschland (Bayern) Feiertage', country: 'DE', state: 'Bayern' },
  { id: 5, name: 'Deutschland (Berlin) Feiertage', country: 'DE', state: 'Berlin' },
  { id: 8, name: 'Deutschland (Hamburg) Feiertage', country: 'DE', state: 'Hamburg' },
];

export const OFFICES: ReadonlyArray<NamedEntity & { country: Country; holidayCalendarId: number; weight: number }> = [
  { id: 131014, name: 'Amsterdam', country: 'NL', holidayCalendarId: 31, weight: 5 },
  { id: 131022, name: 'Utrecht', country: 'NL', holidayCalendarId: 31, weight: 3 },
  { id: 131037, name: 'Rotterdam', country: 'NL', holidayCalendarId: 31, weight: 2 },
  { id: 131045, name: 'Berlin', country: 'DE', holidayCalendarId: 5, weight: 4 },
  { id: 131051, name: 'München', country: 'DE', holidayCalendarId: 2, weight: 3 },
  { id: 131068, name: 'Hamburg', country: 'DE', holidayCalendarId: 8, weight: 2 },
];

export interface DepartmentDef extends NamedEntity {
  weight: number;
  positions: readonly string[];
  costCenterId: number;
}

export const DEPARTMENTS: readonly DepartmentDef[] = [
  { id: 281521, name: 'Keuken', weight: 6, costCenterId: 82957, positions: ['Kok', 'Sous-chef', 'Afwasser', 'Zelfstandig werkend kok'] },
  { id: 281534, name: 'Bediening', weight: 8, costCenterId: 82963, positions: ['Medewerker bediening', 'Gastvrouw', 'Barista', 'Shiftleader'] },
  { id: 281547, name: 'Logistik', weight: 5, costCenterId: 82971, positions: ['Lagerist', 'Fahrer', 'Kommissionierer', 'Schichtleiter Lager'] },
  { id: 281559, name: 'Verkauf', weight: 6, costCenterId: 82984, positions: ['Verkäufer', 'Kassierer', 'Filialleiter', 'Aushilfe Verkauf'] },
  { id: 281562, name: 'Kundenservice', weight: 3, costCenterId: 82990, positions: ['Kundenberater', 'Teamleiter Kundenservice'] },
  { id: 281578, name: 'HR', weight: 1, costCenterId: 83002, positions: ['HR Business Partner', 'Payroll Specialist', 'Recruiter'] },
  { id: 281583, name: 'Finance', weight: 1, costCenterId: 83002, positions: ['Controller', 'Boekhouder', 'Finance Manager'] },
  { id: 281597, name: 'IT', weight: 1, costCenterId: 83015, positions: ['Software Engineer', 'IT Support', 'Data Analyst'] },
  { id: 281604, name: 'Marketing', weight: 1, costCenterId: 83015, positions: ['Marketing Manager', 'Content Creator'] },
];

export const TEAMS: ReadonlyArray<NamedEntity & { departmentId: number }> = DEPARTMENTS.flatMap((d, i) => [
  { id: 59026 + i * 10, name: `${d.name} A`, departmentId: d.id },
  { id: 59027 + i * 10, name: `${d.name} B`, departmentId: d.id },
]);

export const COST_CENTERS: readonly NamedEntity[] = [
  { id: 82957, name: 'KP 4100 Keuken' },
  { id: 82963, name: 'KP 4200 Bediening' },
  { id: 82971, name: 'KST 5100 Logistik' },
  { id: 82984, name: 'KST 5200 Verkauf' },
  { id: 82990, name: 'KST 5300 Service' },
  { id: 83002, name: 'OH 9000 Overhead' },
  { id: 83015, name: 'OH 9100 Projekte' },
];

export type PayKind = 'salary' | 'hourly';

export interface ContractTypeDef {
  name: string;
  country: Country;
  weight: number;
  /** Weekly contract hours to draw from; 0 = no fixed hours (nul-uren / Aushilfe). */
  hours: readonly number[];
  pay: PayKind;
  /** Contracts of this type always carry a contract end date. */
  fixedTerm: boolean;
}

/** Stored in the dynamic list attribute "Contract type", as Personio customers model it (seeds/000: Uurloner ↔ Nul uren). */
export const CONTRACT_TYPES: readonly ContractTypeDef[] = [
  { name: 'Vaste kracht', country: 'NL', weight: 5, hours: [40, 36, 32, 24], pay: 'salary', fixedTerm: false },
  { name: 'Uurloner', country: 'NL', weight: 4, hours: [0], pay: 'hourly', fixedTerm: false },
  { name: 'Oproepkracht', country: 'NL', weight: 2, hours: [0], pay: 'hourly', fixedTerm: false },
  { name: 'Stagiair', country: 'NL', weight: 1, hours: [32, 40], pay: 'hourly', fixedTerm: true },
  { name: 'Festanstellung', country: 'DE', weight: 5, hours: [40, 38.5, 30, 20], pay: 'salary', fixedTerm: false },
  { name: 'Minijob', country: 'DE', weight: 3, hours: [10, 8], pay: 'hourly', fixedTerm: false },
  { name: 'Werkstudent', country: 'DE', weight: 2, hours: [20, 16], pay: 'hourly', fixedTerm: true },
  { name: 'Aushilfe', country: 'DE', weight: 1, hours: [0], pay: 'hourly', fixedTerm: false },
];

export const TIME_OFF_TYPES: readonly TimeOffType[] = [
  { id: 113437, name: 'Paid vacation', category: 'paid_vacation', unit: 'day', approval_required: true },
  { id: 113438, name: 'Sick leave', category: 'sick_leave', unit: 'day', approval_required: false },
  { id: 113441, name: 'Special leave', category: 'other', unit: 'day', approval_required: true },
  { id: 113442, name: 'Unpaid leave', category: 'unpaid_vacation', unit: 'day', approval_required: true },
  { id: 113450, name: 'Parental leave', category: 'maternity_parental_leave', unit: 'day', approval_required: true },
  { id: 113455, name: 'Niet planbaar', category: 'other', unit: 'day', approval_required: false },
  { id: 113460, name: 'Home office', category: 'offsite_work', unit: 'hour', approval_required: true },
];

export const VACATION_TYPE_ID = 113437;

export const PROJECTS: ReadonlyArray<NamedEntity & { active: boolean }> = [
  { id: 51059, name: 'Inventur 2025', active: true },
  { id: 51060, name: 'Opening filiaal Utrecht', active: true },
  { id: 51061, name: 'Oude kassa-migratie', active: false },
];

/**
 * Custom attributes. The keys are fixed so a client configured against one emulator run works
 * against the next; a real client should still discover them through `/company/employees/attributes`
 * by `universal_id` (birthday, IBAN) or by label (the rest have no universal id in Personio).
 */
export interface DynamicAttributeDef {
  field: 'birthday' | 'contract_type' | 'personnel_number' | 'bsn' | 'iban' | 'street' | 'postal_code' | 'city';
  key: string;
  label: string;
  universal_id: string | null;
  type: 'standard' | 'date' | 'list';
}

export const DYNAMIC_ATTRIBUTES: readonly DynamicAttributeDef[] = [
  { field: 'birthday', key: 'dynamic_180883', label: 'Birthday', universal_id: 'date_of_birth', type: 'date' },
  { field: 'contract_type', key: 'dynamic_1134552', label: 'Contract type', universal_id: null, type: 'list' },
  { field: 'personnel_number', key: 'dynamic_1134553', label: 'Personnel number', universal_id: null, type: 'standard' },
  { field: 'bsn', key: 'dynamic_1134554', label: 'BSN', universal_id: null, type: 'standard' },
  { field: 'iban', key: 'dynamic_21827', label: 'IBAN', universal_id: 'iban', type: 'standard' },
  { field: 'street', key: 'dynamic_1134555', label: 'Street', universal_id: null, type: 'standard' },
  { field: 'postal_code', key: 'dynamic_1134556', label: 'Postal code', universal_id: null, type: 'standard' },
  { field: 'city', key: 'dynamic_1134557', label: 'City', universal_id: null, type: 'standard' },
];

export const TERMINATION_REASONS = ['Eigen verzoek', 'Einde contract', 'Kündigung durch Arbeitnehmer', 'Umzug', 'Andere baan'] as const;
