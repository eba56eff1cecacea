import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/platform/db/client.ts';
import { NMBRS_DEFAULT_CLIENT, NMBRS_USERS, startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { createAuthorizationCodeService } from '../../src/integrations/authorization-code.service.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { consentPage, NMBRS_REDIRECT, nmbrsForm } from './nmbrs-support.ts';

/**
 * F-10 for Nmbrs (issue 10), over the real app and the Nmbrs emulator: the form (subscription key,
 * OAuth client) → Nmbrs' consent page (state + PKCE) driven over HTTP like a browser → callback →
 * tokens stored only encrypted → debtor and company choice (a token over two debtors is listed per
 * debtor) → a revoked consent turns "reconnect needed" → the same round trip with integrationId ends it.
 */
let k: TestKoppel;
let em: NmbrsEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;
const REDIRECT = NMBRS_REDIRECT;

beforeAll(async () => {
  em = await startNmbrsEmulator({ employees: 12, companies: 3, debtors: 2, seed: 3, referenceDate: '2026-03-10', rateLimitPerSecond: 0 });
  k = await startTestKoppel();
  const t = await createTenant(k, 'Nmbrs Connect BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

const form = (over: Record<string, string> = {}) => nmbrsForm(em, over);
const consent = consentPage;

describe('Nmbrs connect (F-10)', () => {
  it('is listed in the App center with the form fields (no longer "coming soon")', async () => {
    const vendors = (await owner.get('/integration-vendors')).body as { vendor: string; comingSoon: boolean; credentialFields: string[]; capabilities: string[] }[];
    const nmbrs = vendors.find((v) => v.vendor === 'nmbrs');
    // The subscription key only: the OAuth client is Koppel's registered app, configured by the operator.
    expect(nmbrs).toMatchObject({ comingSoon: false, credentialFields: ['subscriptionKey'] });
    expect(nmbrs?.capabilities).toContain('payroll-hours:write');
  });

  it('the OAuth client comes from the operator: a client typed into the form is ignored; without one configured, connecting is refused', async () => {
    const typed = await owner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'Nmbrs', baseUrl: em.url, credentials: form({ clientId: 'typed-by-user', clientSecret: 'x' }), redirectUri: REDIRECT });
    expect(typed.status).toBe(200);
    expect(new URL(typed.body.authorizeUrl).searchParams.get('client_id')).toBe(NMBRS_DEFAULT_CLIENT.clientId);
    const unconfigured = createAuthorizationCodeService(k.db, k.services.box, {});
    const actor = { tenantId, type: 'user' as const, id: 'x', userId: null, name: 'Owner', role: 'owner' as const, timeZone: 'Europe/Amsterdam' };
    await expect(unconfigured.start(actor as never, { vendor: 'nmbrs', name: 'Nmbrs', baseUrl: em.url, credentials: form(), redirectUri: REDIRECT })).rejects.toMatchObject({
      code: 'integration_unreachable',
      details: [expect.objectContaining({ field: 'baseUrl', code: 'vendor_client_not_configured' })],
    });
    await k.db.deleteFrom('integration_authorizations').where('tenant_id', '=', tenantId).execute();
  });

  it('a denied consent and a reused or unknown state are refused; nothing is saved', async () => {
    const start = await owner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'Nmbrs', baseUrl: em.url, credentials: form(), redirectUri: REDIRECT });
    expect(start.status).toBe(200);
    const back = await consent(start.body.authorizeUrl, NMBRS_USERS[0]!.email, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const denied = await owner.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), error: 'access_denied' });
    expect(denied.status).toBe(400);
    expect(denied.body.error.code).toBe('integration_credentials_invalid');
    const again = await owner.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), code: 'x' });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain('state');
    expect(await k.db.selectFrom('integrations').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(0);
  });

  it('consent round trip: state and PKCE on the consent URL, tokens stored only encrypted, debtors and companies to choose', async () => {
    const start = await owner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'Nmbrs salarisadministratie', baseUrl: em.url, credentials: form(), redirectUri: REDIRECT });
    expect(start.status).toBe(200);
    const url = new URL(start.body.authorizeUrl);
    expect(url.origin + url.pathname).toBe(em.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('scope')).toContain('offline_access');
    expect(url.searchParams.get('state')).toBe(start.body.state);
    // The pending connect holds the state only as a hash and the form encrypted.
    const pending = await k.db.selectFrom('integration_authorizations').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(JSON.stringify(pending)).not.toContain(start.body.state);
    expect(JSON.stringify(pending)).not.toContain(em.subscriptionKey);

    const back = await consent(start.body.authorizeUrl, NMBRS_USERS[0]!.email);
    expect(back.searchParams.get('state')).toBe(start.body.state);
    const cb = await owner.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    expect(cb.status).toBe(201);
    integrationId = cb.body.integration.id;
    expect(cb.body.integration).toMatchObject({ vendor: 'nmbrs', name: 'Nmbrs salarisadministratie', health: 'healthy', accountScope: null });
    // Two debtors (ForbiddenMultiDebtor on GET /api/companies): every debtor and every company is listed.
    const debtors = cb.body.accounts.filter((a: { kind: string }) => a.kind === 'debtor');
    const companies = cb.body.accounts.filter((a: { kind: string }) => a.kind === 'company');
    expect(debtors).toHaveLength(2);
    expect(companies).toHaveLength(3);
    for (const c of companies) expect(debtors.map((d: { id: string }) => d.id)).toContain(c.parentId);

    const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    expect(() => JSON.parse(row.credentials_encrypted)).toThrow();
    const stored = JSON.parse(k.services.box.decrypt(row.credentials_encrypted)) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'subscriptionKey']);
    // The client stored with the tokens is the operator's (KOPPEL_NMBRS_CLIENT_ID; the emulator's outside production).
    expect(stored.clientId).toBe(NMBRS_DEFAULT_CLIENT.clientId);
    for (const secret of [String(stored.accessToken), String(stored.refreshToken), em.subscriptionKey, NMBRS_DEFAULT_CLIENT.clientSecret!]) expect(raw).not.toContain(secret);
    const audit = await k.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(JSON.stringify(audit)).not.toContain(String(stored.refreshToken));
    expect(JSON.stringify(audit)).not.toContain(em.subscriptionKey);
    expect(await k.db.selectFrom('integration_authorizations').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(0);
  });

  it('a consent under way while migration 093 runs (integration_consents → integration_authorizations) still finishes', async () => {
    const start = await owner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'Nmbrs vóór 093', baseUrl: em.url, credentials: form(), redirectUri: REDIRECT });
    expect(start.status).toBe(200);
    // Put the schema back as it was before 093 (the table as migration 061 made it, without actor_id) with the row in it …
    await sql`ALTER TABLE integration_authorizations DROP COLUMN actor_id`.execute(k.db);
    await sql`ALTER TABLE integration_authorizations RENAME CONSTRAINT integration_authorizations_pkey TO integration_consents_pkey`.execute(k.db);
    await sql`ALTER INDEX integration_authorizations_expiry_idx RENAME TO integration_consents_expiry_idx`.execute(k.db);
    await sql`ALTER TABLE integration_authorizations RENAME TO integration_consents`.execute(k.db);
    await sql`DELETE FROM schema_migrations WHERE name = '093_integration_authorizations.sql'`.execute(k.db);
    // … and run the migrations as a start-up would.
    expect(await migrate(k.db)).toEqual(['093_integration_authorizations.sql']);
    const moved = await k.db.selectFrom('integration_authorizations').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(moved).toHaveLength(1);
    expect(moved[0]!.actor_id).toBe(moved[0]!.user_id);
    const back = await consent(start.body.authorizeUrl, NMBRS_USERS[0]!.email);
    const cb = await owner.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    expect(cb.status).toBe(201);
    expect(cb.body.integration.name).toBe('Nmbrs vóór 093');
    await k.db.deleteFrom('integrations').where('id', '=', cb.body.integration.id).execute();
  });

  it('the user chooses companies (one of them by its debtor); the scope is stored', async () => {
    const accounts = (await owner.get(`/integrations/${integrationId}/accounts`)).body.items as { id: string; kind: string; parentId: string | null }[];
    const debtor = accounts.find((a) => a.kind === 'debtor')!;
    const companyOfOther = accounts.find((a) => a.kind === 'company' && a.parentId !== debtor.id)!;
    const r = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: [debtor.id, companyOfOther.id] });
    expect(r.status).toBe(200);
    expect(r.body.accountScope.map((a: { id: string }) => a.id)).toEqual([debtor.id, companyOfOther.id]);
    const again = (await owner.get(`/integrations/${integrationId}/accounts`)).body.items as { id: string; selected: boolean }[];
    expect(again.filter((a) => a.selected).map((a) => a.id).sort()).toEqual([debtor.id, companyOfOther.id].sort());
    // An unknown account is refused on its field.
    const bad = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: ['00000000-0000-0000-0000-000000000000'] });
    expect(bad.status).toBe(400);
  });

  it('a revoked consent shows "reconnect needed"; the consent round trip with integrationId ends it and keeps the scope', async () => {
    // Make the stored access token stale so the next read must refresh, then revoke the consent at Nmbrs.
    const row = await k.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    const stored = JSON.parse(k.services.box.decrypt(row.credentials_encrypted)) as Record<string, unknown>;
    await k.db.updateTable('integrations').set({ credentials_encrypted: k.services.box.encrypt(JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 })) }).where('id', '=', integrationId).execute();
    em.oauth.revokeUser(NMBRS_USERS[0]!.email);
    const read = await owner.get(`/integrations/${integrationId}/accounts`);
    expect(read.status).toBe(400);
    expect(read.body.error.code).toBe('integration_credentials_invalid');
    const got = (await owner.get(`/integrations/${integrationId}`)).body;
    expect(got.health).toBe('reconnect_needed');
    const health = (await owner.get('/integrations-health')).body as { id: string; state: string }[];
    expect(health.find((h) => h.id === integrationId)?.state).toBe('reconnect_needed');

    // Reconnect: the stored form is reused (no secrets typed again).
    const start = await owner.post('/integrations/oauth/start', { vendor: 'nmbrs', integrationId, redirectUri: REDIRECT });
    expect(start.status).toBe(200);
    const back = await consent(start.body.authorizeUrl, NMBRS_USERS[0]!.email);
    const cb = await owner.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    expect(cb.status).toBe(201);
    expect(cb.body.reconnected).toBe(true);
    expect(cb.body.integration.id).toBe(integrationId);
    expect(cb.body.integration.health).toBe('healthy');
    expect(cb.body.integration.accountScope).toHaveLength(2);
    expect((await owner.get(`/integrations/${integrationId}/accounts`)).status).toBe(200);
    expect(await k.db.selectFrom('integrations').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(1);
    // New credentials for Nmbrs go through the consent page, not the form-only update.
    const patched = await owner.patch(`/integrations/${integrationId}`, { credentials: form() });
    expect(patched.status).toBe(409);
  });

  it('another tenant cannot reconnect or finish this tenant\'s consent; a planner may not connect', async () => {
    const other = await createTenant(k, 'Ander BV');
    const r = await other.client.post('/integrations/oauth/start', { vendor: 'nmbrs', integrationId, redirectUri: REDIRECT });
    expect(r.status).toBe(404);
    const start = await owner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'N2', baseUrl: em.url, credentials: form(), redirectUri: REDIRECT });
    const back = await consent(start.body.authorizeUrl, NMBRS_USERS[1]!.email);
    const stolen = await other.client.post('/integrations/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    expect(stolen.status).toBe(400);
    await owner.post('/users', { email: 'planner@nmbrs.test', name: 'Piet Planner', role: 'planner', password: 'planner-password-1' });
    const { login } = await import('../helpers/harness.ts');
    const planner = await login(k, 'planner@nmbrs.test', 'planner-password-1');
    const refused = await planner.post('/integrations/oauth/start', { vendor: 'nmbrs', name: 'N3', baseUrl: em.url, credentials: form(), redirectUri: REDIRECT });
    expect(refused.status).toBe(403);
  });
});
