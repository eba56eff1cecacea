import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NmbrsEmulator, startNmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { createSyncEngine, type SyncEngine, type SyncHooks, SyncKilled } from '../../src/integrations/engine/sync.service.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connectNmbrs } from './nmbrs-support.ts';
import { employeeState, takeOverAfterDeath as takeOver, writeFootprint } from './sync-support.ts';

/**
 * Issue 10, "kill-mid-run and fault convergence tests for the sync": the Nmbrs employee sync through the shared
 * engine against the Nmbrs emulator (2 companies, people in both, rehires, former staff). The reference is an
 * uninterrupted, fault-free tenant that goes through the same steps: preview, "Aanmaken" on every red row, apply,
 * follow-up runs until nothing is left to do.
 * - Killed while reading the preview and again half-way through a transaction of the apply, each time restarted as
 *   a killed worker's job is (lease runs out, another worker takes it over): exactly the reference state, no
 *   employee or contract twice, every Nmbrs record linked once, and the run history says what happened.
 * - With 20 % faults (429, 5xx, timeouts, expired tokens): repeated syncs reach the reference state, a run that
 *   fails on the faults writes no employee half, and no BSN reaches the log.
 * Small pages make one listing many requests, so kills and faults land mid-listing.
 */

const EMPLOYEES = 30;
const SEED = 7;
const REFERENCE_DATE = '2026-03-10';
const SETTINGS = { autoAddEmployees: true, contractFields: { function: true, endDates: true, contractHours: true, hourlyWages: true } };

let k: TestKoppel;
let engine: SyncEngine;
const emulators: NmbrsEmulator[] = [];
let reference: Awaited<ReturnType<typeof employeeState>>;
/** The figures of the reference's preview and apply: a restarted run must report the same. */
let referenceCounts: { preview: Record<string, number>; apply: Record<string, number> };

const TUNING = { pageSize: 5, rateLimit: false, timeoutMs: 2000, retry: { baseDelayMs: 10, maxDelayMs: 100, rateLimitFloorMs: 20, maxAttempts: 8 } };

async function emulator() {
  const em = await startNmbrsEmulator({ employees: EMPLOYEES, companies: 2, seed: SEED, referenceDate: REFERENCE_DATE, rateLimitPerSecond: 0 });
  emulators.push(em);
  return em;
}

async function tenantWithIntegration(name: string, em: NmbrsEmulator) {
  const t = await createTenant(k, name);
  const { id } = await connectNmbrs(t.client, em, { settings: SETTINGS });
  return { tenantId: t.tenant.id as string, integrationId: id, client: t.client };
}

/** The user's "Aanmaken" on every red row (in Nmbrs personnel numbers repeat per company: those rows wait for a human). */
async function addRedRows(client: Client, id: string) {
  const r = await client.get(`/integrations/${id}/records?list=unlinked&pageSize=200`);
  expect(r.status).toBe(200);
  for (const x of (r.body.items as { id: string; needsAction: boolean }[]).filter((i) => i.needsAction)) {
    expect((await client.post(`/integrations/${id}/records/${x.id}/actions`, { action: 'add' })).status).toBe(200);
  }
}

/** Follow-up apply runs (with the red rows decided) until one adds, updates and leaves nothing; runs that fail on faults are run again. */
async function settle(e: SyncEngine, tenantId: string, client: Client, id: string) {
  for (let round = 0; round < 10; round++) {
    await addRedRows(client, id);
    const r = await e.runSync(tenantId, id, { mode: 'apply', trigger: 'cli' });
    const c = r.counts as Record<string, number>;
    if (r.status === 'succeeded' && !c.added && !c.updated && !c.needsAction && !c.failed) return;
  }
  throw new Error('not settled');
}

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  engine = createSyncEngine({ db: k.db, box: k.services.box, applyBatchSize: 4, planPartSize: 5, connectorTuning: TUNING });
  const { tenantId, integrationId, client } = await tenantWithIntegration('Nmbrs Referentie BV', await emulator());
  const preview = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
  expect(preview).toMatchObject({ mode: 'preview', status: 'succeeded' });
  await addRedRows(client, integrationId);
  const { run } = await engine.requestApply(tenantId, preview.id, { trigger: 'cli' });
  const applied = await engine.executeRun(tenantId, run.id);
  expect(applied.status).toBe('succeeded');
  referenceCounts = { preview: preview.counts as Record<string, number>, apply: applied.counts as Record<string, number> };
  await settle(engine, tenantId, client, integrationId);
  reference = await employeeState(k, tenantId);
  expect(reference.employees.length).toBeGreaterThan(15);
  // Every record is linked but the former employees (never added unasked): what "converged" is compared against.
  const open = await k.db.selectFrom('external_records').select(['former', 'needs_action']).where('integration_id', '=', integrationId).where('link_state', '!=', 'linked').execute();
  expect(open.every((r) => r.former && !r.needs_action)).toBe(true);
  expect(reference.links.filter((l) => l.state === 'linked').length).toBe(EMPLOYEES - open.length);
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await Promise.all(emulators.map((e) => e.close()));
});

