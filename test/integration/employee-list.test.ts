import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListCache, employeeSearchText } from '../../src/workforce/employee.repository.ts';
import type { Employee } from '../../src/platform/db/schema.ts';
import { analyzeGrownTables } from '../../src/platform/db/client.ts';
import { type Client, createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * The employee list at scale (issue 13): keyset pages (`after` = the previous page's `nextCursor`) give
 * exactly the rows offset pages give, for every sort, across equal names, missing personnel numbers and
 * equal creation times; the total is still right where it is no longer counted; the search index finds
 * substrings as before.
 */
let k: TestKoppel;
let client: Client;
let tenantId: string;
let other: Client;
const N = 137;

beforeAll(async () => {
  k = await startTestKoppel();
  const t = await createTenant(k);
  client = t.client;
  tenantId = t.tenant.id;
  other = (await createTenant(k, 'Other BV')).client;
  const dep = await k.db.insertInto('departments').values({ tenant_id: tenantId, name: 'Keuken' }).returning('id').executeTakeFirstOrThrow();
  // Same created_at for blocks of rows (one multi-row insert per block), names that repeat, a third without a number.
  for (let start = 0; start < N; start += 40) {
    const rows = Array.from({ length: Math.min(40, N - start) }, (_, j) => {
      const i = start + j;
      const r = { tenant_id: tenantId, first_name: `Voornaam${i % 7}`, prefix: i % 5 === 0 ? 'van' : null, last_name: `Achternaam${i % 11}`, email: `mw${i}@list.test`, personnel_number: i % 3 === 0 ? null : String(1000 + ((i * 37) % N)), status: i % 4 === 0 ? ('former' as const) : ('active' as const) };
      return { ...r, search_text: employeeSearchText(r as Employee) };
    });
    const ids = await k.db.insertInto('employees').values(rows).returning('id').execute();
    await k.db
      .insertInto('contracts')
      .values(ids.filter((_, j) => (start + j) % 2 === 0).map((e) => ({ tenant_id: tenantId, employee_id: e.id, department_id: dep.id, start_date: '2024-01-01', weekly_hours: 32 })))
      .execute();
  }
});
afterAll(async () => {
  await k?.stop();
});

type ListBody = { items: Array<{ id: string }>; total: number | null; nextCursor: string | null };

async function byOffset(query: string, pageSize: number) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`/employees?${query}&pageSize=${pageSize}&page=${page}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    ids.push(...(r.body as ListBody).items.map((e) => e.id));
    if ((r.body as ListBody).items.length < pageSize) return { ids, total: (r.body as ListBody).total };
  }
}

async function byKeyset(query: string, pageSize: number) {
  const first = await client.get(`/employees?${query}&pageSize=${pageSize}`);
  const ids = (first.body as ListBody).items.map((e) => e.id);
  let cursor = (first.body as ListBody).nextCursor;
  let pages = 1;
  while (cursor) {
    const r = await client.get(`/employees?${query}&pageSize=${pageSize}&after=${encodeURIComponent(cursor)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as ListBody).total).toBeNull();
    ids.push(...(r.body as ListBody).items.map((e) => e.id));
    cursor = (r.body as ListBody).nextCursor;
    pages++;
  }
  return { ids, total: (first.body as ListBody).total, pages };
}

