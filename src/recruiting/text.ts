import { AppError } from '../domain/errors.ts';

/** Recruiting texts in nl/de/en: mail templates and the detail part of errors (the error envelope itself comes from src/i18n). */
export type Lang = 'nl' | 'de' | 'en';
export const asLang = (v: unknown): Lang => (v === 'nl' || v === 'de' || v === 'en' ? v : 'en');

const details = {
  slot_taken: {
    en: '{who} is already booked at this time.',
    nl: '{who} is op dit moment al ingepland.',
    de: '{who} ist zu dieser Zeit bereits belegt.',
  },
  calendar_busy: {
    en: "{who}'s calendar is busy at this time.",
    nl: 'De agenda van {who} is op dit moment bezet.',
    de: 'Der Kalender von {who} ist zu dieser Zeit belegt.',
  },
  host_busy: {
    en: '{who} already hosts a video conference at this time.',
    nl: '{who} host op dit moment al een videogesprek.',
    de: '{who} hostet zu dieser Zeit bereits eine Videokonferenz.',
  },
  interview_closed: {
    en: 'the interview is {status}.',
    nl: 'het gesprek is {status}.',
    de: 'das Gespräch ist {status}.',
  },
  link_used: { en: 'this scheduling link has already been used.', nl: 'deze planningslink is al gebruikt.', de: 'dieser Terminlink wurde bereits verwendet.' },
  link_expired: { en: 'this scheduling link has expired.', nl: 'deze planningslink is verlopen.', de: 'dieser Terminlink ist abgelaufen.' },
  link_revoked: { en: 'this scheduling link was withdrawn.', nl: 'deze planningslink is ingetrokken.', de: 'dieser Terminlink wurde zurückgezogen.' },
  option_gone: { en: 'this time is no longer available. Choose another one.', nl: 'dit tijdstip is niet meer beschikbaar. Kies een ander.', de: 'dieser Termin ist nicht mehr frei. Wählen Sie einen anderen.' },
  oauth_app_missing: {
    en: 'no OAuth app is set up for {kind}. An administrator can add it under recruiting settings.',
    nl: 'er is geen OAuth-app ingesteld voor {kind}. Een beheerder kan die toevoegen bij de werving-instellingen.',
    de: 'für {kind} ist keine OAuth-App eingerichtet. Eine Administratorin kann sie in den Recruiting-Einstellungen hinzufügen.',
  },
  reconnect_needed: {
    en: 'the {kind} connection needs to be reconnected.',
    nl: 'de {kind}-koppeling moet opnieuw worden verbonden.',
    de: 'die {kind}-Verbindung muss neu verbunden werden.',
  },
  status: {
    en: { scheduled: 'scheduled', completed: 'completed', cancelled: 'cancelled' },
    nl: { scheduled: 'gepland', completed: 'afgerond', cancelled: 'geannuleerd' },
    de: { scheduled: 'geplant', completed: 'abgeschlossen', cancelled: 'abgesagt' },
  },
} as const;

type DetailKey = Exclude<keyof typeof details, 'status'>;

export function detail(lang: Lang, key: DetailKey, params: Record<string, string> = {}): string {
  return fill(details[key][lang], params);
}
export const statusWord = (lang: Lang, s: 'scheduled' | 'completed' | 'cancelled') => details.status[lang][s];

export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}

export const conflict = (lang: Lang, key: DetailKey, params: Record<string, string> = {}, field?: string) =>
  new AppError('conflict', { detail: detail(lang, key, params) }, field ? [{ field, message: detail(lang, key, params) }] : undefined);
export const invalidState = (lang: Lang, key: DetailKey, params: Record<string, string> = {}) =>
  new AppError('invalid_state', { detail: detail(lang, key, params) });

