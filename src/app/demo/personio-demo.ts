import type { Database } from '../../platform/db/client.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';

/**
 * The demo's Personio: a local emulator (fixed seed, so the same people come back on every start)
 * and, the first time, a Personio integration of the demo company pointing at it. The user then
 * walks the real flow: map, link, preview, apply. The emulator comes from the registry, loaded on
 * demand (the product never imports an emulator statically).
 */
export async function startDemoPersonio(db: Database, services: Services, tenantId: string, opts: { port: number; employees?: number }) {
  const { EMULATORS } = await import('../../../emulators/registry.ts');
  const start = (port: number) => EMULATORS.personio.start({ port, host: '127.0.0.1', latencyMs: 0, faults: 0, seed: 2026, employees: opts.employees ?? 80 });
  // Port taken (another demo?): any free port works, the integration is pointed at it below.
  const emulator = await start(opts.port).catch(() => start(0));
  const actor = await systemActorFor(db, tenantId, 'demo');
  const existing = await db.selectFrom('integrations').select(['id', 'base_url']).where('tenant_id', '=', tenantId).where('vendor', '=', 'personio').executeTakeFirst();
  if (!existing) {
    await services.integrations.create(actor, {
      vendor: 'personio',
      name: 'Personio (demo)',
      baseUrl: emulator.url,
      credentials: { clientId: emulator.credentials.clientId, clientSecret: emulator.credentials.clientSecret },
      settings: { notificationEmails: ['hr@demo.koppel.test'] },
    });
  } else if (existing.base_url !== emulator.url) {
    await services.integrations.update(actor, existing.id, { baseUrl: emulator.url });
  }
  return emulator;
}
