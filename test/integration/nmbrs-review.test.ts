import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connectNmbrs } from './nmbrs-support.ts';
import { waitRun } from './sync-support.ts';

/**
 * F-13, the seed's review (issue 10): the FIRST apply ("Bijwerken" on the first preview) carries out every
 * decision taken during the review — Koppelen (link), Aanmaken (create, also on a row whose personnel number
 * another Nmbrs company uses), Blokkeren (exclude) and Overslaan (skip) — and leaves nothing of them for a
 * later run. Before the fix, an "add" on a row whose number clashed failed the apply as a duplicate
 * (`row:duplicate`) and only went in with the next run; and an undecided clashing row showed no clash in the
 * preview, only after the apply.
 */

let k: TestKoppel;
let em: NmbrsEmulator;
let owner: Client;
let tenantId: string;

type Row = { id: string; externalId: string; name: string; needsAction: boolean; issues: string[]; personnelNumber: string | null; decision: string | null };

beforeAll(async () => {
  em = await startNmbrsEmulator({ employees: 30, companies: 2, seed: 7, referenceDate: '2026-03-10', rateLimitPerSecond: 0 });
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Nmbrs Review BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

const records = async (id: string, list: string) => (await owner.get(`/integrations/${id}/records?list=${list}&pageSize=200`)).body.items as Row[];
const act = async (id: string, recordId: string, body: Record<string, unknown>) => {
  const r = await owner.post(`/integrations/${id}/records/${recordId}/actions`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

describe('Nmbrs review: the first apply carries out every decision', () => {
  it('without auto-add: link, create (a clashing number too), block and skip all land in the first apply', async () => {
    const hand = (await owner.post('/employees', { firstName: 'Handmatig', lastName: 'Ingevoerd', email: 'hand@koppel.test' })).body.id as string;
    const { id } = await connectNmbrs(owner, em, { settings: { contractFields: { function: true, endDates: true, contractHours: true, hourlyWages: true } } });
    const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
    expect(preview).toMatchObject({ status: 'succeeded', mode: 'preview' });
    const open = await records(id, 'unlinked');
    // The preview already shows the clash the apply would meet: a second company's row with a number an earlier row takes.
    const clashing = open.filter((r) => r.issues.includes('personnel_number_conflict'));
    expect(clashing.length).toBeGreaterThan(1);
    const plain = open.filter((r) => r.needsAction && !r.issues.includes('personnel_number_conflict'));
    const [toLink, toBlock, toSkip] = plain;
    const toCreate = clashing[0]!;
    await act(id, toLink!.id, { action: 'link', employeeId: hand });
    await act(id, toBlock!.id, { action: 'exclude' });
    await act(id, toSkip!.id, { action: 'skip' });
    await act(id, toCreate.id, { action: 'add' });

    const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
    expect(applied.status).toBe('succeeded');
    expect(applied.errors).toEqual([]);
    expect(applied.counts.failed).toBe(0);

    const rows = await k.db.selectFrom('external_records').select(['id', 'employee_id', 'contract_id', 'link_state', 'decision', 'needs_action']).where('tenant_id', '=', tenantId).execute();
    const row = (r: Row) => rows.find((x) => x.id === r.id)!;
    // Koppelen: linked to the hand-made employee, which now carries Nmbrs' values and a contract from the record.
    expect(row(toLink!)).toMatchObject({ link_state: 'linked', employee_id: hand });
    expect(row(toLink!).contract_id).toBeTruthy();
    const linked = await k.db.selectFrom('employees').select(['first_name', 'last_name']).where('id', '=', hand).executeTakeFirstOrThrow();
    expect(`${linked.first_name} ${linked.last_name}`).not.toBe('Handmatig Ingevoerd');
    // The link dialog's search finds an employee by BSN too (HR roles; through the blind index, the BSN is never stored clear).
    const bsn = em.data.employees.find((e) => e.employeeId === toLink!.externalId)!.privateInfos.at(-1)!.bsn;
    const found = await owner.get(`/employees?q=${bsn}&pageSize=10`);
    expect(found.status).toBe(200);
    expect((found.body.items as { id: string }[]).map((e) => e.id)).toEqual([hand]);
    // Aanmaken on the clashing row: its employee exists now, without the number the other company's employee holds.
    expect(row(toCreate)).toMatchObject({ link_state: 'linked', decision: null, needs_action: false });
    const created = await k.db.selectFrom('employees').select(['personnel_number', 'source']).where('id', '=', row(toCreate).employee_id!).executeTakeFirstOrThrow();
    expect(created.source).toBe('nmbrs');
    const holder = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('personnel_number', '=', toCreate.personnelNumber).execute();
    expect(holder).toHaveLength(1);
    expect(holder[0]!.id).not.toBe(row(toCreate).employee_id);
    // Blokkeren: stays out; Overslaan: nobody created, asked again next time.
    expect(row(toBlock!)).toMatchObject({ link_state: 'excluded', employee_id: null });
    // A skip holds for the apply it was made for and is then released, so the next sync asks again (issue 14 #4).
    expect(row(toSkip!)).toMatchObject({ link_state: 'unlinked', employee_id: null });
    // Undecided rows were added by the apply of the reviewed preview; only undecided clashing rows wait (one whose
    // partner was blocked, skipped or linked no longer clashes and went in).
    // The skipped row is asked again (red again after its skip was released); the others wait only on a clash.
    const stillRed = rows.filter((r) => r.needs_action && r.id !== toSkip!.id).map((r) => r.id);
    expect(stillRed.length).toBeGreaterThan(0);
    const clashIds = new Set(clashing.slice(1).map((r) => r.id));
    expect(stillRed.every((x) => clashIds.has(x))).toBe(true);
    expect((await records(id, 'unlinked')).filter((r) => r.needsAction).every((r) => r.issues.includes('personnel_number_conflict'))).toBe(true);

    // The next sync asks for the skipped row again and has nothing of the decisions left to do.
    const next = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
    expect(next.status).toBe('succeeded');
    const again = await records(id, 'unlinked');
    expect(again.find((r) => r.id === toSkip!.id)).toMatchObject({ needsAction: true });
    expect((await records(id, 'excluded')).map((r) => r.id)).toContain(toBlock!.id);
  });

  it('with auto-add: the red rows decided "add" in the review are all added by the first apply (no duplicate failures)', async () => {
    const t = await createTenant(k, 'Nmbrs Review Auto BV');
    const em2 = await startNmbrsEmulator({ employees: 30, companies: 2, seed: 7, referenceDate: '2026-03-10', rateLimitPerSecond: 0 });
    try {
      const { id } = await connectNmbrs(t.client, em2, { settings: { autoAddEmployees: true } });
      const preview = await waitRun(t.client, (await t.client.post(`/integrations/${id}/sync`, {})).body.runId);
      const red = ((await t.client.get(`/integrations/${id}/records?list=unlinked&pageSize=200`)).body.items as Row[]).filter((r) => r.needsAction);
      expect(red.length).toBeGreaterThan(0);
      for (const r of red) expect((await t.client.post(`/integrations/${id}/records/${r.id}/actions`, { action: 'add' })).status).toBe(200);
      const applied = await waitRun(t.client, (await t.client.post(`/sync-runs/${preview.id}/apply`)).body.runId);
      expect(applied.status).toBe('succeeded');
      expect(applied.errors).toEqual([]);
      expect(applied.counts).toMatchObject({ failed: 0, needsAction: 0 });
      const left = await k.db.selectFrom('external_records').select('id').where('tenant_id', '=', t.tenant.id).where('link_state', '=', 'unlinked').where('former', '=', false).execute();
      expect(left).toEqual([]);
    } finally {
      await em2.close();
    }
  });
});
