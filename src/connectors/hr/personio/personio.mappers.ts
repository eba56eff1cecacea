import { z } from 'zod';
import { isValidBsn, normalizeBsn } from '../../../domain/bsn.ts';
import type { ExternalEmployee, ExternalEmployeeStatus, ExternalOrganisation, ExternalRef, InvalidExternalRow } from '../../kit/hr-connector.ts';
import {
  personioAttributeDefSchema,
  personioAttributeSchema,
  personioCostCentersSchema,
  personioEmployeeRowSchema,
  personioIdSchema,
  personioLocalDateSchema,
  personioNamedRefSchema,
  personioNumberSchema,
} from './personio.schemas.ts';

/**
 * Pure functions from Personio's v1 employee payload to the vendor-neutral ExternalEmployee.
 * No I/O, no clock: the connector feeds them parsed JSON and the attribute catalogue.
 */

// ── custom attributes ────────────────────────────────────────────────────────

/**
 * Where the fields that Personio has no standard attribute for live. Customers model them as
 * custom ("dynamic_NNNN") attributes whose keys differ per account, so they are found in
 * `GET /company/employees/attributes` by universal_id or by label, unless configured explicitly.
 */
export interface PersonioFieldKeys {
  birthDate: string | null;
  bsn: string | null;
  personnelNumber: string | null;
  contractType: string | null;
  /** A dedicated tussenvoegsel attribute, if the account has one. */
  prefix: string | null;
  street: string | null;
  houseNumber: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  phone: string | null;
}

export type PersonioFieldKeyOverrides = Partial<PersonioFieldKeys>;

export const NO_FIELD_KEYS: PersonioFieldKeys = {
  birthDate: null,
  bsn: null,
  personnelNumber: null,
  contractType: null,
  prefix: null,
  street: null,
  houseNumber: null,
  postalCode: null,
  city: null,
  country: null,
  phone: null,
};

/** Labels compared after `normalizeLabel` (lower case, no accents, letters and digits only); English, Dutch and German. */
const FIELD_MATCHERS: Record<keyof PersonioFieldKeys, { universalIds: readonly string[]; labels: readonly string[] }> = {
  birthDate: { universalIds: ['date_of_birth', 'birthday'], labels: ['birthday', 'dateofbirth', 'birthdate', 'geburtsdatum', 'geburtstag', 'geboortedatum'] },
  bsn: { universalIds: ['bsn'], labels: ['bsn', 'bsnnummer', 'burgerservicenummer', 'citizenservicenumber', 'sofinummer'] },
  personnelNumber: {
    universalIds: ['employee_number', 'personnel_number'],
    labels: ['personnelnumber', 'personalnummer', 'personeelsnummer', 'employeenumber', 'staffnumber', 'personnelno', 'personalnr'],
  },
  contractType: { universalIds: ['contract_type'], labels: ['contracttype', 'vertragsart', 'vertragstyp', 'soortcontract', 'contractsoort', 'typecontract', 'contractvorm'] },
  prefix: { universalIds: ['name_prefix'], labels: ['tussenvoegsel', 'voorvoegsel', 'prefix', 'nameprefix', 'lastnameprefix', 'namensvorsatz'] },
  street: { universalIds: ['address_street', 'street'], labels: ['street', 'strasse', 'straat', 'streetname', 'address', 'adres', 'adresse', 'anschrift', 'straatnaam'] },
  houseNumber: { universalIds: ['address_house_number', 'house_number'], labels: ['housenumber', 'hausnummer', 'huisnummer', 'hausnr', 'huisnr'] },
  postalCode: { universalIds: ['address_zip_code', 'zip_code', 'postal_code'], labels: ['postalcode', 'postcode', 'zipcode', 'zip', 'plz', 'postleitzahl'] },
  city: { universalIds: ['address_city', 'city'], labels: ['city', 'town', 'stadt', 'ort', 'wohnort', 'plaats', 'woonplaats'] },
  country: { universalIds: ['address_country', 'country'], labels: ['country', 'land', 'countrycode', 'landcode'] },
  phone: {
    universalIds: ['phone', 'phone_number', 'mobile_phone'],
    labels: ['phone', 'phonenumber', 'telephone', 'mobile', 'mobilephone', 'telefon', 'telefonnummer', 'handy', 'mobilnummer', 'telefoonnummer', 'mobiel', 'mobielnummer'],
  },
};

