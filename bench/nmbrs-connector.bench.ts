import { startNmbrsEmulator } from '../emulators/nmbrs/nmbrs-emulator.server.ts';
import { MemoryTokenStore } from '../src/connectors/kit/auth/token-store.ts';
import { writeReconciled, type SinkItem } from '../src/connectors/kit/sink.ts';
import { NmbrsConnector } from '../src/connectors/hr/nmbrs/nmbrs.connector.ts';
import { nmbrsHoursKey, type NmbrsHoursPayload } from '../src/connectors/hr/nmbrs/nmbrs.hours-sink.ts';
import { memorySampler } from './memory.ts';

/**
 * Nmbrs (issue 10), connector level: (1) first listing of BENCH_NMBRS_EMPLOYEES (default 10 000) over 3
 * companies against the emulator with 50 ms latency and its rate limit (20 requests a second): wall time,
 * requests, peak memory and the ratio to the bound the rate limit sets (requests ÷ 20 per second);
 * (2) an unchanged second read (updatedSince = start of the first): requests and employees returned;
 * (3) hours of one period for BENCH_NMBRS_HOURS employees (default 300) through the ledger sink, and the
 * unchanged re-send (goal: 0 writes). One JSON line each.
 */

const EMPLOYEES = Number(process.env.BENCH_NMBRS_EMPLOYEES ?? 10_000);
const HOURS_EMPLOYEES = Number(process.env.BENCH_NMBRS_HOURS ?? 300);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RATE = 20;

export async function run(): Promise<void> {
  const em = await startNmbrsEmulator({ employees: EMPLOYEES, companies: 3, seed: 1, latencyMs: LATENCY_MS, rateLimitPerSecond: RATE, referenceDate: '2026-06-15' });
  const connector = () =>
    new NmbrsConnector({
      baseUrl: em.url,
      identityUrl: em.url,
      subscriptionKey: em.subscriptionKey,
      clientId: em.client.clientId,
      clientSecret: em.client.clientSecret,
      tokens: new MemoryTokenStore(em.issueTokens()),
      rateLimit: { capacity: RATE, refillPerSecond: RATE },
      today: () => '2026-06-15',
    });
  try {
    const before = em.stats.apiCalls;
    const mem = memorySampler();
    const started = new Date();
    const t0 = performance.now();
    let n = 0;
    const c1 = connector();
    for await (const _ of c1.listEmployees()) n++;
    const wallS = (performance.now() - t0) / 1000;
    const requests = em.stats.apiCalls - before;
    console.log(JSON.stringify({ bench: 'nmbrs-first-listing', employees: n, companies: 3, latencyMs: LATENCY_MS, wallS: Math.round(wallS * 10) / 10, requests, rateLimited: c1.metrics().rateLimited, boundS: requests / RATE, ratioToBound: Math.round((wallS / (requests / RATE)) * 100) / 100, ...mem.stop() }));

    const b2 = em.stats.apiCalls;
    const t1 = performance.now();
    let changed = 0;
    for await (const _ of connector().listEmployees({ updatedSince: started })) changed++;
    console.log(JSON.stringify({ bench: 'nmbrs-unchanged-listing', employeesReturned: changed, requests: em.stats.apiCalls - b2, wallS: Math.round((performance.now() - t1) / 100) / 10 }));

    const company = em.data.companies[0]!;
    const period = em.currentPeriod(company.companyId);
    const people = em.data.employees.filter((e) => e.companyId === company.companyId).slice(0, HOURS_EMPLOYEES);
    const items: SinkItem<NmbrsHoursPayload>[] = people.flatMap((e, i) =>
      [0, 1].map((k) => {
        const payload = { employeeId: e.employeeId, year: period.year, period: period.period, hourCode: company.hourCodes[k]!.code, hours: 100 + (i % 40) + k };
        return { idempotencyKey: nmbrsHoursKey(`code${k}`, payload), payload };
      }),
    );
    const posts = () => em.kit.requestLog.filter((r) => r.method === 'POST').length;
    for (const label of ['nmbrs-hours-first-send', 'nmbrs-hours-unchanged-resend']) {
      const b = em.stats.apiCalls;
      const p = posts();
      const t = performance.now();
      const results = await writeReconciled(connector().hoursSink(), items);
      console.log(JSON.stringify({ bench: label, employees: people.length, items: items.length, requests: em.stats.apiCalls - b, writes: posts() - p, failed: results.filter((r) => r.outcome === 'failed').length, wallS: Math.round((performance.now() - t) / 100) / 10 }));
    }
  } finally {
    await em.close();
  }
}
