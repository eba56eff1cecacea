import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, employee, userWithRole } from '../helpers/workforce.ts';

let k: TestKoppel;
// Two tenants shared by the tests (each test makes its own employees); tests that count rows make their own tenant.
let a: Awaited<ReturnType<typeof createTenant>>;
let b: Awaited<ReturnType<typeof createTenant>>;
beforeAll(async () => {
  k = await startTestKoppel();
  a = await createTenant(k, 'A');
  b = await createTenant(k, 'B');
});
afterAll(async () => {
  await k?.stop();
});

describe('worked shifts (F-05)', () => {
  it('records an overnight shift and computes worked minutes', async () => {
    const { client } = a;
    const emp = await employee(client, { firstName: 'Nora', lastName: 'Nacht', personnelNumber: 'N1' });
    const dep = await created(client, '/departments', { name: 'Nachtbar' });
    const shift = await created(client, '/shifts', { employeeId: emp, date: '2026-03-06', startTime: '22:00', endTime: '06:00', breakMinutes: 30, departmentId: dep.id, note: 'Nachtdienst' });
    expect(shift).toMatchObject({
      employeeId: emp,
      employeeName: 'Nora Nacht',
      personnelNumber: 'N1',
      date: '2026-03-06',
      startTime: '22:00',
      endTime: '06:00',
      breakMinutes: 30,
      workedMinutes: 450,
      departmentName: 'Nachtbar',
      status: 'pending',
      approvedBy: null,
      source: 'manual',
      note: 'Nachtdienst',
    });
    expect((await client.get(`/shifts/${shift.id}`)).body.workedMinutes).toBe(450);
  });

  it('refuses a break longer than the shift and other bad input, with the field', async () => {
    const { client } = a;
    const emp = await employee(client);
    const long = await client.post('/shifts', { employeeId: emp, date: '2026-03-06', startTime: '09:00', endTime: '10:00', breakMinutes: 61 });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([{ field: 'breakMinutes', message: 'The break is longer than the shift' }]);

    const bad = await client.post('/shifts', { employeeId: emp, date: '06-03-2026', startTime: '25:00', endTime: '10:00' });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.error.details.map((d: { field: string }) => d.field))].sort()).toEqual(['date', 'startTime']);

    const s = await created(client, '/shifts', { employeeId: emp, date: '2026-03-06', startTime: '09:00', endTime: '17:00', breakMinutes: 30 });
    const shorter = await client.patch(`/shifts/${s.id}`, { endTime: '09:20' });
    expect(shorter.status).toBe(400);
    expect(shorter.body.error.details[0].field).toBe('breakMinutes');
    expect((await client.get(`/shifts/${s.id}`)).body.endTime).toBe('17:00');
    expect((await client.get(`/shifts?employeeId=${emp}`)).body.total).toBe(1);
  });

  it('lists with filters and server-side paging', async () => {
    const { client } = await createTenant(k);
    const a = await employee(client);
    const b = await employee(client);
    const dep = await created(client, '/departments', { name: 'Keuken' });
    for (let day = 1; day <= 5; day++) {
      await created(client, '/shifts', { employeeId: a, date: `2026-03-0${day}`, startTime: '09:00', endTime: '17:00' });
    }
    const other = await created(client, '/shifts', { employeeId: b, date: '2026-03-03', startTime: '12:00', endTime: '18:00', departmentId: dep.id });
    await client.post(`/shifts/${other.id}/approve`);

    const page1 = await client.get('/shifts?pageSize=4');
    expect(page1.body).toMatchObject({ total: 6, page: 1, pageSize: 4 });
    expect(page1.body.items.map((s: { date: string }) => s.date)).toEqual(['2026-03-05', '2026-03-04', '2026-03-03', '2026-03-03']);
    const page2 = await client.get('/shifts?pageSize=4&page=2');
    expect(page2.body.items.map((s: { date: string }) => s.date)).toEqual(['2026-03-02', '2026-03-01']);

    expect((await client.get('/shifts?from=2026-03-02&to=2026-03-03')).body.total).toBe(3);
    expect((await client.get(`/shifts?employeeId=${a}`)).body.total).toBe(5);
    expect((await client.get(`/shifts?departmentId=${dep.id}`)).body.items.map((s: { id: string }) => s.id)).toEqual([other.id]);
    expect((await client.get('/shifts?status=approved')).body.items.map((s: { id: string }) => s.id)).toEqual([other.id]);
    expect((await client.get('/shifts?status=pending')).body.total).toBe(5);
    expect((await client.get('/shifts?from=2026-13-01')).status).toBe(400);
  });

  it('approves and rejects; a changed approved shift goes back to pending, a note does not', async () => {
    const { client, owner } = a;
    const emp = await employee(client);
    const s = await created(client, '/shifts', { employeeId: emp, date: '2026-03-06', startTime: '09:00', endTime: '17:00' });

    const approved = await client.post(`/shifts/${s.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: owner.id, approvedByName: 'Olga Owner' });
    expect(Date.parse(approved.body.approvedAt)).toBeGreaterThan(Date.now() - 60_000);

    const noted = await client.patch(`/shifts/${s.id}`, { note: 'Checked' });
    expect(noted.body).toMatchObject({ status: 'approved', note: 'Checked' });

    const unchanged = await client.patch(`/shifts/${s.id}`, { startTime: '09:00' });
    expect(unchanged.body.status).toBe('approved');

    const edited = await client.patch(`/shifts/${s.id}`, { endTime: '18:00', reason: 'Worked an hour longer' });
    expect(edited.body).toMatchObject({ status: 'pending', approvedBy: null, approvedAt: null, workedMinutes: 540 });

    const rejected = await client.post(`/shifts/${s.id}/reject`);
    expect(rejected.body).toMatchObject({ status: 'rejected', approvedBy: null });

    const actions = await k.db.selectFrom('audit_log').select('action').where('entity_id', '=', s.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['create', 'approve', 'update', 'correct', 'reject']);
  });

  it('bulk-approves all or nothing', async () => {
    const empA = await employee(a.client);
    const empB = await employee(b.client);
    const ids: string[] = [];
    for (const date of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      ids.push((await created(a.client, '/shifts', { employeeId: empA, date, startTime: '09:00', endTime: '17:00' })).id);
    }
    const foreign = await created(b.client, '/shifts', { employeeId: empB, date: '2026-03-02', startTime: '09:00', endTime: '17:00' });

    const mixed = await a.client.post('/shifts/approve', { ids: [...ids, foreign.id] });
    expect(mixed.status).toBe(404);
    expect((await a.client.get(`/shifts?status=approved&employeeId=${empA}`)).body.total).toBe(0);
    expect((await b.client.get(`/shifts/${foreign.id}`)).body.status).toBe('pending');

    const ok = await a.client.post('/shifts/approve', { ids });
    expect(ok.body).toEqual({ approved: 3 });
    expect((await a.client.get(`/shifts?status=approved&employeeId=${empA}`)).body.total).toBe(3);
    expect((await a.client.post('/shifts/approve', { ids: [] })).status).toBe(400);
  });

  it('lets planners record and approve, but not recruiters; API tokens mark the source', async () => {
    const { client } = a;
    const emp = await employee(client);
    const planner = await userWithRole(k, client, 'planner');
    const s = await created(planner, '/shifts', { employeeId: emp, date: '2026-03-06', startTime: '09:00', endTime: '17:00' });
    expect((await planner.post(`/shifts/${s.id}/approve`)).body.status).toBe('approved');

    const recruiter = await userWithRole(k, client, 'recruiter');
    expect((await recruiter.post('/shifts', { employeeId: emp, date: '2026-03-06', startTime: '09:00', endTime: '17:00' })).status).toBe(403);
    expect((await recruiter.get('/shifts')).status).toBe(403);
    expect((await recruiter.post(`/shifts/${s.id}/reject`)).status).toBe(403);
    expect((await recruiter.delete(`/shifts/${s.id}`)).status).toBe(403);

    const token = (await client.post('/api-tokens', { name: 'clock', role: 'planner' })).body.token as string;
    const viaApi = await k.app.inject({
      method: 'POST',
      url: '/api/v1/shifts',
      headers: { authorization: `Bearer ${token}` },
      payload: { employeeId: emp, date: '2026-03-07', startTime: '09:00', endTime: '17:00' },
    });
    expect(viaApi.statusCode).toBe(201);
    expect(viaApi.json().source).toBe('api');
    const approvedViaApi = await k.app.inject({ method: 'POST', url: `/api/v1/shifts/${viaApi.json().id}/approve`, headers: { authorization: `Bearer ${token}` } });
    expect(approvedViaApi.json()).toMatchObject({ status: 'approved', approvedBy: null });
    expect(approvedViaApi.json().approvedAt).not.toBeNull();
  });

  it('answers 404 for another tenant’s shifts and refuses its employees', async () => {
    const empA = await employee(a.client);
    const s = await created(a.client, '/shifts', { employeeId: empA, date: '2026-03-06', startTime: '09:00', endTime: '17:00' });

    for (const [method, url] of [
      ['GET', `/shifts/${s.id}`],
      ['GET', `/shifts/${s.id}/components`],
      ['PATCH', `/shifts/${s.id}`],
      ['DELETE', `/shifts/${s.id}`],
      ['POST', `/shifts/${s.id}/approve`],
      ['POST', `/shifts/${s.id}/reject`],
    ] as const) {
      const res = await b.client.call(method, url, method === 'PATCH' ? { note: 'x' } : undefined);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(empA);
    }
    const listB = await b.client.get('/shifts?pageSize=200');
    expect(listB.body.items.some((i: { id: string; employeeId: string }) => i.id === s.id || i.employeeId === empA)).toBe(false);
    expect((await b.client.get(`/shifts?employeeId=${empA}`)).body.total).toBe(0);
    const foreign = await b.client.post('/shifts', { employeeId: empA, date: '2026-03-06', startTime: '09:00', endTime: '17:00' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([{ field: 'employeeId', message: 'Unknown employee' }]);
    const stillThere = await a.client.get(`/shifts/${s.id}`);
    expect(stillThere.body).toMatchObject({ status: 'pending', note: null });

    expect((await a.client.delete(`/shifts/${s.id}`)).status).toBe(200);
    expect((await a.client.get(`/shifts/${s.id}`)).status).toBe(404);
  });
});
