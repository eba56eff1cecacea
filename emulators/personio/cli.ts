import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPersonioEmulator, type PersonioEmulator } from './personio-emulator.server.ts';

/**
 * `koppel emulator personio --port P --employees N --seed S [--latency-ms L] [--faults RATE]`.
 * Parses its own flags (the `koppel` command passes everything after `personio`), starts the
 * emulator and prints how to connect. Returns the running emulator so the caller owns shutdown.
 */

const flagsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  employees: z.coerce.number().int().min(0).max(1_000_000).default(250),
  seed: z.coerce.number().int().default(1),
  latencyMs: z.coerce.number().int().min(0).default(0),
  faults: z.coerce.number().min(0).max(1).default(0),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  referenceDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  noRateLimit: z.boolean().default(false),
  rotateTokens: z.boolean().default(false),
  tokenTtlSeconds: z.coerce.number().int().min(1).optional(),
});

export const PERSONIO_EMULATOR_USAGE = `Usage: koppel emulator personio [options]

  --port P              port to listen on (default 4010; 0 = any free port)
  --host H              interface to bind (default 127.0.0.1)
  --employees N         number of employee records to generate (default 250)
  --seed S              seed for the generated data and the faults (default 1)
  --latency-ms L        delay added to every response (default 0)
  --faults RATE         share 0..1 of requests that fail (429, 5xx, timeout, expired token, malformed row)
  --client-id ID        accepted client id (default papi-emulator-client)
  --client-secret S     accepted client secret (default papi-emulator-secret)
  --reference-date D    the "today" the data is arranged around (default: today)
  --token-ttl-seconds T token lifetime (default 86400)
  --rotate-tokens       historic single-use tokens (the next one comes in the authorization header)
  --no-rate-limit       switch the documented rate limits off
  -h, --help            show this help`;

export interface CliIo {
  log: (line: string) => void;
}

export async function runPersonioEmulatorCli(argv: readonly string[], io: CliIo = { log: (l) => console.log(l) }): Promise<PersonioEmulator | null> {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      employees: { type: 'string', short: 'n' },
      seed: { type: 'string', short: 's' },
      'latency-ms': { type: 'string' },
      faults: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'reference-date': { type: 'string' },
      'token-ttl-seconds': { type: 'string' },
      'rotate-tokens': { type: 'boolean' },
      'no-rate-limit': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.log(PERSONIO_EMULATOR_USAGE);
    return null;
  }
  const parsed = flagsSchema.safeParse({
    port: values.port,
    host: values.host,
    employees: values.employees,
    seed: values.seed,
    latencyMs: values['latency-ms'],
    faults: values.faults,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    referenceDate: values['reference-date'],
    noRateLimit: values['no-rate-limit'],
    rotateTokens: values['rotate-tokens'],
    tokenTtlSeconds: values['token-ttl-seconds'],
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`);
    throw new Error(`Invalid options\n${problems.join('\n')}\n\n${PERSONIO_EMULATOR_USAGE}`);
  }
  const f = parsed.data;
  const emulator = await startPersonioEmulator({
    port: f.port,
    host: f.host,
    employees: f.employees,
    seed: f.seed,
    latencyMs: f.latencyMs,
    faults: f.faults,
    ...(f.clientId ? { clientId: f.clientId } : {}),
    ...(f.clientSecret ? { clientSecret: f.clientSecret } : {}),
    ...(f.referenceDate ? { referenceDate: f.referenceDate } : {}),
    ...(f.tokenTtlSeconds ? { tokenTtlSeconds: f.tokenTtlSeconds } : {}),
    rotateTokens: f.rotateTokens,
    ...(f.noRateLimit ? { rateLimit: false as const } : {}),
  });
  const s = emulator.state;
  const former = s.listEmployees().filter((e) => e.status === 'inactive').length;
  io.log(`Personio emulator listening on ${emulator.url}`);
  io.log(`  base URL for Koppel: ${emulator.url}   (POST ${emulator.url}/v1/auth)`);
  io.log(`  client id: ${emulator.credentials.clientId}   client secret: ${emulator.credentials.clientSecret}`);
  io.log(
    `  ${s.listEmployees().length} employee records (${former} former, ${s.duplicates().length} people with two records), ${s.listTimeOffs().length} time-offs; seed ${f.seed}, reference date ${s.referenceDate}`,
  );
  io.log(`  latency ${f.latencyMs} ms, faults ${Math.round(f.faults * 100)} %, rate limits ${f.noRateLimit ? 'off' : 'as documented'}`);
  // What the server saw (calls per endpoint, 429s served), on demand: `kill -USR2 <pid>` prints one `stats {…}` line.
  // The benchmark counts API calls here, independently of the client's own counter.
  const printStats = () => io.log(`stats ${JSON.stringify(emulator.stats)}`);
  process.on('SIGUSR2', printStats);
  const close = emulator.close.bind(emulator);
  emulator.close = () => {
    process.off('SIGUSR2', printStats);
    return close();
  };
  return emulator;
}
