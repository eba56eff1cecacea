import { emulatorUsage, runEmulatorCli, type CliIo } from '../kit/cli.ts';
import type { PersonioEmulator } from './personio-emulator.server.ts';

/**
 * `koppel emulator personio --port P --employees N --seed S [--latency-ms L] [--faults RATE]`: the
 * kit's generic emulator command with Personio's registry entry (personio-emulator.entry.ts).
 * Returns the running emulator itself so the caller owns shutdown.
 */

export const PERSONIO_EMULATOR_USAGE = emulatorUsage('personio');

export type { CliIo };

export async function runPersonioEmulatorCli(argv: readonly string[], io: CliIo = { log: (l) => console.log(l) }): Promise<PersonioEmulator | null> {
  const running = await runEmulatorCli('personio', argv, io);
  if (!running) return null;
  const em = running.native as PersonioEmulator;
  // Closing goes through the CLI's wrapper, which also drops its SIGUSR2 handler.
  em.close = () => running.close();
  return em;
}
