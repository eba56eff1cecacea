import { numberText, shortDateText } from '../../domain/date-text.ts';
import type { Locale } from '../../platform/db/schema.ts';
import { hasKey, type MessageKey, t } from '../../platform/i18n/catalog.ts';

/** The mails the sync engine sends (F-15 notification, F-10 reconnect), in the tenant's language. BSNs appear masked at most. */

export type MailChange = { field: string; old: unknown; new: unknown };
export type MailEmployee = { name: string; changes: MailChange[] };
export type MailNeedsAction = { name: string; issues: string[] };

/** A text of the sync mails (catalogue keys mail.sync.*), filled with params. */
const tx = (locale: Locale, key: string, p: Record<string, string | number> = {}) => t(locale, `mail.sync.${key}` as MessageKey, p);
/** A field, issue or value name: its catalogue text if there is one, else as given. */
const named = (locale: Locale, area: 'field' | 'issue' | 'value', name: string) => {
  const key = `mail.sync.${area}.${name}`;
  return hasKey(key) ? t(locale, key) : name;
};
const LIMIT = 200;

function when(locale: Locale, at: Date, timeZone: string) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
}

function value(locale: Locale, v: unknown): string {
  if (v === null || v === undefined || v === '') return tx(locale, 'empty');
  if (v === 'active' || v === 'former') return named(locale, 'value', v);
  // Dates and numbers as the reader writes them (18.07.1970, 38,5), not as the database keeps them.
  if (typeof v === 'number') return numberText(locale, v);
  if (typeof v === 'string' && /^\d+\.\d+$/.test(v)) return numberText(locale, Number(v));
  if (typeof v === 'string') return shortDateText(locale, v);
  return String(v);
}

export function syncNotificationMail(input: {
  locale: Locale;
  timeZone: string;
  vendor: string;
  integration: string;
  at: Date;
  added: MailEmployee[];
  updated: MailEmployee[];
  needsAction: MailNeedsAction[];
}): { subject: string; text: string } {
  const l = input.locale;
  const p = { vendor: input.vendor, integration: input.integration, added: input.added.length, updated: input.updated.length, when: when(input.locale, input.at, input.timeZone) };
  const field = (f: string) => named(l, 'field', f);
  const lines: string[] = [tx(l, 'intro', p), ''];
  const section = (title: string, list: MailEmployee[]) => {
    if (!list.length) return;
    lines.push(`${title} (${list.length})`, '');
    for (const e of list.slice(0, LIMIT)) {
      lines.push(`- ${e.name}`);
      for (const c of e.changes) lines.push(`    ${field(c.field)}: ${value(input.locale, c.old)} → ${value(input.locale, c.new)}`);
    }
    if (list.length > LIMIT) lines.push(tx(l, 'more', { count: list.length - LIMIT }));
    lines.push('');
  };
  section(tx(l, 'added'), input.added);
  section(tx(l, 'updated'), input.updated);
  if (input.needsAction.length) {
    lines.push(`${tx(l, 'needs_action')} (${input.needsAction.length})`, '');
    for (const n of input.needsAction.slice(0, LIMIT)) {
      const issues = n.issues.map((i) => named(l, 'issue', i)).join(', ');
      lines.push(`- ${n.name}${issues ? `: ${issues}` : ''}`);
    }
    if (input.needsAction.length > LIMIT) lines.push(tx(l, 'more', { count: input.needsAction.length - LIMIT }));
  }
  return { subject: tx(l, 'subject', p), text: lines.join('\n').trimEnd() + '\n' };
}

export function reconnectMail(input: { locale: Locale; timeZone: string; vendor: string; integration: string; at: Date; detail: string }) {
  const p = { vendor: input.vendor, integration: input.integration, when: when(input.locale, input.at, input.timeZone), detail: input.detail };
  return { subject: tx(input.locale, 'reconnect_subject', p), text: tx(input.locale, 'reconnect_body', p) };
}

/** A run that failed (not for refused credentials: reconnectMail): why, in the tenant's language, and the technical detail. */
export function failedRunMail(input: { locale: Locale; timeZone: string; vendor: string; integration: string; at: Date; code: string; detail: string }) {
  const p = { vendor: input.vendor, integration: input.integration, when: when(input.locale, input.at, input.timeZone), detail: input.detail };
  const reasonKey = `mail.sync.failure.${input.code}`;
  const reason = hasKey(reasonKey) ? t(input.locale, reasonKey as MessageKey, p) : tx(input.locale, 'failure.unexpected', p);
  return { subject: tx(input.locale, 'failed_subject', p), text: tx(input.locale, 'failed_body', { ...p, reason }) };
}
