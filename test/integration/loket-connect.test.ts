import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * F-10 for Loket.nl (issue 11), over the real app and the Loket emulator: the seed's form (user name,
 * password, environment code) is exchanged once for tokens; the row holds only the encrypted tokens
 * and Koppel's client, never the login; the user then chooses the employer(s); a refused refresh turns
 * the integration to "reconnect needed", and new login data end it.
 */
let k: TestKoppel;
let em: LoketEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;

beforeAll(async () => {
  em = await startLoketEmulator({ employers: 2, employees: 6, seed: 5, referenceYear: 2026, clientId: 'koppel-test-client', clientSecret: 'koppel-test-secret', username: 'ws-koppel', password: 'Geheim-wachtwoord-42' });
  k = await startTestKoppel({ config: { loketClient: { clientId: 'koppel-test-client', clientSecret: 'koppel-test-secret' } } });
  const t = await createTenant(k, 'Loket Connect BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

const form = (over: Record<string, string> = {}) => ({ username: 'ws-koppel', password: 'Geheim-wachtwoord-42', environment: 'OMG-1234', ...over });

describe('Loket.nl connect (F-10)', () => {
  it('is available in the App center with the seed form fields', async () => {
    const vendors = (await owner.get('/integration-vendors')).body as { vendor: string; comingSoon: boolean; credentialFields: string[]; category: string; capabilities: string[] }[];
    const loket = vendors.find((v) => v.vendor === 'loket');
    expect(loket).toMatchObject({ comingSoon: false, category: 'payroll', credentialFields: ['username', 'password', 'environment'] });
    expect(loket?.capabilities).toContain('payroll-hours:write');
    expect(loket).toMatchObject({ loginPage: true });
  });

  /** Loket's login page as the user's browser: the emulator approves the hinted account and sends back code + state. */
  async function loginPage(client: Client, over: Record<string, unknown> = {}) {
    const start = await client.post('/integrations/oauth/start', { vendor: 'loket', name: 'Loket via login', baseUrl: em.apiUrl, ...over });
    expect(start.status).toBe(200);
    const url = new URL(start.body.authorizeUrl);
    url.searchParams.set('login_hint', 'user-1');
    const back = await fetch(url, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const cb = new URL(back.headers.get('location')!);
    return { url: new URL(start.body.authorizeUrl), code: cb.searchParams.get('code')!, state: cb.searchParams.get('state')! };
  }

  it("Loket's own login page (authorization code + PKCE) connects as well; a forged state is refused", async () => {
    const { url, code, state } = await loginPage(owner);
    expect(`${url.origin}${url.pathname}`).toBe(em.authorizeUrl);
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/settings/integrations/oauth/callback');
    // The one authorization-code connect (decision 0028): PKCE for Loket too, the state only as a hash in the database.
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const pending = await k.db.selectFrom('integration_authorizations').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(pending)).not.toContain(state);
    const forged = await owner.post('/integrations/oauth/callback', { code, state: `${state.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('state');
    const done = await owner.post('/integrations/oauth/callback', { code, state });
    expect(done.status).toBe(201);
    expect(done.body.reconnected).toBe(false);
    expect(done.body.integration).toMatchObject({ vendor: 'loket', name: 'Loket via login', credentialsHint: 'OAuth2' });
    // Two employers: both listed for the choice.
    expect(done.body.accounts).toHaveLength(2);
    const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', done.body.integration.id).executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(k.services.box.decrypt(row.credentials_encrypted)) as object).sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken']);
    // The seed's nightly NAW (address) is on, as for the form.
    expect(done.body.integration.settings.employeeFields.address).toBe(true);
    expect((await owner.get(`/integrations/${done.body.integration.id}/accounts`)).status).toBe(200);
    // A state (and its code) is good once.
    expect((await owner.post('/integrations/oauth/callback', { code, state })).status).toBe(400);
    await k.db.deleteFrom('integrations').where('id', '=', done.body.integration.id).execute();
  });

  it('the state is refused when expired, from another tenant or another user; a refused login page saves nothing', async () => {
    const expired = await loginPage(owner);
    await k.db.updateTable('integration_authorizations').set({ expires_at: new Date(Date.now() - 1000) }).where('tenant_id', '=', tenantId).execute();
    const late = await owner.post('/integrations/oauth/callback', { code: expired.code, state: expired.state });
    expect(late.status).toBe(400);
    expect(late.body.error.details.map((d: { field: string }) => d.field)).toEqual(['state']);

    const mine = await loginPage(owner);
    const other = await createTenant(k, 'Ander Loket BV');
    const stolen = await other.client.post('/integrations/oauth/callback', { code: mine.code, state: mine.state });
    expect(stolen.status).toBe(400);
    expect(JSON.stringify(stolen.body)).toContain('state');
    // Another user of the same tenant cannot finish it either, and their attempt does not use the state up.
    await owner.post('/users', { email: 'hr2@loket.test', name: 'Hanna HR', role: 'hr_admin', password: 'hr-admin-password-1' });
    const { login } = await import('../helpers/harness.ts');
    const colleague = await login(k, 'hr2@loket.test', 'hr-admin-password-1');
    expect((await colleague.post('/integrations/oauth/callback', { code: mine.code, state: mine.state })).status).toBe(400);
    // The vendor's refusal (the user cancelled at Loket): translated, and the state is used up.
    const denied = await owner.post('/integrations/oauth/callback', { state: mine.state, error: 'access_denied' });
    expect(denied.status).toBe(400);
    expect(denied.body.error.code).toBe('integration_credentials_invalid');
    expect((await owner.post('/integrations/oauth/callback', { code: mine.code, state: mine.state })).status).toBe(400);
    expect(await k.db.selectFrom('integrations').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(0);
  });

  it('a wrong password is refused with a reason and nothing is saved', async () => {
    const r = await owner.post('/integrations', { vendor: 'loket', name: 'Loket', baseUrl: em.apiUrl, credentials: form({ password: 'wrong' }) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('integration_credentials_invalid');
    const rows = await k.db.selectFrom('integrations').select('id').where('tenant_id', '=', tenantId).execute();
    expect(rows).toHaveLength(0);
  });

  it('connecting stores only encrypted tokens, never the user name, password or environment code', async () => {
    const before = em.stats.calls['POST /token password'] ?? 0;
    const r = await owner.post('/integrations', { vendor: 'loket', name: 'Loket', baseUrl: em.apiUrl, credentials: form() });
    expect(r.status).toBe(201);
    integrationId = r.body.id;
    expect(r.body.vendor).toBe('loket');
    // Two employers: the user chooses (not set automatically).
    expect(r.body.accountScope).toBeNull();
    expect(JSON.stringify(r.body)).not.toContain('ws-koppel');
    expect((em.stats.calls['POST /token password'] ?? 0) - before).toBe(1);

    const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    for (const secret of ['ws-koppel', 'Geheim-wachtwoord-42', 'OMG-1234']) expect(raw).not.toContain(secret);
    // The stored credential is SecretBox ciphertext, not JSON.
    expect(() => JSON.parse(row.credentials_encrypted)).toThrow();
    const stored = JSON.parse(k.services.box.decrypt(row.credentials_encrypted)) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken']);
    expect(stored.clientId).toBe('koppel-test-client');
    expect(raw).not.toContain(String(stored.accessToken));
    expect(raw).not.toContain(String(stored.refreshToken));
    // The audit trail holds no login data either.
    const audit = await k.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).execute();
    for (const secret of ['ws-koppel', 'Geheim-wachtwoord-42', 'OMG-1234']) expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('lists the employers and takes the chosen one as the scope', async () => {
    const accounts = await owner.get(`/integrations/${integrationId}/accounts`);
    expect(accounts.status).toBe(200);
    expect(accounts.body.items.map((a: { id: string }) => a.id).sort()).toEqual(em.world.employers.map((e) => e.id).sort());
    expect(accounts.body.items.every((a: { kind: string; selected: boolean }) => a.kind === 'employer' && !a.selected)).toBe(true);
    const first = em.world.employers[0]!;
    const set = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: [first.id] });
    expect(set.status).toBe(200);
    expect(set.body.accountScope).toEqual([{ id: first.id, name: first.companyName, kind: 'employer' }]);
    const unknown = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: ['00000000-0000-0000-0000-000000000000'] });
    expect(unknown.status).toBe(400);
  });

  it('a refused refresh shows "reconnect needed"; a new login ends it', async () => {
    // Loket revokes the grant (password changed, user removed): access and refresh tokens are refused.
    em.oauth.revokeUser('user-1');
    const read = await owner.get(`/integrations/${integrationId}/accounts`);
    expect(read.status).toBe(400);
    expect(read.body.error.code).toBe('integration_credentials_invalid');
    const got = (await owner.get(`/integrations/${integrationId}`)).body;
    expect(got.health).toBe('reconnect_needed');
    const health = (await owner.get('/integrations-health')).body as { id: string; state: string }[];
    expect(health.find((h) => h.id === integrationId)?.state).toBe('reconnect_needed');

    const again = await owner.patch(`/integrations/${integrationId}`, { credentials: form() });
    expect(again.status).toBe(200);
    expect(again.body.health).toBe('healthy');
    const row = await k.db.selectFrom('integrations').select('credentials_encrypted').where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('Geheim-wachtwoord-42');
    expect((await owner.get(`/integrations/${integrationId}/accounts`)).status).toBe(200);
  });
});
