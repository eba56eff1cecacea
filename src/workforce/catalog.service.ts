import type { Database } from '../platform/db/client.ts';
import { auditRepository, diffRecords } from '../platform/audit/audit.repository.ts';
import { type CatalogRow, type CatalogTable, catalogRepository, type Reference } from './catalog.repository.ts';
import { isForeignKeyViolation, uniqueViolationColumns } from '../platform/db/pg-errors.ts';
import { AppError, fieldError, notFound } from '../domain/errors.ts';
import { type Actor, requireRole, type RoleGroup } from '../domain/actor.ts';

export type Columns = Record<string, unknown>;

/** Context handed to a catalog's own checks; `trx` is the write transaction, `before` the stored row on update. */
export type PrepareContext<T extends CatalogTable> = { trx: Database; tenantId: string; before: CatalogRow<T> | null };

/**
 * Describes one catalog (a small tenant-scoped list with plain CRUD). Everything the catalogs share
 * — roles, tenant scope, audit, duplicate and in-use errors — lives in createCatalogService, so a
 * catalog only states what differs: its table, its fields and its own checks.
 */
export type CatalogSpec<T extends CatalogTable, Input, Dto> = {
  table: T;
  /** Name used in errors and as the audit log's entity type. */
  entity: string;
  /** API field → column, for every input field. */
  fields: { [K in keyof Input]-?: string };
  toDto: (row: CatalogRow<T>) => Dto;
  orderBy: string[];
  /** Foreign keys that keep a row from being deleted while they point at it. */
  references?: Reference[];
  /** Cross-field and cross-tenant checks inside the write transaction. May adjust `columns` in place. */
  prepare?: (ctx: PrepareContext<T>, columns: Columns) => Promise<void>;
  roles?: { read: RoleGroup; write: RoleGroup };
};

export type CatalogService<Input, Dto> = {
  list(actor: Actor): Promise<Dto[]>;
  get(actor: Actor, id: string): Promise<Dto>;
  create(actor: Actor, input: Input): Promise<Dto>;
  update(actor: Actor, id: string, patch: Partial<Input>): Promise<Dto>;
  remove(actor: Actor, id: string): Promise<void>;
};

export function createCatalogService<T extends CatalogTable, Input, Dto>(db: Database, spec: CatalogSpec<T, Input, Dto>): CatalogService<Input, Dto> {
  const { table, entity } = spec;
  const readRole = spec.roles?.read ?? 'workforceRead';
  const writeRole = spec.roles?.write ?? 'hr';
  const fieldOfColumn = new Map(Object.entries<string>(spec.fields).map(([field, column]) => [column, field]));

  function toColumns(input: Partial<Input>): Columns {
    const columns: Columns = {};
    for (const [field, column] of Object.entries<string>(spec.fields)) {
      const value = (input as Record<string, unknown>)[field];
      if (value !== undefined) columns[column] = value;
    }
    return columns;
  }

  /** Runs a write in a transaction; a unique violation becomes 'duplicate' naming the API field. */
  async function inTransaction<R>(work: (trx: Database) => Promise<R>): Promise<R> {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      const columns = uniqueViolationColumns(err);
      if (!columns) throw err;
      const column = columns.find((c) => c !== 'tenant_id') ?? '';
      const field = fieldOfColumn.get(column) ?? column;
      throw new AppError('duplicate', { entity, field }, [fieldError(field, 'already_exists')], { cause: err });
    }
  }

  return {
    async list(actor) {
      requireRole(actor, readRole);
      const rows = await catalogRepository.list(db, table, actor.tenantId, spec.orderBy);
      return rows.map(spec.toDto);
    },

    async get(actor, id) {
      requireRole(actor, readRole);
      const row = await catalogRepository.get(db, table, actor.tenantId, id);
      if (!row) throw notFound(entity);
      return spec.toDto(row);
    },

    async create(actor, input) {
      requireRole(actor, writeRole);
      const columns = toColumns(input);
      return inTransaction(async (trx) => {
        await spec.prepare?.({ trx, tenantId: actor.tenantId, before: null }, columns);
        const created = await catalogRepository.insert(trx, table, actor.tenantId, columns);
        await auditRepository.record(trx, actor, 'create', entity, created.id, diffRecords(null, created));
        return spec.toDto(created);
      });
    },

    async update(actor, id, patch) {
      requireRole(actor, writeRole);
      const columns = toColumns(patch);
      return inTransaction(async (trx) => {
        const before = await catalogRepository.get(trx, table, actor.tenantId, id, true);
        if (!before) throw notFound(entity);
        await spec.prepare?.({ trx, tenantId: actor.tenantId, before }, columns);
        const after = await catalogRepository.update(trx, table, actor.tenantId, id, columns);
        if (!after) throw notFound(entity);
        const changes = diffRecords(before, after);
        if (Object.keys(changes).length > 0) await auditRepository.record(trx, actor, 'update', entity, id, changes);
        return spec.toDto(after);
      });
    },

    async remove(actor, id) {
      requireRole(actor, writeRole);
      await db.transaction().execute(async (trx) => {
        const before = await catalogRepository.get(trx, table, actor.tenantId, id, true);
        if (!before) throw notFound(entity);
        const reference = await catalogRepository.firstReference(trx, actor.tenantId, id, spec.references ?? []);
        if (reference) throw new AppError('in_use', { entity, usedBy: reference.table });
        try {
          await catalogRepository.delete(trx, table, actor.tenantId, id);
        } catch (err) {
          // A reference the spec does not list (or one added concurrently) still refuses cleanly.
          if (isForeignKeyViolation(err)) throw new AppError('in_use', { entity }, undefined, { cause: err });
          throw err;
        }
        await auditRepository.record(trx, actor, 'delete', entity, id, diffRecords(before, null));
      });
    },
  };
}