describe('employee list (issue 13)', () => {
  it.each(['sort=name', 'sort=personnel_number', 'sort=created_at', 'sort=name&status=former', 'sort=personnel_number&q=achternaam1', 'sort=created_at&departmentId=DEP'])(
    'keyset pages give the rows offset pages give (%s)',
    async (raw) => {
      const dep = await k.db.selectFrom('departments').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      const query = raw.replace('DEP', dep.id);
      const offset = await byOffset(query, 10);
      const keyset = await byKeyset(query, 10);
      expect(keyset.ids).toEqual(offset.ids);
      expect(new Set(keyset.ids).size).toBe(keyset.ids.length);
      expect(keyset.pages).toBe(Math.max(1, Math.ceil(keyset.ids.length / 10)));
      // The total is right whether it was counted or read off a last page that is not full.
      expect(offset.total).toBe(keyset.ids.length);
      expect(keyset.total).toBe(keyset.ids.length);
    },
  );

  it('counts the whole list, returns the count past the end, and ends with nextCursor null', async () => {
    const all = await client.get('/employees?pageSize=50');
    expect(all.body.total).toBe(N);
    expect(all.body.nextCursor).toEqual(expect.any(String));
    const last = await client.get('/employees?pageSize=50&page=3');
    expect(last.body).toMatchObject({ total: N, nextCursor: null });
    expect(last.body.items).toHaveLength(N - 100);
    const past = await client.get('/employees?pageSize=50&page=9');
    expect(past.body).toMatchObject({ items: [], total: N, nextCursor: null });
    const exact = await client.get(`/employees?pageSize=${N}`);
    expect(exact.body).toMatchObject({ total: N, nextCursor: null });
  });

  it('refuses a cursor that is not one, or belongs to another sort', async () => {
    const first = await client.get('/employees?pageSize=5&sort=name');
    const wrongSort = await client.get(`/employees?pageSize=5&sort=created_at&after=${encodeURIComponent(first.body.nextCursor)}`);
    expect(wrongSort.status).toBe(400);
    expect(wrongSort.body.error.code).toBe('validation_failed');
    for (const bad of ['x', Buffer.from('["name",1,2,3]').toString('base64url'), Buffer.from('["name","a","b","not-a-uuid"]').toString('base64url')]) {
      expect((await client.get(`/employees?after=${bad}`)).status).toBe(400);
    }
  });

  it("another tenant's cursor shows only the caller's own employees", async () => {
    const mine = await client.get('/employees?pageSize=5');
    const theirs = await other.get(`/employees?pageSize=5&after=${encodeURIComponent(mine.body.nextCursor)}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });

  it('totals stay right after every kind of write, though counts are reused between them', async () => {
    const q = 'q=countcheck&pageSize=1';
    const total = async (query = q) => (await client.get(`/employees?${query}`)).body.total as number;
    expect(await total()).toBe(0);
    const a = await client.post('/employees', { firstName: 'Count', lastName: 'Countcheck' });
    const b = await client.post('/employees', { firstName: 'Count', lastName: 'Countcheck' });
    expect(await total()).toBe(2);
    expect(await total()).toBe(2); // reused
    await client.patch(`/employees/${b.body.id}`, { lastName: 'Elsewhere' });
    expect(await total()).toBe(1);
    // Written past the services (as the sync engine's bulk writes and the seed do): seen as well.
    await k.db.updateTable('employees').set({ search_text: 'countcheck again' }).where('id', '=', b.body.id).execute();
    expect(await total()).toBe(2);
    await client.delete(`/employees/${a.body.id}`);
    expect(await total()).toBe(1);
    // The department filter counts contracts: a new contract moves it.
    const dep = await k.db.selectFrom('departments').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    const byDep = `departmentId=${dep.id}&pageSize=1`;
    const before = await total(byDep);
    expect((await client.post(`/employees/${b.body.id}/contracts`, { startDate: '2024-01-01', weeklyHours: 20, departmentId: dep.id })).status).toBe(201);
    expect(await total(byDep)).toBe(before + 1);
  });

  it('a reused answer expires, so writes by other processes show within seconds', () => {
    let now = 0;
    const cache = createListCache<number>({ ttlMs: 10_000, now: () => now });
    cache.set('k', 5, cache.version());
    now = 9_999;
    expect(cache.get('k')).toBe(5);
    now = 10_000;
    expect(cache.get('k')).toBeUndefined();
  });

  it('requests asking the same at once share one read; an answer read while a write lands is not kept', async () => {
    const cache = createListCache<string>({ ttlMs: 60_000 });
    let loads = 0;
    let finish!: (v: string) => void;
    const load = () => {
      loads++;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const asked = Array.from({ length: 5 }, () => cache.through('same', load));
    finish('page');
    expect(await Promise.all(asked)).toEqual(Array(5).fill('page'));
    expect(loads).toBe(1);
    expect(cache.get('same')).toBe('page');
    // A write to a table the list reads (here the departments) while the next read is under way: not kept.
    const reading = cache.through('other', load);
    await k.db.updateTable('departments').set((eb) => ({ name: eb.ref('name') })).where('tenant_id', '=', tenantId).execute();
    finish('old page');
    expect(await reading).toBe('old page');
    expect(cache.get('other')).toBeUndefined();
    expect(cache.get('same')).toBeUndefined();
  });

  it('a reused page shows every write at once: service, query builder, raw SQL, and the departments it names', async () => {
    const first = async () => (await client.get('/employees?q=pagecheck&pageSize=5')).body.items[0] as { id: string; firstName: string; departments: string | null };
    const created = await client.post('/employees', { firstName: 'Page', lastName: 'Pagecheck' });
    expect(created.status).toBe(201);
    expect((await first()).firstName).toBe('Page');
    expect((await first()).firstName).toBe('Page'); // reused
    await client.patch(`/employees/${created.body.id}`, { firstName: 'Patched' });
    expect((await first()).firstName).toBe('Patched');
    await k.db.updateTable('employees').set({ first_name: 'Built' }).where('id', '=', created.body.id).execute();
    expect((await first()).firstName).toBe('Built');
    await sql`UPDATE employees SET first_name = 'Raw' WHERE id = ${created.body.id}`.execute(k.db);
    expect((await first()).firstName).toBe('Raw');
    const dep = await k.db.insertInto('departments').values({ tenant_id: tenantId, name: 'Spoelkeuken' }).returning('id').executeTakeFirstOrThrow();
    expect((await client.post(`/employees/${created.body.id}/contracts`, { startDate: '2024-01-01', weeklyHours: 20, departmentId: dep.id })).status).toBe(201);
    expect((await first()).departments).toBe('Spoelkeuken');
    await sql`UPDATE "departments" SET name = 'Afwas' WHERE id = ${dep.id}`.execute(k.db);
    expect((await first()).departments).toBe('Afwas');
  });

  it('a page read while a transaction writes is not reused after its commit (on a server the read does not wait for it)', async () => {
    const created = await client.post('/employees', { firstName: 'Before', lastName: 'Txcheck' });
    const name = async () => (await client.get('/employees?q=txcheck&pageSize=5')).body.items[0].firstName as string;
    expect(await name()).toBe('Before');
    let reading: Promise<string> | undefined;
    await k.db.transaction().execute(async (trx) => {
      await trx.updateTable('employees').set({ first_name: 'After' }).where('id', '=', created.body.id).execute();
      // Embedded: this read waits for the commit. Server: it reads the committed row, 'Before', now.
      reading = name();
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(['Before', 'After']).toContain(await reading);
    expect(await name()).toBe('After');
  });

  it('a reused session still loses its role, and its life at logout, at once', async () => {
    const owner = await createTenant(k, 'Session BV');
    const created = await owner.client.post('/users', { email: `hr-${Date.now()}@session.test`, name: 'Hanna HR', role: 'hr_admin', password: 'correct horse battery' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hr = await login(k, created.body.email, 'correct horse battery');
    expect((await hr.get('/employees?pageSize=1')).status).toBe(200);
    expect((await hr.get('/employees?pageSize=1')).status).toBe(200); // within the reuse window
    expect((await owner.client.patch(`/users/${created.body.id}`, { role: 'interviewer' })).status).toBe(200);
    expect((await hr.get('/employees?pageSize=1')).status).toBe(403);
    expect((await hr.get('/auth/me')).status).toBe(200);
    expect((await hr.post('/auth/logout', {})).status).toBe(200);
    expect((await hr.get('/auth/me')).status).toBe(401);
  });

  it('statistics follow the data without autovacuum (embedded): grown tables are analyzed once', async () => {
    const grown = await analyzeGrownTables(k.db);
    expect(grown).toContain('employees');
    const stats = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE oid = 'employees'::regclass`.execute(k.db);
    expect(Number(stats.rows[0]!.reltuples)).toBeGreaterThanOrEqual(N);
    expect(await analyzeGrownTables(k.db)).not.toContain('employees');
  });

  it('searches substrings through the index, wildcards taken literally', async () => {
    const r = await client.get('/employees?q=chternaam1&pageSize=200');
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => String(i % 11).startsWith('1')).length;
    expect(r.body.total).toBe(expected);
    expect((await client.get('/employees?q=%25&pageSize=5')).body.total).toBe(0);
    expect((await client.get('/employees?q=achter_aam&pageSize=5')).body.total).toBe(0);
    const indexes = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'employees' AND indexname = 'employees_search_trgm_idx'`.execute(k.db);
    expect(indexes.rows).toHaveLength(1);
  });
});
