import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, type KyselyPlugin, PostgresDialect, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, sql, type UnknownRow } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { Matcher, type MatchCandidate, type MatchInput } from '../src/domain/matching.ts';
import { PERSONIO_RATE_LIMITS } from '../src/integrations/personio/personio.client.ts';
import { startKoppel } from '../src/runtime.ts';
import { systemActor } from '../src/services/actor.ts';
import { createTenantWithOwner } from '../src/services/tenants.service.ts';
import { createSyncEngine } from '../src/sync/sync.service.ts';

/**
 * A full Personio sync (issue #3 benchmarks): N employees in the emulator with 50 ms latency and the
 * documented rate limits; wall time, API calls and peak RSS of the reading preview and of the apply
 * that adds everyone; the lower bound the rate limit sets (pages ÷ 300 per minute) and the ratio to
 * it; a second, unchanged sync (API calls, rows written); and Matcher at 100 000 × 100 000.
 * `BENCH_SYNC_SIZES=10000,100000` (default) picks the sizes. One JSON line per figure set.
 */

const SIZES = (process.env.BENCH_SYNC_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const PAGE = 100;
/** `BENCH_SYNC_DATABASE=server` runs against the PostgreSQL server in BENCH_DATABASE_URL / DATABASE_URL (a fresh schema) instead of embedded PGlite. */
const DATABASE = process.env.BENCH_SYNC_DATABASE === 'server' ? 'server' : 'embedded';
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminSql(statement: ReturnType<typeof sql>) {
  const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVER_URL, max: 1 }) }) });
  try {
    await statement.execute(admin);
  } finally {
    await admin.destroy();
  }
}
/** Personio: GET /company/employees 300 per minute (bursts of 15/s). */
const EMPLOYEES_PER_SECOND = 300 / 60;

/**
 * The earliest the last of `pages` requests can finish under both documented windows (≤ 15 in any
 * second, ≤ 300 in any minute), sent greedily, plus one round trip. For ≤ 300 pages the burst
 * allowance rules (pages ÷ 15/s); beyond, the minute window does (≈ pages ÷ 5/s).
 */
function rateLimitBoundSec(pages: number, latencySec: number): number {
  const t: number[] = [];
  for (let i = 0; i < pages; i++) t.push(Math.max(0, i >= 15 ? t[i - 15]! + 1 : 0, i >= 300 ? t[i - 300]! + 60 : 0));
  return (t.at(-1) ?? 0) + latencySec;
}

/**
 * The emulator runs in its own process (`koppel emulator personio`), as Personio would: in this
 * process its JSON work for 1000 pages would be billed to the sync.
 */
async function startEmulatorProcess(employees: number) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'emulator', 'personio', '--port', '0', '--employees', String(employees), '--seed', '7', '--latency-ms', String(LATENCY_MS), '--reference-date', '2026-03-02'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
  child.stdout.resume();
  return {
    url,
    credentials: { clientId: 'papi-emulator-client', clientSecret: 'papi-emulator-secret' },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Counts rows inserted/updated/deleted per table through Kysely (raw SQL included). */
class WriteCounter implements KyselyPlugin {
  private readonly pending = new WeakMap<object, string>();
  readonly rows = new Map<string, number>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const n = args.node as unknown as Record<string, unknown>;
    let table: string | null = null;
    const nameOf = (t: unknown) => (t as { table?: { identifier?: { name?: string } } })?.table?.identifier?.name ?? null;
    if (n.kind === 'InsertQueryNode') table = nameOf(n.into);
    else if (n.kind === 'UpdateQueryNode') table = nameOf((n.table as { kind: string; node?: unknown }).node ?? n.table) ?? nameOf(n.table);
    else if (n.kind === 'DeleteQueryNode') table = nameOf(((n.from as { froms: unknown[] }).froms[0] as { node?: unknown }).node ?? (n.from as { froms: unknown[] }).froms[0]);
    else if (n.kind === 'RawNode') {
      const text = ((n.sqlFragments as string[]) ?? []).join('?');
      const m = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)/i.exec(text);
      table = m ? m[1]! : null;
    }
    if (table) this.pending.set(args.queryId, table);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = this.pending.get(args.queryId);
    if (table) {
      const n = Number(args.result.numAffectedRows ?? (args.result as { numUpdatedOrDeletedRows?: bigint }).numUpdatedOrDeletedRows ?? 0);
      this.rows.set(table, (this.rows.get(table) ?? 0) + n);
    }
    return args.result;
  }
  take() {
    const out = Object.fromEntries([...this.rows.entries()].filter(([, n]) => n > 0));
    this.rows.clear();
    return out;
  }
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576);
    },
  };
}

