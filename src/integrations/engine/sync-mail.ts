import type { Locale } from '../../platform/db/schema.ts';

/** The mails the sync engine sends (F-15 notification, F-10 reconnect), in the tenant's language. BSNs appear masked at most. */

export type MailChange = { field: string; old: unknown; new: unknown };
export type MailEmployee = { name: string; changes: MailChange[] };
export type MailNeedsAction = { name: string; issues: string[] };

const T = {
  en: {
    subject: '{vendor} sync "{integration}": {added} added, {updated} updated',
    intro: 'The {vendor} sync "{integration}" ran on {when} and changed the following in Koppel.',
    added: 'Added employees',
    updated: 'Changed employees',
    needsAction: 'Needs action (open the integration\'s employee lists)',
    more: '… and {count} more',
    empty: '(empty)',
    reconnectSubject: '{vendor} integration "{integration}": reconnect needed',
    reconnectBody:
      'Koppel could not sign in to {vendor} for the integration "{integration}" ({when}).\nThe credentials were refused or lack rights, so syncing has stopped until they are renewed.\n\nOpen Settings → Integrations in Koppel and enter valid credentials.\n\nDetail: {detail}',
    fields: {
      firstName: 'First name', prefix: 'Prefix', lastName: 'Last name', email: 'Email', personnelNumber: 'Personnel number', bsn: 'BSN',
      birthDate: 'Birth date', street: 'Street', houseNumber: 'House number', postalCode: 'Postal code', city: 'City', country: 'Country',
      phone: 'Phone', status: 'Status', startDate: 'Contract start', endDate: 'Contract end', department: 'Department',
      contractType: 'Contract type', function: 'Function', weeklyHours: 'Weekly hours', hourlyWage: 'Hourly wage',
    },
    issues: {
      weak_match: 'only name and birth date match an employee', match_conflict: 'matches several employees', proposed_add: 'new: add or link',
      possible_duplicate: 'may be the same person as another new record', personnel_number_conflict: 'personnel number already used',
      personnel_number_taken: 'personnel number already used', linked_employee_missing: 'the linked employee was deleted', vendor_data_invalid: 'name or email arrived malformed',
    },
    values: { active: 'active', former: 'former' },
  },
  nl: {
    subject: '{vendor}-synchronisatie "{integration}": {added} toegevoegd, {updated} bijgewerkt',
    intro: 'De {vendor}-synchronisatie "{integration}" is uitgevoerd op {when} en heeft het volgende in Koppel gewijzigd.',
    added: 'Toegevoegde medewerkers',
    updated: 'Gewijzigde medewerkers',
    needsAction: 'Actie nodig (open de medewerkerslijsten van de koppeling)',
    more: '… en nog {count}',
    empty: '(leeg)',
    reconnectSubject: '{vendor}-koppeling "{integration}": opnieuw verbinden nodig',
    reconnectBody:
      'Koppel kon niet inloggen bij {vendor} voor de koppeling "{integration}" ({when}).\nDe inloggegevens zijn geweigerd of hebben te weinig rechten; de synchronisatie staat stil tot ze zijn vernieuwd.\n\nOpen Instellingen → Koppelingen in Koppel en vul geldige gegevens in.\n\nDetail: {detail}',
    fields: {
      firstName: 'Voornaam', prefix: 'Tussenvoegsel', lastName: 'Achternaam', email: 'E-mail', personnelNumber: 'Personeelsnummer', bsn: 'BSN',
      birthDate: 'Geboortedatum', street: 'Straat', houseNumber: 'Huisnummer', postalCode: 'Postcode', city: 'Plaats', country: 'Land',
      phone: 'Telefoon', status: 'Status', startDate: 'Begin contract', endDate: 'Einde contract', department: 'Afdeling',
      contractType: 'Contracttype', function: 'Functie', weeklyHours: 'Contracturen', hourlyWage: 'Uurloon',
    },
    issues: {
      weak_match: 'alleen naam en geboortedatum komen overeen', match_conflict: 'komt overeen met meerdere medewerkers', proposed_add: 'nieuw: toevoegen of koppelen',
      possible_duplicate: 'mogelijk dezelfde persoon als een ander nieuw record', personnel_number_conflict: 'personeelsnummer al in gebruik',
      personnel_number_taken: 'personeelsnummer al in gebruik', linked_employee_missing: 'de gekoppelde medewerker is verwijderd', vendor_data_invalid: 'naam of e-mail kwam onleesbaar binnen',
    },
    values: { active: 'in dienst', former: 'uit dienst' },
  },
  de: {
    subject: '{vendor}-Synchronisation „{integration}“: {added} hinzugefügt, {updated} aktualisiert',
    intro: 'Die {vendor}-Synchronisation „{integration}“ lief am {when} und hat in Koppel Folgendes geändert.',
    added: 'Hinzugefügte Mitarbeitende',
    updated: 'Geänderte Mitarbeitende',
    needsAction: 'Aktion erforderlich (öffnen Sie die Mitarbeiterlisten der Integration)',
    more: '… und {count} weitere',
    empty: '(leer)',
    reconnectSubject: '{vendor}-Integration „{integration}“: neu verbinden erforderlich',
    reconnectBody:
      'Koppel konnte sich für die Integration „{integration}“ nicht bei {vendor} anmelden ({when}).\nDie Zugangsdaten wurden abgelehnt oder haben zu wenige Rechte; die Synchronisation ruht, bis sie erneuert sind.\n\nÖffnen Sie in Koppel Einstellungen → Integrationen und geben Sie gültige Zugangsdaten ein.\n\nDetail: {detail}',
    fields: {
      firstName: 'Vorname', prefix: 'Namenszusatz', lastName: 'Nachname', email: 'E-Mail', personnelNumber: 'Personalnummer', bsn: 'BSN',
      birthDate: 'Geburtsdatum', street: 'Straße', houseNumber: 'Hausnummer', postalCode: 'Postleitzahl', city: 'Ort', country: 'Land',
      phone: 'Telefon', status: 'Status', startDate: 'Vertragsbeginn', endDate: 'Vertragsende', department: 'Abteilung',
      contractType: 'Vertragsart', function: 'Funktion', weeklyHours: 'Wochenstunden', hourlyWage: 'Stundenlohn',
    },
    issues: {
      weak_match: 'nur Name und Geburtsdatum stimmen überein', match_conflict: 'passt zu mehreren Mitarbeitenden', proposed_add: 'neu: hinzufügen oder verknüpfen',
      possible_duplicate: 'vielleicht dieselbe Person wie ein anderer neuer Datensatz', personnel_number_conflict: 'Personalnummer bereits vergeben',
      personnel_number_taken: 'Personalnummer bereits vergeben', linked_employee_missing: 'die verknüpfte Person wurde gelöscht', vendor_data_invalid: 'Name oder E-Mail kam fehlerhaft an',
    },
    values: { active: 'aktiv', former: 'ausgeschieden' },
  },
} as const;