export function normalizeLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/** Attribute catalogue → where each field lives. An explicit override (even `null`, "this account has none") wins. */
export function resolvePersonioFieldKeys(catalogue: readonly unknown[], overrides: PersonioFieldKeyOverrides = {}): PersonioFieldKeys {
  const defs = catalogue.flatMap((d) => {
    const p = personioAttributeDefSchema.safeParse(d);
    return p.success ? [p.data] : [];
  });
  const keys: PersonioFieldKeys = { ...NO_FIELD_KEYS };
  for (const field of Object.keys(FIELD_MATCHERS) as Array<keyof PersonioFieldKeys>) {
    if (field in overrides) {
      keys[field] = overrides[field] ?? null;
      continue;
    }
    const m = FIELD_MATCHERS[field];
    const byUid = defs.find((d) => d.universal_id && m.universalIds.includes(d.universal_id));
    const byLabel = defs.find((d) => m.labels.includes(normalizeLabel(d.label)));
    keys[field] = (byUid ?? byLabel)?.key ?? null;
  }
  return keys;
}

/** The options of the contract-type list attribute: every contract type the account knows, used or not. */
export function contractTypeOptions(catalogue: readonly unknown[], keys: PersonioFieldKeys): ExternalRef[] {
  if (!keys.contractType) return [];
  for (const d of catalogue) {
    const p = personioAttributeDefSchema.safeParse(d);
    if (p.success && p.data.key === keys.contractType) return (p.data.options ?? []).filter((o) => o.trim() !== '').map((o) => contractTypeRef(o));
  }
  return [];
}

/** Personio list values have no ids: the option text is the identity (renaming an option in Personio is a new type). */
function contractTypeRef(value: string): ExternalRef {
  const name = value.trim();
  return { externalId: name, name };
}

/** Standard attributes the connector reads; with the discovered custom keys this is the `attributes[]` projection. */
export const PERSONIO_STANDARD_ATTRIBUTES = [
  'first_name',
  'last_name',
  'email',
  'status',
  'position',
  'weekly_working_hours',
  'hire_date',
  'termination_date',
  'contract_end_date',
  'department',
  'cost_centers',
  'hourly_salary',
] as const;

export function personioProjection(keys: PersonioFieldKeys): string[] {
  const custom = Object.values(keys).filter((k): k is string => !!k);
  return [...new Set(['id', ...PERSONIO_STANDARD_ATTRIBUTES, ...custom])];
}

// ── small pure helpers ───────────────────────────────────────────────────────

/**
 * "Keizersgracht 12" → street + "12"; keeps additions ("5a", "807 III", "12-3", "1 bis"). A line that
 * does not end in a number stays whole (street only), so nothing is ever lost by splitting.
 */
export function splitStreetAndNumber(line: string): { street: string; houseNumber: string | null } {
  const trimmed = line.trim().replace(/\s+/g, ' ');
  const m = /^(.*\p{L}.*?),? (\d+(?: ?[\p{L}]{1,3})?(?: ?[-/] ?[0-9\p{L}]{1,6})?)$/u.exec(trimmed);
  return m ? { street: m[1]!, houseNumber: m[2]! } : { street: trimmed, houseNumber: null };
}

/**
 * Personio's status → active/former. `inactive` is how Personio keeps people who left; `terminated`
 * and `former` are not Personio values but cost nothing to accept. `onboarding` and `leave` are
 * employed people. Null when the value is unknown (the caller warns).
 */
