import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from './client.ts';
import type { DB } from './schema.ts';

type RowTable = 'employees' | 'contracts' | 'shifts' | 'absences';

/**
 * The row-level writes every tenant-owned aggregate needs — locked read, insert, update (bumping
 * updated_at), delete — each filtered by tenant first. Repositories spread this and add their own
 * queries. Kysely cannot type a query over a table chosen by a type parameter, so the body talks
 * to an untyped handle and the signatures carry the types.
 */
export function tenantRows<T extends RowTable>(table: T) {
  const raw = (db: Database) => db as unknown as Kysely<any>;
  const name = table as string;
  return {
    /** Bare row, locked for the rest of the transaction. */
    getForUpdate(db: Database, tenantId: string, id: string): Promise<Selectable<DB[T]> | undefined> {
      return raw(db).selectFrom(name).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<Selectable<DB[T]> | undefined>;
    },
    insert(db: Database, row: Insertable<DB[T]>): Promise<Selectable<DB[T]>> {
      return raw(db).insertInto(name).values(row).returningAll().executeTakeFirstOrThrow() as Promise<Selectable<DB[T]>>;
    },
    update(db: Database, tenantId: string, id: string, patch: Updateable<DB[T]>): Promise<Selectable<DB[T]> | undefined> {
      return raw(db)
        .updateTable(name)
        .set({ ...(patch as object), updated_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst() as Promise<Selectable<DB[T]> | undefined>;
    },
    async delete(db: Database, tenantId: string, id: string): Promise<boolean> {
      const r = await raw(db).deleteFrom(name).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
