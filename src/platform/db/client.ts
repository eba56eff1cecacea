import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
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
  opts: { embeddedPath?: string; searchPath?: string } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      options: opts.searchPath ? `-c search_path=${opts.searchPath}` : undefined,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return (v: string) => v;
          if (oid === NUMERIC_OID || oid === INT8_OID) return (v: string) => Number(v);
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'server', close: () => db.destroy() };
  }
  const dataDir = opts.embeddedPath ?? path.join(config.dataDir, 'pgdata');
  // One process per folder (data-dir-lock.ts): a second one would overwrite the first one's writes.
  const unlock = dataDir === 'memory://' ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, {
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
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'embedded',
    close: async () => {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
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
