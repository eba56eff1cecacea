import type { Logger } from '../platform/log/logger.ts';
import { z } from 'zod';
import type { Capability } from '../connectors/kit/capabilities.ts';
import type { HrConnector } from '../connectors/kit/hr-connector.ts';
import { PERSONIO_DEFAULT_BASE_URL } from '../connectors/hr/personio/personio.client.ts';
import { PERSONIO_CAPABILITIES, PersonioConnector, type PersonioConnectorConfig } from '../connectors/hr/personio/personio.connector.ts';
import type { PersonioFieldKeys } from '../connectors/hr/personio/personio.mappers.ts';
import { createCaldavProvider } from '../connectors/calendar/caldav/caldav.provider.ts';
import { createGoogleCalendarProvider } from '../connectors/calendar/google/google.provider.ts';
import { createMicrosoftCalendarProvider } from '../connectors/calendar/microsoft/microsoft.provider.ts';
import type { CalendarCredentials, CalendarProvider } from '../connectors/calendar/calendar-provider.ts';
import type { ProviderDeps } from '../connectors/kit/provider.ts';
import type { VideoCredentials, VideoProvider } from '../connectors/video/video-provider.ts';
import type { ProviderRuntimeDeps } from '../connectors/kit/oauth/provider-http.ts';
import { createGoToMeetingProvider } from '../connectors/video/gotomeeting/gotomeeting.provider.ts';
import { createZoomProvider } from '../connectors/video/zoom/zoom.provider.ts';

/**
 * Every vendor Koppel knows, one line each: HR and payroll systems (synced by the integrations
 * engine) and the calendar and video providers (used by recruiting, connected through OAuth or
 * CalDAV). A line says what the vendor is, what Koppel can do with it (capabilities), which
 * credentials it takes and how its connector is built. The recruiting feature wires the same
 * calendar/video factories in src/recruiting/providers-installed.ts; they are referenced here so the
 * App center lists every vendor the same way.
 */

export type VendorCategory = 'hr' | 'payroll' | 'calendar' | 'video';

/** How the sync engine builds a connector for one integration. */
export type ConnectorParams = {
  baseUrl: string;
  credentials: Record<string, string>;
  /** What an earlier run learnt and kept (vendor_state); undefined = discover again. */
  state?: unknown;
  /** The account ids the integration covers (integrations.account_scope); undefined = not chosen yet (the credential's default). */
  accountScope?: readonly string[];
  /** Test and benchmark knobs passed straight to the vendor client (timeouts, retry policy, rate limits). */
  tuning?: Record<string, unknown>;
  /** The run's logger: the connector's transport logs every outbound request through it. */
  log?: Logger;
};

type VendorLine = {
  vendor: string;
  label: string;
  category: VendorCategory;
  /** What Koppel does with this vendor today (see src/connectors/kit/capabilities.ts). */
  capabilities: readonly Capability[];
};

/** An HR or payroll system the integrations engine syncs from. */
export type ConnectorRegistration = VendorLine & {
  category: 'hr' | 'payroll';
  status: 'available';
  defaultBaseUrl: string;
  /** The credential fields the vendor needs (the UI's connect form). */
  credentialsSchema: z.ZodObject<Record<string, z.ZodString>>;
  /** The part of the credentials the UI may show, e.g. a masked client id. Never a secret. */
  hint(credentials: Record<string, string>): string;
  create(params: ConnectorParams): HrConnector;
  /** What is worth keeping for the next run (no secrets). */
  state?(connector: HrConnector): Promise<unknown>;
};

/** An HR or payroll system whose connector does not exist yet: listed as "coming soon", not connectable. */
export type PlannedRegistration = VendorLine & { category: 'hr' | 'payroll'; status: 'planned'; credentialsSchema: null; create: null };

/** A calendar provider (recruiting): OAuth vendors get their credentials from the connect flow, CalDAV from a form. */
export type CalendarRegistration = VendorLine & {
  category: 'calendar';
  status: 'available';
  /** null: credentials come from the OAuth flow (src/connectors/oauth-vendors.ts), not from a form. */
  credentialsSchema: z.ZodObject<z.ZodRawShape> | null;
  create(credentials: CalendarCredentials, deps?: ProviderRuntimeDeps): CalendarProvider;
};

export type VideoRegistration = VendorLine & {
  category: 'video';
  status: 'available';
  credentialsSchema: null;
  create(credentials: VideoCredentials, deps?: ProviderRuntimeDeps): VideoProvider;
};

export type VendorRegistration = ConnectorRegistration | PlannedRegistration | CalendarRegistration | VideoRegistration;

