import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 14, item 5: the embedded database's lock admits one process, also when several start at the same
 * moment, and also when they all find a stale lock of a dead process and race to take it over. Real
 * processes, each trying `lockDataDir` on the same folder and holding it for a while.
 */

const lockModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data-dir-lock.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function contender(dataDir: string): Promise<'held' | 'refused'> {
  const code = `
    const { lockDataDir, DatabaseInUseError } = await import(${JSON.stringify(lockModule)});
    try {
      const release = lockDataDir(${JSON.stringify(dataDir)}, 'contender');
      process.stdout.write('held');
      await new Promise((r) => setTimeout(r, 1500));
      release();
    } catch (err) {
      process.stdout.write(err instanceof DatabaseInUseError ? 'refused' : 'error ' + String(err));
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => (out === 'held' || out === 'refused' ? resolve(out) : reject(new Error(out))));
  });
}

describe('one owner of an embedded data folder', () => {
  it('of six processes starting together, exactly one holds the folder; a stale lock they all race for goes to one', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'koppel-lock-race-'));
    dirs.push(root);
    const dataDir = path.join(root, 'pgdata');
    const together = await Promise.all(Array.from({ length: 6 }, () => contender(dataDir)));
    expect(together.filter((x) => x === 'held')).toHaveLength(1);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    // A lock left by a process that no longer exists (pid far above any live one on this host).
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 - 7, host: hostname(), command: 'koppel serve', since: '2026-01-01T00:00:00Z' }));
    const takeover = await Promise.all(Array.from({ length: 6 }, () => contender(dataDir)));
    expect(takeover.filter((x) => x === 'held')).toHaveLength(1);
    // No temporary files left behind.
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
