import type { Kysely } from 'kysely';
import { auditRepository, diffRecords } from '../platform/audit/audit.repository.ts';
import type { Database } from '../platform/db/client.ts';
import { isForeignKeyViolation, uniqueViolationColumns } from '../platform/db/pg-errors.ts';
import { AppError, fieldError, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/actor.ts';
import type { RecruitingTables } from '../platform/db/recruiting-schema.ts';
import { requireStaff } from './access.ts';

export type RecruitingTable = keyof RecruitingTables;
type Row = Record<string, unknown> & { id: string; tenant_id: string };
export type Columns = Record<string, unknown>;

/**
 * Plain tenant-scoped CRUD for the recruiting catalogues (jobs, candidates, …), the recruiting
 * counterpart of services/catalog.service.ts: reads for everyone, writes for recruiting staff,
 * audit in the write transaction, unique violations → `duplicate` naming the API field.
 */
export type CrudSpec<Input, Dto> = {
  table: RecruitingTable;
  entity: string;
  fields: { [K in keyof Input]-?: string };
  /** JSON columns: written as JSON text. */
  json?: string[];
  /** Loads the DTO of one row (may join). */
  load: (db: Database, tenantId: string, ids?: string[]) => Promise<Dto[]>;
  prepare?: (ctx: { trx: Database; tenantId: string; before: Row | null }, columns: Columns) => Promise<void>;
  references?: { table: RecruitingTable; column: string }[];
  /** API field of a unique index whose violation message should name it. */
  uniqueField?: Record<string, string>;
  /** Personal data (candidates): reads are for recruiting staff too, not only writes. */
  staffRead?: boolean;
};

const untyped = (db: Database) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

export function createCrud<Input, Dto>(db: Database, spec: CrudSpec<Input, Dto>) {
  const fieldOfColumn = new Map(Object.entries<string>(spec.fields).map(([f, c]) => [c, f]));
  function toColumns(input: Partial<Input>): Columns {
    const columns: Columns = {};
    for (const [field, column] of Object.entries<string>(spec.fields)) {
      const value = (input as Record<string, unknown>)[field];
      if (value === undefined) continue;
      columns[column] = spec.json?.includes(column) ? JSON.stringify(value) : value;
    }
    return columns;
  }
  async function inTransaction<R>(work: (trx: Database) => Promise<R>): Promise<R> {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      const cols = uniqueViolationColumns(err);
      if (!cols) throw err;
      const column = cols.find((c) => c !== 'tenant_id') ?? '';
      const field = spec.uniqueField?.[column] ?? fieldOfColumn.get(column) ?? column;
      throw new AppError('duplicate', { entity: spec.entity, field }, [fieldError(field, 'already_exists')], { cause: err });
    }
  }
  const getRow = (trx: Database, tenantId: string, id: string) =>
    untyped(trx).selectFrom(spec.table).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<Row | undefined>;
  async function one(trx: Database, tenantId: string, id: string): Promise<Dto> {
    const [dto] = await spec.load(trx, tenantId, [id]);
    if (!dto) throw notFound(spec.entity);
    return dto;
  }

  return {
    async list(actor: Actor): Promise<Dto[]> {
      if (spec.staffRead) requireStaff(actor);
      return spec.load(db, actor.tenantId);
    },
    async get(actor: Actor, id: string): Promise<Dto> {
      if (spec.staffRead) requireStaff(actor);
      return one(db, actor.tenantId, id);
    },
    async create(actor: Actor, input: Input): Promise<Dto> {
      requireStaff(actor);
      const columns = toColumns(input);
      return inTransaction(async (trx) => {
        await spec.prepare?.({ trx, tenantId: actor.tenantId, before: null }, columns);
        const created = (await untyped(trx)
          .insertInto(spec.table)
          .values({ ...columns, tenant_id: actor.tenantId })
          .returningAll()
          .executeTakeFirstOrThrow()) as Row;
        await auditRepository.record(trx, actor, 'create', spec.entity, created.id, diffRecords(null, created));
        return one(trx, actor.tenantId, created.id);
      });
    },
    async update(actor: Actor, id: string, patch: Partial<Input>): Promise<Dto> {
      requireStaff(actor);
      const columns = toColumns(patch);
      return inTransaction(async (trx) => {
        const before = await getRow(trx, actor.tenantId, id);
        if (!before) throw notFound(spec.entity);
        await spec.prepare?.({ trx, tenantId: actor.tenantId, before }, columns);
        if (Object.keys(columns).length > 0) {
          const after = (await untyped(trx)
            .updateTable(spec.table)
            .set({ ...columns, updated_at: new Date() })
            .where('tenant_id', '=', actor.tenantId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow()) as Row;
          const changes = diffRecords(before, after);
          if (Object.keys(changes).length > 0) await auditRepository.record(trx, actor, 'update', spec.entity, id, changes);
        }
        return one(trx, actor.tenantId, id);
      });
    },
    async remove(actor: Actor, id: string): Promise<void> {
      requireStaff(actor);
      await db.transaction().execute(async (trx) => {
        const before = await getRow(trx, actor.tenantId, id);
        if (!before) throw notFound(spec.entity);
        for (const ref of spec.references ?? []) {
          const hit = await untyped(trx).selectFrom(ref.table).select('id').where('tenant_id', '=', actor.tenantId).where(ref.column, '=', id).limit(1).executeTakeFirst();
          if (hit) throw new AppError('in_use', { entity: spec.entity, usedBy: ref.table });
        }
        try {
          await untyped(trx).deleteFrom(spec.table).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
        } catch (err) {
          if (isForeignKeyViolation(err)) throw new AppError('in_use', { entity: spec.entity }, undefined, { cause: err });
          throw err;
        }
        await auditRepository.record(trx, actor, 'delete', spec.entity, id, diffRecords(before, null));
      });
    },
  };
}
export type Crud<Input, Dto> = ReturnType<typeof createCrud<Input, Dto>>;

/** Whether a row with this id exists in the tenant (guards links to another tenant's rows). */
export async function existsInTenant(db: Database, table: RecruitingTable | 'users', tenantId: string, id: string): Promise<boolean> {
  const row = await untyped(db).selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
