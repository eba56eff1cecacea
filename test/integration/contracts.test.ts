import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, employee, userWithRole } from '../helpers/workforce.ts';

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

describe('contracts (F-04)', () => {
  it('keeps several, overlapping contracts per employee with the names of what they link to', async () => {
    const { client } = await createTenant(k);
    const emp = await employee(client);
    const dep = await created(client, '/departments', { name: 'Bar' });
    const ct = await created(client, '/contract-types', { name: 'Oproepkracht' });
    const fn = await created(client, '/functions', { name: 'Barman' });

    const first = await created(client, `/employees/${emp}/contracts`, {
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      weeklyHours: 24,
      hourlyWage: 15.5,
      departmentId: dep.id,
      contractTypeId: ct.id,
      functionId: fn.id,
    });
    expect(first).toMatchObject({
      employeeId: emp,
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      weeklyHours: 24,
      hourlyWage: 15.5,
      departmentName: 'Bar',
      contractTypeName: 'Oproepkracht',
      functionName: 'Barman',
    });
    const second = await created(client, `/employees/${emp}/contracts`, { startDate: '2024-06-01', weeklyHours: 8 });
    expect(second).toMatchObject({ endDate: null, hourlyWage: null, departmentId: null, contractTypeName: null });

    const list = await client.get(`/employees/${emp}/contracts`);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);

    const changed = await client.patch(`/contracts/${first.id}`, { weeklyHours: 32, departmentId: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ weeklyHours: 32, departmentId: null, departmentName: null, startDate: '2025-01-01' });

    expect((await client.delete(`/contracts/${second.id}`)).status).toBe(200);
    expect((await client.get(`/employees/${emp}/contracts`)).body).toHaveLength(1);

    const audit = await k.db.selectFrom('audit_log').select(['action', 'changes']).where('entity_type', '=', 'contract').where('entity_id', '=', first.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect((audit[1]!.changes as Record<string, unknown>).weekly_hours).toEqual({ old: 24, new: 32 });
  });

  it('validates dates, hours and wages with field details', async () => {
    const { client } = await createTenant(k);
    const emp = await employee(client);
    const backwards = await client.post(`/employees/${emp}/contracts`, { startDate: '2025-06-01', endDate: '2025-05-31' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ field: 'endDate', message: expect.any(String) }]);

    const tooMany = await client.post(`/employees/${emp}/contracts`, { startDate: '2025-01-01', weeklyHours: 81, hourlyWage: -1 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['hourlyWage', 'weeklyHours']);

    const badDate = await client.post(`/employees/${emp}/contracts`, { startDate: '2025-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].field).toBe('startDate');

    // A patch is checked against the stored dates too.
    const c = await created(client, `/employees/${emp}/contracts`, { startDate: '2025-01-01', endDate: '2025-12-31' });
    const patch = await client.patch(`/contracts/${c.id}`, { startDate: '2026-01-01' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details[0].field).toBe('endDate');
    expect((await client.get(`/contracts/${c.id}`)).body.startDate).toBe('2025-01-01');
  });

  it('never links across tenants and hides other tenants’ contracts', async () => {
    const a = await createTenant(k, 'A');
    const b = await createTenant(k, 'B');
    const empA = await employee(a.client);
    const empB = await employee(b.client);
    const depA = await created(a.client, '/departments', { name: 'A-dep' });
    const ctA = await created(a.client, '/contract-types', { name: 'A-type' });
    const contractA = await created(a.client, `/employees/${empA}/contracts`, { startDate: '2025-01-01' });

    const foreignDep = await b.client.post(`/employees/${empB}/contracts`, { startDate: '2025-01-01', departmentId: depA.id });
    expect(foreignDep.status).toBe(400);
    expect(foreignDep.body.error.details).toEqual([{ field: 'departmentId', message: 'Unknown department' }]);
    const foreignType = await b.client.post(`/employees/${empB}/contracts`, { startDate: '2025-01-01', contractTypeId: ctA.id });
    expect(foreignType.body.error.details[0].field).toBe('contractTypeId');

    expect((await b.client.get(`/employees/${empA}/contracts`)).status).toBe(404);
    expect((await b.client.post(`/employees/${empA}/contracts`, { startDate: '2025-01-01' })).status).toBe(404);
    expect((await b.client.get(`/contracts/${contractA.id}`)).status).toBe(404);
    expect((await b.client.patch(`/contracts/${contractA.id}`, { weeklyHours: 1 })).status).toBe(404);
    expect((await b.client.delete(`/contracts/${contractA.id}`)).status).toBe(404);
    expect((await a.client.get(`/contracts/${contractA.id}`)).body.weeklyHours).toBe(0);
  });

  it('lets planners read contracts but only HR change them', async () => {
    const { client } = await createTenant(k);
    const emp = await employee(client);
    const c = await created(client, `/employees/${emp}/contracts`, { startDate: '2025-01-01' });
    const planner = await userWithRole(k, client, 'planner');
    expect((await planner.get(`/employees/${emp}/contracts`)).status).toBe(200);
    expect((await planner.post(`/employees/${emp}/contracts`, { startDate: '2025-01-01' })).status).toBe(403);
    expect((await planner.patch(`/contracts/${c.id}`, { weeklyHours: 10 })).status).toBe(403);
    expect((await planner.delete(`/contracts/${c.id}`)).status).toBe(403);
    const hr = await userWithRole(k, client, 'hr_admin');
    expect((await hr.patch(`/contracts/${c.id}`, { weeklyHours: 10 })).body.weeklyHours).toBe(10);
  });
});
