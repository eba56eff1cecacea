import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unneededErrata } from '../kit/spec-validator.ts';
import { startLoketEmulator, type LoketEmulator } from './loket-emulator.server.ts';
import { LOKET_METADATA_TEMPLATE, LOKET_SPEC_ERRATA, loketBodyPointer, loketCall, loketResponsePointer, loketValidator, passwordToken } from './loket-emulator.test-support.ts';

/**
 * The emulator's answers validated against Loket's own OpenAPI description (test/fixtures/specs/loket/
 * loket.nl.json), closed: a field the document does not declare fails. Errata are named in
 * loket-emulator.test-support.ts and each is shown to be needed.
 */

let em: LoketEmulator;
let token: string;
const v = loketValidator();

beforeAll(async () => {
  em = await startLoketEmulator({ employers: 2, employees: 30, seed: 3, referenceYear: 2026 });
  token = (await passwordToken(em)).access_token;
});
afterAll(() => em.close());

const expectValid = (errors: unknown[]) => expect(errors, JSON.stringify(errors.slice(0, 5), null, 1)).toEqual([]);

describe('Loket emulator against loket.nl.json', () => {
  it('employers, employees (both versions), employments, departments, working hours, administrations, periods, components, BSN', async () => {
    const employer = em.world.employers[0]!;
    const pa = employer.administration.id;
    const employee = em.world.employees.find((p) => p.employerId === employer.id)!;
    const cases: Array<[string, string, string, string]> = [
      ['/providers/employers', '/providers/employers', '2018-01-01', '2018-01-01'],
      ['/providers/employers/{employerId}/employees', `/providers/employers/${employer.id}/employees`, '2018-12-31', '2018-12-31'],
      ['/providers/employers/{employerId}/employees', `/providers/employers/${employer.id}/employees`, '2021-03-29', '2021-03-29'],
      ['/providers/employers/{employerId}/employees/employments', `/providers/employers/${employer.id}/employees/employments`, '2019-12-16', '2019-12-16'],
      ['/providers/employers/{employerId}/departments', `/providers/employers/${employer.id}/departments`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/{employerId}/actualorganizationalentities', `/providers/employers/${employer.id}/actualorganizationalentities`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/{employerId}/actualworkinghours', `/providers/employers/${employer.id}/actualworkinghours`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/{employerId}/actualworkinghours', `/providers/employers/${employer.id}/actualworkinghours?referenceDate=2026-03-01&pageNumber=2&pageSize=4`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/{employerId}/payrolladministrations', `/providers/employers/${employer.id}/payrolladministrations`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollperiods', `/providers/employers/payrolladministrations/${pa}/payrollperiods`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollcomponents/year/{year}', `/providers/employers/payrolladministrations/${pa}/payrollcomponents/year/2026`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/employees/{employeeId}/citizenservicenumber', `/providers/employers/employees/${employee.id}/citizenservicenumber`, '2018-01-01', '2018-01-01'],
      ['/providers/employers/lastmodifiedversionnumbers', '/providers/employers/lastmodifiedversionnumbers?filter=lastModifiedVersionNumber%20gt%200&orderBy=-lastModifiedVersionNumber', '2018-01-01', '2018-01-01'],
      [
        '/providers/employers/{employerId}/employees/employments/lastmodifiedversionnumbers',
        `/providers/employers/${employer.id}/employees/employments/lastmodifiedversionnumbers`,
        '2018-01-01',
        '2018-01-01',
      ],
    ];
    for (const [template, path, asked, served] of cases) {
      const res = await loketCall(em, token, path, { version: asked });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(`version=${served}`);
      expectValid(v.validate(loketResponsePointer(template, 'get', 200, served), res.json));
    }
  });

  it('payrollperioddata: the PATCH body Koppel sends and the GET answer after it', async () => {
    const m = em.world.employments[0]!;
    const employer = em.world.employers.find((e) => e.id === m.employerId)!;
    const body = {
      payrollPeriod: { year: 2026, periodNumber: 4 },
      shift: { shiftNumber: 1 },
      payslipType: { key: 1 },
      distributionUnit: { key: employer.distributionUnits[0]!.key },
      costCenter: { key: employer.costCenters[0]!.key },
      payrollComponents: [
        { payrollComponent: { key: 2 }, value: 144, isSupplement: false },
        { payrollComponent: { key: 15 }, value: null, isSupplement: false },
      ],
    };
    const template = '/providers/employers/employees/employments/{employmentId}/payrollperioddata';
    expectValid(v.validate(loketBodyPointer(template, 'patch', '2018-01-01'), body));
    const path = `/providers/employers/employees/employments/${m.id}/payrollperioddata`;
    expect((await loketCall(em, token, path, { method: 'PATCH', json: body })).status).toBe(200);
    const res = await loketCall(em, token, path);
    expect(res.status).toBe(200);
    expectValid(v.validate(loketResponsePointer(template, 'get', 200, '2018-01-01'), res.json));
    const pa = employer.administration;
    const period = pa.periods.find((x) => x.year === 2026 && x.periodNumber === 4)!;
    const bulkTemplate = '/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollPeriods/{payrollPeriodId}/payrollperioddata';
    const bulk = await loketCall(em, token, `/providers/employers/payrolladministrations/${pa.id}/payrollPeriods/${period.id}/payrollperioddata?payslipType=1`);
    expect(bulk.status).toBe(200);
    expect((bulk.json._embedded as unknown[]).length).toBe(1);
    expectValid(v.validate(loketResponsePointer(bulkTemplate, 'get', 200, '2018-01-01'), bulk.json));
    const collective = '/providers/employers/{employerId}/payrollperioddata';
    expectValid(v.validate(loketBodyPointer(collective, 'patch', '2018-01-01'), [{ ...body, employmentId: m.id }]));
  });

  it('payrollperioddata/metadata (the PATCH URL + /metadata): cost centers and distribution units, in the documented metadata shape', async () => {
    const m = em.world.employments[0]!;
    const employer = em.world.employers.find((e) => e.id === m.employerId)!;
    const res = await loketCall(em, token, `/providers/employers/employees/employments/${m.id}/payrollperioddata/metadata`);
    expect(res.status).toBe(200);
    expectValid(v.validate(loketResponsePointer(LOKET_METADATA_TEMPLATE, 'get', 200, '2018-01-01'), res.json));
    const fields = res.json._embedded as { field: string; options: { key: unknown; code?: unknown }[] }[];
    expect(fields.find((f) => f.field === 'costCenter')!.options.map((o) => o.key)).toEqual(employer.costCenters.map((c) => c.key));
    expect(fields.find((f) => f.field === 'distributionUnit')!.options.map((o) => o.code)).toEqual(employer.distributionUnits.map((d) => d.code));
  });

  it('errors: 400 messages, 401 and 403 bodies as documented', async () => {
    const bad = await loketCall(em, token, '/providers/employers', { version: null });
    expect(bad.status).toBe(400);
    expectValid(v.validate('#/paths/~1providers~1employers/get/responses/400/content/application~1json/schema', bad.json));
    const unauth = await loketCall(em, 'nope', '/providers/employers');
    expect(unauth.status).toBe(401);
    expectValid(v.validate('#/paths/~1providers~1employers/get/responses/401/content/application~1json/schema', unauth.json));
    em.rights.citizenServiceNumber = false;
    try {
      const employee = em.world.employees[0]!;
      const res = await loketCall(em, token, `/providers/employers/employees/${employee.id}/citizenservicenumber`);
      expect(res.status).toBe(403);
      expectValid(v.validate('#/paths/~1providers~1employers~1employees~1{employeeId}~1citizenservicenumber/get/responses/403/content/application~1json/schema', res.json));
    } finally {
      em.rights.citizenServiceNumber = true;
    }
  });

  it('every erratum is still needed: without it, a body Loket really sends fails', () => {
    const employer = em.world.employers[0]!;
    const metadata = (options: unknown[]) => ({
      pointer: loketResponsePointer(LOKET_METADATA_TEMPLATE, 'get', 200, '2018-01-01'),
      body: { totalSize: 1, pageSize: 250, totalPages: 1, currentPage: 1, version: { obsoleteDate: null, resourceVersion: '2018-01-01' }, messages: [], _embedded: [{ field: 'distributionUnit', options }] },
    });
    const witness = {
      metadataOptionKeyUuid: metadata([{ key: employer.distributionUnits[0]!.key, value: 'Hoofdvestiging' }]),
      metadataOptionCode: metadata([{ key: 2, value: 'Sales Den Bosch', code: 'SAL073' }]),
      uuidPatternCase: {
        pointer: loketResponsePointer('/providers/employers/{employerId}/departments', 'get', 200, '2018-01-01'),
        body: {
          totalSize: 1,
          pageSize: 250,
          totalPages: 1,
          currentPage: 1,
          version: { obsoleteDate: null, resourceVersion: '2018-01-01' },
          messages: [],
          _embedded: [{ id: employer.departments[0]!.id, code: 10, description: 'Productie', subDepartmentOf: null, emailLeaveRequest: null }],
        },
      },
    };
    expect(employer.departments[0]!.id).toMatch(/[a-f]/);
    expect(unneededErrata((names) => loketValidator(names), LOKET_SPEC_ERRATA, witness)).toEqual([]);
  });
});