/** Nothing twice: one employee per BSN, one contract per record, each record linked once, each change of the log once. */
async function expectNoDuplicates(tenantId: string, integrationId: string) {
  const employees = await k.db.selectFrom('employees').select(['id', 'bsn_hash']).where('tenant_id', '=', tenantId).execute();
  const bsns = employees.map((e) => e.bsn_hash).filter(Boolean);
  expect(new Set(bsns).size).toBe(bsns.length);
  const records = await k.db.selectFrom('external_records').select(['id', 'external_id', 'employee_id', 'contract_id', 'link_state']).where('integration_id', '=', integrationId).execute();
  expect(new Set(records.map((r) => r.external_id)).size).toBe(records.length);
  const contractIds = records.map((r) => r.contract_id).filter(Boolean);
  expect(new Set(contractIds).size).toBe(contractIds.length);
  const contracts = await k.db.selectFrom('contracts').select(['id', 'employee_id']).where('tenant_id', '=', tenantId).execute();
  // Every contract belongs to one record (none made twice for the same record and left behind).
  expect(contracts.map((c) => c.id).sort()).toEqual([...contractIds].sort());
  // Every employee has a record (none made twice and left without its link).
  const linked = new Set(records.map((r) => r.employee_id));
  expect(employees.every((e) => linked.has(e.id))).toBe(true);
  // The change log links each record once, over all runs.
  const changes = await k.db.selectFrom('sync_changes').select(['action', 'entity', 'record_id', 'new_value']).where('tenant_id', '=', tenantId).execute();
  const linkedBy = new Map<string, number>();
  for (const c of changes) {
    const ids = c.action === 'add' && c.entity === 'employee' ? ((c.new_value as { recordIds?: string[] } | null)?.recordIds ?? [c.record_id]) : c.action === 'link' && c.entity === 'record' ? [c.record_id] : [];
    for (const id of ids) if (id) linkedBy.set(id, (linkedBy.get(id) ?? 0) + 1);
  }
  for (const r of records) expect(linkedBy.get(r.id) ?? 0, r.external_id).toBeLessThanOrEqual(1);
}

const takeOverAfterDeath = (tenantId: string, integrationId: string, runId: string) => takeOver(k, engine, tenantId, integrationId, runId);

const killAt = (phase: 'read' | 'apply', at: number): SyncHooks => ({
  onProgress: (p, done) => {
    if (p === phase && done === at) throw new SyncKilled('kill -9');
  },
});

