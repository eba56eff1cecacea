import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator, PersonioEmulatorOptions } from '../../emulators/personio/personio-emulator.server.ts';
import { createSyncEngine, type SyncEngine, SyncKilled } from '../../src/integrations/engine/sync.service.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, employeeState, startEmulator, takeOverAfterDeath } from './sync-support.ts';

/**
 * Convergence (issue #3): with 20 % faults the end state equals the fault-free one; a sync killed
 * mid-run and restarted ends in the same state with nothing duplicated; two triggers give one run.
 * Small pages make one listing many requests, so the faults really hit.
 */

const EMPLOYEES = 40;
const SEED = 21;
const SETTINGS = { autoAddEmployees: true, employeeFields: { birthDate: true, address: true, phone: true }, contractFields: { function: true, endDates: true, contractHours: true, hourlyWages: true } };

let k: TestKoppel;
let engine: SyncEngine;
const emulators: PersonioEmulator[] = [];
let reference: Awaited<ReturnType<typeof employeeState>>;

async function emulator(faults?: PersonioEmulatorOptions['faults']) {
  // Rate limits off on both sides: they are the benchmark's subject, here they only cost time.
  const em = await startEmulator({ employees: EMPLOYEES, seed: SEED, rateLimit: false, ...(faults ? { faults } : {}) });
  emulators.push(em);
  return em;
}

/** A tenant with the integration connected and its first preview run. */
async function tenantWithIntegration(name: string, em: PersonioEmulator) {
  const t = await createTenant(k, name);
  const integration = await connect(t.client, em, SETTINGS);
  return { tenantId: t.tenant.id, integrationId: integration.id, client: t.client };
}

/** Preview, then apply it; again (a new run) until a run succeeds. Returns the runs it took. */
async function previewAndApply(tenantId: string, integrationId: string) {
  const runs = [];
  let preview;
  do {
    preview = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
    runs.push(preview);
  } while (preview.status !== 'succeeded' && runs.length < 5);
  expect(preview.mode).toBe('preview');
  const { run } = await engine.requestApply(tenantId, preview.id, { trigger: 'cli' });
  const applied = await engine.executeRun(tenantId, run.id);
  expect(applied.status).toBe('succeeded');
  runs.push(applied);
  return runs;
}

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  engine = createSyncEngine({
    db: k.db,
    box: k.services.box,
    // Pages of 3 (14 requests per listing), and test-sized backoff: the emulator's injected 429s need no real cool-down.
    applyBatchSize: 10,
    // Plans and applies 7 groups per part: a kill lands between parts as well as inside one. Two apply transactions at
    // once, as a deployment on a database server runs them (applyConcurrencyFor).
    planPartSize: 7,
    applyConcurrency: 2,
    connectorTuning: { pageSize: 3, rateLimit: false, timeoutMs: 2000, retry: { baseDelayMs: 20, maxDelayMs: 200, rateLimitFloorMs: 50 } },
  });
  const em = await emulator();
  const { tenantId, integrationId } = await tenantWithIntegration('Referentie BV', em);
  await previewAndApply(tenantId, integrationId);
  reference = await employeeState(k, tenantId);
  expect(reference.employees.length).toBeGreaterThan(20);
});
afterAll(async () => {
  await k?.stop();
  await Promise.all(emulators.map((e) => e.close()));
});

