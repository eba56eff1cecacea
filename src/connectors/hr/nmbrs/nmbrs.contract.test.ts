import { createServer } from 'node:net';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { runConnectorContract } from '../../kit/contracts/source-contract.ts';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { NmbrsConnector, type NmbrsConnectorConfig } from './nmbrs.connector.ts';

/**
 * The shared connector contract against the Nmbrs emulator: two debtors (so the token is refused
 * `GET /api/companies` and companies are listed per debtor), three companies with different period
 * types, 1 ms latency, small pages, tiny backoffs and short injected hangs. The emulator's rate limit
 * is off here (fresh connectors in a row would share it); 429s come from the fault profile.
 */

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

runConnectorContract('nmbrs', async () => {
  let now = Date.UTC(2026, 5, 15, 10, 0, 0);
  const clock = () => now;
  const em: NmbrsEmulator = await startNmbrsEmulator({ employees: 120, companies: 3, debtors: 2, seed: 11, latencyMs: 1, referenceDate: '2026-06-15', rateLimitPerSecond: 0, clock });
  const closedPort = await freePort();

  const config = (overrides: Partial<NmbrsConnectorConfig> = {}): NmbrsConnectorConfig => ({
    baseUrl: em.url,
    identityUrl: em.url,
    subscriptionKey: em.subscriptionKey,
    clientId: em.client.clientId,
    clientSecret: em.client.clientSecret,
    tokens: new MemoryTokenStore(em.issueTokens()),
    pageSize: 15,
    timeoutMs: 1_000,
    rateLimit: false,
    retry: { baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10, maxAttempts: 8 },
    now: clock,
    ...overrides,
  });

  return {
    connector: new NmbrsConnector(config()),
    expectedEmployeeCount: em.data.employees.length,
    breakCredentials: () => new NmbrsConnector(config({ subscriptionKey: 'wrong-key' })),
    freshConnector: () => new NmbrsConnector(config()),
    setFaultRate: (rate) => {
      const share = rate / 4;
      em.setFaults(rate === 0 ? undefined : { rate429: share, rate5xx: share, rateTimeout: share, rateExpiredToken: share, timeoutMs: 150 });
    },
    changeEmployees: async (count) => {
      now += 60_000;
      const since = new Date(now - 1_000);
      const targets = em.data.employees.slice(10, 10 + count).map((e) => e.employeeId);
      em.changeEmployees(targets);
      return { since, externalIds: targets };
    },
    vendorCallCount: () => em.stats.apiCalls + em.stats.tokenCalls,
    limitedRights: async () => ({
      connector: new NmbrsConnector(config({ tokens: new MemoryTokenStore(em.issueTokens(undefined, 'company.info.read company.payrollsettings.read employee.info.read employee.orgstructure.read employee.employment.read offline_access')) })),
      missing: ['employee.payment.read'],
    }),
    unreachable: () => new NmbrsConnector(config({ baseUrl: `http://127.0.0.1:${closedPort}`, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } })),
    teardown: () => em.close(),
  };
});
