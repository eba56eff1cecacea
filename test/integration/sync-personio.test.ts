import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, employeeState, startEmulator, waitRun, writeFootprint } from './sync-support.ts';

/**
 * The Personio journey through the API (F-10 … F-19), against the emulator over real HTTP, with the
 * in-process worker running the sync jobs and the mail catcher receiving the notification mails.
 */

let k: TestKoppel;
let em: PersonioEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;
const notify = 'hr-meldingen@acme.test';

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  em = await startEmulator({ employees: 24 });
  const t = await createTenant(k, 'Acme BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

async function records(list: string) {
  const r = await owner.get(`/integrations/${integrationId}/records?list=${list}&pageSize=200`);
  expect(r.status).toBe(200);
  return r.body as { items: { id: string; externalId: string; name: string; needsAction: boolean; linkState: string; employee: { id: string } | null; proposal: { action: string; reasons: string[] } | null; issues: string[] }[]; total: number; lists: Record<string, { total: number }> };
}

async function mailsTo(address: string) {
  const rows = await k.db.selectFrom('caught_mails').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.filter((m) => m.rcpt_to.includes(address));
}

describe('Personio integration', () => {
  it('refuses wrong credentials with a translated message and saves nothing (F-10)', async () => {
    const wrong = await owner.post('/integrations', { vendor: 'personio', name: 'Fout', baseUrl: em.url, credentials: { clientId: 'papi-x', clientSecret: 'nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('integration_credentials_invalid');
    expect(wrong.body.error.message).toBe('Personio refused these credentials. Check the client ID and secret.');
    const t = await k.db.selectFrom('users').select('email').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    const nl = await login(k, t.email, 'correct horse battery', 'nl');
    const wrongNl = await nl.post('/integrations', { vendor: 'personio', name: 'Fout', baseUrl: em.url, credentials: { clientId: 'papi-x', clientSecret: 'nope' } });
    expect(wrongNl.body.error.message).toContain('heeft deze inloggegevens geweigerd');
    const unreachable = await owner.post('/integrations', { vendor: 'personio', name: 'Weg', baseUrl: 'http://127.0.0.1:9', credentials: em.credentials });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error.code).toBe('integration_unreachable');
    expect((await owner.get('/integrations')).body).toEqual([]);
  });

  it('connects with the right credentials, which never come back out of the API', async () => {
    const created = await connect(owner, em, { autoAddEmployees: false, notificationEmails: [notify], employeeFields: { birthDate: true, address: true } });
    integrationId = created.id;
    expect(created.credentialsHint).toBe('papi…ient');
    for (const body of [JSON.stringify(created), (await owner.get('/integrations')).raw.body, (await owner.get(`/integrations/${integrationId}`)).raw.body]) {
      expect(body).not.toContain(em.credentials.clientSecret);
      expect(body).not.toContain(em.credentials.clientId);
    }
    const stored = await k.db.selectFrom('integrations').select('credentials_encrypted').where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(stored.credentials_encrypted).not.toContain(em.credentials.clientSecret);
    // The nightly schedule is installed at the configured time.
    const schedule = await k.db.selectFrom('job_schedules').selectAll().where('key', '=', `integration:${integrationId}:sync`).executeTakeFirstOrThrow();
    expect(schedule).toMatchObject({ enabled: true, daily_at_minute: 120, name: 'integration.sync' });
  });

  it('lists the external organisation and saves mapping tabs on their own (F-12)', async () => {
    const org = await owner.get(`/integrations/${integrationId}/organisation`);
    expect(org.status).toBe(200);
    expect(org.body.departments.length).toBeGreaterThan(1);
    expect(org.body.contractTypes.length).toBeGreaterThan(0);
    const dep = await owner.post('/departments', { name: 'Keuken' });
    const [first] = org.body.departments as { externalId: string; name: string }[];
    const put = await owner.put(`/integrations/${integrationId}/mappings/department`, { items: [{ externalId: first!.externalId, externalName: first!.name, koppelId: dep.body.id }] });
    expect(put.status).toBe(200);
    expect(put.body.items).toEqual([{ externalId: first!.externalId, externalName: first!.name, koppelId: dep.body.id, exclude: false }]);
    const other = await owner.get(`/integrations/${integrationId}/mappings/contract_type_in`);
    expect(other.body.items).toEqual([]);
    const bad = await owner.put(`/integrations/${integrationId}/mappings/department`, { items: [{ externalId: 'x', koppelId: '00000000-0000-4000-8000-000000000000' }] });
    expect(bad.status).toBe(400);
  });

  it('runs the first sync as a preview whatever was asked (F-17) and shows proposals', async () => {
    const started = await owner.post(`/integrations/${integrationId}/sync`, { dryRun: false });
    expect(started.status).toBe(202);
    expect(started.body.mode).toBe('preview');
    const run = await waitRun(owner, started.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.read).toBe(em.state.listEmployees().length);
    expect(await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
    expect(run.apiCalls).toBeGreaterThan(0);
    const unlinked = await records('unlinked');
    expect(unlinked.items.length).toBeGreaterThan(0);
    // Red rows first; without auto-add every new active person waits for a decision.
    expect(unlinked.items[0]!.needsAction).toBe(true);
    expect(unlinked.items.every((r, i, all) => i === 0 || Number(all[i - 1]!.needsAction) >= Number(r.needsAction))).toBe(true);
    expect(run.diff.items.some((i) => i.action === 'needs_action')).toBe(true);
    // No clear BSN anywhere in the stored records or the run.
    const bsns = em.state.listEmployees().map((e) => e.bsn).filter((b): b is string => Boolean(b));
    const stored = JSON.stringify(await k.db.selectFrom('external_records').selectAll().where('tenant_id', '=', tenantId).execute());
    for (const b of bsns) expect(stored).not.toContain(b);
    expect((await owner.get('/integrations-health')).body[0]).toMatchObject({ id: integrationId, state: expect.any(String), openActions: expect.any(Number) });
    // Only an applied sync counts as a successful one: a preview changed nothing in Koppel.
    expect((await owner.get(`/integrations/${integrationId}`)).body.lastSuccessAt).toBeNull();
  });

  it('applies the reviewed preview: adds, links second records of one person to one employee', async () => {
    const runs = await owner.get(`/integrations/${integrationId}/runs`);
    const preview = runs.body.items[0];
    const applied = await owner.post(`/sync-runs/${preview.id}/apply`);
    expect(applied.status).toBe(202);
    const run = await waitRun(owner, applied.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.added).toBeGreaterThan(0);
    const again = await owner.post(`/sync-runs/${preview.id}/apply`);
    expect(again.status).toBe(409);
    // Every emulator duplicate pair that got linked shares one employee.
    const rows = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', tenantId).execute();
    const byExt = new Map(rows.map((r) => [r.external_id, r.employee_id]));
    for (const d of em.state.duplicates()) {
      const [a, b] = d.ids.map((id) => byExt.get(String(id)));
      if (a && b) expect(a).toBe(b);
    }
    const employees = await k.db.selectFrom('employees').select(['id', 'source']).where('tenant_id', '=', tenantId).execute();
    expect(employees.every((e) => e.source === 'personio')).toBe(true);
    expect(new Set(rows.map((r) => r.employee_id).filter(Boolean)).size).toBe(employees.length);
    const integration = await owner.get(`/integrations/${integrationId}`);
    expect(integration.body.firstSyncApplied).toBe(true);
    expect(integration.body.lastSuccessAt).toBe(run.finishedAt);
    // The diff shows what an addition writes: the employee's fields and its contract, no "old" values.
    const added = run.diff.items.filter((i) => i.action === 'add');
    expect(added.length).toBe(run.counts.added);
    const fields = new Set(added.flatMap((i) => i.changes.map((c) => c.field)));
    for (const f of ['firstName', 'lastName', 'email', 'personnelNumber', 'birthDate', 'status', 'startDate']) expect(fields).toContain(f);
    expect(fields).not.toContain('phone'); // not synced by this integration's settings
    expect(added.every((i) => i.changes.every((c) => c.old === null && c.new !== null && c.new !== ''))).toBe(true);
    for (const c of added.flatMap((i) => i.changes).filter((c) => c.field === 'bsn')) expect(c.new).toMatch(/^\*+\d{3}$/);
    // BSNs went into the employees encrypted, and nowhere in clear text: not in runs, change log, audit or jobs.
    const withBsn = await k.db.selectFrom('employees').select('bsn_encrypted').where('tenant_id', '=', tenantId).where('bsn_hash', 'is not', null).execute();
    expect(withBsn.length).toBeGreaterThan(0);
    const bsns = em.state.listEmployees().map((e) => e.bsn).filter((b): b is string => Boolean(b));
    const logs = JSON.stringify([
      await k.db.selectFrom('sync_runs').selectAll().where('tenant_id', '=', tenantId).execute(),
      await k.db.selectFrom('sync_changes').selectAll().where('tenant_id', '=', tenantId).execute(),
      await k.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).execute(),
      await k.db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).execute(),
    ]);
    for (const b of bsns) expect(logs).not.toContain(b);
    await eventually(async () => (await mailsTo(notify)).length === 1);
    const [mail] = await mailsTo(notify);
    expect(mail!.subject).toContain('toegevoegd');
  });

  it('tells the employee and contract forms which fields the next sync overwrites (F-14)', async () => {
    const linked = await k.db
      .selectFrom('external_records')
      .select(['employee_id', 'contract_id'])
      .where('integration_id', '=', integrationId)
      .where('link_state', '=', 'linked')
      .where('contract_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const status = await owner.get(`/employees/${linked.employee_id}/sync-status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ synced: true, integrations: [{ id: integrationId, active: true }] });
    expect(status.body.employeeFields).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email', 'bsn', 'birthDate', 'street', 'postalCode']));
    expect(status.body.employeeFields).not.toContain('phone');
    expect(status.body.contractFields).toEqual(expect.arrayContaining(['startDate', 'department']));
    expect(status.body.contractIds).toContain(linked.contract_id);
    // An employee no integration links is Koppel's own.
    const own = await owner.post('/employees', { firstName: 'Eigen', lastName: 'Medewerker' });
    expect((await owner.get(`/employees/${own.body.id}/sync-status`)).body).toMatchObject({ synced: false, employeeFields: [], contractIds: [] });
    await owner.delete(`/employees/${own.body.id}`);
  });

  it('lists the HR systems still to come as "coming soon", not connectable', async () => {
    const vendors = (await owner.get('/integration-vendors')).body as { vendor: string; comingSoon: boolean; credentialFields: string[] }[];
    expect(vendors.find((v) => v.vendor === 'personio')).toMatchObject({ comingSoon: false, credentialFields: ['clientId', 'clientSecret'] });
    expect(vendors.filter((v) => v.comingSoon).map((v) => v.vendor)).toEqual([]);
    // Nmbrs connects through its consent page (POST /integrations/oauth/start), not this form.
    const refused = await owner.post('/integrations', { vendor: 'nmbrs', name: 'Nmbrs', credentials: { token: 'x' } });
    expect(refused.status).toBe(400);
  });

  it('a second sync with nothing changed writes no rows', async () => {
    const before = await writeFootprint(k, tenantId);
    const started = await owner.post(`/integrations/${integrationId}/sync`, {});
    expect(started.body.mode).toBe('apply');
    const run = await waitRun(owner, started.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 0, updated: 0 });
    expect(await writeFootprint(k, tenantId)).toEqual(before);
  });

  it('takes a change in Personio over with a diff and mails it in the tenant language (F-15)', async () => {
    const linked = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', tenantId).where('link_state', '=', 'linked').where('former', '=', false).execute();
    const target = em.state.getEmployee(Number(linked[0]!.external_id))!;
    const oldEmail = target.email;
    em.state.updateEmployee(target.id, { email: 'nieuw.adres@acme.test', weekly_working_hours: 12 });
    const manager = await owner.post('/employees', { firstName: 'Mia', lastName: 'Manager' });
    await owner.patch(`/employees/${linked[0]!.employee_id}`, { managerId: manager.body.id, notes: 'Koppel-notitie' });
    const mailsBefore = (await mailsTo(notify)).length;
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.updated).toBe(1);
    const item = run.diff.items.find((i) => i.employeeId === linked[0]!.employee_id)!;
    expect(item.changes).toEqual(expect.arrayContaining([{ field: 'email', old: oldEmail, new: 'nieuw.adres@acme.test' }]));
    expect(item.changes.some((c) => c.field === 'weeklyHours' && c.new === 12)).toBe(true);
    const employee = (await owner.get(`/employees/${linked[0]!.employee_id}`)).body;
    expect(employee).toMatchObject({ email: 'nieuw.adres@acme.test', managerId: manager.body.id, notes: 'Koppel-notitie' });
    const status = (await owner.get(`/employees/${linked[0]!.employee_id}/sync-status`)).body;
    expect(status).toMatchObject({ synced: true, integrations: [{ id: integrationId, active: true }] });
    expect(status.employeeFields).toEqual(expect.arrayContaining(['email', 'firstName', 'lastName', 'birthDate', 'street']));
    expect(status.employeeFields).not.toContain('phone');
    expect((await owner.get(`/employees/${manager.body.id}/sync-status`)).body.synced).toBe(false);
    await eventually(async () => (await mailsTo(notify)).length > mailsBefore);
    const mail = (await mailsTo(notify)).at(-1)!;
    expect(mail.subject).toMatch(/Personio-synchronisatie "Personio": 0 toegevoegd, 1 bijgewerkt/);
    expect(mail.text_body).toContain(`E-mail: ${oldEmail} → nieuw.adres@acme.test`);
    expect(mail.text_body).toContain('Contracturen:');
  });

  it('link, exclude and skip act on the review lists (F-13)', async () => {
    // Three new people in Personio; one of them already exists in Koppel under another email.
    const a = em.state.addEmployee({ first_name: 'Anna', last_name: 'Aalders', email: 'anna@acme.test' });
    const b = em.state.addEmployee({ first_name: 'Bram', last_name: 'Bos', email: 'bram@acme.test' });
    const c = em.state.addEmployee({ first_name: 'Cor', last_name: 'Cuijpers', email: 'cor@acme.test' });
    const existing = await owner.post('/employees', { firstName: 'Anna', lastName: 'Aalders-Smit', email: 'anna.prive@example.test' });
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.counts.needsAction).toBeGreaterThanOrEqual(3);
    const unlinked = await records('unlinked');
    const row = (id: number) => unlinked.items.find((r) => r.externalId === String(id))!;
    expect(row(a.id).needsAction).toBe(true);
    const link = await owner.post(`/integrations/${integrationId}/records/${row(a.id).id}/actions`, { action: 'link', employeeId: existing.body.id });
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ linkState: 'linked', needsAction: false, employee: { id: existing.body.id } });
    const ex = await owner.post(`/integrations/${integrationId}/records/${row(b.id).id}/actions`, { action: 'exclude' });
    expect(ex.body).toMatchObject({ linkState: 'excluded', needsAction: false });
    const sk = await owner.post(`/integrations/${integrationId}/records/${row(c.id).id}/actions`, { action: 'skip' });
    expect(sk.body).toMatchObject({ linkState: 'skipped', needsAction: false });
    const bad = await owner.post(`/integrations/${integrationId}/records/${row(c.id).id}/actions`, { action: 'link' });
    expect(bad.status).toBe(400);

    const next = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(next.status).toBe('succeeded');
    // Linked: the HR data overwrites the synced fields of the existing employee.
    expect((await owner.get(`/employees/${existing.body.id}`)).body).toMatchObject({ lastName: 'Aalders', email: 'anna@acme.test' });
    // Excluded stays excluded; skipped is asked again by the next sync.
    expect((await records('excluded')).items.map((r) => r.externalId)).toContain(String(b.id));
    const again = await records('unlinked');
    expect(again.items.find((r) => r.externalId === String(c.id))).toMatchObject({ linkState: 'unlinked', needsAction: true });
    expect(await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('email', 'in', ['bram@acme.test', 'cor@acme.test']).execute()).toEqual([]);
  });

  it('links two records of one person to one employee', async () => {
    const [person] = await k.db.selectFrom('employees').select(['id', 'first_name', 'last_name', 'email']).where('tenant_id', '=', tenantId).where('email', '=', 'anna@acme.test').execute();
    // A second contract of Anna in Personio: another record, another email, the same name.
    const second = em.state.addEmployee({ first_name: 'Anna', last_name: 'Aalders', email: 'anna.tweede@acme.test', hire_date: '2020-01-01' });
    await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    const rec = (await records('unlinked')).items.find((r) => r.externalId === String(second.id))!;
    await owner.post(`/integrations/${integrationId}/records/${rec.id}/actions`, { action: 'link', employeeId: person!.id });
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    const linkedToAnna = await k.db.selectFrom('external_records').select(['external_id', 'contract_id']).where('tenant_id', '=', tenantId).where('employee_id', '=', person!.id).execute();
    expect(linkedToAnna).toHaveLength(2);
    // Each record keeps its own contract on the one employee.
    expect(new Set(linkedToAnna.map((r) => r.contract_id)).size).toBe(2);
    expect((await owner.get(`/employees/${person!.id}/contracts`)).body).toHaveLength(2);
  });

  it('undoes a run: updates go back, employees it added go when untouched (F-18)', async () => {
    const rows = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', tenantId).where('link_state', '=', 'linked').where('former', '=', false).execute();
    const target = rows.find((r) => em.state.getEmployee(Number(r.external_id))?.email.endsWith('@acme.test') === false)!;
    const before = (await owner.get(`/employees/${target.employee_id}`)).body;
    em.state.updateEmployee(Number(target.external_id), { last_name: 'Gewijzigd' });
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect((await owner.get(`/employees/${target.employee_id}`)).body.lastName).toBe('Gewijzigd');
    const undo = await owner.post(`/sync-runs/${run.id}/undo`);
    expect(undo.status).toBe(202);
    const undone = await waitRun(owner, undo.body.runId);
    expect(undone.status).toBe('succeeded');
    expect((await owner.get(`/employees/${target.employee_id}`)).body.lastName).toBe(before.lastName);
    expect((await owner.post(`/sync-runs/${run.id}/undo`)).status).toBe(409);

    // Undo of the first apply: employees it added and nobody touched since are removed, the others stay.
    const history = (await owner.get(`/integrations/${integrationId}/runs?pageSize=50`)).body.items as { id: string; mode: string; previewRunId: string | null }[];
    const firstApply = history.find((r) => r.mode === 'apply' && r.previewRunId)!;
    const countBefore = (await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('source', '=', 'personio').execute()).length;
    const undoAdd = await waitRun(owner, (await owner.post(`/sync-runs/${firstApply.id}/undo`)).body.runId);
    expect(undoAdd.status).toBe('succeeded');
    const countAfter = (await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('source', '=', 'personio').execute()).length;
    expect(countAfter).toBeLessThan(countBefore);
    // The one edited by a later run (the email change above) and the one with a manager stay.
    expect(undoAdd.warnings.some((w) => w.messages.some((m) => m.startsWith('employee:kept_')))).toBe(true);
  });

  it('two triggers give one run', async () => {
    const [x, y] = await Promise.all([owner.post(`/integrations/${integrationId}/sync`, {}), owner.post(`/integrations/${integrationId}/sync`, {})]);
    expect(x.status).toBe(202);
    expect(y.status).toBe(202);
    expect(x.body.runId).toBe(y.body.runId);
    expect([x.body.created, y.body.created].sort()).toEqual([false, true]);
    await waitRun(owner, x.body.runId);
    const jobs = await k.db.selectFrom('jobs').select('id').where('name', '=', 'integration.sync').where('payload', '@>', JSON.stringify({ runId: x.body.runId }) as never).execute();
    expect(jobs).toHaveLength(1);
  });

  it('the nightly schedule runs the sync at its time', async () => {
    const before = (await owner.get(`/integrations/${integrationId}/runs`)).body.total as number;
    await k.db.updateTable('job_schedules').set({ next_run_at: new Date(Date.now() - 1000) }).where('key', '=', `integration:${integrationId}:sync`).execute();
    k.worker!.poke();
    const runs = await eventually(async () => {
      const r = await owner.get(`/integrations/${integrationId}/runs`);
      return r.body.total > before && r.body.items[0].status === 'succeeded' ? r.body.items : null;
    });
    expect(runs[0]).toMatchObject({ trigger: 'schedule', mode: 'apply', status: 'succeeded' });
    const schedule = await k.db.selectFrom('job_schedules').select('next_run_at').where('key', '=', `integration:${integrationId}:sync`).executeTakeFirstOrThrow();
    expect(schedule.next_run_at.getTime()).toBeGreaterThan(Date.now());
    const health = (await owner.get('/integrations-health')).body.find((h: { id: string }) => h.id === integrationId);
    expect(health).toMatchObject({ active: true, lastSuccessAt: expect.any(String), nextSyncAt: schedule.next_run_at.toISOString() });
  });

  it('a second connection of the same vendor with overlapping personnel numbers reports conflicts, never merges (F-14)', async () => {
    const other = await startEmulator({ employees: 12, seed: 99 });
    try {
      const second = await connect(owner, other, { autoAddEmployees: true }, 'Personio Duitsland');
      const preview = await waitRun(owner, (await owner.post(`/integrations/${second.id}/sync`, {})).body.runId);
      const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
      expect(applied.status).toBe('succeeded');
      const mine = await k.db.selectFrom('external_records').select(['id', 'personnel_number', 'employee_id', 'issues', 'needs_action', 'former']).where('integration_id', '=', second.id).execute();
      const firstNumbers = new Set((await k.db.selectFrom('external_records').select('personnel_number').where('integration_id', '=', integrationId).execute()).map((r) => r.personnel_number));
      const clashing = mine.filter((r) => firstNumbers.has(r.personnel_number) && !r.former);
      expect(clashing.length).toBeGreaterThan(0);
      // The message says who holds the number: an employee in Koppel, or only a record of the other connection.
      const held = new Set((await k.db.selectFrom('employees').select('personnel_number').where('tenant_id', '=', tenantId).execute()).map((e) => e.personnel_number));
      for (const r of clashing) {
        expect(r.employee_id).toBeNull();
        expect(r.needs_action).toBe(true);
        expect(r.issues).toContain(held.has(r.personnel_number) ? 'personnel_number_conflict' : 'personnel_number_other_connection');
      }
      // An explicit "add" creates the person without the taken number.
      const res = await owner.post(`/integrations/${second.id}/records/${clashing[0]!.id}/actions`, { action: 'add' });
      expect(res.body).toMatchObject({ decision: 'add', needsAction: false });
      const run = await waitRun(owner, (await owner.post(`/integrations/${second.id}/sync`, {})).body.runId);
      expect(run.counts.added).toBe(1);
      const added = await k.db.selectFrom('external_records as r').innerJoin('employees as e', 'e.id', 'r.employee_id').select(['e.personnel_number']).where('r.id', '=', clashing[0]!.id).executeTakeFirstOrThrow();
      expect(added.personnel_number).toBeNull();
      expect(run.warnings.some((w) => w.messages.includes('personnelNumber:taken'))).toBe(true);
      await owner.delete(`/integrations/${second.id}`);
    } finally {
      await other.close();
    }
  });

  it('marks reconnect-needed and mails when the credentials stop working, never silently (F-10)', async () => {
    await k.db.updateTable('integrations').set({ credentials_encrypted: k.services.box.encrypt(JSON.stringify({ clientId: 'papi-emulator-client', clientSecret: 'rotated' })) }).where('id', '=', integrationId).execute();
    const admins = (await k.db.selectFrom('users').select('email').where('tenant_id', '=', tenantId).execute()).map((u) => u.email);
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^reconnect_needed/);
    const health = (await owner.get('/integrations-health')).body.find((h: { id: string }) => h.id === integrationId);
    expect(health.state).toBe('reconnect_needed');
    // A stable code the UI translates, not the vendor's English text.
    expect(health.detail).toBe('reconnect_needed');
    await eventually(async () => (await mailsTo(notify)).some((m) => m.subject.includes('opnieuw verbinden')));
    expect(admins.length).toBeGreaterThan(0);
    // New credentials that pass the live check end the state.
    const fixed = await owner.patch(`/integrations/${integrationId}`, { credentials: em.credentials });
    expect(fixed.status).toBe(200);
    expect(fixed.body.health).toBe('healthy');
  });

  it('deactivation stops syncing and keeps the data (F-14)', async () => {
    const before = await employeeState(k, tenantId);
    const del = await owner.delete(`/integrations/${integrationId}`);
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    const sync = await owner.post(`/integrations/${integrationId}/sync`, {});
    expect(sync.status).toBe(409);
    expect(sync.body.error.code).toBe('integration_inactive');
    const schedule = await k.db.selectFrom('job_schedules').select('enabled').where('key', '=', `integration:${integrationId}:sync`).executeTakeFirstOrThrow();
    expect(schedule.enabled).toBe(false);
    expect(await employeeState(k, tenantId)).toEqual(before);
    expect((await records('linked')).total).toBeGreaterThan(0);
  });
});
