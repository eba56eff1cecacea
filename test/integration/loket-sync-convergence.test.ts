import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoketEmulator, startLoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { createSyncEngine, type SyncEngine, SyncKilled } from '../../src/integrations/engine/sync.service.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { employeeState, writeFootprint } from './sync-support.ts';

/**
 * Issue 11, "kill-mid-run and fault convergence tests for the sync": the Loket sync through the shared engine.
 * With 20 % faults (429, 5xx, timeouts, expired tokens) the end state equals the fault-free one; a sync killed while
 * reading and again while applying, then restarted, ends in that same state with nothing duplicated; afterwards the
 * change cursor is in place and an unchanged re-sync writes no row.
 */
const SEED = 31;
let k: TestKoppel;
let engine: SyncEngine;
const emulators: LoketEmulator[] = [];
let reference: Awaited<ReturnType<typeof employeeState>>;
let referenceCalls = 0;
/** Requests the tenant's sync runs sent (retries included): the faults must really have hit. */
const callsOf = async (tenantId: string) => (await k.db.selectFrom('sync_runs').select('api_calls').where('tenant_id', '=', tenantId).execute()).reduce((n, r) => n + (r.api_calls ?? 0), 0);

async function emulator(faultRate = 0) {
  const em = await startLoketEmulator({ employers: 1, employees: 24, seed: SEED, referenceYear: 2026 });
  if (faultRate > 0) em.kit.setFaultProfile({ rate429: faultRate / 4, rate5xx: faultRate / 4, rateTimeout: faultRate / 4, rateExpiredToken: faultRate / 4, timeoutMs: 150, seed: SEED });
  emulators.push(em);
  return em;
}

async function tenantWithIntegration(name: string, em: LoketEmulator) {
  const t = await createTenant(k, name);
  const r = await t.client.post('/integrations', {
    vendor: 'loket',
    name: 'Loket',
    baseUrl: em.apiUrl,
    credentials: { username: em.login.username, password: em.login.password, environment: 'OMG' },
    settings: { autoAddEmployees: true },
  });
  expect(r.status).toBe(201);
  return { tenantId: t.tenant.id as string, integrationId: r.body.id as string };
}

async function previewAndApply(tenantId: string, integrationId: string) {
  let preview;
  let tries = 0;
  do preview = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
  while (preview.status !== 'succeeded' && ++tries < 6);
  expect(preview.status).toBe('succeeded');
  const { run } = await engine.requestApply(tenantId, preview.id, { trigger: 'cli' });
  expect((await engine.executeRun(tenantId, run.id)).status).toBe('succeeded');
}

beforeAll(async () => {
  k = await startTestKoppel({ worker: false });
  engine = createSyncEngine({ db: k.db, box: k.services.box, applyBatchSize: 4, planPartSize: 5, connectorTuning: { pageSize: 5, rateLimit: false, timeoutMs: 2000, retry: { baseDelayMs: 10, maxDelayMs: 100, rateLimitFloorMs: 20, maxAttempts: 8 } } });
  const { tenantId, integrationId } = await tenantWithIntegration('Loket Referentie BV', await emulator());
  await previewAndApply(tenantId, integrationId);
  reference = await employeeState(k, tenantId);
  referenceCalls = await callsOf(tenantId);
  expect(reference.employees.length).toBeGreaterThan(10);
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await Promise.all(emulators.map((e) => e.close()));
});

describe('Loket sync convergence', () => {
  it('with 20 % faults the end state equals the fault-free one', async () => {
    const { tenantId, integrationId } = await tenantWithIntegration('Loket Storing BV', await emulator(0.2));
    await previewAndApply(tenantId, integrationId);
    expect(await employeeState(k, tenantId)).toEqual(reference);
    expect(await callsOf(tenantId)).toBeGreaterThan(referenceCalls);
  });

  it('killed while reading and while applying, restarted: the same state, nothing doubled; then an unchanged re-sync writes nothing', async () => {
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Loket Crash BV', em);
    const preview = await engine.createRun(await engine.loadIntegration(tenantId, integrationId), { mode: 'apply', trigger: 'cli' });
    await expect(
      engine.executeRun(tenantId, preview.run.id, {
        onProgress: (phase, done) => {
          if (phase === 'read' && done === 9) throw new SyncKilled('kill -9');
        },
      }),
    ).rejects.toBeInstanceOf(SyncKilled);
    // No change cursor from a listing that did not finish.
    expect((await k.db.selectFrom('integrations').select('sync_change_cursor').where('id', '=', integrationId).executeTakeFirstOrThrow()).sync_change_cursor).toBeNull();
    expect((await engine.executeRun(tenantId, preview.run.id)).status).toBe('succeeded');
    const { run } = await engine.requestApply(tenantId, preview.run.id, { trigger: 'cli' });
    await expect(
      engine.executeRun(tenantId, run.id, {
        onProgress: (phase, done) => {
          if (phase === 'apply' && done === 6) throw new SyncKilled('kill -9');
        },
      }),
    ).rejects.toBeInstanceOf(SyncKilled);
    expect((await engine.executeRun(tenantId, run.id)).status).toBe('succeeded');
    expect(await employeeState(k, tenantId)).toEqual(reference);
    expect((await k.db.selectFrom('integrations').select('sync_change_cursor').where('id', '=', integrationId).executeTakeFirstOrThrow()).sync_change_cursor).toMatch(/^loket1:/);
    const before = await writeFootprint(k, tenantId);
    em.resetStats();
    const again = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
    expect(again.status).toBe('succeeded');
    expect(again.listing).toBe('incremental');
    expect(await writeFootprint(k, tenantId)).toEqual(before);
    expect(em.stats.calls['GET /providers/employers/employees/:employeeId/citizenservicenumber']).toBeUndefined();
  });
});