export function personioStatus(value: string): ExternalEmployeeStatus | null {
  switch (value.trim().toLowerCase()) {
    case 'active':
    case 'onboarding':
    case 'leave':
      return 'active';
    case 'inactive':
    case 'terminated':
    case 'former':
      return 'former';
    default:
      return null;
  }
}

/** If a dedicated prefix exists and the last name repeats it ("van der" + "van der Berg"), the last name loses the copy. */
export function splitPrefix(prefix: string | null, lastName: string): { prefix: string | null; lastName: string } {
  if (!prefix) return { prefix: null, lastName };
  const lower = lastName.toLowerCase();
  const p = `${prefix.toLowerCase()} `;
  return { prefix, lastName: lower.startsWith(p) ? lastName.slice(p.length).trim() : lastName };
}

// ── the employee mapper ──────────────────────────────────────────────────────

export type PersonioEmployeeResult = { ok: true; employee: ExternalEmployee } | ({ ok: false } & InvalidExternalRow);

const textSchema = z.union([z.string(), z.number().transform(String)]).transform((s) => s.trim());
const emailSchema = z.string().trim().pipe(z.email('not an email'));
const nonNegative = personioNumberSchema.pipe(z.number().nonnegative('negative'));

/** The schemas' messages as the stable warning codes the UI translates (`field:code`); anything else is `invalid`. */
const WARNING_CODES: Record<string, string> = {
  'not a date': 'not_a_date',
  'not a number': 'not_a_number',
  'not an email': 'not_an_email',
  'not an id': 'not_an_id',
  negative: 'negative',
};
const warningCode = (message: string | undefined) => (message !== undefined && WARNING_CODES[message]) || 'invalid';

/**
 * One row of `GET /company/employees` → ExternalEmployee. A malformed attribute is dropped (null)
 * with a warning naming the field — never the value, which may be a BSN. A row without a usable
 * `id` cannot be synced and comes back as `{ok: false}`.
 */
