import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import type { RunBody } from './sync-support.ts';
import { connect, startEmulator, waitRun } from './sync-support.ts';

/**
 * What a sync tells the user (issue 15): an employee's source once linked, figures that add up and a
 * failing sync that cannot be missed. Against the Personio emulator over real HTTP, with the worker.
 */

let k: TestKoppel;
let em: PersonioEmulator;
let owner: Client;
let tenantId: string;

beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  em = await startEmulator({ employees: 12 });
  const t = await createTenant(k, 'Figures BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

type RecordRow = { id: string; externalId: string; linkState: string; needsAction: boolean; employee: { id: string } | null };
async function records(integrationId: string, list: string) {
  const r = await owner.get(`/integrations/${integrationId}/records?list=${list}&pageSize=200`);
  expect(r.status).toBe(200);
  return r.body as { items: RecordRow[]; total: number; lists: Record<string, { total: number }> };
}

describe('an employee linked to an integration', () => {
  it('shows the integration as its source, and the Source filter finds it', async () => {
    const integration = await connect(owner, em, { autoAddEmployees: false }, 'Personio bron');
    const preview = await waitRun(owner, (await owner.post(`/integrations/${integration.id}/sync`, {})).body.runId);
    expect(preview.status).toBe('succeeded');
    const manual = await owner.post('/employees', { firstName: 'Quin', lastName: 'Handmatig', email: 'quin.handmatig@example.test' });
    expect(manual.status).toBe(201);
    expect(manual.body.source).toBe('manual');
    const other = await owner.post('/employees', { firstName: 'Rosa', lastName: 'Alleen', email: 'rosa.alleen@example.test' });

    const row = (await records(integration.id, 'unlinked')).items[0]!;
    const link = await owner.post(`/integrations/${integration.id}/records/${row.id}/actions`, { action: 'link', employeeId: manual.body.id });
    expect(link.status).toBe(200);

    expect((await owner.get(`/employees/${manual.body.id}`)).body.source).toBe('personio');
    const bySource = async (source: string) =>
      ((await owner.get(`/employees?source=${source}&pageSize=200`)).body.items as { id: string; source: string }[]).map((e) => [e.id, e.source]);
    expect(await bySource('personio')).toContainEqual([manual.body.id, 'personio']);
    expect(await bySource('manual')).not.toContainEqual(expect.arrayContaining([manual.body.id]));
    expect(await bySource('manual')).toContainEqual([other.body.id, 'manual']);
    // An edit answers with the same source.
    expect((await owner.patch(`/employees/${manual.body.id}`, { notes: 'gekoppeld' })).body.source).toBe('personio');

    // Unlinked again, the employee is manual again.
    const unlink = await owner.post(`/integrations/${integration.id}/records/${row.id}/actions`, { action: 'unlink' });
    expect(unlink.status).toBe(200);
    expect((await owner.get(`/employees/${manual.body.id}`)).body.source).toBe('manual');
    void tenantId;
  });
});

const ROW_FIGURES = ['added', 'linked', 'updated', 'unchanged', 'excluded', 'needsAction', 'skipped', 'former', 'failed'] as const;
const DIFF_ACTION: Record<string, string> = { added: 'add', linked: 'link', updated: 'update', excluded: 'excluded', needsAction: 'needs_action', skipped: 'skipped', former: 'former' };

/** Every row figure equals the rows with that action in the run's list, and together they are the rows checked. */
function expectFiguresMatchRows(run: RunBody) {
  const sum = ROW_FIGURES.reduce((n, k) => n + run.counts[k]!, 0);
  expect(sum).toBe(run.counts.checked);
  for (const [figure, action] of Object.entries(DIFF_ACTION)) {
    expect({ figure, count: run.counts[figure] }).toEqual({ figure, count: run.diff.items.filter((i) => i.action === action).length });
  }
}

describe('sync figures', () => {
  it('count one thing each, match the rows shown, and undo says what it removed', async () => {
    const t = await createTenant(k, 'Cijfers BV');
    const client = t.client;
    // One person with two records (a second contract under the same e-mail): two rows, one employee.
    em.state.addEmployee({ first_name: 'Dubbel', last_name: 'Persoon', email: 'dubbel.persoon@figures.test', hire_date: '2021-01-01' });
    em.state.addEmployee({ first_name: 'Dubbel', last_name: 'Persoon', email: 'dubbel.persoon@figures.test', hire_date: '2024-01-01' });
    const integration = await connect(client, em, { autoAddEmployees: true }, 'Personio cijfers');
    const people = em.state.listEmployees().length;

    const preview = await waitRun(client, (await client.post(`/integrations/${integration.id}/sync`, {})).body.runId);
    expect(preview).toMatchObject({ status: 'succeeded', mode: 'preview' });
    expect(preview.counts.read).toBe(people);
    expect(preview.counts.checked).toBe(people);
    expectFiguresMatchRows(preview);
    const dubbel = preview.diff.items.filter((i) => i.name === 'Dubbel Persoon');
    expect(dubbel.map((i) => i.action)).toEqual(['add', 'add']);

    const applied = await waitRun(client, (await client.post(`/sync-runs/${preview.id}/apply`)).body.runId);
    expect(applied.status).toBe('succeeded');
    expectFiguresMatchRows(applied);
    const employees = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', t.tenant.id).execute();
    // Two added rows of one person made one employee.
    expect(employees.length).toBe(applied.counts.added + applied.counts.linked - 1);

    // Nothing changed since: an incremental read gets (almost) nothing, yet every record is checked again.
    const again = await waitRun(client, (await client.post(`/integrations/${integration.id}/sync`, {})).body.runId);
    expect(again.status).toBe('succeeded');
    expect(again.counts.read).toBeLessThan(people);
    expect(again.counts.checked).toBe(people);
    expect(again.counts.unchanged).toBe(people - again.counts.excluded - again.counts.former - again.counts.needsAction);
    expectFiguresMatchRows(again);

    // Undoing the apply deletes the employees it added: "removed", never "updated".
    const undo = await waitRun(client, (await client.post(`/sync-runs/${applied.id}/undo`)).body.runId);
    expect(undo.status).toBe('succeeded');
    const left = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', t.tenant.id).execute();
    expect(undo.counts.removed).toBe(employees.length - left.length);
    expect(undo.counts.removed).toBeGreaterThan(0);
    expect(undo.counts.updated).toBe(0);
    expect(undo.counts.removed).toBe(undo.diff.items.filter((i) => i.action === 'removed').length);
    expect(undo.counts.reverted).toBe(undo.diff.items.filter((i) => i.action === 'reverted').length);
  });
});

describe('a failing sync', () => {
  it('says it is retrying and why while it happens, then fails on the dashboard health and mails the notification addresses once', async () => {
    const t = await createTenant(k, 'Storing BV');
    const notify = 'storing@figures.test';
    const integration = await connect(t.client, em, { notificationEmails: [notify] }, 'Personio storing');
    // Personio answers 503 (Retry-After 1 s) to every employee listing the client tries: an outage.
    em.injectFault({ status: 503, path: '/v1/company/employees', retryAfterSeconds: 1, times: 8 });
    const runId = (await t.client.post(`/integrations/${integration.id}/sync`, {})).body.runId as string;
    const retrying = await eventually(async () => {
      const r = await t.client.get(`/sync-runs/${runId}`);
      return r.body.progress?.retry ? r.body : r.body.status === 'failed' || r.body.status === 'succeeded' ? { done: r.body } : null;
    }, 20_000);
    expect(retrying.progress.retry).toMatchObject({ reason: 'vendor_error', attempt: expect.any(Number), detail: expect.stringContaining('HTTP 503') });
    expect(Date.parse(retrying.progress.retry.nextAttemptAt)).toBeGreaterThan(Date.now() - 5_000);

    const failed = await waitRun(t.client, runId, 30_000);
    expect(failed.status).toBe('failed');
    const health = (await t.client.get('/integrations-health')).body.find((h: { id: string }) => h.id === integration.id);
    expect(health).toMatchObject({ state: 'failing', detail: 'vendor_error', lastRun: { id: runId, status: 'failed' } });
    const mails = async () => (await k.db.selectFrom('caught_mails').selectAll().where('tenant_id', '=', t.tenant.id).execute()).filter((m) => m.rcpt_to.includes(notify));
    await eventually(async () => (await mails()).length === 1);
    const [mail] = await mails();
    // In the tenant's language (Dutch here).
    expect(mail!.subject).toBe('Personio-synchronisatie "Personio storing" mislukt');
    expect(mail!.text_body).toContain('antwoordde met serverfouten');
    expect(mail!.text_body).toContain('HTTP 503');

    // A second failure in the same outage mails nobody again.
    em.injectFault({ status: 503, path: '/v1/company/employees', retryAfterSeconds: 1, times: 8 });
    const again = await waitRun(t.client, (await t.client.post(`/integrations/${integration.id}/sync`, {})).body.runId, 30_000);
    expect(again.status).toBe('failed');
    await new Promise((r) => setTimeout(r, 500));
    expect(await mails()).toHaveLength(1);
  });
});

describe('the link dialog', () => {
  it('says which Koppel fields a link will overwrite (old → new) before it is made, and stores nothing', async () => {
    const t = await createTenant(k, 'Koppeling BV');
    const integration = await connect(t.client, em, { autoAddEmployees: false }, 'Personio link');
    await waitRun(t.client, (await t.client.post(`/integrations/${integration.id}/sync`, {})).body.runId);
    const row = (await t.client.get(`/integrations/${integration.id}/records?list=unlinked&pageSize=200`)).body.items[0] as RecordRow & { name: string };
    const person = em.state.getEmployee(Number(row.externalId))!;
    const quin = await t.client.post('/employees', { firstName: 'Quin', lastName: person.last_name, email: 'quin@koppeling.test' });

    const preview = await t.client.get(`/integrations/${integration.id}/records/${row.id}/link-preview?employeeId=${quin.body.id}`);
    expect(preview.status).toBe(200);
    const byField = new Map((preview.body.changes as { field: string; old: unknown; new: unknown }[]).map((c) => [c.field, c]));
    expect(byField.get('firstName')).toMatchObject({ old: 'Quin', new: person.first_name });
    expect(byField.get('email')).toMatchObject({ old: 'quin@koppeling.test', new: person.email });
    expect(byField.has('lastName')).toBe(false);
    // Nothing changed: the record is still unlinked and Quin is still Quin.
    expect((await t.client.get(`/employees/${quin.body.id}`)).body.firstName).toBe('Quin');
    const still = (await t.client.get(`/integrations/${integration.id}/records?list=unlinked&pageSize=200`)).body.items as RecordRow[];
    expect(still.find((r) => r.id === row.id)?.linkState).toBe('unlinked');

    // After linking, the next sync plans exactly what the dialog said, and applying it writes it.
    await t.client.post(`/integrations/${integration.id}/records/${row.id}/actions`, { action: 'link', employeeId: quin.body.id });
    const run = await waitRun(t.client, (await t.client.post(`/integrations/${integration.id}/sync`, {})).body.runId);
    const item = run.diff.items.find((i) => i.employeeId === quin.body.id)!;
    expect(new Set(item.changes.map((c) => c.field))).toEqual(new Set(byField.keys()));
    await waitRun(t.client, (await t.client.post(`/sync-runs/${run.id}/apply`)).body.runId);
    expect((await t.client.get(`/employees/${quin.body.id}`)).body.firstName).toBe(person.first_name);

    // Another tenant's employee or a foreign record is not found.
    const other = await createTenant(k, 'Ander BV');
    expect((await other.client.get(`/integrations/${integration.id}/records/${row.id}/link-preview?employeeId=${quin.body.id}`)).status).toBe(404);
  });
});
