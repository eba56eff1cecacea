/**
 * An interview's time, always in the given zone with the zone named (F-36, F-42), written as the language writes it
 * (issue 15 item 13; the server's mails use the same shapes, src/domain/date-text.ts). No I/O, no React:
 *   long (inside a sentence)  "Mittwoch, 2. Dezember 2026, 14:00–15:00 Uhr (Europe/Berlin, MEZ)"
 *                             "woensdag 2 december 2026, 14:00–15:00 (Europe/Amsterdam, CET)"
 *   short (lists and tables)  "Mi., 02.12.2026, 14:00–15:00 Uhr (Europe/Berlin, MEZ)"
 *                             "wo 02-12-2026, 14:00–15:00 (Europe/Amsterdam, CET)"
 * A span that ends on another day names both days.
 */
const INTL = { nl: 'nl-NL', de: 'de-DE', en: 'en-GB' } as const;

export function rangeText(lang: keyof typeof INTL, start: string, end: string, timeZone: string, style: 'short' | 'long' = 'short'): string {
  const locale = INTL[lang];
  const s = new Date(start);
  const e = new Date(end);
  const date = (d: Date) =>
    style === 'long'
      ? d.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone })
      : d.toLocaleDateString(locale, { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', timeZone });
  const time = (d: Date) => d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const uhr = (text: string) => (lang === 'de' ? `${text} Uhr` : text);
  const zone = `(${zoneText(timeZone, s.getTime(), locale)})`;
  if (date(s) !== date(e)) return `${date(s)}, ${uhr(time(s))} – ${date(e)}, ${uhr(time(e))} ${zone}`;
  return `${date(s)}, ${uhr(`${time(s)}–${time(e)}`)} ${zone}`;
}

/** "Europe/Berlin, MEZ": the zone and its short name in the language (one pair of brackets around it, not two). */
function zoneText(zone: string, at: number, locale: string): string {
  try {
    const short = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value;
    return short ? `${zone}, ${short}` : zone;
  } catch {
    return zone;
  }
}
