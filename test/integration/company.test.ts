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

/** The local date in a zone, as the company would read "today". */
const todayIn = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe("the company's settings and its time zone", () => {
  it('a new company gets the zone of its country; everyone reads it, only admins change it, and a bad zone changes nothing', async () => {
    const { client, owner } = await createTenant(k, 'Zone BV');
    expect((await client.get('/company')).body).toEqual({ name: 'Zone BV', locale: 'nl', country: 'NL', timeZone: 'Europe/Amsterdam' });
    expect((await client.get('/auth/me')).body.tenant.timeZone).toBe('Europe/Amsterdam');

    const planner = await userWithRole(k, client, 'planner');
    expect((await planner.get('/company')).status).toBe(200);
    expect((await planner.patch('/company', { timeZone: 'Europe/Berlin' })).status).toBe(403);

    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', 'Amsterdam']) {
      const bad = await client.patch('/company', { name: 'Renamed BV', timeZone });
      expect(bad.status, timeZone).toBe(400);
      expect(bad.body.error.details).toEqual([{ field: 'timeZone', message: expect.any(String) }]);
    }
    expect((await client.get('/company')).body).toMatchObject({ name: 'Zone BV', timeZone: 'Europe/Amsterdam' });

    const changed = await client.patch('/company', { timeZone: 'Europe/Berlin', country: 'DE' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ country: 'DE', timeZone: 'Europe/Berlin' });
    const audit = await client.get('/audit?entityType=company');
    expect(audit.body.items[0]).toMatchObject({ action: 'update', entityId: owner.tenant_id });
    expect(audit.body.items[0].changes.time_zone).toEqual({ old: 'Europe/Amsterdam', new: 'Europe/Berlin' });
  });

  it('"today" is the company\'s today: a contract starting today in the company\'s zone is active, in a zone a day behind it is not yet', async () => {
    const { client } = await createTenant(k, 'Kiritimati BV');
    // UTC+14 and UTC−11 are 25 hours apart, so their dates always differ.
    const ahead = 'Pacific/Kiritimati';
    const behind = 'Pacific/Pago_Pago';
    const dep = await created(client, '/departments', { name: 'Lagune' });
    const emp = await employee(client, { lastName: 'Tabakea' });
    await created(client, `/employees/${emp}/contracts`, { startDate: todayIn(ahead), weeklyHours: 32, departmentId: dep.id });

    expect((await client.patch('/company', { timeZone: ahead })).status).toBe(200);
    const list = async () => (await client.get('/employees?q=Tabakea')).body.items[0].departments;
    expect(await list()).toBe('Lagune');
    // The session's actor picks up the new zone at once (it is read with the session, not cached).
    expect((await client.patch('/company', { timeZone: behind })).status).toBe(200);
    expect(await list()).toBeNull();
  });

  it("a new zone moves the company's daily schedules to the same local time there", async () => {
    const { client, owner } = await createTenant(k, 'Schema BV');
    await k.db
      .insertInto('job_schedules')
      .values({ key: `test:${owner.tenant_id}`, name: 'integration.sync', tenant_id: owner.tenant_id, payload: '{}', daily_at_minute: 2 * 60, time_zone: 'Europe/Amsterdam', next_run_at: new Date() })
      .execute();
    expect((await client.patch('/company', { timeZone: 'America/New_York' })).status).toBe(200);
    const row = await k.db.selectFrom('job_schedules').selectAll().where('key', '=', `test:${owner.tenant_id}`).executeTakeFirstOrThrow();
    expect(row.time_zone).toBe('America/New_York');
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(row.next_run_at));
    expect(local).toBe('02:00');
    expect(new Date(row.next_run_at).getTime()).toBeGreaterThan(Date.now());
  });
});
