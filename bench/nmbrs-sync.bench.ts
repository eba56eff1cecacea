
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { startKoppel } from '../src/app/runtime.ts';
import { createSyncEngine } from '../src/integrations/engine/sync.service.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createTenantWithOwner, systemActorFor } from '../src/platform/identity/tenants.service.ts';
import { goal } from './goal.ts';
import { answerConsentPage } from '../emulators/nmbrs/nmbrs-emulator.consent-page.ts';
import { startEmulatorProcess } from './emulator-process.ts';
import { memorySampler } from './memory.ts';
import { dbWriteProbe, split } from './written-rows.ts';

/**
 * The Nmbrs sync through the whole engine, as the product runs it (issue 10, "Benchmarks"): connect through the
 * consent page (services.integrationConsent, as the route does), every company in scope, then the first sync —
 * a preview that reads everything (F-17) and its apply — and an unchanged second sync (apply mode, incremental).
 * BENCH_NMBRS_SYNC_EMPLOYEES (default 10 000) employees over 3 companies in the Nmbrs emulator, run in its own
 * process (`koppel emulator nmbrs`, so its JSON work is not billed to the sync) with 50 ms latency and its rate
 * limit of 20 requests a second. The engine runs with the registry's defaults (no tuning): pages of 100, the
 * client's own pace of 15 requests a second. Embedded PGlite in memory.
 *
 * Lines (one JSON line each): `nmbrs-sync first` — wall time of preview + apply, requests the emulator served,
 * peak memory of this process (bench/memory.ts), the bound the emulator's rate limit sets (requests ÷ 20/s) and
 * the ratio to it, with the goal of issue 13 for a listing (≤ 1.1 × the bound) in the goal.ts fields;
 * `nmbrs-sync unchanged` — requests and rows written (goal 0 business rows).
 */
const N = Number(process.env.BENCH_NMBRS_SYNC_EMPLOYEES ?? 10_000);
const COMPANIES = 3;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
/** The emulator's rate limit (its default) and the pace the Nmbrs client keeps on its own (nmbrs.client.ts). */
const EMULATOR_RATE = 20;
const CLIENT_RATE = 15;
const REFERENCE_DATE = '2026-06-15';
const round = (x: number) => Math.round(x * 100) / 100;

async function startEmulator(employees: number) {
  const em = await startEmulatorProcess('nmbrs', ['--employees', String(employees), '--companies', String(COMPANIES), '--seed', '1', '--latency-ms', String(LATENCY_MS), '--rate-limit', String(EMULATOR_RATE), '--reference-date', REFERENCE_DATE]);
  return {
    ...em,
    /** API requests the emulator served so far (its own count: 429s included, identity endpoints and hooks not). */
    requests: async () => (await em.hook<{ apiCalls: number }>('/_emulator/stats')).apiCalls,
  };
}


