/**
 * Expected failures. A service throws an AppError with a stable code; only src/http maps codes to
 * status codes, and src/i18n turns code + params into a message in the user's language.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'conflict'
  | 'duplicate'
  | 'in_use'
  | 'invalid_bsn'
  | 'invalid_reset_token'
  | 'csv_invalid'
  | 'role_too_high'
  | 'last_owner'
  | 'invalid_state'
  | 'integration_credentials_invalid'
  | 'integration_missing_rights'
  | 'integration_unreachable'
  | 'integration_endpoint_unavailable'
  | 'integration_rate_limited'
  | 'integration_inactive'
  | 'absence_type_synced';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`, options);
    this.name = 'AppError';
  }
}

export const notFound = (entity: string) => new AppError('not_found', { entity });

/**
 * Field-level detail codes a service raises (with params), never sentences: the HTTP boundary turns
 * `details.<code>` from the server catalogue (src/platform/i18n/catalog) into the caller's language.
 * tsc checks that the catalogue has a text for each of these, and a test that every code used exists.
 */
export const DETAIL_CODES = [
  'required', 'unknown', 'unknown_value', 'unknown_time_zone', 'unknown_vendor', 'already_exists', 'already_applied', 'listed_twice', 'create_functions_only', 'create_or_map', 'function_name_too_long',
  'end_before_start', 'end_date_before_start_date', 'time_hhmm', 'between', 'yes_or_no', 'text_expected', 'rating_range',
  'private_address', 'invalid_input', 'choose_at_least_one', 'request_malformed', 'text_not_storable', 'date_out_of_range',
  // accounts
  'wrong_password',
  // HR integrations: a vendor's answer, never its text
  'vendor_unreachable', 'vendor_client_not_configured', 'loket_component_unknown', 'loket_component_not_a_number', 'loket_cost_center_unknown', 'loket_distribution_unit_unknown', 'vendor_refused_credentials', 'vendor_missing_rights', 'vendor_endpoint_unavailable', 'vendor_error', 'vendor_http_status',
  // workforce
  'break_too_long', 'hours_exceed_days', 'hours_required', 'half_day_single_day', 'time_range_both', 'time_range_equal',
  'rule_needs_condition', 'correction_reason_required', 'not_plannable_not_importable',
  // recruiting
  'interviewer_required', 'interviewer_twice', 'participant_required', 'weekday_twice', 'start_in_past', 'window_too_long',
  'interview_too_long', 'host_not_interviewer', 'video_host_must_stay', 'host_video_not_connected', 'organizer_not_responsible',
  'not_a_participant', 'no_evaluation_form', 'question_ids_unique', 'authorisation_expired',
  // shift CSV import
  'csv_empty', 'csv_unreadable', 'csv_unknown_column', 'csv_identity_column', 'csv_column_missing', 'csv_no_rows', 'csv_value_count',
  'csv_identity_required', 'csv_bad_date', 'csv_bad_time', 'csv_bad_minutes', 'csv_no_employee_number', 'csv_no_employee_email',
  'csv_email_ambiguous', 'csv_email_mismatch', 'csv_no_department', 'csv_department_ambiguous', 'csv_no_hour_component',
  'csv_shift_exists', 'csv_same_shift',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];
export type DetailParams = Record<string, string | number>;
const DETAIL_CODE_SET: ReadonlySet<string> = new Set(DETAIL_CODES);
export const isDetailCode = (v: unknown): v is DetailCode => typeof v === 'string' && DETAIL_CODE_SET.has(v);

/**
 * A validation failure found by a service (cross-field or cross-tenant checks), shaped like the schema
 * errors once translated: `{ field, message }` on the wire. `message` is only set by callers that have
 * already translated where it was raised (recruiting conflicts name the room or person in the actor's language).
 */
export type FieldError = { field: string; code: DetailCode; params?: DetailParams } | { field: string; message: string };

/** A field detail with a code, e.g. `fieldError('departmentId', 'unknown', { entity: 'department' })`. */
export const fieldError = (field: string, code: DetailCode, params?: DetailParams): FieldError => (params ? { field, code, params } : { field, code });

/** `{entity}` of the `unknown` detail: a noun key of the catalogue (nouns.*). */
export const unknownRef = (field: string, entity: string) => invalidField(field, 'unknown', { entity });

export function invalidField(field: string, code: DetailCode, params?: DetailParams): AppError {
  return new AppError('validation_failed', {}, [fieldError(field, code, params)]);
}