const BUSINESS = new Set(['employees', 'contracts', 'external_records', 'sync_changes', 'audit_log', 'job_functions', 'integration_mappings']);
const split = (rows: Record<string, number>) => {
  const business = Object.fromEntries(Object.entries(rows).filter(([t]) => BUSINESS.has(t)));
  const bookkeeping = Object.fromEntries(Object.entries(rows).filter(([t]) => !BUSINESS.has(t)));
  return { business, businessTotal: Object.values(business).reduce((a, b) => a + b, 0), bookkeeping };
};

async function benchSync(employees: number) {
  const schema = `bench_sync_${randomUUID().slice(0, 8)}`;
  if (DATABASE === 'server') await adminSql(sql`CREATE SCHEMA ${sql.id(schema)}`);
  const config = loadConfig(
    { NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: DATABASE === 'server' ? SERVER_URL : undefined },
    { secret: 'bench-secret-bench-secret-bench-secret-00', port: 0, dataDir: '/tmp/koppel-bench' },
  );
  const database = await openDatabase(config, DATABASE === 'server' ? { searchPath: schema } : { embeddedPath: 'memory://' });
  const k = await startKoppel(config, { database });
  const em = await startEmulatorProcess(employees);
  const counter = new WriteCounter();
  const engine = createSyncEngine({ db: k.db.withPlugin(counter), box: k.services.box, applyBatchSize: 200 });
  try {
    const { tenant } = await createTenantWithOwner(k.db, { tenantName: 'Bench BV', ownerEmail: `bench-${randomUUID()}@example.test`, ownerName: 'Bench', password: 'bench-password-123' });
    const integration = await k.services.integrations.create(systemActor(tenant.id), {
      vendor: 'personio',
      name: 'Bench',
      baseUrl: em.url,
      credentials: em.credentials,
      settings: { autoAddEmployees: true, employeeFields: { birthDate: true, address: true, phone: true } },
    });
    const pages = Math.ceil(employees / PAGE);
    // As the issue defines it (pages ÷ the allowed 300/min) and exactly (the 15/s bursts included).
    const lowerBoundSec = pages / EMPLOYEES_PER_SECOND;
    const exactBoundSec = rateLimitBoundSec(pages, LATENCY_MS / 1000);
    const base = { bench: 'personio-sync', employees, latencyMs: LATENCY_MS, pages, database: DATABASE };
    const rssBeforeMb = Math.round(process.memoryUsage().rss / 1048576);

    // 1. The first sync: a full read into a preview (F-17).
    counter.take();
    let sampler = rssSampler();
    let t0 = performance.now();
    const preview = await engine.runSync(tenant.id, integration.id, { mode: 'apply', trigger: 'cli' });
    let wallSec = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        ...base,
        phase: 'first sync (full read → preview)',
        status: preview.status,
        wallSec: round(wallSec),
        apiCalls: preview.api_calls,
        rateLimitLowerBoundSec: round(lowerBoundSec),
        ratioToLowerBound: round(wallSec / lowerBoundSec),
        burstAwareBoundSec: round(exactBoundSec),
        ratioToBurstAwareBound: round(wallSec / exactBoundSec),
        clientBucketBoundSec: round(Math.max(0, pages - PERSONIO_RATE_LIMITS.employees.capacity) / PERSONIO_RATE_LIMITS.employees.refillPerSecond),
        rssBeforeMb,
        peakRssMb: sampler.stop(),
        rowsWritten: split(counter.take()),
      }),
    );

    // 2. Applying it: everyone is added (employee + contract + link + change log + audit).
    sampler = rssSampler();
    t0 = performance.now();
    const { run } = await engine.requestApply(tenant.id, preview.id, { trigger: 'cli' });
    const applied = await engine.executeRun(tenant.id, run.id);
    wallSec = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ ...base, phase: 'apply preview (adds)', status: applied.status, wallSec: round(wallSec), counts: applied.counts, peakRssMb: sampler.stop(), rowsWritten: split(counter.take()) }));

    // 3. A second sync with nothing changed: incremental read (updated_since) and no writes.
    sampler = rssSampler();
    t0 = performance.now();
    const second = await engine.runSync(tenant.id, integration.id, { mode: 'apply', trigger: 'cli' });
    wallSec = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        ...base,
        phase: 'second sync, nothing changed',
        status: second.status,
        listing: second.listing,
        wallSec: round(wallSec),
        apiCalls: second.api_calls,
        counts: second.counts,
        peakRssMb: sampler.stop(),
        rowsWritten: split(counter.take()),
      }),
    );

    // 4. The weekly complete re-read (notices deletions), still nothing changed.
    sampler = rssSampler();
    t0 = performance.now();
    const full = await engine.runSync(tenant.id, integration.id, { mode: 'apply', trigger: 'cli', full: true });
    wallSec = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        ...base,
        phase: 'full re-read, nothing changed',
        status: full.status,
        wallSec: round(wallSec),
        apiCalls: full.api_calls,
        rateLimitLowerBoundSec: round(lowerBoundSec),
        ratioToLowerBound: round(wallSec / lowerBoundSec),
        burstAwareBoundSec: round(exactBoundSec),
        ratioToBurstAwareBound: round(wallSec / exactBoundSec),
        counts: full.counts,
        peakRssMb: sampler.stop(),
        rowsWritten: split(counter.take()),
      }),
    );
  } finally {
    await em.close();
    await k.stop();
    if (DATABASE === 'server') await adminSql(sql`DROP SCHEMA ${sql.id(schema)} CASCADE`);
  }
}

