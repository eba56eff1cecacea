import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { OAuthClient } from './oauth-server.ts';

/**
 * `koppel emulator google|microsoft|zoom|gotomeeting --port P [--seed S] [--latency-ms L] ...`:
 * starts one calendar/video emulator and prints its URL, OAuth endpoints, client credentials and
 * demo accounts. Returns the running emulator so the caller owns shutdown.
 */

export const PROVIDER_EMULATORS = ['google', 'microsoft', 'zoom', 'gotomeeting'] as const;
export type ProviderEmulatorName = (typeof PROVIDER_EMULATORS)[number];

const DEFAULT_PORTS: Record<ProviderEmulatorName, number> = { google: 4020, microsoft: 4021, zoom: 4022, gotomeeting: 4023 };

const flagsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.coerce.number().int().optional(),
  latencyMs: z.coerce.number().int().min(0).default(0),
  faults: z.coerce.number().min(0).max(1).default(0),
  tokenTtlSeconds: z.coerce.number().int().min(1).optional(),
  user: z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address')).default([]),
  autoApprove: z.boolean().default(false),
});

export function providerEmulatorUsage(vendor: ProviderEmulatorName): string {
  return `Usage: koppel emulator ${vendor} [options]

  --port P               port to listen on (default ${DEFAULT_PORTS[vendor]}; 0 = any free port)
  --host H               interface to bind (default 127.0.0.1)
  --seed S               seed demo data (busy time / meetings) for the demo accounts
  --latency-ms L         delay added to every response (default 0)
  --faults RATE          share 0..1 of API calls answered 429 (Retry-After 1) or 503; OAuth endpoints spared
  --token-ttl-seconds T  access-token lifetime (default 3599)
  --user EMAIL           an extra account (repeatable)
  --auto-approve         skip the consent page when login_hint names an account
  -h, --help             show this help

Test hooks: GET/POST /_emulator/users, POST /_emulator/tokens|revoke|expire-tokens {user},
POST/DELETE /_emulator/faults {status,method?,path?,times?,retryAfterSeconds?,afterCommit?}${
    vendor === 'google' || vendor === 'microsoft'
      ? ',\nPOST /_emulator/calendars/{user}/busy, POST /_emulator/calendars/{user}/respond, GET /_emulator/calendars/{user}/events'
      : ',\nGET /_emulator/meetings[?user=]'
  }`;
}

export interface RunningProviderEmulator {
  url: string;
  close(): Promise<void>;
}

export async function runProviderEmulatorCli(vendor: ProviderEmulatorName, argv: readonly string[], io: { log: (line: string) => void } = { log: (l) => console.log(l) }): Promise<RunningProviderEmulator | null> {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      seed: { type: 'string', short: 's' },
      'latency-ms': { type: 'string' },
      faults: { type: 'string' },
      'token-ttl-seconds': { type: 'string' },
      user: { type: 'string', multiple: true },
      'auto-approve': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.log(providerEmulatorUsage(vendor));
    return null;
  }
  const parsed = flagsSchema.safeParse({
    port: values.port,
    host: values.host,
    seed: values.seed,
    latencyMs: values['latency-ms'],
    faults: values.faults,
    tokenTtlSeconds: values['token-ttl-seconds'],
    user: values.user,
    autoApprove: values['auto-approve'],
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`);
    throw new Error(`Invalid options\n${problems.join('\n')}\n\n${providerEmulatorUsage(vendor)}`);
  }
  const f = parsed.data;
  const common = {
    port: f.port ?? DEFAULT_PORTS[vendor],
    host: f.host,
    latencyMs: f.latencyMs,
    faultRate: f.faults,
    autoApprove: f.autoApprove,
    ...(f.seed !== undefined ? { seed: f.seed } : {}),
    ...(f.tokenTtlSeconds ? { accessTokenTtlSeconds: f.tokenTtlSeconds } : {}),
  };
  let em: { url: string; authorizeUrl: string; tokenUrl: string; client: OAuthClient; users(): Array<{ email: string; name: string; timeZone: string }>; addUser(u: { email: string }): unknown; close(): Promise<void> };
  let apiBase: string;
  switch (vendor) {
    case 'google': {
      const { startGoogleCalendarEmulator } = await import('../google/google-emulator.ts');
      em = await startGoogleCalendarEmulator(common);
      apiBase = `${em.url}/calendar/v3`;
      break;
    }
    case 'microsoft': {
      const { startGraphEmulator } = await import('../microsoft/graph-emulator.ts');
      em = await startGraphEmulator(common);
      apiBase = `${em.url}/v1.0`;
      break;
    }
    case 'zoom': {
      const { startZoomEmulator } = await import('../zoom/zoom-emulator.ts');
      em = await startZoomEmulator(common);
      apiBase = `${em.url}/v2`;
      break;
    }
    case 'gotomeeting': {
      const { startGoToMeetingEmulator } = await import('../gotomeeting/gotomeeting-emulator.ts');
      em = await startGoToMeetingEmulator(common);
      apiBase = `${em.url}/G2M/rest/v2`;
      break;
    }
  }
  for (const email of f.user) em.addUser({ email });
  io.log(`${vendor} emulator listening on ${em.url}`);
  io.log(`  API:        ${apiBase}   (provider baseUrl: ${em.url})`);
  io.log(`  authorize:  ${em.authorizeUrl}`);
  io.log(`  token:      ${em.tokenUrl}`);
  io.log(`  client id:  ${em.client.clientId}   client secret: ${em.client.clientSecret}`);
  io.log('  accounts (pick one on the consent page):');
  for (const u of em.users()) io.log(`    ${u.email.padEnd(34)} ${u.name} (${u.timeZone})`);
  io.log(`  latency ${f.latencyMs} ms, faults ${Math.round(f.faults * 100)} %${f.seed !== undefined ? `, demo data seeded (seed ${f.seed})` : ''}; test hooks under ${em.url}/_emulator/ (see --help)`);
  return em;
}
