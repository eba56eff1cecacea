import { shortDateText } from '../../domain/date-text.ts';
import { type DetailParams, type ErrorCode, isDetailCode } from '../../domain/errors.ts';
import { catalogs, hasKey, interpolate, type Locale, LOCALES, type MessageKey, t } from './catalog.ts';

/**
 * The HTTP-facing helpers over the one catalogue (./catalog.ts): the error envelope, schema issues, field
 * details raised by services as codes, and the Accept-Language pick. Texts live in ./catalog/{en,nl,de}.ts.
 */
export { type Locale, LOCALES, t };

/** Entity and field names inside messages ({entity}, {field}) come from nouns.*; unknown names pass through. */
export const noun = (locale: Locale, word: string): string => {
  const key = `nouns.${word}`;
  return hasKey(key) ? t(locale, key) : word;
};

/** Params that hold a calendar date ('YYYY-MM-DD'): written as the language writes dates (01.12.2026, 01-12-2026). */
const DATE_PARAMS = ['day', 'sentAt', 'min', 'max', 'from', 'to', 'date'] as const;
function withDates(locale: Locale, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const k of DATE_PARAMS) if (typeof params[k] === 'string') out[k] = shortDateText(locale, params[k]);
  return out;
}

/** Params of an error as the catalogue wants them: entity/field as nouns, dates in the language, `reason` (a state.* code) as the {detail} text. */
function errorParams(locale: Locale, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = withDates(locale, params);
  for (const k of ['entity', 'field'] as const) if (params[k] !== undefined) out[k] = noun(locale, String(params[k]));
  const reason = typeof params.reason === 'string' ? `state.${params.reason}` : undefined;
  if (reason && hasKey(reason)) {
    const status = typeof params.status === 'string' && hasKey(`recruiting.status.${params.status}`) ? t(locale, `recruiting.status.${params.status}` as MessageKey) : params.status;
    out.detail = interpolate(catalogs[locale][reason], { ...out, status });
  }
  return out;
}

/** The message of an AppError code, in the user's language. `params.variant` picks a narrower wording (`errors.<code>.<variant>`). */
export function errorMessage(locale: Locale, code: ErrorCode, params: Record<string, unknown> = {}): string {
  const variant = typeof params.variant === 'string' ? `errors.${code}.${params.variant}` : undefined;
  const key = variant && hasKey(variant) ? variant : `errors.${code}`;
  if (!hasKey(key)) return code;
  return interpolate(catalogs[locale][key], errorParams(locale, params));
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromHeader(header: string | undefined, fallback: Locale = 'en'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { lang: (tag ?? '').slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale;
  return fallback;
}

type Issue = { code?: string; params?: Record<string, unknown>; input?: unknown; minimum?: number | bigint; maximum?: number | bigint; format?: string; values?: unknown[]; origin?: string; expected?: string };

/** Field-level validation message in the user's language, from a zod issue; falls back to zod's own text. */
export function issueMessage(locale: Locale, issue: Issue | undefined, fallback: string): string {
  if (!issue?.code) return fallback;
  const p = { minimum: String(issue.minimum ?? ''), maximum: String(issue.maximum ?? ''), expected: String(issue.expected ?? ''), values: (issue.values ?? []).join(', ') };
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? t(locale, 'issues.required') : t(locale, 'issues.invalid_type', p);
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return t(locale, 'issues.required');
      // An empty list (no interviewer chosen) reads "Kies er minstens één.", not "Moet minstens 1 zijn.".
      if (issue.origin === 'array' && Number(issue.minimum) === 1) return detailText(locale, 'choose_at_least_one');
      return issue.origin === 'string' ? t(locale, 'issues.too_small_string', p) : t(locale, 'issues.too_small', p);
    case 'too_big':
      return issue.origin === 'string' ? t(locale, 'issues.too_big_string', p) : t(locale, 'issues.too_big', p);
    case 'invalid_format':
      if (issue.format === 'email') return t(locale, 'issues.email');
      if (issue.format === 'uuid') return t(locale, 'issues.uuid');
      if (/date/i.test(fallback)) return t(locale, 'issues.date');
      if (/time/i.test(fallback)) return t(locale, 'issues.time');
      return t(locale, 'issues.format');
    case 'invalid_value':
      return t(locale, 'issues.invalid_value', p);
    case 'custom':
      // A refinement that names a field detail code (schemas.ts detailIssue).
      if (isDetailCode(issue.params?.detail)) {
        const { detail, ...params } = issue.params;
        return detailText(locale, detail, params as DetailParams);
      }
      if (/date/i.test(fallback)) return t(locale, 'issues.date');
      if (/time/i.test(fallback)) return t(locale, 'issues.time');
      return t(locale, 'issues.custom');
    default:
      return fallback;
  }
}

/** The text of a field detail code (details.*), with `{entity}` read as a noun. */
export function detailText(locale: Locale, code: string, params: DetailParams = {}): string {
  const key = `details.${code}`;
  if (!isDetailCode(code) || !hasKey(key)) return code;
  const p: Record<string, unknown> = withDates(locale, params);
  if (params.entity !== undefined) p.entity = noun(locale, String(params.entity));
  return interpolate(catalogs[locale][key], p);
}

/**
 * One entry of AppError.details as the caller reads it: a `{ code, params }` detail (or a `{ issue }` holding
 * a zod issue) becomes `{ message }` in the caller's language (other properties such as `field` and `line`
 * stay). Anything else passes unchanged.
 */
export function translateDetail(locale: Locale, d: unknown): unknown {
  if (!d || typeof d !== 'object') return d;
  const { code, params, issue, ...rest } = d as { code?: unknown; params?: DetailParams; issue?: Issue & { message?: string }; message?: unknown };
  if (isDetailCode(code)) return { ...rest, message: detailText(locale, code, params) };
  // A zod issue a service validated itself (`{ field, issue }`): read like the schema errors of a route.
  if (issue && typeof issue === 'object' && typeof issue.code === 'string') return { ...rest, message: issueMessage(locale, issue, issue.message ?? '') };
  return d;
}
