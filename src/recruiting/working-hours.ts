import type { Database } from '../platform/db/client.ts';
import { auditRepository } from '../platform/audit/audit.repository.ts';
import { AppError, invalidField, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/actor.ts';
import { isStaff } from './access.ts';
import type { IsoWeekday, WorkingHours } from '../domain/slots/working-hours.ts';

/**
 * Working hours per user (migration 021): one local range per ISO weekday in the user's own zone, used by
 * availability, the slot search, replacements and smart links. No row means 09:00–17:00 Monday to Friday.
 */

export type WorkingDay = { weekday: IsoWeekday; start: string; end: string };
export const DEFAULT_DAYS: WorkingDay[] = ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function hoursFromDays(days: readonly WorkingDay[]): WorkingHours {
  const weekly: Partial<Record<IsoWeekday, { start: string; end: string }[]>> = {};
  for (const d of days) weekly[d.weekday] = [{ start: d.start, end: d.end }];
  return { weekly };
}

/** Working hours of these users; users without a row get the default. */
export async function loadWorkingHours(db: Database, tenantId: string, userIds: string[]): Promise<Map<string, WorkingHours>> {
  const out = new Map<string, WorkingHours>();
  const rows = userIds.length ? await db.selectFrom('recruiting_working_hours').select(['user_id', 'days']).where('tenant_id', '=', tenantId).where('user_id', 'in', userIds).execute() : [];
  for (const id of userIds) {
    const row = rows.find((r) => r.user_id === id);
    out.set(id, hoursFromDays(row ? (row.days as WorkingDay[]) : DEFAULT_DAYS));
  }
  return out;
}

/** Ranges within one day only (start < end, no overnight shift): an interview never spans midnight. */
function checkDays(days: readonly WorkingDay[]): WorkingDay[] {
  const seen = new Set<number>();
  for (const [i, d] of days.entries()) {
    if (seen.has(d.weekday)) throw invalidField(`days.${i}.weekday`, 'weekday_twice');
    seen.add(d.weekday);
    if (!HHMM.test(d.start)) throw invalidField(`days.${i}.start`, 'time_hhmm');
    if (!HHMM.test(d.end)) throw invalidField(`days.${i}.end`, 'time_hhmm');
    if (d.end <= d.start) throw invalidField(`days.${i}.end`, 'end_before_start');
  }
  return [...days].sort((a, b) => a.weekday - b.weekday).map((d) => ({ weekday: d.weekday, start: d.start, end: d.end }));
}

export function createWorkingHoursService(db: Database) {
  /** Your own hours, or staff (recruiters) for anyone in the tenant; other tenants' users do not exist. */
  async function target(actor: Actor, userId: string) {
    const user = await db.selectFrom('users').select(['id', 'time_zone']).where('tenant_id', '=', actor.tenantId).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user');
    if (user.id !== actor.userId && !isStaff(actor)) throw new AppError('forbidden');
    return user;
  }
  async function view(tenantId: string, user: { id: string; time_zone: string }) {
    const row = await db.selectFrom('recruiting_working_hours').select('days').where('tenant_id', '=', tenantId).where('user_id', '=', user.id).executeTakeFirst();
    return { userId: user.id, timeZone: user.time_zone, isDefault: !row, days: row ? (row.days as WorkingDay[]) : DEFAULT_DAYS };
  }
  return {
    async get(actor: Actor, userId: string) {
      return view(actor.tenantId, await target(actor, userId));
    },
    async put(actor: Actor, userId: string, input: { days: WorkingDay[] }) {
      const user = await target(actor, userId);
      const days = checkDays(input.days);
      await db.transaction().execute(async (trx) => {
        const old = await trx.selectFrom('recruiting_working_hours').select('days').where('tenant_id', '=', actor.tenantId).where('user_id', '=', user.id).executeTakeFirst();
        await trx
          .insertInto('recruiting_working_hours')
          .values({ tenant_id: actor.tenantId, user_id: user.id, days: JSON.stringify(days), updated_at: new Date() })
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ days: JSON.stringify(days), updated_at: new Date() }))
          .execute();
        await auditRepository.record(trx, actor, 'update', 'working_hours', user.id, { days: { old: old?.days ?? DEFAULT_DAYS, new: days } });
      });
      return view(actor.tenantId, user);
    },
  };
}
export type WorkingHoursService = ReturnType<typeof createWorkingHoursService>;