/** Why a calendar could not be read (availability per participant and room), by connection status or ProviderError code. */
const calendarErrors: Record<string, Record<Lang, string>> = {
  not_connected: { en: 'No calendar connected.', nl: 'Geen agenda gekoppeld.', de: 'Kein Kalender verbunden.' },
  reconnect_needed: { en: 'The calendar connection needs to be reconnected.', nl: 'De agendakoppeling moet opnieuw worden verbonden.', de: 'Die Kalenderverbindung muss neu verbunden werden.' },
  invalid_credentials: { en: 'The calendar refused the stored credentials. Reconnect the calendar.', nl: 'De agenda weigert de opgeslagen inloggegevens. Koppel de agenda opnieuw.', de: 'Der Kalender lehnt die gespeicherten Zugangsdaten ab. Verbinden Sie den Kalender neu.' },
  forbidden: { en: 'The calendar connection may not read free/busy time.', nl: 'De agendakoppeling mag de beschikbaarheid niet lezen.', de: 'Die Kalenderverbindung darf die Verfügbarkeit nicht lesen.' },
  not_found: { en: 'The connected calendar no longer exists.', nl: 'De gekoppelde agenda bestaat niet meer.', de: 'Der verbundene Kalender existiert nicht mehr.' },
  rate_limited: { en: 'The calendar service is busy. Try again in a minute.', nl: 'De agendadienst is druk. Probeer het over een minuut opnieuw.', de: 'Der Kalenderdienst ist ausgelastet. Versuchen Sie es in einer Minute erneut.' },
  bad_response: { en: 'The calendar server sent an answer Koppel could not read.', nl: 'De agendaserver stuurde een antwoord dat Koppel niet kon lezen.', de: 'Der Kalenderserver hat eine Antwort gesendet, die Koppel nicht lesen konnte.' },
  unavailable: { en: 'The calendar could not be reached.', nl: 'De agenda was niet bereikbaar.', de: 'Der Kalender war nicht erreichbar.' },
};
export const calendarErrorMessage = (lang: Lang, code: string): string => (calendarErrors[code] ?? calendarErrors.unavailable!)[lang];

