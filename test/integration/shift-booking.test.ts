import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, employee, userWithRole } from '../helpers/workforce.ts';

/**
 * What a shift is booked on (issue 15, item 2): the hour components the rules give it and the department
 * of its contract, on the shift and in the list; and correcting approved shifts with a reason (item 3).
 */
let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

type Booked = { code: string | null; minutes: number };
const codes = (s: { hourComponents: Booked[] }) => s.hourComponents.map((c) => [c.code, c.minutes]);

describe('a shift booked by the rules', () => {
  it('shows the components the rules resolve and the contract’s department, on the shift and in the list', async () => {
    const { client } = await createTenant(k);
    await created(client, '/hour-components', { code: 'U100', name: 'Gewerkte uren', isDefault: true });
    const night = await created(client, '/hour-components', { code: 'TNACHT', name: 'Nachttoeslag', ratePercent: 130 });
    const bar = await created(client, '/departments', { name: 'Bar' });
    const kitchen = await created(client, '/departments', { name: 'Keuken' });
    await created(client, '/hour-component-rules', { hourComponentId: night.id, priority: 10, timeFrom: '22:00', timeTo: '06:00' });
    const emp = await employee(client);
    await created(client, `/employees/${emp}/contracts`, { startDate: '2026-01-01', endDate: '2026-06-30', departmentId: kitchen.id, weeklyHours: 32 });
    await created(client, `/employees/${emp}/contracts`, { startDate: '2026-07-01', departmentId: bar.id, weeklyHours: 32 });

    // 22:00–06:00 with a 30 minute break: all night hours, the break off them.
    const shift = await created(client, '/shifts', { employeeId: emp, date: '2026-03-04', startTime: '22:00', endTime: '06:00', breakMinutes: 30 });
    expect(shift).toMatchObject({ hourComponentId: null, departmentId: null, componentsFrom: 'rules', resolvedDepartmentId: kitchen.id, resolvedDepartmentName: 'Keuken', departmentFrom: 'contract' });
    expect(codes(shift)).toEqual([['TNACHT', 450]]);
    // 20:00–02:00: two regular hours, four night hours.
    const evening = await created(client, '/shifts', { employeeId: emp, date: '2026-08-05', startTime: '20:00', endTime: '02:00' });
    expect(codes(evening)).toEqual([['TNACHT', 240], ['U100', 120]]);
    expect(evening).toMatchObject({ resolvedDepartmentName: 'Bar', departmentFrom: 'contract' });
    // The shift's own department and component win.
    const own = await created(client, '/shifts', { employeeId: emp, date: '2026-03-05', startTime: '22:00', endTime: '06:00', departmentId: bar.id, hourComponentId: night.id });
    expect(own).toMatchObject({ resolvedDepartmentName: 'Bar', departmentFrom: 'shift', componentsFrom: 'shift' });

    const list = (await client.get(`/shifts?employeeId=${emp}`)).body.items as { id: string; hourComponents: Booked[]; resolvedDepartmentName: string }[];
    expect(list.find((s) => s.id === shift.id)).toMatchObject({ resolvedDepartmentName: 'Keuken', hourComponents: [{ code: 'TNACHT', minutes: 450 }] });
    // The department filter follows the resolved department: the contract's when the shift has none.
    const inKitchen = ((await client.get(`/shifts?departmentId=${kitchen.id}`)).body.items as { id: string }[]).map((s) => s.id);
    expect(inKitchen).toEqual([shift.id]);
    const inBar = ((await client.get(`/shifts?departmentId=${bar.id}`)).body.items as { id: string }[]).map((s) => s.id).sort();
    expect(inBar).toEqual([evening.id, own.id].sort());
    expect((await client.get(`/shifts/${shift.id}`)).body.hourComponents).toEqual([{ hourComponentId: night.id, code: 'TNACHT', name: 'Nachttoeslag', minutes: 450 }]);

    // A department rule applies through the contract's department too.
    const kitchenNight = await created(client, '/hour-components', { code: 'KNACHT', name: 'Keuken nacht', ratePercent: 140 });
    await created(client, '/hour-component-rules', { hourComponentId: kitchenNight.id, priority: 5, departmentId: kitchen.id, timeFrom: '00:00', timeTo: '06:00' });
    expect(codes((await client.get(`/shifts/${shift.id}`)).body)).toEqual([['KNACHT', 338], ['TNACHT', 112]]);
    const split = (await client.get(`/shifts/${shift.id}/components`)).body;
    expect(split.components.map((c: Booked) => [c.code, c.minutes])).toEqual([['TNACHT', 112], ['KNACHT', 338]]);
  });
});

