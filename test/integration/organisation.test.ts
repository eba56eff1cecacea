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

describe('organisation (F-03)', () => {
  it('creates, lists, changes and deletes departments linked to a cost center, and audits each write', async () => {
    const { client } = await createTenant(k);
    const cc = await created(client, '/cost-centers', { code: '4000', name: 'Horeca' });
    const dep = await created(client, '/departments', { name: 'Keuken', code: 'K', costCenterId: cc.id });
    expect(dep).toMatchObject({ name: 'Keuken', code: 'K', costCenterId: cc.id, archived: false });

    const renamed = await client.patch(`/departments/${dep.id}`, { name: 'Keuken & Bar', archived: true, code: '' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Keuken & Bar', archived: true, code: null, costCenterId: cc.id });

    const list = await client.get('/departments');
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(['Keuken & Bar']);
    expect((await client.get(`/departments/${dep.id}`)).body.name).toBe('Keuken & Bar');

    expect((await client.delete(`/departments/${dep.id}`)).status).toBe(200);
    expect((await client.get(`/departments/${dep.id}`)).status).toBe(404);

    const audit = await client.get(`/audit?entityType=department&entityId=${dep.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.body.items[1].changes.name).toEqual({ old: 'Keuken', new: 'Keuken & Bar' });
  });

  it('reports duplicates with the field, and schema errors with field details', async () => {
    const { client } = await createTenant(k);
    await created(client, '/departments', { name: 'Bar' });
    const dup = await client.post('/departments', { name: 'Bar' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate', message: 'This name is already used by another department.', details: [{ field: 'name' }] });

    await created(client, '/cost-centers', { code: 'CC1', name: 'One' });
    const ccDup = await client.post('/cost-centers', { code: 'CC1', name: 'Other' });
    expect(ccDup.status).toBe(409);
    expect(ccDup.body.error.details).toEqual([{ field: 'code', message: expect.any(String) }]);

    const other = await created(client, '/departments', { name: 'Keuken' });
    const renameDup = await client.patch(`/departments/${other.id}`, { name: 'Bar' });
    expect(renameDup.status).toBe(409);
    expect((await client.get(`/departments/${other.id}`)).body.name).toBe('Keuken');

    const empty = await client.post('/departments', { name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    expect(empty.body.error.details.map((d: { field: string }) => d.field)).toContain('name');

    const weeks = await client.post('/contract-types', { name: 'Vast', leaveWeeks: 60 });
    expect(weeks.status).toBe(400);
    expect(weeks.body.error.details.map((d: { field: string }) => d.field)).toContain('leaveWeeks');
  });

  it('defaults contract types to 4 weeks of leave and lets HR change it', async () => {
    const { client } = await createTenant(k);
    const ct = await created(client, '/contract-types', { name: 'Nul uren' });
    expect(ct.leaveWeeks).toBe(4);
    const changed = await client.patch(`/contract-types/${ct.id}`, { leaveWeeks: 5.5 });
    expect(changed.body.leaveWeeks).toBe(5.5);
    const fn = await created(client, '/functions', { name: 'Kok' });
    expect((await client.get('/functions')).body).toEqual([{ id: fn.id, name: 'Kok', createdAt: fn.createdAt }]);
  });

  it('refuses to delete what is still referenced', async () => {
    const { client } = await createTenant(k);
    const cc = await created(client, '/cost-centers', { code: '1', name: 'CC' });
    const dep = await created(client, '/departments', { name: 'Bar', costCenterId: cc.id });
    const ct = await created(client, '/contract-types', { name: 'Vast' });
    const fn = await created(client, '/functions', { name: 'Barman' });
    const emp = await employee(client);
    await created(client, `/employees/${emp}/contracts`, { startDate: '2025-01-01', departmentId: dep.id, contractTypeId: ct.id, functionId: fn.id });

    for (const url of [`/cost-centers/${cc.id}`, `/departments/${dep.id}`, `/contract-types/${ct.id}`, `/functions/${fn.id}`]) {
      const res = await client.delete(url);
      expect(res.status, url).toBe(409);
      expect(res.body.error.code).toBe('in_use');
    }
    expect((await client.get('/departments')).body).toHaveLength(1);
  });

  it('keeps tenants apart: another tenant’s ids are 404 and cannot be linked', async () => {
    const a = await createTenant(k, 'A');
    const b = await createTenant(k, 'B');
    const ccA = await created(a.client, '/cost-centers', { code: 'A1', name: 'A' });
    const depA = await created(a.client, '/departments', { name: 'Alpha' });

    expect((await b.client.get(`/departments/${depA.id}`)).status).toBe(404);
    expect((await b.client.patch(`/departments/${depA.id}`, { name: 'Taken over' })).status).toBe(404);
    expect((await b.client.delete(`/departments/${depA.id}`)).status).toBe(404);
    expect((await b.client.delete(`/cost-centers/${ccA.id}`)).status).toBe(404);
    expect((await b.client.get('/departments')).body).toEqual([]);

    const linked = await b.client.post('/departments', { name: 'Beta', costCenterId: ccA.id });
    expect(linked.status).toBe(400);
    expect(linked.body.error.details).toEqual([{ field: 'costCenterId', message: 'Unknown cost center' }]);
    // The same name in another tenant is no duplicate.
    expect((await b.client.post('/departments', { name: 'Alpha' })).status).toBe(201);
    expect((await a.client.get(`/departments/${depA.id}`)).body.name).toBe('Alpha');
  });

  it('lets planners read but not change the organisation', async () => {
    const { client } = await createTenant(k);
    const dep = await created(client, '/departments', { name: 'Bar' });
    const planner = await userWithRole(k, client, 'planner');
    expect((await planner.get('/departments')).status).toBe(200);
    const refused = await planner.post('/departments', { name: 'Keuken' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await planner.patch(`/departments/${dep.id}`, { name: 'X' })).status).toBe(403);
    expect((await planner.delete(`/departments/${dep.id}`)).status).toBe(403);
    expect((await planner.post('/contract-types', { name: 'X' })).status).toBe(403);

    const recruiter = await userWithRole(k, client, 'recruiter');
    expect((await recruiter.get('/departments')).status).toBe(403);
    expect((await client.get('/departments')).body.map((d: { name: string }) => d.name)).toEqual(['Bar']);
  });
});