describe('sync convergence', () => {
  it('with 20 % transient faults (429, 5xx, timeouts, expired tokens) one run reaches the fault-free state', async () => {
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Storing BV', em);
    em.setFaults({ rate429: 0.05, rate5xx: 0.05, rateTimeout: 0.05, rateExpiredToken: 0.05, timeoutMs: 150 });
    const runs = await previewAndApply(tenantId, integrationId);
    expect(runs.at(-1)!.status).toBe('succeeded');
    expect(await employeeState(k, tenantId)).toEqual(reference);
    // A complete re-read through the same faults changes nothing.
    const again = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli', full: true });
    expect(again.status).toBe('succeeded');
    expect(again.counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
    expect(await employeeState(k, tenantId)).toEqual(reference);
    const faults = em.stats.faults;
    expect(faults['429'] + faults['5xx'] + faults.timeout + faults.expiredToken).toBeGreaterThanOrEqual(4);
  });

  it('with 20 % faults including malformed rows, syncing until a clean read reaches the fault-free state', async () => {
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Rommel BV', em);
    em.setFaults({ rate429: 0.04, rate5xx: 0.04, rateTimeout: 0.04, rateExpiredToken: 0.04, rateMalformed: 0.04, timeoutMs: 150 });
    await previewAndApply(tenantId, integrationId);
    let clean = false;
    for (let i = 0; i < 10 && !clean; i++) {
      const run = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
      clean = run.status === 'succeeded' && (run.warnings as unknown[]).length === 0;
    }
    expect(clean).toBe(true);
    expect(em.stats.faults.malformed).toBeGreaterThan(0);
    expect(await employeeState(k, tenantId)).toEqual(reference);
  });

  it('a run killed half-way through applying and restarted ends in the same state, nothing duplicated', async () => {
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Crash BV', em);
    const preview = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
    expect(preview.mode).toBe('preview');
    const { run } = await engine.requestApply(tenantId, preview.id, { trigger: 'cli' });
    // The "process" dies after 12 employees: mid-batch, so the open transaction is lost with it.
    await expect(
      engine.executeRun(tenantId, run.id, {
        onProgress: (phase, done) => {
          if (phase === 'apply' && done === 12) throw new SyncKilled('kill -9');
        },
      }),
    ).rejects.toBeInstanceOf(SyncKilled);
    const partial = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).execute();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(reference.employees.length);
    expect((await engine.loadRun(tenantId, run.id)).status).toBe('running');

    // The worker that died held the job; its lease runs out and another worker takes the job over.
    const done = await takeOverAfterDeath(k, engine, tenantId, integrationId, run.id);
    expect(done.status).toBe('succeeded');
    expect(await employeeState(k, tenantId)).toEqual(reference);
  });

  it('a run killed while reading and run again ends in the same state', async () => {
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Leesfout BV', em);
    const { run } = await engine.createRun(await engine.loadIntegration(tenantId, integrationId), { mode: 'preview', trigger: 'cli' });
    await expect(
      engine.executeRun(tenantId, run.id, {
        onProgress: (phase, done) => {
          if (phase === 'read' && done === 17) throw new SyncKilled('kill -9');
        },
      }),
    ).rejects.toBeInstanceOf(SyncKilled);
    const restarted = await engine.executeRun(tenantId, run.id);
    expect(restarted.status).toBe('succeeded');
    const { run: apply } = await engine.requestApply(tenantId, restarted.id, { trigger: 'cli' });
    expect((await engine.executeRun(tenantId, apply.id)).status).toBe('succeeded');
    expect(await employeeState(k, tenantId)).toEqual(reference);
    const records = await k.db.selectFrom('external_records').select('external_id').where('tenant_id', '=', tenantId).execute();
    expect(records).toHaveLength(EMPLOYEES);
  });

  it('logs each run with its ids, counts, duration and phase times, every outbound request, and never a BSN or a secret', async () => {
    const lines: string[] = [];
    const logged = createSyncEngine({ db: k.db, box: k.services.box, log: createLogger('debug', { write: (s: string) => void lines.push(s) }), connectorTuning: { pageSize: 10, rateLimit: false } });
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Logboek BV', em);
    const preview = await logged.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
    const { run } = await logged.requestApply(tenantId, preview.id, { trigger: 'cli' });
    await logged.executeRun(tenantId, run.id);

    const entries = lines.map((l) => JSON.parse(l) as Record<string, any>);
    const ends = entries.filter((e) => e.msg === 'sync run finished');
    expect(ends.map((e) => e.runId)).toEqual([preview.id, run.id]);
    for (const e of ends) expect(e).toMatchObject({ integrationId, vendor: 'personio', status: 'succeeded', durationMs: expect.any(Number), counts: expect.any(Object) });
    expect(Object.keys(ends[0]!.phases)).toEqual(expect.arrayContaining(['read', 'plan']));
    expect(Object.keys(ends[1]!.phases)).toEqual(expect.arrayContaining(['plan', 'apply']));
    expect(ends[1]!.counts.added).toBeGreaterThan(0);
    expect(entries.filter((e) => e.msg === 'sync run started')).toHaveLength(2);
    // Every call to the vendor is one record, bound to the run that made it.
    const calls = entries.filter((e) => e.msg === 'http request');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const c of calls) {
      expect(c).toMatchObject({ runId: preview.id, integrationId, vendor: 'personio' });
      expect(c.http).toMatchObject({ method: expect.any(String), host: new URL(em.url).host, status: 200, attempt: expect.any(Number), durationMs: expect.any(Number), outcome: 'ok' });
    }
    expect(calls.map((c) => c.http.routeClass)).toEqual(expect.arrayContaining(['employees']));
    const text = lines.join('');
    expect(text).not.toContain('access_token');
    // No BSN the vendor holds, and no nine-digit number at all once ids (UUIDs can hold nine digits in a row) are taken out.
    for (const e of em.state.listEmployees()) if (e.bsn) expect(text).not.toContain(e.bsn);
    expect(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')).not.toMatch(/(?<!\d)\d{9}(?!\d)/);
    expect(text).not.toContain(em.credentials.clientSecret);
  });

  it('two triggers at once give one run', async () => {
    const em = await emulator();
    const { tenantId, integrationId } = await tenantWithIntegration('Dubbel BV', em);
    const integration = await engine.loadIntegration(tenantId, integrationId);
    const results = await Promise.all(Array.from({ length: 4 }, () => engine.createRun(integration, { mode: 'apply', trigger: 'api' })));
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // A run whose job died for good (retries exhausted) does not block the integration forever.
    const job = await k.db.insertInto('jobs').values({ name: 'integration.sync', tenant_id: tenantId, payload: '{}', status: 'dead', run_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await k.db.updateTable('sync_runs').set({ job_id: Number(job.id) }).where('id', '=', results[0]!.run.id).execute();
    const next = await engine.createRun(integration, { mode: 'apply', trigger: 'api' });
    expect(next.created).toBe(true);
    expect(await engine.loadRun(tenantId, results[0]!.run.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^abandoned/) });
  });
});
