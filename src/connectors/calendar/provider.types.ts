import type { Logger } from '../../platform/log/logger.ts';
import type { TokenStore } from '../kit/auth/token-store.ts';
import type { PrivateHostPolicy } from '../kit/outbound-guard.ts';

/**
 * The two integration interfaces of recruiting (F-31, F-34, F-35). One folder per provider implements them:
 *   calendar: caldav/, google/, microsoft/      video: zoom/, gotomeeting/ (Meet and Teams come from the calendars)
 * Scheduling code (src/recruiting/scheduling) talks only to these interfaces; `registry.ts` builds a provider
 * from a stored connection. All instants are UTC epoch milliseconds, intervals half-open [start, end).
 */

export type CalendarProviderKind = 'caldav' | 'google' | 'microsoft';
export type VideoProviderKind = 'google_meet' | 'teams' | 'zoom' | 'gotomeeting';

/** What a participant answered, as Koppel shows it (F-36). `email_sent` is not a PARTSTAT: it comes from SCHEDULE-STATUS or SMTP. */
export type ParticipantStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative' | 'email_sent';

/** Stored encrypted at rest (SecretBox) as JSON; the shape belongs to the provider folder. */
export type CalendarCredentials =
  | { kind: 'caldav'; url: string; username: string; password: string; calendarUrl?: string }
  | {
      kind: 'google' | 'microsoft';
      baseUrl: string; // API host (emulator or the real one)
      tokenUrl: string; // OAuth token endpoint used for refresh
      clientId: string;
      clientSecret: string;
      accessToken: string;
      refreshToken: string;
      expiresAt: number; // epoch ms
      account: string; // the calendar owner's email / user id at the provider
    };

export type VideoCredentials =
  | { kind: 'zoom' | 'gotomeeting'; baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string; accessToken: string; refreshToken: string; expiresAt: number; account: string }
  | { kind: 'google_meet' | 'teams' }; // created through the calendar connection itself

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

export interface MeetingInput {
  topic: string;
  start: number;
  durationMinutes: number;
  timeZone: string;
  /** Idempotency key: the same requestId never creates a second meeting. */
  requestId: string;
}

export interface Meeting {
  externalId: string;
  joinUrl: string;
  hostUrl?: string;
  password?: string;
}

export interface VideoProvider {
  readonly kind: VideoProviderKind;
  verify(): Promise<{ account: string }>;
  createMeeting(input: MeetingInput): Promise<Meeting>;
  /** Reschedule keeps the meeting (and so the link). */
  updateMeeting(externalId: string, input: MeetingInput): Promise<void>;
  /** A meeting that is already gone counts as deleted. */
  deleteMeeting(externalId: string): Promise<void>;
}

/**
 * Every provider failure is one of these codes, so the UI can say what to do.
 * `reconnect_needed` (invalid_grant, revoked token, 401 after refresh) marks the connection and is shown to the
 * user, never swallowed (the known failure class "refresh failures silently stop calendar writes").
 */
export type ProviderErrorCode =
  | 'reconnect_needed'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_response';

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly provider: CalendarProviderKind | VideoProviderKind,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The credentials of the OAuth2 providers (Google, Microsoft, Zoom, GoTo). */
export type OAuthProviderCredentials = Extract<CalendarCredentials, { kind: 'google' | 'microsoft' }> | Extract<VideoCredentials, { kind: 'zoom' | 'gotomeeting' }>;

/** What every provider factory receives besides its credentials. */
export interface ProviderDeps {
  fetch?: typeof fetch;
  /**
   * Where the OAuth2 providers read and rotate their tokens, under a lock shared with every other
   * process using the same connection (the DB store in src/recruiting/provider-registry.ts).
   * Without it the provider keeps its tokens in memory and reports refreshes through onCredentialsRefreshed.
   */
  tokenStore?: TokenStore<OAuthProviderCredentials>;
  /** Called after a token refresh so the new tokens are stored (encrypted) before they are used again (only without tokenStore). */
  onCredentialsRefreshed?: (credentials: CalendarCredentials | VideoCredentials) => Promise<void>;
  /** CalDAV: whether URLs on private/loopback addresses may be fetched (the user's URL and every URL the server names). Default allow. */
  privateHosts?: PrivateHostPolicy;
  /** Where the transport writes one record per outbound request (pino; debug when ok, warn when failed). */
  logger?: Logger;
  now?: () => number;
}
