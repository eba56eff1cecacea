import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../emulators/zoom/zoom-emulator.ts';
import type { OAuthProviderCredentials } from '../../src/connectors/kit/provider.ts';
import { providerAuth } from '../../src/connectors/kit/oauth/provider-http.ts';
import { connectionTokenStore, videoProviderFor } from '../../src/recruiting/provider-registry.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * The DB-backed TokenStore (row lock on recruiting_connections): refreshers racing on one rotating
 * refresh token spend it once, store the new pair encrypted, and a revoked grant flips the
 * connection to reconnect_needed.
 */
let k: TestKoppel;
let em: ZoomEmulator;
const HOST = 'anna.jansen@example.com';

beforeAll(async () => {
  k = await startTestKoppel();
  em = await startZoomEmulator();
});
afterAll(async () => {
  await em?.close();
  await k?.stop();
});

async function connection(creds: OAuthProviderCredentials) {
  // One Zoom connection per user: a fresh tenant (and owner) per fixture.
  const t = await createTenant(k);
  return k.db
    .insertInto('recruiting_connections')
    .values({ tenant_id: t.tenant.id, user_id: t.owner.id, kind: 'zoom', category: 'video', account: creds.account, credentials_encrypted: k.services.box.encrypt(JSON.stringify(creds)), updated_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const stored = async (id: string) => {
  const row = await k.db.selectFrom('recruiting_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { row, creds: JSON.parse(k.services.box.decrypt(row.credentials_encrypted)) as OAuthProviderCredentials };
};

describe('DB TokenStore for calendar/video connections', () => {
  it('three refreshers race on one expired credential: one refresh at the vendor, all get the stored token, nothing marked', async () => {
    const creds = { ...em.credentials(HOST), expiresAt: Date.now() - 1 } as OAuthProviderCredentials;
    const conn = await connection(creds);
    const auths = [0, 1, 2].map(() => providerAuth(creds, { tokenStore: connectionTokenStore(k.db, k.services.box, conn.id, 'zoom') }, 'client_secret_basic'));
    const before = em.oauth.grants.refresh_token;
    const tokens = await Promise.all(auths.map((a) => a.getToken()));
    expect(em.oauth.grants.refresh_token - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const { row, creds: now } = await stored(conn.id);
    expect(row.status).toBe('connected');
    expect(now.accessToken).toBe(tokens[0]);
    expect(now.refreshToken).not.toBe(creds.refreshToken);
  });

  it('a provider built from the connection refreshes through the row and keeps working; a revoked grant is reconnect_needed', async () => {
    const u = em.addUser({ email: 'rotating@example.com' });
    const creds = { ...em.credentials(u.email), expiresAt: Date.now() - 1 } as OAuthProviderCredentials;
    const conn = await connection(creds);
    await videoProviderFor(k.db, k.services.box, conn).verify();
    // A second provider from the now stale row object still finds the rotated pair under the lock.
    await videoProviderFor(k.db, k.services.box, conn).verify();
    expect((await stored(conn.id)).creds.refreshToken).not.toBe(creds.refreshToken);

    em.revoke(u.email);
    const fresh = await stored(conn.id);
    await k.db.updateTable('recruiting_connections').set({ credentials_encrypted: k.services.box.encrypt(JSON.stringify({ ...fresh.creds, expiresAt: Date.now() - 1 })) }).where('id', '=', conn.id).execute();
    const row = (await stored(conn.id)).row;
    const err = await videoProviderFor(k.db, k.services.box, row).verify().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'reconnect_needed' });
    expect((await stored(conn.id)).row.status).toBe('reconnect_needed');
  });
});
