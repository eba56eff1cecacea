import { describe, expect, it } from 'vitest';
import { isValidBsn } from '../../../domain/bsn.ts';
import { externalEmployeeSchema } from '../../kit/hr-connector.ts';
import * as fx from './nmbrs.fixtures.ts';
import { collectBulk, currentByPeriod, currentByStart, employeeRows, mapNmbrsEmployee, type NmbrsEmployeeRows } from './nmbrs.mappers.ts';
import type { NmbrsCollection } from './nmbrs.schemas.ts';

function rowsOf(overrides: Partial<Record<NmbrsCollection, { data: unknown[] }>> = {}): NmbrsEmployeeRows {
  const into = new Map<string, Partial<Record<NmbrsCollection, unknown[]>>>();
  const payloads: Record<NmbrsCollection, { data: unknown[] }> = {
    personalInfo: fx.personalInfoPayload,
    contracts: fx.contractsPayload,
    employments: fx.employmentsPayload,
    functions: fx.functionsPayload,
    departments: fx.departmentsPayload,
    costCenters: fx.costCentersPayload,
    schedules: fx.schedulesPayload,
    salaries: fx.salariesPayload,
    privateInfos: fx.privateInfosPayload,
    ...overrides,
  };
  for (const [k, p] of Object.entries(payloads)) collectBulk(k as NmbrsCollection, p.data, into);
  return employeeRows(fx.EMPLOYEE_ID, fx.COMPANY_ID, into.get(fx.EMPLOYEE_ID)!);
}

const CTX = { today: '2026-06-15', currentPeriod: { year: 2026, period: 6 } };

