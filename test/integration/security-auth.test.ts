import { request } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { employee, userWithRole } from '../helpers/workforce.ts';

/** Issue 12: what an outside test found in authentication, sessions, tokens and mails. */
let k: TestKoppel;
beforeAll(async () => {
  // This file logs in often from one address; the login limits have their own instances below.
  k = await startTestKoppel({ worker: true, config: { loginRateLimit: 1000 } });
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

  it('over a real socket, no other spelling of the path (double-encoded, upper-case, slashes, dot segments, ;, method override) creates anything without the CSRF token', async () => {
    const { client } = await createTenant(k);
    const address = await k.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    // Sent byte for byte (no client normalises these paths away), with the owner's cookie, a foreign origin and no CSRF header.
    const send = (method: string, path: string, extra: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, headers: { cookie: `koppel_session=${client.cookie}`, origin: 'https://evil.example', 'content-type': 'application/json', ...extra } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ name: 'x', role: 'owner' }));
      });
    const paths = [
      '/api/v1/api-tokens', '//api/v1/api-tokens', '/api/v1//api-tokens', '/API/v1/api-tokens', '/api/V1/api-tokens', '/api/v1/API-TOKENS', '/api/v1/api-tokens/',
      '/%2561pi/v1/api-tokens', '/%61pi/v1/api%2Dtokens', '/api/v1/api%2dtokens', '/api%2Fv1%2Fapi-tokens', '/api/v1/./api-tokens', '/api/v1/x/../api-tokens', '/./api/v1/api-tokens',
      '/api/v1/%2e/api-tokens', '/api/v1/api-tokens;jsessionid=1', '/api/v1/api-tokens?', '/api/v1/api-tokens?x=%00', '/api/v1/api-tokens#frag', '/api/v1\\api-tokens', 'http://evil.example/api/v1/api-tokens',
    ];
    for (const path of paths) {
      for (const [method, extra] of [['POST', {}], ['POST', { 'x-http-method-override': 'GET' }], ['PUT', {}], ['PATCH', {}]] as const) {
        const status = await send(method, path, extra);
        expect({ path, method, extra, refused: [400, 403, 404, 405].includes(status) }).toEqual({ path, method, extra, refused: true });
      }
    }
    expect((await client.get('/api-tokens')).body).toEqual([]);
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

  it('stops when its creator is gone from the database (an operator removing the row), and a token never outranks its maker', async () => {
    const { client } = await createTenant(k);
    const made = await client.post('/users', { email: `gone-${Date.now()}@x.test`, name: 'Gerd Gone', role: 'admin', password: 'admin-password-1' });
    const admin = await login(k, made.body.email, 'admin-password-1');
    expect((await admin.post('/api-tokens', { name: 'too high', role: 'owner' })).status).toBe(403);
    const token = (await admin.post('/api-tokens', { name: 'orphan', role: 'admin' })).body.token as string;
    const read = () => k.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) });
    expect((await read()).statusCode).toBe(200);
    await k.db.deleteFrom('sessions').where('user_id', '=', made.body.id).execute();
    await k.db.deleteFrom('users').where('id', '=', made.body.id).execute();
    expect((await read()).statusCode).toBe(401);
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

const mailsTo = (kp: TestKoppel, email: string) =>
  kp.db.selectFrom('caught_mails').selectAll().where(sql<boolean>`${email} = ANY(rcpt_to)`).orderBy('id').execute();
const tokenIn = (text: string | null) => /reset-password\?token=([\w-]+)/.exec(text ?? '')?.[1];
let resetFrom = 0;
/** Asks for a reset from an address of its own: the per-address limit is not what these tests are about. */
const requestReset = (kp: TestKoppel, email: string) =>
  kp.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email }, remoteAddress: `192.0.2.${++resetFrom}` });
const jobsDone = (kp: TestKoppel) =>
  eventually(async () => {
    const open = await kp.db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).where('name', 'not like', 'recruiting.%').execute();
    return open.length === 0;
  });

