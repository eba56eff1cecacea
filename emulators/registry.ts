import type { EmulatorEntry } from './kit/emulator-entry.ts';
import { providerEmulator } from './kit/provider-entry.ts';
import { loketEmulator } from './loket/loket-emulator.entry.ts';
import { personioEmulator } from './personio/personio-emulator.entry.ts';
import { nmbrsEmulator } from './nmbrs/nmbrs-emulator.entry.ts';

/**
 * Every vendor emulator, one line each: `koppel emulator <name>`, the demo and tests start them
 * through here. An entry's server module is imported only when it is started. A new emulator
 * (Nmbrs, Loket) adds an entry file next to its server and one line below; see emulators/README.md.
 */
export const EMULATORS = {
  personio: personioEmulator,
  nmbrs: nmbrsEmulator,
  loket: loketEmulator,
  google: providerEmulator({ name: 'google', defaultPort: 4020, apiPath: '/calendar/v3', hooksHelp: ',\nPOST /_emulator/calendars/{user}/busy, POST /_emulator/calendars/{user}/respond, GET /_emulator/calendars/{user}/events', load: async () => (await import('./google/google-emulator.ts')).startGoogleCalendarEmulator }),
  microsoft: providerEmulator({ name: 'microsoft', defaultPort: 4021, apiPath: '/v1.0', hooksHelp: ',\nPOST /_emulator/calendars/{user}/busy, POST /_emulator/calendars/{user}/respond, GET /_emulator/calendars/{user}/events', load: async () => (await import('./microsoft/graph-emulator.ts')).startGraphEmulator }),
  zoom: providerEmulator({ name: 'zoom', defaultPort: 4022, apiPath: '/v2', hooksHelp: ',\nGET /_emulator/meetings[?user=]', load: async () => (await import('./zoom/zoom-emulator.ts')).startZoomEmulator }),
  gotomeeting: providerEmulator({ name: 'gotomeeting', defaultPort: 4023, apiPath: '/G2M/rest/v2', hooksHelp: ',\nGET /_emulator/meetings[?user=]', load: async () => (await import('./gotomeeting/gotomeeting-emulator.ts')).startGoToMeetingEmulator }),
};

export type EmulatorName = keyof typeof EMULATORS;
export const EMULATOR_NAMES = Object.keys(EMULATORS) as EmulatorName[];

export function isEmulatorName(name: string): name is EmulatorName {
  return Object.hasOwn(EMULATORS, name);
}

/** An entry with its vendor options loosened, for generic callers (the CLI) that pass parsed flags through. */
export function emulatorEntry(name: EmulatorName): EmulatorEntry {
  return EMULATORS[name] as unknown as EmulatorEntry;
}
