import { oauthEndpoints, type OAuthVendor } from '../../connectors/oauth-vendors.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';
import { DEMO_USERS } from './seed.ts';
import { seedRecruitingDemo } from './recruiting-demo.ts';

/**
 * The demo's calendar and video stand-ins (F-54): Google Calendar, Microsoft Graph, Zoom and GoToMeeting
 * emulators on fixed ports (a free port when taken), with the demo company's OAuth apps pointed at them,
 * plus the recruiting demo data the first time. Interviewers then connect their calendars through the
 * real OAuth flow: Koppel redirects to the emulator's consent page and back. The emulators come from
 * the registry, loaded on demand (the product never imports an emulator statically).
 */
export async function startDemoRecruiting(services: Services, tenantId: string, opts: { basePort?: number } = {}) {
  const base = opts.basePort ?? 4020;
  const actor = await systemActorFor(services.db, tenantId, 'demo');
  // The demo's own logins can connect too (the recruiter and the owner), next to the seeded interviewers.
  const extra = DEMO_USERS.map((u) => ({ email: u.email, name: u.name, timeZone: 'Europe/Amsterdam' }));

  const { EMULATORS } = await import('../../../emulators/registry.ts');
  const vendors: OAuthVendor[] = ['google', 'microsoft', 'zoom', 'gotomeeting'];
  const emulators = {} as Record<OAuthVendor, { emulator: { url: string; close(): Promise<void> }; client: { clientId: string; clientSecret: string } }>;
  for (const [i, kind] of vendors.entries()) {
    const start = (port: number) => EMULATORS[kind].start({ port, host: '127.0.0.1', latencyMs: 0, faults: 0, seed: 2026, extraUsers: extra });
    // Port taken (another demo?): any free port works, the OAuth app is pointed at it below.
    const emulator = await start(base === 0 ? 0 : base + i).catch(() => start(0));
    emulators[kind] = { emulator, client: emulator.credentials };
  }
  for (const [kind, { emulator, client }] of Object.entries(emulators) as Array<[OAuthVendor, (typeof emulators)[OAuthVendor]]>) {
    const ep = oauthEndpoints(kind, emulator.url);
    await services.recruiting.connections.putOauthApp(actor, kind, {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authorizeUrl: ep.authorizeUrl,
      tokenUrl: ep.tokenUrl,
      apiBaseUrl: ep.apiBase,
    });
  }

  const hasJobs = await services.db.selectFrom('recruiting_jobs').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (!hasJobs) await seedRecruitingDemo(services, tenantId);

  return {
    urls: Object.fromEntries(Object.entries(emulators).map(([k, v]) => [k, v.emulator.url])) as Record<OAuthVendor, string>,
    async close() {
      await Promise.allSettled(Object.values(emulators).map((e) => e.emulator.close()));
    },
  };
}
