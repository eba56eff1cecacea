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

describe('payroll components (F-08)', () => {
  it('keeps codes unique and one default hour component per tenant', async () => {
    const { client } = await createTenant(k);
    const reg = await created(client, '/hour-components', { code: 'REG', name: 'Regulier', isDefault: true });
    expect(reg).toMatchObject({ code: 'REG', ratePercent: 100, isDefault: true });
    const dup = await client.post('/hour-components', { code: 'REG', name: 'Other' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate', details: [{ field: 'code' }] });

    const ot = await created(client, '/hour-components', { code: 'OT125', name: 'Overwerk 125%', ratePercent: 125, isDefault: true });
    const list = await client.get('/hour-components');
    expect(list.body.map((c: { code: string; isDefault: boolean }) => [c.code, c.isDefault])).toEqual([
      ['OT125', true],
      ['REG', false],
    ]);
    expect((await client.patch(`/hour-components/${reg.id}`, { isDefault: true })).body.isDefault).toBe(true);
    expect((await client.get(`/hour-components/${ot.id}`)).body.isDefault).toBe(false);

    const travel = await created(client, '/wage-components', { code: 'REISK', name: 'Reiskosten' });
    expect((await client.post('/wage-components', { code: 'REISK', name: 'Again' })).status).toBe(409);
    expect((await client.patch(`/wage-components/${travel.id}`, { name: 'Reiskostenvergoeding' })).body.name).toBe('Reiskostenvergoeding');
    expect((await client.delete(`/wage-components/${travel.id}`)).status).toBe(200);
  });

  it('stores rules with weekdays and a window past midnight, and validates them', async () => {
    const { client } = await createTenant(k);
    const night = await created(client, '/hour-components', { code: 'NIGHT', name: 'Nachttoeslag', ratePercent: 130 });
    const dep = await created(client, '/departments', { name: 'Bar' });
    const rule = await created(client, '/hour-component-rules', {
      hourComponentId: night.id,
      priority: 10,
      weekdays: [5, 1, 5],
      timeFrom: '22:00',
      timeTo: '06:00',
      departmentId: dep.id,
    });
    expect(rule).toMatchObject({ hourComponentId: night.id, priority: 10, weekdays: [1, 5], timeFrom: '22:00', timeTo: '06:00', departmentId: dep.id, publicHolidaysOnly: false });
    const changed = await client.patch(`/hour-component-rules/${rule.id}`, { weekdays: [], publicHolidaysOnly: true });
    expect(changed.body).toMatchObject({ weekdays: [], publicHolidaysOnly: true, timeFrom: '22:00' });

    const half = await client.post('/hour-component-rules', { hourComponentId: night.id, timeFrom: '22:00' });
    expect(half.status).toBe(400);
    expect(half.body.error.details).toEqual([{ field: 'timeTo', message: expect.any(String) }]);
    const badDay = await client.post('/hour-component-rules', { hourComponentId: night.id, weekdays: [0, 8] });
    expect(badDay.status).toBe(400);
    expect(badDay.body.error.details[0].field).toMatch(/^weekdays/);
    const clearOne = await client.patch(`/hour-component-rules/${rule.id}`, { timeTo: null });
    expect(clearOne.status).toBe(400);

    // A component with rules, or a department a rule uses, cannot be deleted.
    expect((await client.delete(`/hour-components/${night.id}`)).body.error.code).toBe('in_use');
    expect((await client.delete(`/departments/${dep.id}`)).body.error.code).toBe('in_use');
    expect((await client.delete(`/hour-component-rules/${rule.id}`)).status).toBe(200);
    expect((await client.delete(`/hour-components/${night.id}`)).status).toBe(200);
  });

  it('refuses a rule without any condition (it would claim every unassigned minute), naming the field, in nl/de/en', async () => {
    const { client } = await createTenant(k);
    const night = await created(client, '/hour-components', { code: 'TNACHT', name: 'Nachttoeslag', ratePercent: 130 });
    const empty = await client.post('/hour-component-rules', { hourComponentId: night.id, priority: 100, weekdays: [], timeFrom: null, timeTo: null, departmentId: null, publicHolidaysOnly: false });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    expect(empty.body.error.details).toEqual([{ field: 'weekdays', message: expect.stringContaining('at least one condition') }]);
    for (const [lang, words] of [['nl', 'minstens één voorwaarde'], ['de', 'mindestens eine Bedingung']] as const) {
      const res = await client.post('/hour-component-rules', { hourComponentId: night.id }, { 'accept-language': lang });
      expect(res.body.error.details[0].message).toContain(words);
    }
    expect((await client.get('/hour-component-rules')).body).toEqual([]);
    // Each condition on its own is enough, and taking the last one away is refused too.
    const onlyHolidays = await created(client, '/hour-component-rules', { hourComponentId: night.id, publicHolidaysOnly: true });
    await created(client, '/hour-component-rules', { hourComponentId: night.id, weekdays: [6] });
    await created(client, '/hour-component-rules', { hourComponentId: night.id, timeFrom: '22:00', timeTo: '06:00' });
    const dep = await created(client, '/departments', { name: 'Bar' });
    await created(client, '/hour-component-rules', { hourComponentId: night.id, departmentId: dep.id });
    const strip = await client.patch(`/hour-component-rules/${onlyHolidays.id}`, { publicHolidaysOnly: false });
    expect(strip.status).toBe(400);
    expect(strip.body.error.details[0].field).toBe('weekdays');
  });

  it('splits a shift’s minutes over components by rules, holidays and the default', async () => {
    const { client } = await createTenant(k);
    const emp = await employee(client);
    const shift = async (body: Record<string, unknown>) => created(client, '/shifts', { employeeId: emp, ...body });

    // Without any default component the total is reported unsplit.
    const plain = await shift({ date: '2026-03-04', startTime: '20:00', endTime: '02:00', breakMinutes: 30 });
    expect((await client.get(`/shifts/${plain.id}/components`)).body).toEqual({
      totalMinutes: 330,
      components: [{ hourComponentId: null, code: null, name: null, minutes: 330 }],
    });

    const reg = await created(client, '/hour-components', { code: 'REG', name: 'Regulier', isDefault: true });
    const night = await created(client, '/hour-components', { code: 'NIGHT', name: 'Nacht', ratePercent: 130 });
    const holiday = await created(client, '/hour-components', { code: 'HOL', name: 'Feestdag', ratePercent: 200 });
    await created(client, '/hour-component-rules', { hourComponentId: night.id, priority: 20, timeFrom: '22:00', timeTo: '06:00' });
    await created(client, '/hour-component-rules', { hourComponentId: holiday.id, priority: 10, publicHolidaysOnly: true });

    // Wed 20:00 – Thu 02:00, 30 min break off the regular part: 90 regular, 240 night.
    const split = (await client.get(`/shifts/${plain.id}/components`)).body;
    expect(split.totalMinutes).toBe(330);
    expect(split.components.map((c: { code: string; minutes: number }) => [c.code, c.minutes])).toEqual([
      ['REG', 90],
      ['NIGHT', 240],
    ]);
    expect(split.components[0].hourComponentId).toBe(reg.id);

    // Christmas Eve 20:00 into Christmas Day (a Dutch public holiday) 02:00.
    const xmas = await shift({ date: '2026-12-24', startTime: '20:00', endTime: '02:00' });
    const xmasSplit = (await client.get(`/shifts/${xmas.id}/components`)).body.components;
    expect(xmasSplit.map((c: { code: string; minutes: number }) => [c.code, c.minutes])).toEqual([
      ['REG', 120],
      ['NIGHT', 120],
      ['HOL', 120],
    ]);

    // A shift booked on a component goes to it entirely.
    const booked = await shift({ date: '2026-03-04', startTime: '20:00', endTime: '02:00', hourComponentId: holiday.id });
    expect((await client.get(`/shifts/${booked.id}/components`)).body.components).toEqual([
      { hourComponentId: holiday.id, code: 'HOL', name: 'Feestdag', minutes: 360 },
    ]);
  });

  it('keeps components to their tenant and their writes to HR', async () => {
    const a = await createTenant(k, 'A');
    const b = await createTenant(k, 'B');
    const compA = await created(a.client, '/hour-components', { code: 'REG', name: 'Regulier' });
    const foreign = await b.client.post('/hour-component-rules', { hourComponentId: compA.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([{ field: 'hourComponentId', message: 'Unknown hour component' }]);
    expect((await b.client.get(`/hour-components/${compA.id}`)).status).toBe(404);
    expect((await b.client.patch(`/hour-components/${compA.id}`, { name: 'X' })).status).toBe(404);
    // The same code in another tenant is fine.
    expect((await b.client.post('/hour-components', { code: 'REG', name: 'Regulier' })).status).toBe(201);

    const planner = await userWithRole(k, a.client, 'planner');
    expect((await planner.get('/hour-components')).status).toBe(200);
    expect((await planner.post('/hour-components', { code: 'X', name: 'X' })).status).toBe(403);
    expect((await planner.post('/wage-components', { code: 'X', name: 'X' })).status).toBe(403);
    expect((await planner.post('/hour-component-rules', { hourComponentId: compA.id })).status).toBe(403);
  });
});
