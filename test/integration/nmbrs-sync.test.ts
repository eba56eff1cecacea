import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { noticeFields } from '../../web/src/pages/integrations/synced-fields.ts';
import { leaveEntitlement } from '../../src/domain/leave.ts';
import { contractRepository } from '../../src/workforce/contract.repository.ts';
import { DEFAULT_LEAVE_WEEKS } from '../../src/workforce/leave.service.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { connectNmbrs } from './nmbrs-support.ts';
import { waitRun, writeFootprint } from './sync-support.ts';

/**
 * F-13/F-14 for Nmbrs (issue 10) over the real app, worker and Nmbrs emulator: the shared sync engine
 * reads the chosen companies; the first sync is a preview with the review actions (add, link, exclude,
 * skip); apply; one person with several employments (a rehire) and one person in two companies end as
 * one Koppel employee; the seed's local fields (manager, leave corrections) and hand-entered employees
 * are never touched; an unchanged re-sync writes no row. Kills and 20 % faults: nmbrs-sync-convergence.test.ts.
 */

const EMPLOYEES = 30;
const SEED = 7;
const REFERENCE_DATE = '2026-03-10';
const SETTINGS = { autoAddEmployees: true, contractFields: { function: true, endDates: true, contractHours: true, hourlyWages: true } };

let k: TestKoppel;
let em: NmbrsEmulator;
let owner: Client;
let tenantId: string;
let integrationId: string;
const emulators: NmbrsEmulator[] = [];

const start = async () => {
  const e = await startNmbrsEmulator({ employees: EMPLOYEES, companies: 2, seed: SEED, referenceDate: REFERENCE_DATE, rateLimitPerSecond: 0 });
  emulators.push(e);
  return e;
};

beforeAll(async () => {
  em = await start();
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Nmbrs Sync BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await Promise.all(emulators.map((e) => e.close()));
});

const bsnOf = (e: NmbrsEmulator['data']['employees'][number]) => e.privateInfos.at(-1)?.bsn ?? '';

/**
 * The user's "Aanmaken" on every red row: in Nmbrs personnel numbers repeat per company, so a second
 * company's employee with a number Koppel already holds waits for a human (personnel_number_conflict).
 */
async function addRedRows(client: Client, id: string) {
  const r = await client.get(`/integrations/${id}/records?list=unlinked&pageSize=200`);
  const red = (r.body.items as { id: string; needsAction: boolean; issues: string[] }[]).filter((x) => x.needsAction);
  for (const x of red) expect((await client.post(`/integrations/${id}/records/${x.id}/actions`, { action: 'add' })).status, JSON.stringify(x.issues)).toBe(200);
  return red;
}

/**
 * Follow-up runs until the integration is settled: red rows decided "add" and an apply-mode sync, until a run
 * adds and updates nothing and leaves nothing red (the user's review rounds). Returns the rounds it took.
 */
