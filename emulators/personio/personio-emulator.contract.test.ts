import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPersonioEmulator, type PersonioEmulator } from './personio-emulator.server.ts';
import {
  SPEC_ERRATA,
  TEST_NOW,
  TEST_REFERENCE_DATE,
  authenticate,
  call,
  loadSpecValidators,
  responseSchema,
  type Erratum,
  type SpecValidators,
} from './personio-emulator.test-support.ts';

/**
 * Contract: every response the emulator gives validates against the vendor's own OpenAPI file
 * (test/fixtures/specs/personio/personio-personnel-data-api-oa3.yaml, personio-auth-api.yaml), with
 * $refs resolved by ajv. Three published contradictions are patched (SPEC_ERRATA) and each patch
 * is shown to be necessary, so the list cannot silently grow into "anything goes".
 */

const S = '#/components/schemas/';
let em: PersonioEmulator;
let strictEm: PersonioEmulator;
let spec: SpecValidators;
let token: string;

function expectValid(errors: unknown[], what: string) {
  expect(errors, `${what}: ${JSON.stringify(errors.slice(0, 3))}`).toEqual([]);
}

beforeAll(async () => {
  spec = loadSpecValidators();
  const common = { seed: 11, referenceDate: TEST_REFERENCE_DATE, clock: () => TEST_NOW, rateLimit: false as const, v1Attendances: 'served' as const };
  em = await startPersonioEmulator({ ...common, employees: 60, seedAttendances: { employeeShare: 0.3, days: 5 } });
  strictEm = await startPersonioEmulator({ ...common, employees: 10, seedAttendances: { employeeShare: 1, days: 3 }, specTypedAttendancePaging: true });
  token = await authenticate(em);
});

afterAll(async () => {
  await em?.close();
  await strictEm?.close();
});