/** Matcher at 100 000 external × 100 000 Koppel employees: 60 % match by email/BSN/number, some weakly, the rest are new. */
function benchMatching(n = 100_000) {
  // Names made of letters only: the weak signal normalises digits away.
  const letters = (i: number) => {
    let s = '';
    do {
      s += String.fromCharCode(97 + (i % 26));
      i = Math.floor(i / 26);
    } while (i > 0);
    return s;
  };
  const candidates: MatchCandidate[] = [];
  const inputs: MatchInput[] = [];
  for (let i = 0; i < n; i++) {
    candidates.push({ id: `e${i}`, bsnHash: i % 3 === 0 ? `bsn${i}` : null, email: `person${i}@example.test`, personnelNumber: String(100000 + i), birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, firstName: `Voornaam${letters(i % 997)}`, lastName: `Achternaam${letters(i)}` });
    const j = i % 5 === 0 ? n + i : i; // 20 % are people Koppel does not know
    inputs.push({
      externalId: `x${i}`,
      bsnHash: j % 3 === 0 && j % 2 === 0 ? `bsn${j}` : null,
      email: j % 4 === 1 ? `PERSON${j}@example.test` : null,
      personnelNumber: j % 4 === 2 ? String(100000 + j) : null,
      birthDate: `19${50 + (j % 50)}-0${1 + (j % 9)}-1${j % 10}`,
      firstName: `Voornaam${letters(j % 997)}`,
      lastName: `Achternaam${letters(j)}`,
    });
  }
  const sampler = rssSampler();
  const t0 = performance.now();
  const matcher = new Matcher(candidates);
  const t1 = performance.now();
  const tally: Record<string, number> = {};
  for (const x of inputs) {
    const p = matcher.propose(x);
    const key = p.action === 'link' ? `link_${p.strength}` : p.action;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  const t2 = performance.now();
  const result = { bench: 'personio-sync', phase: 'matching', external: n, koppel: n, indexMs: round(t1 - t0), proposeMs: round(t2 - t1), totalMs: round(t2 - t0), proposals: tally, peakRssMb: sampler.stop() };
  console.log(JSON.stringify(result));
}

const round = (x: number) => Math.round(x * 100) / 100;

export default async function run() {
  benchMatching();
  for (const size of SIZES) {
    try {
      await benchSync(size);
    } catch (err) {
      console.log(JSON.stringify({ bench: 'personio-sync', employees: size, error: String(err) }));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
