import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { created, employee } from '../helpers/workforce.ts';

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

const countEmployees = async () => Number((await k.db.selectFrom('employees').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('text the database cannot store is refused at the boundary (issue 12, item 10)', () => {
  it('a NUL byte or a lone surrogate in a body field: 400 with a translated field error, nothing written', async () => {
    const { client } = await createTenant(k);
    const before = await countEmployees();
    for (const firstName of ['a\u0000b', 'a\uD800b', '\uDC00', 'x\uDBFF']) {
      const res = await client.call('POST', '/employees', { firstName, lastName: 'Jansen' }, { 'accept-language': 'nl' });
      expect(res.status, JSON.stringify(firstName)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toEqual([{ field: 'firstName', message: 'Bevat een teken dat niet kan worden opgeslagen (een NUL-teken of een onvolledig Unicode-teken).' }]);
    }
    // Nested values, array items and object keys too.
    const nested = await client.post('/employees', { firstName: 'A', lastName: 'B', notes: 'ok', ['k\u0000']: 1 });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details[0].field).toBe('?');
    expect(await countEmployees()).toBe(before);
    // A well-formed pair (an emoji) is fine.
    const emoji = await client.post('/employees', { firstName: 'Anna 😀', lastName: 'B' });
    expect(emoji.status).toBe(201);
  });

  it('in the query string and in path parameters, on every route', async () => {
    const { client } = await createTenant(k);
    const q = await client.get('/employees?q=%00');
    expect(q.status).toBe(400);
    expect(q.body.error.details).toEqual([{ field: 'query.q', message: expect.stringContaining('cannot be stored') }]);
    const surrogate = await client.get(`/employees?q=${encodeURIComponent('a')}%ED%A0%80`);
    expect(surrogate.status).toBeLessThan(500);
    const recruiting = await client.get('/recruiting/candidates?q=a%00');
    expect(recruiting.status).toBe(400);
    const audit = await client.get('/audit?entityType=%00');
    expect(audit.status).toBe(400);
    const param = await client.get('/employees/%00');
    expect(param.status).toBe(400);
    expect(param.body.error.details[0].field).toBe('params.id');
    // A path segment that does not decode (a lone surrogate's bytes, a stray %) gets the same error shape, in the caller's language.
    for (const bad of ['/employees/%ED%A0%80', '/employees/a%', '/employees/%C0%80']) {
      const res = await client.call('GET', bad, undefined, { 'accept-language': 'de' });
      expect(res.status, bad).toBeLessThan(500);
      expect(['validation_failed', 'not_found'], bad).toContain(res.body?.error?.code);
      expect(JSON.stringify(res.body), bad).not.toMatch(/valid url component|FST_/);
    }
    const undecodable = await client.call('GET', '/employees/%ED%A0%80', undefined, { 'accept-language': 'de' });
    expect(undecodable.status).toBe(400);
    expect(undecodable.body.error.message).toBe('Einige Felder sind ungültig.');
  });

  it('a NUL or control character in a header (language, CSRF token, cookie, authorization, a header name) is a 400 over a real socket, never a 5xx', async () => {
    const { client } = await createTenant(k);
    const address = await k.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    // Written byte for byte: Node's own clients refuse to send these headers at all.
    const raw = (header: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(`POST /api/v1/departments HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncookie: koppel_session=${client.cookie}\r\nx-csrf-token: ${client.csrf}\r\ncontent-type: application/json\r\ncontent-length: 12\r\n${header}\r\n\r\n{"name":"d"}`));
        let answer = '';
        socket.on('data', (d: Buffer) => (answer += d.toString()));
        socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
        socket.on('error', reject);
      });
    const before = (await client.get('/departments')).body.length;
    for (const header of ['accept-language: nl\u0000', 'x-koppel-language: n\u0000l', 'x-csrf-token: a\u0000b', 'cookie: koppel_session=\u0000', 'authorization: Bearer kpl_\u0000x', 'x-a\u0000b: 1', 'accept-language: nl\u0001de']) {
      expect(await raw(header), JSON.stringify(header)).toBe('HTTP/1.1 400 Bad Request');
    }
    // The same request without the bad header goes through: the 400s above were the header's.
    expect(await raw('accept-language: nl')).toBe('HTTP/1.1 201 Created');
    expect((await client.get('/departments')).body.length).toBe(before + 1);
  });

  it('PUT and PATCH bodies of other resources', async () => {
    const { client } = await createTenant(k);
    const company = await client.patch('/company', { name: 'Acme\u0000' });
    expect(company.status).toBe(400);
    const dept = await client.post('/departments', { name: '\uD83D' });
    expect(dept.status).toBe(400);
    const candidate = await client.post('/recruiting/candidates', { name: 'A B', email: 'a@example.test', phone: 'x\u0000', language: 'nl', timeZone: 'Europe/Amsterdam' });
    expect(candidate.status).toBe(400);
    expect(candidate.body.error.details[0].field).toBe('phone');
  });
});