describe('password reset', () => {
  it('keeps the token out of the job queue, and one used link kills the older ones', async () => {
    const { email, client } = await createTenant(k);
    for (let i = 0; i < 2; i++) {
      expect((await requestReset(k, email)).statusCode).toBe(200);
    }
    const mails = await eventually(async () => {
      const m = await mailsTo(k, email);
      return m.length === 2 ? m : null;
    });
    const [older, newer] = mails.map((m) => tokenIn(m.text_body)!);
    expect(older).toBeTruthy();
    expect(newer).not.toBe(older);
    const jobs = await k.db.selectFrom('jobs').select(['name', 'payload']).execute();
    const payloads = JSON.stringify(jobs.map((j) => j.payload));
    expect(payloads).not.toContain(older);
    expect(payloads).not.toContain(newer);
    expect(payloads).not.toContain('reset-password');

    const use = (token: string, password: string) => k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password } });
    expect((await use(newer!, 'the newest password')).statusCode).toBe(200);
    const old = await use(older!, 'an older link password');
    expect(old.statusCode).toBe(400);
    expect(old.json().error.code).toBe('invalid_reset_token');
    await expect(login(k, email, 'the newest password')).resolves.toBeTruthy();
    // The reset ended the sessions the owner had.
    expect((await client.get('/auth/me')).status).toBe(401);
  });

  it('answers and works the same for known and unknown addresses', async () => {
    const { email } = await createTenant(k);
    const unknown = `nobody-${Date.now()}@example.test`;
    await jobsDone(k);
    const before = await k.db.selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst();
    const answers = [];
    for (const address of [email, unknown]) {
      const r = await requestReset(k, address);
      answers.push({ status: r.statusCode, body: r.body });
    }
    expect(answers[0]).toEqual(answers[1]);
    // The request itself only queues one job per address, whether or not it has an account; the job looks it up.
    const queued = await k.db.selectFrom('jobs').select(['name', 'payload', 'tenant_id']).where('id', '>', before?.id ?? 0).orderBy('id').execute();
    expect(queued.map((j) => [j.name, j.tenant_id, Object.keys(j.payload as object).sort()])).toEqual([
      ['auth.account-mail', null, ['email', 'kind', 'locale']],
      ['auth.account-mail', null, ['email', 'kind', 'locale']],
    ]);
    await jobsDone(k);
    expect(await mailsTo(k, email)).toHaveLength(1);
    expect(await mailsTo(k, unknown)).toHaveLength(0);
  });

  it('a deactivated account gets no reset mail, and a link mailed before it was deactivated sets no password, also after reactivation', async () => {
    const { client } = await createTenant(k);
    const email = `leaver-${Date.now()}@x.test`;
    const user = await client.post('/users', { email, name: 'Lena Leaver', role: 'planner', password: 'leaver-password-1' });
    expect(user.status).toBe(201);
    expect((await requestReset(k, email)).statusCode).toBe(200);
    const [mail] = await eventually(async () => {
      const m = await mailsTo(k, email);
      return m.length === 1 ? m : null;
    });
    const token = tokenIn(mail!.text_body)!;
    expect((await client.patch(`/users/${user.body.id}`, { active: false })).status).toBe(200);

    // Asked again while deactivated: the same answer as for anyone, and no mail.
    const again = await requestReset(k, email);
    expect({ status: again.statusCode, body: again.json() }).toEqual({ status: 200, body: { ok: true } });
    await jobsDone(k);
    expect(await mailsTo(k, email)).toHaveLength(1);

    const use = () => k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'taken-over-password' } });
    const whileInactive = await use();
    expect({ status: whileInactive.statusCode, code: whileInactive.json().error?.code }).toEqual({ status: 400, code: 'invalid_reset_token' });
    expect((await client.patch(`/users/${user.body.id}`, { active: true })).status).toBe(200);
    const afterReactivation = await use();
    expect({ status: afterReactivation.statusCode, code: afterReactivation.json().error?.code }).toEqual({ status: 400, code: 'invalid_reset_token' });
    await expect(login(k, email, 'taken-over-password')).rejects.toThrow();
    await expect(login(k, email, 'leaver-password-1')).resolves.toBeTruthy();
  });

  it('sends one account at most a bounded number of reset mails, however many requests reach the queue', async () => {
    const { email } = await createTenant(k);
    for (let i = 0; i < 6; i++) await k.services.auth.requestPasswordReset(email, 'en');
    await jobsDone(k);
    expect((await mailsTo(k, email)).length).toBe(3);
  });
});

