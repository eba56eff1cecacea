import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PersonioEmulator } from '../../emulators/personio/personio-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connect, startEmulator, waitRun } from './sync-support.ts';

/**
 * Issue 14, item 4: every review decision (add, link, exclude, skip, and a changed decision) on every
 * kind of flagged record (weak match, conflicting match, possible duplicate, no match) is carried out
 * by the next apply — through the nightly/`POST /sync` path and through preview + `POST /sync-runs/{id}/apply` —
 * or refused with the reason when it is made. Over the API, with the in-process worker, against the emulator.
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

type RecordItem = { id: string; externalId: string; needsAction: boolean; issues: string[]; linkState: string; decision: string | null; employee: { id: string } | null };

async function records(owner: Client, id: string, list = 'unlinked'): Promise<RecordItem[]> {
  const r = await owner.get(`/integrations/${id}/records?list=${list}&pageSize=200`);
  expect(r.status).toBe(200);
  return r.body.items as RecordItem[];
}

async function run(owner: Client, id: string, body: Record<string, unknown> = {}) {
  const started = await owner.post(`/integrations/${id}/sync`, body);
  expect(started.status).toBe(202);
  const r = await waitRun(owner, started.body.runId as string, 60_000);
  expect(r.status).toBe('succeeded');
  return r;
}

const DECISIONS = ['add', 'link', 'exclude', 'skip', 'change'] as const;
type Decision = (typeof DECISIONS)[number];
const KINDS = ['weak_match', 'match_conflict', 'possible_duplicate', 'proposed_add'] as const;
type Kind = (typeof KINDS)[number];
const NAMES: Record<Kind, string> = { weak_match: 'Zwak', match_conflict: 'Strijd', possible_duplicate: 'Dubbel', proposed_add: 'Nieuw' };

/**
 * A Personio account whose first sync was applied, then 20 new records, one per kind × decision,
 * flagged by a dry run: a Koppel employee with the same name and birth date (weak match), two such
 * employees (conflicting match), a second Personio record of a person another record adds (possible
 * duplicate), nobody at all (no match). Plus one Koppel employee per record to link to.
 */
async function scenario(path: 'sync' | 'preview') {
  const em = await startEmulator({ employees: 3 });
  running.push(em);
  const t = await createTenant(k, `Besluiten ${path}`);
  const owner = t.client;
  const created = await connect(owner, em);
  const first = await run(owner, created.id);
  expect(first.mode).toBe('preview');
  const firstApply = await owner.post(`/sync-runs/${first.id}/apply`);
  expect((await waitRun(owner, firstApply.body.runId as string, 60_000)).status).toBe('succeeded');

  const cases = new Map<string, { kind: Kind; decision: Decision; externalId: string; email: string; linkTo: string; matched: string[]; partner?: string }>();
  let n = 0;
  for (const kind of KINDS) {
    for (const decision of DECISIONS) {
      n++;
      const lastName = `${NAMES[kind]}${decision}`;
      const birthday = `19${70 + n}-03-${String(1 + n).padStart(2, '0')}`;
      let partner: string | undefined;
      if (kind === 'possible_duplicate') {
        const first = em.state.addEmployee({ first_name: 'Dirk', last_name: lastName, birthday });
        partner = String(first.id);
      }
      const p = em.state.addEmployee({ first_name: kind === 'possible_duplicate' ? 'Dirk' : 'Pim', last_name: lastName, birthday });
      const matched: string[] = [];
      const copies = kind === 'weak_match' ? 1 : kind === 'match_conflict' ? 2 : 0;
      for (let i = 0; i < copies; i++) {
        const e = await owner.post('/employees', { firstName: 'Pim', lastName, birthDate: birthday, email: `koppel-${n}-${i}@elsewhere.test` });
        expect(e.status).toBe(201);
        matched.push(e.body.id as string);
      }
      const target = await owner.post('/employees', { firstName: 'Doel', lastName: `Koppeling${n}`, email: `target-${n}@elsewhere.test` });
      expect(target.status).toBe(201);
      cases.set(`${kind}/${decision}`, { kind, decision, externalId: String(p.id), email: p.email, linkTo: target.body.id as string, matched, ...(partner ? { partner } : {}) });
    }
  }
  return { em, owner, tenantId: t.tenant.id, integrationId: created.id, cases };
}

