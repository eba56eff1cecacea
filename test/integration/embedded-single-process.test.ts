import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 14, item 5: two processes on one embedded database lost writes (`koppel sync` while
 * `koppel serve` ran). The embedded database is now opened by one process only: a second one is
 * refused with a message that says why and what to do, and what the server acknowledged survives a
 * restart. Real processes (tsx), real files, 127.0.0.1 only.
 */

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function koppel(args: string[], env: Record<string, string>) {
  // The embedded database is what this is about: a DATABASE_URL of the test run (the PostgreSQL round) must not reach the children.
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0))));
  return { child, output: () => out, exited };
}

/** A command that runs to its end. */
async function run(args: string[], env: Record<string, string>) {
  const p = koppel(args, env);
  const code = await p.exited;
  return { code, output: p.output() };
}

/** `koppel serve`, resolved once it listens. */
async function serve(env: Record<string, string>, port: number) {
  const p = koppel(['serve', '--port', String(port), '--host', '127.0.0.1'], env);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/listening on/i.test(p.output())) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void p.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`serve exited ${code}: ${p.output()}`));
    });
  });
  return p;
}

async function session(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  return async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${url}`, { method, headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

describe('one process per embedded database', () => {
  it('a second process is refused while the server runs; every write the server acknowledged survives its restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'koppel-lock-'));
    dirs.push(dir);
    const env = { KOPPEL_DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent', KOPPEL_SECRET: 'lock-test-secret-lock-test-secret-0123' };
    const email = `lock-${randomUUID().slice(0, 8)}@example.test`;
    const password = 'lock-password-123';
    const created = await run(['tenant', 'create', '--name', 'Slot BV', '--owner-email', email, '--owner-name', 'Olga', '--password', password], env);
    expect(created.code, created.output).toBe(0);
    const lockFile = path.join(dir, 'pgdata.lock');
    expect(existsSync(lockFile)).toBe(false);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await serve(env, port);
    expect(existsSync(lockFile)).toBe(true);
    let api = await session(base, email, password);
    const first = await api('POST', '/employees', { firstName: 'Anna', lastName: 'Eerst' });
    expect(first.status).toBe(201);

    // The CLI on the same folder: refused, with who holds it and what to do instead.
    const sync = await run(['sync', randomUUID()], env);
    expect(sync.code).toBe(1);
    expect(sync.output).toContain(`is in use by another Koppel process (pid ${server.child.pid}`);
    expect(sync.output).toContain('Sync now');
    const list = await run(['tenant', 'list'], env);
    expect(list.code).toBe(1);

    // The server is unharmed and keeps acknowledging writes.
    const second = await api('POST', '/employees', { firstName: 'Bram', lastName: 'Daarna' });
    expect(second.status).toBe(201);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(lockFile)).toBe(false);

    const again = await serve(env, port);
    api = await session(base, email, password);
    const employees = await api('GET', '/employees?pageSize=50');
    expect(employees.status).toBe(200);
    const names = ((employees.body.items ?? []) as Array<{ lastName: string }>).map((e) => e.lastName).sort();
    expect(names).toEqual(['Daarna', 'Eerst']);

    // A lock left by a process that died (kill -9) is stale: the next process takes the folder over.
    again.child.kill('SIGKILL');
    await again.exited;
    expect(existsSync(lockFile)).toBe(true);
    const after = await run(['tenant', 'list'], env);
    expect(after.code, after.output).toBe(0);
    expect(after.output).toContain('Slot BV');
    expect(existsSync(lockFile)).toBe(false);
  }, 240_000);
});