describe('Personio emulator responses validate against the vendor OpenAPI spec', () => {
  it('POST /v1/auth → AuthenticationTokenResponse (auth spec)', async () => {
    const res = await call(em, '/v1/auth', { method: 'POST', json: { client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret } });
    expect(res.status).toBe(200);
    expectValid(spec.validateAuth(`${S}AuthenticationTokenResponse`, res.json), 'auth');
  });

  it('GET /v1/company/employees (every page, all attributes) → EmployeesResponse', async () => {
    for (let offset = 0; offset < 60; offset += 25) {
      const res = await call(em, `/v1/company/employees?limit=25&offset=${offset}`, { token });
      expect(res.status).toBe(200);
      expectValid(spec.validate(`${S}EmployeesResponse`, res.json), `employees offset ${offset}`);
      // The schema leaves attribute envelopes open; check the shape the spec's example shows on every attribute.
      for (const row of res.json.data as Array<{ attributes: Record<string, Record<string, unknown>> }>) {
        for (const [key, attr] of Object.entries(row.attributes)) {
          expect(Object.keys(attr).sort(), key).toEqual(expect.arrayContaining(['label', 'type', 'universal_id', 'value']));
        }
      }
    }
  });

  it('GET /v1/company/employees with attributes[] projection and email filter → EmployeesResponse', async () => {
    const email = em.state.listEmployees()[7]!.email;
    for (const q of ['attributes[]=first_name&attributes[]=dynamic_180883', `email=${encodeURIComponent(email)}`, 'updated_since=2020-01-01']) {
      const res = await call(em, `/v1/company/employees?${q}`, { token });
      expect(res.status, q).toBe(200);
      expectValid(spec.validate(`${S}EmployeesResponse`, res.json), q);
    }
  });

  it('GET /v1/company/employees/{id} → EmployeeResponse, unknown id → Employee404ErrorResponse', async () => {
    const id = em.state.listEmployees()[3]!.id;
    const ok = await call(em, `/v1/company/employees/${id}`, { token });
    expect(ok.status).toBe(200);
    expectValid(spec.validate(`${S}EmployeeResponse`, ok.json), 'employee');
    const missing = await call(em, '/v1/company/employees/999', { token });
    expect(missing.status).toBe(404);
    expectValid(spec.validate(`${S}Employee404ErrorResponse`, missing.json), 'employee 404');
  });

  it('GET /v1/company/attendances → AttendancePeriodsResponse (spec-typed paging), and only offset/limit differ in the live-API mode', async () => {
    const q = `/v1/company/attendances?start_date=2025-05-01&end_date=2025-06-30&includePending=true`;
    const strictToken = await authenticate(strictEm);
    const strict = await call(strictEm, q, { token: strictToken });
    expect((strict.json.data as unknown[]).length).toBeGreaterThan(0);
    expectValid(spec.validate(`${S}AttendancePeriodsResponse`, strict.json), 'attendances (strict)');

    const live = await call(em, q, { token });
    expect((live.json.data as unknown[]).length).toBeGreaterThan(0);
    const errors = spec.validate(`${S}AttendancePeriodsResponse`, live.json);
    // Reference §3: `offset`/`limit` come back as strings — the one documented deviation from the schema.
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`).sort()).toEqual(['/limit type', '/offset type']);
  });

  it('POST/PATCH/DELETE /v1/company/attendances → NewAttendancePeriodResponse, AttendanceCreateUpdate400ErrorResponse, Updated/Deleted, Attendance404', async () => {
    const employee = em.state.listEmployees().find((e) => e.status === 'active' && e.hire_date < '2025-01-01')!.id;
    const row = { employee, date: '2025-03-03', start_time: '09:00', end_time: '12:00', break: 0, comment: 'contract' };
    const created = await call(em, '/v1/company/attendances', { method: 'POST', token, json: { attendances: [row] } });
    expect(created.status).toBe(200);
    expectValid(spec.validate(`${S}NewAttendancePeriodResponse`, created.json), 'create');

    const partial = await call(em, '/v1/company/attendances', {
      method: 'POST',
      token,
      json: { attendances: [{ ...row, start_time: '13:00', end_time: '14:00' }, row] },
    });
    expect(partial.status).toBe(400);
    expectValid(spec.validate(`${S}AttendanceCreateUpdate400ErrorResponse`, partial.json), 'partial');

    const id = ((created.json.data as { id: number[] }).id)[0]!;
    const patched = await call(em, `/v1/company/attendances/${id}`, { method: 'PATCH', token, json: { comment: 'changed' } });
    expect(patched.status).toBe(200);
    expectValid(spec.validate(`${S}UpdatedAttendanceResponse`, patched.json), 'patch');
    const deleted = await call(em, `/v1/company/attendances/${id}`, { method: 'DELETE', token });
    expect(deleted.status).toBe(200);
    expectValid(spec.validate(`${S}DeletedAttendanceResponse`, deleted.json), 'delete');
    const gone = await call(em, `/v1/company/attendances/${id}`, { method: 'DELETE', token });
    expect(gone.status).toBe(404);
    expectValid(spec.validate(`${S}Attendance404ErrorResponse`, gone.json), '404');
  });

  it('GET /v1/company/time-off-types, /time-offs, /time-offs/{id} → their schemas', async () => {
    const types = await call(em, '/v1/company/time-off-types', { token });
    expectValid(spec.validate(responseSchema('/company/time-off-types', 'get', 200), types.json), 'types');
    const list = await call(em, '/v1/company/time-offs?start_date=2025-01-01&end_date=2025-12-31&limit=50', { token });
    expect((list.json.data as unknown[]).length).toBeGreaterThan(0);
    expectValid(spec.validate(`${S}AbsencePeriodsResponse`, list.json), 'time-offs');
    const id = (list.json.data as Array<{ attributes: { id: number } }>)[0]!.attributes.id;
    const one = await call(em, `/v1/company/time-offs/${id}`, { token });
    expectValid(spec.validate(`${S}AbsencePeriodResponse`, one.json), 'time-off');
    const missing = await call(em, '/v1/company/time-offs/1', { token });
    expect(missing.status).toBe(404);
    expectValid(spec.validate(`${S}ErrorAbsenceResponse`, missing.json), 'time-off 404');
  });

  it('401 and 403 answers → the spec’s 401UnauthorizedResponse / 403ForbiddenResponse examples and schema', async () => {
    const none = await call(em, '/v1/company/attendances?start_date=2025-01-01&end_date=2025-01-02');
    expect(none.status).toBe(401);
    expectValid(spec.validate('#/components/responses/401UnauthorizedResponse/content/application~1json/schema', none.json), '401');
    expect(none.json).toEqual({ success: false, error: { message: 'Authorization is not provided', code: 401 } });
    const bad = await call(em, '/v1/company/attendances?start_date=2025-01-01&end_date=2025-01-02', { token: 'papi-nope' });
    expect(bad.status).toBe(403);
    expect(bad.json).toEqual({ success: false, error: { message: 'Provided authorization is not valid', code: 403 } });
  });

  it('each spec erratum is still needed: without it, emulator output that follows the documented behaviour fails', async () => {
    const director = em.state.listEmployees().find((e) => e.supervisor_id === null)!;
    const needs: Record<Erratum, { pointer: string; body: unknown }> = {
      listDataIsArray: { pointer: `${S}EmployeesResponse`, body: (await call(em, '/v1/company/employees?limit=2', { token })).json },
      supervisorNullable: { pointer: `${S}EmployeeResponse`, body: (await call(em, `/v1/company/employees/${director.id}`, { token })).json },
      errorMsgNullable: {
        pointer: `${S}AttendanceCreateUpdate400ErrorResponse`,
        body: {
          success: false,
          error: { code: 400, message: 'x', detailed_message: [{ success: true, error_msg: null, id: 1, employee: 1, date: '2025-01-01', start_time: '09:00', end_time: '10:00', break: 0, comment: '', project_id: null }] },
        },
      },
    };
    for (const erratum of Object.keys(SPEC_ERRATA) as Erratum[]) {
      const others = (Object.keys(SPEC_ERRATA) as Erratum[]).filter((e) => e !== erratum);
      const without = loadSpecValidators(others);
      const { pointer, body } = needs[erratum];
      expect(without.validate(pointer, body).length, `${erratum} should be needed`).toBeGreaterThan(0);
      expectValid(spec.validate(pointer, body), `${erratum} applied`);
    }
  });
});
