import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { trackWriteVersions } from './write-versions.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
export type DatabaseHandle = { db: Database; kind: 'embedded' | 'server'; close: () => Promise<void> };

const DATE_OID = 1082;
const NUMERIC_OID = 1700;
const INT8_OID = 20;

/**
 * Opens the embedded PGlite database (data dir on disk, or memory:// for tests) or a PostgreSQL
 * server when DATABASE_URL is set. Both return dates as 'YYYY-MM-DD' and numerics as numbers,
 * so code above this line cannot tell them apart.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  opts: { embeddedPath?: string; searchPath?: string; log?: Logger; applicationName?: string } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      // Names the process's connections in pg_stat_activity (an application_name in DATABASE_URL wins).
      application_name: opts.applicationName ?? 'koppel',
      options: opts.searchPath ? `-c search_path=${opts.searchPath}` : undefined,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return (v: string) => v;
          if (oid === NUMERIC_OID || oid === INT8_OID) return (v: string) => Number(v);
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    survivesConnectionLoss(pool, opts.log);
    const db = new Kysely<DB>({ dialect: trackWriteVersions(new PostgresDialect({ pool })) });
    return { db, kind: 'server', close: () => db.destroy() };
  }
  const dataDir = opts.embeddedPath ?? path.join(config.dataDir, 'pgdata');
  // One process per folder (data-dir-lock.ts): a second one would overwrite the first one's writes.
  const unlock = dataDir === 'memory://' ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    // Loaded only for the embedded database: the module alone is about 40 MB of a process's memory (issue 13), which a
    // deployment on a PostgreSQL server should not carry.
    const [{ PGlite, types: pgliteTypes }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
    if (dataDir !== 'memory://') await initialiseDataDir(dataDir);
    client = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
      // Trigram index for the employee search (migration 032); loaded when the migration creates the extension.
      extensions: { pg_trgm },
      parsers: {
        [pgliteTypes.DATE]: (v: string) => v,
        [pgliteTypes.NUMERIC]: (v: string) => Number(v),
        [pgliteTypes.INT8]: (v: string) => Number(v),
      },
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = new Kysely<DB>({ dialect: trackWriteVersions(new PGliteDialect(client)) });
  // PGlite runs no autovacuum: without this the planner never learns how large the tables have grown.
  const maintenance = setInterval(() => void analyzeGrownTables(db).catch(() => {}), EMBEDDED_ANALYZE_EVERY_MS);
  maintenance.unref();
  return {
    db,
    kind: 'embedded',
    close: async () => {
      clearInterval(maintenance);
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
}

const EMBEDDED_ANALYZE_EVERY_MS = 60_000;

/**
 * The embedded database's buffer pool. PGlite's default is PostgreSQL's 128 MB (160 MB as PGlite sets it), all of it
 * in this process's memory once touched, on top of the operating system's cache of the same files. 32 MB holds the hot
 * pages of a 100 000-employee company; measured in decision 0032.
 */
const EMBEDDED_SHARED_BUFFERS = '32MB';

/** How long creating a new embedded database folder may take before the child doing it is stopped. */
const INITDB_TIMEOUT_MS = 120_000;

/**
 * Creates a new embedded database folder (initdb) in a short-lived child process. In this process, initdb's own
 * WebAssembly instance and PGlite's unpacked file bundle stay as about 450 MB of resident memory for the life of the
 * server, freed or not (decision 0032). An existing folder is left alone, so this runs once per installation.
 */
async function initialiseDataDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // The child writes only the failure's message to stderr (no stack trace), which goes into the error here. PGlite's
  // file system fails with an emscripten ErrnoError that has no message, only a number.
  const script = `require(${JSON.stringify(pglite)}).PGlite.create(${JSON.stringify(dataDir)}).then((db) => db.close()).catch((e) => { process.stderr.write(String((e && (e.message || (e.errno !== undefined && 'file system error ' + e.errno))) || e)); process.exit(1); })`;
  try {
    await promisify(execFile)(process.execPath, ['-e', script], { maxBuffer: 1 << 20, timeout: INITDB_TIMEOUT_MS });
  } catch (err) {
    const e = err as { stderr?: unknown; killed?: boolean; message: string };
    const reason = e.killed ? `initdb did not finish within ${INITDB_TIMEOUT_MS / 1000} s` : String(e.stderr ?? '').trim() || e.message;
    throw new Error(`could not create the embedded database in ${dataDir} (is it a folder this process can write to?): ${reason}`);
  }
}

/**
 * The embedded database's stand-in for autovacuum's ANALYZE: tables of the current schema that grew by more than
 * a fifth (in pages) since their statistics were taken are analyzed, so plans follow the data (an employee list
 * planned for an empty table sorts all 10 000 rows instead of walking an index). Cheap when nothing grew: one
 * catalogue query. Runs every minute in the embedded process; returns the tables it analyzed.
 */
export async function analyzeGrownTables(db: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT quote_ident(c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = current_schema()
      AND pg_relation_size(c.oid) / current_setting('block_size')::int > GREATEST(c.relpages, 0) * 1.2 + 1`.execute(db);
  for (const r of rows) await sql.raw(`ANALYZE ${r.name}`).execute(db);
  return rows.map((r) => r.name);
}

/**
 * A PostgreSQL restart, failover or pg_terminate_backend ends the pool's connections. pg reports that
 * as an 'error' event on the pool (an idle client) or on the client itself (one checked out between
 * two queries, e.g. inside a transaction waiting for a vendor); an 'error' event nobody listens to
 * ends the process. Logged instead: the query on that connection fails (its request answers 500, its
 * job is retried), pg drops the dead client, and the next query opens a fresh connection once the
 * server is back.
 */
function survivesConnectionLoss(pool: pg.Pool, log: Logger | undefined): void {
  const report = (err: Error) => log?.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'database connection lost');
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
}

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies plain SQL migrations in file order, each in its own transaction, under an advisory lock so several processes can start at once. */
export async function migrate(db: Database, log: (msg: string) => void = () => {}): Promise<string[]> {
  const files = readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(72736)`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const done = new Set(
        (await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(conn)).rows.map((r) => r.name),
      );
      for (const file of files) {
        if (done.has(file)) continue;
        const text = readFileSync(path.join(migrationsDir, file), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await sql`INSERT INTO schema_migrations (name) VALUES (${file})`.execute(trx);
        });
        applied.push(file);
        log(`applied migration ${file}`);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(72736)`.execute(conn);
    }
  });
  return applied;
}
