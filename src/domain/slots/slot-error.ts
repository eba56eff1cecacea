/**
 * Invalid input to the slot search (bad zone, time, window, duration…). A programming or
 * configuration error on the caller's side, reported with the offending field.
 */
export class SlotSearchError extends Error {
  readonly code = 'invalid_slot_input' as const;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`invalid_slot_input: ${field}: ${message}`);
    this.name = 'SlotSearchError';
  }
}
