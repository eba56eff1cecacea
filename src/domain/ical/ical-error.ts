/**
 * Expected failures when reading a calendar. Bad iCalendar input is a value the caller must handle
 * (mark the calendar as unreadable, ask for a reconnect), never a silently empty busy list.
 *
 * Not an AppError: src/lib/errors.ts has no calendar codes yet; the calendar service maps an
 * IcalError to its own failure (the code here is stable and safe to show).
 */
export type IcalErrorCode =
  | 'ical_empty' // no text at all
  | 'ical_parse' // not iCalendar syntax
  | 'ical_no_calendar' // parsed, but no VCALENDAR inside
  | 'ical_invalid_event' // a VEVENT/VFREEBUSY with a missing or impossible value
  | 'ical_invalid_recurrence' // an RRULE that is invalid or could never end its search
  | 'ical_recurrence_limit' // a recurrence needs more iterations than allowed to reach the window
  | 'ical_budget_exceeded' // the calendar needs more time or occurrences than one expansion may use
  | 'ical_repaired_value' // (warning) a malformed value was read as its evident meaning, or ignored: see the message
  | 'ical_duplicate_uid' // (warning) two events share a UID without RECURRENCE-ID: both are kept
  | 'ical_unknown_timezone' // a TZID with no VTIMEZONE, not IANA, not a known Windows zone
  | 'ical_invalid_timezone' // a VTIMEZONE without usable observances
  | 'ical_invalid_options'; // window or owner time zone not usable

export class IcalError extends Error {
  readonly code: IcalErrorCode;
  /** UID of the offending component, when known. */
  readonly uid: string | undefined;

  constructor(code: IcalErrorCode, message: string, options: { uid?: string; cause?: unknown } = {}) {
    super(`${code}: ${message}${options.uid ? ` (UID ${options.uid})` : ''}`, { cause: options.cause });
    this.name = 'IcalError';
    this.code = code;
    this.uid = options.uid;
  }
}

export function isIcalError(err: unknown): err is IcalError {
  return err instanceof IcalError;
}

/**
 * Codes that make a whole calendar unreadable rather than one event: the expansion stopped because it would
 * not end in time, so what was read is incomplete and must not be shown as the calendar's busy time.
 */
export function isBudgetError(err: unknown): boolean {
  return err instanceof IcalError && (err.code === 'ical_budget_exceeded' || err.code === 'ical_recurrence_limit');
}
