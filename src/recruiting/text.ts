import { dateTimeText, spanText } from '../domain/date-text.ts';
import { AppError } from '../domain/errors.ts';
import { LOCALES, type Locale, type MessageKey, rawText, t } from '../platform/i18n/catalog.ts';

/**
 * Recruiting texts: thin helpers over the server catalogue (src/platform/i18n/catalog, keys recruiting.* and
 * mail.recruiting.*). The error envelope itself comes from src/platform/i18n/messages.ts.
 */
/** Recruiting texts speak the catalogue's languages. */
export type Lang = Locale;
export const asLang = (v: unknown): Lang => ((LOCALES as readonly unknown[]).includes(v) ? (v as Lang) : 'en');

type DetailKey = 'slot_taken' | 'calendar_busy' | 'host_busy' | 'link_used' | 'link_expired' | 'link_revoked' | 'option_gone' | 'oauth_app_missing' | 'reconnect_needed';

export function detail(lang: Lang, key: DetailKey, params: Record<string, string> = {}): string {
  return t(lang, `recruiting.detail.${key}`, params);
}
export const statusWord = (lang: Lang, s: 'scheduled' | 'completed' | 'cancelled') => t(lang, `recruiting.status.${s}`);

export const conflict = (lang: Lang, key: DetailKey, params: Record<string, string> = {}, field?: string) =>
  new AppError('conflict', { detail: detail(lang, key, params) }, field ? [{ field, message: detail(lang, key, params) }] : undefined);
export const invalidState = (lang: Lang, key: DetailKey, params: Record<string, string> = {}) =>
  new AppError('invalid_state', { detail: detail(lang, key, params) });

const CALENDAR_ERRORS = ['not_connected', 'reconnect_needed', 'invalid_credentials', 'forbidden', 'not_found', 'rate_limited', 'bad_response', 'unavailable', 'unreadable'] as const;
type CalendarErrorCode = (typeof CALENDAR_ERRORS)[number];

/** Why a calendar could not be read (availability per participant and room), by connection status or ProviderError code. */
export const calendarErrorMessage = (lang: Lang, code: string): string =>
  t(lang, `recruiting.calendar_error.${(CALENDAR_ERRORS as readonly string[]).includes(code) ? (code as CalendarErrorCode) : 'unavailable'}`);

type MailName = 'candidateInvite' | 'candidateUpdate' | 'candidateCancel' | 'interviewerCancel' | 'declined' | 'evaluationReminder' | 'schedulingLink';
const MAIL_KEY: Record<MailName, string> = {
  candidateInvite: 'candidate_invite',
  candidateUpdate: 'candidate_update',
  candidateCancel: 'candidate_cancel',
  interviewerCancel: 'interviewer_cancel',
  declined: 'declined',
  evaluationReminder: 'evaluation_reminder',
  schedulingLink: 'scheduling_link',
};
const text = (key: string, lang: Lang) => rawText(lang, key as MessageKey);
const template = (name: MailName) => {
  const base = `mail.recruiting.${MAIL_KEY[name]}`;
  const perLang = (lang: Lang) => ({ subject: text(`${base}.subject`, lang), body: text(`${base}.body`, lang) });
  return { en: perLang('en'), nl: perLang('nl'), de: perLang('de') };
};
const phrase = (key: string) => ({ en: text(key, 'en'), nl: text(key, 'nl'), de: text(key, 'de') });

/** Mail templates per language, read from the catalogue. {placeholders} are filled by the sender. */
export const mails = {
  candidateInvite: template('candidateInvite'),
  candidateUpdate: template('candidateUpdate'),
  candidateCancel: template('candidateCancel'),
  interviewerCancel: template('interviewerCancel'),
  declined: template('declined'),
  evaluationReminder: template('evaluationReminder'),
  schedulingLink: template('schedulingLink'),
  replacementsFound: phrase('mail.recruiting.replacements_found'),
  replacementsNone: phrase('mail.recruiting.replacements_none'),
  where: {
    video: phrase('mail.recruiting.where.video'),
    phone: phrase('mail.recruiting.where.phone'),
    in_person: phrase('mail.recruiting.where.in_person'),
  },
} as const;

/** One moment in the reader's language and the given zone: "Dienstag, 24. November 2026, 10:00 Uhr" (a link's expiry). */
export const formatWhen = (lang: Lang, epochMs: number, timeZone: string): string => dateTimeText(lang, epochMs, timeZone);

/** An interview's time: "Dienstag, 24. November 2026, 10:00–10:45 Uhr" / "dinsdag 24 november 2026, 10:00–10:45". */
export const formatSpan = (lang: Lang, iv: { start_at: Date; end_at: Date; time_zone: string }, timeZone = iv.time_zone): string =>
  spanText(lang, iv.start_at.getTime(), iv.end_at.getTime(), timeZone);
