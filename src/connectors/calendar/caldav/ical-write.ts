import { Temporal } from 'temporal-polyfill';
import type { CalendarEventInput, EventAttendee } from '../calendar-provider.ts';

/**
 * Writes the interview VEVENT stored in an interviewer's CalDAV calendar (iTIP RFC 5546 semantics,
 * RFC 6638 for the server's implicit scheduling). Written by hand rather than with a generator library:
 * the few lines are easy to get exactly right and ical-generator renders process-local wall clocks.
 *
 * - DTSTART/DTEND carry TZID=<the organizer's IANA zone> plus a VTIMEZONE (Outlook misreads invites
 *   without one); UTC events are written with Z and no VTIMEZONE.
 * - Never a METHOD: this is a stored CalDAV resource, not an iTIP message.
 * - CLASS:PRIVATE always (F-33), TRANSP:OPAQUE so the interview blocks time.
 * - Rooms are ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT. A candidate, if listed, gets SCHEDULE-AGENT=CLIENT:
 *   Koppel mails the candidate its own iMIP invitation (a separate event), the server must not.
 * - RFC 7986 CONFERENCE;VALUE=URI;FEATURE=VIDEO plus URL and a line in DESCRIPTION for older clients.
 */

export type Partstat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'DELEGATED';

export interface WriteOptions {
  /** CONFIRMED (default) or CANCELLED (iTIP cancel, SEQUENCE must grow). */
  status?: 'CONFIRMED' | 'CANCELLED';
  /** DTSTAMP; defaults to now. */
  now?: number;
  /** Answers to keep (lower-cased email → PARTSTAT), e.g. on an update that does not move the interview. */
  partstats?: ReadonlyMap<string, string>;
  /** Overrides event.sequence (the provider raises it above what the server holds). */
  sequence?: number;
  prodId?: string;
}

export const PRODID = '-//Koppel//Recruiting//EN';

const VIDEO_LABELS: Record<string, string> = { zoom: 'Zoom', google_meet: 'Google Meet', teams: 'Microsoft Teams', gotomeeting: 'GoToMeeting' };

export function writeEventIcs(event: CalendarEventInput, options: WriteOptions = {}): string {
  const zone = canonicalZone(event.timeZone);
  const utc = zone === 'UTC';
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${options.prodId ?? PRODID}`, 'CALSCALE:GREGORIAN'];
  if (!utc) lines.push(...vtimezoneLines(zone, event.start, event.end));
  const sequence = options.sequence ?? event.sequence;
  lines.push(
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcStamp(options.now ?? Date.now())}`,
    `SEQUENCE:${Math.max(0, Math.trunc(sequence))}`,
    dateTimeLine('DTSTART', event.start, zone),
    dateTimeLine('DTEND', event.end, zone),
    `SUMMARY:${escapeText(event.summary)}`,
  );
  const description = [event.description, event.conference ? `${VIDEO_LABELS[event.conference.provider] ?? 'Video'}: ${event.conference.joinUrl}` : '']
    .filter((s) => s && s.trim())
    .join('\n\n');
  if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  lines.push('CLASS:PRIVATE', 'TRANSP:OPAQUE', `STATUS:${options.status ?? 'CONFIRMED'}`);
  lines.push(`ORGANIZER${paramList({ CN: event.organizer.name })}:mailto:${event.organizer.email}`);
  const seen = new Set<string>();
  for (const a of event.attendees) {
    const email = a.email.trim().toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    lines.push(attendeeLine(a, email, event.organizer.email.trim().toLowerCase() === email, options.partstats?.get(email)));
  }
  if (event.conference) {
    const label = VIDEO_LABELS[event.conference.provider];
    lines.push(`CONFERENCE;VALUE=URI;FEATURE=VIDEO${label ? `;LABEL=${paramValue(label)}` : ''}:${event.conference.joinUrl}`);
    lines.push(`URL:${event.conference.joinUrl}`);
  }
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function attendeeLine(a: EventAttendee, email: string, isOrganizer: boolean, kept: string | undefined): string {
  const params: Record<string, string | undefined> = { CN: a.name };
  if (a.kind === 'room') {
    params.CUTYPE = 'ROOM';
    params.ROLE = 'NON-PARTICIPANT';
  } else {
    params.CUTYPE = 'INDIVIDUAL';
    params.ROLE = isOrganizer || a.kind === 'organizer' ? 'CHAIR' : 'REQ-PARTICIPANT';
  }
  const partstat = isOrganizer ? 'ACCEPTED' : (kept ?? 'NEEDS-ACTION');
  params.PARTSTAT = partstat;
  if (!isOrganizer && partstat === 'NEEDS-ACTION') params.RSVP = 'TRUE';
  if (a.kind === 'candidate') params['SCHEDULE-AGENT'] = 'CLIENT';
  return `ATTENDEE${paramList(params)}:mailto:${email}`;
}

