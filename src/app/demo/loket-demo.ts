import type { LoketEmulator } from '../../../emulators/loket/loket-emulator.server.ts';
import type { Database } from '../../platform/db/client.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';

/**
 * The demo's Loket.nl (issue 11): a local emulator (fixed seed; one employer, this year's payroll periods)
 * and a Loket integration of the demo company connected to it with the seed's form — user name, password and
 * environment code, exchanged for tokens and never stored. The emulator forgets its tokens when it stops, so
 * every start logs in again (the integration keeps its mappings, links and sent periods).
 */
export async function startDemoLoket(db: Database, services: Services, tenantId: string, opts: { port: number; employees?: number }) {
  const { EMULATORS } = await import('../../../emulators/registry.ts');
  const start = (port: number) => EMULATORS.loket.start({ port, host: '127.0.0.1', latencyMs: 0, faults: 0, seed: 2026, employers: 1, employees: opts.employees ?? 25 });
  const emulator = await start(opts.port).catch(() => start(0));
  const em = emulator.native as LoketEmulator;
  const actor = await systemActorFor(db, tenantId, 'demo');
  const form = { username: em.login.username, password: em.login.password, environment: 'DEMO' };
  const existing = await db.selectFrom('integrations').select('id').where('tenant_id', '=', tenantId).where('vendor', '=', 'loket').executeTakeFirst();
  if (!existing) {
    await services.integrations.create(actor, { vendor: 'loket', name: 'Loket.nl (demo)', baseUrl: em.apiUrl, credentials: form, settings: { notificationEmails: ['salaris@demo.koppel.test'] } });
  } else {
    await services.integrations.update(actor, existing.id, { baseUrl: em.apiUrl, credentials: form });
  }
  return Object.assign(emulator, { apiUrl: em.apiUrl, login: em.login });
}