describe('the in-app mail viewer', () => {
  it('shows a reset or invitation link only to its recipient: an admin cannot take over the owner', async () => {
    const { email: ownerEmail, client: owner, tenant } = await createTenant(k);
    const adminEmail = `viewer-admin-${Date.now()}@x.test`;
    await owner.post('/users', { email: adminEmail, name: 'Vera Viewer', role: 'admin', password: 'admin-password-1' });
    const admin = await login(k, adminEmail, 'admin-password-1');
    const invitee = `invitee-${Date.now()}@x.test`;
    expect((await admin.post('/users', { email: invitee, name: 'Ivo Invitee', role: 'planner' })).status).toBe(201);
    for (const address of [ownerEmail, adminEmail]) {
      expect((await requestReset(k, address)).statusCode).toBe(200);
    }
    await eventually(async () => (await k.db.selectFrom('caught_mails').select('id').where('tenant_id', '=', tenant.id).execute()).length >= 3);
    type Mail = { id: number; rcptTo: string[]; textBody: string | null; linksHidden: boolean };
    const inbox = async (c: typeof owner) => (await c.get('/mails')).body.items as Mail[];
    const toWhom = (items: Mail[], address: string) => items.find((m) => m.rcptTo.includes(address))!;

    const seenByAdmin = await inbox(admin);
    for (const address of [ownerEmail, invitee]) {
      const m = toWhom(seenByAdmin, address);
      expect(m.linksHidden).toBe(true);
      expect(tokenIn(m.textBody)).toBe('hidden');
      const one = await admin.get(`/mails/${m.id}`);
      expect(tokenIn(one.body.textBody)).toBe('hidden');
    }
    const adminsOwn = toWhom(seenByAdmin, adminEmail);
    expect(adminsOwn.linksHidden).toBe(false);
    expect(tokenIn(adminsOwn.textBody)).not.toBe('hidden');

    const seenByOwner = await inbox(owner);
    expect(toWhom(seenByOwner, adminEmail).linksHidden).toBe(true);
    const ownersOwn = toWhom(seenByOwner, ownerEmail);
    expect(ownersOwn.linksHidden).toBe(false);
    // The owner's own link works; no hidden link is one (the stored mail is whole).
    expect((await k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token: tokenIn(ownersOwn.textBody), password: 'owner-new-password' } })).statusCode).toBe(200);
  });

  it('outgoing mails do not carry the tenant id, and the catcher still files them under their tenant', async () => {
    const { email, tenant } = await createTenant(k);
    expect((await requestReset(k, email)).statusCode).toBe(200);
    const [mail] = await eventually(async () => {
      const m = await mailsTo(k, email);
      return m.length ? m : null;
    });
    expect(mail!.tenant_id).toBe(tenant.id);
    expect(mail!.raw).not.toContain(tenant.id);
    expect(mail!.raw.toLowerCase()).not.toContain('x-koppel-tenant');
  });
});