describe('zones and dates that cannot be meant are refused with a field error (issue 12, item 14)', () => {
  it('an unknown IANA zone on users, the company and candidates', async () => {
    const { client } = await createTenant(k);
    const me = (await client.get('/auth/me')).body.user;
    for (const timeZone of ['Mars/Olympus_Mons', 'Europe/Nowhere', '+01:00', 'x'.repeat(60)]) {
      const self = await client.call('PATCH', `/users/${me.id}`, { timeZone }, { 'accept-language': 'de' });
      expect(self.status, timeZone).toBe(400);
      expect(self.body.error.details).toEqual([{ field: 'timeZone', message: 'Unbekannte Zeitzone.' }]);
      const invite = await client.post('/users', { email: `zone-${timeZone.length}@example.test`, name: 'Zed', role: 'planner', timeZone });
      expect(invite.status).toBe(400);
      expect((await client.patch('/company', { timeZone })).status).toBe(400);
      expect((await client.post('/recruiting/candidates', { name: 'C', email: 'c@example.test', language: 'en', timeZone })).status).toBe(400);
    }
    expect((await client.get(`/users/${me.id}`)).body.time_zone).not.toBe('Mars/Olympus_Mons');
    const fine = await client.patch(`/users/${me.id}`, { timeZone: 'Europe/Berlin' });
    expect(fine.status).toBe(200);
  });

  it('birth dates in the future or before 1900, and absurd years on contracts, absences and shifts', async () => {
    const { client } = await createTenant(k);
    for (const birthDate of ['9999-12-31', '2999-01-01', '1899-12-31', '0001-01-01']) {
      const res = await client.post('/employees', { firstName: 'Ann', lastName: 'B', birthDate });
      expect(res.status, birthDate).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'birthDate', message: expect.stringMatching(/^A date between 01\/01\/1900 and \d{2}\/\d{2}\/\d{4}$/) }]);
    }
    const tomorrowPlus = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await client.post('/employees', { firstName: 'Ann', lastName: 'B', birthDate: tomorrowPlus })).status).toBe(400);
    expect((await client.post('/employees', { firstName: 'Ann', lastName: 'B', birthDate: '1961-04-30' })).status).toBe(201);

    const emp = await employee(client);
    const contract = await client.call('POST', `/employees/${emp}/contracts`, { startDate: '2026-01-01', endDate: '9999-12-31', weeklyHours: 32 }, { 'accept-language': 'nl' });
    expect(contract.status).toBe(400);
    expect(contract.body.error.details).toEqual([{ field: 'endDate', message: 'Een datum tussen 01-01-1900 en 31-12-2199.' }]);
    const type = await created(client, '/absence-types', { name: 'Verlof', kind: 'vacation' });
    const absence = await client.post('/absences', { employeeId: emp, absenceTypeId: type.id, startDate: '0202-05-01', endDate: '2026-05-02', unit: 'days' });
    expect(absence.status).toBe(400);
    expect(absence.body.error.details[0].field).toBe('startDate');
    const shift = await client.post('/shifts', { employeeId: emp, date: '9999-01-01', startTime: '09:00', endTime: '17:00' });
    expect(shift.status).toBe(400);
    expect(shift.body.error.details[0].field).toBe('date');
    const csv = await client.post('/shifts/import', { csv: 'email;date;start;end\nx@example.test;31-12-9999;09:00;17:00\n', dryRun: true });
    expect(csv.status).toBe(400);
    expect(JSON.stringify(csv.body)).toContain('31-12-9999');
    // Ordinary dates still pass.
    expect((await client.post(`/employees/${emp}/contracts`, { startDate: '2026-01-01', endDate: '2199-12-31', weeklyHours: 32 })).status).toBe(201);
  });
});

describe('a new tenant', () => {
  it('refuses an unknown zone (the CLI and the demo create tenants through here)', async () => {
    const { createTenantWithOwner } = await import('../../src/platform/identity/tenants.service.ts');
    await expect(createTenantWithOwner(k.db, { tenantName: 'Z', timeZone: 'Nowhere/Land', ownerEmail: 'z@example.test', ownerName: 'Z', password: 'a long enough password' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
