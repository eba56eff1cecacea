import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EMULATOR_NAMES, emulatorEntry, type EmulatorName } from '../registry.ts';
import type { CommonEmulatorOptions, RunningEmulator } from './emulator-entry.ts';
import type { FaultProfile } from './faults.ts';

/**
 * `koppel emulator <vendor> --port P [--seed S] [--latency-ms L] [--faults F] [vendor options]`:
 * one generic command for every emulator in the registry. Parses the common flags and the vendor's
 * own (its registry entry lists them), starts it, prints its banner (base URL, client credentials, …)
 * and returns it so the caller owns shutdown. With `stats`, SIGUSR2 prints one `stats {…}` line.
 */

export interface CliIo {
  log: (line: string) => void;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function parseFaults(v: unknown): unknown {
  if (typeof v !== 'string' || !v.trim().startsWith('{')) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function commonSchema(defaultPort: number, defaultSeed: number | undefined) {
  return z.object({
    port: z.coerce.number().int().min(0).max(65535).default(defaultPort),
    host: z.string().min(1).default('127.0.0.1'),
    seed: defaultSeed === undefined ? z.coerce.number().int().optional() : z.coerce.number().int().default(defaultSeed),
    latencyMs: z.coerce.number().int().min(0).default(0),
    faults: z.preprocess(parseFaults, z.union([z.coerce.number().min(0).max(1), z.record(z.string(), z.unknown())])).default(0),
  });
}

export function emulatorUsage(name: EmulatorName): string {
  const e = emulatorEntry(name);
  const line = (flag: string, help: string) => `  ${flag.padEnd(24)} ${help}`;
  return [
    `Usage: koppel emulator ${name} [options]`,
    '',
    line('--port P', `port to listen on (default ${e.defaultPort}; 0 = any free port)`),
    line('--host H', 'interface to bind (default 127.0.0.1)'),
    line('--seed S', e.defaultSeed !== undefined ? `seed for the generated data and the faults (default ${e.defaultSeed})` : 'seed demo data (and random faults)'),
    line('--latency-ms L', 'delay added to every response (default 0)'),
    line('--faults RATE|JSON', e.faultsHelp),
    ...Object.entries(e.cliOptions).map(([flag, o]) => line(`--${flag}${o.value ? ` ${o.value}` : ''}`, o.help)),
    line('-h, --help', 'show this help'),
    ...(e.usageNotes ? ['', e.usageNotes] : []),
  ].join('\n');
}

export async function runEmulatorCli(name: EmulatorName, argv: readonly string[], io: CliIo = { log: (l) => console.log(l) }): Promise<RunningEmulator | null> {
  const entry = emulatorEntry(name);
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      seed: { type: 'string', short: 's' },
      'latency-ms': { type: 'string' },
      faults: { type: 'string' },
      ...Object.fromEntries(Object.entries(entry.cliOptions).map(([flag, o]) => [flag, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }])),
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = values as Record<string, unknown>;
  if (v.help) {
    io.log(emulatorUsage(name));
    return null;
  }
  const common = commonSchema(entry.defaultPort, entry.defaultSeed).safeParse({ port: v.port, host: v.host, seed: v.seed, latencyMs: v['latency-ms'], faults: v.faults });
  const vendor = entry.cliSchema.safeParse(Object.fromEntries(Object.keys(entry.cliOptions).map((flag) => [camel(flag), v[flag]])));
  const issues = [...(common.success ? [] : common.error.issues), ...(vendor.success ? [] : vendor.error.issues)];
  if (issues.length || !common.success || !vendor.success) {
    const problems = issues.map((i) => `--${kebab(String(i.path[0] ?? ''))}: ${i.message}`);
    throw new Error(`Invalid options\n${problems.join('\n')}\n\n${emulatorUsage(name)}`);
  }
  const options: CommonEmulatorOptions = { ...common.data, faults: common.data.faults as number | FaultProfile };
  const running = await entry.start({ ...vendor.data, ...options });
  for (const l of running.banner) io.log(l);
  if (running.stats) {
    // What the server saw, on demand: `kill -USR2 <pid>` prints one `stats {…}` line (the benchmark counts API calls there).
    const printStats = () => io.log(`stats ${JSON.stringify(running.stats!())}`);
    process.on('SIGUSR2', printStats);
    const close = running.close.bind(running);
    running.close = () => {
      process.off('SIGUSR2', printStats);
      return close();
    };
  }
  return running;
}

// ── the calendar/video emulators by their old names (tests and scripts use these) ──

export const PROVIDER_EMULATORS = ['google', 'microsoft', 'zoom', 'gotomeeting'] as const satisfies readonly EmulatorName[];
export type ProviderEmulatorName = (typeof PROVIDER_EMULATORS)[number];

export function providerEmulatorUsage(vendor: ProviderEmulatorName): string {
  return emulatorUsage(vendor);
}

export interface RunningProviderEmulator {
  url: string;
  close(): Promise<void>;
}

export async function runProviderEmulatorCli(vendor: ProviderEmulatorName, argv: readonly string[], io: CliIo = { log: (l) => console.log(l) }): Promise<RunningProviderEmulator | null> {
  return runEmulatorCli(vendor, argv, io);
}

export { EMULATOR_NAMES };
