import type { ErrorCode } from '../../domain/errors.ts';

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
    integration_credentials_invalid: '{vendor} refused these credentials. Check the client ID and secret.',
    integration_missing_rights: 'These {vendor} credentials lack rights: {missing}.',
    integration_unreachable: '{vendor} could not be reached at this address. Check the base URL and try again.',
    integration_inactive: 'This integration is deactivated.',
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
    duplicate: 'Er bestaat al een {entity} met deze waarde voor {field}.',
    in_use: 'Deze {entity} is nog in gebruik en kan niet worden verwijderd.',
    invalid_bsn: 'Dit BSN is niet geldig (het voldoet niet aan de elfproef).',
    invalid_reset_token: 'Deze link om je wachtwoord te herstellen is ongeldig of verlopen.',
    csv_invalid: 'Het bestand bevat {count} ongeldige regels; er is niets geïmporteerd.',
    role_too_high: 'Je kunt geen hogere rol toekennen dan je eigen rol.',
    last_owner: 'De laatste eigenaar kan niet worden verwijderd of teruggezet.',
    invalid_state: 'Deze actie is nu niet mogelijk: {detail}',
    integration_credentials_invalid: '{vendor} heeft deze inloggegevens geweigerd. Controleer de client-ID en het secret.',
    integration_missing_rights: 'Deze {vendor}-inloggegevens missen rechten: {missing}.',
    integration_unreachable: '{vendor} is op dit adres niet bereikbaar. Controleer de basis-URL en probeer het opnieuw.',
    integration_inactive: 'Deze koppeling is gedeactiveerd.',
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
    integration_credentials_invalid: '{vendor} hat diese Zugangsdaten abgelehnt. Prüfen Sie Client-ID und Secret.',
    integration_missing_rights: 'Diesen {vendor}-Zugangsdaten fehlen Rechte: {missing}.',
    integration_unreachable: '{vendor} ist unter dieser Adresse nicht erreichbar. Prüfen Sie die Basis-URL und versuchen Sie es erneut.',
    integration_inactive: 'Diese Integration ist deaktiviert.',
  },
};

/**
 * Wordings of one code for a narrower case, chosen by `params.variant` (the code stays stable for clients):
 * CalDAV has a user name and password where OAuth vendors have a client ID and secret.
 */
const variants: Record<Locale, Partial<Record<`${ErrorCode}.${string}`, string>>> = {
  en: { 'integration_credentials_invalid.caldav': '{vendor} refused these credentials. Check the user name and password.' },
  nl: { 'integration_credentials_invalid.caldav': '{vendor} heeft deze inloggegevens geweigerd. Controleer de gebruikersnaam en het wachtwoord.' },
  de: { 'integration_credentials_invalid.caldav': '{vendor} hat diese Zugangsdaten abgelehnt. Prüfen Sie Benutzername und Passwort.' },
};

export function errorMessage(locale: Locale, code: ErrorCode, params: Record<string, unknown> = {}): string {
  const variant = typeof params.variant === 'string' ? variants[locale][`${code}.${params.variant}`] : undefined;
  const template = variant ?? errors[locale][code] ?? errors.en[code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? '' : k === 'entity' || k === 'field' ? noun(locale, String(params[k])) : String(params[k])));
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

