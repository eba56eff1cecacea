import type { ErrorCode } from '../lib/errors.ts';

export type Locale = 'nl' | 'de' | 'en';
export const LOCALES: Locale[] = ['nl', 'de', 'en'];

type Catalog = Record<ErrorCode, string>;

/** Server-side error messages. {name} placeholders are filled from AppError params. */
const errors: Record<Locale, Catalog> = {
  en: {
    validation_failed: 'Some fields are not valid.',
    not_found: 'Not found.',
    unauthenticated: 'Please log in.',
    forbidden: 'You do not have permission to do this.',
    csrf_failed: 'Your session token is missing or invalid. Reload the page and try again.',
    invalid_credentials: 'Email address or password is incorrect.',
    rate_limited: 'Too many attempts. Try again in a minute.',
    conflict: 'This conflicts with existing data: {detail}',
    duplicate: 'A {entity} with this {field} already exists.',
    in_use: 'This {entity} is still in use and cannot be deleted.',
    invalid_bsn: 'This BSN is not valid (it fails the 11-test).',
    invalid_reset_token: 'This password reset link is invalid or has expired.',
    csv_invalid: 'The file has {count} invalid rows; nothing was imported.',
    role_too_high: 'You cannot grant a role higher than your own.',
    last_owner: 'The last owner cannot be removed or demoted.',
    invalid_state: 'This action is not possible in the current state: {detail}',
  },
  nl: {
    validation_failed: 'Sommige velden zijn niet geldig.',
    not_found: 'Niet gevonden.',
    unauthenticated: 'Log eerst in.',
    forbidden: 'Je hebt geen rechten om dit te doen.',
    csrf_failed: 'Je sessietoken ontbreekt of is ongeldig. Herlaad de pagina en probeer het opnieuw.',
    invalid_credentials: 'E-mailadres of wachtwoord is onjuist.',
    rate_limited: 'Te veel pogingen. Probeer het over een minuut opnieuw.',
    conflict: 'Dit botst met bestaande gegevens: {detail}',
    duplicate: 'Er bestaat al een {entity} met deze {field}.',
    in_use: 'Deze {entity} is nog in gebruik en kan niet worden verwijderd.',
    invalid_bsn: 'Dit BSN is niet geldig (het voldoet niet aan de elfproef).',
    invalid_reset_token: 'Deze link om je wachtwoord te herstellen is ongeldig of verlopen.',
    csv_invalid: 'Het bestand bevat {count} ongeldige regels; er is niets geïmporteerd.',
    role_too_high: 'Je kunt geen hogere rol toekennen dan je eigen rol.',
    last_owner: 'De laatste eigenaar kan niet worden verwijderd of teruggezet.',
    invalid_state: 'Deze actie is nu niet mogelijk: {detail}',
  },
  de: {
    validation_failed: 'Einige Felder sind ungültig.',
    not_found: 'Nicht gefunden.',
    unauthenticated: 'Bitte melden Sie sich an.',
    forbidden: 'Sie haben keine Berechtigung dafür.',
    csrf_failed: 'Ihr Sitzungstoken fehlt oder ist ungültig. Laden Sie die Seite neu und versuchen Sie es erneut.',
    invalid_credentials: 'E-Mail-Adresse oder Passwort ist falsch.',
    rate_limited: 'Zu viele Versuche. Versuchen Sie es in einer Minute erneut.',
    conflict: 'Das steht im Widerspruch zu vorhandenen Daten: {detail}',
    duplicate: 'Ein(e) {entity} mit diesem Wert für {field} existiert bereits.',
    in_use: 'Diese(r) {entity} wird noch verwendet und kann nicht gelöscht werden.',
    invalid_bsn: 'Diese BSN ist ungültig (Elferprobe nicht bestanden).',
    invalid_reset_token: 'Dieser Link zum Zurücksetzen des Passworts ist ungültig oder abgelaufen.',
    csv_invalid: 'Die Datei enthält {count} ungültige Zeilen; es wurde nichts importiert.',
    role_too_high: 'Sie können keine höhere Rolle als Ihre eigene vergeben.',
    last_owner: 'Der letzte Eigentümer kann nicht entfernt oder herabgestuft werden.',
    invalid_state: 'Diese Aktion ist im aktuellen Zustand nicht möglich: {detail}',
  },
};

export function errorMessage(locale: Locale, code: ErrorCode, params: Record<string, unknown> = {}): string {
  const template = errors[locale][code] ?? errors.en[code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? '' : String(params[k])));
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
  for (const { lang } of ranked) if ((LOCALES as string[]).includes(lang)) return lang as Locale;
  return fallback;
}

/** Mail texts, per locale. */
export const mailTexts = {
  passwordReset: {
    en: { subject: 'Reset your Koppel password', body: 'Hello {name},\n\nUse this link within one hour to choose a new password:\n{link}\n\nIf you did not ask for this, ignore this mail.' },
    nl: { subject: 'Herstel je Koppel-wachtwoord', body: 'Hallo {name},\n\nGebruik deze link binnen een uur om een nieuw wachtwoord te kiezen:\n{link}\n\nHeb je hier niet om gevraagd? Dan kun je deze mail negeren.' },
    de: { subject: 'Ihr Koppel-Passwort zurücksetzen', body: 'Hallo {name},\n\nÜber diesen Link können Sie innerhalb einer Stunde ein neues Passwort wählen:\n{link}\n\nFalls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.' },
  },
  welcome: {
    en: { subject: 'Your Koppel account', body: 'Hello {name},\n\nAn account was created for you at {url}. Choose your password here:\n{link}' },
    nl: { subject: 'Je Koppel-account', body: 'Hallo {name},\n\nEr is een account voor je aangemaakt op {url}. Kies hier je wachtwoord:\n{link}' },
    de: { subject: 'Ihr Koppel-Konto', body: 'Hallo {name},\n\nFür Sie wurde ein Konto auf {url} angelegt. Wählen Sie hier Ihr Passwort:\n{link}' },
  },
} as const;

export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}
