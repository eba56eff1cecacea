import { spawn } from 'node:child_process';
import pg from 'pg';

/**
 * What the benchmarks share about where they run: the PostgreSQL server they use for the "server" figures, and a
 * benchmark (or one case of it) in a process of its own. Memory figures (peak RSS) are those of the whole process: a
 * case run after another would carry what the earlier one left behind (an embedded database's memory, a heap that
 * grew), so each gets a fresh process with the same Node flags.
 */

/** The PostgreSQL server of the "server" figures (a fresh schema per run). */
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function serverReachable(): Promise<boolean> {
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

/**
 * Runs `script` in a new Node process with this one's flags and `env` added; its output goes to this one's. Resolves
 * with null when it ended well, else how it ended ("exit code 1", "signal SIGKILL": the kernel's out-of-memory killer).
 */
export function runInOwnProcess(script: string, args: string[], env: Record<string, string>): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ? `signal ${signal}` : code ? `exit code ${code}` : null));
  });
}
