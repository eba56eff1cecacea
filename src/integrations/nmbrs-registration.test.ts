import { describe, expect, it } from 'vitest';
import { startNmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import type { ConnectorRegistration } from './registry.ts';
import { MemoryTokenStore } from '../connectors/kit/auth/token-store.ts';
import { NMBRS_REGISTRATION, nmbrsIdentityUrl } from '../connectors/hr/nmbrs/nmbrs.registration.ts';

describe('Nmbrs registry line', () => {
  it('fits the registry type and builds a connector from credentials plus the integration token store', async () => {
    const line: ConnectorRegistration = NMBRS_REGISTRATION;
    expect(line.capabilities).toContain('payroll-hours:write');
    // The form asks only for the subscription key: the OAuth client is Koppel's (operator configuration), never typed.
    expect(Object.keys(line.credentialsSchema.shape)).toEqual(['subscriptionKey']);
    expect(line.credentialsSchema.safeParse({ subscriptionKey: 'k' }).success).toBe(true);
    expect(line.credentialsSchema.safeParse({ clientId: 'c', clientSecret: 's' }).success).toBe(false);
    expect(() => line.create({ baseUrl: 'http://127.0.0.1:1', credentials: {} })).toThrow(/consent/);
    expect(nmbrsIdentityUrl('https://api.nmbrsapp.com', {})).toBe('https://identityservice.nmbrs.com');

    const em = await startNmbrsEmulator({ employees: 12, companies: 1, seed: 2, referenceDate: '2026-06-15', rateLimitPerSecond: 0 });
    try {
      const store = new MemoryTokenStore({ ...em.issueTokens(), expiresAt: 0 });
      const connector = line.create({
        baseUrl: em.url,
        credentials: { subscriptionKey: em.subscriptionKey, clientId: em.client.clientId, clientSecret: em.client.clientSecret },
        tokenStore: store,
        tuning: { rateLimit: false },
      });
      expect(await connector.verifyCredentials()).toEqual({ ok: true });
      // The expired token was refreshed through the store, and the rotated refresh token stored.
      expect(store.saves).toBe(1);
      let n = 0;
      for await (const _ of connector.listEmployees()) n++;
      expect(n).toBe(12);
    } finally {
      await em.close();
    }
  });
});
