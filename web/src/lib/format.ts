import { currentLanguage } from '../i18n';

const intlLocale = () => ({ nl: 'nl-NL', de: 'de-DE', en: 'en-GB' })[currentLanguage()];

/** YYYY-MM-DD → localized date, without time-zone shifts. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.toLocaleDateString(intlLocale(), { day: '2-digit', month: '2-digit', year: 'numeric' });
}

export function formatWeekdayDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.toLocaleDateString(intlLocale(), { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** Four-digit years everywhere: German "short" dates would read 02.12.26. */
const DATE_TIME: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };

/** ISO instant → localized date and time in the given IANA zone. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString(intlLocale(), { ...DATE_TIME, timeZone });
  } catch {
    return d.toLocaleString(intlLocale(), DATE_TIME);
  }
}

/** "HH:MM:SS" or "HH:MM" → "HH:MM". */
export function formatTime(time: string | null | undefined): string {
  if (!time) return '—';
  return time.slice(0, 5);
}

export function formatNumber(n: number | string | null | undefined, digits = 2): string {
  if (n === null || n === undefined || n === '') return '—';
  const v = typeof n === 'string' ? Number(n) : n;
  if (Number.isNaN(v)) return String(n);
  return v.toLocaleString(intlLocale(), { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

export function formatHours(n: number | string | null | undefined): string {
  return formatNumber(n, 2);
}

export function formatMoney(n: number | string | null | undefined): string {
  if (n === null || n === undefined || n === '') return '—';
  const v = typeof n === 'string' ? Number(n) : n;
  return v.toLocaleString(intlLocale(), { style: 'currency', currency: 'EUR' });
}

/** Local date helpers on YYYY-MM-DD strings. */
export function todayLocal(): string {
  const d = new Date();
  return toLocalDate(d);
}
export function toLocalDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
export function addDaysLocal(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return toLocalDate(new Date(y, m - 1, d + days));
}

/** Worked hours of a shift: end − start (past midnight wraps) − break. */
export function shiftHours(start: string, end: string, breakMinutes: number): number {
  const toMin = (t: string) => {
    const [h, m] = t.split(':').map(Number);
    return h * 60 + (m || 0);
  };
  let minutes = toMin(end) - toMin(start);
  if (minutes <= 0) minutes += 24 * 60;
  return Math.max(0, minutes - (breakMinutes || 0)) / 60;
}

/** ISO instant → localized time of day only (e.g. the end of a run that started the same day). */
export function formatClock(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleTimeString(intlLocale(), { timeStyle: 'short', timeZone });
  } catch {
    return d.toLocaleTimeString(intlLocale(), { timeStyle: 'short' });
  }
}
