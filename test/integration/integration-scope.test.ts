import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_GUARD } from '../../src/connectors/kit/outbound-guard.ts';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { AppError } from '../../src/domain/errors.ts';
import { HttpError } from '../../src/connectors/kit/http-client.ts';
import { ReconnectNeededError } from '../../src/connectors/kit/auth/oauth2.ts';
import type { ExternalAccount, HrConnector } from '../../src/connectors/kit/hr-connector.ts';
import { createIntegrationsService } from '../../src/integrations/app-center.service.ts';
import { SecretBox } from '../../src/platform/crypto.ts';
import { type Client, createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator } from './sync-support.ts';

/**
 * Account scope (issue 8): after connecting, an integration covers the accounts (company /
 * administration) the user picked. Personio sees one company, picked automatically; a vendor with
 * several is validated against the live list. Plus: capabilities in the vendor list, and a refused
 * credential on a live read turning the integration to "reconnect needed".
 */

let k: TestKoppel;
let em: PersonioEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;

beforeAll(async () => {
  k = await startTestKoppel();
  em = await startEmulator({ employees: 6 });
  const t = await createTenant(k, 'Scope BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

describe('vendor registry over the API', () => {
  it('lists every vendor once, with category and capabilities', async () => {
    const vendors = (await owner.get('/integration-vendors')).body as { vendor: string; category: string; capabilities: string[]; comingSoon: boolean }[];
    expect(vendors.map((v) => v.vendor)).toEqual(['personio', 'nmbrs', 'loket', 'google', 'microsoft', 'caldav', 'zoom', 'gotomeeting']);
    expect(vendors.find((v) => v.vendor === 'personio')).toMatchObject({ category: 'hr', capabilities: ['employees:read', 'organisation:read', 'absences:read'], comingSoon: false });
    expect(vendors.find((v) => v.vendor === 'nmbrs')).toMatchObject({ category: 'payroll', capabilities: ['employees:read', 'organisation:read', 'payroll-hours:write'], comingSoon: false });
    expect(vendors.find((v) => v.vendor === 'google')).toMatchObject({ category: 'calendar', capabilities: expect.arrayContaining(['calendar:freebusy', 'calendar:events:write']) });
    expect(vendors.find((v) => v.vendor === 'zoom')).toMatchObject({ category: 'video', capabilities: ['video:meetings:write'] });
    // Only HR systems connect here.
    const refused = await owner.post('/integrations', { vendor: 'google', name: 'G', credentials: {} });
    expect(refused.status).toBe(400);
  });
});

describe('Personio: one company, chosen automatically', () => {
  it('connecting stores the single account as the scope, shown on the integration', async () => {
    const created = await connect(owner, em);
    integrationId = created.id;
    const got = (await owner.get(`/integrations/${integrationId}`)).body;
    expect(got.accountScope).toEqual([{ id: 'company', name: 'Personio company', kind: 'company' }]);
    expect(got.capabilities).toEqual(['employees:read', 'organisation:read', 'absences:read']);
    const audit = await k.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('entity_id', '=', integrationId).where('action', '=', 'create').executeTakeFirstOrThrow();
    expect((audit.changes as Record<string, unknown>).account_scope).toEqual({ old: null, new: ['company'] });
  });

  it('GET …/accounts lists the live accounts with the chosen ones selected', async () => {
    const r = await owner.get(`/integrations/${integrationId}/accounts`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ items: [{ id: 'company', name: 'Personio company', kind: 'company', parentId: null, selected: true }] });
  });

  it('PUT …/scope refuses an account the credentials do not see, as a field error', async () => {
    const r = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: ['company', 'elsewhere'] });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ field: 'accountIds.1', message: 'Unknown account' }]);
    const empty = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: [] });
    expect(empty.status).toBe(400);
    const ok = await owner.put(`/integrations/${integrationId}/scope`, { accountIds: ['company'] });
    expect(ok.status).toBe(200);
    expect(ok.body.accountScope).toEqual([{ id: 'company', name: 'Personio company', kind: 'company' }]);
  });

  it('is role-checked and tenant-scoped', async () => {
    await owner.post('/users', { email: 'planner@scope.test', name: 'Piet Planner', role: 'planner', password: 'planner-password-1' });
    const planner = await login(k, 'planner@scope.test', 'planner-password-1');
    expect((await planner.get(`/integrations/${integrationId}`)).status).toBe(200);
    expect((await planner.get(`/integrations/${integrationId}/accounts`)).status).toBe(403);
    expect((await planner.put(`/integrations/${integrationId}/scope`, { accountIds: ['company'] })).status).toBe(403);
    const other = await createTenant(k, 'Ander BV');
    expect((await other.client.get(`/integrations/${integrationId}/accounts`)).status).toBe(404);
    expect((await other.client.put(`/integrations/${integrationId}/scope`, { accountIds: ['company'] })).status).toBe(404);
  });
});

