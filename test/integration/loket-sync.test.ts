import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { leaveEntitlement } from '../../src/domain/leave.ts';
import { DEFAULT_LEAVE_WEEKS } from '../../src/workforce/leave.service.ts';
import { waitRun, writeFootprint } from './sync-support.ts';

/**
 * F-14 for Loket.nl (issue 11): the shared sync engine over the Loket connector and emulator. The first
 * sync is a preview with match proposals (e-mail, BSN, personnel number); applying it adds the employees
 * with NAW data, the contract end date and the contract data; an unchanged re-sync writes no row. Two
 * Loket integrations of one company number their employees alike (Loket numbers per employer): a clash
 * is reported, never merged.
 */
let k: TestKoppel;
let em: LoketEmulator;
let owner: Client;
let tenantId: string;
let first: string;
let second: string;

beforeAll(async () => {
  em = await startLoketEmulator({ employers: 2, employees: 10, seed: 7, referenceYear: 2026 });
  k = await startTestKoppel({ worker: true });
  const t = await createTenant(k, 'Loket Sync BV');
  owner = t.client;
  tenantId = t.tenant.id;
});
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

const login = () => ({ username: em.login.username, password: em.login.password, environment: 'OMG-1' });

async function connectScoped(name: string, employerId: string, settings: Record<string, unknown> = {}) {
  const r = await owner.post('/integrations', { vendor: 'loket', name, baseUrl: em.apiUrl, credentials: login(), settings });
  expect(r.status).toBe(201);
  const scope = await owner.put(`/integrations/${r.body.id}/scope`, { accountIds: [employerId] });
  expect(scope.status).toBe(200);
  return r.body.id as string;
}

async function syncAndApply(id: string) {
  const started = await owner.post(`/integrations/${id}/sync`, {});
  const preview = await waitRun(owner, started.body.runId);
  expect(preview.status).toBe('succeeded');
  const applied = await owner.post(`/sync-runs/${preview.id}/apply`);
  expect(applied.status).toBe(202);
  const run = await waitRun(owner, applied.body.runId);
  expect(run.status).toBe('succeeded');
  return { preview, run };
}