describe('Nmbrs mappers', () => {
  it('takes the current row by period and createdAt: a same-period correction wins, a future period does not count yet', () => {
    const r = mapNmbrsEmployee(rowsOf(), CTX);
    if (!r.ok) throw new Error(r.error);
    const e = r.employee;
    expect(externalEmployeeSchema.parse(e)).toEqual(e);
    expect(e).toMatchObject({ externalId: fx.EMPLOYEE_ID, firstName: 'Jan', prefix: 'van der', lastName: 'Berg', personnelNumber: '42', birthDate: '1984-02-29', email: 'jan.vanderberg@bakkerij.example.nl', phone: '0612345678' });
    // The function changes in period 7: still "Bakker" in period 6, "Chef bakker" once period 7 is current.
    expect(e.position).toBe('Bakker');
    const later = mapNmbrsEmployee(rowsOf(), { today: '2026-07-15', currentPeriod: { year: 2026, period: 7 } });
    expect(later.ok && later.employee.position).toBe('Chef bakker');
    // The name change for period 9 shows only from period 9.
    const p9 = mapNmbrsEmployee(rowsOf(), { today: '2026-09-15', currentPeriod: { year: 2026, period: 9 } });
    expect(p9.ok && p9.employee.lastName).toBe('Berg-Bakker');
  });

  it('the record carries its company (werkmaatschappij) by id and name; without a name the id stands in', () => {
    const r = mapNmbrsEmployee(rowsOf(), { ...CTX, companyName: ' Bakkerij Zuid BV ' });
    expect(r.ok && r.employee.company).toEqual({ externalId: fx.COMPANY_ID, name: 'Bakkerij Zuid BV' });
    const noName = mapNmbrsEmployee(rowsOf(), CTX);
    expect(noName.ok && noName.employee.company).toEqual({ externalId: fx.COMPANY_ID, name: fx.COMPANY_ID });
  });

  it('the function comes with its catalogue id (F-12: the function mapping goes by id), the current one by period', () => {
    const r = mapNmbrsEmployee(rowsOf(), CTX);
    expect(r.ok && r.employee.jobFunction).toEqual({ externalId: 'f-baker', name: 'Bakker' });
    const later = mapNmbrsEmployee(rowsOf(), { today: '2026-07-15', currentPeriod: { year: 2026, period: 7 } });
    expect(later.ok && later.employee.jobFunction).toEqual({ externalId: 'f-head', name: 'Chef bakker' });
    // No function rows: no function (null, not absent: Nmbrs has function ids, so the mapping still decides).
    const none = mapNmbrsEmployee(rowsOf({ functions: { data: [] } }), CTX);
    expect(none.ok && none.employee.jobFunction).toBeNull();
    expect(none.ok && none.employee.position).toBeNull();
    // A row without an id (malformed) gives no function to map.
    const noId = mapNmbrsEmployee(rowsOf({ functions: { data: [{ employeeId: fx.EMPLOYEE_ID, functions: [{ description: 'Bakker', createdAt: '2020-01-02T09:00:00Z', period: { year: 2020, period: 1 } }] }] } }), CTX);
    expect(noId.ok && noId.employee.jobFunction).toBeNull();
  });

  it('one person with several employments → one employee with every employment and its contracts; the current ones drive the fields', () => {
    const r = mapNmbrsEmployee(rowsOf(), CTX);
    if (!r.ok) throw new Error(r.error);
    expect(r.employee).toMatchObject({ status: 'active', hireDate: '2020-01-01', terminationDate: null, contractType: { externalId: 'indefinite' }, contractEndDate: null });
    expect(r.employments.map((e) => [e.employmentId, e.current, e.contracts.map((c) => c.contractId)])).toEqual([
      ['e1', false, ['c1']],
      ['e2', true, ['c2', 'c3']],
    ]);
    expect(r.employments[1]!.contracts[1]!.hoursPerWeek).toBe(32);
  });

  it('without employment rows the contracts span the employment', () => {
    const r = mapNmbrsEmployee(rowsOf({ employments: { data: [] } }), CTX);
    expect(r.ok && r.employee).toMatchObject({ hireDate: '2015-03-01', terminationDate: null, status: 'active' });
    const ended = { data: [{ employeeId: fx.EMPLOYEE_ID, contracts: [{ contractId: 'c1', startDate: '2019-01-01', endDate: '2026-01-31', indefinite: false, hoursPerWeek: 20, createdAt: null }] }] };
    const f = mapNmbrsEmployee(rowsOf({ employments: { data: [] }, contracts: ended }), CTX);
    expect(f.ok && f.employee).toMatchObject({ hireDate: '2019-01-01', terminationDate: '2026-01-31', status: 'former' });
  });

  it('cost center split: every center of the current period with its share, the largest one primary', () => {
    const r = mapNmbrsEmployee(rowsOf(), CTX);
    if (!r.ok) throw new Error(r.error);
    expect(r.employee.costCenters).toEqual([
      { externalId: 'kp-1', name: 'Winkel', percentage: 40 },
      { externalId: 'kp-2', name: 'Bakkerij', percentage: 60 },
    ]);
    expect(r.employee.costCenter).toEqual({ externalId: 'kp-2', name: 'Bakkerij' });
    expect(r.employee.department).toEqual({ externalId: 'd-prod', name: 'Productie' });
  });

  it('hours from the schedule week when it has no total; hourly wage from the salary in force; BSN normalised', () => {
    const r = mapNmbrsEmployee(rowsOf(), CTX);
    if (!r.ok) throw new Error(r.error);
    expect(r.employee.weeklyHours).toBe(32);
    expect(r.employee.hourlyWage).toBe(17.25);
    expect(r.employee.bsn).toBe('011222335');
    expect(isValidBsn(r.employee.bsn!)).toBe(true);
    expect(r.employee.warnings).toEqual([]);
  });

  it('former employees: by employee type or an employment that ended', () => {
    const ended = { data: [{ employeeId: fx.EMPLOYEE_ID, employments: [{ employmentId: 'e1', startDate: '2015-03-01', endDate: '2026-03-31', createdAt: '2015-02-20T10:00:00Z' }] }] };
    const r = mapNmbrsEmployee(rowsOf({ employments: ended }), CTX);
    expect(r.ok && r.employee).toMatchObject({ status: 'former', terminationDate: '2026-03-31' });
    const typed = structuredClone(fx.personalInfoPayload);
    for (const row of typed.data[0]!.info) row.basicInfo.employeeType = 'formerPayroll';
    const t = mapNmbrsEmployee(rowsOf({ personalInfo: typed }), CTX);
    expect(t.ok && t.employee.status).toBe('former');
  });

  it('bad values become warnings, never the value; a record without personal info is an invalid row', () => {
    const bad = structuredClone(fx.personalInfoPayload);
    for (const row of bad.data[0]!.info) {
      row.birthInfo.birthDate = '1984-02-30T00:00:00';
      row.contactInfo.businessEmail = 'not-an-email';
      row.contactInfo.privateEmail = 'not-an-email';
    }
    const badBsn = { data: [{ employeeId: fx.EMPLOYEE_ID, privateInfos: [{ bsn: '123456789', createdAt: '2015-02-20T10:00:00Z' }] }] };
    const r = mapNmbrsEmployee(rowsOf({ personalInfo: bad, privateInfos: badBsn }), CTX);
    if (!r.ok) throw new Error(r.error);
    expect(r.employee.warnings.sort()).toEqual(['birthDate:not_a_date', 'bsn:not_11_proof', 'email:not_an_email']);
    expect(r.employee).toMatchObject({ birthDate: null, bsn: null, email: null });
    expect(JSON.stringify(r.employee)).not.toContain('123456789');
    const none = mapNmbrsEmployee(rowsOf({ personalInfo: { data: [] } }), CTX);
    expect(none).toEqual({ ok: false, externalId: fx.EMPLOYEE_ID, error: 'personalInfo:missing' });
  });

  it('current-row helpers: unknown current period means the latest; only future rows → the earliest; dates by start', () => {
    const rows = [
      { id: 'a', period: { year: 2026, period: 3 }, createdAt: '2026-03-01T00:00:00Z' },
      { id: 'b', period: { year: 2026, period: 5 }, createdAt: '2026-01-01T00:00:00Z' },
    ];
    expect(currentByPeriod(rows, null)?.id).toBe('b');
    expect(currentByPeriod(rows, { year: 2026, period: 4 })?.id).toBe('a');
    expect(currentByPeriod(rows, { year: 2025, period: 12 })?.id).toBe('a');
    expect(currentByPeriod([], null)).toBeNull();
    const dated = [
      { id: 'x', startDate: '2027-01-01', createdAt: null },
      { id: 'y', startDate: '2026-12-01', createdAt: null },
    ];
    expect(currentByStart(dated, '2026-06-15')?.id).toBe('y');
    expect(currentByStart(dated, '2027-02-01')?.id).toBe('x');
  });
});
