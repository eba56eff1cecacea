import { z } from 'zod';
import { defineEmulator } from '../kit/emulator-entry.ts';

/**
 * Personio in the emulator registry: `koppel emulator personio --port P --employees N --seed S
 * [--latency-ms L] [--faults RATE] [--reference-date D] …`. The server module (and its data
 * generator) is loaded only when this emulator is started.
 */
export const personioEmulator = defineEmulator({
  name: 'personio',
  defaultPort: 4010,
  defaultSeed: 1,
  faultsHelp: 'share 0..1 of requests that fail (429, 5xx, timeout, expired token, malformed row), or a JSON fault profile',
  cliOptions: {
    employees: { type: 'string', short: 'n', value: 'N', help: 'number of employee records to generate (default 250)' },
    'client-id': { type: 'string', value: 'ID', help: 'accepted client id (default papi-emulator-client)' },
    'client-secret': { type: 'string', value: 'S', help: 'accepted client secret (default papi-emulator-secret)' },
    'reference-date': { type: 'string', value: 'D', help: 'the "today" the data is arranged around (default: today)' },
    'token-ttl-seconds': { type: 'string', value: 'T', help: 'token lifetime (default 86400)' },
    'rotate-tokens': { type: 'boolean', help: 'historic single-use tokens (the next one comes in the authorization header)' },
    'no-rate-limit': { type: 'boolean', help: 'switch the documented rate limits off' },
    'other-client-per-second': { type: 'string', value: 'N', help: 'another client of the company using N employee-list requests a second of the shared budget (default 0)' },
    'v1-attendances': { type: 'boolean', help: 'still serve the v1 attendance endpoints (shut down by Personio on 2026-08-30; default: 404)' },
  },
  cliSchema: z.object({
    employees: z.coerce.number().int().min(0).max(1_000_000).default(250),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    referenceDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    tokenTtlSeconds: z.coerce.number().int().min(1).optional(),
    rotateTokens: z.boolean().default(false),
    noRateLimit: z.boolean().default(false),
    otherClientPerSecond: z.coerce.number().min(0).max(15).optional(),
    v1Attendances: z.boolean().default(false),
  }),
  usageNotes: `Test hooks: POST/DELETE /_emulator/faults {kind?,status?,method?,path?,times?,afterCommit?}, PUT /_emulator/profile {rate429?,…},
POST /_emulator/expire-tokens, PUT /_emulator/other-client {perSecond}, GET/DELETE /_emulator/stats. \`kill -USR2 <pid>\` prints one \`stats {…}\` line.`,
  async start(o) {
    const { startPersonioEmulator } = await import('./personio-emulator.server.ts');
    const seed = o.seed ?? 1;
    const em = await startPersonioEmulator({
      port: o.port,
      host: o.host,
      employees: o.employees ?? 250,
      seed,
      latencyMs: o.latencyMs,
      faults: o.faults,
      ...(o.clientId ? { clientId: o.clientId } : {}),
      ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
      ...(o.referenceDate ? { referenceDate: o.referenceDate } : {}),
      ...(o.tokenTtlSeconds ? { tokenTtlSeconds: o.tokenTtlSeconds } : {}),
      rotateTokens: o.rotateTokens ?? false,
      ...(o.noRateLimit ? { rateLimit: false as const } : {}),
      ...(o.otherClientPerSecond ? { otherClientPerSecond: o.otherClientPerSecond } : {}),
      v1Attendances: o.v1Attendances ? 'served' : 'removed',
    });
    const s = em.state;
    const former = s.listEmployees().filter((e) => e.status === 'inactive').length;
    const faults = typeof o.faults === 'number' ? `${Math.round(o.faults * 100)} %` : `profile ${JSON.stringify(o.faults)}`;
    const closeNative = em.close;
    return {
      name: 'personio',
      url: em.url,
      credentials: em.credentials,
      banner: [
        `Personio emulator listening on ${em.url}`,
        `  base URL for Koppel: ${em.url}   (POST ${em.url}/v1/auth)`,
        `  client id: ${em.credentials.clientId}   client secret: ${em.credentials.clientSecret}`,
        `  ${s.listEmployees().length} employee records (${former} former, ${s.duplicates().length} people with two records), ${s.listTimeOffs().length} time-offs; seed ${seed}, reference date ${s.referenceDate}`,
        `  latency ${o.latencyMs} ms, faults ${faults}, rate limits ${o.noRateLimit ? 'off' : 'as documented'}`,
      ],
      stats: () => em.stats,
      native: em,
      close: () => closeNative(),
    };
  },
});
