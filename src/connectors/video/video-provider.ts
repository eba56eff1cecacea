import type { OAuthProviderCredentials, VideoProviderKind } from '../kit/provider.ts';

/**
 * The video interface of recruiting: zoom/, gotomeeting/ implement it (Meet and Teams meetings come
 * from the calendar event itself). Errors, deps and credentials: src/connectors/kit/provider.ts.
 */

export type VideoCredentials =
  | OAuthProviderCredentials<'zoom' | 'gotomeeting'>
  | { kind: 'google_meet' | 'teams' }; // created through the calendar connection itself

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
