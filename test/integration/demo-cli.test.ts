import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLogins } from '../../src/app/demo/banner.ts';

/**
 * Issue 15 items 6 and 7, as a new user meets them: `PORT=… koppel demo` listens on that port, prints every
 * address it started (each one answers) and every login with its role (each one logs in); the README lists
 * the same ports and logins.
 */
let child: ChildProcess | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'koppel-demo-cli-'));
afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('koppel demo', () => {
  it('honours PORT, prints every address it started and every login with its role', async () => {
    const port = await freePort();
    // The demo always runs embedded; whatever the test run was given for the server database or URLs does not apply.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), MAIL_CATCHER_PORT: '0', KOPPEL_DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'silent' };
    for (const key of ['PUBLIC_URL', 'DATABASE_URL', 'KOPPEL_SECRET', 'SMTP_URL', 'HOST']) delete env[key];
    child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', 'demo', '--employees', '12', '--personio-port', '0', '--loket-port', '0', '--nmbrs-port', '0', '--calendar-ports', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 100_000;
    while (!out.includes('Stop with Ctrl+C')) {
      if (child.exitCode !== null) throw new Error(`demo exited: ${out}`);
      if (Date.now() > deadline) throw new Error(`no banner within 100 s: ${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    expect(out).toContain(`Koppel demo is running at http://localhost:${port}`);
    const docs = await fetch(`http://127.0.0.1:${port}/api/docs`);
    expect(docs.status).toBe(200);

    // Every stand-in the demo started is printed, and answers there.
    const smtp = /Mail catcher \(SMTP\)\s+smtp:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    expect(smtp).not.toBeNull();
    for (const label of ['Personio emulator', 'Loket\\.nl emulator', 'Google Calendar', 'Microsoft 365 \\(Graph\\)', 'Zoom', 'GoToMeeting']) {
      const m = new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(out);
      expect(m, label).not.toBeNull();
      const res = await fetch(`${m![1]}/`);
      expect(res.status, label).toBeLessThan(500);
    }

    // Every login, with its role and password, works.
    const logins = demoLogins();
    expect(logins.map((l) => l.role)).toEqual(expect.arrayContaining(['owner', 'hr_admin', 'planner', 'recruiter', 'interviewer']));
    for (const l of logins) {
      expect(out).toMatch(new RegExp(`${l.email.replace(/\./g, '\\.')}\\s+${l.password}\\s+${l.role}`));
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: l.email, password: l.password }) });
      expect(res.status, l.email).toBe(200);
    }
  });

  it('the README lists the demo ports and logins', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const p of ['3000', '4010', '4030', '4031', '4020', '4021', '4022', '4023', '1025', 'MAIL_CATCHER_PORT']) expect(readme, p).toContain(p);
    for (const l of demoLogins()) {
      expect(readme).toContain(l.email);
      expect(readme).toContain(l.password);
    }
    expect(readme).toMatch(/PORT=3100 npm run demo/);
  });
});
