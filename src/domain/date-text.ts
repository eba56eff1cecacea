import type { Locale } from './locale.ts';

/**
 * Dates and times inside sentences, as a native reader writes them (issue 15 item 13):
 *   de  "Mittwoch, 2. Dezember 2026, 14:00–15:00 Uhr"   short date "02.12.2026"
 *   nl  "woensdag 2 december 2026, 14:00–15:00"          short date "02-12-2026"
 *   en  "Wednesday, 2 December 2026, 14:00–15:00"        short date "02/12/2026"
 * Always 24 hours and four-digit years, whatever the host's locale. The web UI writes the same shapes
 * (web/src/lib/format.ts).
 */
const TAG: Record<Locale, string> = { en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: Locale, timeZone: string, kind: 'date' | 'clock'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat(TAG[locale], { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
        : new Intl.DateTimeFormat(TAG[locale], { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (cache.size < 1_000) cache.set(key, f);
  }
  return f;
}

/** "Mittwoch, 2. Dezember 2026" / "woensdag 2 december 2026" / "Wednesday, 2 December 2026". */
export const longDateText = (locale: Locale, epochMs: number, timeZone: string): string => fmt(locale, timeZone, 'date').format(new Date(epochMs));

/** "14:00" in the zone, 24 hours. */
export const clockText = (locale: Locale, epochMs: number, timeZone: string): string => fmt(locale, timeZone, 'clock').format(new Date(epochMs));

/** German says "14:00 Uhr"; Dutch and English write the bare time. */
const withUhr = (locale: Locale, time: string) => (locale === 'de' ? `${time} Uhr` : time);

/** One moment: "Mittwoch, 2. Dezember 2026, 14:00 Uhr" / "woensdag 2 december 2026, 14:00". */
export function dateTimeText(locale: Locale, epochMs: number, timeZone: string): string {
  return `${longDateText(locale, epochMs, timeZone)}, ${withUhr(locale, clockText(locale, epochMs, timeZone))}`;
}

/**
 * A span: "Mittwoch, 2. Dezember 2026, 14:00–15:00 Uhr" / "woensdag 2 december 2026, 14:00–15:00"; one that ends
 * on another day names both: "Mittwoch, 2. Dezember 2026, 23:00 Uhr – Donnerstag, 3. Dezember 2026, 01:00 Uhr".
 */
export function spanText(locale: Locale, startMs: number, endMs: number, timeZone: string): string {
  const day = longDateText(locale, startMs, timeZone);
  const endDay = longDateText(locale, endMs, timeZone);
  if (day !== endDay) return `${dateTimeText(locale, startMs, timeZone)} – ${dateTimeText(locale, endMs, timeZone)}`;
  return `${day}, ${withUhr(locale, `${clockText(locale, startMs, timeZone)}–${clockText(locale, endMs, timeZone)}`)}`;
}

/** A calendar date 'YYYY-MM-DD' as written in a sentence or table: "02.12.2026" / "02-12-2026" / "02/12/2026"; anything else as given. */
export function shortDateText(locale: Locale, date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const sep = locale === 'de' ? '.' : locale === 'nl' ? '-' : '/';
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
}

/** A number as written in the language: 38,5 (nl, de) or 38.5 (en). */
export function numberText(locale: Locale, n: number): string {
  return n.toLocaleString(TAG[locale], { maximumFractionDigits: 2 });
}
