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
  | 'integration_inactive';

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

/** A validation failure found by a service (cross-field or cross-tenant checks), shaped like the schema errors. */
export type FieldError = { field: string; message: string };
export const invalidField = (field: string, message: string) => new AppError('validation_failed', {}, [{ field, message } satisfies FieldError]);
