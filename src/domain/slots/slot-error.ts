/**
 * Invalid input to the slot search (bad zone, time, window, duration…). A programming or
 * configuration error on the caller's side, reported with the offending field.
 */
export class SlotSearchError extends Error {
  readonly code = 'invalid_slot_input' as const;

  constructor(
    readonly field: string,
    /** What is wrong, in short technical English (shown after "Not valid:" in the caller's language). */
    readonly reason: string,
  ) {
    super(`invalid_slot_input: ${field}: ${reason}`);
    this.name = 'SlotSearchError';
  }
}
