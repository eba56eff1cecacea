import type { Database } from '../db/client.ts';
import type { Locale } from '../db/schema.ts';
import { type Actor, requireRole, systemActor } from '../../domain/actor.ts';
import { invalidField } from '../../domain/errors.ts';
import { auditRepository, diffRecords } from '../audit/audit.repository.ts';
import { nextDailyRun } from '../jobs/worker.ts';
import { isIanaZone, type TenantCountry, zoneForCountry } from '../../domain/tenant-zone.ts';
import { hashPassword } from './password.ts';

/** The tenant's zone (tenants.time_zone). */
export async function tenantTimeZone(db: Database, tenantId: string): Promise<string> {
  const t = await db.selectFrom('tenants').select('time_zone').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return t.time_zone;
}

/** An Actor for work Koppel does on its own (jobs, demo, CLI) in a tenant, with the tenant's zone. */
export async function systemActorFor(db: Database, tenantId: string, name = 'system'): Promise<Actor> {
  return systemActor(tenantId, await tenantTimeZone(db, tenantId), name);
}

/** Installation-level: creating a tenant and its first owner (CLI, demo, tests). Not exposed over HTTP. */
export async function createTenantWithOwner(
  db: Database,
  input: { tenantName: string; locale?: Locale; country?: 'NL' | 'DE'; timeZone?: string; ownerEmail: string; ownerName: string; password: string },
) {
  if (input.timeZone !== undefined && !isIanaZone(input.timeZone)) throw invalidField('timeZone', 'unknown_time_zone');
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const tenant = await trx
      .insertInto('tenants')
      .values({ name: input.tenantName, locale: input.locale ?? 'nl', country: input.country ?? 'NL', time_zone: input.timeZone ?? zoneForCountry(input.country ?? 'NL') })
      .returningAll()
      .executeTakeFirstOrThrow();
    const owner = await trx
      .insertInto('users')
      .values({ tenant_id: tenant.id, email: input.ownerEmail, name: input.ownerName, role: 'owner', password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { tenant, owner };
  });
}

export type CompanySettings = { name: string; locale: Locale; country: TenantCountry; timeZone: string };
export type CompanySettingsInput = Partial<CompanySettings>;

/**
 * The company's own settings (Settings → Organisation → Company). The time zone decides "today" for the
 * whole company, when its nightly jobs run and how dates read in its mails; changing it moves the
 * company's schedules to the same local time in the new zone.
 */
export function createCompanyService(db: Database) {
  const read = async (tenantId: string): Promise<CompanySettings> => {
    const t = await db.selectFrom('tenants').select(['name', 'locale', 'country', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    return { name: t.name, locale: t.locale, country: t.country, timeZone: t.time_zone };
  };
  return {
    get(actor: Actor): Promise<CompanySettings> {
      requireRole(actor, 'everyone');
      return read(actor.tenantId);
    },
    async update(actor: Actor, input: CompanySettingsInput): Promise<CompanySettings> {
      requireRole(actor, 'admin');
      if (input.timeZone !== undefined && !isIanaZone(input.timeZone)) throw invalidField('timeZone', 'unknown_time_zone');
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('tenants').selectAll().where('id', '=', actor.tenantId).forUpdate().executeTakeFirstOrThrow();
        const after = await trx
          .updateTable('tenants')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.locale !== undefined ? { locale: input.locale } : {}),
            ...(input.country !== undefined ? { country: input.country } : {}),
            ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
          })
          .where('id', '=', actor.tenantId)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (after.time_zone !== before.time_zone) {
          const schedules = await trx.selectFrom('job_schedules').select(['key', 'daily_at_minute']).where('tenant_id', '=', actor.tenantId).execute();
          for (const s of schedules) {
            await trx
              .updateTable('job_schedules')
              .set({ time_zone: after.time_zone, next_run_at: nextDailyRun(s.daily_at_minute, after.time_zone, new Date()) })
              .where('key', '=', s.key)
              .execute();
          }
        }
        const pick = (t: typeof before) => ({ name: t.name, locale: t.locale, country: t.country, time_zone: t.time_zone });
        const changes = diffRecords(pick(before), pick(after));
        if (Object.keys(changes).length) await auditRepository.record(trx, actor, 'update', 'company', actor.tenantId, changes);
        return { name: after.name, locale: after.locale, country: after.country, timeZone: after.time_zone };
      });
    },
  };
}