/** The DTSTART/DTEND line exactly as written, so an update can tell whether the interview moved. */
export function dateTimeLine(name: 'DTSTART' | 'DTEND', ms: number, zone: string): string {
  if (zone === 'UTC') return `${name}:${utcStamp(ms)}`;
  return `${name};TZID=${zone}:${wallStamp(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime())}`;
}

/** A valid IANA id in its canonical spelling, 'UTC' for the UTC aliases. Throws RangeError otherwise. */
export function canonicalZone(id: string): string {
  if (typeof id !== 'string' || !id.trim()) throw new RangeError('time zone is required');
  let canonical: string;
  try {
    canonical = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(id.trim()).timeZoneId;
  } catch {
    throw new RangeError(`unknown IANA time zone "${id}"`);
  }
  if (/^[+-]\d/.test(canonical)) throw new RangeError(`"${id}" is an offset, not a time zone`);
  return /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)(0|[+-]0)?$/i.test(canonical) ? 'UTC' : canonical;
}

/**
 * VTIMEZONE for an IANA zone covering the event with a year of margin each side, written as one
 * observance per real transition (from Temporal's data), which every client reads without RRULE logic.
 */
export function vtimezoneLines(zone: string, start: number, end: number): string[] {
  const YEAR = 366 * 86_400_000;
  const until = end + YEAR;
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  let zdt = Temporal.Instant.fromEpochMilliseconds(start - YEAR).toZonedDateTimeISO(zone);
  const offsetBefore = (t: Temporal.ZonedDateTime) => t.subtract({ nanoseconds: 1 }).offsetNanoseconds / 1e6;
  const kind = (before: number, after: number) => (after > before ? 'DAYLIGHT' : 'STANDARD');
  // The observance in force at the start of the range (from its own onset), so earlier local times are defined too.
  const previous = zdt.getTimeZoneTransition('previous');
  if (previous) {
    lines.push(...observance(kind(offsetBefore(previous), previous.offsetNanoseconds / 1e6), previous.epochMilliseconds, offsetBefore(previous), previous.offsetNanoseconds / 1e6));
  } else {
    const offset = zdt.offsetNanoseconds / 1e6;
    lines.push(...observance('STANDARD', Date.UTC(1970, 0, 1) - offset, offset, offset));
  }
  for (;;) {
    const next = zdt.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds > until) break;
    const before = offsetBefore(next);
    const after = next.offsetNanoseconds / 1e6;
    lines.push(...observance(kind(before, after), next.epochMilliseconds, before, after));
    zdt = next;
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', atMs: number, fromOffsetMs: number, toOffsetMs: number): string[] {
  // DTSTART of an observance is the onset as local time in the offset in force before it (RFC 5545 §3.6.5).
  const local = new Date(atMs + fromOffsetMs);
  const stamp = local.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return [`BEGIN:${kind}`, `DTSTART:${stamp}`, `TZOFFSETFROM:${offsetText(fromOffsetMs)}`, `TZOFFSETTO:${offsetText(toOffsetMs)}`, `END:${kind}`];
}

function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(ms / 1000));
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  return `${sign}${pad(h)}${pad(m)}${s ? pad(s) : ''}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function wallStamp(d: Temporal.PlainDateTime): string {
  return `${String(d.year).padStart(4, '0')}${pad(d.month)}${pad(d.day)}T${pad(d.hour)}${pad(d.minute)}${pad(d.second)}`;
}

/** RFC 5545 §3.3.11 TEXT escaping. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Parameter values: quoted when they hold : ; , ; DQUOTE and control characters cannot be represented and are dropped. */
function paramValue(v: string): string {
  const clean = v.replace(/["\u0000-\u001f\u007f]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

function paramList(params: Record<string, string | undefined>): string {
  return Object.entries(params)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')
    .map(([k, v]) => `;${k}=${paramValue(v)}`)
    .join('');
}

/** Folds at 75 octets without splitting a UTF-8 sequence (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    bytes += b;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
