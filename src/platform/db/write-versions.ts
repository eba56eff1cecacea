import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * How often this process has written each table (insert, update, delete, merge through Kysely), for caches of
 * derived figures such as the employee list's counts: a cached figure is good while the versions of the tables
 * it reads have not moved. Only this process's writes are seen — writes by another process (a separate worker,
 * a second web process) and the commit of a transaction still open when the figure was read are not, so such a
 * cache must also expire after a short time. Installed on every database openDatabase returns.
 */
const versions = new Map<string, number>();

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

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

export const writeVersionsPlugin: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (WRITES.has(args.node.kind)) {
      const tables = new Set<string>();
      tablesIn(args.node, tables);
      for (const t of tables) versions.set(t, (versions.get(t) ?? 0) + 1);
    }
    return args.node;
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  },
};

/** A number that changes whenever this process writes any of these tables. */
export function writeVersion(...tables: string[]): number {
  let v = 0;
  for (const t of tables) v += versions.get(t) ?? 0;
  return v;
}