describe('correcting an approved shift', () => {
  it('edits, deletes and reopens only with a reason, and audits the reason', async () => {
    const { client } = await createTenant(k);
    const emp = await employee(client);
    const shift = async () => {
      const s = await created(client, '/shifts', { employeeId: emp, date: '2026-03-04', startTime: '09:00', endTime: '17:00', breakMinutes: 30, note: `n${Math.random()}` });
      expect((await client.post(`/shifts/${s.id}/approve`)).body.status).toBe('approved');
      return s.id as string;
    };
    const audit = async (id: string) => ((await client.get(`/audit?entityType=shift&entityId=${id}`)).body.items ?? (await client.get(`/audit?entityId=${id}`)).body.items) as { action: string; changes: Record<string, { new: unknown }> }[];

    // Edit.
    const a = await shift();
    const noReason = await client.patch(`/shifts/${a}`, { endTime: '16:00' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([{ field: 'reason', message: 'An approved shift is corrected only with a reason' }]);
    expect((await client.get(`/shifts/${a}`)).body).toMatchObject({ endTime: '17:00', status: 'approved' });
    const edited = await client.patch(`/shifts/${a}`, { endTime: '16:00', reason: 'Left an hour early' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ endTime: '16:00', status: 'pending', approvedBy: null });
    const editEntry = (await k.db.selectFrom('audit_log').selectAll().where('entity_id', '=', a).orderBy('id', 'desc').executeTakeFirstOrThrow());
    expect(editEntry.action).toBe('correct');
    expect(editEntry.changes).toMatchObject({ reason: { old: null, new: 'Left an hour early' }, end_time: { old: '17:00:00', new: '16:00:00' } });
    // A note alone stays approved and needs no reason.
    const b = await shift();
    expect((await client.patch(`/shifts/${b}`, { note: 'only a note' })).body.status).toBe('approved');

    // Reopen.
    expect((await client.post(`/shifts/${b}/reopen`, { reason: '' })).status).toBe(400);
    const reopened = await client.post(`/shifts/${b}/reopen`, { reason: 'Wrong department' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('pending');
    expect((await client.post(`/shifts/${b}/reopen`, { reason: 'again' })).status).toBe(409);
    const reopenEntry = await k.db.selectFrom('audit_log').selectAll().where('entity_id', '=', b).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(reopenEntry).toMatchObject({ action: 'reopen', changes: { reason: { new: 'Wrong department' }, status: { old: 'approved', new: 'pending' } } });

    // Delete.
    const c = await shift();
    expect((await client.delete(`/shifts/${c}`)).status).toBe(400);
    expect((await client.get(`/shifts/${c}`)).status).toBe(200);
    expect((await client.delete(`/shifts/${c}?reason=${encodeURIComponent('Booked twice')}`)).status).toBe(200);
    expect((await client.get(`/shifts/${c}`)).status).toBe(404);
    const deleteEntry = await k.db.selectFrom('audit_log').selectAll().where('entity_id', '=', c).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(deleteEntry).toMatchObject({ action: 'delete', changes: { reason: { new: 'Booked twice' } } });
    // A pending shift is deleted without a reason, as before.
    const d = await created(client, '/shifts', { employeeId: emp, date: '2026-03-06', startTime: '09:00', endTime: '12:00' });
    expect((await client.delete(`/shifts/${d.id}`)).status).toBe(200);

    // Planners may correct; the reason is required for them too, and nobody else may.
    const planner = await userWithRole(k, client, 'planner');
    const e = await shift();
    expect((await planner.post(`/shifts/${e}/reopen`, { reason: 'Planner check' })).status).toBe(200);
    const recruiter = await userWithRole(k, client, 'recruiter');
    expect((await recruiter.post(`/shifts/${e}/reopen`, { reason: 'x' })).status).toBe(403);
    void audit;
  });
});
