import { z } from 'zod';
import type { Capability } from './kit/capabilities.ts';
import type { ClientAuthMethod } from './kit/oauth/oauth.ts';
import type { CalendarProviderKind, OAuthProviderKind, ProviderDeps, VideoProviderKind } from './kit/provider.ts';
import type { CalendarCredentials, CalendarProvider } from './calendar/calendar-provider.ts';
import type { VideoCredentials, VideoProvider } from './video/video-provider.ts';
import { createCaldavProvider } from './calendar/caldav/caldav.provider.ts';
import { createGoogleCalendarProvider, GOOGLE_API_BASE, GOOGLE_AUTHORIZE_PARAMS, GOOGLE_AUTHORIZE_URL, GOOGLE_SCOPES, GOOGLE_TOKEN_URL } from './calendar/google/google.provider.ts';
import { createMicrosoftCalendarProvider, GRAPH_API_BASE, MICROSOFT_AUTHORIZE_URL, MICROSOFT_SCOPES, MICROSOFT_TOKEN_URL } from './calendar/microsoft/microsoft.provider.ts';
import { createGoToMeetingProvider, GOTO_API_BASE, GOTO_AUTHORIZE_URL, GOTO_SCOPES, GOTO_TOKEN_URL } from './video/gotomeeting/gotomeeting.provider.ts';
import { createZoomProvider, ZOOM_API_BASE, ZOOM_AUTHORIZE_URL, ZOOM_SCOPES, ZOOM_TOKEN_URL } from './video/zoom/zoom.provider.ts';

/**
 * The one list of calendar and video providers: kind → what it is (label, category, capabilities),
 * how it is built (factory) and how it is connected (a credentials form for CalDAV, OAuth endpoints
 * for the others). Recruiting builds providers from it (src/recruiting/provider-registry.ts), the
 * App center lists it (src/integrations/registry.ts), the OAuth connect flow reads its endpoints.
 * A new provider is one folder under calendar/ or video/ and one line here.
 */

/** Everything the OAuth connect flow needs per vendor, for the real service and for its emulator. */
export interface OAuthVendorConfig {
  authorizeUrl: string;
  tokenUrl: string;
  /** Stored as credentials.baseUrl. */
  apiBase: string;
  scopes: readonly string[];
  authMethod: ClientAuthMethod;
  extraParams: Record<string, string>;
  /** The same endpoints on the emulator (fixed paths under its one base URL). */
  emulator: { authorizePath: string; tokenPath: string };
}

