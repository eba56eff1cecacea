import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, userWithRole } from '../helpers/workforce.ts';

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

describe('audit log (F-55)', () => {
  it('shows admins who changed what, filtered and paged, and only their own tenant', async () => {
    const a = await createTenant(k, 'A');
    const b = await createTenant(k, 'B');
    const hr = await userWithRole(k, a.client, 'hr_admin');
    const dep = await created(hr, '/departments', { name: 'Bar' });
    await hr.patch(`/departments/${dep.id}`, { code: 'B' });
    await created(a.client, '/cost-centers', { code: '1', name: 'One' });
    await created(b.client, '/departments', { name: 'Other tenant' });

    const all = await a.client.get('/audit?pageSize=2');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(all.body.items.map((x: { entityType: string; action: string }) => `${x.action} ${x.entityType}`)).toEqual(['create cost_center', 'update department']);

    const forDep = await a.client.get(`/audit?entityType=department&entityId=${dep.id}`);
    expect(forDep.body.total).toBe(2);
    expect(forDep.body.items[0]).toMatchObject({
      actorType: 'api_token',
      actorName: expect.stringContaining('hr_admin'),
      action: 'update',
      entityType: 'department',
      entityId: dep.id,
      changes: { code: { old: null, new: 'B' } },
    });
    expect(Date.parse(forDep.body.items[0].createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(forDep.body.items[1].changes).toMatchObject({ name: { old: null, new: 'Bar' } });

    const tenantB = await b.client.get('/audit?entityType=department');
    expect(tenantB.body.items.map((x: { changes: { name?: { new: string } } }) => x.changes.name?.new)).toEqual(['Other tenant']);
    expect((await b.client.get(`/audit?entityId=${dep.id}`)).body.total).toBe(0);
  });

  it('is for owners and admins only', async () => {
    const { client } = await createTenant(k);
    for (const role of ['hr_admin', 'planner', 'recruiter'] as const) {
      const user = await userWithRole(k, client, role);
      expect((await user.get('/audit')).status, role).toBe(403);
    }
    const admin = await userWithRole(k, client, 'admin');
    expect((await admin.get('/audit')).status).toBe(200);
  });
});
