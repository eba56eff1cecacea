import type { DetailCode, ErrorCode } from '../../domain/errors.ts';
import { de } from './catalog/de.ts';
import { type Catalog, en, type MessageKey } from './catalog/en.ts';
import { nl } from './catalog/nl.ts';

/**
 * The one server-side message catalogue: errors, field details, schema issues, nouns, mails and recruiting
 * texts in nl/de/en, keyed by stable codes (catalog/en.ts is the reference). The web UI has its own JSON
 * catalogues under web/; nothing here is sent to it except finished messages.
 */
import { LOCALES, type Locale } from '../../domain/locale.ts';

export { LOCALES, type Locale };
export type { MessageKey };

export const catalogs: Record<Locale, Catalog> = { en, nl, de };

// tsc: the catalogue has a text for every AppError code and every field detail code.
const _errorsCovered: Record<`errors.${ErrorCode}`, string> = en;
const _detailsCovered: Record<`details.${DetailCode}`, string> = en;
void _errorsCovered;
void _detailsCovered;

/** The {placeholders} of an English text, as a union of their names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
export type ParamsOf<K extends MessageKey> = Partial<Record<Placeholders<(typeof en)[K]>, string | number>>;

export const hasKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key);

/** Fills {name} placeholders; a missing param becomes ''. */
export function interpolate(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined || params[k] === null ? '' : String(params[k])));
}

/** The text of `key` in `locale` (English if a locale lacks it, the key itself if nobody has it), filled with `params`. */
export function t<K extends MessageKey>(locale: Locale, key: K, params: ParamsOf<K> = {} as ParamsOf<K>): string {
  const template = catalogs[locale]?.[key] ?? en[key] ?? key;
  return interpolate(template, params as Record<string, unknown>);
}

/** The unfilled text of `key` (for callers that fill it later, e.g. mail templates handed around as data). */
export const rawText = (locale: Locale, key: MessageKey): string => catalogs[locale]?.[key] ?? en[key];
