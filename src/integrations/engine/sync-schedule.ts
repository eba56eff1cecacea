import type { Database } from '../../platform/db/client.ts';
import { nextDailyRun } from '../../platform/jobs/worker.ts';
import { dateToWall, ianaZone, wallToEpoch } from '../../domain/time/zone-rules.ts';
import { INTEGRATION_SYNC_JOB, scheduleKey, } from './sync-keys.ts';
import { parseSettings } from './sync.types.ts';

/**
 * One job_schedules row per integration (F-14 nightly sync at its own time). Written whenever the
 * integration is created, reconfigured or (de)activated; the worker fires due rows. A sync start
 * date in the future moves the first run there.
 */
export async function upsertIntegrationSchedule(db: Database, integrationId: string, now = new Date()) {
  const row = await db
    .selectFrom('integrations as i')
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .select(['i.id', 'i.tenant_id', 'i.active', 'i.settings', 't.time_zone'])
    .where('i.id', '=', integrationId)
    .executeTakeFirst();
  if (!row) return;
  const settings = parseSettings(row.settings);
  const [h, m] = settings.syncTime.split(':').map(Number);
  const minute = h! * 60 + m!;
  const timeZone = row.time_zone;
  // The start date is a day in the company's zone: its first moment is local midnight there, not UTC's.
  const zone = ianaZone(timeZone);
  const startOfDay = settings.syncStartDate && zone ? new Date(wallToEpoch(zone, dateToWall(settings.syncStartDate))) : null;
  const startAfter = startOfDay && startOfDay > now ? startOfDay : now;
  const next = nextDailyRun(minute, timeZone, new Date(startAfter.getTime() - 1));
  const values = {
    key: scheduleKey(integrationId),
    name: INTEGRATION_SYNC_JOB,
    tenant_id: row.tenant_id,
    payload: JSON.stringify({ tenantId: row.tenant_id, integrationId, trigger: 'schedule' }),
    daily_at_minute: minute,
    time_zone: timeZone,
    next_run_at: next,
    enabled: row.active,
  };
  await db
    .insertInto('job_schedules')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet({ daily_at_minute: minute, time_zone: timeZone, next_run_at: next, enabled: row.active, payload: values.payload }))
    .execute();
}

export async function nextScheduledRun(db: Database, integrationId: string): Promise<Date | null> {
  const row = await db.selectFrom('job_schedules').select(['next_run_at', 'enabled']).where('key', '=', scheduleKey(integrationId)).executeTakeFirst();
  return row?.enabled ? row.next_run_at : null;
}
