import type { TFunction } from 'i18next';

/**
 * The sync engine stores run warnings, per-employee errors, record data warnings and health
 * details as stable codes (`field:code`, or `code: technical detail` for a failed run), so that
 * a run read tomorrow in German says the same as it did today in Dutch. Anything that is not a
 * code (an unforeseen error's text, runs from before the codes) is shown as it is.
 */

const FIELD_CODE = /^([A-Za-z]+):([a-z0-9_]+)$/;
const RUN_ERROR = /^([a-z_]+)(?::\s*([\s\S]*))?$/;

export function isSyncCode(message: string): boolean {
  return FIELD_CODE.test(message);
}

/** One `field:code` message → "Date of birth: not a valid date; the current value is kept." */
export function syncMessage(t: TFunction, message: string): string {
  const m = FIELD_CODE.exec(message);
  if (!m) return message;
  const [, field, code] = m;
  const label = t(`integrations.diffFields.${field}`, { defaultValue: field });
  return t(`integrations.messages.${code}`, { field: label, defaultValue: `${label}: ${code}` });
}

/** A failed run's `error` or an integration's health detail → a translated sentence plus the technical detail, if any. */
export function runErrorText(t: TFunction, error: string | null | undefined): { text: string; detail: string | null } | null {
  if (!error) return null;
  const m = RUN_ERROR.exec(error.trim());
  const code = m?.[1];
  const text = code ? t(`integrations.runErrors.${code}`, { defaultValue: '' }) : '';
  if (!text) return { text: error, detail: null };
  return { text, detail: m?.[2]?.trim() || null };
}
