import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { DB } from '../platform/db/schema.ts';

/** Small tenant-scoped lists with plain CRUD: organisation, payroll components, absence types. */
export type CatalogTable =
  | 'cost_centers'
  | 'departments'
  | 'contract_types'
  | 'job_functions'
  | 'hour_components'
  | 'hour_component_rules'
  | 'wage_components'
  | 'absence_types';
export type CatalogRow<T extends CatalogTable> = Selectable<DB[T]> & { id: string; tenant_id: string };

/** Every table whose rows carry a tenant_id. */
export type TenantTable = { [K in keyof DB]: DB[K] extends { tenant_id: string } ? K : never }[keyof DB];

/** A foreign key pointing at a catalog row, e.g. contracts.department_id → departments. */
export type Reference = { table: TenantTable; column: string };

// One query set serves several tables. Kysely cannot type a table name chosen at runtime, so the
// queries run on an untyped view of the same connection and the row type is restored on return.
const untyped = (db: Database) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

export const catalogRepository = {
  list<T extends CatalogTable>(db: Database, table: T, tenantId: string, orderBy: string[]): Promise<CatalogRow<T>[]> {
    let q = untyped(db).selectFrom(table as string).selectAll().where('tenant_id', '=', tenantId);
    for (const column of orderBy) q = q.orderBy(column);
    return q.orderBy('id').execute() as Promise<CatalogRow<T>[]>;
  },

  get<T extends CatalogTable>(db: Database, table: T, tenantId: string, id: string, forUpdate = false): Promise<CatalogRow<T> | undefined> {
    const q = untyped(db).selectFrom(table as string).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
    return (forUpdate ? q.forUpdate() : q).executeTakeFirst() as Promise<CatalogRow<T> | undefined>;
  },

  insert<T extends CatalogTable>(db: Database, table: T, tenantId: string, values: Record<string, unknown>): Promise<CatalogRow<T>> {
    return untyped(db)
      .insertInto(table as string)
      .values({ ...values, tenant_id: tenantId })
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<CatalogRow<T>>;
  },

  update<T extends CatalogTable>(db: Database, table: T, tenantId: string, id: string, values: Record<string, unknown>): Promise<CatalogRow<T> | undefined> {
    if (Object.keys(values).length === 0) return catalogRepository.get(db, table, tenantId, id);
    return untyped(db)
      .updateTable(table as string)
      .set(values)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst() as Promise<CatalogRow<T> | undefined>;
  },

  async delete(db: Database, table: CatalogTable, tenantId: string, id: string): Promise<boolean> {
    const r = await untyped(db).deleteFrom(table as string).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  /** The first reference that still points at the row, or null when nothing does. */
  async firstReference(db: Database, tenantId: string, id: string, references: Reference[]): Promise<Reference | null> {
    for (const ref of references) {
      const hit = await untyped(db)
        .selectFrom(ref.table as string)
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where(ref.column, '=', id)
        .limit(1)
        .executeTakeFirst();
      if (hit) return ref;
    }
    return null;
  },
};

/** Whether a row with this id exists in the tenant: the guard against linking to another tenant's data. */
export async function belongsToTenant(db: Database, table: TenantTable, tenantId: string, id: string): Promise<boolean> {
  const row = await untyped(db).selectFrom(table as string).select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
