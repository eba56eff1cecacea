import type { Database } from '../db/client.ts';
import { auditRepository } from './audit.repository.ts';
import { type Actor, requireRole } from '../../domain/actor.ts';

/** The audit log (F-55): who changed what, for admins. */
export function createAuditService(db: Database) {
  return {
    async list(actor: Actor, filter: { entityType?: string; entityId?: string; limit: number; offset: number }) {
      requireRole(actor, 'admin');
      const { rows, total } = await auditRepository.list(db, actor.tenantId, filter);
      return {
        items: rows.map((r) => ({
          id: Number(r.id),
          actorType: r.actor_type,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          changes: (r.changes ?? null) as Record<string, unknown> | null,
          createdAt: r.created_at,
        })),
        total,
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
