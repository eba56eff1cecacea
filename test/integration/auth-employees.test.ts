import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel({ worker: true });
});
afterAll(async () => {
  await k?.stop();
});

describe('auth', () => {
  it('logs in, refuses a wrong password with a translated message, and enforces CSRF', async () => {
    const { email, client } = await createTenant(k);
    const bad = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong-password' }, headers: { 'accept-language': 'nl' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toEqual({ code: 'invalid_credentials', message: 'E-mailadres of wachtwoord is onjuist.' });
    const me = await client.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('owner');
    const noCsrf = await client.post('/employees', { firstName: 'A', lastName: 'B' }, { 'x-csrf-token': 'nope' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
  });

  it('resets a password through the mailed link', async () => {
    const { email } = await createTenant(k);
    const res = await k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email }, headers: { 'accept-language': 'de' } });
    expect(res.statusCode).toBe(200);
    const mail = await eventually(() => k.db.selectFrom('caught_mails').selectAll().where(sql<boolean>`${email} = ANY(rcpt_to)`).executeTakeFirst());
    expect(mail.subject).toBe('Ihr Koppel-Passwort zurücksetzen');
    const token = /token=([\w-]+)/.exec(mail.text_body ?? '')![1];
    const confirm = await k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'a brand new password' } });
    expect(confirm.statusCode).toBe(200);
    const again = await k.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'another new password' } });
    expect(again.json().error.code).toBe('invalid_reset_token');
    await expect(login(k, email, 'a brand new password')).resolves.toBeTruthy();
  });

  it('API tokens authenticate without CSRF and are limited to their role', async () => {
    const { client } = await createTenant(k);
    const created = await client.post('/api-tokens', { name: 'payroll', role: 'planner' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const list = await k.app.inject({ method: 'GET', url: '/api/v1/employees', headers: { authorization: `Bearer ${token}` } });
    expect(list.statusCode).toBe(200);
    const write = await k.app.inject({ method: 'POST', url: '/api/v1/employees', headers: { authorization: `Bearer ${token}` }, payload: { firstName: 'X', lastName: 'Y' } });
    expect(write.statusCode).toBe(403);
    await client.delete(`/api-tokens/${created.body.id}`);
    const revoked = await k.app.inject({ method: 'GET', url: '/api/v1/employees', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });
});

describe('employees', () => {
  it('creates, validates BSN by the 11-test, masks it, and searches', async () => {
    const { client } = await createTenant(k);
    const invalid = await client.post('/employees', { firstName: 'Jan', lastName: 'Jansen', bsn: '123456789' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_bsn');
    const created = await client.post('/employees', { firstName: 'Jan', prefix: 'de', lastName: 'Vries', bsn: '111222333', personnelNumber: 'P-1', email: 'jan@example.test' });
    expect(created.status).toBe(201);
    expect(created.body.bsnMasked).toBe('******333');
    expect(JSON.stringify(created.body)).not.toContain('111222333');
    const dup = await client.post('/employees', { firstName: 'Piet', lastName: 'Puk', personnelNumber: 'P-1' });
    expect(dup.status).toBe(409);
    const found = await client.get('/employees?q=vries');
    expect(found.body.total).toBe(1);
    expect(found.body.items[0].displayName).toBe('Jan de Vries');
    const revealed = await client.post(`/employees/${created.body.id}/bsn/reveal`);
    expect(revealed.body.bsn).toBe('111222333');
    const audit = await k.db.selectFrom('audit_log').selectAll().where('entity_id', '=', created.body.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'reveal_bsn']);
    expect(JSON.stringify(audit)).not.toContain('111222333');
  });

  it('explains bad input per field in the caller\'s language and writes nothing', async () => {
    const { client } = await createTenant(k);
    const res = await client.call('POST', '/employees', { firstName: '', lastName: 'X', email: 'nope', birthDate: '2026-02-30' }, { 'accept-language': 'de' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Einige Felder sind ungültig.');
    expect(res.body.error.details).toEqual([
      { field: 'firstName', message: 'Pflichtfeld.' },
      { field: 'email', message: 'Keine gültige E-Mail-Adresse.' },
      { field: 'birthDate', message: 'Erwartet ein Datum als JJJJ-MM-TT.' },
    ]);
    await client.post('/employees', { firstName: 'A', lastName: 'B', personnelNumber: '7' });
    const dup = await client.call('POST', '/employees', { firstName: 'C', lastName: 'D', personnelNumber: '7' }, { 'accept-language': 'nl' });
    expect(dup.body.error.message).toBe('Er bestaat al een medewerker met deze waarde voor personeelsnummer.');
    expect((await client.get('/employees')).body.total).toBe(1);
  });
});
