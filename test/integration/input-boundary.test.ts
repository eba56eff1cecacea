import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

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
