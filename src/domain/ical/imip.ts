import ICAL from 'ical.js';
import { DAY_MS, epochToWall, ianaZone, type ZoneRules } from '../time/zone-rules.ts';

/**
 * iMIP messages (RFC 6047 / RFC 5546) written by hand, so the candidate's invitation carries
 * exactly what we mean: METHOD, its own UID, SEQUENCE, DTSTART;TZID in the organizer's zone with a
 * matching VTIMEZONE, the recruiting message and the video link. Read back in tests with ical.js.
 */

export type Partstat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

export interface InvitationInput {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  start: number;
  end: number;
  timeZone: string;
  summary: string;
  description: string;
  location?: string | null;
  url?: string | null;
  organizer: { email: string; name?: string };
  attendees: Array<{ email: string; name?: string; partstat?: Partstat; role?: 'REQ-PARTICIPANT' | 'NON-PARTICIPANT'; cutype?: 'INDIVIDUAL' | 'ROOM' }>;
  /** Interview events are private (F-33). */
  private?: boolean;
  now?: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function basicUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}
const utc = (ms: number) => `${basicUtc(ms)}Z`;
const local = (zone: ZoneRules, ms: number) => basicUtc(epochToWall(zone, ms));

function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms) / 60_000;
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
// A quoted parameter may hold neither '"' nor control characters (RFC 5545 §3.1): a CR/LF in a name would
// start a new content line inside the invitation.
const quoteParam = (value: string) => `"${value.replace(/"/g, "'").replace(/[\x00-\x1f\x7f]+/g, ' ')}"`;

/** RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space; never splits a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** Transitions of a zone in [from, to): instants where the offset changes, found by a daily scan + bisection. */
function transitions(zone: ZoneRules, from: number, to: number): Array<{ at: number; before: number; after: number }> {
  const out: Array<{ at: number; before: number; after: number }> = [];
  let t = from;
  let offset = zone.offsetAt(t);
  while (t < to) {
    const next = Math.min(t + DAY_MS, to);
    const o = zone.offsetAt(next);
    if (o !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zone.offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      const at = hi;
      out.push({ at, before: offset, after: zone.offsetAt(at) });
      offset = o;
    }
    t = next;
  }
  return out;
}

/**
 * A VTIMEZONE for the zone with the real transitions from a year before to a year after the
 * event (one observance per transition, no RRULE), which every client reads the same way.
 */
export function vtimezone(timeZone: string, start: number, end: number): string[] {
  const zone = ianaZone(timeZone);
  if (!zone) throw new Error(`unknown time zone ${timeZone}`);
  const from = start - 366 * DAY_MS;
  const list = transitions(zone, from, end + 366 * DAY_MS);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const initial = zone.offsetAt(from);
  // The offset in force before the first listed transition, so every instant in range is covered.
  const observances: Array<{ at: number; before: number; after: number }> = [{ at: from - DAY_MS, before: initial, after: initial }, ...list];
  const standard = Math.min(...observances.map((o) => o.after));
  for (const o of observances) {
    const kind = o.after > standard ? 'DAYLIGHT' : 'STANDARD';
    lines.push(`BEGIN:${kind}`, `DTSTART:${basicUtc(o.at + o.before)}`, `TZOFFSETFROM:${offsetText(o.before)}`, `TZOFFSETTO:${offsetText(o.after)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

export function buildInvitation(input: InvitationInput): string {
  const zone = ianaZone(input.timeZone);
  if (!zone) throw new Error(`unknown time zone ${input.timeZone}`);
  const mailto = (email: string) => `mailto:${email}`;
  const cn = (name?: string) => (name ? `;CN=${quoteParam(name)}` : '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Koppel//Recruiting//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    ...vtimezone(input.timeZone, input.start, input.end),
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${utc(input.now ?? Date.now())}`,
    `DTSTART;TZID=${input.timeZone}:${local(zone, input.start)}`,
    `DTEND;TZID=${input.timeZone}:${local(zone, input.end)}`,
    `SUMMARY:${escapeText(input.summary)}`,
    `DESCRIPTION:${escapeText(input.description)}`,
    ...(input.location ? [`LOCATION:${escapeText(input.location)}`] : []),
    ...(input.url ? [`URL:${input.url}`] : []),
    `CLASS:${input.private === false ? 'PUBLIC' : 'PRIVATE'}`,
    `STATUS:${input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    `ORGANIZER${cn(input.organizer.name)}:${mailto(input.organizer.email)}`,
    ...input.attendees.map(
      (a) =>
        `ATTENDEE${cn(a.name)};CUTYPE=${a.cutype ?? 'INDIVIDUAL'};ROLE=${a.role ?? 'REQ-PARTICIPANT'};PARTSTAT=${a.partstat ?? 'NEEDS-ACTION'};RSVP=${input.method === 'REQUEST' ? 'TRUE' : 'FALSE'}:${mailto(a.email)}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

export interface ParsedReply {
  uid: string;
  sequence: number;
  attendees: Array<{ email: string; partstat: string }>;
}

/** The VEVENTs of an iTIP REPLY (RFC 5546 §3.2.3); null when the text is not a REPLY. */
export function parseReply(text: string): ParsedReply | null {
  let comp: ICAL.Component;
  try {
    comp = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch {
    return null;
  }
  if (String(comp.getFirstPropertyValue('method') ?? '').toUpperCase() !== 'REPLY') return null;
  const event = comp.getFirstSubcomponent('vevent');
  if (!event) return null;
  const uid = String(event.getFirstPropertyValue('uid') ?? '');
  if (!uid) return null;
  const attendees = event.getAllProperties('attendee').map((p) => ({
    email: String(p.getFirstValue() ?? '').replace(/^mailto:/i, '').trim().toLowerCase(),
    partstat: String(p.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase(),
  }));
  return { uid, sequence: Number(event.getFirstPropertyValue('sequence') ?? 0), attendees };
}

export function partstatToStatus(p: string): 'needs_action' | 'accepted' | 'declined' | 'tentative' | null {
  switch (p.toUpperCase()) {
    case 'ACCEPTED':
      return 'accepted';
    case 'DECLINED':
      return 'declined';
    case 'TENTATIVE':
      return 'tentative';
    case 'NEEDS-ACTION':
      return 'needs_action';
    default:
      return null;
  }
}
