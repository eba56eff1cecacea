import { createServer } from 'node:net';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { runConnectorContract } from '../../kit/contracts/source-contract.ts';
import { startLoketEmulator, type LoketEmulator } from '../../../../emulators/loket/loket-emulator.server.ts';
import { LOKET_BSN_RIGHT, LoketConnector, type LoketConnectorConfig } from './loket.connector.ts';

/**
 * The shared source contract against the Loket emulator: 3 employers, 1 ms latency, tiny backoffs and
 * 150 ms injected hangs so the 20 % fault rounds (429, 5xx, timeouts, expired tokens → a refresh of the
 * ROTATING refresh token) stay quick. Payroll years 2024–2025 and a connector clock in 2026, so
 * employments that ended are former.
 */

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

runConnectorContract('loket', async () => {
  const em: LoketEmulator = await startLoketEmulator({ employers: 3, employees: 90, seed: 11, latencyMs: 1, referenceYear: 2025 });
  const limited = await startLoketEmulator({ employers: 1, employees: 3, seed: 4, referenceYear: 2025 });
  limited.rights.citizenServiceNumber = false;
  const closedPort = await freePort();

  const config = (target: LoketEmulator, overrides: Partial<LoketConnectorConfig> = {}): LoketConnectorConfig => ({
    apiUrl: target.apiUrl,
    tokenUrl: target.tokenUrl,
    clientId: target.credentials.clientId,
    clientSecret: target.credentials.clientSecret,
    tokenStore: new MemoryTokenStore(target.issueTokens()),
    pageSize: 10,
    timeoutMs: 1_000,
    retry: { baseDelayMs: 5, maxDelayMs: 40, rateLimitFloorMs: 10, maxAttempts: 8 },
    rateLimit: false,
    now: () => Date.now(),
    ...overrides,
  });

  return {
    connector: new LoketConnector(config(em, { now: () => Date.UTC(2026, 5, 1) })),
    expectedEmployeeCount: em.world.employees.length,
    breakCredentials: () => new LoketConnector(config(em, { tokenStore: new MemoryTokenStore({ accessToken: 'expired', refreshToken: 'not-a-refresh-token', expiresAt: 0 }) })),
    freshConnector: () => new LoketConnector(config(em, { now: () => Date.UTC(2026, 5, 1) })),
    setFaultRate: (rate) => {
      const share = rate / 4;
      em.kit.setFaultProfile(rate === 0 ? undefined : { rate429: share, rate5xx: share, rateTimeout: share, rateExpiredToken: share, timeoutMs: 150 });
    },
    changeEmployees: async (count) => {
      const since = new Date();
      const targets = em.world.employees.slice(5, 5 + count);
      for (const p of targets) p.lastName = `${p.lastName}-Visser`;
      return { since, externalIds: targets.map((p) => p.id) };
    },
    updatedSinceIsSuperset: true,
    organisationLacks: ['costCenters'],
    vendorCallCount: () => Object.values(em.stats.calls).reduce((a, b) => a + b, 0),
    limitedRights: async () => ({ connector: new LoketConnector(config(limited)), missing: [LOKET_BSN_RIGHT] }),
    unreachable: () =>
      new LoketConnector(config(em, { apiUrl: `http://127.0.0.1:${closedPort}/v2`, tokenUrl: `http://127.0.0.1:${closedPort}/token`, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } })),
    teardown: async () => {
      await Promise.all([em.close(), limited.close()]);
    },
  };
});
