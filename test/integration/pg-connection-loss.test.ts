import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/platform/db/client.ts';
import { startMailCatcher } from '../../src/platform/mail/catcher.ts';
import { createTenantWithOwner } from '../../src/platform/identity/tenants.service.ts';
import { eventually } from '../helpers/harness.ts';

/**
 * Issue 12 #5: PostgreSQL cuts the app's connections (a restart, a failover, pg_terminate_backend).
 * Before, the pool's 'error' event had no handler and the process died. Every web and worker
 * process must stay up and serve again once the database answers.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function startProcess(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/listening on|worker .* started/i.test(out)) resolve({ child, output: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`timeout starting ${args.join(' ')}: ${out}`)), 60_000);
  });
}

describe.skipIf(!DATABASE_URL)('PostgreSQL connections cut under traffic', () => {
  it('web and worker processes stay up, and serve and run jobs again', async () => {
    const schema = `t_cut_${randomUUID().slice(0, 8)}`;
    const appName = `koppel-cut-${randomUUID().slice(0, 8)}`;
    const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: DATABASE_URL, max: 1 }) }) });
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin);
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const setupUrl = url.toString();
    url.searchParams.set('application_name', appName);
    const appUrl = url.toString();
    const database = await openDatabase({ databaseUrl: setupUrl, dataDir: '' });
    await migrate(database.db);
    const catcher = await startMailCatcher(database.db, 0);
    const email = `cut-${randomUUID().slice(0, 6)}@example.test`;
    await createTenantWithOwner(database.db, { tenantName: 'Failover BV', ownerEmail: email, ownerName: 'F', password: 'failover-password-1' });
    const port = await freePort();
    const env = { DATABASE_URL: appUrl, KOPPEL_SECRET: 'shared-secret-shared-secret-shared-secret', SMTP_URL: catcher.url, WORKER_POLL_MS: '100', LOG_LEVEL: 'warn', NODE_ENV: 'test' };
    const base = `http://127.0.0.1:${port}`;
    let traffic = true;
    try {
      const [web, worker] = await Promise.all([startProcess(['serve', '--no-worker', '--port', String(port)], env), startProcess(['worker'], env)]);
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'failover-password-1' }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = () => fetch(`${base}/api/v1/auth/me`, { headers: { cookie } }).then((r) => r.status, () => 0);

      // Traffic keeps the web pool's connections busy while they are cut.
      const statuses: number[] = [];
      const load = (async () => {
        while (traffic) statuses.push(await me());
      })();
      await eventually(async () => statuses.length >= 5, 10_000);

      const killed = await sql<{ pid: number }>`SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = ${appName}`.execute(admin);
      // The web process and the worker both had connections open.
      expect(killed.rows.length).toBeGreaterThanOrEqual(2);
      const cutAt = statuses.length;
      await new Promise((r) => setTimeout(r, 1_500));
      // And once more, while requests are in flight.
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${appName}`.execute(admin);
      await new Promise((r) => setTimeout(r, 1_500));
      traffic = false;
      await load;

      expect(web.child.exitCode, web.output()).toBeNull();
      expect(worker.child.exitCode, worker.output()).toBeNull();
      expect(web.child.signalCode).toBeNull();
      // Requests after the cut are answered (a request on a cut connection may fail once; the pool replaces it).
      expect(statuses.slice(cutAt).filter((s) => s === 200).length).toBeGreaterThan(0);
      expect(await me()).toBe(200);

      // The worker still claims and runs jobs: a reset mail reaches the catcher through it.
      const reset = await fetch(`${base}/api/v1/auth/password-reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      expect(reset.status).toBe(200);
      const mail = await eventually(() => database.db.selectFrom('caught_mails').selectAll().executeTakeFirst(), 30_000);
      expect(mail.rcpt_to).toEqual([email]);
      expect(web.child.exitCode).toBeNull();
      expect(worker.child.exitCode).toBeNull();
    } finally {
      traffic = false;
      for (const c of children.splice(0)) c.kill('SIGTERM');
      await catcher.close();
      await database.close();
      await new Promise((r) => setTimeout(r, 300));
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(admin);
      await admin.destroy();
    }
  }, 120_000);
});
