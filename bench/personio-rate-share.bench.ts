import { startPersonioEmulator } from '../emulators/personio/personio-emulator.server.ts';
import { PersonioConnector } from '../src/connectors/hr/personio/personio.connector.ts';

/**
 * Issue 14, item 6: a Personio listing while another client of the same company uses the employee
 * list's budget (Personio's limits are per company: 15 a second, 300 a minute). The emulator's
 * `otherClientPerSecond` is that client (polite: it takes a slot only when the windows have room). The
 * connector runs as a sync does (documented limits client-side, default retry policy with 10 minutes of
 * patience). Figures per run: wall time, pages, 429s served, the other client's accepted requests, our
 * share of the accepted requests, the rate factor the client ended at. `BENCH_EMPLOYEES` (default 1200),
 * `BENCH_PAGE` (default 10, so the listing outlasts the burst), `BENCH_OTHER` (default "0,7.5").
 * One JSON line per run.
 */

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 1200);
const PAGE = Number(process.env.BENCH_PAGE ?? 10);
const OTHERS = (process.env.BENCH_OTHER ?? '0,7.5').split(',').map(Number);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

export async function run(): Promise<void> {
  for (const other of OTHERS) {
    const em = await startPersonioEmulator({ employees: EMPLOYEES, seed: 14, latencyMs: LATENCY_MS, paging: { employeesMax: PAGE }, ...(other > 0 ? { otherClientPerSecond: other } : {}) });
    try {
      const c = new PersonioConnector({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, pageSize: PAGE });
      // The other client has been busy for a while already.
      if (other > 0) await new Promise((r) => setTimeout(r, 2_000));
      em.resetStats();
      const otherBefore = em.otherClientRequests;
      const started = performance.now();
      let read = 0;
      let error: string | null = null;
      try {
        for await (const _ of c.listEmployees()) read++;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const ms = Math.round(performance.now() - started);
      const pages = (em.stats.calls['GET /v1/company/employees'] ?? 0) - em.stats.served429;
      const otherAccepted = (em.otherClientRequests) - otherBefore;
      console.log(
        JSON.stringify({
          bench: 'personio-rate-share',
          employees: EMPLOYEES,
          pageSize: PAGE,
          otherClientPerSecond: other,
          completed: error === null && read === EMPLOYEES,
          read,
          wallMs: ms,
          pages,
          served429: em.stats.served429,
          rateLimitedBy: em.stats.rateLimitedBy,
          otherAccepted,
          ourPagesPerSecond: Math.round((pages / (ms / 1000)) * 100) / 100,
          otherPerSecond: Math.round((otherAccepted / (ms / 1000)) * 100) / 100,
          ourShare: Math.round((pages / Math.max(1, pages + otherAccepted)) * 1000) / 1000,
          rateFactor: Math.round((c.client.http.rateFactors().employees ?? 1) * 1000) / 1000,
          retries: c.metrics().retries,
          error,
        }),
      );
    } finally {
      await em.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
