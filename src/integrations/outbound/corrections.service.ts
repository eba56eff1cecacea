import { type Actor, requireRole } from '../../domain/actor.ts';
import { notFound } from '../../domain/errors.ts';
import type { Database } from '../../platform/db/client.ts';
import type { CorrectionSubject } from '../../platform/db/schema.ts';
import { kindCarries } from './period-locks.ts';

/**
 * Reading side of F-25: the corrections of an integration (recorded by the workforce through the PeriodLocks
 * port, carried by a later send) and the sent days of a date range (marked in the shift list).
 */
export function createCorrectionsService(db: Database) {
  return {
    async list(actor: Actor, integrationId: string, o: { open?: boolean; limit?: number } = {}) {
      requireRole(actor, 'hours');
      const integration = await db.selectFrom('integrations').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', integrationId).executeTakeFirst();
      if (!integration) throw notFound('integration');
      let q = db
        .selectFrom('outbound_corrections')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', integrationId);
      if (o.open === true) q = q.where('carried_at', 'is', null);
      if (o.open === false) q = q.where('carried_at', 'is not', null);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(o.limit ?? 200).execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        day: String(r.day).slice(0, 10),
        action: r.action,
        actorName: r.actor_name,
        before: (r.before ?? null) as Record<string, unknown> | null,
        after: (r.after ?? null) as Record<string, unknown> | null,
        reason: r.reason,
        createdAt: r.created_at,
        carriedAt: r.carried_at,
        carriedRunId: r.carried_run_id,
      }));
    },

    /** Sent days between two dates, per integration and kind (only kinds that carry `subject`, if given), for marking them in lists. */
    async lockedDays(actor: Actor, from: string, to: string, subject?: CorrectionSubject) {
      requireRole(actor, 'workforceRead');
      const rows = await db
        .selectFrom('outbound_period_locks as l')
        .innerJoin('integrations as i', (j) => j.onRef('i.id', '=', 'l.integration_id').on('i.tenant_id', '=', actor.tenantId))
        .select(['l.day', 'l.integration_id', 'i.name', 'l.kind', 'l.sent_at'])
        .where('l.tenant_id', '=', actor.tenantId)
        .where('l.day', '>=', from)
        .where('l.day', '<=', to)
        .orderBy('l.day')
        .limit(5000)
        .execute();
      return rows.filter((r) => !subject || kindCarries(r.kind, subject)).map((r) => ({ day: String(r.day).slice(0, 10), integrationId: r.integration_id, integrationName: r.name, kind: r.kind, sentAt: r.sent_at }));
    },
  };
}
export type CorrectionsService = ReturnType<typeof createCorrectionsService>;
