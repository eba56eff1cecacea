import type { Actor } from '../../domain/actor.ts';
import type { Database } from '../db/client.ts';
import { insertJsonRows } from '../db/json-rows.ts';

export type Change = { old: unknown; new: unknown };

/** Fields whose values never go into the audit log in clear text. */
const SENSITIVE = new Set(['bsn', 'bsn_encrypted', 'bsn_hash', 'password_hash', 'token_hash']);

export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, Change> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, Change> = {};
  for (const key of keys) {
    if (['updated_at', 'created_at', 'search_text', 'tenant_id', 'id'].includes(key)) continue;
    const o = before?.[key] ?? null;
    const n = after?.[key] ?? null;
    if (JSON.stringify(o) === JSON.stringify(n)) continue;
    changes[key] = SENSITIVE.has(key) ? { old: o === null ? null : '***', new: n === null ? null : '***' } : { old: o, new: n };
  }
  return changes;
}

export const auditRepository = {
  async record(
    db: Database,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string | null,
    changes: Record<string, unknown> | null = null,
  ) {
    await db
      .insertInto('audit_log')
      .values({
        tenant_id: actor.tenantId,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_name: actor.name,
        action,
        entity_type: entityType,
        entity_id: entityId,
        changes: changes ? JSON.stringify(changes) : null,
      })
      .execute();
  },

  /** Many entries by one actor in multi-row statements (a sync's batch). */
  async recordMany(db: Database, tenantId: string, actor: Actor, entries: { action: string; entityType: string; entityId: string | null; changes: unknown }[]) {
    if (actor.tenantId !== tenantId) throw new Error('audit entries for another tenant');
    await insertJsonRows(
      db,
      'audit_log',
      entries.map((e) => ({
        tenant_id: tenantId,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_name: actor.name,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        changes: e.changes ?? null,
      })),
    );
  },

  /** Whether anything was logged about the entity after `since`. */
  async hasEntrySince(db: Database, tenantId: string, entityType: string, entityId: string, since: Date): Promise<boolean> {
    const row = await db
      .selectFrom('audit_log')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .where('created_at', '>', since)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  async list(db: Database, tenantId: string, opts: { entityType?: string; entityId?: string; limit: number; offset: number }) {
    let q = db.selectFrom('audit_log').where('tenant_id', '=', tenantId);
    if (opts.entityType) q = q.where('entity_type', '=', opts.entityType);
    if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  },
};
