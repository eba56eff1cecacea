import { oauthEndpoints, type OAuthVendor } from '../../connectors/oauth-vendors.ts';
import { GOOGLE_DEFAULT_CLIENT, GOOGLE_DEMO_USERS, startGoogleCalendarEmulator } from '../../../emulators/google/google-emulator.ts';
import { GOTO_DEFAULT_CLIENT, GOTO_DEMO_USERS, startGoToMeetingEmulator } from '../../../emulators/gotomeeting/gotomeeting-emulator.ts';
import { GRAPH_DEFAULT_CLIENT, GRAPH_DEMO_USERS, startGraphEmulator } from '../../../emulators/microsoft/graph-emulator.ts';
import { ZOOM_DEFAULT_CLIENT, ZOOM_DEMO_USERS, startZoomEmulator } from '../../../emulators/zoom/zoom-emulator.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';
import { DEMO_USERS } from './seed.ts';
import { seedRecruitingDemo } from './recruiting-demo.ts';

type Emulator = { url: string; close(): Promise<void> };

/**
 * The demo's calendar and video stand-ins (F-54): Google Calendar, Microsoft Graph, Zoom and GoToMeeting
 * emulators on fixed ports (a free port when taken), with the demo company's OAuth apps pointed at them,
 * plus the recruiting demo data the first time. Interviewers then connect their calendars through the
 * real OAuth flow: Koppel redirects to the emulator's consent page and back.
 */
export async function startDemoRecruiting(services: Services, tenantId: string, opts: { basePort?: number } = {}) {
  const base = opts.basePort ?? 4020;
  const actor = await systemActorFor(services.db, tenantId, 'demo');
  // The demo's own logins can connect too (the recruiter and the owner), next to the seeded interviewers.
  const extra = DEMO_USERS.map((u) => ({ email: u.email, name: u.name, timeZone: 'Europe/Amsterdam' }));
  const withExtra = <U extends { email: string }>(users: U[]) => [...users, ...extra.filter((e) => !users.some((u) => u.email === e.email))];

  async function onPort<E extends Emulator>(port: number, start: (port: number) => Promise<E>): Promise<E> {
    // Port taken (another demo?): any free port works, the OAuth app is pointed at it below.
    return start(port).catch(() => start(0));
  }
  const google = await onPort(base, (port) => startGoogleCalendarEmulator({ port, users: withExtra(GOOGLE_DEMO_USERS), seed: 2026 }));
  const microsoft = await onPort(base + 1, (port) => startGraphEmulator({ port, users: withExtra(GRAPH_DEMO_USERS), seed: 2026 }));
  const zoom = await onPort(base + 2, (port) => startZoomEmulator({ port, users: withExtra(ZOOM_DEMO_USERS), seed: 2026 }));
  const gotomeeting = await onPort(base + 3, (port) => startGoToMeetingEmulator({ port, users: withExtra(GOTO_DEMO_USERS), seed: 2026 }));
  const emulators: Record<OAuthVendor, { emulator: Emulator; client: { clientId: string; clientSecret: string } }> = {
    google: { emulator: google, client: GOOGLE_DEFAULT_CLIENT },
    microsoft: { emulator: microsoft, client: GRAPH_DEFAULT_CLIENT },
    zoom: { emulator: zoom, client: ZOOM_DEFAULT_CLIENT },
    gotomeeting: { emulator: gotomeeting, client: GOTO_DEFAULT_CLIENT },
  };
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
