import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connectNmbrs } from './nmbrs-support.ts';
import { waitRun } from './sync-support.ts';
import { exportNmbrsHours } from '../../src/app/cli/export-nmbrs-hours.ts';

/**
 * F-24 hours to Nmbrs over the real app, worker and Nmbrs emulator: hour components mapped to the
 * company's live hour codes; the report of a payroll period (approved shifts only, per employee and
 * code, rules decide the code); "Send to Nmbrs"; a re-send writes nothing; one changed shift sends only
 * that difference (never doubled); a past (protected) period is refused without the unprotected-mode
 * confirmation and goes with it; an unknown hour code is refused by Nmbrs per row.
 */
let k: TestKoppel;
let em: NmbrsEmulator;
let owner: Client;
let id: string;
let company: string;
const linked: { employeeId: string; nmbrsId: string }[] = [];
let normal: { id: string };
let overtime: { id: string };
let codes: number[];

beforeAll(async () => {
  em = await startNmbrsEmulator({ employees: 8, companies: 1, seed: 4, referenceDate: '2026-03-10', periodTypes: ['monthly'], rateLimitPerSecond: 0 });
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Nmbrs Uren BV');
  owner = t.client;
  company = em.data.companies[0]!.companyId;
  id = (await connectNmbrs(owner, em, { settings: { autoAddEmployees: true } })).id;
  const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
  const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
  expect(applied.status).toBe('succeeded');
  const rows = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('integration_id', '=', id).where('link_state', '=', 'linked').where('former', '=', false).execute();
  for (const r of rows.slice(0, 3)) linked.push({ employeeId: r.employee_id!, nmbrsId: r.external_id });
  expect(linked).toHaveLength(3);
  normal = (await owner.post('/hour-components', { code: 'N', name: 'Normale uren', isDefault: true })).body;
  overtime = (await owner.post('/hour-components', { code: 'OW', name: 'Overwerk 150%' })).body;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

async function shift(employeeId: string, date: string, startTime: string, endTime: string, opts: { approve?: boolean; hourComponentId?: string } = {}) {
  const res = await owner.post('/shifts', { employeeId, date, startTime, endTime, breakMinutes: 30, confirmCorrection: true, ...(opts.hourComponentId ? { hourComponentId: opts.hourComponentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  if (opts.approve !== false) expect((await owner.post(`/shifts/${res.body.id}/approve`)).status).toBe(200);
  return res.body.id as string;
}

const held = (nmbrsId: string, period: number) => em.hourComponents(nmbrsId).filter((h) => h.year === 2026 && h.period === period);
const sum = (hs: { hourCode: number; hours: number }[], code: number) => Math.round(hs.filter((h) => h.hourCode === code).reduce((a, h) => a + h.hours, 0) * 100) / 100;

describe('Hours to Nmbrs (F-24)', () => {
  it("maps Koppel's hour components to the company's live hour codes", async () => {
    const r = await owner.get(`/integrations/${id}/nmbrs-hours/codes?company=${company}`);
    expect(r.status).toBe(200);
    codes = (r.body.hourCodes as { code: number }[]).map((h) => h.code);
    expect(codes.length).toBeGreaterThan(1);
    expect(r.body.components.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Normale uren', 'Overwerk 150%']));
    const put = await owner.put(`/integrations/${id}/nmbrs-hours/mapping`, { items: [{ hourComponentId: normal.id, hourCode: codes[0] }, { hourComponentId: overtime.id, hourCode: codes[1] }] });
    expect(put.status).toBe(200);
    const again = await owner.get(`/integrations/${id}/nmbrs-hours/codes?company=${company}`);
    expect(again.body.components.find((c: { id: string }) => c.id === normal.id).hourCode).toBe(codes[0]);
    const bad = await owner.put(`/integrations/${id}/nmbrs-hours/mapping`, { items: [{ hourComponentId: '00000000-0000-4000-8000-000000000000', hourCode: 1 }] });
    expect(bad.status).toBe(400);
  });

  it('report of the current period: approved shifts only, per employee and hour code', async () => {
    const [a, b, c] = linked;
    await shift(a!.employeeId, '2026-03-02', '09:00', '17:30'); // 8 h normal
    await shift(a!.employeeId, '2026-03-03', '09:00', '13:30', { hourComponentId: overtime.id }); // 4 h overtime
    await shift(b!.employeeId, '2026-03-04', '08:00', '16:30'); // 8 h
    await shift(c!.employeeId, '2026-03-05', '08:00', '12:30', { approve: false }); // pending: not in the report
    await shift(c!.employeeId, '2026-02-20', '08:00', '12:30'); // February: another period
    const r = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=3`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ periodType: 'monthly', from: '2026-03-01', to: '2026-03-31', protected: false, currentPeriod: { year: 2026, period: 3 }, counts: { new: 3, changed: 0, unchanged: 0, removed: 0 } });
    const rows = r.body.rows as { employeeId: string; hourCode: number; hours: number; state: string }[];
    expect(rows.map((x) => [x.employeeId, x.hourCode, x.hours]).sort()).toEqual(
      [
        [a!.employeeId, codes[0], 8],
        [a!.employeeId, codes[1], 4],
        [b!.employeeId, codes[0], 8],
      ].sort(),
    );
    // Nothing went to Nmbrs yet.
    expect(held(a!.nmbrsId, 3)).toEqual([]);
  });

  it('send, then a re-send writes nothing; one changed shift sends only its difference', async () => {
    const [a, b] = linked;
    const sent = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 3 });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.counts).toMatchObject({ created: 3, refused: 0, dead: 0 });
    expect(sum(held(a!.nmbrsId, 3), codes[0]!)).toBe(8);
    expect(sum(held(a!.nmbrsId, 3), codes[1]!)).toBe(4);
    expect(sum(held(b!.nmbrsId, 3), codes[0]!)).toBe(8);

    const writes = () => em.kit.requestLog.filter((x) => x.method !== 'GET' && x.path.includes('/variablehours')).length;
    const before = writes();
    const again = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 3 });
    expect(again.status).toBe(200);
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 3 });
    expect(writes()).toBe(before);
    expect(sum(held(a!.nmbrsId, 3), codes[0]!)).toBe(8);

    // One more approved shift for b: only b's normal hours change, by the difference.
    await shift(b!.employeeId, '2026-03-06', '08:00', '10:30'); // +2 h
    const report = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=3`);
    expect(report.body.counts).toMatchObject({ new: 0, changed: 1, unchanged: 2 });
    const third = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 3 });
    expect(third.body.counts).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(writes()).toBe(before + 1);
    expect(sum(held(b!.nmbrsId, 3), codes[0]!)).toBe(10);
    expect(sum(held(a!.nmbrsId, 3), codes[0]!)).toBe(8);
    // Every component carries the ledger marker.
    expect(held(b!.nmbrsId, 3).every((h) => /\[koppel:/.test(h.comment ?? ''))).toBe(true);
  });

  it('a period before the current one is refused without the unprotected-mode confirmation, and goes with it', async () => {
    const c = linked[2]!;
    const report = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=2`);
    expect(report.body.protected).toBe(true);
    expect(report.body.rows).toHaveLength(1);
    const refused = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 2 });
    expect(refused.status).toBe(409);
    expect(held(c.nmbrsId, 2)).toEqual([]);
    const ok = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 2, unprotected: true });
    expect(ok.status).toBe(200);
    expect(ok.body.counts).toMatchObject({ created: 1, refused: 0 });
    expect(sum(held(c.nmbrsId, 2), codes[0]!)).toBe(4);
  });

  it("Nmbrs' refusal comes back per row (an hour code the company does not have); a period outside the type is a field error", async () => {
    const a = linked[0]!;
    expect((await owner.put(`/integrations/${id}/nmbrs-hours/mapping`, { items: [{ hourComponentId: normal.id, hourCode: codes[0] }, { hourComponentId: overtime.id, hourCode: 999_999 }] })).status).toBe(200);
    await shift(a.employeeId, '2026-04-01', '09:00', '12:30', { hourComponentId: overtime.id });
    await shift(a.employeeId, '2026-04-02', '09:00', '12:30');
    // Period 4 lies after the current one: not protected.
    const sent = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 4 });
    expect(sent.status).toBe(200);
    const rows = sent.body.rows as { hourCode: number; outcome: string; reason: string | null }[];
    expect(rows.find((r) => r.hourCode === 999_999)).toMatchObject({ outcome: 'refused', reason: 'unknown_hour_code' });
    expect(rows.find((r) => r.hourCode === codes[0])).toMatchObject({ outcome: 'sent' });
    expect(sum(held(a.nmbrsId, 4), codes[0]!)).toBe(3);
    const bad = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=13`);
    expect(bad.status).toBe(400);
    // Another tenant sees nothing.
    const other = await createTenant(k, 'Ander Uren BV');
    expect((await other.client.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=3`)).status).toBe(404);
  });

  it('the CLI: a dry run prints the report and sends nothing; a send of an unchanged period is all unchanged; plain errors', async () => {
    const writes = () => em.kit.requestLog.filter((x) => x.method !== 'GET' && x.path.includes('/variablehours')).length;
    // Back to the mapping period 3 was sent with (the code change of the test before would move a's overtime).
    expect((await owner.put(`/integrations/${id}/nmbrs-hours/mapping`, { items: [{ hourComponentId: normal.id, hourCode: codes[0] }, { hourComponentId: overtime.id, hourCode: codes[1] }] })).status).toBe(200);
    const before = writes();
    const dry = await exportNmbrsHours(k.db, k.config, id, { year: '2026', period: '3', dryRun: true });
    expect(dry.lines[0]).toContain('dry run');
    expect(dry.lines.at(-1)).toBe('3 rows: 0 new · 0 changed · 3 unchanged · 0 removed');
    const sent = await exportNmbrsHours(k.db, k.config, id, { year: '2026', period: '3' });
    expect(sent.failed).toBe(false);
    expect(sent.lines.at(-1)).toBe('0 created · 0 updated · 0 removed · 3 unchanged · 0 refused · 0 retrying · 0 dead');
    expect(writes()).toBe(before);
    await expect(exportNmbrsHours(k.db, k.config, id, { year: '2026', period: '2' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(exportNmbrsHours(k.db, k.config, id, { year: '2026', period: '60' })).rejects.toThrow('--period must be');
    await expect(exportNmbrsHours(k.db, k.config, '00000000-0000-4000-8000-000000000000', { year: '2026', period: '3' })).rejects.toThrow('Integration not found');
  });
  it('rules decide the code of a shift without a component of its own: a 22:00–06:00 shift goes as the night component (issue 15 item 2)', async () => {
    const a = linked[0]!;
    const night = (await owner.post('/hour-components', { code: 'TNACHT', name: 'Nachttoeslag' })).body;
    expect((await owner.post('/hour-component-rules', { hourComponentId: night.id, timeFrom: '22:00', timeTo: '06:00' })).status).toBe(201);
    expect((await owner.put(`/integrations/${id}/nmbrs-hours/mapping`, { items: [{ hourComponentId: normal.id, hourCode: codes[0] }, { hourComponentId: night.id, hourCode: codes[1] }] })).status).toBe(200);
    await shift(a.employeeId, '2026-06-02', '22:00', '06:30'); // 8 h at night (30 min break)
    await shift(a.employeeId, '2026-06-03', '13:00', '17:30'); // 4 h by day
    const r = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=6`);
    expect(r.status).toBe(200);
    const rows = (r.body.rows as { employeeId: string; hourCode: number; hours: number }[]).filter((x) => x.employeeId === a.employeeId);
    expect(rows.map((x) => [x.hourCode, x.hours]).sort()).toEqual([
      [codes[0], 4],
      [codes[1], 8],
    ].sort());
    // The shift list names the component the rules gave it.
    const listed = (await owner.get(`/shifts?employeeId=${a.employeeId}&from=2026-06-02&to=2026-06-02`)).body.items[0];
    expect(listed.hourComponents.map((c: { code: string }) => c.code)).toContain('TNACHT');
  });
  it("Nmbrs' period answer without periodType (shape UNCONFIRMED): the report falls back to the company's configured type and says so", async () => {
    em.setPeriodTypeField(false);
    try {
      const assumed = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=3`);
      expect(assumed.status).toBe(200);
      expect(assumed.body).toMatchObject({ periodType: 'monthly', periodTypeSource: 'assumed', currentPeriod: { year: 2026, period: 3 } });
      // The user sets the company's type (here deliberately not Nmbrs' own, monthly): the report uses it and says so.
      expect((await owner.patch(`/integrations/${id}`, { settings: { payrollPeriodTypes: { [company]: 'weekly' } } })).status).toBe(200);
      await shift(linked[1]!.employeeId, '2026-03-24', '09:00', '17:30');
      const configured = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=13`);
      expect(configured.status).toBe(200);
      expect(configured.body).toMatchObject({ periodType: 'weekly', periodTypeSource: 'configured', from: '2026-03-23', to: '2026-03-29' });
      // Nmbrs refuses a period its company type lacks, with its reason per row.
      const sent = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 13 });
      expect(sent.status).toBe(200);
      expect(sent.body.rows.length).toBeGreaterThan(0);
      for (const r of sent.body.rows as { outcome: string; reason: string | null }[]) expect(r).toMatchObject({ outcome: 'refused', reason: 'invalid_period' });
    } finally {
      em.setPeriodTypeField(true);
    }
    // Nmbrs' own word wins over the setting when it gives one.
    const stated = await owner.get(`/integrations/${id}/nmbrs-hours?company=${company}&year=2026&period=3`);
    expect(stated.body).toMatchObject({ periodType: 'monthly', periodTypeSource: 'nmbrs' });
  });
});