/** Names of entities and fields as they appear inside error messages. Unknown names pass through. */
const nouns: Record<Locale, Record<string, string>> = {
  en: {
    employee: 'employee', user: 'user', department: 'department', cost_center: 'cost center', contract_type: 'contract type',
    function: 'function', hour_component: 'hour component', wage_component: 'wage component', hour_component_rule: 'hour component rule',
    absence_type: 'absence type', absence: 'absence', shift: 'shift', contract: 'contract', api_token: 'API token', mail: 'mail',
    personnelNumber: 'personnel number', email: 'email address', name: 'name', code: 'code',
    // recruiting
    job_position: 'job position', candidate: 'candidate', application: 'application', interview_type: 'interview type', evaluation_form: 'evaluation form',
    recruiting_role: 'recruiting role', room: 'room', connection: 'connection', interview: 'interview', scheduling_link: 'scheduling link', candidateId: 'candidate', jobId: 'job position', title: 'title',
  },
  nl: {
    employee: 'medewerker', user: 'gebruiker', department: 'afdeling', cost_center: 'kostenplaats', contract_type: 'contracttype',
    function: 'functie', hour_component: 'urencomponent', wage_component: 'looncomponent', hour_component_rule: 'urenregel',
    absence_type: 'afwezigheidstype', absence: 'afwezigheid', shift: 'dienst', contract: 'contract', api_token: 'API-token', mail: 'mail',
    personnelNumber: 'personeelsnummer', email: 'e-mailadres', name: 'naam', code: 'code',
    // werving
    job_position: 'vacature', candidate: 'kandidaat', application: 'sollicitatie', interview_type: 'gesprekstype', evaluation_form: 'beoordelingsformulier',
    recruiting_role: 'wervingsrol', room: 'ruimte', connection: 'koppeling', interview: 'gesprek', scheduling_link: 'planningslink', candidateId: 'kandidaat', jobId: 'vacature', title: 'titel',
  },
  de: {
    employee: 'Mitarbeiter*in', user: 'Benutzer*in', department: 'Abteilung', cost_center: 'Kostenstelle', contract_type: 'Vertragsart',
    function: 'Funktion', hour_component: 'Stundenart', wage_component: 'Lohnart', hour_component_rule: 'Stundenregel',
    absence_type: 'Abwesenheitsart', absence: 'Abwesenheit', shift: 'Schicht', contract: 'Vertrag', api_token: 'API-Token', mail: 'E-Mail',
    personnelNumber: 'Personalnummer', email: 'E-Mail-Adresse', name: 'Name', code: 'Code',
    // Recruiting
    job_position: 'Stelle', candidate: 'Kandidat*in', application: 'Bewerbung', interview_type: 'Gesprächsart', evaluation_form: 'Bewertungsformular',
    recruiting_role: 'Recruiting-Rolle', room: 'Raum', connection: 'Verbindung', interview: 'Gespräch', scheduling_link: 'Terminlink', candidateId: 'Kandidat*in', jobId: 'Stelle', title: 'Titel',
  },
};
export const noun = (locale: Locale, word: string) => nouns[locale][word] ?? word;

type Issue = { code?: string; input?: unknown; minimum?: number | bigint; maximum?: number | bigint; format?: string; values?: unknown[]; origin?: string; expected?: string };
const issueTexts: Record<Locale, Record<string, string>> = {
  en: { required: 'Required.', invalid_type: 'Expected {expected}.', too_small: 'Must be at least {minimum}.', too_small_string: 'Must have at least {minimum} characters.', too_big: 'Must be at most {maximum}.', too_big_string: 'Must have at most {maximum} characters.', email: 'Not a valid email address.', uuid: 'Not a valid id.', date: 'Expected a date as YYYY-MM-DD.', time: 'Expected a time as HH:MM.', format: 'Not in the expected format.', invalid_value: 'Choose one of: {values}.', custom: 'Not a valid value.' },
  nl: { required: 'Verplicht.', invalid_type: 'Verwacht: {expected}.', too_small: 'Moet minstens {minimum} zijn.', too_small_string: 'Moet minstens {minimum} tekens hebben.', too_big: 'Mag hoogstens {maximum} zijn.', too_big_string: 'Mag hoogstens {maximum} tekens hebben.', email: 'Geen geldig e-mailadres.', uuid: 'Geen geldige id.', date: 'Verwacht een datum als JJJJ-MM-DD.', time: 'Verwacht een tijd als UU:MM.', format: 'Niet in het verwachte formaat.', invalid_value: 'Kies uit: {values}.', custom: 'Geen geldige waarde.' },
  de: { required: 'Pflichtfeld.', invalid_type: 'Erwartet: {expected}.', too_small: 'Muss mindestens {minimum} sein.', too_small_string: 'Muss mindestens {minimum} Zeichen haben.', too_big: 'Darf höchstens {maximum} sein.', too_big_string: 'Darf höchstens {maximum} Zeichen haben.', email: 'Keine gültige E-Mail-Adresse.', uuid: 'Keine gültige ID.', date: 'Erwartet ein Datum als JJJJ-MM-TT.', time: 'Erwartet eine Uhrzeit als HH:MM.', format: 'Nicht im erwarteten Format.', invalid_value: 'Wählen Sie aus: {values}.', custom: 'Kein gültiger Wert.' },
};

