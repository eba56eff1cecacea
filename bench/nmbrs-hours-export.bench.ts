import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startNmbrsEmulator } from '../emulators/nmbrs/nmbrs-emulator.server.ts';
import { startKoppel } from '../src/app/runtime.ts';
import { MemoryTokenStore } from '../src/connectors/kit/auth/token-store.ts';
import { NmbrsConnector } from '../src/connectors/hr/nmbrs/nmbrs.connector.ts';
import { markerOf, NMBRS_HOURS_DEFAULT_CONCURRENCY, type NmbrsHoursPayload } from '../src/connectors/hr/nmbrs/nmbrs.hours-sink.ts';
import type { Actor } from '../src/domain/actor.ts';
import type { DesiredItem } from '../src/integrations/outbound/outbound-plan.ts';
import { createOutboundService, DEFAULT_OUTBOUND_POLICY, type ExportScope } from '../src/integrations/outbound/outbound.service.ts';
import { NMBRS_HOURS_KIND } from '../src/integrations/registry.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createTenantWithOwner } from '../src/platform/identity/tenants.service.ts';
import { memorySampler } from './memory.ts';

/**
 * Hours to Nmbrs through the real outbound engine (issue 10, "Benchmarks"): one payroll period for
 * BENCH_NMBRS_EXPORT_EMPLOYEES employees (default 1 000) × 2 hour codes, as the F-24 report hands them to
 * `createOutboundService(...).send` (journal in embedded PGlite), through the Nmbrs ledger sink to the
 * emulator (in process, 50 ms latency, its rate limit of 20 requests a second per client; the client paces
 * itself to the same 20/s with a small burst, BENCH_NMBRS_EXPORT_BURST, default 5, so the arrival jitter of
 * parallel requests never empties the emulator's bucket of 20). The sink works on BENCH_NMBRS_EXPORT_CONCURRENCY
 * employees side by side (default: the sink's own, 8). Nmbrs has no company-level read of variable hours: the
 * sink reads each employee's period back once and POSTs what is missing, so the first send costs ≈ 1 read +
 * 2 writes per employee; the unchanged re-send is settled by the journal (0 requests, 0 writes).
 *
 * One JSON line per scenario (first send; unchanged re-send, goal 0 writes): wall time, requests and writes
 * as the emulator served them, 429s served, the rate-limit bound (requests ÷ 20/s) and the ratio to it, the
 * load average at the end (the machine is shared), and the extrapolation to 10 000 employees at the same bound
 * (requests × 10 000 / N ÷ 20/s), which is what the rate limit allows at best: no faster send exists without a
 * bulk read or write of variable hours. The issue's size: BENCH_NMBRS_EXPORT_EMPLOYEES=10000 (≈ 25 min).
 */