const httpUrl = z
  .string()
  .trim()
  .url()
  .max(500)
  .refine((u) => /^https?:\/\//i.test(u), { message: 'Expected an http(s) URL' });

/** What a user types to connect a CalDAV calendar (the recruiting route's body, the App center's form fields). */
export const caldavCredentialsSchema = z.object({
  url: httpUrl,
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(500),
  calendarUrl: httpUrl.nullish(),
});

/**
 * Capabilities (src/connectors/kit/capabilities.ts). Calendar and video writes are proven by each
 * provider's own test suite against its emulator (Google, Microsoft, Zoom, GoTo) or a real server
 * (DAViCal, Radicale for CalDAV), not by the outbound-engine sink contract.
 */
const CALENDAR: readonly Capability[] = ['calendar:freebusy', 'calendar:events:write'];
// Google Meet and Teams meetings are created through the calendar event itself.
const CALENDAR_WITH_MEETINGS: readonly Capability[] = [...CALENDAR, 'video:meetings:write'];
const VIDEO: readonly Capability[] = ['video:meetings:write'];

interface ProviderLine {
  label: string;
  capabilities: readonly Capability[];
  /** A form's fields (CalDAV); null when the credentials come from the OAuth flow. */
  credentialsSchema: z.ZodObject<z.ZodRawShape> | null;
  /** null: connected through a form, not OAuth. */
  oauth: OAuthVendorConfig | null;
}

export interface CalendarProviderEntry extends ProviderLine {
  kind: CalendarProviderKind;
  category: 'calendar';
  /** Conferences this calendar creates itself (known before a provider instance exists). */
  conferenceKinds: readonly VideoProviderKind[];
  create(credentials: CalendarCredentials, deps: ProviderDeps): CalendarProvider;
}

export interface VideoProviderEntry extends ProviderLine {
  kind: Extract<VideoProviderKind, OAuthProviderKind>;
  category: 'video';
  oauth: OAuthVendorConfig;
  create(credentials: VideoCredentials, deps: ProviderDeps): VideoProvider;
}

export type ProviderEntry = CalendarProviderEntry | VideoProviderEntry;
/** The kinds a connection can have (recruiting_connections.kind). */
export type ConnectableProviderKind = CalendarProviderKind | VideoProviderEntry['kind'];

const google: CalendarProviderEntry = {
  kind: 'google',
  label: 'Google Calendar',
  category: 'calendar',
  capabilities: CALENDAR_WITH_MEETINGS,
  conferenceKinds: ['google_meet'],
  credentialsSchema: null,
  oauth: {
    authorizeUrl: GOOGLE_AUTHORIZE_URL,
    tokenUrl: GOOGLE_TOKEN_URL,
    apiBase: GOOGLE_API_BASE,
    scopes: GOOGLE_SCOPES,
    authMethod: 'client_secret_post',
    extraParams: { ...GOOGLE_AUTHORIZE_PARAMS },
    emulator: { authorizePath: '/o/oauth2/v2/auth', tokenPath: '/token' },
  },
  create: createGoogleCalendarProvider,
};

const microsoft: CalendarProviderEntry = {
  kind: 'microsoft',
  label: 'Microsoft 365',
  category: 'calendar',
  capabilities: CALENDAR_WITH_MEETINGS,
  conferenceKinds: ['teams'],
  credentialsSchema: null,
  oauth: {
    authorizeUrl: MICROSOFT_AUTHORIZE_URL,
    tokenUrl: MICROSOFT_TOKEN_URL,
    apiBase: GRAPH_API_BASE,
    scopes: MICROSOFT_SCOPES,
    authMethod: 'client_secret_post',
    extraParams: {},
    emulator: { authorizePath: '/common/oauth2/v2.0/authorize', tokenPath: '/common/oauth2/v2.0/token' },
  },
  create: createMicrosoftCalendarProvider,
};

const caldav: CalendarProviderEntry = {
  kind: 'caldav',
  label: 'CalDAV',
  category: 'calendar',
  capabilities: CALENDAR,
  conferenceKinds: [],
  credentialsSchema: caldavCredentialsSchema,
  oauth: null,
  create: (credentials, deps) => createCaldavProvider(credentials as Extract<CalendarCredentials, { kind: 'caldav' }>, deps),
};

const zoom: VideoProviderEntry = {
  kind: 'zoom',
  label: 'Zoom',
  category: 'video',
  capabilities: VIDEO,
  credentialsSchema: null,
  oauth: {
    authorizeUrl: ZOOM_AUTHORIZE_URL,
    tokenUrl: ZOOM_TOKEN_URL,
    apiBase: ZOOM_API_BASE,
    scopes: ZOOM_SCOPES,
    authMethod: 'client_secret_basic',
    extraParams: {},
    emulator: { authorizePath: '/oauth/authorize', tokenPath: '/oauth/token' },
  },
  create: createZoomProvider,
};

const gotomeeting: VideoProviderEntry = {
  kind: 'gotomeeting',
  label: 'GoToMeeting',
  category: 'video',
  capabilities: VIDEO,
  credentialsSchema: null,
  oauth: {
    authorizeUrl: GOTO_AUTHORIZE_URL,
    tokenUrl: GOTO_TOKEN_URL,
    apiBase: GOTO_API_BASE,
    scopes: GOTO_SCOPES,
    authMethod: 'client_secret_basic',
    extraParams: {},
    emulator: { authorizePath: '/oauth/v2/authorize', tokenPath: '/oauth/v2/token' },
  },
  create: createGoToMeetingProvider,
};

/** In the order the App center lists them. */
export const CALENDAR_PROVIDERS: Readonly<Record<CalendarProviderKind, CalendarProviderEntry>> = { google, microsoft, caldav };
export const VIDEO_PROVIDERS: Readonly<Record<VideoProviderEntry['kind'], VideoProviderEntry>> = { zoom, gotomeeting };
export const PROVIDERS: readonly ProviderEntry[] = [...Object.values(CALENDAR_PROVIDERS), ...Object.values(VIDEO_PROVIDERS)];

export function providerEntry(kind: ConnectableProviderKind): ProviderEntry {
  return (kind in CALENDAR_PROVIDERS ? CALENDAR_PROVIDERS[kind as CalendarProviderKind] : VIDEO_PROVIDERS[kind as VideoProviderEntry['kind']]) as ProviderEntry;
}

/** The OAuth configuration of an OAuth provider (every kind but CalDAV). */
export function oauthConfig(kind: OAuthProviderKind): OAuthVendorConfig {
  return providerEntry(kind).oauth!;
}