export function mapPersonioEmployee(row: unknown, keys: PersonioFieldKeys): PersonioEmployeeResult {
  const parsedRow = personioEmployeeRowSchema.safeParse(row);
  if (!parsedRow.success) return { ok: false, error: 'row:not_an_employee' };
  const attrs = parsedRow.data.attributes;
  const warnings: string[] = [];

  /** The attribute's value; undefined when absent (not whitelisted, not projected) or broken (warned). */
  const valueOf = (field: string, key: string | null): unknown => {
    if (!key || !(key in attrs)) return undefined;
    const env = personioAttributeSchema.safeParse(attrs[key]);
    if (!env.success || !('value' in env.data)) {
      warnings.push(`${field}:no_value`);
      return undefined;
    }
    return env.data.value;
  };

  function read<T>(field: string, key: string | null, schema: z.ZodType<T>): T | null {
    const value = valueOf(field, key);
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
    const p = schema.safeParse(value);
    if (!p.success) {
      warnings.push(`${field}:${warningCode(p.error.issues[0]?.message)}`);
      return null;
    }
    return p.data;
  }
  const text = (field: string, key: string | null): string | null => {
    const v = read(field, key, textSchema);
    return v === '' ? null : v;
  };

  const idValue = valueOf('id', 'id');
  const id = personioIdSchema.safeParse(idValue);
  if (!id.success) return { ok: false, error: idValue === undefined ? 'id:missing' : 'id:not_an_id' };
  const externalId = String(id.data);

  const names = splitPrefix(text('prefix', keys.prefix), text('lastName', 'last_name') ?? '');

  let bsn = text('bsn', keys.bsn);
  if (bsn !== null) {
    bsn = normalizeBsn(bsn);
    if (!isValidBsn(bsn)) {
      warnings.push('bsn:not_11_proof');
      bsn = null;
    }
  }

  let street = text('street', keys.street);
  let houseNumber = text('houseNumber', keys.houseNumber);
  if (street !== null && houseNumber === null && !keys.houseNumber) ({ street, houseNumber } = splitStreetAndNumber(street));

  const statusText = text('status', 'status');
  let status: ExternalEmployeeStatus = 'active';
  if (statusText !== null) {
    const s = personioStatus(statusText);
    if (s) status = s;
    else warnings.push('status:unknown_value');
  }

  const department = read('department', 'department', personioNamedRefSchema);
  const costCenters = read('costCenter', 'cost_centers', personioCostCentersSchema);
  // Personio splits a person over cost centers by percentage; the primary one is the largest share.
  const primaryCostCenter = costCenters?.reduce((best, c) => ((c.attributes.percentage ?? 0) > (best.attributes.percentage ?? 0) ? c : best));
  const contractType = text('contractType', keys.contractType);
  const hourlyWage = read('hourlyWage', 'hourly_salary', nonNegative);

  const employee: ExternalEmployee = {
    externalId,
    firstName: text('firstName', 'first_name') ?? '',
    prefix: names.prefix,
    lastName: names.lastName,
    email: read('email', 'email', emailSchema),
    personnelNumber: text('personnelNumber', keys.personnelNumber),
    bsn,
    birthDate: read('birthDate', keys.birthDate, personioLocalDateSchema),
    street,
    houseNumber,
    postalCode: text('postalCode', keys.postalCode),
    city: text('city', keys.city),
    country: text('country', keys.country),
    phone: text('phone', keys.phone),
    status,
    department: department ? { externalId: String(department.attributes.id), name: department.attributes.name } : null,
    costCenter: primaryCostCenter ? { externalId: String(primaryCostCenter.attributes.id), name: primaryCostCenter.attributes.name } : null,
    // The split as Personio gives it (60/40): every share, not only the largest.
    ...(costCenters?.length ? { costCenters: costCenters.map((c) => ({ externalId: String(c.attributes.id), name: c.attributes.name, percentage: c.attributes.percentage ?? null })) } : {}),
    contractType: contractType ? contractTypeRef(contractType) : null,
    position: text('position', 'position'),
    weeklyHours: read('weeklyHours', 'weekly_working_hours', nonNegative),
    // Salaried staff carry `hourly_salary: 0`; zero is "not paid by the hour", not a wage of nothing.
    hourlyWage: hourlyWage === 0 ? null : hourlyWage,
    hireDate: read('hireDate', 'hire_date', personioLocalDateSchema),
    terminationDate: read('terminationDate', 'termination_date', personioLocalDateSchema),
    contractEndDate: read('contractEndDate', 'contract_end_date', personioLocalDateSchema),
    warnings,
  };
  return { ok: true, employee };
}

/** Departments and cost centers seen on employees (Personio v1 has no endpoint listing them), sorted by name. */
export class OrganisationCollector {
  private readonly departments = new Map<string, ExternalRef>();
  private readonly costCenters = new Map<string, ExternalRef>();
  private readonly contractTypes = new Map<string, ExternalRef>();

  /** Its department, contract type and every cost center of its split (not only the primary one it is booked on). */
  addEmployee(e: ExternalEmployee): void {
    if (e.department) this.departments.set(e.department.externalId, e.department);
    if (e.costCenter) this.costCenters.set(e.costCenter.externalId, e.costCenter);
    for (const c of e.costCenters ?? []) this.costCenters.set(c.externalId, { externalId: c.externalId, name: c.name });
    if (e.contractType) this.contractTypes.set(e.contractType.externalId, e.contractType);
  }

  addContractTypes(refs: readonly ExternalRef[]): void {
    for (const r of refs) this.contractTypes.set(r.externalId, r);
  }

  result(): ExternalOrganisation {
    const sorted = (m: Map<string, ExternalRef>) => [...m.values()].sort((a, b) => a.name.localeCompare(b.name) || a.externalId.localeCompare(b.externalId));
    return { departments: sorted(this.departments), costCenters: sorted(this.costCenters), contractTypes: sorted(this.contractTypes) };
  }
}