describe('changing your own password', () => {
  it('needs the current password and ends your other sessions, not this one', async () => {
    const { email, password, client } = await createTenant(k);
    const other = await login(k, email, password);
    const missing = await client.post('/me/password', { password: 'a new password 1' });
    expect(missing.status).toBe(400);
    const wrong = await client.call('POST', '/me/password', { currentPassword: 'not my password', password: 'a new password 1' }, { 'accept-language': 'nl' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ field: 'currentPassword', message: 'Dit is niet je huidige wachtwoord' }]);
    expect((await other.get('/auth/me')).status).toBe(200);

    const changed = await client.post('/me/password', { currentPassword: password, password: 'a new password 1' });
    expect(changed.status).toBe(200);
    expect((await client.get('/auth/me')).status).toBe(200);
    expect((await other.get('/auth/me')).status).toBe(401);
    await expect(login(k, email, password)).rejects.toThrow();
    await expect(login(k, email, 'a new password 1')).resolves.toBeTruthy();
  });

  it('limits guesses of the current password per user, whatever the address', async () => {
    const { email, password, client } = await createTenant(k);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await k.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { currentPassword: `guess-${i}`, password: 'a new password 1' },
        headers: { cookie: `koppel_session=${client.cookie}`, 'x-csrf-token': client.csrf },
        remoteAddress: `203.0.113.${i + 1}`,
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    await expect(login(k, email, password)).resolves.toBeTruthy();
  });
});

describe('inviting an address that has an account in another tenant', () => {
  it('answers as for a new address, creates nothing, and tells the address owner', async () => {
    const a = await createTenant(k, 'Alfa BV');
    const b = await createTenant(k, 'Bravo BV');
    const fresh = await a.client.post('/users', { email: `fresh-${Date.now()}@x.test`, name: 'Fenna Fresh', role: 'planner' });
    const taken = await a.client.post('/users', { email: b.email.toUpperCase(), name: 'Olga Elsewhere', role: 'planner' });
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.body).toMatchObject({ role: 'planner', active: fresh.body.active, locale: fresh.body.locale });
    // Nothing was created or changed: Bravo's owner is still Bravo's owner.
    const holder = await k.db.selectFrom('users').selectAll().where('id', '=', b.owner.id).executeTakeFirstOrThrow();
    expect(holder).toMatchObject({ tenant_id: b.tenant.id, role: 'owner', name: 'Olga Owner' });
    const notice = await eventually(async () => (await mailsTo(k, b.email)).find((m) => m.subject.includes('Alfa BV')));
    expect(notice.tenant_id).toBe(b.tenant.id);
    expect(notice.text_body).not.toContain('reset-password');
    // Within your own tenant the address is a duplicate, as before.
    const again = await a.client.post('/users', { email: fresh.body.email, name: 'Fenna Again', role: 'planner' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('duplicate');
  });
});

describe('login and reset limits per account as well as per address', () => {
  let proxied: TestKoppel;
  let direct: TestKoppel;
  beforeAll(async () => {
    proxied = await startTestKoppel({ worker: true, config: { trustProxy: ['127.0.0.1'] } });
    direct = await startTestKoppel();
  });
  afterAll(async () => {
    await Promise.all([proxied?.stop(), direct?.stop()]);
  });
  const attempt = (kp: TestKoppel, url: string, payload: object, i: number) =>
    kp.app.inject({ method: 'POST', url, payload, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });

  it('refuses the 41st wrong password from 40 different forwarded addresses behind a trusted proxy', async () => {
    const { email } = await createTenant(proxied);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await attempt(proxied, '/api/v1/auth/login', { email, password: `wrong-${i}` }, i)).statusCode);
    // LOGIN_RATE_LIMIT (10) attempts per account, the log-in that created the tenant included; then 429 from every address.
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(9).every((s) => s === 429)).toBe(true);
  });

  it('ignores X-Forwarded-For unless a proxy is configured', async () => {
    const statuses: number[] = [];
    // Different accounts, so only the per-address limit can answer 429.
    for (let i = 0; i < 12; i++) statuses.push((await attempt(direct, '/api/v1/auth/login', { email: `x${i}@example.test`, password: 'wrong' }, i)).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });

  it('sends a bounded number of reset mails to one mailbox asked for from 8 addresses', async () => {
    const { email } = await createTenant(proxied);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(proxied, '/api/v1/auth/password-reset', { email }, i)).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    await jobsDone(proxied);
    expect((await mailsTo(proxied, email)).length).toBe(3);
  });
});
