import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { type Client, createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator, waitRun } from './sync-support.ts';

/**
 * Review9 B3: Personio does not document how the end of a whole-day absence is written. A Personio that
 * writes the last date as `<last>T00:00:00` (inclusive) must not lose the last day; one that writes
 * `<last+1>T00:00:00` (exclusive) must not gain one. The per-day amounts decide (decision 0012).
 */

let k: TestKoppel;
const emulators: PersonioEmulator[] = [];
const VACATION = 113437;
const today = todayIn('Europe/Amsterdam');
let base = addDays(today, 14);
while (new Date(`${base}T00:00:00Z`).getUTCDay() !== 1) base = addDays(base, 1);
const d = (n: number) => addDays(base, n);

type Run = { id: string; status: string; counts: Record<string, number>; error: string | null };

async function setup(wholeDayEnd: 'last_0000' | 'next_0000') {
  const em = await startEmulator({ employees: 4, seed: 21, absences: { wholeDayEnd } });
  emulators.push(em);
  for (const t of em.state.listTimeOffs()) em.state.removeTimeOff(t.id);
  const t = await createTenant(k, `Einde ${wholeDayEnd}`);
  const owner: Client = t.client;
  const integrationId = (await connect(owner, em, { autoAddEmployees: true, timeExchange: { absences: true } })).id as string;
  const preview = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
  expect((await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId)).status).toBe('succeeded');
  const link = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', t.tenant.id).where('link_state', '=', 'linked').where('former', '=', false).orderBy('external_id').executeTakeFirstOrThrow();
  const vakantie = (await owner.post('/absence-types', { name: 'Vakantie', kind: 'vacation' })).body.id as string;
  const types = (await owner.get(`/integrations/${integrationId}/absence-types`)).body.types as Array<{ id: string; name: string }>;
  expect((await owner.put(`/integrations/${integrationId}/absence-import`, { typeMap: { [types.find((x) => x.name === 'Paid vacation')!.id]: vakantie } })).status).toBe(200);
  const importNow = async (): Promise<Run> => {
    const before = ((await owner.get(`/integrations/${integrationId}/absence-import/runs`)).body as Run[]).map((r) => r.id);
    expect((await owner.post(`/integrations/${integrationId}/absence-import/runs`)).status).toBe(202);
    return eventually(async () => {
      const fresh = ((await owner.get(`/integrations/${integrationId}/absence-import/runs`)).body as Run[]).find((r) => !before.includes(r.id));
      return fresh && fresh.status !== 'running' ? fresh : null;
    }, 30_000);
  };
  const imported = async () =>
    ((await owner.get(`/absences?employeeId=${link.employee_id}&pageSize=200`)).body.items as Array<{ startDate: string; endDate: string; unit: string; source: string }>)
      .filter((x) => x.source === 'personio')
      .map((x) => [x.startDate, x.endDate, x.unit])
      .sort((a, b) => a[0]!.localeCompare(b[0]!));
  return { em, person: Number(link.external_id), importNow, imported };
}

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await Promise.all(emulators.map((em) => em.close()));
});

describe('whole-day absence ends (review9 B3)', () => {
  for (const wholeDayEnd of ['last_0000', 'next_0000'] as const) {
    it(`ends written as ${wholeDayEnd}: every absence keeps exactly its days; one breakdown call per absence whose end is in doubt`, async () => {
      const s = await setup(wholeDayEnd);
      s.em.state.addTimeOff({ employee: s.person, time_off_type_id: VACATION, start_date: d(0), end_date: d(2) });
      s.em.state.addTimeOff({ employee: s.person, time_off_type_id: VACATION, start_date: d(7), end_date: d(8), half_day_end: true });
      s.em.state.addTimeOff({ employee: s.person, time_off_type_id: VACATION, start_date: d(10), end_date: d(10) });
      const run = await s.importNow();
      expect(run.error).toBeNull();
      expect(await s.imported()).toEqual([
        [d(0), d(2), 'days'],
        [d(7), d(7), 'days'],
        [d(8), d(8), 'half_day'],
        [d(10), d(10), 'days'],
      ]);
      // Only an end at 00:00 of a later date is in doubt: inclusive spelling → the two multi-day ones; exclusive → all three.
      expect(run.counts.breakdownCalls).toBe(wholeDayEnd === 'last_0000' ? 2 : 3);
      expect((await s.importNow()).counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
    }, 120_000);
  }
});
