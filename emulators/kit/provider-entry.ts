import { z } from 'zod';
import { defineEmulator, type EmulatorEntry } from './emulator-entry.ts';
import type { OAuthProviderEmulator, ProviderEmulatorOptions } from './oauth-server.ts';

/**
 * Registry entries for the OAuth calendar/video emulators (Google, Microsoft, Zoom, GoToMeeting):
 * the same flags and banner for all four; each names its start function (loaded on demand), its
 * API path and its extra test hooks.
 */

type ProviderHandle = OAuthProviderEmulator<string>;

const providerSchema = z.object({
  tokenTtlSeconds: z.coerce.number().int().min(1).optional(),
  user: z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address')).default([]),
  autoApprove: z.boolean().default(false),
  /** Not a flag: accounts with names and zones (the demo adds its own logins this way). */
  extraUsers: z.array(z.object({ email: z.string(), name: z.string(), timeZone: z.string() })).optional(),
});
export type ProviderVendorOptions = z.infer<typeof providerSchema>;

export function providerEmulator(spec: {
  name: string;
  defaultPort: number;
  /** Path of the API under the base URL, for the banner (`/calendar/v3`). */
  apiPath: string;
  hooksHelp: string;
  load: () => Promise<(opts: ProviderEmulatorOptions) => Promise<ProviderHandle>>;
}): EmulatorEntry<ProviderVendorOptions> {
  return defineEmulator({
    name: spec.name,
    defaultPort: spec.defaultPort,
    faultsHelp: 'share 0..1 of API calls answered 429 (Retry-After 1) or 503, or a JSON fault profile; OAuth endpoints spared',
    cliOptions: {
      'token-ttl-seconds': { type: 'string', value: 'T', help: 'access-token lifetime (default 3599)' },
      user: { type: 'string', multiple: true, value: 'EMAIL', help: 'an extra account (repeatable)' },
      'auto-approve': { type: 'boolean', help: 'skip the consent page when login_hint names an account' },
    },
    cliSchema: providerSchema,
    usageNotes: `Test hooks: GET/POST /_emulator/users, POST /_emulator/tokens|revoke|expire-tokens {user},
POST/DELETE /_emulator/faults {kind?,status?,method?,path?,times?,retryAfterSeconds?,afterCommit?}, PUT /_emulator/profile {…},
GET /_emulator/requests${spec.hooksHelp}`,
    async start(o) {
      const start = await spec.load();
      const em = await start({
        port: o.port,
        host: o.host,
        latencyMs: o.latencyMs,
        faults: o.faults,
        autoApprove: o.autoApprove ?? false,
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.tokenTtlSeconds ? { accessTokenTtlSeconds: o.tokenTtlSeconds } : {}),
      });
      const known = (email: string) => em.users().some((u) => u.email.toLowerCase() === email.toLowerCase());
      for (const email of o.user ?? []) if (!known(email)) em.addUser({ email });
      for (const u of o.extraUsers ?? []) if (!known(u.email)) em.addUser(u);
      const faults = typeof o.faults === 'number' ? `${Math.round(o.faults * 100)} %` : `profile ${JSON.stringify(o.faults)}`;
      return {
        name: spec.name,
        url: em.url,
        credentials: { clientId: em.client.clientId, clientSecret: em.client.clientSecret },
        banner: [
          `${spec.name} emulator listening on ${em.url}`,
          `  API:        ${em.url}${spec.apiPath}   (provider baseUrl: ${em.url})`,
          `  authorize:  ${em.authorizeUrl}`,
          `  token:      ${em.tokenUrl}`,
          `  client id:  ${em.client.clientId}   client secret: ${em.client.clientSecret}`,
          '  accounts (pick one on the consent page):',
          ...em.users().map((u) => `    ${u.email.padEnd(34)} ${u.name} (${u.timeZone})`),
          `  latency ${o.latencyMs} ms, faults ${faults}${o.seed !== undefined ? `, demo data seeded (seed ${o.seed})` : ''}; test hooks under ${em.url}/_emulator/ (see --help)`,
        ],
        native: em,
        close: () => em.close(),
      };
    },
  });
}