async function decideAll(s: Awaited<ReturnType<typeof scenario>>) {
  const { owner, integrationId, cases } = s;
  // A dry run reads the new records; the partners of the possible duplicates are added by the user, and the
  // next dry run flags each second record.
  await run(owner, integrationId, { dryRun: true });
  const before = await records(owner, integrationId);
  for (const c of cases.values()) {
    if (!c.partner) continue;
    const partner = before.find((r) => r.externalId === c.partner)!;
    expect((await owner.post(`/integrations/${integrationId}/records/${partner.id}/actions`, { action: 'add' })).status).toBe(200);
  }
  const preview = await run(owner, integrationId, { dryRun: true });
  expect(preview.mode).toBe('preview');
  const flagged = await records(owner, integrationId);
  const ids = new Map<string, string>();
  for (const [key, c] of cases) {
    const r = flagged.find((x) => x.externalId === c.externalId);
    expect(r, key).toBeTruthy();
    expect({ key, needsAction: r!.needsAction, issues: r!.issues }).toEqual({ key, needsAction: true, issues: expect.arrayContaining([c.kind]) });
    ids.set(key, r!.id);
    const act = (body: Record<string, unknown>) => owner.post(`/integrations/${integrationId}/records/${r!.id}/actions`, body);
    const answer =
      c.decision === 'change'
        ? // Changed its mind: first "add", then "link" to an existing employee. The last decision counts.
          ((await act({ action: 'add' })).status === 200 ? await act({ action: 'link', employeeId: c.linkTo }) : null)
        : await act(c.decision === 'link' ? { action: 'link', employeeId: c.linkTo } : { action: c.decision });
    expect({ key, status: answer?.status }).toEqual({ key, status: 200 });
    expect(answer!.body.needsAction).toBe(false);
  }
  return { preview, ids };
}

async function expectCarriedOut(s: Awaited<ReturnType<typeof scenario>>, ids: Map<string, string>) {
  const { owner, integrationId, cases, tenantId } = s;
  const rows = await k.db.selectFrom('external_records').select(['id', 'link_state', 'employee_id', 'needs_action', 'decision']).where('integration_id', '=', integrationId).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [key, c] of cases) {
    const row = byId.get(ids.get(key)!)!;
    const got = { key, link: row.link_state, needsAction: row.needs_action };
    switch (c.decision) {
      case 'add': {
        expect(got).toEqual({ key, link: 'linked', needsAction: false });
        // A new employee: none of the matched ones, nor the duplicate's partner.
        expect(c.matched, key).not.toContain(row.employee_id);
        const e = await k.db.selectFrom('employees').select(['last_name', 'email']).where('tenant_id', '=', tenantId).where('id', '=', row.employee_id!).executeTakeFirstOrThrow();
        expect({ key, email: e.email?.toLowerCase() }).toEqual({ key, email: c.email.toLowerCase() });
        if (c.partner) {
          const partner = rows.find((r) => r.id !== row.id && r.employee_id === row.employee_id);
          expect(partner, `${key}: added apart from its partner`).toBeUndefined();
        }
        break;
      }
      case 'link':
      case 'change': {
        expect({ ...got, employee: row.employee_id }).toEqual({ key, link: 'linked', needsAction: false, employee: c.linkTo });
        // The apply carried the link out: Personio's name is on the employee now.
        const e = await k.db.selectFrom('employees').select(['last_name']).where('tenant_id', '=', tenantId).where('id', '=', c.linkTo).executeTakeFirstOrThrow();
        expect({ key, lastName: e.last_name }).toEqual({ key, lastName: `${NAMES[c.kind]}${c.decision}` });
        break;
      }
      case 'exclude':
        expect({ ...got, employee: row.employee_id }).toEqual({ key, link: 'excluded', needsAction: false, employee: null });
        break;
      case 'skip':
        // Not carried into this apply; asked again afterwards.
        expect({ ...got, employee: row.employee_id }).toEqual({ key, link: 'unlinked', needsAction: true, employee: null });
        break;
    }
    if (c.decision === 'exclude' || c.decision === 'skip') {
      const made = await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('email', '=', c.email).execute();
      expect({ key, made }).toEqual({ key, made: [] });
    }
  }
  // Nothing left open but the skipped records (and the open ones never decided).
  const open = (await records(owner, integrationId)).filter((r) => r.needsAction && [...ids.values()].includes(r.id));
  expect(open.map((r) => [...ids.entries()].find(([, v]) => v === r.id)![0]).sort()).toEqual(KINDS.map((kd) => `${kd}/skip`).sort());
}

