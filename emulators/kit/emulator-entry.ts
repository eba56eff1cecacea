import type { z } from 'zod';
import type { FaultProfile } from './faults.ts';

/**
 * What the registry (emulators/registry.ts) knows about one vendor emulator: enough to start it
 * from `koppel emulator <name>`, from the demo or from a test, without knowing its internals.
 */

/** Options every emulator takes (the generic CLI parses these for all of them). */
export interface CommonEmulatorOptions {
  /** 0 = any free port. */
  port: number;
  host: string;
  /** Seed for generated data and random faults (emulators without generated data may ignore it). */
  seed?: number;
  latencyMs: number;
  /** A bare total rate (0..1, split over the emulator's default kinds) or a fault profile. */
  faults: number | FaultProfile;
}

/** A vendor flag beyond the common ones, e.g. `employees: { type: 'string', short: 'n', value: 'N', help: 'number of employee records (default 250)' }`. */
export interface CliOption {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in the usage text (`--employees N`). */
  value?: string;
  help: string;
}

export interface RunningEmulator {
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The client credentials a connector is configured with. */
  credentials: { clientId: string; clientSecret: string };
  /** What the CLI prints after start-up; the first line is `<Title> emulator listening on <url>`. */
  banner: string[];
  /** Server-side counters, printed as one `stats {…}` line on SIGUSR2 by the CLI (the benchmark reads it). */
  stats?: () => unknown;
  /** The vendor's own handle (PersonioEmulator, GoogleEmulator, …), for callers that know the vendor. */
  native: unknown;
  close(): Promise<void>;
}

export interface EmulatorEntry<V extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  /** Port used when --port is not given. */
  defaultPort: number;
  /** Seed used when --seed is not given (undefined: no seed, e.g. no demo data). */
  defaultSeed?: number;
  /** What a bare `--faults RATE` injects, for the usage text. */
  faultsHelp: string;
  /** Vendor flags beyond --port/--host/--seed/--latency-ms/--faults, keyed by flag name (kebab-case). */
  cliOptions: Record<string, CliOption>;
  /** Validates the vendor flags (keys camelCased, e.g. `reference-date` → `referenceDate`). */
  cliSchema: z.ZodType<V>;
  /** Extra lines for the usage text (test hooks and the like). */
  usageNotes?: string;
  start(options: CommonEmulatorOptions & Partial<V>): Promise<RunningEmulator>;
}

/** Identity with inference, so an entry's vendor options stay typed. */
export function defineEmulator<V extends Record<string, unknown>>(entry: EmulatorEntry<V>): EmulatorEntry<V> {
  return entry;
}
