import type { Actor } from '../../domain/actor.ts';
import type { Database } from '../../platform/db/client.ts';
import type { CorrectionSubject } from '../../platform/db/schema.ts';
import type { DayLock, PeriodLocks } from '../../workforce/period-locks.ts';

/**
 * The workforce's PeriodLocks port over the outbound journal (F-25): a day in outbound_period_locks is sent
 * for the subjects its export carries; a write on it is recorded in outbound_corrections, which the next send
 * of that kind covering the day marks carried (outbound.service send → markCarried).
 */

/** What each export kind carries. Kinds not listed: by their suffix, and when that says nothing, both (the safe side). */
const KIND_SUBJECTS: Record<string, readonly CorrectionSubject[]> = {
  'personio.attendance': ['shift'],
  'nmbrs.hours': ['shift'],
  'loket.payroll': ['shift', 'absence'],
};

export function kindCarries(kind: string, subject: CorrectionSubject): boolean {
  const listed = KIND_SUBJECTS[kind];
  if (listed) return listed.includes(subject);
  if (/\.(attendance|hours)$/.test(kind)) return subject === 'shift';
  if (/\.absences?$/.test(kind)) return subject === 'absence';
  return true;
}

export function createPeriodLocks(): PeriodLocks {
  return {
    async lockedOn(db: Database, tenantId: string, subject: CorrectionSubject, days: readonly string[]): Promise<DayLock[]> {
      if (days.length === 0) return [];
      const rows = await db
        .selectFrom('outbound_period_locks as l')
        .innerJoin('integrations as i', (j) => j.onRef('i.id', '=', 'l.integration_id').on('i.tenant_id', '=', tenantId))
        .select(['l.integration_id', 'i.name', 'l.kind', 'l.day', 'l.sent_at'])
        .where('l.tenant_id', '=', tenantId)
        .where('l.day', 'in', [...days])
        .orderBy('l.day')
        .execute();
      return rows
        .filter((r) => kindCarries(r.kind, subject))
        .map((r) => ({ integrationId: r.integration_id, integrationName: r.name, kind: r.kind, day: String(r.day).slice(0, 10), sentAt: r.sent_at }));
    },

    async recordCorrections(db, actor: Actor, entries) {
      if (entries.length === 0) return;
      for (let i = 0; i < entries.length; i += 500) {
        await db
          .insertInto('outbound_corrections')
          .values(
            entries.slice(i, i + 500).map((e) => ({
              tenant_id: actor.tenantId,
              integration_id: e.lock.integrationId,
              kind: e.lock.kind,
              subject_type: e.subjectType,
              subject_id: e.subjectId,
              day: e.lock.day,
              action: e.action,
              actor_type: actor.type,
              actor_id: actor.userId ?? actor.id,
              actor_name: actor.name,
              before: e.before ? JSON.stringify(e.before) : null,
              after: e.after ? JSON.stringify(e.after) : null,
              reason: e.reason ?? null,
            })),
          )
          .execute();
      }
    },
  };
}
