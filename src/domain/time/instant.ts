/** An instant as epoch milliseconds, a Date, or an ISO 8601 string WITH a Z or an offset. */
export type InstantInput = number | Date | string;

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds, or undefined when the input is not an unambiguous instant. A string without
 * Z/offset is refused: Date.parse would read it in the process time zone.
 */
export function toEpochMs(value: InstantInput): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (typeof value === 'string' && ZONED_ISO.test(value.trim())) {
    const ms = Date.parse(value.trim());
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