describe('4. every review decision on every kind of flagged record is carried out by the next apply', () => {
  it('through the nightly path (POST /sync after a dry run)', async () => {
    const s = await scenario('sync');
    const { ids } = await decideAll(s);
    const applied = await run(s.owner, s.integrationId);
    expect(applied.mode).toBe('apply');
    await expectCarriedOut(s, ids);
  });

  it('through preview + POST /sync-runs/{id}/apply', async () => {
    const s = await scenario('preview');
    const { preview, ids } = await decideAll(s);
    const applied = await s.owner.post(`/sync-runs/${preview.id}/apply`);
    expect(applied.status).toBe(202);
    expect((await waitRun(s.owner, applied.body.runId as string, 60_000)).status).toBe('succeeded');
    await expectCarriedOut(s, ids);
  });

  it('"skip" holds for the next applied sync even when new people are added automatically, then is asked again', async () => {
    const em = await startEmulator({ employees: 3 });
    running.push(em);
    const t = await createTenant(k, 'Overslaan');
    const owner = t.client;
    const created = await connect(owner, em);
    const first = await run(owner, created.id);
    expect((await waitRun(owner, (await owner.post(`/sync-runs/${first.id}/apply`)).body.runId as string, 60_000)).status).toBe('succeeded');
    const p = em.state.addEmployee({ first_name: 'Sanne', last_name: 'Overslaan' });
    await run(owner, created.id, { dryRun: true });
    const rec = (await records(owner, created.id)).find((r) => r.externalId === String(p.id))!;
    expect(rec.issues).toContain('proposed_add');
    expect((await owner.post(`/integrations/${created.id}/records/${rec.id}/actions`, { action: 'skip' })).status).toBe(200);
    // Switched to adding new people automatically: the skipped one still waits this sync out.
    expect((await owner.patch(`/integrations/${created.id}`, { settings: { autoAddEmployees: true } })).status).toBe(200);
    await run(owner, created.id);
    const after = await k.db.selectFrom('external_records').select(['link_state', 'needs_action', 'employee_id']).where('id', '=', rec.id).executeTakeFirstOrThrow();
    // Back to undecided: with new people added automatically, that means "added by the next sync".
    expect(after).toEqual({ link_state: 'unlinked', needs_action: false, employee_id: null });
    // The sync after that adds it, as the settings say.
    await run(owner, created.id);
    const later = await k.db.selectFrom('external_records').select(['link_state']).where('id', '=', rec.id).executeTakeFirstOrThrow();
    expect(later.link_state).toBe('linked');
  });

  it('refuses, when it is made, a decision the next apply could not carry out, with the reason', async () => {
    const em = await startEmulator({ employees: 6 });
    running.push(em);
    const t = await createTenant(k, 'Weigeren');
    const owner = t.client;
    const [p, q, r] = em.state.listEmployees().filter((e) => e.status === 'active' && e.personnel_number);
    const a = await owner.post('/employees', { firstName: 'Een', lastName: 'Ander', email: p!.email });
    expect(a.status).toBe(201);
    // r's e-mail on one employee and its personnel number on another: a conflict of strong signals.
    expect((await owner.post('/employees', { firstName: 'Twee', lastName: 'Mail', email: r!.email })).status).toBe(201);
    expect((await owner.post('/employees', { firstName: 'Drie', lastName: 'Nummer', email: 'drie@elsewhere.test', personnelNumber: r!.personnel_number })).status).toBe(201);
    const created = await connect(owner, em);
    await run(owner, created.id);
    const list = await records(owner, created.id, 'unlinked');
    const linkedRow = await k.db.selectFrom('external_records').select(['id', 'link_state']).where('integration_id', '=', created.id).where('external_id', '=', String(p!.id)).executeTakeFirstOrThrow();
    // A strong match (same e-mail): adding would make a second of the same person.
    const add = await owner.post(`/integrations/${created.id}/records/${linkedRow.id}/actions`, { action: 'add' });
    expect(add.status).toBe(409);
    expect(add.body.error.message).toContain('matches an existing employee');
    const conflict = list.find((x) => x.externalId === String(r!.id))!;
    expect(conflict.issues).toContain('match_conflict');
    const addConflict = await owner.post(`/integrations/${created.id}/records/${conflict.id}/actions`, { action: 'add' });
    expect(addConflict.status).toBe(409);
    expect(addConflict.body.error.message).toContain('link it instead');
    // Link needs an employee; to one that does not exist is refused.
    const qRow = list.find((r) => r.externalId === String(q!.id))!;
    const noTarget = await owner.post(`/integrations/${created.id}/records/${qRow.id}/actions`, { action: 'link' });
    expect(noTarget.status).toBe(400);
    const gone = await owner.post(`/integrations/${created.id}/records/${qRow.id}/actions`, { action: 'link', employeeId: '00000000-0000-4000-8000-000000000000' });
    expect(gone.status).toBe(404);
    // A linked record cannot be skipped or added: unlink it first.
    expect((await owner.post(`/integrations/${created.id}/records/${qRow.id}/actions`, { action: 'link', employeeId: a.body.id })).status).toBe(200);
    const skipLinked = await owner.post(`/integrations/${created.id}/records/${qRow.id}/actions`, { action: 'skip' });
    expect(skipLinked.status).toBe(409);
    expect(skipLinked.body.error.message).toMatch(/linked/i);
  });
});
