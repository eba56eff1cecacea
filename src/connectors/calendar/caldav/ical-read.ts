import ICAL from 'ical.js';
import type { ParticipantStatus } from '../calendar-provider.ts';

/** What the provider needs to know about a stored interview event: its answers and its version. */
export interface StoredEventInfo {
  uid: string;
  sequence: number;
  organizer?: string;
  status?: string;
  /** DTSTART and DTEND as written (TZID and value), to tell whether an update moves the interview. */
  timeKey: string;
  attendees: Array<{ email: string; partstat: string; scheduleStatus?: string; cutype?: string }>;
}

export class IcalReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IcalReadError';
  }
}

const mailto = (v: unknown) =>
  String(v ?? '')
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();

/** Reads the master VEVENT (the one without RECURRENCE-ID) of a stored resource. */
export function readStoredEvent(ics: string): StoredEventInfo {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics) as unknown as unknown[]);
  } catch (err) {
    throw new IcalReadError(`not iCalendar: ${(err as Error).message}`);
  }
  const events = root.getAllSubcomponents('vevent');
  const master = events.find((e) => !e.hasProperty('recurrence-id')) ?? events[0];
  if (!master) throw new IcalReadError('no VEVENT in the resource');
  const uid = String(master.getFirstPropertyValue('uid') ?? '').trim();
  if (!uid) throw new IcalReadError('VEVENT without UID');
  const seq = Number(master.getFirstPropertyValue('sequence') ?? 0);
  const timeOf = (name: string) => {
    const p = master.getFirstProperty(name);
    return p ? `${String(p.getParameter('tzid') ?? '')}|${String(p.getFirstValue())}` : '';
  };
  const attendees = master.getAllProperties('attendee').map((p) => {
    const scheduleStatus = p.getParameter('schedule-status');
    const cutype = p.getParameter('cutype');
    return {
      email: mailto(p.getFirstValue()),
      partstat: String(p.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase(),
      scheduleStatus: scheduleStatus === undefined ? undefined : String(Array.isArray(scheduleStatus) ? scheduleStatus[0] : scheduleStatus),
      cutype: cutype === undefined ? undefined : String(cutype).toUpperCase(),
    };
  });
  const organizer = master.getFirstPropertyValue('organizer');
  const status = master.getFirstPropertyValue('status');
  return {
    uid,
    sequence: Number.isFinite(seq) ? seq : 0,
    organizer: organizer ? mailto(organizer) : undefined,
    status: status ? String(status).toUpperCase() : undefined,
    timeKey: `${timeOf('dtstart')}/${timeOf('dtend')}/${timeOf('duration')}`,
    attendees: attendees.filter((a) => a.email),
  };
}

/**
 * PARTSTAT → what Koppel shows (F-36). An unanswered attendee is "email sent" when the server says it
 * mailed the invitation (SCHEDULE-STATUS 1.1), else "awaiting response": 1.2 means the server
 * delivered it into the attendee's own calendar. DELEGATED counts as declined: that person will not come.
 */
export function participantStatus(a: { partstat: string; scheduleStatus?: string }): ParticipantStatus {
  switch (a.partstat) {
    case 'ACCEPTED':
      return 'accepted';
    case 'DECLINED':
    case 'DELEGATED':
      return 'declined';
    case 'TENTATIVE':
      return 'tentative';
    default:
      return /^1\.1\b/.test(a.scheduleStatus ?? '') ? 'email_sent' : 'needs_action';
  }
}
