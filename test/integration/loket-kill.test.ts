import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { createLoketExportService } from '../../src/integrations/loket/loket-export.service.ts';
import { createOutboundService } from '../../src/integrations/outbound/outbound.service.ts';
import { SecretBox } from '../../src/platform/crypto.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun } from './sync-support.ts';

/**
 * The Loket API export killed mid-run (issue 11): the process dies after Loket accepted part of the
 * payroll-period PATCHes (the last one committed, its answer never heard). Run again: Loket holds exactly
 * the period's values, nothing doubled; a component dropped meanwhile is deleted. Mirrors the outbound
 * journal's kill test over the real Loket sink (built through the registry line) and the emulator.
 */
let k: TestKoppel;
let em: LoketEmulator;
let owner: Client;
let actor: Actor;
let id: string;
let adminId: string;
const hc: Record<string, string> = {};

beforeAll(async () => {
  em = await startLoketEmulator({ employers: 1, employees: 8, seed: 13, referenceYear: 2026 });
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Loket Kill BV');
  owner = t.client;
  actor = { tenantId: t.tenant.id, type: 'user', id: t.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
  const r = await owner.post('/integrations', { vendor: 'loket', name: 'Loket', baseUrl: em.apiUrl, credentials: { username: em.login.username, password: em.login.password, environment: 'OMG-3' }, settings: { autoAddEmployees: true } });
  expect(r.status).toBe(201);
  id = r.body.id;
  const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
  expect((await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId)).status).toBe('succeeded');
  for (const [code, isDefault] of [['NORM', true], ['AVOND', false]] as const) hc[code] = (await owner.post('/hour-components', { code, name: code, isDefault })).body.id;
  adminId = (await owner.get(`/integrations/${id}/loket/periods?year=2026`)).body.items[0].id;
  const m = await owner.put(`/integrations/${id}/loket/mappings/hour_component`, { administrationId: adminId, year: 2026, items: [{ koppelId: hc.NORM, loketCode: '2' }, { koppelId: hc.AVOND, loketCode: '15' }] });
  expect(m.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

describe('Loket API export killed mid-run', () => {
  it('converges on the next run: exact period data, nothing doubled, a dropped component deleted', async () => {
    const linked = await k.db.selectFrom('external_records').select(['employee_id', 'external_id']).where('integration_id', '=', id).where('link_state', '=', 'linked').execute();
    const people = linked
      .map((l) => ({ employeeId: l.employee_id!, employment: em.world.employments.find((x) => x.employeeId === l.external_id.toLowerCase() && x.startDate <= '2026-03-01' && (!x.endDate || x.endDate >= '2026-03-31')) }))
      .filter((p) => p.employment)
      .slice(0, 6);
    expect(people.length).toBe(6);
    const evening: string[] = [];
    for (const [i, p] of people.entries()) {
      for (const s of [
        { date: '2026-03-02', startTime: '09:00', endTime: `${13 + i}:00`, hourComponentId: hc.NORM },
        { date: '2026-03-03', startTime: '18:00', endTime: '21:00', hourComponentId: hc.AVOND },
      ]) {
        const c = await owner.post('/shifts', { employeeId: p.employeeId, breakMinutes: 0, ...s });
        expect(c.status).toBe(201);
        expect((await owner.post(`/shifts/${c.body.id}/approve`)).status).toBe(200);
        if (s.hourComponentId === hc.AVOND) evening.push(c.body.id);
      }
    }

    // Two employments per collective PATCH: three PATCHes. The kill: on the second one Loket commits, then the process dies before hearing the answer.
    let clock = new Date();
    const outbound = createOutboundService(k.db, { clock: () => clock });
    const controller = new AbortController();
    let patches = 0;
    let killAt = 2;
    const killingFetch: typeof fetch = async (input, init) => {
      if ((init?.method ?? 'GET').toUpperCase() === 'PATCH' && ++patches === killAt) {
        await fetch(input, init);
        controller.abort();
        throw new DOMException('killed', 'AbortError');
      }
      return fetch(input, init);
    };
    const box = new SecretBox(k.config.secret);
    const killed = createLoketExportService({ db: k.db, box, outbound, connectorTuning: { fetch: killingFetch, payrollBatchSize: 2 } });
    const ref = { administrationId: adminId, year: 2026, period: 3 };
    await expect(killed.send(actor, id, ref, { signal: controller.signal })).rejects.toBeTruthy();
    expect(patches).toBe(2);
    // Part of the period landed in Loket (incl. the unheard second write), the rest did not.
    const periodData = () => [...em.periodData.values()].filter((d) => d.year === 2026 && d.periodNumber === 3);
    const landed = new Set(periodData().map((d) => d.employmentId));
    expect(landed.size).toBeGreaterThan(0);
    expect(landed.size).toBeLessThan(people.length);
    // A killed process does not close its run.
    await k.db.updateTable('outbound_runs').set({ status: 'running', finished_at: null }).where('integration_id', '=', id).execute();

    // Meanwhile the evening shift of the first person is deleted (a correction): its component must go.
    expect((await owner.delete(`/shifts/${evening[0]}?reason=${encodeURIComponent('Niet gewerkt')}&confirmCorrection=true`)).status).toBe(200);

    // The next run (after the abandoned run's heartbeat ran out) converges.
    killAt = Number.POSITIVE_INFINITY;
    clock = new Date(clock.getTime() + 6 * 60_000);
    const again = await killed.send(actor, id, ref);
    expect(again.status).toBe('succeeded');
    const want = new Map(people.map((p, i) => [p.employment!.id, i === 0 ? [[2, 4 + i]] : [[2, 4 + i], [15, 3]]]));
    const held = new Map<string, number[][]>();
    for (const d of periodData()) {
      const rows = held.get(d.employmentId) ?? [];
      rows.push(...[...d.components.entries()].filter(([, v]) => v.value !== null).map(([n, v]) => [n, v.value as number]));
      held.set(d.employmentId, rows);
    }
    for (const [employmentId, rows] of held) held.set(employmentId, rows.sort((a, b) => a[0]! - b[0]!));
    expect(held).toEqual(want);
    // One record per employment and period: nothing doubled.
    expect(periodData().length).toBe(people.length);
    const runs = await k.db.selectFrom('outbound_runs').select('status').where('integration_id', '=', id).orderBy('started_at').execute();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);

    // A third run writes nothing.
    const before = patches;
    const third = await killed.send(actor, id, ref);
    expect(third.counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(patches).toBe(before);
  });
});