async function benchSync(employees: number) {
  const config = loadConfig(
    { NODE_ENV: 'production', LOG_LEVEL: 'silent', KOPPEL_PRIVATE_HOSTS: 'allow' /* the emulator runs on 127.0.0.1 */ },
    { secret: 'bench-secret-bench-secret-bench-secret-00', port: 0, dataDir: '/tmp/koppel-bench', nmbrsClient: { clientId: 'koppel-nmbrs-emulator', clientSecret: 'nmbrs-emulator-secret' } },
  );
  const database = await openDatabase(config, { embeddedPath: 'memory://' });
  const k = await startKoppel(config, { database });
  const em = await startEmulator(employees);
  // As the job builds it: registry connector, no tuning.
  const engine = createSyncEngine({ db: k.db, box: k.services.box });
  try {
    const { tenant } = await createTenantWithOwner(k.db, { tenantName: 'Bench Nmbrs BV', ownerEmail: `bench-${randomUUID()}@example.test`, ownerName: 'Bench', password: 'bench-password-123' });
    const actor = await systemActorFor(k.db, tenant.id, 'bench');
    const redirectUri = 'http://127.0.0.1/settings/integrations/oauth/callback';
    const started = await k.services.integrationAuthorization.start(actor, { vendor: 'nmbrs', name: 'Bench', baseUrl: em.url, credentials: { subscriptionKey: 'nmbrs-emulator-subscription-key' }, redirectUri });
    const back = await answerConsentPage(started.authorizeUrl, 'salarisadministratie@example.nl');
    const connected = await k.services.integrationAuthorization.callback(actor, { state: back.searchParams.get('state') ?? '', code: back.searchParams.get('code') ?? '' });
    const integrationId = connected.integration.id;
    await k.services.integrations.setScope(actor, integrationId, connected.accounts.filter((a) => a.kind === 'company').map((a) => a.id));
    await k.services.integrations.update(actor, integrationId, { settings: { autoAddEmployees: true, contractFields: { function: true, endDates: true, contractHours: true, hourlyWages: true } } });

    const base = {
      bench: 'nmbrs-sync',
      employees,
      companies: COMPANIES,
      latencyMs: LATENCY_MS,
      emulatorRatePerSecond: EMULATOR_RATE,
      clientRatePerSecond: CLIENT_RATE,
      database: 'embedded',
      loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    const db = k.db as unknown as Kysely<unknown>;

    // 1. The first sync: the preview reads everything, its apply adds everyone who needs no decision.
    let probe = await dbWriteProbe(db);
    let before = await em.requests();
    let sampler = memorySampler();
    let t0 = performance.now();
    const preview = await engine.runSync(tenant.id, integrationId, { mode: 'apply', trigger: 'cli' });
    const previewSec = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const { run } = await engine.requestApply(tenant.id, preview.id, { trigger: 'cli' });
    const applied = await engine.executeRun(tenant.id, run.id);
    const applySec = (performance.now() - t1) / 1000;
    let wallSec = (performance.now() - t0) / 1000;
    let requests = (await em.requests()) - before;
    const boundSec = requests / EMULATOR_RATE;
    let rows = await probe();
    console.log(
      JSON.stringify({
        ...base,
        phase: 'first sync (preview: full read; apply: adds)',
        status: [preview.status, applied.status],
        counts: { preview: preview.counts, apply: applied.counts },
        wallSec: round(wallSec),
        previewSec: round(previewSec),
        applySec: round(applySec),
        requests,
        rateLimitBoundSec: round(boundSec),
        ratioToBound: round(wallSec / boundSec),
        clientPaceBoundSec: round(requests / CLIENT_RATE),
        ...goal('wall_ms vs 1.1 × rate-limit bound', wallSec * 1000, Math.round(1.1 * boundSec * 1000)),
        ...sampler.stop(),
        rowsWritten: split(rows.written),
        ...(preview.error || applied.error ? { error: preview.error ?? applied.error } : {}),
      }),
    );

    // 2. The second sync, nothing changed in Nmbrs: incremental read (createdFrom), no row written.
    probe = await dbWriteProbe(db);
    before = await em.requests();
    sampler = memorySampler();
    t0 = performance.now();
    const second = await engine.runSync(tenant.id, integrationId, { mode: 'apply', trigger: 'cli' });
    wallSec = (performance.now() - t0) / 1000;
    requests = (await em.requests()) - before;
    rows = await probe();
    const business = split(rows.written);
    console.log(
      JSON.stringify({
        ...base,
        phase: 'second sync, nothing changed',
        status: second.status,
        listing: second.listing,
        counts: second.counts,
        wallSec: round(wallSec),
        requests,
        rateLimitBoundSec: round(requests / EMULATOR_RATE),
        rowsWritten: business,
        businessRowsWritten: business.businessTotal,
        goalRowsWritten: 0,
        meets_goal: business.businessTotal === 0,
        ...sampler.stop(),
        ...(second.error ? { error: second.error } : {}),
      }),
    );
  } finally {
    await em.close();
    await k.stop();
  }
}

export default async function run() {
  try {
    await benchSync(N);
  } catch (err) {
    console.log(JSON.stringify({ bench: 'nmbrs-sync', employees: N, error: String(err), stack: (err as Error).stack?.split('\n').slice(0, 4).join(' | ') }));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
