import type { CalendarProviderKind, OAuthProviderCredentials, VideoProviderKind } from '../kit/provider.ts';

/**
 * The calendar interface of recruiting (F-31, F-34, F-35). One folder per provider implements it:
 * caldav/, google/, microsoft/. Scheduling code talks only to this interface; src/connectors/provider-registry.ts
 * builds a provider from stored credentials. All instants are UTC epoch milliseconds, intervals half-open [start, end).
 * Errors, deps and the OAuth credential shape are shared with video providers: src/connectors/kit/provider.ts.
 */

/** What a participant answered, as Koppel shows it (F-36). `email_sent` is not a PARTSTAT: it comes from SCHEDULE-STATUS or SMTP. */
export type ParticipantStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative' | 'email_sent';

/** Stored encrypted at rest (SecretBox) as JSON; the shape belongs to the provider folder. */
export type CalendarCredentials = { kind: 'caldav'; url: string; username: string; password: string; calendarUrl?: string } | OAuthProviderCredentials<'google' | 'microsoft'>;

export interface BusyBlock {
  start: number;
  end: number;
  tentative?: boolean;
  /** CLASS:PRIVATE/CONFIDENTIAL or provider "private": the title is hidden unless the caller asked for details. */
  private?: boolean;
  summary?: string;
  allDay?: boolean;
}

export interface FreeBusyQuery {
  from: number;
  to: number;
  /** The owner's IANA zone, for floating times and all-day events. */
  timeZone: string;
  /** Admin option (F-33): keep titles of private events. */
  keepPrivateDetails?: boolean;
}

export interface FreeBusyResult {
  busy: BusyBlock[];
  /** Events that could not be read, as stable codes with a subject (never silently dropped). */
  warnings: Array<{ code: string; detail?: string }>;
}

/**
 * One attendee's answer to a multi-attendee free/busy request (RFC 6638 §5 schedule-outbox POST):
 * `unknown_user` (3.7, not on that server) and `no_authority` (3.8) mean "ask their own calendar instead".
 */
export interface FreeBusyManyEntry {
  email: string;
  status: 'ok' | 'unknown_user' | 'no_authority' | 'error';
  /** The server's REQUEST-STATUS, e.g. "2.0;Success". */
  requestStatus: string;
  result?: FreeBusyResult;
}

export interface EventAttendee {
  email: string;
  name?: string;
  kind: 'interviewer' | 'room' | 'candidate' | 'organizer';
}

/** The interview as written to an interviewer's calendar. Interview events are always private (F-33). */
export interface CalendarEventInput {
  /** iCalendar UID, stable over reschedules; the candidate's event has a different UID (two distinct events). */
  uid: string;
  /** iTIP SEQUENCE: +1 on every change that is sent again. */
  sequence: number;
  summary: string;
  description: string;
  start: number;
  end: number;
  /** Organizer's IANA zone: DTSTART;TZID + VTIMEZONE / provider timeZone fields. */
  timeZone: string;
  location?: string;
  organizer: { email: string; name?: string };
  attendees: EventAttendee[];
  /** An existing video meeting (Zoom/GoToMeeting, or a Meet/Teams link kept over a reschedule). */
  conference?: { provider: VideoProviderKind; joinUrl: string; externalId?: string };
  /** Ask the calendar to create its own conference (Google → Meet, Microsoft → Teams); idempotent per requestId. */
  createConference?: { provider: 'google_meet' | 'teams'; requestId: string };
}

/** Everything needed to reach the same event again (update, cancel, read responses). Store it whole. */
export interface EventRef {
  externalId: string;
  href?: string;
  etag?: string;
  calendarId?: string;
}

export interface WrittenEvent {
  ref: EventRef;
  conference?: { provider: VideoProviderKind; joinUrl: string; externalId?: string };
  /** Responses as the provider reports them right after writing, if it does. */
  attendees?: Array<{ email: string; status: ParticipantStatus }>;
}

export interface CalendarProvider {
  readonly kind: CalendarProviderKind;
  /** Conferences this calendar can create itself (Google → google_meet, Microsoft → teams, CalDAV → none). */
  readonly conferenceKinds: readonly VideoProviderKind[];
  /** Checks the credentials live; returns the account's email address. Throws ProviderError. */
  verify(): Promise<{ account: string }>;
  freeBusy(query: FreeBusyQuery): Promise<FreeBusyResult>;
  /** Optional: free/busy of several people on the same server in one request (CalDAV RFC 6638 outbox). */
  freeBusyMany?(emails: readonly string[], query: FreeBusyQuery): Promise<FreeBusyManyEntry[]>;
  createEvent(event: CalendarEventInput): Promise<WrittenEvent>;
  updateEvent(ref: EventRef, event: CalendarEventInput): Promise<WrittenEvent>;
  /** Cancel: STATUS:CANCELLED / provider cancel; an event that is already gone counts as cancelled. */
  cancelEvent(ref: EventRef, event: CalendarEventInput): Promise<void>;
  /** Current responses of the attendees of this event (F-36), read back from the calendar. */
  readResponses(ref: EventRef): Promise<Array<{ email: string; status: ParticipantStatus }>>;
}
