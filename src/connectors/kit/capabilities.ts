/**
 * What a connector can do, as a closed list. The registry, the App center and (later) the engine
 * ask "does this vendor support X" with these strings instead of guessing from the vendor name.
 * A capability is declared only when the code exists and is proven by tests — never because the
 * vendor's API has it. How a write is proven depends on who drives it:
 * - OUTBOUND_ENGINE_WRITES (HR/payroll writes the integrations engine sends in bulk, reconciled by
 *   key): an OutboundSink (kit/sink.ts) that passes the sink contract (kit/contracts/sink-contract.ts)
 *   against the vendor's emulator with faults on.
 * - calendar/video writes (one event or meeting at a time, by recruiting): the provider's own test
 *   suite against its emulator (Google, Microsoft, Zoom, GoTo) or a real server (DAViCal and
 *   Radicale for CalDAV) — create, update, cancel, "already gone", and no duplicate after a lost answer.
 */
export const CAPABILITIES = [
  'employees:read',
  'organisation:read',
  'attendances:read',
  'attendances:write',
  'absences:read',
  'payroll-hours:write',
  'calendar:freebusy',
  'calendar:events:write',
  'video:meetings:write',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

/** Writes that need an OutboundSink passing the sink contract before a connector may declare them. */
export const OUTBOUND_ENGINE_WRITES: readonly Capability[] = ['attendances:write', 'payroll-hours:write'];

export function needsSinkContract(capability: Capability): boolean {
  return OUTBOUND_ENGINE_WRITES.includes(capability);
}

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

export function hasCapability(declared: readonly Capability[], wanted: Capability): boolean {
  return declared.includes(wanted);
}
