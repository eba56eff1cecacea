import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../../../emulators/zoom/zoom-emulator.ts';
import type { OAuthProviderCredentials } from '../provider.ts';
import { providerAuth } from '../oauth/provider-http.ts';
import { buildPkceAuthorizeUrl, createPkceVerifier, pkceChallenge } from './oauth2.ts';
import { MemoryTokenStore } from './token-store.ts';

/**
 * OAuth2 with rotating refresh tokens through the TokenStore lock, against the Zoom emulator (it
 * rotates refresh tokens and refuses a used one with invalid_grant). The DB-backed store runs the
 * same race in test/integration/oauth-token-store.test.ts.
 */
let em: ZoomEmulator;
beforeAll(async () => {
  em = await startZoomEmulator();
});
afterAll(async () => {
  await em?.close();
});

const HOST = 'anna.jansen@example.com';

describe('PKCE', () => {
  it('S256 challenge of a fresh verifier, sent on the authorize URL', () => {
    const v = createPkceVerifier();
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pkceChallenge(v)).toBe(createHash('sha256').update(v).digest('base64url'));
    const url = new URL(buildPkceAuthorizeUrl({ authorizeUrl: 'https://id.example/connect/authorize', clientId: 'c', redirectUri: 'https://koppel.example/cb', state: 's', scopes: ['a'], codeVerifier: v }));
    expect(url.searchParams.get('code_challenge')).toBe(pkceChallenge(v));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(() => pkceChallenge('short')).toThrow(RangeError);
  });
});

describe('rotating refresh tokens under the store lock', () => {
  it('two refreshers racing on one expired credential: one refresh at the vendor, both get a working token, nothing marked', async () => {
    const creds = { ...em.credentials(HOST), expiresAt: Date.now() - 1 } as OAuthProviderCredentials;
    // One store shared by two "processes", each with its own auth (own cache, own in-flight refresh).
    const store = new MemoryTokenStore<OAuthProviderCredentials>(creds);
    const a = providerAuth(creds, { tokenStore: store }, 'client_secret_basic');
    const b = providerAuth(creds, { tokenStore: store }, 'client_secret_basic');
    const before = em.oauth.grants.refresh_token;
    const [ta, tb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(em.oauth.grants.refresh_token - before).toBe(1);
    expect(ta).toBe(tb);
    expect(store.saves).toBe(1);
    expect(store.reconnectNeeded).toBeNull();
    expect(store.current.refreshToken).not.toBe(creds.refreshToken);
    const me = await fetch(`${em.url}/v2/users/me`, { headers: { authorization: `Bearer ${ta}` } });
    expect(me.status).toBe(200);
  });

  it('a refresh token that is gone marks the credential reconnect-needed and throws reconnect_needed', async () => {
    const u = em.addUser({ email: 'gone@example.com' });
    const creds = { ...em.credentials(u.email), expiresAt: Date.now() - 1 } as OAuthProviderCredentials;
    em.revoke(u.email);
    const store = new MemoryTokenStore<OAuthProviderCredentials>(creds);
    const err = await providerAuth(creds, { tokenStore: store }, 'client_secret_basic')
      .getToken()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'reconnect_needed' });
    expect(store.reconnectNeeded).toBeTruthy();
    expect(store.saves).toBe(0);
  });

  it('without a store, the rotated pair is reported through onCredentialsRefreshed before use', async () => {
    const creds = { ...em.credentials(HOST), expiresAt: Date.now() - 1 } as OAuthProviderCredentials;
    const saved: unknown[] = [];
    const auth = providerAuth(creds, { onCredentialsRefreshed: async (c) => void saved.push(c) }, 'client_secret_basic');
    const token = await auth.getToken();
    expect(saved).toEqual([expect.objectContaining({ accessToken: token })]);
  });
});
