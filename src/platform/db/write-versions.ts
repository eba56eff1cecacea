import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';

/**
 * How often this process has written each table, for caches of what is read from them (the employee list's pages
 * and counts, the session behind a cookie): a cached answer is good while the versions of the tables it read have
 * not moved. Installed on every database openDatabase returns (`trackWriteVersions`).
 *
 * A write moves its tables' versions twice: when the statement is sent, and when it is durable for other
 * connections — after the statement on its own, after COMMIT or ROLLBACK inside a transaction. So an answer read
 * while a write was under way (read before its commit, or from a server connection that did not see it yet) is
 * stored under a version the write moves past. Seen: Kysely's insert, update, delete and merge queries, and raw SQL
 * that writes (`sql\`UPDATE t …\``) by the table names after INSERT INTO, UPDATE, DELETE FROM, MERGE INTO, TRUNCATE.
 * Not seen: writes by another process (a separate worker, a second web process) — caches on a database server must
 * also expire after a short time (docs/decisions/0026-employee-list-caches.md).
 */
const versions = new Map<string, number>();

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
/** The tables a raw statement writes; also matches harmless non-tables (`FOR UPDATE SKIP`, `DO UPDATE SET`): a spurious bump only empties a cache. */
const RAW_WRITE = /\b(?:insert\s+into|update|delete\s+from|merge\s+into|truncate(?:\s+table)?)\s+(?:only\s+)?(?:"?[a-z_][a-z0-9_]*"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;

function tablesIn(node: unknown, into: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) tablesIn(n, into);
    return;
  }
  const n = node as { kind?: string; table?: { identifier?: { name?: unknown } } };
  if (n.kind === 'TableNode' && typeof n.table?.identifier?.name === 'string') into.add(n.table.identifier.name);
  for (const value of Object.values(node)) if (value && typeof value === 'object') tablesIn(value, into);
}

/** The tables this statement writes (empty for a read). */
export function writtenTables(compiled: Pick<CompiledQuery, 'query' | 'sql'>): Set<string> {
  const tables = new Set<string>();
  const kind = compiled.query?.kind;
  if (kind !== undefined && WRITES.has(kind)) tablesIn(compiled.query, tables);
  else if (kind === 'RawNode' || kind === undefined) for (const m of compiled.sql.matchAll(RAW_WRITE)) tables.add(m[1]!.toLowerCase());
  return tables;
}

function bump(tables: Iterable<string>): void {
  for (const t of tables) versions.set(t, (versions.get(t) ?? 0) + 1);
}

/** A number that changes whenever this process writes any of these tables. */
export function writeVersion(...tables: string[]): number {
  let v = 0;
  for (const t of tables) v += versions.get(t) ?? 0;
  return v;
}

/** The dialect with write versions kept on every statement, commit and rollback of its connections. */
export function trackWriteVersions(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new VersionedDriver(dialect.createDriver()),
    createIntrospector: (db: Parameters<Dialect['createIntrospector']>[0]) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

class VersionedConnection implements DatabaseConnection {
  /** Tables written inside the open transaction (null outside one): moved again when it ends. */
  pending: Set<string> | null = null;
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const tables = writtenTables(compiled);
    if (tables.size === 0) return this.inner.executeQuery<R>(compiled);
    bump(tables);
    if (this.pending) for (const t of tables) this.pending.add(t);
    try {
      return await this.inner.executeQuery<R>(compiled);
    } finally {
      if (!this.pending) bump(tables);
    }
  }

  streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiled, chunkSize);
  }

  end(): void {
    if (this.pending) bump(this.pending);
    this.pending = null;
  }
}

class VersionedDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(private readonly inner: Driver) {
    const unwrap = (c: DatabaseConnection) => (c instanceof VersionedConnection ? c.inner : c);
    type SavepointFn = NonNullable<Driver['savepoint']>;
    const forward = (fn: SavepointFn | undefined): SavepointFn | undefined =>
      fn && ((c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) => fn.call(inner, unwrap(c), name, compile));
    this.savepoint = forward(inner.savepoint);
    this.rollbackToSavepoint = forward(inner.rollbackToSavepoint);
    this.releaseSavepoint = forward(inner.releaseSavepoint);
  }

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new VersionedConnection(await this.inner.acquireConnection());
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    const v = c as VersionedConnection;
    await this.inner.beginTransaction(v.inner, settings);
    v.pending = new Set();
  }
  async commitTransaction(c: DatabaseConnection) {
    const v = c as VersionedConnection;
    try {
      await this.inner.commitTransaction(v.inner);
    } finally {
      v.end();
    }
  }
  async rollbackTransaction(c: DatabaseConnection) {
    const v = c as VersionedConnection;
    try {
      await this.inner.rollbackTransaction(v.inner);
    } finally {
      v.end();
    }
  }
  releaseConnection(c: DatabaseConnection) {
    const v = c as VersionedConnection;
    v.end();
    return this.inner.releaseConnection(v.inner);
  }
  destroy() {
    return this.inner.destroy();
  }
}
