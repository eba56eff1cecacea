import type { Database } from '../../platform/db/client.ts';
import type { AbsenceLockPort, AbsenceTypeLock } from '../../workforce/absences.service.ts';
import { parseSettings } from '../engine/sync.types.ts';

/**
 * Which Koppel absence types an active integration's absence import manages (F-22): the mapped ones,
 * while `timeExchange.absences` is on; never a `not_plannable` type. Read from the settings each time,
 * so switching the import off (or deactivating the integration) unlocks at once.
 */
export function absenceLockPort(db: Database): AbsenceLockPort {
  return {
    async locks(tenantId, trx) {
      const q = trx ?? db;
      const integrations = await q.selectFrom('integrations').select(['id', 'name', 'settings']).where('tenant_id', '=', tenantId).where('active', '=', true).execute();
      const on = integrations.map((i) => ({ ...i, s: parseSettings(i.settings) })).filter((i) => i.s.timeExchange.absences && Object.keys(i.s.absenceImport.typeMap).length > 0);
      if (on.length === 0) return [];
      const types = new Map((await q.selectFrom('absence_types').select(['id', 'name', 'kind']).where('tenant_id', '=', tenantId).execute()).map((t) => [t.id, t]));
      const out: AbsenceTypeLock[] = [];
      for (const i of on) {
        for (const koppelId of new Set(Object.values(i.s.absenceImport.typeMap))) {
          const t = types.get(koppelId);
          if (t && t.kind !== 'not_plannable' && !out.some((o) => o.absenceTypeId === t.id)) out.push({ absenceTypeId: t.id, absenceTypeName: t.name, integrationId: i.id, integrationName: i.name });
        }
      }
      return out;
    },
  };
}
