
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { startKoppel } from '../src/app/runtime.ts';
import { systemActor } from '../src/domain/actor.ts';
import { createSyncEngine } from '../src/integrations/engine/sync.service.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createTenantWithOwner } from '../src/platform/identity/tenants.service.ts';
import { startEmulatorProcess } from './emulator-process.ts';
import { memorySampler } from './memory.ts';
import { dbWriteProbe, split } from './written-rows.ts';

/**
 * The first Loket.nl sync through the real sync engine (issue 11): N employees over 3 employers in the
 * Loket emulator, in its own process (`koppel emulator loket`), with 50 ms latency. Figures: wall time,
 * requests the emulator served, and the ratio to the bound the client's rate limit sets (10 requests a
 * second — Loket publishes none — so bound = requests ÷ 10 s); then an unchanged re-sync (incremental on
 * the engine's change cursor: Loket's last-modified version numbers) with its requests and rows written
 * (goal 0), and a re-sync after 1 % of the people changed in Loket. BSNs are read as in production: one
 * call per employee on a complete listing, so the first sync of 10 000 takes ≈ 17 min; the default size is
 * therefore 1 000 (`BENCH_LOKET_SYNC_EMPLOYEES=10000` for the full figure).
 * One JSON line per phase.
 */
const FULL_SIZE = 10_000;
const N = Number(process.env.BENCH_LOKET_SYNC_EMPLOYEES ?? 1_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CLIENT_REQUESTS_PER_SECOND = 10;
const round = (x: number) => Math.round(x * 100) / 100;

async function startEmulator(employees: number) {
  const em = await startEmulatorProcess('loket', ['--employers', '3', '--employees', String(employees), '--seed', '17', '--latency-ms', String(LATENCY_MS), '--reference-year', '2026']);
  return {
    ...em,
    /** Requests the emulator served so far (its own count, test hooks excluded). */
    requests: async () => Object.values((await em.hook<{ calls?: Record<string, number> }>('/_emulator/stats')).calls ?? {}).reduce((x, y) => x + y, 0),
  };
}

async function benchSync(employees: number) {
  const config = loadConfig(
    { NODE_ENV: 'production', LOG_LEVEL: 'silent', KOPPEL_PRIVATE_HOSTS: 'allow' /* the emulator runs on 127.0.0.1 */ },
    { secret: 'bench-secret-bench-secret-bench-secret-00', port: 0, dataDir: '/tmp/koppel-bench', loketClient: { clientId: 'loket-emulator-client', clientSecret: 'loket-emulator-secret' } },
  );
  const database = await openDatabase(config, { embeddedPath: 'memory://' });
  const k = await startKoppel(config, { database });
  const em = await startEmulator(employees);
  const engine = createSyncEngine({ db: k.db, box: k.services.box });
  try {
    const { tenant } = await createTenantWithOwner(k.db, { tenantName: 'Bench BV', ownerEmail: `bench-${randomUUID()}@example.test`, ownerName: 'Bench', password: 'bench-password-123' });
    const actor = systemActor(tenant.id, tenant.time_zone);
    const integration = await k.services.integrations.create(actor, {
      vendor: 'loket',
      name: 'Bench',
      baseUrl: `${em.url}/v2`,
      credentials: { username: 'koppel', password: 'loket-wachtwoord', environment: 'BENCH' },
      settings: { autoAddEmployees: true },
    });
    // Every employer of the user (three).
    const accounts = await k.services.integrations.accounts(actor, integration.id);
    await k.services.integrations.setScope(actor, integration.id, accounts.items.map((a) => a.id));
    const base = {
      bench: 'loket-sync',
      employees,
      employers: 3,
      latencyMs: LATENCY_MS,
      readBsn: true,
      ...(employees < FULL_SIZE ? { note: `size ${employees} (default 1000) instead of ${FULL_SIZE}: one BSN call per employee at ${CLIENT_REQUESTS_PER_SECOND} req/s makes ${FULL_SIZE} take ≈ 17 min` } : {}),
      // Loket numbers employees from 1 per employer: over 3 employers the same numbers recur, and those rows wait for a decision (never merged).
      personnelNumbersPerEmployer: true,
      loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    const db = k.db as unknown as Kysely<unknown>;

    for (const phase of ['first sync (full read, adds everyone)', 'unchanged re-sync', 're-sync after 1 % changed in Loket'] as const) {
      if (phase === 're-sync after 1 % changed in Loket') {
        // Loket's side changes for 1 % of the people (their employments get a new last-modified version number).
        const ids = (await k.db.selectFrom('external_records').select('external_id').where('integration_id', '=', integration.id).orderBy('external_id').execute()).map((r) => r.external_id);
        for (const id of ids.filter((_, i) => i % 100 === 0)) await fetch(`${em.url}/_emulator/touch`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ employeeId: id }) });
      }
      const probe = await dbWriteProbe(db);
      const before = await em.requests();
      const sampler = memorySampler();
      const t0 = performance.now();
      const run = await engine.runSync(tenant.id, integration.id, { mode: 'apply', trigger: 'cli' });
      const applied = run.mode === 'preview' ? await engine.executeRun(tenant.id, (await engine.requestApply(tenant.id, run.id, { trigger: 'cli' })).run.id) : run;
      const wallSec = (performance.now() - t0) / 1000;
      const requests = (await em.requests()) - before;
      const boundSec = requests / CLIENT_REQUESTS_PER_SECOND;
      const rows = await probe();
      console.log(
        JSON.stringify({
          ...base,
          phase,
          status: applied.status,
          counts: applied.counts,
          wallSec: round(wallSec),
          requests,
          rateLimitBoundSec: round(boundSec),
          ratioToBound: boundSec > 0 ? round(wallSec / boundSec) : null,
          ...sampler.stop(),
          rowsWritten: split(rows.written),
          listing: applied.listing,
          ...(phase === 'unchanged re-sync' ? { goalRowsWritten: 0 } : {}),
        }),
      );
    }
  } finally {
    await em.close();
    await k.stop();
  }
}

export default async function run() {
  try {
    await benchSync(N);
  } catch (err) {
    console.log(JSON.stringify({ bench: 'loket-sync', employees: N, error: String(err), cause: String((err as { cause?: unknown }).cause ?? ''), stack: (err as Error).stack?.split('\n').slice(0, 4).join(' | ') }));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
