import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
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