/** Mail templates. {placeholders} are filled by the sender. */
export const mails = {
  candidateInvite: {
    en: {
      subject: 'Invitation: {job} interview on {when}',
      body: 'Dear {name},\n\nYou are invited to an interview for the position {job}.\n\nWhen: {when} ({zone})\n{where}\n{message}\nThe invitation is attached; accepting it adds the interview to your calendar.\n\nKind regards,\n{organizer}\n{company}',
    },
    nl: {
      subject: 'Uitnodiging: sollicitatiegesprek {job} op {when}',
      body: 'Beste {name},\n\nJe bent uitgenodigd voor een gesprek voor de functie {job}.\n\nWanneer: {when} ({zone})\n{where}\n{message}\nDe uitnodiging zit in de bijlage; accepteer hem om het gesprek in je agenda te zetten.\n\nMet vriendelijke groet,\n{organizer}\n{company}',
    },
    de: {
      subject: 'Einladung: Gespräch {job} am {when}',
      body: 'Guten Tag {name},\n\nSie sind zu einem Gespräch für die Stelle {job} eingeladen.\n\nWann: {when} ({zone})\n{where}\n{message}\nDie Einladung ist angehängt; wenn Sie sie annehmen, steht das Gespräch in Ihrem Kalender.\n\nMit freundlichen Grüßen\n{organizer}\n{company}',
    },
  },
  candidateUpdate: {
    en: { subject: 'Changed: {job} interview, now on {when}', body: 'Dear {name},\n\nThe time of your interview for {job} has changed.\n\nNew time: {when} ({zone})\n{where}\n{message}\nThe updated invitation is attached.\n\nKind regards,\n{organizer}\n{company}' },
    nl: { subject: 'Gewijzigd: gesprek {job}, nu op {when}', body: 'Beste {name},\n\nHet tijdstip van je gesprek voor {job} is gewijzigd.\n\nNieuw tijdstip: {when} ({zone})\n{where}\n{message}\nDe bijgewerkte uitnodiging zit in de bijlage.\n\nMet vriendelijke groet,\n{organizer}\n{company}' },
    de: { subject: 'Geändert: Gespräch {job}, jetzt am {when}', body: 'Guten Tag {name},\n\nDer Termin Ihres Gesprächs für {job} hat sich geändert.\n\nNeuer Termin: {when} ({zone})\n{where}\n{message}\nDie aktualisierte Einladung ist angehängt.\n\nMit freundlichen Grüßen\n{organizer}\n{company}' },
  },
  candidateCancel: {
    en: { subject: 'Cancelled: {job} interview on {when}', body: 'Dear {name},\n\nYour interview for {job} on {when} ({zone}) has been cancelled.\n{message}\nKind regards,\n{organizer}\n{company}' },
    nl: { subject: 'Geannuleerd: gesprek {job} op {when}', body: 'Beste {name},\n\nJe gesprek voor {job} op {when} ({zone}) is geannuleerd.\n{message}\nMet vriendelijke groet,\n{organizer}\n{company}' },
    de: { subject: 'Abgesagt: Gespräch {job} am {when}', body: 'Guten Tag {name},\n\nIhr Gespräch für {job} am {when} ({zone}) wurde abgesagt.\n{message}\nMit freundlichen Grüßen\n{organizer}\n{company}' },
  },
  interviewerCancel: {
    en: { subject: 'Cancelled: interview with {candidate} on {when}', body: 'Hello {name},\n\nThe interview with {candidate} for {job} on {when} ({zone}) has been cancelled.\n{message}' },
    nl: { subject: 'Geannuleerd: gesprek met {candidate} op {when}', body: 'Hallo {name},\n\nHet gesprek met {candidate} voor {job} op {when} ({zone}) is geannuleerd.\n{message}' },
    de: { subject: 'Abgesagt: Gespräch mit {candidate} am {when}', body: 'Hallo {name},\n\nDas Gespräch mit {candidate} für {job} am {when} ({zone}) wurde abgesagt.\n{message}' },
  },
  declined: {
    en: { subject: '{who} declined the interview with {candidate}', body: 'Hello {name},\n\n{who} declined the interview with {candidate} for {job} on {when} ({zone}).\n\n{replacements}\n\nOpen the interview: {link}' },
    nl: { subject: '{who} heeft het gesprek met {candidate} afgewezen', body: 'Hallo {name},\n\n{who} heeft het gesprek met {candidate} voor {job} op {when} ({zone}) afgewezen.\n\n{replacements}\n\nOpen het gesprek: {link}' },
    de: { subject: '{who} hat das Gespräch mit {candidate} abgelehnt', body: 'Hallo {name},\n\n{who} hat das Gespräch mit {candidate} für {job} am {when} ({zone}) abgelehnt.\n\n{replacements}\n\nGespräch öffnen: {link}' },
  },
  replacementsFound: { en: 'Free at that time: {names}.', nl: 'Op dat moment beschikbaar: {names}.', de: 'Zu dieser Zeit frei: {names}.' },
  replacementsNone: { en: 'Nobody else is free at that time.', nl: 'Niemand anders is op dat moment beschikbaar.', de: 'Niemand sonst ist zu dieser Zeit frei.' },
  evaluationReminder: {
    en: { subject: 'Please fill in the evaluation for {candidate}', body: 'Hello {name},\n\nThank you for interviewing {candidate} for {job} on {when}. Please fill in the evaluation form "{form}":\n{link}' },
    nl: { subject: 'Vul de beoordeling voor {candidate} in', body: 'Hallo {name},\n\nBedankt voor het gesprek met {candidate} voor {job} op {when}. Vul het beoordelingsformulier "{form}" in:\n{link}' },
    de: { subject: 'Bitte füllen Sie die Bewertung für {candidate} aus', body: 'Hallo {name},\n\nDanke für das Gespräch mit {candidate} für {job} am {when}. Bitte füllen Sie das Bewertungsformular "{form}" aus:\n{link}' },
  },
  schedulingLink: {
    en: { subject: 'Choose a time for your {job} interview', body: 'Dear {name},\n\nPlease choose a time for your interview for {job} ({duration} minutes) here:\n{link}\n\nThe link is valid until {until}.\n{message}\nKind regards,\n{company}' },
    nl: { subject: 'Kies een tijdstip voor je gesprek {job}', body: 'Beste {name},\n\nKies hier een tijdstip voor je gesprek voor {job} ({duration} minuten):\n{link}\n\nDe link is geldig tot {until}.\n{message}\nMet vriendelijke groet,\n{company}' },
    de: { subject: 'Wählen Sie einen Termin für Ihr Gespräch {job}', body: 'Guten Tag {name},\n\nbitte wählen Sie hier einen Termin für Ihr Gespräch für {job} ({duration} Minuten):\n{link}\n\nDer Link ist gültig bis {until}.\n{message}\nMit freundlichen Grüßen\n{company}' },
  },
  where: {
    video: { en: 'Video: {url}', nl: 'Video: {url}', de: 'Video: {url}' },
    phone: { en: 'By phone: {phone}', nl: 'Telefonisch: {phone}', de: 'Telefonisch: {phone}' },
    in_person: { en: 'Where: {location}', nl: 'Waar: {location}', de: 'Wo: {location}' },
  },
} as const;

const LOCALE_TAG: Record<Lang, string> = { en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };

/** "Tuesday 24 November 2026, 10:00" in the reader's language and the given zone. */
export function formatWhen(lang: Lang, epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[lang], { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(epochMs));
}
