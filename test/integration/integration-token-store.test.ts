import { createServer } from 'node:http';
import { createOutboundGuard } from '../../src/connectors/kit/outbound-guard.ts';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import { OAuth2Auth, ReconnectNeededError } from '../../src/connectors/kit/auth/oauth2.ts';
import { refreshAtTokenEndpoint } from '../../src/connectors/kit/auth/token-endpoint.ts';
import { HttpClient } from '../../src/connectors/kit/http-client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { createIntegrationsService } from '../../src/integrations/app-center.service.ts';
import { runFailureCode, isCredentialFailure } from '../../src/integrations/engine/sync-failures.ts';
import { integrationTokenStore, type IntegrationOAuthCredentials } from '../../src/integrations/integration-token-store.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * The DB TokenStore of HR integrations (row lock on `integrations`), against an emulator OAuth
 * server that rotates refresh tokens (Zoom's): two refreshers racing on one expired credential spend
 * the refresh token once; a refused grant turns the integration's health to reconnect_needed. Plus
 * the outbound guard on a user-supplied base URL.
 */
let k: TestKoppel;
let em: ZoomEmulator;
let tenantId: string;
let actor: Actor;

beforeAll(async () => {
  k = await startTestKoppel();
  em = await startZoomEmulator();
  const t = await createTenant(k, 'Tokens BV');
  tenantId = t.tenant.id;
  actor = { tenantId, type: 'user', id: t.owner.id, name: 'Owner', role: 'owner', timeZone: 'Europe/Amsterdam' };
});
afterAll(async () => {
  await em?.close();
  await k?.stop();
});

async function integration(creds: IntegrationOAuthCredentials) {
  return k.db
    .insertInto('integrations')
    .values({ tenant_id: tenantId, vendor: 'personio', name: 'OAuth HR', base_url: em.url, credentials_encrypted: k.services.box.encrypt(JSON.stringify(creds)), settings: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const stored = async (id: string) => {
  const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { row, creds: JSON.parse(k.services.box.decrypt(row.credentials_encrypted)) as IntegrationOAuthCredentials };
};

/** An OAuth2 auth as an HR connector builds it: refresh through the kit transport, tokens in the integration's row. */
function auth(id: string) {
  const http = new HttpClient({ baseUrl: em.url, retry: { maxAttempts: 2, baseDelayMs: 1 } });
  return new OAuth2Auth<IntegrationOAuthCredentials>({
    store: integrationTokenStore(k.db, k.services.box, tenantId, id),
    refresh: (c) => refreshAtTokenEndpoint({ http, tokenUrl: em.tokenUrl, clientId: em.client.clientId, clientSecret: em.client.clientSecret, authMethod: 'client_secret_basic' }, c.refreshToken),
  });
}

describe('DB TokenStore for HR integrations', () => {
  it('two refreshers race on one rotating refresh token: one refresh at the vendor, both get the token, nothing marked', async () => {
    const issued = em.credentials('anna.jansen@example.com');
    const creds: IntegrationOAuthCredentials = { subscriptionKey: 'sub-1', accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: Date.now() - 1 };
    const row = await integration(creds);
    const before = em.oauth.grants.refresh_token;
    const [ta, tb] = await Promise.all([auth(row.id).getToken(), auth(row.id).getToken()]);
    expect(em.oauth.grants.refresh_token - before).toBe(1);
    expect(ta).toBe(tb);
    const now = await stored(row.id);
    expect(now.row.health).not.toBe('reconnect_needed');
    expect(now.creds).toMatchObject({ subscriptionKey: 'sub-1', accessToken: ta });
    expect(now.creds.refreshToken).not.toBe(creds.refreshToken);
    expect(now.row.credentials_encrypted).not.toContain(ta);
    const me = await fetch(`${em.url}/v2/users/me`, { headers: { authorization: `Bearer ${ta}` } });
    expect(me.status).toBe(200);
  });

  it('invalid_grant marks the integration reconnect_needed; the engine and the App center classify it by its code', async () => {
    const u = em.addUser({ email: 'gone@example.com' });
    const issued = em.credentials(u.email);
    const row = await integration({ accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: Date.now() - 1 });
    em.revoke(u.email);
    const err = await auth(row.id)
      .getToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectNeededError);
    expect(isCredentialFailure(err)).toBe(true);
    expect(runFailureCode(err)).toBe('reconnect_needed');
    const { row: now } = await stored(row.id);
    expect(now).toMatchObject({ health: 'reconnect_needed', health_detail: 'reconnect_needed' });
    expect((await k.services.integrations.get(actor, row.id)).health).toBe('reconnect_needed');
  });
});

describe('outbound guard on the HR base URL', () => {
  it('with the outbound guard on, connecting to a 127.0.0.1 listener is a baseUrl field error and the listener receives nothing', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const service = createIntegrationsService(k.db, k.services.box, { urlGuard: createOutboundGuard({ enabled: true }) });
      const err = await service.create(actor, { vendor: 'personio', name: 'Internal', baseUrl: url, credentials: { clientId: 'id', clientSecret: 'secret' } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'validation_failed', details: [{ field: 'baseUrl', code: 'private_address' }] });
      expect(hits).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