describe('a vendor with several administrations (service level, fake connector)', () => {
  const accounts: ExternalAccount[] = [
    { id: 'd1', name: 'Debiteur Holding', kind: 'debtor' },
    { id: 'c1', name: 'Werkmaatschappij Noord', kind: 'company', parentId: 'd1' },
    { id: 'c2', name: 'Werkmaatschappij Zuid', kind: 'company', parentId: 'd1' },
  ];
  let refuse: false | true | 'forbidden' | 'grant_gone' = false;
  const fake: HrConnector = {
    vendor: 'personio',
    capabilities: ['employees:read', 'organisation:read'],
    listAccounts: async () => {
      if (refuse === 'forbidden') throw new HttpError('forbidden', 'GET /accounts failed: HTTP 403: no rights', { method: 'GET', path: '/accounts', attempts: 1, maybeCommitted: false, status: 403 });
      if (refuse === 'grant_gone') throw new ReconnectNeededError('The token endpoint refused the refresh token (invalid_grant)');
      if (refuse) throw new HttpError('unauthorized', 'token refused', { method: 'GET', path: '/accounts', attempts: 1, maybeCommitted: false, status: 401 });
      return accounts;
    },
    verifyCredentials: async () => ({ ok: true }),
    listEmployees: async function* () {},
    listOrganisation: async () => ({ departments: [], costCenters: [], contractTypes: [] }),
    metrics: () => ({ apiCalls: 0, retries: 0, rateLimited: 0 }),
  };

  it('leaves the scope open after connecting, takes a valid choice, refuses an unknown id, audits the change', async () => {
    const service = createIntegrationsService(k.db, new SecretBox('test-secret-test-secret-test-secret-0123'), { connectorFor: () => fake, urlGuard: OPEN_GUARD });
    const user = await k.db.selectFrom('users').select(['id', 'name']).where('tenant_id', '=', tenantId).where('role', '=', 'owner').executeTakeFirstOrThrow();
    const actor: Actor = { tenantId, type: 'user', id: user.id, name: user.name, role: 'owner', timeZone: 'Europe/Amsterdam' };
    const created = await service.create(actor, { vendor: 'personio', name: 'Multi', baseUrl: em.url, credentials: em.credentials });
    expect(created.accountScope).toBeNull();
    expect((await service.accounts(actor, created.id)).items.map((a) => [a.id, a.selected])).toEqual([
      ['d1', false],
      ['c1', false],
      ['c2', false],
    ]);
    await expect(service.setScope(actor, created.id, ['c1', 'c9'])).rejects.toMatchObject({ code: 'validation_failed', details: [{ field: 'accountIds.1' }] });
    const set = await service.setScope(actor, created.id, ['c1', 'c2']);
    expect(set.accountScope!.map((a) => a.id)).toEqual(['c1', 'c2']);
    expect((await service.accounts(actor, created.id)).items.filter((a) => a.selected).map((a) => a.id)).toEqual(['c1', 'c2']);
    const audit = await k.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('entity_id', '=', created.id).where('action', '=', 'update_scope').execute();
    expect(audit.map((a) => a.changes)).toEqual([{ account_scope: { old: null, new: ['c1', 'c2'] } }]);

    // A 403 means a missing right, not refused credentials: nothing to reconnect, and no transport text for the user.
    refuse = 'forbidden';
    const forbidden = await service.accounts(actor, created.id).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'integration_missing_rights', details: [{ field: 'credentials', code: 'vendor_http_status', params: { status: 403 } }] });
    expect(JSON.stringify((forbidden as AppError).details)).not.toContain('GET /accounts');
    expect((await service.get(actor, created.id)).health).not.toBe('reconnect_needed');

    // Credentials refused on the live read: "reconnect needed", cleared by new credentials that pass the check.
    refuse = true;
    const refused = await service.accounts(actor, created.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'integration_credentials_invalid', details: [{ field: 'credentials', code: 'vendor_refused_credentials' }] });
    expect((await service.get(actor, created.id)).health).toBe('reconnect_needed');
    refuse = false;
    await service.update(actor, created.id, { credentials: em.credentials });
    // An OAuth2 refresh grant that is gone (the kit's ReconnectNeededError, not an HttpError) is the same.
    refuse = 'grant_gone';
    await expect(service.accounts(actor, created.id)).rejects.toMatchObject({ code: 'integration_credentials_invalid' });
    expect((await service.get(actor, created.id)).health).toBe('reconnect_needed');
    refuse = false;
    const fixed = await service.update(actor, created.id, { credentials: em.credentials });
    expect(fixed.health).toBe('healthy');
    // The scope survives a reconnect.
    expect(fixed.accountScope!.map((a) => a.id)).toEqual(['c1', 'c2']);
  });
});
