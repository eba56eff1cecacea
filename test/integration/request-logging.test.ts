import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/container.ts';
import { buildApp } from '../../src/app/http/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { createLogger } from '../../src/platform/log/logger.ts';

/** Issue 12 #14 (part): every server error is logged with its stack; `koppel demo` logs its requests. */

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

describe('request logging', () => {
  it('logs every 5xx with the stack, request lines without query values, tokens or BSNs', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (s: string) => void lines.push(s) });
    const config = loadConfig({ NODE_ENV: 'test' }, { secret: 'test-secret-test-secret-test-secret-0123', dataDir: '/tmp/koppel-test', port: 0 });
    const database = await openDatabase(config, { embeddedPath: 'memory://' });
    const app = await buildApp(createServices(database.db, config, log), { log });
    try {
      await app.inject({ method: 'GET', url: '/api/v1/employees?q=111222333&q=x&page=2' });
      await app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${'A'.repeat(43)}/book`, payload: {} });
      // The database goes away: the session lookup fails inside the request.
      await database.close();
      const res = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'koppel_session=whatever-session-id' } });
      expect(res.statusCode).toBe(500);
    } finally {
      await app.close();
    }
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const unhandled = records.find((r) => r.msg === 'unhandled error');
    expect(unhandled).toMatchObject({ level: 50 });
    expect(String(unhandled!.err)).toMatch(/\n\s+at /); // the stack
    expect(records.find((r) => r.msg === 'request answered with a server error')).toMatchObject({ level: 50, res: { statusCode: 500 }, method: 'GET', route: '/api/v1/auth/me' });
    const requestLines = records.filter((r) => r.msg === 'incoming request').map((r) => (r.req as { url: string }).url);
    expect(requestLines).toEqual(['/api/v1/employees?q=…&page=…', '/api/v1/recruiting/public/scheduling/[token]/book', '/api/v1/auth/me']);
    const all = lines.join('\n');
    expect(all).not.toContain('111222333');
    expect(all).not.toContain('A'.repeat(43));
    expect(all).not.toContain('whatever-session-id');
  });

  it('`koppel demo` logs its requests at info', async () => {
    const ports = await Promise.all([0, 1, 2].map(() => freePort()));
    const dir = mkdtempSync(path.join(tmpdir(), 'koppel-demo-log-'));
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/app/cli/main.ts', 'demo', '--port', String(ports[0]), '--personio-port', String(ports[1]), '--calendar-ports', String(ports[2]), '--loket-port', '0', '--nmbrs-port', '0', '--employees', '3', '--data-dir', dir],
        { env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: '', MAIL_CATCHER_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(() => /demo is running/.test(out), 120_000, () => out);
      const res = await fetch(`http://127.0.0.1:${ports[0]}/api/v1/auth/me`);
      expect(res.status).toBe(401);
      await waitFor(() => /"msg":"request completed"/.test(out), 10_000, () => out);
      const completed = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string; res?: { statusCode: number } })
        .find((r) => r.msg === 'request completed' && r.res?.statusCode === 401);
      expect(completed?.level).toBe(30);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
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

async function waitFor(check: () => boolean, ms: number, output: () => string) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not in time; output:\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