const fill = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));
const LIMIT = 200;

function when(locale: Locale, at: Date, timeZone: string) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
}

function value(locale: Locale, v: unknown): string {
  const t = T[locale];
  if (v === null || v === undefined || v === '') return t.empty;
  if (v === 'active' || v === 'former') return t.values[v];
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
  const t = T[input.locale];
  const p = { vendor: input.vendor, integration: input.integration, added: input.added.length, updated: input.updated.length, when: when(input.locale, input.at, input.timeZone) };
  const field = (f: string) => (t.fields as Record<string, string>)[f] ?? f;
  const lines: string[] = [fill(t.intro, p), ''];
  const section = (title: string, list: MailEmployee[]) => {
    if (!list.length) return;
    lines.push(`${title} (${list.length})`, '');
    for (const e of list.slice(0, LIMIT)) {
      lines.push(`- ${e.name}`);
      for (const c of e.changes) lines.push(`    ${field(c.field)}: ${value(input.locale, c.old)} → ${value(input.locale, c.new)}`);
    }
    if (list.length > LIMIT) lines.push(fill(t.more, { count: list.length - LIMIT }));
    lines.push('');
  };
  section(t.added, input.added);
  section(t.updated, input.updated);
  if (input.needsAction.length) {
    lines.push(`${t.needsAction} (${input.needsAction.length})`, '');
    for (const n of input.needsAction.slice(0, LIMIT)) {
      const issues = n.issues.map((i) => (t.issues as Record<string, string>)[i] ?? i).join(', ');
      lines.push(`- ${n.name}${issues ? `: ${issues}` : ''}`);
    }
    if (input.needsAction.length > LIMIT) lines.push(fill(t.more, { count: input.needsAction.length - LIMIT }));
  }
  return { subject: fill(t.subject, p), text: lines.join('\n').trimEnd() + '\n' };
}

export function reconnectMail(input: { locale: Locale; timeZone: string; vendor: string; integration: string; at: Date; detail: string }) {
  const t = T[input.locale];
  const p = { vendor: input.vendor, integration: input.integration, when: when(input.locale, input.at, input.timeZone), detail: input.detail };
  return { subject: fill(t.reconnectSubject, p), text: fill(t.reconnectBody, p) };
}
