import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/db/schema.ts';
import { createTenant, login, startTestKoppel, type Client, type TestKoppel } from '../helpers/harness.ts';
import { created, type RoleClient, userWithRole } from '../helpers/workforce.ts';

/** Who reads what (issue 12, item 15; docs/decisions/0008-field-visibility.md). */
let k: TestKoppel;
let owner: Client;
let employeeId: string;
const clients = {} as Record<Role, RoleClient>;
const PRIVATE = ['bsnMasked', 'birthDate', 'street', 'houseNumber', 'postalCode', 'city', 'country', 'notes'];

beforeAll(async () => {
  k = await startTestKoppel();
  owner = (await createTenant(k)).client;
  const emp = await created(owner, '/employees', {
    firstName: 'Pia', lastName: 'Privé', email: 'pia@example.test', phone: '0612345678', bsn: '111222333', birthDate: '1990-04-01',
    street: 'Dorpsstraat', houseNumber: '1', postalCode: '1234 AB', city: 'Utrecht', country: 'NL', notes: 'Zwanger, verlof vanaf mei',
  });
  employeeId = emp.id;
  await created(owner, `/employees/${employeeId}/contracts`, { startDate: '2026-01-01', weeklyHours: 32, hourlyWage: 17.5 });
  for (const role of ['owner', 'admin', 'hr_admin', 'planner', 'recruiter', 'interviewer'] as Role[]) clients[role] = await userWithRole(k, owner, role);
});
afterAll(async () => {
  await k?.stop();
});

/** Pia's wage, birth date, street, notes and BSN as they would show if they leaked. */
const HIDDEN = /17\.5(?!\d)|1990-04-01|Dorpsstraat|Zwanger|111222333|\*{3,}333/;

describe('employees and contracts: wages and private data for the HR roles only', () => {
  it.each(['owner', 'admin', 'hr_admin'] as Role[])('%s reads everything', async (role) => {
    const one = await clients[role].get(`/employees/${employeeId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ birthDate: '1990-04-01', street: 'Dorpsstraat', city: 'Utrecht', notes: 'Zwanger, verlof vanaf mei', bsnMasked: '******333' });
    const list = await clients[role].get('/employees');
    expect(list.body.items[0].birthDate).toBe('1990-04-01');
    const contracts = await clients[role].get(`/employees/${employeeId}/contracts`);
    expect(contracts.body.items?.[0]?.hourlyWage ?? contracts.body[0]?.hourlyWage).toBe(17.5);
  });

  it('a planner reads names, contact data and contract hours, but no wage, birth date, address, notes or BSN', async () => {
    const planner = clients.planner;
    const one = await planner.get(`/employees/${employeeId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ displayName: 'Pia Privé', email: 'pia@example.test', phone: '0612345678', status: 'active' });
    for (const f of PRIVATE) expect(one.body, f).not.toHaveProperty(f);
    const list = await planner.get('/employees');
    for (const f of PRIVATE) expect(list.body.items[0], f).not.toHaveProperty(f);
    // The same page, reused between callers (issue 13), keeps each caller's fields: the owner's read before and after.
    expect((await clients.owner.get('/employees')).body.items[0].birthDate).toBe('1990-04-01');
    for (const f of PRIVATE) expect((await planner.get('/employees')).body.items[0], f).not.toHaveProperty(f);
    const contracts = await planner.get(`/employees/${employeeId}/contracts`);
    const c = contracts.body.items?.[0] ?? contracts.body[0];
    expect(c.weeklyHours).toBe(32);
    expect(c).not.toHaveProperty('hourlyWage');
    const single = await planner.get(`/contracts/${c.id}`);
    expect(single.body).not.toHaveProperty('hourlyWage');
    // The wage and the BSN (whole or masked), not a timestamp's "17.512" or a UUID's "…6ec63330cfb8" that contain the same digits.
    expect(JSON.stringify([one.body, list.body, contracts.body, single.body])).not.toMatch(HIDDEN);
  });

  it.each(['recruiter', 'interviewer'] as Role[])('%s reads no employees at all', async (role) => {
    expect((await clients[role].get(`/employees/${employeeId}`)).status).toBe(403);
    expect((await clients[role].get(`/employees/${employeeId}/contracts`)).status).toBe(403);
  });
});

