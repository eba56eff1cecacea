import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoketEmulator, type LoketEmulator } from '../../emulators/loket/loket-emulator.server.ts';
import { type Client, createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { waitRun } from './sync-support.ts';

/**
 * F-14 for Loket.nl, the seed's footnote (issue 11): when an existing Koppel employee is linked to a Loket
 * employee, Koppel takes over Loket's e-mail address and the department (the employment's actual
 * organizational entity, through the department mapping), and the diff shows both before anything is written.
 */
let k: TestKoppel;
let em: LoketEmulator;
let owner: Client;

beforeAll(async () => {
  em = await startLoketEmulator({ employers: 1, employees: 6, seed: 5, referenceYear: 2026 });
  k = await startTestKoppel({ worker: true });
  owner = (await createTenant(k, 'Loket Koppelen BV')).client;
}, 60_000);
afterAll(async () => {
  await k?.stop();
  await em?.close();
});

type DiffItem = { action: string; employeeId: string | null; changes: { field: string; old: unknown; new: unknown }[] };

describe('linking an existing employee to a Loket employee', () => {
  it('takes over the e-mail address and the mapped department, shown in the diff first', async () => {
    const employer = em.world.employers[0]!;
    const person = em.world.employees.find((p) => p.employerId === employer.id && p.email && em.world.employments.some((m) => m.employeeId === p.id && !m.endDate))!;
    const employment = em.world.employments.find((m) => m.employeeId === person.id && !m.endDate)!;
    const loketDepartment = employer.departments.find((d) => d.id === employment.departmentId)!;

    const oud = (await owner.post('/departments', { name: 'Oud' })).body.id as string;
    const keuken = (await owner.post('/departments', { name: 'Keuken' })).body.id as string;
    // The existing employee: another e-mail address, no personnel number (no match proposal), one contract in "Oud".
    const existing = await owner.post('/employees', { firstName: 'Bestaand', lastName: 'Medewerker', email: 'oud.adres@example.test' });
    expect(existing.status).toBe(201);
    const contract = await owner.post(`/employees/${existing.body.id}/contracts`, { startDate: employment.startDate, departmentId: oud, weeklyHours: 32 });
    expect(contract.status).toBe(201);

    const r = await owner.post('/integrations', { vendor: 'loket', name: 'Loket', baseUrl: em.apiUrl, credentials: { username: em.login.username, password: em.login.password, environment: 'OMG-2' }, settings: {} });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    // The Loket department is offered for mapping, and mapped to Koppel's "Keuken".
    const org = await owner.get(`/integrations/${id}/organisation`);
    expect(org.status).toBe(200);
    expect((org.body.departments as { externalId: string }[]).map((d) => d.externalId)).toContain(loketDepartment.id);
    const put = await owner.put(`/integrations/${id}/mappings/department`, { items: [{ externalId: loketDepartment.id, externalName: loketDepartment.description, koppelId: keuken }] });
    expect(put.status).toBe(200);

    const first = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
    expect(first.status).toBe('succeeded');
    const rec = await k.db.selectFrom('external_records').select(['id', 'employee_id']).where('integration_id', '=', id).where('external_id', '=', person.id).executeTakeFirstOrThrow();
    expect(rec.employee_id).toBeNull();
    const linked = await owner.post(`/integrations/${id}/records/${rec.id}/actions`, { action: 'link', employeeId: existing.body.id });
    expect(linked.status).toBe(200);

    // The preview: the link carries the e-mail address and the department (old → new).
    const preview = await waitRun(owner, (await owner.post(`/integrations/${id}/sync`, {})).body.runId);
    expect(preview.status).toBe('succeeded');
    const item = (preview.diff.items as DiffItem[]).find((i) => i.employeeId === existing.body.id)!;
    expect(item).toBeDefined();
    expect(item.changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'email', old: 'oud.adres@example.test', new: person.email }),
      expect.objectContaining({ field: 'department', old: 'Oud', new: 'Keuken' }),
    ]));
    expect((await k.db.selectFrom('employees').select('email').where('id', '=', existing.body.id).executeTakeFirstOrThrow()).email).toBe('oud.adres@example.test');

    const applied = await waitRun(owner, (await owner.post(`/sync-runs/${preview.id}/apply`)).body.runId);
    expect(applied.status).toBe('succeeded');
    expect((await k.db.selectFrom('employees').select('email').where('id', '=', existing.body.id).executeTakeFirstOrThrow()).email).toBe(person.email);
    const contracts = await k.db.selectFrom('contracts').select(['id', 'department_id']).where('employee_id', '=', existing.body.id).execute();
    expect(contracts).toEqual([{ id: contract.body.id, department_id: keuken }]);
  });
});
