import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { employeeSearchText } from '../src/workforce/employee.repository.ts';
import type { Employee } from '../src/platform/db/schema.ts';
import { startKoppel } from '../src/app/runtime.ts';
import { createTenantWithOwner } from '../src/platform/identity/tenants.service.ts';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = 16;
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function serverReachable() {
  const pool = new pg.Pool({ connectionString: SERVER_URL, max: 1, connectionTimeoutMillis: 2000 });
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await pool.end();
  }
}

/** The employee list API at 10 000 employees: requests/s and p99 over a mix of list queries, embedded and server database. */
async function benchOne(kind: 'embedded' | 'server') {
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  if (kind === 'server') {
    const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVER_URL, max: 1 }) }) });
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin);
    await admin.destroy();
  }
  const config = loadConfig(
    { NODE_ENV: 'production', DATABASE_URL: kind === 'server' ? SERVER_URL : undefined, LOG_LEVEL: 'silent' },
    { secret: 'bench-secret-bench-secret-bench-secret-00', port: 0, dataDir: '/tmp/koppel-bench' },
  );
  const database = await openDatabase(config, kind === 'server' ? { searchPath: schema } : { embeddedPath: 'memory://' });
  const k = await startKoppel(config, { database, listen: true });
  try {
    const { tenant } = await createTenantWithOwner(k.db, { tenantName: 'Bench BV', ownerEmail: `bench-${schema}@example.test`, ownerName: 'Bench', password: 'bench-password-123' });
    const deps = await k.db
      .insertInto('departments')
      .values(Array.from({ length: 20 }, (_, i) => ({ tenant_id: tenant.id, name: `Afdeling ${i}` })))
      .returning('id')
      .execute();
    const seedStart = performance.now();
    for (let start = 0; start < EMPLOYEES; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, EMPLOYEES - start) }, (_, j) => {
        const i = start + j;
        const r = { tenant_id: tenant.id, first_name: `Voornaam${i % 997}`, prefix: i % 4 === 0 ? 'van' : null, last_name: `Achternaam${i % 3001}`, email: `mw${i}@bench.test`, personnel_number: String(100000 + i), status: i % 10 === 0 ? ('former' as const) : ('active' as const) };
        return { ...r, search_text: employeeSearchText(r as Employee) };
      });
      const ids = await k.db.insertInto('employees').values(rows).returning('id').execute();
      await k.db
        .insertInto('contracts')
        .values(ids.map((e, j) => ({ tenant_id: tenant.id, employee_id: e.id, department_id: deps[(start + j) % deps.length].id, start_date: '2024-01-01', weekly_hours: 32 })))
        .execute();
    }
    const seedMs = performance.now() - seedStart;
    const login = await fetch(`${k.address}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench-${schema}@example.test`, password: 'bench-password-123' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const urls = [
      '/api/v1/employees?page=1&pageSize=50',
      '/api/v1/employees?page=120&pageSize=50',
      '/api/v1/employees?q=achternaam12&pageSize=50',
      `/api/v1/employees?departmentId=${deps[3].id}&pageSize=50`,
      '/api/v1/employees?status=former&sort=personnel_number&pageSize=50',
    ];
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const url = urls[next++ % urls.length];
          const t0 = performance.now();
          const res = await fetch(`${k.address}${url}`, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const wallMs = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 10) / 10;
    return { database: kind, employees: EMPLOYEES, requests: latencies.length, concurrency: CONCURRENCY, reqPerSec: Math.round((latencies.length / wallMs) * 1000), p50Ms: pct(0.5), p99Ms: pct(0.99), seedMs: Math.round(seedMs) };
  } finally {
    await k.stop();
    if (kind === 'server') {
      const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVER_URL, max: 1 }) }) });
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(admin);
      await admin.destroy();
    }
  }
}

export default async function run() {
  console.log(JSON.stringify({ bench: 'employee-list', ...(await benchOne('embedded')) }));
  if (await serverReachable()) console.log(JSON.stringify({ bench: 'employee-list', ...(await benchOne('server')) }));
  else console.log(JSON.stringify({ bench: 'employee-list', database: 'server', skipped: `no PostgreSQL at ${SERVER_URL}` }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
