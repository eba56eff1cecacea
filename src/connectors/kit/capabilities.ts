/**
 * What a connector can do, as a closed list. The registry, the App center and (later) the engine
 * ask "does this vendor support X" with these strings instead of guessing from the vendor name.
 * A connector declares a write capability only when the write code exists and passes the sink
 * contract (src/connectors/kit/contracts/sink-contract.ts) — not because the vendor's API has it.
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

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

export function hasCapability(declared: readonly Capability[], wanted: Capability): boolean {
  return declared.includes(wanted);
}