describe('recruiting users: e-mail addresses and roles for recruiting staff and the user themself', () => {
  it.each(['owner', 'admin', 'hr_admin', 'recruiter'] as Role[])('%s sees everyone\'s e-mail and role', async (role) => {
    const res = await clients[role].get('/recruiting/users');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const u of res.body) expect(u).toMatchObject({ email: expect.stringContaining('@'), role: expect.any(String) });
  });

  it('an interviewer and a planner see names and calendar state; only their own e-mail and role', async () => {
    const email = `ivy-${Date.now()}@example.test`;
    expect((await owner.post('/users', { email, name: 'Ivy Interviewer', role: 'interviewer', password: 'a long enough password' })).status).toBe(201);
    const ivy = await login(k, email, 'a long enough password');
    const res = await ivy.get('/recruiting/users');
    expect(res.status).toBe(200);
    const others = res.body.filter((u: { name: string }) => u.name !== 'Ivy Interviewer');
    expect(others.length).toBeGreaterThan(0);
    for (const u of others) {
      expect(u).not.toHaveProperty('email');
      expect(u).not.toHaveProperty('role');
      expect(u).toHaveProperty('calendarConnected');
    }
    expect(res.body.find((u: { name: string }) => u.name === 'Ivy Interviewer')).toMatchObject({ email, role: 'interviewer' });
    const planner = await clients.planner.get('/recruiting/users');
    for (const u of planner.body) expect(u).not.toHaveProperty('email');
  });
});

describe('no other route hands the hidden fields out (every GET of the OpenAPI description, walked per role)', () => {
  beforeAll(async () => {
    for (const role of ['admin', 'hr_admin', 'planner', 'recruiter', 'interviewer'] as Role[]) {
      await created(owner, '/users', { email: `walk-${role}-${Date.now()}@example.test`, name: `Walk ${role}`, role, password: 'a long enough password' });
    }
  });

  it.each(['planner', 'recruiter', 'interviewer'] as Role[])('%s reads no wage, birth date, address, note or BSN anywhere (and planners and interviewers no other user\'s e-mail address)', async (role) => {
    const contract = (await owner.get(`/employees/${employeeId}/contracts`)).body;
    const contractId = (contract.items?.[0] ?? contract[0]).id as string;
    const shift = await created(owner, '/shifts', { employeeId, date: '2026-03-02', startTime: '09:00', endTime: '17:00' });
    // Recruiting staff see everyone's address (decision 0008: they invite interviewers); the others only their own.
    const users = (await owner.get('/users')).body as Array<{ email: string; role: string }>;
    expect(users.length).toBeGreaterThan(5);
    const others = role === 'recruiter' ? [] : users.filter((u) => u.role !== role).map((u) => u.email);
    const doc = (await k.app.inject({ method: 'GET', url: '/api/docs' })).json() as { paths: Record<string, Record<string, unknown>> };
    // The path parameter named after the resource before it: contracts → the contract, shifts → the shift, otherwise the employee.
    const idFor = (path: string, param: string) => {
      const before = path.slice(0, path.indexOf(`{${param}}`));
      if (/contracts\/$/.test(before)) return contractId;
      if (/shifts\/$/.test(before)) return shift.id as string;
      return employeeId;
    };
    const hidden = new RegExp(`${HIDDEN.source}|1234 AB|Utrecht`);
    const read: string[] = [];
    const leaks: string[] = [];
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      if (!byMethod.get || !path.startsWith('/api/v1/')) continue;
      const url = path.replace('/api/v1', '').replace(/\{(\w+)\}/g, (_, param: string) => idFor(path, param));
      const res = await clients[role].get(url);
      if (res.status >= 300) continue;
      read.push(url);
      const text = res.raw.body;
      if (hidden.test(text)) leaks.push(`${url}: ${hidden.exec(text)![0]}`);
      for (const email of others) if (text.toLowerCase().includes(email.toLowerCase())) leaks.push(`${url}: ${email}`);
    }
    expect(read.length).toBeGreaterThan(role === 'planner' ? 20 : 5);
    expect(leaks).toEqual([]);
  });
});

