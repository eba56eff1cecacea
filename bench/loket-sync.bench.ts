import { startLoketEmulator } from '../emulators/loket/loket-emulator.server.ts';
import { MemoryTokenStore } from '../src/connectors/kit/auth/token-store.ts';
import { LoketConnector } from '../src/connectors/hr/loket/loket.connector.ts';

/**
 * Reading Loket (issue 11), connector only — the sync engine does not run Loket yet (not in the registry):
 * a full listing of N employees (default 10 000, `BENCH_LOKET_EMPLOYEES`) over 3 employers from the
 * in-process emulator with 50 ms latency, without BSNs and, for `BENCH_LOKET_BSN_EMPLOYEES` (default 300)
 * employees, with them (one call per employee, behind its own right). The client's own limit is 10
 * requests a second (Loket publishes none), so the bound is requests ÷ 10 s. One JSON line per run.
 */
const N = Number(process.env.BENCH_LOKET_EMPLOYEES ?? 10_000);
const N_BSN = Number(process.env.BENCH_LOKET_BSN_EMPLOYEES ?? 300);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

export async function run(): Promise<void> {
  for (const [employees, readBsn] of [
    [N, false],
    [N_BSN, true],
  ] as const) {
    const em = await startLoketEmulator({ employers: 3, employees, seed: 17, referenceYear: 2026, latencyMs: LATENCY_MS });
    try {
      const c = new LoketConnector({ apiUrl: em.apiUrl, tokenUrl: em.tokenUrl, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, tokenStore: new MemoryTokenStore(em.issueTokens()), readBsn });
      const t = performance.now();
      let n = 0;
      for await (const _ of c.listEmployees()) n++;
      const ms = performance.now() - t;
      const requests = Object.values(em.stats.calls).reduce((a, b) => a + b, 0);
      const boundMs = (requests / 10) * 1000;
      console.log(JSON.stringify({ bench: 'loket-sync', employees: n, employers: 3, read_bsn: readBsn, latency_ms: LATENCY_MS, ms: Math.round(ms), requests, by_endpoint: em.stats.calls, bound_ms: Math.round(boundMs), ratio_to_bound: Math.round((ms / boundMs) * 100) / 100 }));
    } finally {
      await em.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
