import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { type Client, createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator, waitRun } from './sync-support.ts';
import { jobQueue } from '../../src/platform/jobs/queue.ts';
import { INTEGRATION_SYNC_JOB } from '../../src/integrations/engine/sync-keys.ts';

/**
 * Absence import from Personio (F-22, seed 001) over the real app (API, worker, database) and the Personio
 * emulator over HTTP: mapping, import with half days and hour units, Koppel's own absences protected,
 * not_plannable yields, an unchanged re-run writes nothing, a deleted or rejected absence goes at the next
 * run, the lock on synced types, and the leave balance following the imported vacation.
 */

let k: TestKoppel;
let em: PersonioEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;
const VACATION = 113437;
const SICK = 113438;
const HOME_OFFICE = 113460;

type Absence = { id: string; employeeId: string; absenceTypeId: string; absenceTypeName: string; startDate: string; endDate: string; unit: string; hours: number | null; status: string; source: string; comment: string | null };
type Run = { id: string; status: string; counts: Record<string, number>; skipped: Array<{ externalId: string; reason: string }>; error: string | null };

// Dates relative to today (the import window is): a Monday at least two weeks ahead.
const today = todayIn('Europe/Amsterdam');
let base = addDays(today, 14);
while (new Date(`${base}T00:00:00Z`).getUTCDay() !== 1) base = addDays(base, 1);
const d = (n: number) => addDays(base, n);

let typeIds: Record<'vakantie' | 'thuiswerk' | 'ziek' | 'nietPlanbaar', string>;
let personA: number;
let personB: number;
let empA: string;
let empB: string;

async function importNow(): Promise<Run> {
  const before = ((await owner.get(`/integrations/${integrationId}/absence-import/runs`)).body as Run[]).map((r) => r.id);
  const res = await owner.post(`/integrations/${integrationId}/absence-import/runs`);
  expect(res.status).toBe(202);
  return eventually(async () => {
    const runs = (await owner.get(`/integrations/${integrationId}/absence-import/runs`)).body as Run[];
    const fresh = runs.find((r) => !before.includes(r.id));
    return fresh && fresh.status !== 'running' ? fresh : null;
  }, 30_000);
}

async function absencesOf(employeeId: string): Promise<Absence[]> {
  const r = await owner.get(`/absences?employeeId=${employeeId}&pageSize=200`);
  return (r.body.items as Absence[]).sort((a, b) => a.startDate.localeCompare(b.startDate));
}

const planned = async (employeeId: string) => (await owner.get(`/employees/${employeeId}/leave?year=${base.slice(0, 4)}`)).body.plannedHours as number;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  em = await startEmulator({ employees: 6, seed: 21 });
  for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
  const t = await createTenant(k, 'Afwezig BV');
  owner = t.client;
  tenantId = t.tenant.id;
  integrationId = (await connect(owner, em, { autoAddEmployees: true, timeExchange: { absences: true } })).id;
  const preview = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
  const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
  expect(applied.status).toBe('succeeded');
  const links = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', tenantId).where('link_state', '=', 'linked').where('former', '=', false).orderBy('external_id').execute();
  expect(links.length).toBeGreaterThanOrEqual(2);
  [personA, personB] = [Number(links[0]!.external_id), Number(links[1]!.external_id)];
  [empA, empB] = [links[0]!.employee_id!, links[1]!.employee_id!];
  const mk = async (name: string, kind: string) => (await owner.post('/absence-types', { name, kind })).body.id as string;
  typeIds = { vakantie: await mk('Vakantie', 'vacation'), thuiswerk: await mk('Thuiswerk', 'other'), ziek: await mk('Ziek', 'sick'), nietPlanbaar: await mk('Niet planbaar', 'not_plannable') };
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

