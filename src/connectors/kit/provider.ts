import type { expandIcs } from '../../domain/ical/ical-expand.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { TokenStore } from './auth/token-store.ts';
import type { OutboundGuard } from './outbound-guard.ts';

/**
 * What the calendar and video providers share (src/connectors/calendar/, src/connectors/video/):
 * the provider kinds, one error type with a closed list of codes, the OAuth2 credential shape and
 * what every provider factory receives besides its credentials. Each category keeps its own
 * interface (calendar/calendar-provider.ts, video/video-provider.ts); the kit never imports them.
 */

export type CalendarProviderKind = 'caldav' | 'google' | 'microsoft';
/** Meet and Teams are created by the Google/Microsoft calendar; a calendar event may carry any of them. */
export type VideoProviderKind = 'google_meet' | 'teams' | 'zoom' | 'gotomeeting';
export type ProviderKind = CalendarProviderKind | VideoProviderKind;
/** The providers connected through the OAuth2 authorization-code flow (src/connectors/kit/oauth/). */
export type OAuthProviderKind = 'google' | 'microsoft' | 'zoom' | 'gotomeeting';

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
  | 'bad_response'
  /** The answer was read, but the calendar in it could not be within its expansion budget (issue 13). */
  | 'unreadable';

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly provider: ProviderKind,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** Stored encrypted at rest (SecretBox) as JSON: the credentials of an OAuth2 provider (Google, Microsoft, Zoom, GoTo). */
export interface OAuthProviderCredentials<K extends OAuthProviderKind = OAuthProviderKind> {
  kind: K;
  baseUrl: string; // API host (emulator or the real one)
  tokenUrl: string; // OAuth token endpoint used for refresh
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number; // epoch ms
  account: string; // the owner's email / user id at the provider
}

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
  onCredentialsRefreshed?: (credentials: OAuthProviderCredentials) => Promise<void>;
  /**
   * The installation's outbound guard (outbound-guard.ts): every URL the provider fetches — the user's CalDAV URL,
   * every URL its server names, redirects, token endpoints, API base URLs — is checked and connected through it.
   * Default: none (tests, tools); the app passes outboundGuardFor(config).
   */
  urlGuard?: OutboundGuard;
  /** Where the transport writes one record per outbound request (pino; debug when ok, warn when failed). */
  logger?: Logger;
  now?: () => number;
  /**
   * Providers that read iCalendar text themselves (CalDAV) expand it through this when given, instead of calling
   * expandIcs directly, naming the resource and its ETag: the caller may answer an unchanged resource from a
   * cache (recruiting's busy cache) instead of parsing it again. Same contract as expandIcs.
   */
  expandIcs?: IcsExpander;
}

/** Where an iCalendar text came from: the resource (href, or a label such as "free-busy-query") and its ETag if the server sent one. */
export interface IcsSource {
  resource: string;
  etag?: string;
}

export type IcsExpander = (ics: string, options: Parameters<typeof expandIcs>[1], source: IcsSource) => ReturnType<typeof expandIcs>;
