import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { employee, userWithRole } from '../helpers/workforce.ts';

/** Issue 12: what an outside test found in authentication, sessions, tokens and mails. */
let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
});
afterAll(async () => {
  await k?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('access is decided on the matched route, not the raw URL', () => {
  // The same routes, spelt as a router decodes them: percent-encoded letters, upper- and lower-case hex.
  const hex = (c: string, upper: boolean) => `%${upper ? c.charCodeAt(0).toString(16).toUpperCase() : c.charCodeAt(0).toString(16)}`;
  /** One letter of the route's own path encoded, in lower- and upper-case hex (a letter whose code has a hex letter). */
  const encodeOne = (path: string, upper: boolean) => path.replace(/[j-oz]/, (c) => hex(c, upper));
  const spellings = (path: string) => [
    `/%61pi/v1${path}`,
    `/%61%70%69/v1${path}`,
    `/ap%69/%76%31${path}`,
    `/api/v1${encodeOne(path, false)}`,
    `/api/v1${encodeOne(path, true)}`,
    `/%61pi/v1${encodeOne(path, true)}`,
  ];

  it('refuses a cookie request without the CSRF token however the path is spelt', async () => {
    const { client } = await createTenant(k);
    const shiftEmployee = await employee(client);
    const shift = await client.post('/shifts', { employeeId: shiftEmployee, date: '2026-03-02', startTime: '09:00', endTime: '17:00' });
    expect(shift.status).toBe(201);
    const attacks: Array<{ method: 'POST'; path: string; payload: string; type: string }> = [
      { method: 'POST', path: '/api-tokens', payload: JSON.stringify({ name: 'x', role: 'owner' }), type: 'application/json' },
      { method: 'POST', path: '/users', payload: JSON.stringify({ email: 'evil@x.test', name: 'Evil', role: 'owner', password: 'evil-password-1' }), type: 'application/json' },
      { method: 'POST', path: `/shifts/${shift.body.id}/reject`, payload: '{}', type: 'text/plain' },
    ];
    for (const a of attacks) {
      for (const url of spellings(a.path)) {
        const r = await k.app.inject({
          method: a.method,
          url,
          payload: a.payload,
          headers: { cookie: `koppel_session=${client.cookie}`, origin: 'https://evil.example', 'content-type': a.type },
        });
        expect({ url, status: r.statusCode, code: r.json().error?.code }).toEqual({ url, status: 403, code: 'csrf_failed' });
      }
    }
    // Every attack above was refused: no token, no user, the shift untouched.
    expect((await client.get('/api-tokens')).body).toEqual([]);
    expect((await client.get('/users')).body.map((u: { email: string }) => u.email)).not.toContain('evil@x.test');
    expect((await client.get(`/shifts/${shift.body.id}`)).body.status).not.toBe('rejected');
    // The plain spelling is refused the same way, and with the token it goes through.
    const plain = await k.app.inject({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'x', role: 'owner' }, headers: { cookie: `koppel_session=${client.cookie}` } });
    expect(plain.statusCode).toBe(403);
    expect((await client.post('/api-tokens', { name: 'ok', role: 'planner' })).status).toBe(201);
  });

  it('keeps role rules on encoded paths (integration vendors stay closed to recruiters and interviewers)', async () => {
    const { client } = await createTenant(k);
    for (const role of ['recruiter', 'interviewer'] as const) {
      const email = `${role}-${Date.now()}@x.test`;
      expect((await client.post('/users', { email, name: role, role, password: 'role-password-1' })).status).toBe(201);
      const session = await login(k, email, 'role-password-1');
      const token = (await client.post('/api-tokens', { name: role, role })).body.token as string;
      for (const url of ['/api/v1/integration-vendors', ...spellings('/integration-vendors'), '/%61pi/v1/users', '/api/v1/%75sers']) {
        const viaCookie = await k.app.inject({ method: 'GET', url, headers: { cookie: `koppel_session=${session.cookie}` } });
        const viaToken = await k.app.inject({ method: 'GET', url, headers: bearer(token) });
        expect({ url, role, cookie: viaCookie.statusCode, token: viaToken.statusCode }).toEqual({ url, role, cookie: 403, token: 403 });
      }
    }
  });

  it('answers an unknown API path with the JSON 404 however it is spelt', async () => {
    for (const url of ['/api/v1/nothing-here', '/%61pi/v1/nothing-here']) {
      const r = await k.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(404);
    }
  });
});

describe('API tokens act for their creator', () => {
  it('follows a demoted creator down and stops when the creator is deactivated', async () => {
    const { client } = await createTenant(k);
    const adminUser = await client.post('/users', { email: `adm-${Date.now()}@x.test`, name: 'Adam Admin', role: 'admin', password: 'admin-password-1' });
    const admin = await login(k, adminUser.body.email, 'admin-password-1');
    const empId = await employee(client, { bsn: '111222333' });
    const token = (await admin.post('/api-tokens', { name: 'payroll', role: 'admin' })).body.token as string;
    // A token made with that token belongs to the same person.
    const child = (await k.app.inject({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'child', role: 'hr_admin' }, headers: bearer(token) })).json().token as string;
    const reveal = (t: string) => k.app.inject({ method: 'POST', url: `/api/v1/employees/${empId}/bsn/reveal`, headers: bearer(t) });
    expect((await reveal(token)).statusCode).toBe(200);
    expect((await reveal(child)).statusCode).toBe(200);

    expect((await client.patch(`/users/${adminUser.body.id}`, { role: 'interviewer' })).status).toBe(200);
    for (const t of [token, child]) {
      expect((await reveal(t)).statusCode).toBe(403);
      expect((await k.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(t) })).statusCode).toBe(403);
      const me = await k.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(t) });
      expect(me.json().user.role).toBe('interviewer');
    }
    // Promoted again: the token's own role is still the ceiling.
    expect((await client.patch(`/users/${adminUser.body.id}`, { role: 'owner' })).status).toBe(200);
    expect((await k.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(child) })).json().user.role).toBe('hr_admin');
    expect((await reveal(child)).statusCode).toBe(200);

    expect((await client.patch(`/users/${adminUser.body.id}`, { active: false })).status).toBe(200);
    for (const t of [token, child]) {
      expect((await reveal(t)).statusCode).toBe(401);
      expect((await k.app.inject({ method: 'GET', url: '/api/v1/employees', headers: bearer(t) })).statusCode).toBe(401);
    }
    // Reactivating the person does not bring the tokens back: they were revoked.
    expect((await client.patch(`/users/${adminUser.body.id}`, { active: true })).status).toBe(200);
    expect((await reveal(token)).statusCode).toBe(401);
    const listed = (await client.get('/api-tokens')).body as Array<{ name: string; revoked_at: string | null }>;
    expect(listed.filter((t) => ['payroll', 'child'].includes(t.name)).every((t) => t.revoked_at)).toBe(true);
  });

  it('an admin cannot revoke an owner\'s token', async () => {
    const { client } = await createTenant(k);
    await client.post('/users', { email: `adm2-${Date.now()}@x.test`, name: 'Ada Admin', role: 'admin', password: 'admin-password-1' }).then(async (u) => {
      const admin = await login(k, u.body.email, 'admin-password-1');
      const ownerToken = (await client.post('/api-tokens', { name: 'owner-token', role: 'owner' })).body;
      const ownersPlannerToken = (await client.post('/api-tokens', { name: 'owner-planner', role: 'planner' })).body;
      const adminsToken = (await admin.post('/api-tokens', { name: 'admin-own', role: 'planner' })).body;
      for (const t of [ownerToken, ownersPlannerToken]) {
        const r = await admin.delete(`/api-tokens/${t.id}`);
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('role_too_high');
      }
      expect((await k.app.inject({ method: 'GET', url: '/api/v1/employees', headers: bearer(ownerToken.token) })).statusCode).toBe(200);
      expect((await admin.delete(`/api-tokens/${adminsToken.id}`)).status).toBe(200);
      expect((await client.delete(`/api-tokens/${ownerToken.id}`)).status).toBe(200);
    });
  });

  it('planner and interviewer tokens read recruiting without a server error', async () => {
    const { client } = await createTenant(k);
    for (const role of ['planner', 'interviewer'] as const) {
      const t = await userWithRole(k, client, role);
      const interviews = await t.get('/recruiting/interviews');
      expect(interviews.status).toBe(200);
      expect(interviews.body).toEqual([]);
      const apps = await t.get('/recruiting/applications');
      expect(apps.status).toBe(200);
      expect(apps.body).toEqual([]);
      const one = await t.get('/recruiting/applications/00000000-0000-4000-8000-000000000000');
      expect(one.status).toBe(404);
    }
  });
});
