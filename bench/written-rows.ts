import { type Kysely, sql } from 'kysely';

/** What a sync benchmark wrote (personio-sync, nmbrs-sync, loket-sync): as the database counts it, split into business rows and bookkeeping. */

/**
 * Rows written as the database itself sees them, independent of the query counter: every insert or
 * update leaves a row version whose xmin is a transaction id newer than the phase's start; a delete
 * shows in the row count. Counted over the tables a sync writes.
 */
const WRITTEN_TABLES = ['employees', 'contracts', 'external_records', 'sync_changes', 'audit_log', 'job_functions', 'integration_mappings', 'integrations', 'sync_runs', 'jobs'] as const;
export async function dbWriteProbe(db: Kysely<unknown>) {
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of WRITTEN_TABLES) out[t] = Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.id(t)}`.execute(db)).rows[0]!.n);
    return out;
  };
  const before = await counts();
  const xid = (await sql<{ x: string }>`SELECT (txid_current() % 4294967296)::text AS x`.execute(db)).rows[0]!.x;
  return async () => {
    const after = await counts();
    const written: Record<string, number> = {};
    const deleted: Record<string, number> = {};
    for (const t of WRITTEN_TABLES) {
      const n = Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.id(t)} WHERE xmin::text::bigint > ${xid}::bigint`.execute(db)).rows[0]!.n);
      if (n) written[t] = n;
      if (after[t]! < before[t]!) deleted[t] = before[t]! - after[t]!;
    }
    return { written, deleted };
  };
}

const BUSINESS = new Set(['employees', 'contracts', 'external_records', 'sync_changes', 'audit_log', 'job_functions', 'integration_mappings']);
export const split = (rows: Record<string, number>) => {
  const business = Object.fromEntries(Object.entries(rows).filter(([t]) => BUSINESS.has(t)));
  const bookkeeping = Object.fromEntries(Object.entries(rows).filter(([t]) => !BUSINESS.has(t)));
  return { business, businessTotal: Object.values(business).reduce((a, b) => a + b, 0), bookkeeping };
};