const EMPLOYEES = Number(process.env.BENCH_NMBRS_EXPORT_EMPLOYEES ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = process.env.BENCH_NMBRS_EXPORT_CONCURRENCY ? Number(process.env.BENCH_NMBRS_EXPORT_CONCURRENCY) : undefined;
const BURST = Number(process.env.BENCH_NMBRS_EXPORT_BURST ?? 5);
/** Items per sink call (the engine's batch); default: what the F-24 send uses. */
const BATCH = process.env.BENCH_NMBRS_EXPORT_BATCH ? Number(process.env.BENCH_NMBRS_EXPORT_BATCH) : undefined;
const RATE = 20;
const TARGET = 10_000;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export async function run(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', KOPPEL_PRIVATE_HOSTS: 'allow' }, { secret: 'bench-secret-bench-secret-bench-secret-00', port: 0, dataDir: '/tmp/koppel-bench' });
  const database = await openDatabase(config, { embeddedPath: 'memory://' });
  const k = await startKoppel(config, { database });
  // A few more than N: former employees are left out of the export.
  const em = await startNmbrsEmulator({ employees: Math.ceil(EMPLOYEES * 1.25), companies: 1, periodTypes: ['monthly'], seed: 3, latencyMs: LATENCY_MS, rateLimitPerSecond: RATE, referenceDate: '2026-06-15' });
  try {
    const { tenant, owner } = await createTenantWithOwner(k.db, { tenantName: 'Bench Nmbrs BV', ownerEmail: `bench-${randomUUID()}@example.test`, ownerName: 'Bench', password: 'bench-password-123' });
    const actor: Actor = { tenantId: tenant.id, type: 'user', id: owner.id, name: 'Bench', role: 'owner', timeZone: 'Europe/Amsterdam' };
    const integration = await k.db
      .insertInto('integrations')
      .values({ tenant_id: tenant.id, vendor: 'nmbrs', name: 'Nmbrs', base_url: em.url, credentials_encrypted: k.services.box.encrypt('{}'), settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const company = em.data.companies[0]!;
    const period = em.currentPeriod(company.companyId);
    const people = em.data.employees.filter((e) => e.companyId === company.companyId && e.employments.at(-1)!.endDate === null).slice(0, EMPLOYEES);
    const codes = company.hourCodes.slice(0, 2).map((h) => h.code);
    const periodDate = `${period.year}-${String(period.period).padStart(2, '0')}-01`;
    const scope: ExportScope = { integrationId: integration.id, kind: NMBRS_HOURS_KIND, from: periodDate, to: periodDate };
    // As nmbrs-hours.service.ts builds them: one ledger entry per employee, period and hour code.
    const desired: DesiredItem<NmbrsHoursPayload>[] = people.flatMap((e, i) =>
      codes.map((code, c) => ({
        idempotencyKey: `${code}@${e.employeeId}/${period.year}/${period.period}`,
        subjectId: null,
        periodDate,
        payload: { employeeId: e.employeeId, year: period.year, period: period.period, hourCode: code, hours: 120 + (i % 40) + c },
      })),
    );
    const tokens = new MemoryTokenStore(em.issueTokens());
    // A new connector and sink per send, as a new request would build them.
    const sink = () =>
      new NmbrsConnector({
        baseUrl: em.url,
        identityUrl: em.url,
        subscriptionKey: em.subscriptionKey,
        clientId: em.client.clientId,
        clientSecret: em.client.clientSecret,
        tokens,
        rateLimit: { capacity: BURST, refillPerSecond: RATE },
        ...(CONCURRENCY !== undefined ? { hoursConcurrency: CONCURRENCY } : {}),
        today: () => '2026-06-15',
      }).hoursSink();
    const outbound = createOutboundService(k.db, BATCH ? { policy: { batchSize: BATCH } } : {});
    // Counted as the emulator serves them (its request log keeps only the last few thousand).
    let writeCount = 0;
    let count429 = 0;
    em.kit.server.on('request', (req: { method?: string; url?: string }, res: { on(e: 'finish', f: () => void): void; statusCode: number }) => {
      if (req.method !== 'GET' && (req.url ?? '').startsWith('/api/')) writeCount++;
      res.on('finish', () => {
        if (res.statusCode === 429) count429++;
      });
    });
    const writes = () => writeCount;
    const served429 = () => count429;
    // The journal (PGlite), the emulator and the client share this process: how long the event loop was blocked.
    const loop = monitorEventLoopDelay({ resolution: 20 });
    for (const [scenario, neededWrites] of [['first send', desired.length], ['re-send unchanged', 0]] as const) {
      const b = em.stats.apiCalls;
      const w = writes();
      const r429 = served429();
      const mem = memorySampler();
      loop.reset();
      loop.enable();
      const t0 = performance.now();
      const summary = await outbound.send(actor, scope, desired, sink());
      const wallS = (performance.now() - t0) / 1000;
      loop.disable();
      const requests = em.stats.apiCalls - b;
      const boundS = requests / RATE;
      const wrote = writes() - w;
      // The ledger at Nmbrs: every key's components add up to exactly the hours wanted (nothing doubled, nothing missing).
      const sums = new Map<string, number>();
      for (const h of em.hourComponents()) {
        const key = markerOf(h.comment);
        if (key) sums.set(key, round((sums.get(key) ?? 0) + h.hours));
      }
      const wrong = desired.filter((d) => sums.get(d.idempotencyKey) !== d.payload.hours).length;
      console.log(
        JSON.stringify({
          bench: 'nmbrs-hours-export',
          scenario,
          employees: people.length,
          items: desired.length,
          latency_ms: LATENCY_MS,
          rate_per_second: RATE,
          client_burst: BURST,
          concurrency: CONCURRENCY ?? NMBRS_HOURS_DEFAULT_CONCURRENCY,
          batch: BATCH ?? DEFAULT_OUTBOUND_POLICY.batchSize,
          status: summary.status,
          counts: summary.counts,
          wall_s: round(wallS, 1),
          requests,
          writes: wrote,
          needed_writes: neededWrites,
          served_429: served429() - r429,
          bound_s: round(boundS, 1),
          ratio_to_bound: requests ? round(wallS / boundS) : null,
          loadavg: loadavg().map((x) => round(x)),
          event_loop_delay_ms: { p50: round(loop.percentile(50) / 1e6, 0), p99: round(loop.percentile(99) / 1e6, 0), max: round(loop.max / 1e6, 0) },
          extrapolated_10k_requests: Math.round((requests * TARGET) / people.length),
          extrapolated_10k_bound_s: round((requests * TARGET) / people.length / RATE, 0),
          ledger_exact: wrong === 0,
          ledger_wrong_keys: wrong,
          meets_goal: wrote === neededWrites && wrong === 0,
          ...mem.stop(),
        }),
      );
    }
    const held = em.hourComponents().filter((h) => h.year === period.year && h.period === period.period);
    if (held.length !== desired.length) console.log(JSON.stringify({ bench: 'nmbrs-hours-export', warning: `Nmbrs holds ${held.length} hour components, expected ${desired.length}` }));
  } finally {
    await em.close();
    await k.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