export const maskId = (id: string) => (id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`);

const personio: ConnectorRegistration = {
  vendor: 'personio',
  label: 'Personio',
  category: 'hr',
  status: 'available',
  capabilities: PERSONIO_CAPABILITIES,
  defaultBaseUrl: PERSONIO_DEFAULT_BASE_URL,
  credentialsSchema: z.object({ clientId: z.string().trim().min(1).max(200), clientSecret: z.string().trim().min(1).max(500) }),
  hint: (c) => maskId(c.clientId ?? ''),
  create: ({ baseUrl, credentials, state, accountScope, tuning, log }) =>
    new PersonioConnector({
      ...(tuning as Partial<PersonioConnectorConfig>),
      ...(log ? { logger: log } : {}),
      baseUrl,
      clientId: credentials.clientId ?? '',
      clientSecret: credentials.clientSecret ?? '',
      ...(accountScope ? { accountScope } : {}),
      ...((state as { fieldKeys?: PersonioFieldKeys } | undefined)?.fieldKeys ? { fieldKeys: (state as { fieldKeys: PersonioFieldKeys }).fieldKeys } : {}),
    }),
  state: async (c) => ({ fieldKeys: await (c as PersonioConnector).fieldKeys() }),
};

const caldavCredentials = z.object({ url: z.string().trim().url().max(500), username: z.string().trim().min(1).max(200), password: z.string().min(1).max(500), calendarUrl: z.string().trim().url().max(500).optional() });
const caldav = (c: CalendarCredentials, deps?: ProviderDeps) => createCaldavProvider(c as Extract<CalendarCredentials, { kind: 'caldav' }>, deps);
const CALENDAR: readonly Capability[] = ['calendar:freebusy', 'calendar:events:write'];
// Google Meet and Teams meetings are created through the calendar event itself.
const CALENDAR_WITH_MEETINGS: readonly Capability[] = [...CALENDAR, 'video:meetings:write'];
const VIDEO: readonly Capability[] = ['video:meetings:write'];

const planned = (vendor: string, label: string): PlannedRegistration => ({ vendor, label, category: 'payroll', status: 'planned', capabilities: [], credentialsSchema: null, create: null });

/** One line per vendor. A new HR vendor is one folder under src/connectors/hr/ and one line here. */
export const vendorRegistry: readonly VendorRegistration[] = [
  personio,
  planned('nmbrs', 'Nmbrs'),
  planned('loket', 'Loket.nl'),
  { vendor: 'google', label: 'Google Calendar', category: 'calendar', status: 'available', capabilities: CALENDAR_WITH_MEETINGS, credentialsSchema: null, create: createGoogleCalendarProvider },
  { vendor: 'microsoft', label: 'Microsoft 365', category: 'calendar', status: 'available', capabilities: CALENDAR_WITH_MEETINGS, credentialsSchema: null, create: createMicrosoftCalendarProvider },
  { vendor: 'caldav', label: 'CalDAV', category: 'calendar', status: 'available', capabilities: CALENDAR, credentialsSchema: caldavCredentials, create: caldav },
  { vendor: 'zoom', label: 'Zoom', category: 'video', status: 'available', capabilities: VIDEO, credentialsSchema: null, create: createZoomProvider },
  { vendor: 'gotomeeting', label: 'GoToMeeting', category: 'video', status: 'available', capabilities: VIDEO, credentialsSchema: null, create: createGoToMeetingProvider },
];

const isConnector = (r: VendorRegistration): r is ConnectorRegistration => (r.category === 'hr' || r.category === 'payroll') && r.status === 'available';

/** The HR/payroll systems the integrations engine can sync: vendor → registration. */
export const connectorRegistry: Readonly<Record<string, ConnectorRegistration>> = Object.fromEntries(vendorRegistry.filter(isConnector).map((r) => [r.vendor, r]));

/** HR/payroll systems Koppel is built for whose connector does not exist yet ("coming soon" in the App center). */
export const plannedConnectors: readonly PlannedRegistration[] = vendorRegistry.filter((r): r is PlannedRegistration => r.status === 'planned');

export function registrationFor(vendor: string): ConnectorRegistration | undefined {
  return Object.hasOwn(connectorRegistry, vendor) ? connectorRegistry[vendor] : undefined;
}

export function vendorFor(vendor: string): VendorRegistration | undefined {
  return vendorRegistry.find((r) => r.vendor === vendor);
}

/** The account ids stored in integrations.account_scope ([{id, …}]), or undefined when none were chosen. */
export function accountScopeIds(stored: unknown): string[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const ids = stored.map((a) => (a && typeof a === 'object' ? (a as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === 'string');
  return ids.length ? ids : undefined;
}
