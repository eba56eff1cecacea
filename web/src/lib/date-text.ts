/** What a user types into a date or time field, read the way Dutch, German and British users write it (no I/O, no React). */

const pad = (n: number) => String(n).padStart(2, '0');

/** "2-12-2026", "02.12.2026", "2/12/2026", "2026-12-02" → "2026-12-02"; anything else → null. */
export function parseDateText(text: string): string | null {
  const s = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dmy = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** "9", "930", "9:30", "09.30", "0930" → "09:30"; anything else → null. */
export function parseTimeText(text: string): string | null {
  const s = text.trim();
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}
