import { createServer } from 'node:net';
import { runConnectorContract } from '../../kit/contracts/source-contract.ts';
import { startPersonioEmulator, type PersonioEmulator } from '../../../../emulators/personio/personio-emulator.server.ts';
import { PersonioConnector, type PersonioConnectorConfig } from './personio.connector.ts';

/**
 * The shared connector contract against the Personio emulator. Small company, 1 ms latency, tiny
 * backoffs and short injected hangs so the 20 % fault rounds (timeouts included) take about a second.
 * The emulator's rate limiter is off here — several fresh connectors in a row would share its
 * per-second window — and is exercised on its own in personio.connector.test.ts.
 */

const REFERENCE_DATE = '2025-06-02';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

runConnectorContract('personio', async () => {
  // A clock of our own, so "changed after" is exact: history ends the day before REFERENCE_DATE.
  let now = Date.UTC(2025, 5, 2, 10, 0, 0);
  const em: PersonioEmulator = await startPersonioEmulator({ employees: 120, seed: 11, latencyMs: 1, referenceDate: REFERENCE_DATE, clock: () => now, rateLimit: false });
  const limited = await startPersonioEmulator({ employees: 5, seed: 3, referenceDate: REFERENCE_DATE, rights: ['employees:read', 'attendances:read', 'absences:read'], rateLimit: false });
  const closedPort = await freePort();

  const config = (overrides: Partial<PersonioConnectorConfig> = {}): PersonioConnectorConfig => ({
    baseUrl: em.url,
    clientId: em.credentials.clientId,
    clientSecret: em.credentials.clientSecret,
    // Small pages: more requests per listing, so the fault rounds meet every fault kind.
    pageSize: 25,
    // Generous for a healthy answer even on a loaded machine (the metrics test expects zero retries);
    // an injected timeout cuts the connection after 150 ms, which the client retries as a network error.
    timeoutMs: 1_000,
    retry: { baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10, maxAttempts: 8 },
    ...overrides,
  });

  return {
    connector: new PersonioConnector(config()),
    expectedEmployeeCount: em.state.listEmployees().length,
    breakCredentials: () => new PersonioConnector(config({ clientSecret: 'wrong-secret' })),
    freshConnector: () => new PersonioConnector(config()),
    setFaultRate: (rate) => {
      const share = rate / 5;
      em.setFaults(rate === 0 ? undefined : { rate429: share, rate5xx: share, rateTimeout: share, rateExpiredToken: share, rateMalformed: share, timeoutMs: 150 });
    },
    changeEmployees: async (count) => {
      now += 60_000;
      const since = new Date(now - 1_000);
      const targets = em.state.listEmployees().slice(10, 10 + count);
      for (const e of targets) em.state.updateEmployee(e.id, { position: `${e.position} (senior)`, weekly_working_hours: e.weekly_working_hours + 1 });
      return { since, externalIds: targets.map((e) => String(e.id)) };
    },
    vendorCallCount: () => em.stats.totalCalls,
    limitedRights: async () => ({
      connector: new PersonioConnector({ ...config(), features: { attendances: true, absences: true }, baseUrl: limited.url, clientId: limited.credentials.clientId, clientSecret: limited.credentials.clientSecret }),
      missing: ['attendances:write'],
    }),
    unreachable: () => new PersonioConnector(config({ baseUrl: `http://127.0.0.1:${closedPort}`, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } })),
    teardown: async () => {
      await Promise.all([em.close(), limited.close()]);
    },
  };
});
