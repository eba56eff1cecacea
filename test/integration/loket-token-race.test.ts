import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { MemoryTokenStore } from '../../src/connectors/kit/auth/token-store.ts';
import { LoketConnector } from '../../src/connectors/hr/loket/loket.connector.ts';
import { integrationTokenStore, type IntegrationOAuthCredentials } from '../../src/integrations/integration-token-store.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Loket's refresh tokens rotate: each is accepted once. Two refreshers of one expired credential (a
 * sync run and an App center read, or two workers) each hold their own store on the integration's row
 * (SELECT … FOR UPDATE): one refreshes, the other finds the pair rotated under the lock and uses it.
 * Nothing is lost and no "reconnect needed". The control shows the race is real: two refreshers
 * without the shared lock spend the same token twice and one of them is told to reconnect.
 */
let k: TestKoppel;
let em: LoketEmulator;
let tenantId: string;

beforeAll(async () => {
  k = await startTestKoppel();
  em = await startLoketEmulator({ employers: 2, employees: 6, seed: 2, referenceYear: 2026 });
  tenantId = (await createTenant(k, 'Loket Tokens BV')).tenant.id;
});
afterAll(async () => {
  await em?.close();
  await k?.stop();
});

function connector(store: ConstructorParameters<typeof LoketConnector>[0]['tokenStore']) {
  return new LoketConnector({
    apiUrl: em.apiUrl,
    tokenUrl: em.tokenUrl,
    clientId: em.credentials.clientId,
    clientSecret: em.credentials.clientSecret,
    tokenStore: store,
    rateLimit: false,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

describe('Loket rotating refresh token, two refreshers at once', () => {
  it('one refreshes, the other uses the new pair; the row keeps the newest pair; health stays fine', async () => {
    const issued = em.issueTokens();
    const expired: IntegrationOAuthCredentials = { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: Date.now() - 1_000 };
    const row = await k.db
      .insertInto('integrations')
      .values({ tenant_id: tenantId, vendor: 'loket', name: 'Loket', base_url: em.apiUrl, credentials_encrypted: k.services.box.encrypt(JSON.stringify(expired)), settings: '{}' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const before = em.oauth.grants.refresh_token;

    const a = connector(integrationTokenStore(k.db, k.services.box, tenantId, row.id));
    const b = connector(integrationTokenStore(k.db, k.services.box, tenantId, row.id));
    const [la, lb] = await Promise.all([a.listAccounts(), b.listAccounts()]);

    expect(la.map((x) => x.id).sort()).toEqual(em.world.employers.map((e) => e.id).sort());
    expect(lb).toEqual(la);
    expect(em.oauth.grants.refresh_token - before).toBe(1);
    expect(a.client.auth.refreshes + b.client.auth.refreshes).toBe(1);

    const after = await k.db.selectFrom('integrations').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.health).not.toBe('reconnect_needed');
    const stored = JSON.parse(k.services.box.decrypt(after.credentials_encrypted)) as IntegrationOAuthCredentials;
    expect(stored.refreshToken).not.toBe(issued.refreshToken);
    expect(stored.expiresAt).toBeGreaterThan(Date.now());

    // The stored pair is the live one: its refresh token still works (and rotates again), the spent one does not.
    const refresh = (token: string) =>
      fetch(em.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: em.credentials.clientId, client_secret: em.credentials.clientSecret }) });
    expect((await refresh(issued.refreshToken)).status).toBe(400);
    expect((await refresh(stored.refreshToken)).status).toBe(200);
  });

  it('control: without the shared lock both spend the same refresh token and one is told to reconnect', async () => {
    const issued = em.issueTokens();
    const pair = { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: Date.now() - 1_000 };
    const sa = new MemoryTokenStore({ ...pair });
    const sb = new MemoryTokenStore({ ...pair });
    const results = await Promise.allSettled([connector(sa).listAccounts(), connector(sb).listAccounts()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as { code?: string }).code).toBe('reconnect_needed');
    expect([sa.reconnectNeeded, sb.reconnectNeeded].filter(Boolean)).toHaveLength(1);
  });
});
