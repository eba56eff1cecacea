import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One process per embedded database (issue 14, item 5). PGlite keeps its database in the memory of
 * the process that opened it and writes the files back as it sees fit: a second process on the same
 * folder (`koppel sync <id>` while `koppel serve` runs) works on its own copy, and whichever closes
 * last overwrites the other's acknowledged writes. So the folder gets a lock file naming its owner
 * (`<pgdata>.lock`: pid, host, command, since), taken atomically (O_EXCL) before PGlite opens it and
 * removed when the database is closed or the process exits. A lock whose process is gone (a crash,
 * `kill -9`, a container restart reusing the pid) is stale and taken over.
 *
 * Decision: a second process is refused with a clear message — it does not hand its work to the
 * running server (that needs an API token the CLI does not have). The message says how to do the
 * work through the running server instead. With DATABASE_URL (a PostgreSQL server) there is no lock:
 * any number of processes share the server.
 */

export type LockOwner = { pid: number; host: string; command: string; since: string };

export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Koppel process (pid ${owner.pid} on ${owner.host}, "${owner.command}", since ${owner.since}). ` +
        'It can be opened by one process only: stop that process first, or let it do the work — "Sync now" in the App center, or ' +
        'POST /api/v1/integrations/<id>/sync with an API token. (Several processes can share a PostgreSQL server: set DATABASE_URL.)',
    );
  }
}

/** Locks this process holds, by file (a second open in the same process is refused too, but never taken for stale). */
const held = new Set<string>();
let exitHook = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof v.pid === 'number' ? { pid: v.pid, host: String(v.host ?? ''), command: String(v.command ?? ''), since: String(v.since ?? '') } : null;
  } catch {
    return null;
  }
}

/** Whether the lock's owner can be ignored: dead on this host, or our own pid without us holding it (pid reuse after a restart). */
function stale(file: string, owner: LockOwner | null): boolean {
  if (!owner) return true; // unreadable: a write that died half-way
  if (owner.host !== hostname()) return false; // another machine (a shared folder): cannot tell, so respect it
  if (owner.pid === process.pid) return !held.has(file);
  return !alive(owner.pid);
}

/** Takes the lock of an embedded data folder; returns its release. Throws DatabaseInUseError when another live process holds it. */
export function lockDataDir(dataDir: string, command = process.argv.slice(2).join(' ') || 'koppel'): () => void {
  const file = `${path.resolve(dataDir)}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: hostname(), command: command.slice(0, 200), since: new Date().toISOString() };
  // The lock appears whole or not at all: written to a file of this process, then linked into place (link fails
  // if the lock exists, as O_EXCL would). A lock created empty and written after would look "unreadable, so
  // stale" to a second process in between, which would take it over: two owners.
  const mine = `${file}.${process.pid}.tmp`;
  writeFileSync(mine, JSON.stringify(owner), { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        try {
          linkSync(mine, file);
        } catch (err) {
          // A file system without hard links: create-exclusive with the content in one write.
          if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
          writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
        }
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const current = readOwner(file);
        if (attempt < 2 && stale(file, current)) {
          // Only the lock judged stale goes: another process may have replaced it with its own in the meantime.
          if (JSON.stringify(readOwner(file)) === JSON.stringify(current)) {
            try {
              unlinkSync(file);
            } catch {
              // Another process took it over first: the next attempt sees its lock.
            }
          }
          continue;
        }
        throw new DatabaseInUseError(path.resolve(dataDir), current ?? { pid: 0, host: '?', command: '?', since: '?' });
      }
    }
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // Never linked and already gone.
    }
  }
  held.add(file);
  if (!exitHook) {
    exitHook = true;
    // A process that exits without closing (an uncaught error, process.exit) still frees the folder.
    process.on('exit', () => {
      for (const f of held) release(f);
    });
  }
  return () => release(file);
}

function release(file: string): void {
  if (!held.delete(file)) return;
  try {
    if (readOwner(file)?.pid === process.pid) unlinkSync(file);
  } catch {
    // Already gone.
  }
}
