import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPersonio } from '../../src/app/demo/personio-demo.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo/seed.ts';
import { type Client, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun } from './sync-support.ts';

/**
 * Issue 15 item 8: the demo's Personio must show automatic matching. The demo company and its Personio share
 * most people (by e-mail, some by BSN or personnel number only), a few need a decision, and no message blames
 * a personnel number that nobody else uses.
 */
let k: TestKoppel;
let emulator: Awaited<ReturnType<typeof startDemoPersonio>>;
let owner: Client;
let integrationId: string;
beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
  const seeded = await seedDemo(k.db, k.services.box, {});
  emulator = await startDemoPersonio(k.db, k.services, seeded.tenantId, { port: 0 });
  owner = await login(k, 'owner@demo.koppel.test', DEMO_PASSWORD);
  integrationId = (await owner.get('/integrations')).body.find((i: { vendor: string }) => i.vendor === 'personio').id;
});
afterAll(async () => {
  await emulator?.close();
  await k?.stop();
});

type Row = { name: string; needsAction: boolean; issues: string[]; proposal: { action: string; reasons: string[]; employeeName: string | null } | null };

describe('demo Personio', () => {
  it('proposes links by e-mail, BSN and personnel number; only a few rows need a decision', async () => {
    expect(emulator.alignment).toMatchObject({ bsn: 5, personnelNumber: 4, weak: 2, conflict: 1 });
    expect(emulator.alignment.email).toBeGreaterThanOrEqual(20);
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    const rows = (await owner.get(`/integrations/${integrationId}/records?list=unlinked&pageSize=200`)).body.items as Row[];
    const links = rows.filter((r) => r.proposal?.action === 'link' && !r.needsAction);
    const by = (reason: string, only: boolean) => links.filter((r) => r.proposal!.reasons.includes(reason) && (!only || r.proposal!.reasons.length === 1)).length;
    expect(by('email', false)).toBe(emulator.alignment.email);
    expect(by('bsn', true)).toBe(emulator.alignment.bsn);
    expect(by('personnel_number', true)).toBe(emulator.alignment.personnelNumber);
    // Every proposed link names the employee, and is the same person by name.
    for (const r of links) expect(r.proposal!.employeeName).toBe(r.name);
    const issues = rows.flatMap((r) => r.issues);
    expect(issues.filter((i) => i === 'weak_match')).toHaveLength(2);
    expect(issues.filter((i) => i === 'match_conflict')).toHaveLength(1);
    // Nobody else holds Personio's numbers: no row may claim so.
    expect(issues).not.toContain('personnel_number_conflict');
    // The red rows are the decisions and the new hires, not the whole list.
    const red = rows.filter((r) => r.needsAction).length;
    expect(red).toBeLessThan(rows.length / 2);
  });
});
