import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import type { OutboundSink } from '../../src/connectors/kit/sink.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { createNmbrsHoursService } from '../../src/integrations/outbound/nmbrs-hours.service.ts';
import { createOutboundService, type OutboundService } from '../../src/integrations/outbound/outbound.service.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connectNmbrs } from './nmbrs-support.ts';
import { waitRun } from './sync-support.ts';

/**
 * F-24 hours to Nmbrs, killed mid-run (mirrors outbound-journal.test.ts over the real Nmbrs sink and emulator):
 * a send dies after Nmbrs committed part of its writes — a whole batch Koppel journalled, and one component of
 * the next batch Koppel never heard of. The run stays "running" as a killed process leaves it. The next send
 * (the app's route) closes the abandoned run and converges: Nmbrs holds exactly the right hours, nothing doubled,
 * and a re-send writes nothing.
 */
let k: TestKoppel;
let em: NmbrsEmulator;
let owner: Client;
let actor: Actor;
let id: string;
let company: string;
const linked: { employeeId: string; nmbrsId: string }[] = [];
let codes: number[];

beforeAll(async () => {
  em = await startNmbrsEmulator({ employees: 8, companies: 1, seed: 5, referenceDate: '2026-03-10', periodTypes: ['monthly'], rateLimitPerSecond: 0 });
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Nmbrs Afgebroken BV');
  owner = t.client;
  actor = { tenantId: t.tenant.id, type: 'user', id: t.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
  company = em.data.companies[0]!.companyId;
  id = (await connectNmbrs(owner, em, { settings: { autoAddEmployees: true } })).id;
  const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
  const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
  expect(applied.status).toBe('succeeded');
  const rows = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('integration_id', '=', id).where('link_state', '=', 'linked').where('former', '=', false).execute();
  for (const r of rows.slice(0, 4)) linked.push({ employeeId: r.employee_id!, nmbrsId: r.external_id });
  expect(linked).toHaveLength(4);
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

async function shift(employeeId: string, date: string, startTime: string, endTime: string, hourComponentId?: string) {
  const res = await owner.post('/shifts', { employeeId, date, startTime, endTime, breakMinutes: 30, confirmCorrection: true, ...(hourComponentId ? { hourComponentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect((await owner.post(`/shifts/${res.body.id}/approve`)).status).toBe(200);
}

const held = (nmbrsId: string) => em.hourComponents(nmbrsId).filter((h) => h.year === 2026 && h.period === 3);
const sum = (nmbrsId: string, code: number) => Math.round(held(nmbrsId).filter((h) => h.hourCode === code).reduce((a, h) => a + h.hours, 0) * 100) / 100;
const writes = () => em.kit.requestLog.filter((x) => x.method !== 'GET' && x.path.includes('/variablehours')).length;

describe('Hours to Nmbrs, killed mid-run (F-24)', () => {
  it('a send killed after part of its writes, then run again: Nmbrs holds exactly the right hours, nothing doubled', async () => {
    const normal = (await owner.post('/hour-components', { code: 'N', name: 'Normale uren', isDefault: true })).body;
    const overtime = (await owner.post('/hour-components', { code: 'OW', name: 'Overwerk 150%' })).body;
    codes = ((await owner.get(`/integrations/${id}/nmbrs-hours/codes?company=${company}`)).body.hourCodes as { code: number }[]).map((h) => h.code);
    expect((await owner.put(`/integrations/${id}/nmbrs-hours/mapping`, { items: [{ hourComponentId: normal.id, hourCode: codes[0] }, { hourComponentId: overtime.id, hourCode: codes[1] }] })).status).toBe(200);
    // 8 h normal each; 4 h overtime for the first two: 6 rows (employee × hour code).
    for (const [i, e] of linked.entries()) {
      await shift(e.employeeId, '2026-03-02', '09:00', '17:30');
      if (i < 2) await shift(e.employeeId, '2026-03-03', '09:00', '13:30', overtime.id);
    }
    const want = linked.map((e, i) => ({ nmbrsId: e.nmbrsId, normal: 8, overtime: i < 2 ? 4 : 0 }));

    // The killed send: batches of 2; the second batch dies after Nmbrs committed its first item.
    const base = createOutboundService(k.db, { policy: { batchSize: 2 } });
    const controller = new AbortController();
    let batches = 0;
    const killing: OutboundService = {
      ...base,
      send: (a, scope, desired, sink, o) => {
        const real = sink as OutboundSink<unknown>;
        const wrapped: OutboundSink<unknown> = Object.assign(Object.create(Object.getPrototypeOf(real)), real, {
          write: async (items: Parameters<OutboundSink<unknown>['write']>[0], wo?: Parameters<OutboundSink<unknown>['write']>[1]) => {
            if (++batches === 2) {
              await real.write(items.slice(0, 1), wo);
              controller.abort();
              throw new Error('killed');
            }
            return real.write(items, wo);
          },
        });
        return base.send(a, scope, desired, wrapped, { ...o, signal: controller.signal });
      },
    };
    const service = createNmbrsHoursService(k.db, k.services.box, { outbound: killing });
    await expect(service.send(actor, id, { company, year: 2026, period: 3 })).rejects.toThrow('killed');
    expect(batches).toBe(2);
    // Part of the hours are in Nmbrs, the rest not. How many went depends on how the batches fell (the first batch
    // is extended to the end of its subject, and the order of equal rows differs between PGlite and PostgreSQL).
    const partly = want.reduce((n, w) => n + (sum(w.nmbrsId, codes[0]!) > 0 ? 1 : 0) + (sum(w.nmbrsId, codes[1]!) > 0 ? 1 : 0), 0);
    expect(partly).toBeGreaterThanOrEqual(2);
    expect(partly).toBeLessThan(6);
    // A killed process does not close its run: it stays "running", its heartbeat getting old.
    await k.db
      .updateTable('outbound_runs')
      .set({ status: 'running', finished_at: null, error: null, heartbeat_at: new Date(Date.now() - 10 * 60_000) })
      .where('integration_id', '=', id)
      .execute();

    // Run again, through the app.
    const again = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 3 });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.status).toBe('succeeded');
    expect(again.body.counts.created + again.body.counts.updated + again.body.counts.unchanged).toBe(6);
    for (const w of want) {
      expect(sum(w.nmbrsId, codes[0]!)).toBe(w.normal);
      expect(sum(w.nmbrsId, codes[1]!)).toBe(w.overtime);
      // One component per code, not a second one next to the first.
      expect(held(w.nmbrsId).filter((h) => h.hourCode === codes[0]).length).toBe(1);
      expect(held(w.nmbrsId).filter((h) => h.hourCode === codes[1]).length).toBe(w.overtime ? 1 : 0);
    }
    const runs = await k.db.selectFrom('outbound_runs').select(['status', 'error']).where('integration_id', '=', id).orderBy('started_at').execute();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]!.error).toBe('abandoned');

    // And once more: all unchanged, no write.
    const before = writes();
    const third = await owner.post(`/integrations/${id}/nmbrs-hours/send`, { company, year: 2026, period: 3 });
    expect(third.body.counts).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 6 });
    expect(writes()).toBe(before);
  });
});
