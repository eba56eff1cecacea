import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
});
afterAll(async () => {
  await k?.stop();
});

describe('users and roles', () => {
  it('invites a user by mail, who sets a password and logs in with the given role', async () => {
    const { client, tenant } = await createTenant(k);
    const created = await client.post('/users', { email: 'nieuw@example.test', name: 'Nina Nieuw', role: 'planner', locale: 'nl' });
    expect(created.status).toBe(201);
    const mail = await eventually(() => k.db.selectFrom('caught_mails').selectAll().where('tenant_id', '=', tenant.id).where('subject', '=', 'Je Koppel-account').executeTakeFirst());
    const token = /token=([\w-]+)/.exec(mail.text_body ?? '')![1];
    const set = await k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'nina-password-1' } });
    expect(set.statusCode).toBe(200);
    const nina = await login(k, 'nieuw@example.test', 'nina-password-1');
    expect((await nina.get('/auth/me')).body.user.role).toBe('planner');
    // A planner cannot manage users.
    expect((await nina.get('/users')).status).toBe(403);
  });

  it('refuses to grant a role above your own and to demote the last owner', async () => {
    const { client, owner } = await createTenant(k);
    const admin = await client.post('/users', { email: 'admin@x.test', name: 'Adam Admin', role: 'admin', password: 'admin-password-1' });
    const adminClient = await login(k, 'admin@x.test', 'admin-password-1');
    const escalate = await adminClient.post('/users', { email: 'boss@x.test', name: 'Boss', role: 'owner' });
    expect(escalate.status).toBe(403);
    expect(escalate.body.error.code).toBe('role_too_high');
    const selfPromote = await adminClient.patch(`/users/${admin.body.id}`, { role: 'owner' });
    expect(selfPromote.body.error.code).toBe('role_too_high');
    const demote = await client.patch(`/users/${owner.id}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_owner');
  });

  it('deactivating a user ends their sessions', async () => {
    const { client } = await createTenant(k);
    const u = await client.post('/users', { email: 'weg@x.test', name: 'Wim Weg', role: 'planner', password: 'weg-password-1' });
    const wim = await login(k, 'weg@x.test', 'weg-password-1');
    expect((await wim.get('/auth/me')).status).toBe(200);
    await client.patch(`/users/${u.body.id}`, { active: false });
    expect((await wim.get('/auth/me')).status).toBe(401);
    const again = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'weg@x.test', password: 'weg-password-1' } });
    expect(again.statusCode).toBe(401);
  });
});

describe('login rate limit', () => {
  it('answers 429 with a translated message after too many attempts', async () => {
    const { email } = await createTenant(k);
    const statuses: number[] = [];
    let last: { error: { code: string; message: string } } | undefined;
    for (let i = 0; i < 12; i++) {
      const r = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong-password' }, headers: { 'accept-language': 'nl' }, remoteAddress: '10.9.9.9' });
      statuses.push(r.statusCode);
      last = r.json();
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(last?.error).toEqual({ code: 'rate_limited', message: 'Te veel pogingen. Probeer het over een paar minuten opnieuw.' });
  });
});