describe('Personio absence import (F-22)', () => {
  it('lists Personio absence types live (day and hour units) and saves a mapping; not_plannable cannot be a target', async () => {
    const types = await owner.get(`/integrations/${integrationId}/absence-types`);
    expect(types.status).toBe(200);
    const byName = new Map((types.body.types as Array<{ id: string; name: string; unit: string }>).map((x) => [x.name, x]));
    expect(byName.get('Paid vacation')?.unit).toBe('DAY');
    expect(byName.get('Home office')?.unit).toBe('HOUR');
    expect(types.body.koppelTypes.find((x: { name: string }) => x.name === 'Niet planbaar')).toMatchObject({ importable: false });
    const refused = await owner.put(`/integrations/${integrationId}/absence-import`, { typeMap: { [byName.get('Paid vacation')!.id]: typeIds.nietPlanbaar } });
    expect(refused.status).toBe(400);
    const saved = await owner.put(`/integrations/${integrationId}/absence-import`, {
      typeMap: { [byName.get('Paid vacation')!.id]: typeIds.vakantie, [byName.get('Home office')!.id]: typeIds.thuiswerk, [byName.get('Sick leave')!.id]: null },
      backDays: 30,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ backDays: 30, aheadDays: 365 });
    const again = await owner.get(`/integrations/${integrationId}/absence-types`);
    expect(again.body.types.find((x: { name: string }) => x.name === 'Paid vacation').koppelAbsenceTypeId).toBe(typeIds.vakantie);
    expect((await owner.get(`/integrations/${integrationId}`)).body.settings.absenceImport.typeMap).toEqual({ [byName.get('Paid vacation')!.id]: typeIds.vakantie, [byName.get('Home office')!.id]: typeIds.thuiswerk });
  });

  let holiday: number;
  let homeOffice: number;
  let plannedBefore: number;
  it('imports approved mapped absences: half days split, hour units, source comment; own absences kept, not_plannable yields', async () => {
    // Koppel's own absences, made before the import is locked in (the lock only bites mapped types).
    const own = await owner.post('/absences', { employeeId: empB, absenceTypeId: typeIds.ziek, startDate: d(1), endDate: d(2), unit: 'days' });
    expect(own.status).toBe(201);
    const np = await owner.post('/absences', { employeeId: empA, absenceTypeId: typeIds.nietPlanbaar, startDate: d(8), endDate: d(10), unit: 'days', comment: 'Vrije dag geschoven' });
    expect(np.status).toBe(201);
    plannedBefore = await planned(empA);

    holiday = em.state.addTimeOff({ employee: personA, time_off_type_id: VACATION, start_date: d(0), end_date: d(3), half_day_start: true, half_day_end: true }).id;
    homeOffice = em.state.addTimeOff({ employee: personA, time_off_type_id: HOME_OFFICE, start_date: d(7), end_date: d(7), start_time: '09:00', end_time: '12:30' }).id;
    em.state.addTimeOff({ employee: personA, time_off_type_id: VACATION, start_date: d(9), end_date: d(9) });
    em.state.addTimeOff({ employee: personB, time_off_type_id: VACATION, start_date: d(2), end_date: d(3) });
    em.state.addTimeOff({ employee: personA, time_off_type_id: VACATION, start_date: d(14), end_date: d(14), status: 'pending' });
    em.state.addTimeOff({ employee: personA, time_off_type_id: SICK, start_date: d(15), end_date: d(15) });

    const run = await importNow();
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: 6, created: 5, removed: 0, yielded: 1, unchanged: 0, breakdownCalls: 1 });
    expect(run.skipped.map((s) => s.reason).sort()).toEqual(['not_approved', 'overlaps_koppel_absence', 'type_not_mapped']);

    const a = await absencesOf(empA);
    const imported = a.filter((x) => x.source === 'personio');
    expect(imported.map((x) => [x.startDate, x.endDate, x.unit, x.hours, x.absenceTypeName, x.status])).toEqual([
      [d(0), d(0), 'half_day', null, 'Vakantie', 'approved'],
      [d(1), d(2), 'days', null, 'Vakantie', 'approved'],
      [d(3), d(3), 'half_day', null, 'Vakantie', 'approved'],
      [d(7), d(7), 'hours', 3.5, 'Thuiswerk', 'approved'],
      [d(9), d(9), 'days', null, 'Vakantie', 'approved'],
    ]);
    expect(imported[0]!.comment).toBe(`Personio: Paid vacation, ${d(0)} – ${d(3)}`);
    expect(imported[3]!.comment).toBe(`Personio: Home office, ${d(7)}`);
    // not_plannable yielded the imported day and kept the rest.
    expect(a.filter((x) => x.absenceTypeId === typeIds.nietPlanbaar).map((x) => [x.startDate, x.endDate, x.comment])).toEqual([
      [d(8), d(8), 'Vrije dag geschoven'],
      [d(10), d(10), 'Vrije dag geschoven'],
    ]);
    // B's own sick leave stays as it was; the overlapping vacation did not come over.
    const b = await absencesOf(empB);
    expect(b.map((x) => [x.absenceTypeId, x.startDate, x.endDate, x.source])).toEqual([[typeIds.ziek, d(1), d(2), 'manual']]);
  });

  it('the leave balance counts the imported vacation', async () => {
    const after = await planned(empA);
    // 0.5 + 2 + 0.5 + 1 days of vacation; the hour-unit type does not deduct leave.
    expect(after).toBeGreaterThan(plannedBefore);
    const dayHours = (after - plannedBefore) / 4;
    expect(dayHours).toBeGreaterThan(0);
    expect(dayHours).toBeLessThanOrEqual(8);
  });

  it('an unchanged second run writes nothing', async () => {
    const footprint = async () => JSON.stringify(await k.db.selectFrom('absences').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute());
    const before = await footprint();
    const run = await importNow();
    expect(run.counts).toMatchObject({ created: 0, updated: 0, removed: 0, yielded: 0, writes: 0, unchanged: 5 });
    expect(await footprint()).toBe(before);
  });

  it('locks the synced types: managing their absences is refused with the reason, not_plannable stays editable', async () => {
    const locks = await owner.get('/absence-type-locks');
    expect(locks.body.map((l: { absenceTypeName: string }) => l.absenceTypeName).sort()).toEqual(['Thuiswerk', 'Vakantie']);
    const imported = (await absencesOf(empA)).find((x) => x.source === 'personio')!;
    const edit = await owner.patch(`/absences/${imported.id}`, { endDate: imported.endDate, comment: 'mijn wijziging' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('absence_type_synced');
    expect(edit.body.error.message).toContain('Vakantie');
    expect(edit.body.error.message).toContain('Personio');
    expect((await owner.delete(`/absences/${imported.id}`)).status).toBe(409);
    const create = await owner.post('/absences', { employeeId: empB, absenceTypeId: typeIds.vakantie, startDate: d(20), endDate: d(20), unit: 'days' });
    expect(create.status).toBe(409);
    const np = (await absencesOf(empA)).find((x) => x.absenceTypeId === typeIds.nietPlanbaar)!;
    expect((await owner.patch(`/absences/${np.id}`, { comment: 'nog steeds vrij' })).status).toBe(200);
    const ownNp = await owner.post('/absences', { employeeId: empB, absenceTypeId: typeIds.nietPlanbaar, startDate: d(20), endDate: d(20), unit: 'days' });
    expect(ownNp.status).toBe(201);
    // Switching the import off lifts the lock.
    expect((await owner.patch(`/integrations/${integrationId}`, { settings: { timeExchange: { absences: false } } })).status).toBe(200);
    expect((await owner.get('/absence-type-locks')).body).toEqual([]);
    expect((await owner.patch(`/absences/${imported.id}`, { comment: 'mag nu' })).status).toBe(200);
    expect((await owner.patch(`/integrations/${integrationId}`, { settings: { timeExchange: { absences: true } } })).status).toBe(200);
  });

  it('absences deleted or rejected in Personio disappear at the next run, a changed one is updated, the balance follows', async () => {
    const balanceWith = await planned(empA);
    em.state.removeTimeOff(homeOffice);
    em.state.updateTimeOff(holiday, { status: 'rejected' });
    const run = await importNow();
    expect(run.counts).toMatchObject({ removed: 4, created: 0 });
    const a = await absencesOf(empA);
    expect(a.filter((x) => x.source === 'personio').map((x) => [x.startDate, x.unit])).toEqual([[d(9), 'days']]);
    expect(await planned(empA)).toBeLessThan(balanceWith);
    // A vendor change of a kept absence is followed (update), not duplicated.
    const kept = em.state.listTimeOffs().find((t) => t.employee === personA && t.start_date === d(9))!;
    em.state.updateTimeOff(kept.id, { half_day_start: true });
    const run2 = await importNow();
    expect(run2.counts).toMatchObject({ updated: 1, created: 0, removed: 0 });
    expect((await absencesOf(empA)).filter((x) => x.source === 'personio').map((x) => [x.startDate, x.unit])).toEqual([[d(9), 'half_day']]);
  });

  it('an hour-unit absence on a weekend has no hours and is skipped; another tenant sees and changes nothing', async () => {
    em.state.addTimeOff({ employee: personA, time_off_type_id: HOME_OFFICE, start_date: d(12), end_date: d(13), start_time: '09:00', end_time: '11:00' });
    const run = await importNow();
    expect(run.skipped.filter((s) => s.reason === 'no_hours')).toHaveLength(1);
    expect(run.counts.created).toBe(0);
    const other = (await createTenant(k, 'Ander BV')).client;
    expect((await other.get(`/integrations/${integrationId}/absence-types`)).status).toBe(404);
    expect((await other.get(`/integrations/${integrationId}/absence-import/runs`)).status).toBe(404);
    expect((await other.post(`/integrations/${integrationId}/absence-import/runs`)).status).toBe(404);
    expect((await other.put(`/integrations/${integrationId}/absence-import`, { typeMap: {} })).status).toBe(404);
    expect((await other.get('/absence-type-locks')).body).toEqual([]);
  });

  it('the nightly sync is followed by the absence import', async () => {
    await jobQueue.enqueue(k.db, INTEGRATION_SYNC_JOB, { tenantId, integrationId }, { tenantId });
    const run = await eventually(async () => {
      const runs = (await owner.get(`/integrations/${integrationId}/absence-import/runs`)).body as Array<Run & { trigger: string }>;
      return runs.find((r) => r.trigger === 'schedule' && r.status !== 'running') ?? null;
    }, 60_000);
    expect(run.status).toBe('succeeded');
    expect(run.counts.writes).toBe(0);
  }, 90_000);

  it('refuses to run when the import is off, and says so', async () => {
    await owner.patch(`/integrations/${integrationId}`, { settings: { timeExchange: { absences: false } } });
    const res = await owner.post(`/integrations/${integrationId}/absence-import/runs`);
    expect(res.status).toBe(409);
  });
});