async function settle(client: Client, id: string, max = 4) {
  for (let round = 1; round <= max; round++) {
    await addRedRows(client, id);
    const run = await waitRun(client, (await client.post(`/integrations/${id}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    if (!run.counts.added && !run.counts.updated && !run.counts.needsAction) return round;
  }
  throw new Error('not settled');
}

async function records(list: string) {
  const r = await owner.get(`/integrations/${integrationId}/records?list=${list}&pageSize=200`);
  expect(r.status).toBe(200);
  return r.body as { items: { id: string; externalId: string; name: string; needsAction: boolean; proposal: { action: string } | null }[] };
}

describe('Nmbrs sync (F-13, F-14)', () => {
  let handMade: string;
  let excludedExt: string;
  let skippedExt: string;

  it('first sync: a preview over the chosen companies, with organisation and proposals; nothing written', async () => {
    // An employee entered by hand in Koppel, with no Nmbrs record (the seed's "blue" one).
    handMade = (await owner.post('/employees', { firstName: 'Handmatig', lastName: 'Ingevoerd', email: 'hand@koppel.test' })).body.id;
    integrationId = (await connectNmbrs(owner, em, { settings: SETTINGS })).id;
    const org = await owner.get(`/integrations/${integrationId}/organisation`);
    expect(org.status).toBe(200);
    expect(org.body.departments.length).toBeGreaterThan(0);
    expect(org.body.costCenters.length).toBeGreaterThan(0);
    // The functions of the debtor's catalogue, read live (F-12), for the functions mapping tab.
    const catalogue = [...new Set(em.data.companies.map((c) => c.debtorId))].flatMap((d) => em.data.functions.get(d)!);
    expect((org.body.functions as { externalId: string }[]).map((f) => f.externalId).sort()).toEqual(catalogue.map((f) => f.id).sort());

    const started = await owner.post(`/integrations/${integrationId}/sync`, {});
    expect(started.status).toBe(202);
    expect(started.body.mode).toBe('preview');
    const run = await waitRun(owner, started.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.read).toBe(em.data.employees.length);
    expect((await k.db.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).execute()).map((e) => e.id)).toEqual([handMade]);
    // The seed's steps: companies chosen (green), departments not mapped yet and functions Koppel lacks (red),
    // no labour-agreement endpoint, the employee rows; the review opens on the first red step.
    const steps = await owner.get(`/integrations/${integrationId}/nmbrs-steps`);
    expect(steps.status).toBe(200);
    const byStep = Object.fromEntries((steps.body.steps as { step: string; state: string; open: number; total: number }[]).map((x) => [x.step, x]));
    expect(steps.body.steps.map((x: { step: string }) => x.step)).toEqual(['companies', 'departments', 'functions', 'labour_agreements', 'employees']);
    expect(byStep.companies).toMatchObject({ state: 'green' });
    expect(byStep.departments).toMatchObject({ state: 'red' });
    // Functions: every function Nmbrs lists is open until it is mapped (none is yet).
    expect(byStep.functions).toMatchObject({ state: 'red' });
    expect(byStep.functions.open).toBe(byStep.functions.total);
    expect(byStep.functions.total).toBe(org.body.functions.length);
    expect(byStep.labour_agreements).toMatchObject({ state: 'not_offered' });
    expect(steps.body.first).toBe('departments');
    // No clear BSN in what Koppel stored about the records.
    const stored = JSON.stringify(await k.db.selectFrom('external_records').selectAll().where('tenant_id', '=', tenantId).execute());
    for (const e of em.data.employees) if (bsnOf(e)) expect(stored).not.toContain(bsnOf(e));
  });

  it('review actions: exclude one record, skip another; apply writes the rest; a person in two companies is one employee', async () => {
    const unlinked = await records('unlinked');
    expect(unlinked.items.length).toBeGreaterThan(2);
    const [a, b] = unlinked.items.filter((r) => r.proposal?.action === 'add' && !r.needsAction);
    excludedExt = a!.externalId;
    skippedExt = b!.externalId;
    expect((await owner.post(`/integrations/${integrationId}/records/${a!.id}/actions`, { action: 'exclude' })).status).toBe(200);
    expect((await owner.post(`/integrations/${integrationId}/records/${b!.id}/actions`, { action: 'skip' })).status).toBe(200);
    // Red rows: the same personnel number in the other company (another BSN) is another person, never linked by number.
    const red = await addRedRows(owner, integrationId);
    expect(red.length).toBeGreaterThan(0);
    expect(red.every((x) => x.issues.includes('personnel_number_conflict'))).toBe(true);

    const preview = (await owner.get(`/integrations/${integrationId}/runs`)).body.items[0];
    const applied = await owner.post(`/sync-runs/${preview.id}/apply`);
    expect(applied.status).toBe(202);
    const run = await waitRun(owner, applied.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.added).toBeGreaterThan(10);

    const rows = await k.db.selectFrom('external_records').select(['external_id', 'employee_id', 'link_state']).where('tenant_id', '=', tenantId).execute();
    const byExt = new Map(rows.map((r) => [r.external_id, r]));
    expect(byExt.get(excludedExt)).toMatchObject({ link_state: 'excluded', employee_id: null });
    expect(byExt.get(skippedExt)?.employee_id).toBeNull();
    // Two Nmbrs records with one BSN (the same person in two companies) link to one Koppel employee.
    const byBsn = new Map<string, string[]>();
    for (const e of em.data.employees) if (bsnOf(e)) byBsn.set(bsnOf(e), [...(byBsn.get(bsnOf(e)) ?? []), e.employeeId]);
    const pairs = [...byBsn.values()].filter((ids) => ids.length > 1 && ids.every((id) => id !== excludedExt && id !== skippedExt));
    expect(pairs.length).toBeGreaterThan(0);
    for (const ids of pairs) {
      const linked = ids.map((id) => byExt.get(id)?.employee_id).filter(Boolean);
      if (linked.length === ids.length) expect(new Set(linked).size).toBe(1);
    }
    // A rehire (one record, several employments) is one employee.
    const rehire = em.data.employees.find((e) => e.employments.length > 1 && e.employeeId !== excludedExt && e.employeeId !== skippedExt);
    if (rehire) expect(byExt.get(rehire.employeeId)?.employee_id).toBeTruthy();
    const employees = await k.db.selectFrom('employees').select(['id', 'source']).where('tenant_id', '=', tenantId).execute();
    expect(employees.filter((e) => e.id !== handMade).every((e) => e.source === 'nmbrs')).toBe(true);
    // The hand-made employee is no Nmbrs record's.
    expect(rows.some((r) => r.employee_id === handMade)).toBe(false);
    // The employee form says which fields Nmbrs overwrites.
    const linked = rows.find((r) => r.link_state === 'linked' && r.employee_id)!;
    const status = (await owner.get(`/employees/${linked.employee_id}/sync-status`)).body;
    expect(status).toMatchObject({ synced: true, integrations: [{ id: integrationId, vendor: 'nmbrs' }] });
    expect(status.contractFields).toEqual(expect.arrayContaining(['department', 'function']));
    expect((await owner.get(`/employees/${handMade}/sync-status`)).body.synced).toBe(false);
    // The employee form's notice (web synced-fields) names, for this Nmbrs employee, the contract fields the next sync
    // overwrites as well: function, department, contract type and hours; the hand-made employee gets no notice.
    expect(status.contractIds.length).toBeGreaterThan(0);
    const onForm = noticeFields(status, 'employee');
    expect(onForm.fields.length).toBeGreaterThan(0);
    expect(onForm.contractFields).toEqual(expect.arrayContaining(['function', 'department', 'contractType', 'weeklyHours']));
    expect(noticeFields(status, 'contract', status.contractIds[0]).fields).toEqual(status.contractFields);
    // The company (werkmaatschappij) is a synced contract field now; the labour agreement is held in Nmbrs only (no CAO
    // endpoint in Nmbrs' REST API).
    expect(status.contractFields).toContain('company');
    expect(onForm.contractFields).toContain('company');
    expect(onForm.vendorOnly).toEqual(['labourAgreement']);
    expect(noticeFields((await owner.get(`/employees/${handMade}/sync-status`)).body, 'employee')).toEqual({ fields: [], contractFields: [], vendorOnly: [] });
  });

  it('the company (werkmaatschappij) is stored on each synced contract, shown with the contract, and overwritten by the next sync', async () => {
    const companyName = new Map(em.data.companies.map((c) => [c.companyId, c.name]));
    const linkedContracts = () =>
      k.db
        .selectFrom('external_records as r')
        .innerJoin('contracts as c', 'c.id', 'r.contract_id')
        .select(['r.external_id', 'r.employee_id', 'c.id as contract_id', 'c.company'])
        .where('r.tenant_id', '=', tenantId)
        .where('r.link_state', '=', 'linked')
        .execute();
    const linked = await linkedContracts();
    expect(linked.length).toBeGreaterThan(10);
    for (const l of linked) expect(l.company, l.external_id).toBe(companyName.get(em.data.employees.find((e) => e.employeeId === l.external_id)!.companyId));
    // Changed by hand on a synced contract: the next sync puts Nmbrs' company back (the form's notice says it will).
    const target = linked[0]!;
    const edited = await owner.patch(`/contracts/${target.contract_id}`, { company: '  Handmatig Gewijzigd BV ' });
    expect(edited.status).toBe(200);
    expect(edited.body.company).toBe('Handmatig Gewijzigd BV');
    // Too long: refused, nothing written.
    const long = await owner.patch(`/contracts/${target.contract_id}`, { company: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect((await owner.get(`/contracts/${target.contract_id}`)).body.company).toBe('Handmatig Gewijzigd BV');
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    expect((await owner.get(`/contracts/${target.contract_id}`)).body.company).toBe(target.company);
    const change = await k.db.selectFrom('sync_changes').select(['field', 'old_value', 'new_value']).where('run_id', '=', run.id).where('entity_id', '=', target.contract_id).where('field', '=', 'company').executeTakeFirstOrThrow();
    expect(change).toMatchObject({ old_value: 'Handmatig Gewijzigd BV', new_value: target.company });
    // A person in two companies (linked by the sync after the first apply): one employee, a contract per company, each
    // with its company.
    const relinked = await linkedContracts();
    for (const l of relinked) expect(l.company, l.external_id).toBe(companyName.get(em.data.employees.find((e) => e.employeeId === l.external_id)!.companyId));
    const byEmployee = new Map<string, typeof relinked>();
    for (const l of relinked) byEmployee.set(l.employee_id!, [...(byEmployee.get(l.employee_id!) ?? []), l]);
    const twoCompanies = [...byEmployee.values()].find((ls) => new Set(ls.map((l) => l.company)).size > 1);
    expect(twoCompanies).toBeTruthy();
    // The employee page's contracts (GET /employees/:id/contracts) carry it.
    const shown = (await owner.get(`/employees/${twoCompanies![0]!.employee_id}/contracts`)).body as { id: string; company: string | null }[];
    expect(shown.map((c) => c.company).sort()).toEqual(twoCompanies!.map((l) => l.company).sort());

    // A contract of the hand-made employee (no Nmbrs record) keeps the company typed for it; blank text is no company.
    const own = await owner.post(`/employees/${handMade}/contracts`, { startDate: '2026-01-01', weeklyHours: 20, company: 'Eigen Werkmaatschappij BV' });
    expect(own.status).toBe(201);
    expect((await owner.patch(`/contracts/${own.body.id}`, { company: '   ' })).body.company).toBeNull();
    expect((await owner.patch(`/contracts/${own.body.id}`, { company: 'Eigen Werkmaatschappij BV' })).body.company).toBe('Eigen Werkmaatschappij BV');
    await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect((await owner.get(`/contracts/${own.body.id}`)).body.company).toBe('Eigen Werkmaatschappij BV');
  });

  it('functions are mapped like departments (F-12): to a Koppel function or "create"; the sync uses the mapping, the step turns green', async () => {
    const functionsOf = async () => (await k.db.selectFrom('job_functions').select(['id', 'name']).where('tenant_id', '=', tenantId).execute()).sort((a, b) => a.name.localeCompare(b.name));
    // The apply created no function by name: unmapped functions are left alone, and the step stays red.
    expect(await functionsOf()).toEqual([]);
    let steps = (await owner.get(`/integrations/${integrationId}/nmbrs-steps`)).body.steps as { step: string; state: string; open: number; total: number }[];
    expect(steps.find((x) => x.step === 'functions')).toMatchObject({ state: 'red' });
    const nm = (await owner.get(`/integrations/${integrationId}/organisation`)).body.functions as { externalId: string; name: string }[];
    const [first, ...rest] = nm;
    // One Nmbrs function onto an existing Koppel function with another name; the rest "create".
    const own = await owner.post('/functions', { name: 'Eigen functienaam' });
    expect(own.status).toBe(201);
    // Bad input saves nothing: "create" on another kind, "create" with a chosen function, a function of nobody.
    const bad = [
      { kind: 'department', items: [{ externalId: 'x', externalName: 'X', koppelId: null, create: true }], field: 'items.0.create' },
      { kind: 'function', items: [{ externalId: first!.externalId, externalName: first!.name, koppelId: null, create: true }, { externalId: rest[0]!.externalId, externalName: rest[0]!.name, koppelId: own.body.id, create: true }], field: 'items.1.create' },
      { kind: 'function', items: [{ externalId: first!.externalId, externalName: first!.name, koppelId: null, create: true }, { externalId: rest[0]!.externalId, koppelId: '00000000-0000-4000-8000-000000000000' }], field: 'items.1.koppelId' },
      { kind: 'function', items: [{ externalId: first!.externalId, externalName: '  ', koppelId: null, create: true }], field: 'items.0.externalName' },
    ];
    for (const b of bad) {
      const r = await owner.put(`/integrations/${integrationId}/mappings/${b.kind}`, { items: b.items });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(b.field);
    }
    expect((await functionsOf()).map((f) => f.name)).toEqual(['Eigen functienaam']);
    expect((await owner.get(`/integrations/${integrationId}/mappings/function`)).body.items).toEqual([]);
    // A translated refusal: the Dutch text of the detail code.
    const nl = await owner.call('PUT', `/integrations/${integrationId}/mappings/department`, { items: [{ externalId: 'x', externalName: 'X', koppelId: null, create: true }] }, { 'accept-language': 'nl' });
    expect(JSON.stringify(nl.body)).toContain('Alleen functies kunnen vanuit een koppeling worden aangemaakt');

    const saved = await owner.put(`/integrations/${integrationId}/mappings/function`, {
      items: [{ externalId: first!.externalId, externalName: first!.name, koppelId: own.body.id }, ...rest.map((f) => ({ externalId: f.externalId, externalName: f.name, koppelId: null, create: true }))],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const items = saved.body.items as { externalId: string; koppelId: string | null }[];
    expect(items).toHaveLength(nm.length);
    expect(items.every((i) => i.koppelId)).toBe(true);
    const fns = await functionsOf();
    // One Koppel function per created Nmbrs function, named as Nmbrs names it; saving again creates none twice.
    expect(fns.map((f) => f.name).sort()).toEqual(['Eigen functienaam', ...rest.map((f) => f.name)].sort());
    const again = await owner.put(`/integrations/${integrationId}/mappings/function`, { items: rest.map((f) => ({ externalId: f.externalId, externalName: f.name, koppelId: null, create: true })) });
    expect(again.status).toBe(200);
    expect(await functionsOf()).toEqual(fns);
    // Restore the full mapping (the re-save above replaced the tab).
    expect((await owner.put(`/integrations/${integrationId}/mappings/function`, { items: [{ externalId: first!.externalId, externalName: first!.name, koppelId: own.body.id }, ...(again.body.items as object[])] })).status).toBe(200);
    const koppelOf = new Map((await owner.get(`/integrations/${integrationId}/mappings/function`)).body.items.map((i: { externalId: string; koppelId: string }) => [i.externalId, i.koppelId]));
    expect(koppelOf.get(first!.externalId)).toBe(own.body.id);

    steps = (await owner.get(`/integrations/${integrationId}/nmbrs-steps`)).body.steps;
    expect(steps.find((x) => x.step === 'functions')).toMatchObject({ state: 'green', open: 0 });

    // The sync sets each linked record's contract to its mapped function, by Nmbrs' function id (not by name).
    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.updated).toBeGreaterThan(0);
    const linked = await k.db
      .selectFrom('external_records as r')
      .innerJoin('contracts as c', 'c.id', 'r.contract_id')
      .select(['r.external_id', 'r.employee_id', 'c.function_id'])
      .where('r.tenant_id', '=', tenantId)
      .where('r.link_state', '=', 'linked')
      .execute();
    expect(linked.length).toBeGreaterThan(10);
    const period = em.currentPeriod;
    let checked = 0;
    for (const l of linked) {
      const e = em.data.employees.find((x) => x.employeeId === l.external_id)!;
      const cur = e.functions.filter((f) => f.period.year * 100 + f.period.period <= period(e.companyId).year * 100 + period(e.companyId).period).at(-1) ?? e.functions[0]!;
      expect(l.function_id, e.employeeId).toBe(koppelOf.get(cur.functionId));
      checked++;
    }
    expect(checked).toBe(linked.length);
    // One person with two Nmbrs records (two companies, maybe two functions): one Koppel employee, each record its own contract and function.
    const byEmployee = new Map<string, typeof linked>();
    for (const l of linked) byEmployee.set(l.employee_id!, [...(byEmployee.get(l.employee_id!) ?? []), l]);
    const twice = [...byEmployee.values()].filter((ls) => ls.length > 1);
    expect(twice.length).toBeGreaterThan(0);
    for (const ls of twice) expect(new Set(ls.map((l) => l.external_id)).size).toBe(ls.length);
  });

  it('an unchanged re-sync writes 0 rows; a change in Nmbrs updates only that, and local fields stay', async () => {
    const linked = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', tenantId).where('link_state', '=', 'linked').execute();
    const [first, second] = linked;
    // Local fields of the seed: manager and a leave correction.
    await k.db.updateTable('employees').set({ manager_id: second!.employee_id }).where('id', '=', first!.employee_id!).execute();
    expect((await owner.post(`/employees/${first!.employee_id}/leave-adjustments`, { year: 2026, hours: 8, reason: 'Overuren uitbetaald / correctie' })).status).toBe(201);

    // Further review rounds until nothing is red or to do (the first apply already carried out the decisions: one round).
    const rounds = await settle(owner, integrationId);
    console.log(`nmbrs sync settled after ${rounds} follow-up run(s)`);
    // Functions are mapped (the test before), no employee row is red any more.
    const steps = (await owner.get(`/integrations/${integrationId}/nmbrs-steps`)).body.steps as { step: string; state: string }[];
    expect(steps.find((x) => x.step === 'functions')?.state).toBe('green');
    expect(steps.find((x) => x.step === 'employees')?.state).toBe('green');
    const before = await writeFootprint(k, tenantId);
    const again = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(again.status).toBe('succeeded');
    expect(again.counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
    const after = await writeFootprint(k, tenantId);
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });

    em.changeEmployees([first!.external_id]);
    const changed = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(changed.status).toBe('succeeded');
    expect(changed.counts.added).toBe(0);
    // The promotion in Nmbrs (another function of the catalogue) reaches the contract through the function mapping.
    const promoted = em.data.employees.find((e) => e.employeeId === first!.external_id)!.functions.at(-1)!;
    const mappedTo = (await owner.get(`/integrations/${integrationId}/mappings/function`)).body.items.find((i: { externalId: string }) => i.externalId === promoted.functionId)?.koppelId;
    expect(mappedTo).toBeTruthy();
    const own = await k.db.selectFrom('external_records as r').innerJoin('contracts as c', 'c.id', 'r.contract_id').select('c.function_id').where('r.tenant_id', '=', tenantId).where('r.external_id', '=', first!.external_id).executeTakeFirstOrThrow();
    expect(own.function_id).toBe(mappedTo);
    const emp = await k.db.selectFrom('employees').select(['manager_id', 'phone']).where('id', '=', first!.employee_id!).executeTakeFirstOrThrow();
    expect(emp.manager_id).toBe(second!.employee_id);
    const adjustments = await k.db.selectFrom('leave_adjustments').select(['hours', 'reason']).where('employee_id', '=', first!.employee_id!).execute();
    expect(adjustments).toEqual([{ hours: 8, reason: 'Overuren uitbetaald / correctie' }]);
    const hand = await k.db.selectFrom('employees').select(['first_name', 'last_name', 'email', 'source']).where('id', '=', handMade).executeTakeFirstOrThrow();
    expect(hand).toEqual({ first_name: 'Handmatig', last_name: 'Ingevoerd', email: 'hand@koppel.test', source: expect.not.stringMatching(/^nmbrs$/) });
    // The seed's "blue" employees: in the employee list the hand-made one is marked manual (the list's badge), every
    // employee the sync added or linked names Nmbrs; the filter on source finds exactly the hand-made one.
    const list = await owner.get('/employees?pageSize=200');
    expect(list.status).toBe(200);
    const listed = list.body.items as { id: string; source: string }[];
    expect(listed.find((e) => e.id === handMade)?.source).toBe('manual');
    expect(listed.filter((e) => e.id !== handMade).every((e) => e.source === 'nmbrs')).toBe(true);
    expect(listed.length).toBeGreaterThan(10);
    const manual = await owner.get('/employees?pageSize=200&source=manual');
    expect((manual.body.items as { id: string }[]).map((e) => e.id)).toEqual([handMade]);
    expect((await owner.get(`/employees/${handMade}`)).body.source).toBe('manual');
    // The excluded record stays out, the skipped one is asked again.
    const excluded = await records('excluded');
    expect(excluded.items.map((r) => r.externalId)).toContain(excludedExt);
  });

  it('after an apply the leave is recalculated from the new contract hours (the seed: "verlof opnieuw berekend")', async () => {
    // Leave is computed on read from the contracts (leave.service balance), so the apply's new weekly hours are the new
    // entitlement at once: the leave tab (GET /employees/:id/leave) shows it without any recalculation step.
    const linked = await k.db.selectFrom('external_records').select(['external_id', 'employee_id']).where('tenant_id', '=', tenantId).where('link_state', '=', 'linked').execute();
    const target = linked.map((r) => ({ r, e: em.data.employees.find((x) => x.employeeId === r.external_id)! })).find(({ e }) => e && e.employments.length === 1 && e.schedules.length === 1 && !e.employments[0]!.endDate && e.employments[0]!.startDate < '2026-01-01')!;
    expect(target).toBeTruthy();
    const employeeId = target.r.employee_id!;
    const contractsOf = () => contractRepository.listForEmployee(k.db, tenantId, employeeId);
    const before = await owner.get(`/employees/${employeeId}/leave?year=2026`);
    expect(before.status).toBe(200);
    const oldHours = target.e.schedules[0]!.hoursPerWeek;
    expect((await contractsOf()).map((c) => c.weekly_hours)).toContain(oldHours);
    const newHours = oldHours === 20 ? 24 : 20;
    // Nmbrs: a corrected schedule (same start, created now) with the new hours.
    target.e.schedules.push({ ...target.e.schedules[0]!, scheduleId: `${target.e.schedules[0]!.scheduleId}-b`, hoursPerWeek: newHours, parttimePercentage: (newHours / 40) * 100, createdAt: new Date().toISOString() });

    const run = await waitRun(owner, (await owner.post(`/integrations/${integrationId}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.updated).toBeGreaterThanOrEqual(1);
    const contracts = await contractsOf();
    expect(contracts.map((c) => c.weekly_hours)).toContain(newHours);
    const after = await owner.get(`/employees/${employeeId}/leave?year=2026`);
    expect(after.status).toBe(200);
    const expected = leaveEntitlement(2026, contracts.map((c) => ({ startDate: c.start_date, endDate: c.end_date, weeklyHours: c.weekly_hours, leaveWeeks: c.leave_weeks ?? DEFAULT_LEAVE_WEEKS })));
    expect(after.body.entitlementHours).toBe(expected);
    expect(after.body.entitlementHours).not.toBe(before.body.entitlementHours);
    // One contract covering the year: the entitlement scales with the hours.
    if (contracts.length === 1) {
      expect(contracts[0]!.weekly_hours).toBe(newHours);
      expect(after.body.entitlementHours).toBeCloseTo((before.body.entitlementHours * newHours) / oldHours, 1);
    }
    expect(after.body.remainingHours).toBeCloseTo(after.body.entitlementHours + after.body.adjustmentHours - after.body.takenHours - after.body.plannedHours, 2);
  });
});
