import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidBsn } from '../../../domain/bsn.ts';
import { corruptEmployee } from '../../../../emulators/personio/personio-emulator.faults.ts';
import { externalEmployeeSchema, type ExternalEmployee } from '../../kit/hr-connector.ts';
import { personioAttributeCatalogueFixture, personioEmployeeFixture, type PersonioEmployeeFixture } from './personio.fixtures.ts';
import {
  NO_FIELD_KEYS,
  OrganisationCollector,
  contractTypeOptions,
  mapPersonioEmployee,
  personioProjection,
  resolvePersonioFieldKeys,
  splitStreetAndNumber,
  type PersonioFieldKeys,
} from './personio.mappers.ts';

const KEYS = resolvePersonioFieldKeys(personioAttributeCatalogueFixture());

function mapOk(row: unknown, keys: PersonioFieldKeys = KEYS): ExternalEmployee {
  const r = mapPersonioEmployee(row, keys);
  if (!r.ok) throw new Error(`expected a mapped employee, got ${r.error}`);
  // Whatever the mapper makes must be a valid vendor-neutral employee.
  externalEmployeeSchema.parse(r.employee);
  return r.employee;
}

function withValue(key: string, value: unknown, row: PersonioEmployeeFixture = personioEmployeeFixture()): PersonioEmployeeFixture {
  row.attributes[key] = { ...(row.attributes[key] ?? { label: key, type: 'standard', universal_id: null }), value };
  return row;
}

describe('custom attribute discovery', () => {
  it('finds the custom fields by universal_id and by label', () => {
    expect(KEYS).toEqual({
      ...NO_FIELD_KEYS,
      birthDate: 'dynamic_180883',
      bsn: 'dynamic_1134554',
      personnelNumber: 'dynamic_1134553',
      contractType: 'dynamic_1134552',
      street: 'dynamic_1134555',
      postalCode: 'dynamic_1134556',
      city: 'dynamic_1134557',
    });
  });

  it('matches Dutch and German labels regardless of case, accents and punctuation', () => {
    const keys = resolvePersonioFieldKeys([
      { key: 'dynamic_1', label: 'Burgerservicenummer', universal_id: null },
      { key: 'dynamic_2', label: 'Personal-Nr.', universal_id: null },
      { key: 'dynamic_3', label: 'Straße', universal_id: null },
      { key: 'dynamic_4', label: 'Hausnummer', universal_id: null },
      { key: 'dynamic_5', label: 'PLZ', universal_id: null },
      { key: 'dynamic_6', label: 'Woonplaats', universal_id: null },
      { key: 'dynamic_7', label: 'Tussenvoegsel', universal_id: null },
      { key: 'dynamic_8', label: 'Geburtsort', universal_id: null },
    ]);
    expect(keys).toMatchObject({ bsn: 'dynamic_1', personnelNumber: 'dynamic_2', street: 'dynamic_3', houseNumber: 'dynamic_4', postalCode: 'dynamic_5', city: 'dynamic_6', prefix: 'dynamic_7' });
    // "Geburtsort" (place of birth) must not be mistaken for the city of residence.
    expect(Object.values(keys)).not.toContain('dynamic_8');
  });

  it('lets configuration win, including "this account has no such field"', () => {
    const keys = resolvePersonioFieldKeys(personioAttributeCatalogueFixture(), { bsn: 'dynamic_999', city: null });
    expect(keys.bsn).toBe('dynamic_999');
    expect(keys.city).toBeNull();
    expect(keys.street).toBe('dynamic_1134555');
  });

  it('ignores catalogue entries that are not attribute definitions', () => {
    expect(resolvePersonioFieldKeys([null, 42, { key: 'x' }, { label: 'BSN' }])).toEqual(NO_FIELD_KEYS);
  });

  it('projects the standard attributes plus the discovered custom ones', () => {
    const projection = personioProjection(KEYS);
    expect(projection).toContain('id');
    expect(projection).toContain('dynamic_1134554');
    expect(projection).not.toContain('dynamic_21827'); // IBAN is not synced
    expect(new Set(projection).size).toBe(projection.length);
  });

  it('lists every contract type option, used or not', () => {
    expect(contractTypeOptions(personioAttributeCatalogueFixture(), KEYS).map((r) => r.name)).toEqual([
      'Vaste kracht',
      'Uurloner',
      'Oproepkracht',
      'Stagiair',
      'Festanstellung',
      'Minijob',
      'Werkstudent',
      'Aushilfe',
    ]);
    expect(contractTypeOptions(personioAttributeCatalogueFixture(), { ...KEYS, contractType: null })).toEqual([]);
  });
});

