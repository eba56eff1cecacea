import { startLoketEmulator } from '../emulators/loket/loket-emulator.server.ts';
import { MemoryTokenStore } from '../src/connectors/kit/auth/token-store.ts';
import { writeReconciled } from '../src/connectors/kit/sink.ts';
import { LoketClient } from '../src/connectors/hr/loket/loket.client.ts';
import { type LoketPayrollPayload, LoketPayrollSink, loketPayrollKey } from '../src/connectors/hr/loket/loket.payroll-sink.ts';

/**
 * Hours to Loket through the API (issue 11): one payroll period for N employments (default 10 000,
 * `BENCH_LOKET_EMPLOYMENTS`), two components each (hours and overtime), sent with the payrollperioddata sink
 * to the in-process emulator with 50 ms latency (`BENCH_LATENCY_MS`). Runs: the first send, the same send
 * again (goal: 0 writes), and a send with 1 % of the values changed. Requests by endpoint, as the emulator
 * counted them, and wall time. One JSON line per run.
 */
const N = Number(process.env.BENCH_LOKET_EMPLOYMENTS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

export async function run(): Promise<void> {
  const em = await startLoketEmulator({ employers: 1, employees: N, seed: 13, referenceYear: 2026, latencyMs: LATENCY_MS });
  try {
    const employer = em.world.employers[0]!;
    const client = new LoketClient({ apiUrl: em.apiUrl, tokenUrl: em.tokenUrl, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, tokenStore: new MemoryTokenStore(em.issueTokens()), rateLimit: false });
    const sink = new LoketPayrollSink({ client, employerIds: [employer.id] });
    const items = (changedEvery: number) =>
      em.world.employments.flatMap((m, i) =>
        [2, 15].map((component) => {
          const payload: LoketPayrollPayload = {
            employerId: employer.id,
            payrollAdministrationId: employer.administration.id,
            employmentId: m.id,
            year: 2026,
            periodNumber: 4,
            shiftNumber: 1,
            distributionUnitKey: null,
            component,
            value: (component === 2 ? 152 : 4) + (changedEvery && i % changedEvery === 0 ? 0.5 : 0),
          };
          return { idempotencyKey: loketPayrollKey(payload), payload };
        }),
      );
    for (const [name, changedEvery] of [
      ['first_send', 0],
      ['unchanged_send', 0],
      ['one_percent_changed', 100],
    ] as const) {
      em.resetStats();
      const t = performance.now();
      const results = await writeReconciled(sink, items(changedEvery));
      const ms = performance.now() - t;
      const calls = em.stats.calls;
      const writes = Object.entries(calls).filter(([k]) => k.startsWith('PATCH')).reduce((n, [, v]) => n + v, 0);
      const outcomes: Record<string, number> = {};
      for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      console.log(JSON.stringify({ bench: 'loket-export', run: name, employments: N, items: results.length, latency_ms: LATENCY_MS, ms: Math.round(ms), requests: Object.values(calls).reduce((a, b) => a + b, 0), write_requests: writes, by_endpoint: calls, outcomes }));
    }
  } finally {
    await em.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
