import type { NmbrsEmulator } from '../../../emulators/nmbrs/nmbrs-emulator.server.ts';
import type { Database } from '../../platform/db/client.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';

/**
 * The demo's Nmbrs: a local emulator (fixed seed and reference date) and an Nmbrs integration of the demo
 * company connected through the real authorization-code connect (the consent page) (start → the emulator's consent page, answered here as the
 * payroll account → callback), its first company chosen. The emulator keeps tokens in memory, so a restart
 * connects again with the stored form (reconnect). The emulator comes from the registry, loaded on demand.
 */
export async function startDemoNmbrs(db: Database, services: Services, tenantId: string, opts: { port: number; employees?: number }) {
  const { EMULATORS } = await import('../../../emulators/registry.ts');
  const { answerConsentPage } = await import('../../../emulators/nmbrs/nmbrs-emulator.consent-page.ts');
  const start = (port: number) => EMULATORS.nmbrs.start({ port, host: '127.0.0.1', latencyMs: 0, faults: 0, seed: 2026, employees: opts.employees ?? 40, companies: 2 });
  const emulator = await start(opts.port).catch(() => start(0));
  const em = emulator.native as NmbrsEmulator;
  const actor = await systemActorFor(db, tenantId, 'demo');
  const existing = await db.selectFrom('integrations').select(['id']).where('tenant_id', '=', tenantId).where('vendor', '=', 'nmbrs').executeTakeFirst();
  const redirectUri = 'http://127.0.0.1/settings/integrations/oauth/callback';
  const started = await services.integrationAuthorization.start(actor, {
    vendor: 'nmbrs',
    redirectUri,
    baseUrl: em.url,
    ...(existing
      ? { integrationId: existing.id }
      : { name: 'Nmbrs (demo)', credentials: { subscriptionKey: em.subscriptionKey } }),
  });
  // The consent page, answered as the payroll administration's account (every debtor).
  const location = await answerConsentPage(started.authorizeUrl, 'salarisadministratie@example.nl');
  const done = await services.integrationAuthorization.callback(actor, { state: location.searchParams.get('state') ?? '', code: location.searchParams.get('code') ?? '' });
  if (!done.integration.accountScope) {
    const company = done.accounts.find((a) => a.kind === 'company');
    if (company) await services.integrations.setScope(actor, done.integration.id, [company.id]);
  }
  return { url: em.url, subscriptionKey: em.subscriptionKey, integrationId: done.integration.id, close: () => emulator.close() };
}
