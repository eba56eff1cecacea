import { ApiError } from '../../api/client';

/**
 * A failed live credential check (integration_credentials_invalid, _missing_rights, _unreachable)
 * carries the vendor's raw answer as a detail; the translated message already says what is wrong,
 * so only non-empty technical details are kept, and they are not shown under the inputs.
 */
export function connectErrorView(error: unknown): { fieldErrors: Record<string, string>; hideFields: string[] } {
  if (!(error instanceof ApiError)) return { fieldErrors: {}, hideFields: [] };
  if (error.code === 'validation_failed') return { fieldErrors: error.fieldErrors, hideFields: Object.keys(error.fieldErrors) };
  const hideFields = error.detailList.filter((d) => d.field && (!String(d.message ?? '').trim() || d.field === 'credentials')).map((d) => String(d.field));
  return { fieldErrors: {}, hideFields };
}
