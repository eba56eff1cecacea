import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLoketCsv } from '../../src/connectors/hr/loket/loket.csv.ts';
import { runLoketExport } from '../../src/app/cli/loket.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun } from './sync-support.ts';

/**
 * Loket.nl mappings (F-11/F-12) and the "Loket" report (F-23), issue 11, over the real app and the emulator:
 * hour components mapped BY NUMBER (an unknown number refused with the reason), worked hours of approved shifts
 * per employee per mapped component for one payroll period, the CSV download, the mail with the import steps
 * (in the catcher), and the API push through the outbound engine: a re-send writes nothing, a dropped
 * component is deleted with null.
 */
let k: TestKoppel;
let em: LoketEmulator;
let owner: Client;
let tenantId: string;
let id: string;
let adminId: string;
const hc: Record<string, string> = {};
const people: { employeeId: string; employmentId: string; payrollId: number }[] = [];
const shiftIds: string[] = [];
const q = () => `administrationId=${adminId}&year=2026&period=3`;

beforeAll(async () => {
  em = await startLoketEmulator({ employers: 1, employees: 6, seed: 11, referenceYear: 2026 });
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Loket Rapport BV');
  owner = t.client;
  tenantId = t.tenant.id;
  const r = await owner.post('/integrations', {
    vendor: 'loket',
    name: 'Loket',
    baseUrl: em.apiUrl,
    credentials: { username: em.login.username, password: em.login.password, environment: 'OMG-9' },
    settings: { autoAddEmployees: true, notificationEmails: ['salaris@example.test'] },
  });
  expect(r.status).toBe(201);
  id = r.body.id;
  // One employer: it is the scope at once.
  expect(r.body.accountScope).toHaveLength(1);
  const started = await owner.post(`/integrations/${id}/sync`, {});
  const preview = await waitRun(owner, started.body.runId);
  const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
  expect(applied.status).toBe('succeeded');
  for (const [code, name, isDefault] of [['NORM', 'Normaal', true], ['AVOND', 'Avond', false], ['ZON', 'Zondag', false]] as const) {
    const c = await owner.post('/hour-components', { code, name, isDefault });
    expect(c.status).toBe(201);
    hc[code] = c.body.id;
  }
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

describe('Loket mappings (F-11/F-12)', () => {
  it('lists the administrations and periods live', async () => {
    const r = await owner.get(`/integrations/${id}/loket/periods?year=2026`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    adminId = r.body.items[0].id;
    expect(r.body.items[0].periods.find((p: { period: number }) => p.period === 3)).toMatchObject({ year: 2026, startDate: '2026-03-01', endDate: '2026-03-31' });
  });

  it('refuses an unknown or non-numeric component with the reason; maps by number', async () => {
    const bad = await owner.put(`/integrations/${id}/loket/mappings/hour_component`, { administrationId: adminId, year: 2026, items: [{ koppelId: hc.NORM, loketCode: '999' }, { koppelId: hc.AVOND, loketCode: 'Overuren' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['items.0.loketCode', 'items.1.loketCode']);
    expect(bad.body.error.details[0].message).toContain('999');
    const ok = await owner.put(`/integrations/${id}/loket/mappings/hour_component`, { administrationId: adminId, year: 2026, items: [{ koppelId: hc.NORM, loketCode: '2' }, { koppelId: hc.AVOND, loketCode: '15' }] });
    expect(ok.status).toBe(200);
    const rows = ok.body.hourComponents as { code: string; loketCode: string | null }[];
    expect(rows.find((r) => r.code === 'NORM')?.loketCode).toBe('2');
    expect(rows.find((r) => r.code === 'ZON')?.loketCode).toBeNull();
    const listed = await owner.get(`/integrations/${id}/loket/mappings?administrationId=${adminId}&year=2026`);
    expect(listed.body.loketComponents.map((c: { number: number }) => c.number)).toEqual(expect.arrayContaining([2, 15, 284]));
  });

  it('wage components map the same way: by number, checked against the live list (an unknown one refused with the reason)', async () => {
    const wc = await owner.post('/wage-components', { code: 'TOESL', name: 'Toeslag' });
    expect(wc.status).toBe(201);
    const bad = await owner.put(`/integrations/${id}/loket/mappings/wage_component`, { administrationId: adminId, year: 2026, items: [{ koppelId: wc.body.id, loketCode: '999' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'items.0.loketCode' });
    expect(bad.body.error.details[0].message).toContain('999');
    const byName = await owner.put(`/integrations/${id}/loket/mappings/wage_component`, { administrationId: adminId, year: 2026, items: [{ koppelId: wc.body.id, loketCode: 'Reiskosten' }] });
    expect(byName.status).toBe(400);
    const ok = await owner.put(`/integrations/${id}/loket/mappings/wage_component`, { administrationId: adminId, year: 2026, items: [{ koppelId: wc.body.id, loketCode: '284' }] });
    expect(ok.status).toBe(200);
    expect(ok.body.wageComponents.find((w: { koppelId: string }) => w.koppelId === wc.body.id)?.loketCode).toBe('284');
    // Unmapped again (the report below sums hour components only; a mapped wage component would be a CSV column without values).
    expect((await owner.put(`/integrations/${id}/loket/mappings/wage_component`, { items: [{ koppelId: wc.body.id, loketCode: null }] })).status).toBe(200);
  });

  it('cost centers and distribution units: listed live from Loket, a department maps to one of each, anything else is refused', async () => {
    const employer = em.world.employers.find((e) => e.administration.id === adminId)!;
    const listed = await owner.get(`/integrations/${id}/loket/mappings?administrationId=${adminId}&year=2026`);
    expect(listed.status).toBe(200);
    expect(listed.body.loketCostCenters).toEqual(employer.costCenters.map((c) => ({ key: c.key, code: c.code, description: c.description })));
    expect(listed.body.loketDistributionUnits).toEqual(employer.distributionUnits.map((d) => ({ key: d.key, code: String(d.code), description: d.description })));
    const dep = await owner.post('/departments', { name: 'Keuken' });
    // A code typed by hand (not a key of the list), an unknown key, an unknown distribution unit: refused per row with the reason.
    const bad = await owner.put(`/integrations/${id}/loket/mappings/cost_center`, { administrationId: adminId, items: [{ koppelId: dep.body.id, loketCode: 'KP100' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'items.0.loketCode' });
    expect(bad.body.error.details[0].message).toContain('KP100');
    expect((await owner.put(`/integrations/${id}/loket/mappings/cost_center`, { administrationId: adminId, items: [{ koppelId: dep.body.id, loketCode: '99' }] })).status).toBe(400);
    expect((await owner.put(`/integrations/${id}/loket/mappings/distribution_unit`, { administrationId: adminId, items: [{ koppelId: dep.body.id, loketCode: '00000000-0000-4000-8000-000000000000' }] })).status).toBe(400);
    const cc = employer.costCenters[1]!;
    const du = employer.distributionUnits[2]!;
    expect((await owner.put(`/integrations/${id}/loket/mappings/cost_center`, { administrationId: adminId, items: [{ koppelId: dep.body.id, loketCode: String(cc.key) }] })).status).toBe(200);
    const ok = await owner.put(`/integrations/${id}/loket/mappings/distribution_unit`, { administrationId: adminId, items: [{ koppelId: dep.body.id, loketCode: du.key.toUpperCase() }] });
    expect(ok.status).toBe(200);
    expect(ok.body.costCenters.find((c: { koppelId: string }) => c.koppelId === dep.body.id)).toMatchObject({ loketCode: String(cc.key), distributionUnit: du.key });
  });
});

describe('the Loket report (F-23)', () => {
  it('sums approved shifts per employee per mapped component for the period', async () => {
    const linked = await k.db.selectFrom('external_records').select(['employee_id', 'external_id']).where('integration_id', '=', id).where('link_state', '=', 'linked').execute();
    for (const l of linked) {
      const m = em.world.employments.find((x) => x.employeeId === l.external_id.toLowerCase() && x.startDate <= '2026-03-31' && (!x.endDate || x.endDate >= '2026-03-01'));
      if (m && people.length < 2) people.push({ employeeId: l.employee_id!, employmentId: m.id, payrollId: m.payrollId });
    }
    expect(people).toHaveLength(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const shifts = [
      { employeeId: a.employeeId, date: '2026-03-03', startTime: '09:00', endTime: '17:30', breakMinutes: 30, hourComponentId: hc.NORM },
      { employeeId: a.employeeId, date: '2026-03-04', startTime: '18:00', endTime: '22:00', breakMinutes: 0, hourComponentId: hc.AVOND },
      { employeeId: b.employeeId, date: '2026-03-05', startTime: '08:00', endTime: '12:15', breakMinutes: 0, hourComponentId: hc.NORM },
      // Not approved: left out. Unmapped component: reported, left out. Outside the period: left out.
      { employeeId: b.employeeId, date: '2026-03-06', startTime: '08:00', endTime: '10:00', breakMinutes: 0, hourComponentId: hc.NORM, pending: true },
      { employeeId: b.employeeId, date: '2026-03-08', startTime: '10:00', endTime: '12:00', breakMinutes: 0, hourComponentId: hc.ZON },
      { employeeId: b.employeeId, date: '2026-04-01', startTime: '08:00', endTime: '12:00', breakMinutes: 0, hourComponentId: hc.NORM },
    ];
    for (const { pending, ...s } of shifts) {
      const c = await owner.post('/shifts', s);
      expect(c.status).toBe(201);
      if (!pending) expect((await owner.post(`/shifts/${c.body.id}/approve`)).status).toBe(200);
      shiftIds.push(c.body.id);
    }
    const r = await owner.get(`/integrations/${id}/loket/report?${q()}`);
    expect(r.status).toBe(200);
    expect(r.body.components).toEqual([2, 15]);
    const byPn = new Map((r.body.rows as { personnelNumber: string; values: { component: number; hours: number; state: string }[] }[]).map((x) => [x.personnelNumber, x.values]));
    expect(byPn.get(String(a.payrollId))).toEqual([{ component: 2, hours: 8, state: 'new' }, { component: 15, hours: 4, state: 'new' }]);
    expect(byPn.get(String(b.payrollId))).toEqual([{ component: 2, hours: 4.25, state: 'new' }]);
    expect(r.body.unmapped).toEqual([{ code: 'ZON', hours: 2 }]);
  });

  it('downloads the CSV in Loket’s format', async () => {
    const r = await owner.get(`/integrations/${id}/loket/report.csv?${q()}`);
    expect(r.status).toBe(200);
    expect(r.raw.headers['content-type']).toContain('text/csv');
    expect(r.raw.headers['content-disposition']).toMatch(/attachment; filename="loket-.*-2026-03\.csv"/);
    const text = r.raw.body as string;
    expect(text.split('\r\n')[0]).toBe('aanslnr;persnr;ploeg;verdelingseenheid;2;15');
    expect(text).toContain(`;${people[1]!.payrollId};1;;4,25;`);
    const parsed = parseLoketCsv(text);
    expect(parsed.components).toEqual([2, 15]);
    expect(parsed.rows).toHaveLength(2);
  });

  it('mails the CSV with the import steps in the user’s language', async () => {
    // This user chose German; the company is Dutch.
    await k.db.updateTable('users').set({ locale: 'de' }).where('tenant_id', '=', tenantId).execute();
    const r = await owner.post(`/integrations/${id}/loket/report/mail`, { administrationId: adminId, year: 2026, period: 3 });
    expect(r.status).toBe(202);
    expect(r.body.to).toEqual(['salaris@example.test']);
    const mail = await eventually(async () => (await k.db.selectFrom('caught_mails').selectAll().execute()).find((m) => m.rcpt_to.includes('salaris@example.test') && m.subject.includes('2026')), 20_000);
    // In the user's language, with the Loket screen names as Loket shows them.
    expect(mail.subject).toBe(`Loket.nl-Importdatei 2026 Periode 3 – ${em.world.employers[0]!.companyName}`);
    for (const step of ['collectieve mutaties', '„CSV“', '„Overschrijven“', '„Verdelingseenheid“ auf „Ja“', 'Jahr 2026 und Periode 3']) expect(mail.text_body).toContain(step);
    expect(mail.raw).toContain(r.body.filename);
    // The sender follows the delivery until it went out (issue 12 #6); a planner who did not send it does not see it.
    const delivery = await eventually(async () => {
      const d = await owner.get(`/mail-deliveries/${r.body.deliveryId}`);
      return d.body.state === 'sent' ? d.body : null;
    }, 20_000);
    expect(delivery).toMatchObject({ state: 'sent', reason: null, to: 'salaris@example.test' });
    expect((await owner.post('/users', { email: 'piet.planner@example.test', name: 'Piet Planner', role: 'planner', password: 'correct horse battery' })).status).toBe(201);
    const planner = await login(k, 'piet.planner@example.test', 'correct horse battery');
    expect((await planner.get(`/mail-deliveries/${r.body.deliveryId}`)).status).toBe(404);
  });

  it('sends through the API; a re-send writes nothing; a dropped component is deleted with null', async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const first = await owner.post(`/integrations/${id}/loket/report/send`, { administrationId: adminId, year: 2026, period: 3 });
    expect(first.status).toBe(200);
    expect(first.body.counts).toMatchObject({ created: 3, refused: 0, dead: 0 });
    const held = (employmentId: string) => [...em.periodData.values()].filter((d) => d.employmentId === employmentId && d.year === 2026 && d.periodNumber === 3).flatMap((d) => [...d.components.entries()].map(([n, v]) => [n, v.value]));
    expect(held(a.employmentId).sort()).toEqual([[15, 4], [2, 8]].sort());
    expect(held(b.employmentId)).toEqual([[2, 4.25]]);

    const patches = () => Object.entries(em.stats.calls).filter(([k]) => k.startsWith('PATCH')).reduce((n, [, v]) => n + v, 0);
    const before = patches();
    const again = await owner.post(`/integrations/${id}/loket/report/send`, { administrationId: adminId, year: 2026, period: 3 });
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(patches()).toBe(before);

    // The evening shift goes (a correction on a sent day): the next send deletes component 15 in Loket.
    const del = await owner.delete(`/shifts/${shiftIds[1]}?reason=${encodeURIComponent('Niet gewerkt')}&confirmCorrection=true`);
    expect(del.status).toBe(200);
    const preview = await owner.get(`/integrations/${id}/loket/report?${q()}`);
    expect(preview.body.removed).toBe(1);
    const third = await owner.post(`/integrations/${id}/loket/report/send`, { administrationId: adminId, year: 2026, period: 3 });
    expect(third.body.counts).toMatchObject({ removed: 1, created: 0, updated: 0 });
    expect(held(a.employmentId)).toEqual([[2, 8]]);
    expect(held(b.employmentId)).toEqual([[2, 4.25]]);
  });

  it('a write Loket refuses is reported on its row (employee named), the rest of the period stays as sent', async () => {
    const b = people[1]!;
    const extra = await owner.post('/shifts', { employeeId: b.employeeId, date: '2026-03-10', startTime: '08:00', endTime: '10:00', breakMinutes: 0, hourComponentId: hc.NORM, confirmCorrection: true });
    expect(extra.status).toBe(201);
    expect((await owner.post(`/shifts/${extra.body.id}/approve`, { confirmCorrection: true })).status).toBe(200);
    // The Loket user loses the right to change payroll period data.
    em.rights.payrollPeriodData = false;
    try {
      const r = await owner.post(`/integrations/${id}/loket/report/send`, { administrationId: adminId, year: 2026, period: 3 });
      expect(r.status).toBe(200);
      const failed = (r.body.items as { name: string | null; status: string; errorCode?: string; action: string }[]).filter((i) => i.errorCode);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.name).toBeTruthy();
      expect(r.body.counts.updated).toBe(0);
      expect(r.body.counts.unchanged).toBe(1);
    } finally {
      em.rights.payrollPeriodData = true;
    }
    const held = [...em.periodData.values()].filter((d) => d.employmentId === b.employmentId && d.periodNumber === 3).flatMap((d) => [...d.components.values()].map((v) => v.value));
    expect(held).toEqual([4.25]);
    // Undo the extra shift so the CLI test below sees the period as sent.
    expect((await owner.delete(`/shifts/${extra.body.id}?reason=${encodeURIComponent('Test')}&confirmCorrection=true`)).status).toBe(200);
  });

  it('CLI: koppel export loket — preview, --csv FILE, --send', async () => {
    const base = { integrationId: id, year: 2026, period: 3 };
    const preview = await runLoketExport(k.db, k.config, base);
    expect(preview[0]).toContain('2026 period 3');
    expect(preview.some((l) => l.includes(`${people[1]!.payrollId}\t`) && l.includes('2=4.25 (unchanged)'))).toBe(true);
    const file = join(tmpdir(), `loket-cli-${Date.now()}.csv`);
    const wrote = await runLoketExport(k.db, k.config, { ...base, csv: file });
    expect(wrote[0]).toContain('Overschrijven');
    const parsed = parseLoketCsv(readFileSync(file, 'utf8'));
    expect(parsed.rows.map((r) => r.personnelNumber).sort()).toEqual(people.map((p) => String(p.payrollId)).sort());
    const sent = await runLoketExport(k.db, k.config, { ...base, send: true });
    expect(sent[0]).toMatch(/^Sent: 0 new, 0 changed, 0 deleted, 2 unchanged/);
  });

  it('hours of a department mapped to a cost center and distribution unit are booked there: own preview row, CSV column, API record; a re-send writes nothing', async () => {
    const a = people[0]!;
    const employer = em.world.employers[0]!;
    const keuken = await k.db.selectFrom('departments').select('id').where('tenant_id', '=', tenantId).where('name', '=', 'Keuken').executeTakeFirstOrThrow();
    const cc = employer.costCenters[1]!;
    const du = employer.distributionUnits[2]!;
    for (const s of [
      { employeeId: a.employeeId, date: '2026-05-04', startTime: '09:00', endTime: '13:00', breakMinutes: 0, hourComponentId: hc.NORM, departmentId: keuken.id },
      { employeeId: a.employeeId, date: '2026-05-05', startTime: '09:00', endTime: '11:00', breakMinutes: 0, hourComponentId: hc.NORM },
    ]) {
      const c = await owner.post('/shifts', s);
      expect(c.status).toBe(201);
      expect((await owner.post(`/shifts/${c.body.id}/approve`)).status).toBe(200);
    }
    const ref = { administrationId: adminId, year: 2026, period: 5 };
    const preview = await owner.get(`/integrations/${id}/loket/report?administrationId=${adminId}&year=2026&period=5`);
    expect(preview.status).toBe(200);
    const rows = (preview.body.rows as { personnelNumber: string; unit: string | null; values: { component: number; hours: number }[] }[]).filter((r) => r.personnelNumber === String(a.payrollId));
    expect(rows.map((r) => [r.unit, r.values.map((v) => v.hours)])).toEqual([
      [null, [2]],
      [`${cc.code} · ${du.code} ${du.description}`, [4]],
    ]);
    const csv = (await owner.get(`/integrations/${id}/loket/report.csv?administrationId=${adminId}&year=2026&period=5`)).raw.body as string;
    expect(csv).toContain(`;${a.payrollId};1;;2;`);
    expect(csv).toContain(`;${a.payrollId};1;${du.code};4;`);
    expect((await owner.post(`/integrations/${id}/loket/report/send`, ref)).body.counts).toMatchObject({ created: 2, refused: 0 });
    const records = [...em.periodData.values()].filter((d) => d.employmentId === a.employmentId && d.year === 2026 && d.periodNumber === 5);
    expect(records.map((d) => [d.distributionUnitKey, d.costCenterKey, d.components.get(2)?.value]).sort()).toEqual(
      [
        [employer.distributionUnits[0]!.key, null, 2],
        [du.key, cc.key, 4],
      ].sort(),
    );
    const patches = () => Object.entries(em.stats.calls).filter(([c]) => c.startsWith('PATCH')).reduce((n, [, v]) => n + v, 0);
    const before = patches();
    expect((await owner.post(`/integrations/${id}/loket/report/send`, ref)).body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(patches()).toBe(before);
  });

  it('another tenant cannot read the report', async () => {
    const other = await createTenant(k, 'Ander BV');
    expect((await other.client.get(`/integrations/${id}/loket/report?${q()}`)).status).toBe(404);
    expect(tenantId).not.toBe(other.tenant.id);
  });
  it('rules decide the components of a shift without one of its own, in the report and the CSV (issue 15 item 2)', async () => {
    const a = people[0]!;
    const values = async () => {
      const r = await owner.get(`/integrations/${id}/loket/report?${q()}`);
      const row = (r.body.rows as { personnelNumber: string; values: { component: number; hours: number }[] }[]).find((x) => x.personnelNumber === String(a.payrollId));
      return new Map((row?.values ?? []).map((v) => [v.component, v.hours]));
    };
    const before = await values();
    expect((await owner.post('/hour-component-rules', { hourComponentId: hc.AVOND, timeFrom: '18:00', timeTo: '22:00' })).status).toBe(201);
    const s = await owner.post('/shifts', { employeeId: a.employeeId, date: '2026-03-10', startTime: '17:00', endTime: '22:00', breakMinutes: 0, confirmCorrection: true });
    expect(s.status).toBe(201);
    expect((await owner.post(`/shifts/${s.body.id}/approve`)).status).toBe(200);
    // 17:00–18:00 under the default (NORM → 2), 18:00–22:00 under the rule (AVOND → 15).
    const after = await values();
    expect(after.get(2)).toBe((before.get(2) ?? 0) + 1);
    expect(after.get(15)).toBe((before.get(15) ?? 0) + 4);
    const csv = (await owner.get(`/integrations/${id}/loket/report.csv?${q()}`)).raw.body as string;
    const row = parseLoketCsv(csv).rows.find((r) => r.personnelNumber === String(a.payrollId))!;
    expect(row.values.get(15)).toBe(after.get(15));
  });
});
