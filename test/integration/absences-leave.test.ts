import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, employee, userWithRole } from '../helpers/workforce.ts';

let k: TestKoppel;
let a: Awaited<ReturnType<typeof createTenant>>;
let b: Awaited<ReturnType<typeof createTenant>>;
let vacation: { id: string };
let sick: { id: string };
beforeAll(async () => {
  k = await startTestKoppel();
  a = await createTenant(k, 'A');
  b = await createTenant(k, 'B');
  vacation = await created(a.client, '/absence-types', { name: 'Vakantie', kind: 'vacation' });
  sick = await created(a.client, '/absence-types', { name: 'Ziek', kind: 'sick' });
});
afterAll(async () => {
  await k?.stop();
});

const leave = async (employeeId: string, year: number) => {
  const res = await a.client.get(`/employees/${employeeId}/leave?year=${year}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('absence types (F-06)', () => {
  it('deduct leave by default only for vacation, and cannot be deleted while used', async () => {
    expect(vacation).toMatchObject({ kind: 'vacation', deductsLeave: true });
    expect(sick).toMatchObject({ kind: 'sick', deductsLeave: false });
    const special = await created(a.client, '/absence-types', { name: 'Bijzonder verlof', kind: 'special_leave', deductsLeave: true });
    expect(special.deductsLeave).toBe(true);
    expect((await a.client.post('/absence-types', { name: 'Ziek', kind: 'other' })).status).toBe(409);
    expect((await a.client.post('/absence-types', { name: 'X', kind: 'holiday' })).body.error.details[0].field).toBe('kind');

    const emp = await employee(a.client);
    await created(a.client, '/absences', { employeeId: emp, absenceTypeId: special.id, startDate: '2025-05-01', endDate: '2025-05-01', unit: 'days' });
    expect((await a.client.delete(`/absence-types/${special.id}`)).body.error.code).toBe('in_use');
  });
});

describe('absences (F-06)', () => {
  it('records, validates and lists absences with filters and paging', async () => {
    const emp = await employee(a.client, { firstName: 'Mila', lastName: 'Jong' });
    const other = await employee(a.client);
    const week = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-03-03', endDate: '2025-03-07', unit: 'days', comment: 'Skiën' });
    expect(week).toMatchObject({ employeeName: 'Mila Jong', absenceTypeName: 'Vakantie', kind: 'vacation', deductsLeave: true, status: 'pending', source: 'manual', hours: null, comment: 'Skiën' });
    const half = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-04-01', endDate: '2025-04-01', unit: 'half_day', hours: 3 });
    expect(half.hours).toBeNull();
    await created(a.client, '/absences', { employeeId: emp, absenceTypeId: sick.id, startDate: '2025-03-06', endDate: '2025-03-10', unit: 'days' });
    await created(a.client, '/absences', { employeeId: other, absenceTypeId: sick.id, startDate: '2025-03-05', endDate: '2025-03-05', unit: 'hours', hours: 2.5 });

    const twoHalfDays = await a.client.post('/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-04-01', endDate: '2025-04-02', unit: 'half_day' });
    expect(twoHalfDays.status).toBe(400);
    expect(twoHalfDays.body.error.details).toEqual([{ field: 'endDate', message: 'A half day is a single day' }]);
    const noHours = await a.client.post('/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-04-01', endDate: '2025-04-01', unit: 'hours' });
    expect(noHours.body.error.details).toEqual([{ field: 'hours', message: 'Give the number of hours' }]);
    const tooMany = await a.client.post('/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-04-01', endDate: '2025-04-01', unit: 'hours', hours: 25 });
    expect(tooMany.body.error.details[0].field).toBe('hours');
    const backwards = await a.client.post('/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-04-02', endDate: '2025-04-01', unit: 'days' });
    expect(backwards.body.error.details[0].field).toBe('endDate');
    const badUnit = await a.client.post('/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-04-01', endDate: '2025-04-01', unit: 'weeks' });
    expect(badUnit.body.error.details[0].field).toBe('unit');

    const mine = await a.client.get(`/absences?employeeId=${emp}&pageSize=2`);
    expect(mine.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(mine.body.items.map((x: { startDate: string }) => x.startDate)).toEqual(['2025-04-01', '2025-03-06']);
    // from–to selects absences overlapping the window.
    const window = await a.client.get(`/absences?employeeId=${emp}&from=2025-03-08&to=2025-03-31`);
    expect(window.body.items.map((x: { kind: string }) => x.kind)).toEqual(['sick']);
    const both = await a.client.get('/absences?from=2025-03-05&to=2025-03-05&pageSize=200');
    expect(both.body.items.map((x: { employeeId: string }) => x.employeeId).sort()).toEqual([emp, other].sort());
    expect((await a.client.get(`/absences?employeeId=${emp}&status=approved`)).body.total).toBe(0);
    expect((await a.client.get(`/absences/${week.id}`)).body.comment).toBe('Skiën');
  });

  it('approves and rejects; changing an approved absence sends it back, a comment does not', async () => {
    const emp = await employee(a.client);
    const abs = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-06-02', endDate: '2025-06-06', unit: 'days' });
    expect((await a.client.post(`/absences/${abs.id}/approve`)).body.status).toBe('approved');
    expect((await a.client.patch(`/absences/${abs.id}`, { comment: 'Fijne reis' })).body).toMatchObject({ status: 'approved', comment: 'Fijne reis' });
    expect((await a.client.patch(`/absences/${abs.id}`, { endDate: '2025-06-05' })).body).toMatchObject({ status: 'pending', endDate: '2025-06-05' });
    expect((await a.client.post(`/absences/${abs.id}/reject`)).body.status).toBe('rejected');
    const toHalf = await a.client.patch(`/absences/${abs.id}`, { unit: 'half_day' });
    expect(toHalf.status).toBe(400);
    expect(toHalf.body.error.details[0].field).toBe('endDate');
    expect((await a.client.delete(`/absences/${abs.id}`)).status).toBe(200);
    expect((await a.client.get(`/absences/${abs.id}`)).status).toBe(404);
    const actions = await k.db.selectFrom('audit_log').select('action').where('entity_id', '=', abs.id).orderBy('id').execute();
    expect(actions.map((x) => x.action)).toEqual(['create', 'approve', 'update', 'update', 'reject', 'delete']);
  });

  it('keeps absences to their tenant and their writes to hours roles', async () => {
    const empA = await employee(a.client);
    const abs = await created(a.client, '/absences', { employeeId: empA, absenceTypeId: vacation.id, startDate: '2025-06-02', endDate: '2025-06-02', unit: 'days' });
    for (const [method, url] of [
      ['GET', `/absences/${abs.id}`],
      ['PATCH', `/absences/${abs.id}`],
      ['DELETE', `/absences/${abs.id}`],
      ['POST', `/absences/${abs.id}/approve`],
      ['POST', `/absences/${abs.id}/reject`],
      ['GET', `/absence-types/${vacation.id}`],
      ['GET', `/employees/${empA}/leave?year=2025`],
      ['GET', `/employees/${empA}/leave-adjustments`],
      ['POST', `/employees/${empA}/leave-adjustments`],
    ] as const) {
      const body = method === 'PATCH' ? { comment: 'x' } : url.endsWith('leave-adjustments') ? { year: 2025, hours: 8, reason: 'x' } : undefined;
      const res = await b.client.call(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    const empB = await employee(b.client);
    const foreignType = await b.client.post('/absences', { employeeId: empB, absenceTypeId: vacation.id, startDate: '2025-06-02', endDate: '2025-06-02', unit: 'days' });
    expect(foreignType.body.error.details).toEqual([{ field: 'absenceTypeId', message: 'Unknown absence type' }]);
    const foreignEmployee = await b.client.post('/absences', { employeeId: empA, absenceTypeId: vacation.id, startDate: '2025-06-02', endDate: '2025-06-02', unit: 'days' });
    expect(foreignEmployee.body.error.details[0].field).toBe('employeeId');
    expect((await a.client.get(`/absences/${abs.id}`)).body).toMatchObject({ status: 'pending', comment: null });

    const planner = await userWithRole(k, a.client, 'planner');
    expect((await planner.post(`/absences/${abs.id}/approve`)).body.status).toBe('approved');
    expect((await planner.post('/absence-types', { name: 'Nieuw', kind: 'other' })).status).toBe(403);
    expect((await planner.post(`/employees/${empA}/leave-adjustments`, { year: 2025, hours: 8, reason: 'x' })).status).toBe(403);
    expect((await planner.get(`/employees/${empA}/leave?year=2025`)).status).toBe(200);
    const interviewer = await userWithRole(k, a.client, 'interviewer');
    expect((await interviewer.get('/absences')).status).toBe(403);
    expect((await interviewer.post('/absences', { employeeId: empA, absenceTypeId: vacation.id, startDate: '2025-06-03', endDate: '2025-06-03', unit: 'days' })).status).toBe(403);
  });
});

describe('leave balance (F-07)', () => {
  it('falls when an approved vacation is taken, and follows corrections', async () => {
    const emp = await employee(a.client);
    const fulltime = await created(a.client, '/contract-types', { name: 'Vast 40' });
    await created(a.client, `/employees/${emp}/contracts`, { startDate: '2024-06-01', weeklyHours: 40, contractTypeId: fulltime.id });

    const start = await leave(emp, 2025);
    expect(start).toEqual({ year: 2025, entitlementHours: 160, adjustmentHours: 0, takenHours: 0, plannedHours: 0, remainingHours: 160 });

    // Mon 3 – Fri 7 March 2025: five 8-hour days.
    const abs = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-03-03', endDate: '2025-03-07', unit: 'days' });
    expect(await leave(emp, 2025)).toMatchObject({ takenHours: 0, plannedHours: 40, remainingHours: 120 });
    await a.client.post(`/absences/${abs.id}/approve`);
    expect(await leave(emp, 2025)).toMatchObject({ takenHours: 40, plannedHours: 0, remainingHours: 120 });

    // Sick leave does not count; a half day and explicit hours do.
    const ill = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: sick.id, startDate: '2025-04-07', endDate: '2025-04-11', unit: 'days' });
    await a.client.post(`/absences/${ill.id}/approve`);
    const half = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-05-05', endDate: '2025-05-05', unit: 'half_day' });
    await a.client.post(`/absences/${half.id}/approve`);
    const hours = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: '2025-05-06', endDate: '2025-05-06', unit: 'hours', hours: 2.5 });
    await a.client.post(`/absences/${hours.id}/approve`);
    expect(await leave(emp, 2025)).toMatchObject({ takenHours: 46.5, remainingHours: 113.5 });

    const plus = await a.client.post(`/employees/${emp}/leave-adjustments`, { year: 2025, hours: 16, reason: 'Overgedragen uit 2024' });
    expect(plus.status).toBe(201);
    expect(plus.body).toMatchObject({ employeeId: emp, year: 2025, hours: 16, reason: 'Overgedragen uit 2024' });
    await created(a.client, `/employees/${emp}/leave-adjustments`, { year: 2025, hours: -4.5, reason: 'Correctie' });
    await created(a.client, `/employees/${emp}/leave-adjustments`, { year: 2024, hours: 100, reason: 'Other year' });
    expect(await leave(emp, 2025)).toEqual({ year: 2025, entitlementHours: 160, adjustmentHours: 11.5, takenHours: 46.5, plannedHours: 0, remainingHours: 125 });

    // Rejecting the vacation gives its hours back.
    await a.client.post(`/absences/${abs.id}/reject`);
    expect(await leave(emp, 2025)).toMatchObject({ takenHours: 6.5, remainingHours: 165 });

    const list = await a.client.get(`/employees/${emp}/leave-adjustments?year=2025`);
    expect(list.body.map((x: { hours: number }) => x.hours).sort()).toEqual([-4.5, 16]);
    expect((await a.client.get(`/employees/${emp}/leave-adjustments`)).body).toHaveLength(3);
    const audit = await a.client.get(`/audit?entityType=leave_adjustment&entityId=${plus.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'create', actorName: 'Olga Owner' });
  });

  it('pro-rates part-year contracts, uses 4 weeks without a contract type, and plans future leave', async () => {
    const emp = await employee(a.client);
    const generous = await created(a.client, '/contract-types', { name: 'Royaal', leaveWeeks: 5 });
    // 20 h/week for 184 of 365 days at the default 4 weeks: 4 × 20 × 184 / 365.
    await created(a.client, `/employees/${emp}/contracts`, { startDate: '2025-07-01', endDate: '2025-12-31', weeklyHours: 20 });
    expect((await leave(emp, 2025)).entitlementHours).toBe(40.33);
    // A second, overlapping contract accrues on its own: 5 weeks × 8 h for all of 2025.
    await created(a.client, `/employees/${emp}/contracts`, { startDate: '2025-01-01', weeklyHours: 8, contractTypeId: generous.id });
    expect((await leave(emp, 2025)).entitlementHours).toBe(80.33);

    const nextYear = Number(new Date().toISOString().slice(0, 4)) + 1;
    const future = await created(a.client, '/absences', { employeeId: emp, absenceTypeId: vacation.id, startDate: `${nextYear}-06-01`, endDate: `${nextYear}-06-30`, unit: 'days' });
    await a.client.post(`/absences/${future.id}/approve`);
    const ahead = await leave(emp, nextYear);
    expect(ahead.takenHours).toBe(0);
    expect(ahead.plannedHours).toBeGreaterThan(0);
    expect(ahead.remainingHours).toBe(Math.round((40 - ahead.plannedHours) * 100) / 100);

    expect((await a.client.get(`/employees/${emp}/leave`)).status).toBe(400);
    const noReason = await a.client.post(`/employees/${emp}/leave-adjustments`, { year: 2025, hours: 8, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
  });
});