/** Field-level validation message in the user's language, from a zod issue; falls back to zod's own text. */
export function issueMessage(locale: Locale, issue: Issue | undefined, fallback: string): string {
  if (!issue?.code) return fallback;
  const t = issueTexts[locale];
  const f = (key: string) => fill(t[key], { minimum: String(issue.minimum ?? ''), maximum: String(issue.maximum ?? ''), expected: String(issue.expected ?? ''), values: (issue.values ?? []).join(', ') });
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? t.required : f('invalid_type');
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return t.required;
      return f(issue.origin === 'string' ? 'too_small_string' : 'too_small');
    case 'too_big':
      return f(issue.origin === 'string' ? 'too_big_string' : 'too_big');
    case 'invalid_format':
      if (issue.format === 'email' || issue.format === 'uuid') return t[issue.format];
      if (/date/i.test(fallback)) return t.date;
      if (/time/i.test(fallback)) return t.time;
      return t.format;
    case 'invalid_value':
      return f('invalid_value');
    case 'custom':
      if (/date/i.test(fallback)) return t.date;
      if (/time/i.test(fallback)) return t.time;
      return t.custom;
    default:
      return fallback;
  }
}

/**
 * Field-level details that services raise with `invalidField(field, englishText)`: translated here, at the
 * HTTP boundary, so a service keeps one short English sentence and the caller reads it in their language.
 * "Unknown <thing>" is handled once with the noun table; a text not listed stays as written.
 */
