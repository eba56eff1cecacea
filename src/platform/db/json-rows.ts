import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Inserts many rows with one statement per chunk that carries the rows as a single jsonb parameter
 * (`INSERT … SELECT … FROM jsonb_populate_recordset(NULL::table, $1)`), instead of a VALUES list with
 * one parameter per cell: on the embedded database that is markedly cheaper per row (fewer parameters
 * to bind and convert; issue 13, the sync's bulk adds). Still an insert query to Kysely, so plugins
 * (write versions) see the table.
 *
 * Values travel as JSON and are converted by the table's column types: jsonb columns take the value
 * itself (an object, array or scalar), not JSON text. A JSON null, like an absent key, becomes SQL NULL,
 * and a column that some rows leave out is NULL in those rows, not its default: give every row the
 * same keys.
 */
export async function insertJsonRows(db: Kysely<DB>, table: keyof DB & string, rows: Record<string, unknown>[], chunk = 500): Promise<void> {
  if (!rows.length) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk));
    await any
      .insertInto(table)
      .columns(columns)
      .expression((eb) => eb.selectFrom(sql`jsonb_populate_recordset(NULL::${sql.table(table)}, ${json}::jsonb)`.as('x')).select(columns.map((c) => sql.ref(`x.${c}`).as(c))))
      .execute();
  }
}

/**
 * `column = ANY(ids)` for a list of uuids as one jsonb parameter: one parameter however many ids (a part of a sync's
 * groups is 2 000), and the ARRAY(SELECT …) keeps the column's index in play on a big, freshly written table.
 */
export function uuidIn(column: string, ids: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`;
}
