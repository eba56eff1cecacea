import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator, PersonioEmulatorOptions } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator, waitRun } from './sync-support.ts';

/**
 * Issue 14: the Personio integration against a Personio that behaves as the real one does today,
 * not as this project's emulator used to — v1 attendances gone, short-lived tokens, rows with
 * warnings, review decisions carried out, e-mail addresses in another case. Over the API, with the
 * in-process worker, against the emulator with those behaviours switched on.
 */

let k: TestKoppel;
const running: PersonioEmulator[] = [];

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
});
afterAll(async () => {
  await k?.stop();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

async function emulator(opts: Partial<PersonioEmulatorOptions> = {}) {
  const em = await startEmulator(opts);
  running.push(em);
  return em;
}

let shared: { owner: Client; tenantId: string; email: string } | null = null;
/** A tenant of its own (tests that create employees), or one shared by the tests that only connect and sync (logins are rate limited). */
async function tenant(own = false): Promise<{ owner: Client; tenantId: string; email: string }> {
  if (!own && shared) return shared;
  const t = await createTenant(k, 'Foreign Personio BV');
  const out = { owner: t.client, tenantId: t.tenant.id, email: t.email };
  if (!own) shared = out;
  return out;
}

async function sync(owner: Client, id: string, body: Record<string, unknown> = {}) {
  const started = await owner.post(`/integrations/${id}/sync`, body);
  expect(started.status).toBe(202);
  return waitRun(owner, started.body.runId as string, 60_000);
}

type RecordItem = { id: string; externalId: string; needsAction: boolean; issues: string[]; linkState: string; decision: string | null; employee: { id: string } | null; warnings: string[] };
async function records(owner: Client, id: string, list = 'unlinked'): Promise<RecordItem[]> {
  const r = await owner.get(`/integrations/${id}/records?list=${list}&pageSize=200`);
  expect(r.status).toBe(200);
  return r.body.items as RecordItem[];
}

describe('1. connect checks what the enabled features need, on the endpoints Personio serves', () => {
  it('connects to a Personio whose v1 attendances are gone (404): employees are all an integration needs by default', async () => {
    const em = await emulator();
    // The emulator serves v1 attendances as removed, as Personio does since 30 August 2026.
    const { owner } = await tenant();
    const created = await owner.post('/integrations', { vendor: 'personio', name: 'P', baseUrl: em.url, credentials: em.credentials });
    expect(created.status).toBe(201);
    expect(em.stats.calls['GET /v1/company/attendances'] ?? 0).toBe(0);
    expect(created.body.settings.timeExchange).toEqual({ attendances: false, absences: false });
  });

  it('with time exchange switched on, checks the v2 attendance and absence endpoints, and names a missing scope', async () => {
    const full = await emulator();
    const { owner, email } = await tenant();
    const ok = await owner.post('/integrations', { vendor: 'personio', name: 'Tijd', baseUrl: full.url, credentials: full.credentials, settings: { timeExchange: { attendances: true, absences: true } } });
    expect(ok.status).toBe(201);
    expect(full.stats.calls['GET /v2/attendance-periods']).toBe(1);
    expect(full.stats.calls['PATCH /v2/attendance-periods/{id}']).toBe(1);
    expect(full.stats.calls['GET /v2/absence-periods']).toBe(1);

    const limited = await emulator({ rights: ['employees:read', 'attendances:read', 'absences:read'] });
    const refused = await owner.post('/integrations', { vendor: 'personio', name: 'Beperkt', baseUrl: limited.url, credentials: limited.credentials, settings: { timeExchange: { attendances: true } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('integration_missing_rights');
    expect(refused.body.error.message).toBe('These Personio credentials lack rights: attendances:write.');
    // The same credentials without the time exchange are fine: only what is enabled is checked.
    const readOnly = await owner.post('/integrations', { vendor: 'personio', name: 'Alleen lezen', baseUrl: limited.url, credentials: limited.credentials });
    expect(readOnly.status).toBe(201);
    // Switching the feature on later checks again, and refuses.
    const on = await owner.patch(`/integrations/${readOnly.body.id}`, { settings: { timeExchange: { attendances: true } } });
    expect(on.status).toBe(400);
    expect(on.body.error.code).toBe('integration_missing_rights');

    const nl = await login(k, email, 'correct horse battery', 'nl');
    const refusedNl = await nl.post('/integrations', { vendor: 'personio', name: 'Beperkt', baseUrl: limited.url, credentials: limited.credentials, settings: { timeExchange: { attendances: true } } });
    expect(refusedNl.body.error.message).toBe('Deze Personio-inloggegevens missen rechten: attendances:write.');
  });

  it('says which endpoint a reachable Personio does not offer, and keeps "wrong credentials" and "unreachable" apart', async () => {
    const em = await emulator();
    const { owner, email } = await tenant();
    em.injectFault({ status: 404, method: 'GET', path: '/v2/absence-periods', times: 10 });
    const missing = await owner.post('/integrations', { vendor: 'personio', name: 'P', baseUrl: em.url, credentials: em.credentials, settings: { timeExchange: { absences: true } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('integration_endpoint_unavailable');
    expect(missing.body.error.message).toContain('does not offer GET /v2/absence-periods (HTTP 404)');
    const de = await login(k, email, 'correct horse battery', 'de');
    const missingDe = await de.post('/integrations', { vendor: 'personio', name: 'P', baseUrl: em.url, credentials: em.credentials, settings: { timeExchange: { absences: true } } });
    expect(missingDe.body.error.message).toContain('bietet aber GET /v2/absence-periods nicht an (HTTP 404)');
    em.clearInjectedFaults();

    const wrong = await owner.post('/integrations', { vendor: 'personio', name: 'P', baseUrl: em.url, credentials: { clientId: em.credentials.clientId, clientSecret: 'nope' } });
    expect(wrong.body.error.code).toBe('integration_credentials_invalid');
    const away = await owner.post('/integrations', { vendor: 'personio', name: 'P', baseUrl: 'http://127.0.0.1:9', credentials: em.credentials });
    expect(away.body.error.code).toBe('integration_unreachable');
  });
});

describe('2. tokens are reused for their lifetime', () => {
  it('a first sync with 1-second tokens authenticates no more than ceil(duration / lifetime) + 1 times (counted at the emulator)', async () => {
    // 120 employees in pages of 10 with 150 ms latency: a listing of a few seconds, several token lifetimes.
    const em = await emulator({ employees: 120, tokenTtlSeconds: 1, latencyMs: 150, paging: { employeesMax: 10 } });
    const { owner } = await tenant();
    const created = await connect(owner, em);
    em.resetStats();
    const run = await sync(owner, created.id);
    expect(run.status).toBe('succeeded');
    const row = await k.db.selectFrom('sync_runs').select(['started_at', 'finished_at']).where('id', '=', run.id).executeTakeFirstOrThrow();
    const seconds = (row.finished_at!.getTime() - row.started_at!.getTime()) / 1000;
    const auth = em.stats.calls['POST /v1/auth'] ?? 0;
    const data = em.stats.calls['GET /v1/company/employees'] ?? 0;
    expect(data).toBeGreaterThanOrEqual(12);
    expect(auth).toBeGreaterThanOrEqual(1);
    expect(auth).toBeLessThanOrEqual(Math.ceil(seconds / 1) + 1);
    expect(auth).toBeLessThan(data);
  });

  it('with 20-second tokens a short first sync authenticates once', async () => {
    const em = await emulator({ employees: 60, tokenTtlSeconds: 20, paging: { employeesMax: 10 } });
    const { owner } = await tenant();
    const created = await connect(owner, em);
    em.resetStats();
    const run = await sync(owner, created.id);
    expect(run.status).toBe('succeeded');
    expect(em.stats.calls['GET /v1/company/employees']).toBeGreaterThanOrEqual(6);
    expect(em.stats.calls['POST /v1/auth']).toBe(1);
  });
});

describe('3. a row warning is recorded on the row and keeps the listing clean', () => {
  it('with 90 % of the BSNs failing the 11-proof: every page read once, and an unchanged sync is 2 calls', async () => {
    const em = await emulator({ employees: 120, invalidBsnShare: 0.9, paging: { employeesMax: 25 } });
    const { owner } = await tenant();
    const created = await connect(owner, em);
    em.resetStats();
    const first = await sync(owner, created.id);
    expect(first.status).toBe('succeeded');
    // 120 records in pages of 25: 5 pages, none read twice.
    expect(em.stats.calls['GET /v1/company/employees']).toBe(5);
    const warned = (await records(owner, created.id)).filter((r) => r.warnings.includes('bsn:not_11_proof'));
    expect(warned.length).toBeGreaterThan(20);
    const integration = await k.db.selectFrom('integrations').select('sync_cursor').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(integration.sync_cursor).not.toBeNull();

    em.resetStats();
    const second = await sync(owner, created.id);
    expect(second.status).toBe('succeeded');
    expect(second.apiCalls).toBe(2);
    expect(em.stats.totalCalls).toBe(2);
    const run = await k.db.selectFrom('sync_runs').select('listing').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(run.listing).toBe('incremental');
  });
});

describe('3b. every kind of row warning: invalid BSN, invalid e-mail, custom attributes the catalogue does not list', () => {
  it('pages are read once, the warnings sit on the rows, an unchanged sync is 2 calls and a changed row costs one page', async () => {
    const em = await emulator({ employees: 120, invalidBsnShare: 0.4, invalidEmailShare: 0.4, unlistedAttributes: true, paging: { employeesMax: 25 } });
    const { owner } = await tenant();
    const created = await connect(owner, em);
    em.resetStats();
    const first = await sync(owner, created.id);
    expect(first.status).toBe('succeeded');
    // 120 records in pages of 25: 5 pages, none read twice.
    expect(em.stats.calls['GET /v1/company/employees']).toBe(5);
    const rows = await k.db.selectFrom('external_records').select(['external_id', 'data']).where('integration_id', '=', created.id).execute();
    const warningsOf = (code: string) => rows.filter((r) => (r.data as { warnings?: string[] }).warnings?.includes(code));
    expect(warningsOf('email:not_an_email').length).toBeGreaterThan(20);
    expect(warningsOf('bsn:not_11_proof').length).toBeGreaterThan(20);
    const withEmail = rows.find((r) => (r.data as { warnings?: string[] }).warnings?.includes('email:not_an_email'))!;
    const run1 = await k.db.selectFrom('sync_runs').select('listing').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(run1.listing).toBe('full');

    em.resetStats();
    const second = await sync(owner, created.id);
    expect(second).toMatchObject({ status: 'succeeded', apiCalls: 2 });
    expect(em.stats.totalCalls).toBe(2);
    expect((await k.db.selectFrom('sync_runs').select('listing').where('id', '=', second.id).executeTakeFirstOrThrow()).listing).toBe('incremental');

    // A row with an invalid e-mail changes: one page, read once, and still incremental.
    em.state.updateEmployee(Number(withEmail.external_id), { position: 'Teamleider' });
    em.resetStats();
    const third = await sync(owner, created.id);
    expect(third.status).toBe('succeeded');
    expect(em.stats.calls['GET /v1/company/employees']).toBe(1);
    expect((await k.db.selectFrom('sync_runs').select('listing').where('id', '=', third.id).executeTakeFirstOrThrow()).listing).toBe('incremental');
    em.resetStats();
    expect((await sync(owner, created.id)).apiCalls).toBe(2);
  });
});

describe('4. every review decision is carried out or refused when it is made', () => {
  it('"add" on a weak match is carried out by applying the preview, and by the next applied sync', async () => {
    const em = await emulator({ employees: 30 });
    const { owner, tenantId } = await tenant(true);
    const dupIds = new Set(em.state.duplicates().flatMap((d) => d.ids));
    const people = em.state.listEmployees().filter((e) => e.status === 'active' && e.birthday && !dupIds.has(e.id)).slice(0, 2);
    expect(people).toHaveLength(2);
    // Two Koppel employees that only share name and birth date with a Personio record: weak matches.
    for (const p of people) {
      const e = await owner.post('/employees', { firstName: p.first_name, lastName: p.last_name, birthDate: p.birthday!.slice(0, 10), email: `other-${p.id}@elsewhere.test` });
      expect(e.status).toBe(201);
    }
    const created = await connect(owner, em);
    const preview = await sync(owner, created.id);
    expect(preview.mode).toBe('preview');
    const weak = (await records(owner, created.id)).filter((r) => r.issues.includes('weak_match'));
    const [a, b] = people.map((p) => weak.find((r) => r.externalId === String(p.id))!);
    expect(a && b).toBeTruthy();

    const decided = await owner.post(`/integrations/${created.id}/records/${a!.id}/actions`, { action: 'add' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ decision: 'add', needsAction: false });
    const applied = await owner.post(`/sync-runs/${preview.id}/apply`);
    expect(applied.status).toBe(202);
    const run = await waitRun(owner, applied.body.runId as string, 60_000);
    expect(run.status).toBe('succeeded');
    const afterApply = await k.db.selectFrom('external_records').select(['link_state', 'employee_id', 'needs_action']).where('id', '=', a!.id).executeTakeFirstOrThrow();
    expect(afterApply).toMatchObject({ link_state: 'linked', needs_action: false });
    const added = await k.db.selectFrom('employees').select(['email']).where('tenant_id', '=', tenantId).where('id', '=', afterApply.employee_id!).executeTakeFirstOrThrow();
    // A new employee, not the weakly matched one.
    expect(added.email).not.toContain('elsewhere.test');

    // B: decided after the first apply, carried out by the next (applied) sync.
    expect((await owner.post(`/integrations/${created.id}/records/${b!.id}/actions`, { action: 'add' })).status).toBe(200);
    const next = await sync(owner, created.id);
    expect(next).toMatchObject({ status: 'succeeded', mode: 'apply' });
    const bAfter = await k.db.selectFrom('external_records').select(['link_state', 'needs_action', 'employee_id']).where('id', '=', b!.id).executeTakeFirstOrThrow();
    expect(bAfter).toMatchObject({ link_state: 'linked', needs_action: false });
    const open = (await records(owner, created.id)).filter((r) => r.id === a!.id || r.id === b!.id);
    expect(open).toEqual([]);
  });

  it('"add" on a record that strongly matches an employee (same e-mail) is refused with the reason', async () => {
    const em = await emulator({ employees: 12 });
    const { owner } = await tenant(true);
    const p = em.state.listEmployees().find((e) => e.status === 'active')!;
    expect((await owner.post('/employees', { firstName: p.first_name, lastName: p.last_name, email: p.email })).status).toBe(201);
    const created = await connect(owner, em);
    await sync(owner, created.id);
    const rec = (await k.db.selectFrom('external_records').select('id').where('integration_id', '=', created.id).where('external_id', '=', String(p.id)).executeTakeFirstOrThrow()).id;
    const refused = await owner.post(`/integrations/${created.id}/records/${rec}/actions`, { action: 'add' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('matches an existing employee');
  });
});

describe('Also: e-mail addresses compare without case', () => {
  it('an employee linked by a lower-case address keeps it when Personio spells it in upper case', async () => {
    const em = await emulator({ employees: 12, upperCaseEmailShare: 1 });
    const { owner, tenantId } = await tenant(true);
    const p = em.state.listEmployees().find((e) => e.status === 'active')!;
    expect(p.email).toBe(p.email.toUpperCase());
    const mine = await owner.post('/employees', { firstName: p.first_name, lastName: p.last_name, email: p.email.toLowerCase() });
    expect(mine.status).toBe(201);
    const created = await connect(owner, em);
    const preview = await sync(owner, created.id);
    expect((await owner.post(`/sync-runs/${preview.id}/apply`)).status).toBe(202);
    await sync(owner, created.id);
    const after = await k.db.selectFrom('employees').select('email').where('tenant_id', '=', tenantId).where('id', '=', mine.body.id).executeTakeFirstOrThrow();
    expect(after.email).toBe(p.email.toLowerCase());
    const linked = await k.db.selectFrom('external_records').select('employee_id').where('integration_id', '=', created.id).where('external_id', '=', String(p.id)).executeTakeFirstOrThrow();
    expect(linked.employee_id).toBe(mine.body.id);
  });
});

describe('Also: a split cost center is kept as Personio gives it', () => {
  it('a 60/40 split reaches the contract with both shares, shown read-only in the contract API', async () => {
    const em = await emulator({ employees: 40 });
    const { owner } = await tenant(true);
    const split = em.state.listEmployees().find((e) => e.status === 'active' && e.cost_centers.length === 2);
    expect(split).toBeTruthy();
    const created = await connect(owner, em, { autoAddEmployees: true });
    const preview = await sync(owner, created.id);
    const applied = await owner.post(`/sync-runs/${preview.id}/apply`);
    expect((await waitRun(owner, applied.body.runId as string, 60_000)).status).toBe('succeeded');
    const rec = await k.db.selectFrom('external_records').select(['employee_id']).where('integration_id', '=', created.id).where('external_id', '=', String(split!.id)).executeTakeFirstOrThrow();
    const contracts = await owner.get(`/employees/${rec.employee_id}/contracts`);
    expect(contracts.status).toBe(200);
    const shares = (contracts.body as Array<{ costCenters: Array<{ name: string; percentage: number | null }> | null }>)[0]!.costCenters;
    expect(shares?.map((s) => s.percentage)).toEqual(split!.cost_centers.map((c) => c.percentage));
    expect(shares!.reduce((a, s) => a + (s.percentage ?? 0), 0)).toBe(100);
    // Nothing changed: the next sync writes nothing to the contract.
    const again = await sync(owner, created.id);
    expect(again.counts.updated).toBe(0);
  });
});