describe('Loket.nl sync (F-14)', () => {
  it('first sync: a preview with match proposals by e-mail and personnel number; applying adds the rest', async () => {
    const employer = em.world.employers[0]!;
    const people = em.world.employees.filter((p) => p.employerId === employer.id);
    const withMail = people.find((p) => p.email)!;
    // Two Koppel employees exist already: one with the same e-mail, one with the same personnel number.
    const byMail = await owner.post('/employees', { firstName: 'Bestaand', lastName: 'Via Mail', email: withMail.email });
    expect(byMail.status).toBe(201);
    const other = people.find((p) => p.id !== withMail.id)!;
    const byNumber = await owner.post('/employees', { firstName: other.firstName, lastName: other.lastName, personnelNumber: String(other.employeeNumber) });
    expect(byNumber.status).toBe(201);

    first = await connectScoped('Loket A', employer.id, { autoAddEmployees: true });
    const { preview, run } = await syncAndApply(first);
    expect(preview.mode).toBe('preview');
    expect(preview.counts.read).toBe(people.length);

    const records = (await owner.get(`/integrations/${first}/records?list=linked&limit=200`)).body.items as { externalId: string; personnelNumber: string; employee: { id: string } | null; bsnMasked: string | null }[];
    const mailRec = records.find((r) => r.externalId === withMail.id);
    expect(mailRec?.employee?.id).toBe(byMail.body.id);
    // The BSN is masked in the API.
    for (const r of records) if (r.bsnMasked) expect(r.bsnMasked).not.toMatch(/^\d{9}$/);
    expect(run.counts.added).toBeGreaterThan(0);

    // NAW data and contract data of an added employee, as Loket has them.
    const added = people.find((p) => p.id !== withMail.id && p.id !== other.id)!;
    const rec = await k.db.selectFrom('external_records').select(['employee_id', 'contract_id']).where('integration_id', '=', first).where('external_id', '=', added.id).executeTakeFirstOrThrow();
    const emp = await k.db.selectFrom('employees').selectAll().where('id', '=', rec.employee_id!).executeTakeFirstOrThrow();
    expect(emp).toMatchObject({ first_name: added.firstName, last_name: added.lastName, personnel_number: String(added.employeeNumber), city: added.address.city, postal_code: added.address.postalCode, source: 'loket' });
    const employment = em.world.employments.find((m) => m.employeeId === added.id)!;
    const contract = await k.db.selectFrom('contracts').selectAll().where('id', '=', rec.contract_id!).executeTakeFirstOrThrow();
    const day = (d: unknown) => (d ? (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)) : null);
    expect(day(contract.start_date)).toBe(employment.startDate);
    expect(day(contract.end_date)).toBe(employment.endDate);
    // Contract hours as Loket states them (actualworkinghours, aggregatedHoursPerWeek) for every employee the sync added,
    // so their leave is not 0.
    const addedRecords = await k.db
      .selectFrom('external_records')
      .innerJoin('contracts', 'contracts.id', 'external_records.contract_id')
      .leftJoin('contract_types', 'contract_types.id', 'contracts.contract_type_id')
      .select(['external_records.external_id', 'external_records.employee_id', 'contracts.weekly_hours', 'contracts.start_date', 'contracts.end_date', 'contract_types.leave_weeks'])
      .where('external_records.integration_id', '=', first)
      .where('external_records.external_id', 'not in', [withMail.id, other.id])
      .execute();
    expect(addedRecords.length).toBe(run.counts.added);
    const withHours = addedRecords.filter((r) => em.world.employments.find((m) => m.employeeId === r.external_id)!.hoursPerWeek !== null);
    expect(withHours.length).toBeGreaterThan(0);
    for (const r of withHours) expect(Number(r.weekly_hours), r.external_id).toBe(em.world.employments.find((m) => m.employeeId === r.external_id)!.hoursPerWeek);
    const activeWithHours = withHours.find((r) => !r.end_date);
    expect(activeWithHours).toBeDefined();
    const leave = await owner.get(`/employees/${activeWithHours!.employee_id}/leave?year=2026`);
    expect(leave.status).toBe(200);
    expect(leave.body.entitlementHours).toBeGreaterThan(0);
    expect(leave.body.entitlementHours).toBe(
      leaveEntitlement(2026, [{ startDate: activeWithHours!.start_date, endDate: activeWithHours!.end_date, weeklyHours: Number(activeWithHours!.weekly_hours), leaveWeeks: activeWithHours!.leave_weeks ?? DEFAULT_LEAVE_WEEKS }]),
    );
    // The personnel-number match: proposed, not merged silently into a person with another e-mail/BSN.
    const numberRec = await k.db.selectFrom('external_records').select(['employee_id', 'link_state', 'proposal']).where('integration_id', '=', first).where('external_id', '=', other.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(numberRec.proposal)).toContain('personnel_number');
    expect(numberRec.employee_id === null || numberRec.employee_id === byNumber.body.id).toBe(true);
    // No clear BSN is stored.
    const stored = JSON.stringify(await k.db.selectFrom('external_records').selectAll().where('tenant_id', '=', tenantId).execute());
    for (const p of people) expect(stored).not.toContain(p.bsn);
  });

  it('an unchanged re-sync writes no row and, on the change cursor, reads only the version numbers of the employers (one request)', async () => {
    const cursor = (await k.db.selectFrom('integrations').select('sync_change_cursor').where('id', '=', first).executeTakeFirstOrThrow()).sync_change_cursor;
    expect(cursor).toMatch(/^loket1:\d+:/);
    const before = await writeFootprint(k, tenantId);
    em.resetStats();
    const started = await owner.post(`/integrations/${first}/sync`, {});
    expect(started.body.mode).toBe('apply');
    const run = await waitRun(owner, started.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 0, updated: 0 });
    expect(await writeFootprint(k, tenantId)).toEqual(before);
    const apiCalls = Object.keys(em.stats.calls).filter((c) => !c.startsWith('POST /token'));
    // The employers are the integration's scope (no listing): one call.
    expect(apiCalls).toEqual(['GET /providers/employers/lastmodifiedversionnumbers']);
  });

  it('a change in Loket (NAW) is read on the cursor: that employee alone, one BSN call, its address updated', async () => {
    const employer = em.world.employers[0]!;
    const person = em.world.employees.filter((p) => p.employerId === employer.id).at(-1)!;
    const rec = await k.db.selectFrom('external_records').select('employee_id').where('integration_id', '=', first).where('external_id', '=', person.id).executeTakeFirstOrThrow();
    expect(rec.employee_id).not.toBeNull();
    person.address.city = 'Zwolle';
    em.touch(person.id);
    em.resetStats();
    const run = await waitRun(owner, (await owner.post(`/integrations/${first}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.counts.read).toBe(1);
    expect(em.stats.calls['GET /providers/employers/employees/:employeeId/citizenservicenumber']).toBe(1);
    const emp = await k.db.selectFrom('employees').select('city').where('id', '=', rec.employee_id!).executeTakeFirstOrThrow();
    expect(emp.city).toBe('Zwolle');
  });

  it('contract data is imported once: a later change of start date, department and hours in Loket is left alone, the end date is always taken over', async () => {
    const employer = em.world.employers[0]!;
    const person = em.world.employees.filter((p) => p.employerId === employer.id).at(-2)!;
    const employment = em.world.employments.find((m) => m.employeeId === person.id)!;
    const rec = await k.db.selectFrom('external_records').select(['employee_id', 'contract_id']).where('integration_id', '=', first).where('external_id', '=', person.id).executeTakeFirstOrThrow();
    expect(rec.contract_id).not.toBeNull();
    const contract = () => k.db.selectFrom('contracts').select(['start_date', 'end_date', 'department_id', 'weekly_hours']).where('id', '=', rec.contract_id!).executeTakeFirstOrThrow();
    const before = await contract();
    const otherDepartment = employer.departments.find((d) => d.id !== employment.departmentId);
    expect(otherDepartment).toBeDefined();
    employment.startDate = '2019-01-01';
    employment.departmentId = otherDepartment!.id;
    employment.endDate = '2027-03-31';
    employment.hoursPerWeek = employment.hoursPerWeek === 38 ? 12 : 38;
    em.touch(person.id);
    const run = await waitRun(owner, (await owner.post(`/integrations/${first}/sync`, {})).body.runId);
    expect(run.status).toBe('succeeded');
    const after = await contract();
    expect(String(after.end_date).slice(0, 10)).toBe('2027-03-31');
    expect(after.start_date).toEqual(before.start_date);
    expect(after.department_id).toBe(before.department_id);
    expect(after.weekly_hours).toEqual(before.weekly_hours);
  });

  it('a second Loket integration numbering alike: the clash is reported, never merged', async () => {
    const employer = em.world.employers[1]!;
    second = await connectScoped('Loket B', employer.id, { autoAddEmployees: true });
    const started = await owner.post(`/integrations/${second}/sync`, {});
    const preview = await waitRun(owner, started.body.runId);
    expect(preview.status).toBe('succeeded');
    const rows = (await owner.get(`/integrations/${second}/records?list=unlinked&limit=200`)).body.items as { personnelNumber: string; needsAction: boolean; issues: string[]; employee: unknown }[];
    const takenNumbers = new Set((await k.db.selectFrom('employees').select('personnel_number').where('tenant_id', '=', tenantId).execute()).map((e) => e.personnel_number));
    const clashes = rows.filter((r) => takenNumbers.has(r.personnelNumber));
    expect(clashes.length).toBeGreaterThan(0);
    for (const r of clashes) {
      expect(r.needsAction).toBe(true);
      expect(r.issues.join(' ')).toMatch(/personnel_number/);
    }
    // The other side: the first integration's next (nightly) run notes the clash on its linked rows too.
    const again = await waitRun(owner, (await owner.post(`/integrations/${first}/sync`, {})).body.runId);
    expect(again.status).toBe('succeeded');
    const firstRows = (await owner.get(`/integrations/${first}/records?list=linked&limit=200`)).body.items as { personnelNumber: string; issues: string[]; employee: unknown }[];
    const clashNumbers = new Set(clashes.map((c) => c.personnelNumber));
    const noted = firstRows.filter((r) => clashNumbers.has(r.personnelNumber));
    expect(noted.length).toBeGreaterThan(0);
    for (const r of noted) {
      expect(r.issues).toContain('personnel_number_other_connection');
      expect(r.employee).not.toBeNull();
    }
  });
});