describe('mapPersonioEmployee', () => {
  it('maps a recorded row completely', () => {
    expect(mapOk(personioEmployeeFixture())).toEqual({
      externalId: '1100002',
      firstName: 'Rayen',
      prefix: null,
      lastName: 'Bijl',
      email: 'rayen.bijl@nl.example.com',
      personnelNumber: '001002',
      bsn: '232086977',
      birthDate: '1981-03-31',
      street: 'van der Walplantsoen',
      houseNumber: '157b',
      postalCode: '7781 ND',
      city: 'Beekbergen',
      country: null,
      phone: null,
      status: 'former',
      department: { externalId: '281583', name: 'Finance' },
      // The larger share of the 40/60 split.
      costCenter: { externalId: '82957', name: 'KP 4100 Keuken' },
      // The split as Personio gives it: the 40 % share is kept next to the primary 60 % (issue 14).
      costCenters: [
        { externalId: '83002', name: 'OH 9000 Overhead', percentage: 40 },
        { externalId: '82957', name: 'KP 4100 Keuken', percentage: 60 },
      ],
      contractType: { externalId: 'Oproepkracht', name: 'Oproepkracht' },
      position: 'Boekhouder',
      weeklyHours: 24,
      hourlyWage: 14.48,
      hireDate: '2018-08-15',
      terminationDate: '2024-05-28',
      contractEndDate: '2024-05-31',
      warnings: [],
    } satisfies ExternalEmployee);
  });

  it('takes the local date before the offset (midnight in Berlin is the day before in UTC)', () => {
    const row = withValue('hire_date', '2014-11-09T00:00:00+01:00');
    withValue('termination_date', '2024-01-01T00:00:00+0100', row); // time-off spelling without a colon
    withValue('contract_end_date', '2024-03-31', row);
    const e = mapOk(row);
    expect([e.hireDate, e.terminationDate, e.contractEndDate]).toEqual(['2014-11-09', '2024-01-01', '2024-03-31']);
  });

  it.each([
    ['inactive', 'former'],
    ['active', 'active'],
    ['onboarding', 'active'],
    ['leave', 'active'],
    ['terminated', 'former'],
  ] as const)('status %s → %s', (status, expected) => {
    const e = mapOk(withValue('status', status));
    expect(e.status).toBe(expected);
    expect(e.warnings).toEqual([]);
  });

  it('an unknown status is taken as active with a warning', () => {
    const e = mapOk(withValue('status', 'suspended'));
    expect(e.status).toBe('active');
    expect(e.warnings).toEqual(['status:unknown_value']);
  });

  describe('tussenvoegsel', () => {
    it('keeps "van der Berg" whole when the account has no prefix field', () => {
      const e = mapOk(withValue('last_name', 'van der Berg'));
      expect([e.prefix, e.lastName]).toEqual([null, 'van der Berg']);
    });

    it('uses a dedicated prefix attribute', () => {
      const row = withValue('last_name', 'Berg');
      row.attributes.dynamic_77 = { label: 'Tussenvoegsel', value: 'van der', type: 'standard', universal_id: null };
      const keys = resolvePersonioFieldKeys([...personioAttributeCatalogueFixture(), { key: 'dynamic_77', label: 'Tussenvoegsel', type: 'standard', universal_id: null, options: [] }]);
      const e = mapOk(row, keys);
      expect([e.prefix, e.lastName]).toEqual(['van der', 'Berg']);
    });

    it('does not repeat the prefix when the last name also carries it', () => {
      const row = withValue('last_name', 'Van der Berg');
      row.attributes.dynamic_77 = { label: 'Tussenvoegsel', value: 'van der', type: 'standard', universal_id: null };
      const e = mapOk(row, { ...KEYS, prefix: 'dynamic_77' });
      expect([e.prefix, e.lastName]).toEqual(['van der', 'Berg']);
    });

    it('an empty prefix attribute means no prefix', () => {
      const row = withValue('last_name', 'de Vries');
      row.attributes.dynamic_77 = { label: 'Tussenvoegsel', value: '', type: 'standard', universal_id: null };
      const e = mapOk(row, { ...KEYS, prefix: 'dynamic_77' });
      expect([e.prefix, e.lastName]).toEqual([null, 'de Vries']);
    });
  });

  it('reads numbers that arrive as strings, with a decimal point or comma', () => {
    expect(mapOk(withValue('weekly_working_hours', '38.5')).weeklyHours).toBe(38.5);
    expect(mapOk(withValue('weekly_working_hours', '38,5')).weeklyHours).toBe(38.5);
    expect(mapOk(withValue('weekly_working_hours', 40)).weeklyHours).toBe(40);
    expect(mapOk(withValue('hourly_salary', '15.25')).hourlyWage).toBe(15.25);
  });

  it('treats an hourly salary of 0 (salaried staff) as no hourly wage', () => {
    expect(mapOk(withValue('hourly_salary', 0)).hourlyWage).toBeNull();
  });

  it('normalises an 8-digit BSN and drops an invalid one with a warning that does not show it', () => {
    // 11-proof valid with the leading zero: 0·9 + 1·8 + 1·7 + 1·6 + 2·5 + 2·4 + 3·3 + 5·2 − 3 = 55 ≡ 0 (mod 11).
    expect(isValidBsn('011122353')).toBe(true);
    expect(mapOk(withValue('dynamic_1134554', '11122353')).bsn).toBe('011122353');
    const bad = mapOk(withValue('dynamic_1134554', '123456789'));
    expect(bad.bsn).toBeNull();
    expect(bad.warnings).toEqual(['bsn:not_11_proof']);
    expect(JSON.stringify(bad)).not.toContain('123456789');
  });

  it('keeps what is valid and names each dropped field', () => {
    const row = personioEmployeeFixture();
    withValue('hire_date', '2019-02-31T00:00:00+01:00', row);
    withValue('email', 'jan.jansen(at)example', row);
    withValue('weekly_working_hours', 'veertig', row);
    withValue('dynamic_180883', '18.08.1983', row);
    withValue('department', { type: 'Department', attributes: { name: 'no id' } }, row);
    const e = mapOk(row);
    expect(e.warnings.map((w) => w.split(':')[0]).sort()).toEqual(['birthDate', 'department', 'email', 'hireDate', 'weeklyHours']);
    expect(e.warnings).toContain('birthDate:not_a_date');
    expect(e.warnings).toContain('email:not_an_email');
    expect([e.hireDate, e.email, e.weeklyHours, e.birthDate, e.department]).toEqual([null, null, null, null, null]);
    // The rest survived.
    expect([e.firstName, e.lastName, e.bsn, e.costCenter?.externalId, e.terminationDate]).toEqual(['Rayen', 'Bijl', '232086977', '82957', '2024-05-28']);
  });

  it('an attribute envelope without a value is a warning, not a crash', () => {
    const row = personioEmployeeFixture();
    delete (row.attributes.first_name as { value?: unknown }).value;
    const e = mapOk(row);
    expect(e.firstName).toBe('');
    expect(e.warnings).toEqual(['firstName:no_value']);
  });

  it('a cost center percentage that is not a number drops the cost center with a warning', () => {
    const row = personioEmployeeFixture();
    (row.attributes.cost_centers!.value as Array<{ attributes: Record<string, unknown> }>)[0]!.attributes.percentage = '100%';
    const e = mapOk(row);
    expect(e.costCenter).toBeNull();
    expect(e.warnings).toEqual(['costCenter:not_a_number']);
  });

  it('attributes the credential may not read are simply absent: nulls, no warnings', () => {
    const row = personioEmployeeFixture();
    for (const key of Object.keys(row.attributes)) if (key !== 'id' && key !== 'first_name' && key !== 'last_name') delete row.attributes[key];
    const e = mapOk(row);
    expect(e.warnings).toEqual([]);
    expect([e.email, e.bsn, e.department, e.weeklyHours, e.hireDate, e.status]).toEqual([null, null, null, null, null, 'active']);
  });

  it('reads an id sent as a string', () => {
    expect(mapOk(withValue('id', '1100002')).externalId).toBe('1100002');
  });

  it('reports a row without a usable id instead of mapping it', () => {
    expect(mapPersonioEmployee(withValue('id', '1100002x'), KEYS)).toEqual({ ok: false, error: 'id:not_an_id' });
    const noId = personioEmployeeFixture();
    delete noId.attributes.id;
    expect(mapPersonioEmployee(noId, KEYS)).toEqual({ ok: false, error: 'id:missing' });
    expect(mapPersonioEmployee('garbage', KEYS)).toEqual({ ok: false, error: 'row:not_an_employee' });
    expect(mapPersonioEmployee({ type: 'Employee' }, KEYS)).toEqual({ ok: false, error: 'row:not_an_employee' });
  });

  it('notices every kind of corruption the emulator injects', () => {
    // The emulator's fault profile picks one of these per malformed response; none may slip through as a valid value.
    for (let pick = 0; pick < 1; pick += 1 / 14) {
      const row = personioEmployeeFixture();
      const name = corruptEmployee(row as unknown as Record<string, unknown>, pick);
      const r = mapPersonioEmployee(row, KEYS);
      expect(!r.ok || r.employee.warnings.length > 0, name).toBe(true);
    }
  });

  it('never writes a BSN into a warning or an error', () => {
    const bsn = fc.integer({ min: 10_000_000, max: 999_999_999 }).map((n) => String(n).padStart(9, '0')).filter(isValidBsn);
    const slot = fc.constantFrom('id', 'email', 'weekly_working_hours', 'hire_date', 'dynamic_180883', 'dynamic_1134554', 'first_name', 'department');
    fc.assert(
      fc.property(bsn, slot, (value, key) => {
        const r = mapPersonioEmployee(withValue(key, key === 'hire_date' ? `${value}T00:00:00+01:00` : `${value}x`), KEYS);
        const text = r.ok ? r.employee.warnings.join('\n') : r.error;
        expect(text).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});

describe('splitStreetAndNumber', () => {
  it.each([
    ['Keizersgracht 12', 'Keizersgracht', '12'],
    ['Dorpsstraat 5a', 'Dorpsstraat', '5a'],
    ['Laralaan 807 III', 'Laralaan', '807 III'],
    ['Hoofdweg 12-3', 'Hoofdweg', '12-3'],
    ['Kerkstraat 10 hs', 'Kerkstraat', '10 hs'],
    ['Allensteiner Str. 18a', 'Allensteiner Str.', '18a'],
    ['Straße des 17. Juni 135', 'Straße des 17. Juni', '135'],
    ['1e Jan Steenstraat 3', '1e Jan Steenstraat', '3'],
    ['Hauptstraße, 4', 'Hauptstraße', '4'],
    ['  Lange   Voorhout 7 ', 'Lange Voorhout', '7'],
  ])('%s → %s | %s', (line, street, houseNumber) => {
    expect(splitStreetAndNumber(line)).toEqual({ street, houseNumber });
  });

  it.each(['Am Markt', '12 Main Street', 'Postfach'])('keeps %s whole', (line) => {
    expect(splitStreetAndNumber(line)).toEqual({ street: line.trim(), houseNumber: null });
  });

  it('uses a dedicated house number attribute instead of splitting', () => {
    const row = withValue('dynamic_1134555', 'Keizersgracht');
    row.attributes.dynamic_88 = { label: 'Huisnummer', value: '12 A', type: 'standard', universal_id: null };
    const e = mapOk(row, { ...KEYS, houseNumber: 'dynamic_88' });
    expect([e.street, e.houseNumber]).toEqual(['Keizersgracht', '12 A']);
  });
});

describe('OrganisationCollector', () => {
  it('collects departments, every cost center of a split, and contract types, sorted by name', () => {
    const org = new OrganisationCollector();
    const row = personioEmployeeFixture();
    org.addEmployee(mapOk(row));
    org.addContractTypes([{ externalId: 'Uurloner', name: 'Uurloner' }]);
    expect(org.result()).toEqual({
      departments: [{ externalId: '281583', name: 'Finance' }],
      costCenters: [
        { externalId: '82957', name: 'KP 4100 Keuken' },
        { externalId: '83002', name: 'OH 9000 Overhead' },
      ],
      contractTypes: [
        { externalId: 'Oproepkracht', name: 'Oproepkracht' },
        { externalId: 'Uurloner', name: 'Uurloner' },
      ],
    });
  });
});
