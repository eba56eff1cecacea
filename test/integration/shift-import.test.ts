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

async function tenantWithStaff() {
  const t = await createTenant(k);
  const anna = await employee(t.client, { firstName: 'Anna', lastName: 'Bakker', personnelNumber: '1001', email: 'anna@example.test' });
  const bram = await employee(t.client, { firstName: 'Bram', lastName: 'Visser', personnelNumber: '1002', email: 'bram@example.test' });
  const bar = await created(t.client, '/departments', { name: 'Bar', code: 'BAR' });
  const ot = await created(t.client, '/hour-components', { code: 'OT125', name: 'Overwerk' });
  return { ...t, anna, bram, bar, ot };
}

const countShifts = async (tenantId: string) =>
  Number((await k.db.selectFrom('shifts').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

describe('shift CSV import (F-05)', () => {
  it('imports a semicolon file with day-first dates, names or codes, in one go', async () => {
    const t = await tenantWithStaff();
    const csv = [
      'personnel_number;email;date;start;end;break_minutes;department;hour_component',
      '1001;;04-03-2026;09:00;17:30;30;Bar;',
      ';BRAM@example.test;2026-03-04;22:00;06:00;45;bar;ot125',
      '1002;;05-03-2026;16:00;24:00;0;;',
    ].join('\r\n');
    const res = await t.client.post('/shifts/import', { csv });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 3, rows: 3, dryRun: false });

    const list = (await t.client.get('/shifts?status=pending')).body.items;
    expect(list.map((s: Record<string, unknown>) => [s.employeeId, s.date, s.startTime, s.endTime, s.workedMinutes, s.departmentName, s.hourComponentCode, s.source])).toEqual([
      [t.bram, '2026-03-05', '16:00', '00:00', 480, null, null, 'csv'],
      [t.bram, '2026-03-04', '22:00', '06:00', 435, 'Bar', 'OT125', 'csv'],
      [t.anna, '2026-03-04', '09:00', '17:30', 480, 'Bar', null, 'csv'],
    ]);
    const audit = await t.client.get('/audit?entityType=shift');
    expect(audit.body.items[0]).toMatchObject({ action: 'import', changes: { rows: 3, from: '2026-03-04', to: '2026-03-05' } });
  });

  it('imports nothing when one row is bad, and names its line and field', async () => {
    const t = await tenantWithStaff();
    const csv = [
      'personnel_number,date,start,end,break_minutes',
      '1001,2026-03-02,09:00,17:00,30',
      '1002,2026-03-02,09:00,17:00,30',
      '',
      '1001,2026-03-03,09:00,10:00,90',
      '1001,2026-03-04,09:00,17:00,30',
    ].join('\n');
    const res = await t.client.post('/shifts/import', { csv });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'csv_invalid',
      message: 'The file has 1 invalid rows; nothing was imported.',
      details: [{ line: 5, field: 'break_minutes', message: 'The break is longer than the shift' }],
    });
    expect(await countShifts(t.tenant.id)).toBe(0);
  });

  it('checks employees, departments and components against the tenant, and counts every bad row', async () => {
    const t = await tenantWithStaff();
    const other = await createTenant(k, 'Other');
    await employee(other.client, { personnelNumber: '9999', email: 'elsewhere@example.test' });
    await created(other.client, '/departments', { name: 'Elsewhere' });
    const csv = [
      'personnel_number,email,date,start,end,department,hour_component',
      '9999,,2026-03-02,09:00,17:00,,',
      ',elsewhere@example.test,2026-03-02,09:00,17:00,,',
      '1001,bram@example.test,2026-03-02,09:00,17:00,,',
      '1001,,2026-03-02,09:00,17:00,Elsewhere,',
      '1001,,2026-03-02,09:00,17:00,,NOPE',
      '1001,,31-02-2026,9:00,17:00,,',
      '1002,,2026-03-09,09:00,17:00,,',
    ].join('\n');
    const res = await t.client.post('/shifts/import', { csv, dryRun: true });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('The file has 6 invalid rows; nothing was imported.');
    expect(res.body.error.details.map((d: { line: number; field: string }) => [d.line, d.field])).toEqual([
      [2, 'personnel_number'],
      [3, 'email'],
      [4, 'email'],
      [5, 'department'],
      [6, 'hour_component'],
      [7, 'date'],
    ]);
    expect(await countShifts(t.tenant.id)).toBe(0);
    expect(await countShifts(other.tenant.id)).toBe(0);
  });

  it('validates without writing on a dry run, and refuses to import the same shifts twice', async () => {
    const t = await tenantWithStaff();
    const csv = 'email,date,start,end\nanna@example.test,2026-03-02,09:00,17:00\nanna@example.test,2026-03-03,09:00,17:00\n';
    const dry = await t.client.post('/shifts/import', { csv, dryRun: true });
    expect(dry.body).toEqual({ imported: 0, rows: 2, dryRun: true });
    expect(await countShifts(t.tenant.id)).toBe(0);

    expect((await t.client.post('/shifts/import', { csv })).body.imported).toBe(2);
    const again = await t.client.post('/shifts/import', { csv });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual([
      { line: 2, field: 'date', message: 'This shift already exists in Koppel' },
      { line: 3, field: 'date', message: 'This shift already exists in Koppel' },
    ]);
    const twiceInFile = await t.client.post('/shifts/import', { csv: 'email,date,start,end\nanna@example.test,2026-04-01,09:00,17:00\nanna@example.test,01-04-2026,9:00,17:00' });
    expect(twiceInFile.body.error.details).toEqual([{ line: 3, field: 'date', message: 'Same shift as line 2' }]);
    expect(await countShifts(t.tenant.id)).toBe(2);
  });

  it('reports header problems on line 1 and is refused to recruiters', async () => {
    const t = await tenantWithStaff();
    const res = await t.client.post('/shifts/import', { csv: 'medewerker;datum;start;end\n1001;2026-03-02;09:00;17:00' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('csv_invalid');
    expect(res.body.error.details.every((d: { line: number }) => d.line === 1)).toBe(true);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['medewerker', 'datum', 'personnel_number', 'date']);

    const recruiter = await userWithRole(k, t.client, 'recruiter');
    const refused = await recruiter.post('/shifts/import', { csv: 'personnel_number,date,start,end\n1001,2026-03-02,09:00,17:00' });
    expect(refused.status).toBe(403);
    expect(await countShifts(t.tenant.id)).toBe(0);
  });
});