const detailTexts: Record<Exclude<Locale, 'en'>, Record<string, string>> = {
  nl: {
    Required: 'Verplicht.',
    'The end lies before the start': 'Het einde ligt vóór het begin.',
    'The end date lies before the start date': 'De einddatum ligt vóór de begindatum.',
    'A time as HH:MM': 'Een tijd als UU:MM.',
    'At least one interviewer': 'Kies minstens één interviewer.',
    'Each weekday at most once': 'Elke weekdag hoogstens één keer.',
    'Listed twice': 'Staat er twee keer in.',
    'The start lies in the past': 'Het begin ligt in het verleden.',
    'The host must be one of the interviewers': 'De host moet een van de interviewers zijn.',
    'The video host must stay an interviewer': 'De host van de videoconferentie moet interviewer blijven.',
    'The host has not connected this video provider': 'De host heeft deze videodienst niet gekoppeld.',
    'Must be responsible for this job position': 'Moet verantwoordelijk zijn voor deze vacature.',
    'Not an interviewer or room of this interview': 'Geen interviewer of ruimte van dit gesprek.',
    'No evaluation form chosen for this interview': 'Voor dit gesprek is geen evaluatieformulier gekozen.',
    'Question ids must be unique': 'Vraag-id’s moeten uniek zijn.',
    'Unknown or expired authorisation; start connecting again': 'Onbekende of verlopen autorisatie; begin opnieuw met koppelen.',
    'The break is longer than the shift': 'De pauze is langer dan de dienst.',
    'More hours than the days have': 'Meer uren dan de dagen hebben.',
    'Give the number of hours': 'Geef het aantal uren op.',
    'Give both timeFrom and timeTo, or neither': 'Geef zowel begin- als eindtijd, of geen van beide.',
    'timeTo must differ from timeFrom': 'De eindtijd moet verschillen van de begintijd.',
    'Between 1 and 35': 'Tussen 1 en 35.',
    'Yes or no': 'Ja of nee.',
    Text: 'Tekst.',
    Unknown: 'Onbekend.',
    'Unknown time zone': 'Onbekende tijdzone.',
    'A private or local network address is not allowed': 'Een adres in een privé- of lokaal netwerk is niet toegestaan.',
  },
  de: {
    Required: 'Pflichtfeld.',
    'The end lies before the start': 'Das Ende liegt vor dem Beginn.',
    'The end date lies before the start date': 'Das Enddatum liegt vor dem Startdatum.',
    'A time as HH:MM': 'Eine Uhrzeit als HH:MM.',
    'At least one interviewer': 'Wählen Sie mindestens eine*n Interviewer*in.',
    'Each weekday at most once': 'Jeder Wochentag höchstens einmal.',
    'Listed twice': 'Doppelt aufgeführt.',
    'The start lies in the past': 'Der Beginn liegt in der Vergangenheit.',
    'The host must be one of the interviewers': 'Der Host muss eine*r der Interviewer*innen sein.',
    'The video host must stay an interviewer': 'Der Host der Videokonferenz muss Interviewer*in bleiben.',
    'The host has not connected this video provider': 'Der Host hat diesen Videodienst nicht verbunden.',
    'Must be responsible for this job position': 'Muss für diese Stelle verantwortlich sein.',
    'Not an interviewer or room of this interview': 'Kein*e Interviewer*in und kein Raum dieses Gesprächs.',
    'No evaluation form chosen for this interview': 'Für dieses Gespräch wurde kein Bewertungsformular gewählt.',
    'Question ids must be unique': 'Fragen-IDs müssen eindeutig sein.',
    'Unknown or expired authorisation; start connecting again': 'Unbekannte oder abgelaufene Autorisierung; verbinden Sie erneut.',
    'The break is longer than the shift': 'Die Pause ist länger als die Schicht.',
    'More hours than the days have': 'Mehr Stunden, als die Tage haben.',
    'Give the number of hours': 'Geben Sie die Anzahl der Stunden an.',
    'Give both timeFrom and timeTo, or neither': 'Geben Sie Beginn- und Endzeit an, oder keine von beiden.',
    'timeTo must differ from timeFrom': 'Die Endzeit muss sich von der Beginnzeit unterscheiden.',
    'Between 1 and 35': 'Zwischen 1 und 35.',
    'Yes or no': 'Ja oder nein.',
    Text: 'Text.',
    Unknown: 'Unbekannt.',
    'Unknown time zone': 'Unbekannte Zeitzone.',
    'A private or local network address is not allowed': 'Eine Adresse in einem privaten oder lokalen Netz ist nicht erlaubt.',
  },
};

const UNKNOWN_NOUNS: Record<string, string> = {
  user: 'user', room: 'room', 'interview type': 'interview_type', 'hour component': 'hour_component', 'evaluation form': 'evaluation_form',
  employee: 'employee', department: 'department', 'recruiting role': 'recruiting_role', question: 'question', 'job position': 'job_position',
  'cost center': 'cost_center', candidate: 'candidate', application: 'application', 'absence type': 'absence_type',
};

export function detailMessage(locale: Locale, message: string): string {
  if (locale === 'en') return message;
  const direct = detailTexts[locale][message];
  if (direct) return direct;
  const unknown = /^Unknown (.+)$/.exec(message);
  if (unknown && UNKNOWN_NOUNS[unknown[1]!]) {
    const word = noun(locale, UNKNOWN_NOUNS[unknown[1]!]!);
    return locale === 'nl' ? `Bestaat niet: ${word}.` : `Existiert nicht: ${word}.`;
  }
  return message;
}
