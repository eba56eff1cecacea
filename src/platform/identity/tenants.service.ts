import type { Database } from '../db/client.ts';
import type { Locale } from '../db/schema.ts';
import { type Actor, systemActor } from '../../domain/actor.ts';
import { zoneForCountry } from '../../domain/tenant-zone.ts';
import { hashPassword } from './auth.service.ts';

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
