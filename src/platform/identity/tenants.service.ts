import type { Database } from '../db/client.ts';
import type { Locale } from '../db/schema.ts';
import { hashPassword } from './auth.service.ts';

/** Installation-level: creating a tenant and its first owner (CLI, demo, tests). Not exposed over HTTP. */
export async function createTenantWithOwner(
  db: Database,
  input: { tenantName: string; locale?: Locale; country?: 'NL' | 'DE'; ownerEmail: string; ownerName: string; password: string },
) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const tenant = await trx
      .insertInto('tenants')
      .values({ name: input.tenantName, locale: input.locale ?? 'nl', country: input.country ?? 'NL' })
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
