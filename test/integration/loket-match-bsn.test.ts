import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoketEmulator, startLoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun } from './sync-support.ts';

/**
 * Issue 11, Medewerkers step: "match proposals by email, BSN and personnel number and their reasons". A Koppel
 * employee who shares ONLY the BSN with a Loket employee (another name, no e-mail, no personnel number) is proposed
 * as that Loket employee's link, with the BSN as the reason; applying links the two (nobody is added twice). Without
 * Loket's BSN right the same person is not proposed on a BSN the connector could not read.
 */
let k: TestKoppel;
let em: LoketEmulator;

beforeAll(async () => {
  [em, k] = await Promise.all([startLoketEmulator({ employers: 1, employees: 5, seed: 41, referenceYear: 2026 }), startTestKoppel({ worker: true })]);
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

type RecordBody = { externalId: string; needsAction: boolean; linkState: string; bsnMasked: string | null; proposal: { action: string; employeeId: string | null; reasons: string[]; strength?: string } | null; employee: { id: string } | null };

async function connect(owner: Client, name: string) {
  const r = await owner.post('/integrations', { vendor: 'loket', name, baseUrl: em.apiUrl, credentials: { username: em.login.username, password: em.login.password, environment: 'OMG-BSN' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await owner.put(`/integrations/${r.body.id}/scope`, { accountIds: [em.world.employers[0]!.id] })).status).toBe(200);
  return r.body.id as string;
}

const records = async (owner: Client, integrationId: string, list: 'unlinked' | 'linked') => (await owner.get(`/integrations/${integrationId}/records?list=${list}&pageSize=100`)).body.items as RecordBody[];

/** A tenant with one Koppel employee holding the Loket employee's BSN and nothing else in common with it. */
async function tenantWithSameBsn(name: string, bsn: string) {
  const t = await createTenant(k, name);
  const existing = await t.client.post('/employees', { firstName: 'Anders', lastName: 'Genaamd', bsn });
  expect(existing.status).toBe(201);
  return { ...t, koppelId: existing.body.id as string };
}

describe('Loket.nl: a match proposal by BSN', () => {
  it('the BSN alone proposes the link, with "bsn" as its reason; applying links it, nobody added twice', async () => {
    const p = em.world.employees[1]!;
    const { client: owner, tenant, koppelId } = await tenantWithSameBsn('Loket BSN BV', p.bsn);
    const id = await connect(owner, 'Loket');
    const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
    expect(preview).toMatchObject({ status: 'succeeded', mode: 'preview' });
    const rec = (await records(owner, id, 'unlinked')).find((r) => r.externalId === p.id);
    expect(rec?.proposal).toMatchObject({ action: 'link', employeeId: koppelId, reasons: ['bsn'], strength: 'strong' });
    // A strong proposal is no red row; the BSN is shown masked only.
    expect(rec!.needsAction).toBe(false);
    expect(rec!.bsnMasked).toBeTruthy();
    expect(rec!.bsnMasked!.replace(/\D/g, '').length).toBeLessThan(9);

    const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
    expect(applied.status).toBe('succeeded');
    expect((await records(owner, id, 'linked')).find((r) => r.externalId === p.id)?.employee?.id).toBe(koppelId);
    const { bsn_hash } = await k.db.selectFrom('employees').select('bsn_hash').where('id', '=', koppelId).executeTakeFirstOrThrow();
    expect(bsn_hash).toBeTruthy();
    const same = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenant.id).where('bsn_hash', '=', bsn_hash).execute();
    expect(same.map((e) => e.id)).toEqual([koppelId]);
  });

  it('once Loket\'s BSN right is withdrawn there is no BSN to match on: no BSN proposal, the BSN not shown', async () => {
    const p = em.world.employees[1]!;
    const { client: owner, koppelId } = await tenantWithSameBsn('Loket zonder BSN-recht BV', p.bsn);
    // Connecting checks the right (a login without it is refused); here it is withdrawn in Loket afterwards.
    const id = await connect(owner, 'Loket');
    em.rights.citizenServiceNumber = false;
    try {
      const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
      expect(preview.status).toBe('succeeded');
      const rec = (await records(owner, id, 'unlinked')).find((r) => r.externalId === p.id);
      expect(rec).toBeDefined();
      expect(rec!.proposal?.employeeId ?? null).not.toBe(koppelId);
      expect(rec!.proposal?.reasons ?? []).not.toContain('bsn');
      expect(rec!.bsnMasked).toBeNull();
    } finally {
      em.rights.citizenServiceNumber = true;
    }
  });
});
