import { startPersonioEmulator, type PersonioEmulator } from '../emulators/personio/personio-emulator.server.ts';
import { PersonioAttendanceSink, type PersonioPeriodPayload } from '../src/connectors/hr/personio/personio.attendance-sink.ts';
import { PersonioClient } from '../src/connectors/hr/personio/personio.client.ts';
import { writeReconciled, type SinkItem } from '../src/connectors/kit/sink.ts';
import { shiftsToDesiredItems } from '../src/integrations/outbound/personio-periods.ts';

/**
 * Hours to Personio (issue 9): N shifts (default 100; 20 people × 5 days, 08:00–16:30 with a 30-minute
 * break = 3 periods each) sent through the v2 attendance-period sink to the emulator with 50 ms latency.
 * Figures per run: requests by endpoint and wall time of (1) the first send, (2) the same send again by
 * a new run that knows the external ids from its journal (nothing changed), (3) the first send under a
 * 20 % fault profile. `BENCH_PERSONIO_CLIENT_LIMIT=off` switches the client's own v2 pacing
 * (PERSONIO_V2_RATE_LIMITS: 2000 a minute, at most 40 a second) off; `BENCH_SHIFTS` sets N. One JSON line per run.
 */

const SHIFTS = Number(process.env.BENCH_SHIFTS ?? 100);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CLIENT_LIMIT = process.env.BENCH_PERSONIO_CLIENT_LIMIT !== 'off';

function sinkFor(em: PersonioEmulator): PersonioAttendanceSink {
  return new PersonioAttendanceSink({
    client: new PersonioClient({ baseUrl: em.url, clientId: em.credentials.clientId, clientSecret: em.credentials.clientSecret, ...(CLIENT_LIMIT ? {} : { rateLimit: false }), retry: { maxAttempts: 8 } }),
  });
}

function itemsFor(em: PersonioEmulator): SinkItem<PersonioPeriodPayload>[] {
  const people = em.state.listEmployees().slice(0, 20);
  const shifts = Array.from({ length: SHIFTS }, (_, i) => ({
    id: `s${i}`,
    employee_id: String(people[i % people.length]!.id),
    date: `2026-06-${String(1 + Math.floor(i / people.length)).padStart(2, '0')}`,
    start_time: '08:00',
    end_time: '16:30',
    break_minutes: 30,
  }));
  return shiftsToDesiredItems(shifts, (e) => e).map((d) => ({ idempotencyKey: d.idempotencyKey, payload: d.payload }));
}

const calls = (em: PersonioEmulator) => Object.fromEntries(Object.entries(em.stats.calls).filter(([k]) => !k.includes('/auth')));
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

export async function run(): Promise<void> {
  for (const faultRate of [0, 0.2]) {
    const em = await startPersonioEmulator({
      employees: 20,
      seed: 11,
      referenceDate: '2026-05-01',
      latencyMs: LATENCY_MS,
      ...(faultRate > 0 ? { faults: { rate5xx: faultRate * 0.5, rate429: faultRate * 0.2, rateDropAfterCommit: faultRate * 0.3, seed: 7 } } : {}),
    });
    try {
      const items = itemsFor(em);
      let t = performance.now();
      const first = await writeReconciled(sinkFor(em), items, { maxRounds: 8 });
      const firstMs = performance.now() - t;
      const firstCalls = calls(em);
      const held = em.state.listPeriods().length;
      const line: Record<string, unknown> = {
        bench: 'personio-attendance-sink',
        shifts: SHIFTS,
        periods: items.length,
        latency_ms: LATENCY_MS,
        client_pacing: CLIENT_LIMIT,
        fault_rate: faultRate,
        first_send: { ms: Math.round(firstMs), requests: total(firstCalls), by_endpoint: firstCalls, failed: first.filter((r) => r.outcome === 'failed').length, periods_held: held },
      };
      if (faultRate > 0) line.faults = em.stats.faults;
      else {
        em.resetStats();
        const journal = items.map((it, i) => ({ ...it, externalId: first[i]!.externalId! }));
        t = performance.now();
        const again = await writeReconciled(sinkFor(em), journal);
        const againCalls = calls(em);
        line.unchanged_send = { ms: Math.round(performance.now() - t), requests: total(againCalls), by_endpoint: againCalls, outcomes: [...new Set(again.map((r) => r.outcome))] };
      }
      console.log(JSON.stringify(line));
    } finally {
      await em.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