describe('Nmbrs sync convergence', () => {
  it('killed while reading and half-way through applying, restarted by the next worker: the uninterrupted state, nothing twice', async () => {
    const em = await emulator();
    const { tenantId, integrationId, client } = await tenantWithIntegration('Nmbrs Crash BV', em);

    // 1. The first sync (a preview) dies in the middle of the listing.
    const { run: preview } = await engine.createRun(await engine.loadIntegration(tenantId, integrationId), { mode: 'preview', trigger: 'cli' });
    await expect(engine.executeRun(tenantId, preview.id, killAt('read', 17))).rejects.toBeInstanceOf(SyncKilled);
    // A killed process records nothing: the run is still "running", not a success.
    const killedPreview = await engine.loadRun(tenantId, preview.id);
    expect(killedPreview.status).toBe('running');
    const previewStarted = killedPreview.started_at;
    expect(await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(0);
    const restartedPreview = await takeOverAfterDeath(tenantId, integrationId, preview.id);
    expect(restartedPreview.status).toBe('succeeded');
    // Every Nmbrs record read once: none lost, none stored twice.
    const stored = await k.db.selectFrom('external_records').select('external_id').where('integration_id', '=', integrationId).execute();
    expect(stored.map((r) => r.external_id).sort()).toEqual(em.data.employees.map((e) => e.employeeId).sort());
    expect((restartedPreview.counts as Record<string, number>).read).toBe(EMPLOYEES);

    // 2. Its apply dies inside a transaction (parts of 5 groups, batches of 4: the first part, 4 + 1, is in; the 6th
    // group is in the second part's first batch).
    await addRedRows(client, integrationId);
    const { run: apply } = await engine.requestApply(tenantId, preview.id, { trigger: 'cli' });
    await expect(engine.executeRun(tenantId, apply.id, killAt('apply', 6))).rejects.toBeInstanceOf(SyncKilled);
    const partial = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).execute();
    // The first part is in, the open batch rolled back with the process.
    expect(partial.length).toBe(5);
    const killedApply = await engine.loadRun(tenantId, apply.id);
    expect(killedApply.status).toBe('running');
    const applyStarted = killedApply.started_at;
    await expectNoDuplicates(tenantId, integrationId);
    const done = await takeOverAfterDeath(tenantId, integrationId, apply.id);
    expect(done.status).toBe('succeeded');
    await expectNoDuplicates(tenantId, integrationId);

    // 3. The same follow-up rounds as the reference.
    await settle(engine, tenantId, client, integrationId);
    expect(await employeeState(k, tenantId)).toEqual(reference);
    await expectNoDuplicates(tenantId, integrationId);

    // The run history tells what happened: the preview and the apply were each interrupted and taken up again. Each
    // says so, keeps the time it first started, and reports the figures of the whole run, as the uninterrupted
    // reference's runs do (the killed apply had already added 4 employees: they count as added, not as unchanged).
    for (const [id, first, want] of [
      [preview.id, previewStarted, referenceCounts.preview],
      [apply.id, applyStarted, referenceCounts.apply],
    ] as const) {
      const r = (await client.get(`/sync-runs/${id}`)).body;
      expect(r.status).toBe('succeeded');
      expect(r.warnings).toContainEqual({ name: '—', messages: ['run:restarted'] });
      expect(new Date(r.startedAt).getTime()).toBe(first!.getTime());
      expect(r.counts).toEqual(want);
    }
    const history = (await client.get(`/integrations/${integrationId}/runs`)).body.items as { id: string; mode: string; status: string }[];
    expect(history.filter((r) => r.id === preview.id || r.id === apply.id).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // The runs of the settle rounds were not interrupted and say nothing of the kind.
    for (const r of history.filter((x) => x.id !== preview.id && x.id !== apply.id)) {
      expect(((await client.get(`/sync-runs/${r.id}`)).body.warnings as { messages: string[] }[]).flatMap((w) => w.messages)).not.toContain('run:restarted');
    }

    // 4. An unchanged sync writes no row.
    const before = await writeFootprint(k, tenantId);
    const again = await engine.runSync(tenantId, integrationId, { mode: 'apply', trigger: 'cli' });
    expect(again.status).toBe('succeeded');
    expect(again.counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
    expect({ ...(await writeFootprint(k, tenantId)), audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  it('with 20 % faults (429, 5xx, timeouts, expired tokens) repeated syncs reach the fault-free state; a failed run writes nothing half; no BSN in the log', async () => {
    const em = await emulator();
    const { tenantId, integrationId, client } = await tenantWithIntegration('Nmbrs Storing BV', em);
    const lines: string[] = [];
    // Three attempts per request: with 20 % faults (an expired token refuses every request in flight with it) a listing
    // of ~80 requests now and then gives up part-way, so some runs fail, and the next one resumes where it stopped. Every run logs at debug (each request one record).
    const faulty = createSyncEngine({
      db: k.db,
      box: k.services.box,
      applyBatchSize: 4,
      log: createLogger('debug', { write: (line: string) => void lines.push(line) }),
      connectorTuning: { ...TUNING, retry: { ...TUNING.retry, maxAttempts: 3 } },
    });
    const requestsBefore = em.kit.requestLog.length;
    em.setFaults({ rate429: 0.05, rate5xx: 0.05, rateTimeout: 0.05, rateExpiredToken: 0.05, timeoutMs: 150, seed: 3 });
    const failed: string[] = [];
    let runs = 0;

    /** After every run: nothing half-written — each employee has its record link, each contract its record, nothing twice; a failed run wrote no change. */
    const check = async (run: Awaited<ReturnType<SyncEngine['runSync']>>) => {
      await expectNoDuplicates(tenantId, integrationId);
      if (run.status === 'failed') {
        failed.push(run.id);
        expect(run.error).toMatch(/^(vendor_rate_limited|vendor_error|vendor_unreachable|reconnect_needed)\b/);
        expect(await k.db.selectFrom('sync_changes').select('id').where('run_id', '=', run.id).execute()).toHaveLength(0);
      }
    };
    /** Runs (through the faults) until one succeeds, as the nightly schedule and "sync now" would. */
    const untilSucceeded = async (opts: { mode: 'preview' | 'apply'; full?: boolean }) => {
      for (let i = 0; i < 20; i++) {
        const run = await faulty.runSync(tenantId, integrationId, { ...opts, trigger: 'cli' });
        runs++;
        await check(run);
        if (run.status === 'succeeded') return run;
      }
      throw new Error('no run got through the faults');
    };

    const preview = await untilSucceeded({ mode: 'apply' });
    expect(preview.mode).toBe('preview');
    expect(await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(0);
    await addRedRows(client, integrationId);
    const { run } = await faulty.requestApply(tenantId, preview.id, { trigger: 'cli' });
    const applied = await faulty.executeRun(tenantId, run.id);
    await check(applied);
    expect(applied.status).toBe('succeeded');
    // The follow-up rounds, through the faults.
    for (let round = 0; round < 10; round++) {
      await addRedRows(client, integrationId);
      const r = await untilSucceeded({ mode: 'apply' });
      const c = r.counts as Record<string, number>;
      if (!c.added && !c.updated && !c.needsAction && !c.failed) break;
    }
    expect(await employeeState(k, tenantId)).toEqual(reference);
    // A complete re-read through the same faults changes nothing.
    const full = await untilSucceeded({ mode: 'apply', full: true });
    expect(full.counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
    expect(await employeeState(k, tenantId)).toEqual(reference);
    em.setFaults(undefined);

    // The faults really hit, and some runs gave up on them (each failure resumed by the next run).
    const hit = em.kit.requestLog.slice(requestsBefore).filter((r) => r.path.startsWith('/api/') && (r.status === 0 || r.status === 429 || r.status === 401 || r.status >= 500));
    expect(hit.length).toBeGreaterThanOrEqual(10);
    expect(failed.length).toBeGreaterThan(0);
    console.log(`nmbrs faults: ${hit.length} refused answers; ${runs} runs, ${failed.length} failed on them`);

    // The log: every run and every request, and never a BSN (nor any nine-digit number once UUIDs are out), token or secret.
    const text = lines.join('');
    const entries = lines.map((l) => JSON.parse(l) as { msg?: string });
    expect(entries.filter((e) => e.msg === 'sync run failed').length).toBe(failed.length);
    expect(entries.filter((e) => e.msg === 'http retry' || e.msg === 'http token rejected, refreshing').length).toBeGreaterThan(10);
    expect(entries.filter((e) => e.msg === 'http request failed').length).toBeGreaterThan(0);
    const bsns = em.data.employees.flatMap((e) => e.privateInfos.map((p) => p.bsn)).filter(Boolean) as string[];
    expect(bsns.length).toBeGreaterThan(10);
    for (const bsn of bsns) expect(text).not.toContain(bsn);
    expect(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')).not.toMatch(/(?<!\d)\d{9}(?!\d)/);
    expect(text).not.toContain(em.subscriptionKey);
    expect(text).not.toContain(em.client.clientSecret);
    expect(text).not.toMatch(/eyJnm\./);
    // Nor in what the runs stored (errors, warnings, plan).
    const stored = JSON.stringify(await k.db.selectFrom('sync_runs').select(['error', 'warnings', 'errors', 'plan']).where('tenant_id', '=', tenantId).execute());
    for (const bsn of bsns) expect(stored).not.toContain(bsn);
  }, 240_000);
});
