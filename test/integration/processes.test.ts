import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { migrate, openDatabase } from '../../src/platform/db/client.ts';
import { startMailCatcher } from '../../src/platform/mail/catcher.ts';
import { startKoppel } from '../../src/app/runtime.ts';
import { createTenantWithOwner } from '../../src/platform/identity/tenants.service.ts';
import { eventually } from '../helpers/harness.ts';

const DATABASE_URL = process.env.DATABASE_URL;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

describe('embedded database on disk', () => {
  it('says clearly when the database folder cannot be created, and leaves no lock behind', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'koppel-initdb-bad-'));
    const dir = path.join(parent, 'pgdata');
    writeFileSync(dir, 'not a folder');
    try {
      await expect(openDatabase({ databaseUrl: undefined, dataDir: dir }, { embeddedPath: dir })).rejects.toThrow(/could not create the embedded database in .*pgdata \(is it a folder this process can write to\?\): file system error \d+/);
      expect(existsSync(`${dir}.lock`)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('creates a new folder once (initdb outside this process) and opens it with the small buffer pool', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'koppel-initdb-')), 'pgdata');
    try {
      const first = await openDatabase({ databaseUrl: undefined, dataDir: dir }, { embeddedPath: dir });
      expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
      await sql`CREATE TABLE kept (v text)`.execute(first.db);
      await sql`INSERT INTO kept VALUES ('ja')`.execute(first.db);
      const { rows } = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(first.db);
      expect(rows).toEqual([{ shared_buffers: '32MB' }]);
      await first.close();
      const second = await openDatabase({ databaseUrl: undefined, dataDir: dir }, { embeddedPath: dir });
      expect((await sql<{ v: string }>`SELECT v FROM kept`.execute(second.db)).rows).toEqual([{ v: 'ja' }]);
      await second.close();
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('keeps all data across a stop and a start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'koppel-persist-'));
    try {
      const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, port: 0 });
      const first = await startKoppel(config);
      const { tenant } = await createTenantWithOwner(first.db, { tenantName: 'Blijft BV', ownerEmail: `p-${randomUUID()}@example.test`, ownerName: 'P', password: 'persist-password-1' });
      await first.db.insertInto('employees').values({ tenant_id: tenant.id, first_name: 'Anna', last_name: 'Blijvend' }).execute();
      await first.stop();
      const second = await startKoppel(loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, port: 0 }));
      const anna = await second.db.selectFrom('employees').select('last_name').where('tenant_id', '=', tenant.id).execute();
      expect(anna).toEqual([{ last_name: 'Blijvend' }]);
      expect(second.config.secret).toBe(config.secret); // the generated secret is kept too, so encrypted data stays readable
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function startProcess(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/listening on|worker .* started/i.test(out)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`timeout starting ${args.join(' ')}: ${out}`)), 60_000);
  });
}

// Several processes cannot share one embedded PGlite; this scale-out test needs the PostgreSQL server run.
describe.skipIf(!DATABASE_URL)('several web and worker processes on one PostgreSQL server', () => {
  it('serve sessions from any web process and run jobs in a separate worker', async () => {
    const schema = `t_proc_${randomUUID().slice(0, 8)}`;
    const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: DATABASE_URL, max: 1 }) }) });
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin);
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const dbUrl = url.toString();
    const database = await openDatabase({ databaseUrl: dbUrl, dataDir: '' });
    await migrate(database.db);
    const catcher = await startMailCatcher(database.db, 0);
    const email = `proc-${randomUUID().slice(0, 6)}@example.test`;
    await createTenantWithOwner(database.db, { tenantName: 'Schaal BV', ownerEmail: email, ownerName: 'S', password: 'scale-password-1' });
    const env = { DATABASE_URL: dbUrl, KOPPEL_SECRET: 'shared-secret-shared-secret-shared-secret', SMTP_URL: catcher.url, WORKER_POLL_MS: '100', LOG_LEVEL: 'warn' };
    try {
      await Promise.all([
        startProcess(['serve', '--no-worker', '--port', '3911'], env),
        startProcess(['serve', '--no-worker', '--port', '3912'], env),
        startProcess(['worker'], env),
      ]);
      const login = await fetch('http://127.0.0.1:3911/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'scale-password-1' }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const me = await fetch('http://127.0.0.1:3912/api/v1/auth/me', { headers: { cookie } });
      expect(me.status).toBe(200);
      expect((await me.json()).user.email).toBe(email);
      const reset = await fetch('http://127.0.0.1:3912/api/v1/auth/password-reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      expect(reset.status).toBe(200);
      // Neither web process runs jobs: the mail can only arrive through the worker process.
      const mail = await eventually(() => database.db.selectFrom('caught_mails').selectAll().executeTakeFirst(), 30_000);
      expect(mail.rcpt_to).toEqual([email]);
    } finally {
      for (const c of children.splice(0)) c.kill('SIGTERM');
      await catcher.close();
      await database.close();
      await new Promise((r) => setTimeout(r, 300));
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(admin);
      await admin.destroy();
    }
  }, 120_000);
});
