import type { Logger } from '../platform/log/logger.ts';
import { z } from 'zod';
import type { Capability } from '../connectors/kit/capabilities.ts';
import type { OAuthTokens, TokenStore } from '../connectors/kit/auth/token-store.ts';
import type { HrConnector } from '../connectors/kit/hr-connector.ts';
import { guardedTransport, type OutboundGuard } from '../connectors/kit/outbound-guard.ts';
import { PERSONIO_DEFAULT_BASE_URL, PersonioClient, type PersonioClientConfig } from '../connectors/hr/personio/personio.client.ts';
import { PersonioAttendanceSink, type PersonioAttendanceSinkConfig } from '../connectors/hr/personio/personio.attendance-sink.ts';
import type { OutboundSink } from '../connectors/kit/sink.ts';
import { PERSONIO_CAPABILITIES, PersonioConnector, type PersonioConnectorConfig } from '../connectors/hr/personio/personio.connector.ts';
import type { PersonioFieldKeys } from '../connectors/hr/personio/personio.mappers.ts';
import { PROVIDERS, type ProviderEntry } from '../connectors/provider-registry.ts';
import { MemoryTokenStore } from '../connectors/kit/auth/token-store.ts';
import { LOKET_PRODUCTION, loketAuthorizeUrlFor, loketPasswordGrant, loketTokenUrlFor } from '../connectors/hr/loket/loket.client.ts';
import { LOKET_CAPABILITIES, LoketConnector, type LoketConnectorConfig } from '../connectors/hr/loket/loket.connector.ts';
import { AppError, fieldError } from '../domain/errors.ts';
import { createNmbrsConnector, NMBRS_REGISTRATION } from '../connectors/hr/nmbrs/nmbrs.registration.ts';

/**
 * Every vendor Koppel knows, one line each: HR and payroll systems (synced by the integrations
 * engine) and the calendar and video providers (used by recruiting, connected through OAuth or
 * CalDAV). A line says what the vendor is, what Koppel can do with it (capabilities), which
 * credentials it takes and how its connector is built. The calendar and video lines are read from
 * the one provider registry, src/connectors/provider-registry.ts (recruiting builds its providers
 * from it), so the App center lists every vendor the same way without a second list.
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
  /** The features switched on beyond reading employees; the credential check asks only for their rights (F-10). */
  features?: { attendances?: boolean; absences?: boolean };
  /** Test and benchmark knobs passed straight to the vendor client (timeouts, retry policy, rate limits). */
  tuning?: Record<string, unknown>;
  /**
   * The outbound guard (src/connectors/kit/outbound-guard.ts) for the user-supplied base URL, every
   * redirect and every URL the vendor hands back; the vendor client connects through it. Undefined = none.
   */
  urlGuard?: OutboundGuard;
  /** The run's logger: the connector's transport logs every outbound request through it. */
  log?: Logger;
  /** Where an OAuth2 vendor's tokens live (the integration's row, locked per refresh); undefined = in memory (a credential check before saving). */
  tokenStore?: TokenStore<OAuthTokens & Record<string, unknown>>;
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
  /**
   * The write side (issue 9): per export kind (the outbound journal's `kind`, e.g. `personio.attendance`), how
   * the app builds the vendor sink for one integration, from the same params the sync builds its connector with.
   */
  sinks?: Readonly<Record<string, SinkFactory>>;
  /**
   * The vendor's own page for an OAuth2 authorization code (+ PKCE), when it has one: Nmbrs' consent page (the
   * only way to connect it), Loket's login page (beside its form). One connect for all of them:
   * src/integrations/authorization-code.service.ts.
   */
  authorizationCode?: AuthorizationCodeConfig;
  /**
   * A vendor whose connect form is exchanged for tokens before anything is saved (Loket: user name,
   * password and environment code buy one token pair and are forgotten): what this returns is what
   * the integration stores (encrypted), never the form.
   */
  exchangeCredentials?(params: CredentialExchangeParams): Promise<Record<string, unknown>>;
  /** Settings a new integration of this vendor starts with (before the user's own), e.g. Loket's nightly NAW incl. address. */
  defaultSettings?: { employeeFields?: { address?: boolean; phone?: boolean; birthDate?: boolean } };
  /**
   * How a linked contract follows the vendor. Default: every sync takes over the contract fields the settings name.
   * 'once' (Loket, the seed's F-14): contract data is imported once, when the employee is added; later syncs take
   * over only the end date, and linking an existing employee also takes over the department.
   */
  contractUpdates?: 'once';
};

/** Koppel's own OAuth2 client at a vendor (configuration, not the user's login). */
export type OAuthClientConfig = { clientId: string; clientSecret: string };
export type CredentialExchangeParams = {
  baseUrl: string;
  form: Record<string, string>;
  /** Koppel's client at the vendor; undefined = not configured. */
  oauthClient?: OAuthClientConfig;
  tuning?: Record<string, unknown>;
  urlGuard?: OutboundGuard;
  log?: Logger;
};

/**
 * A vendor's authorization-code page and token endpoint (Koppel's client at the vendor is the operator's
 * configuration, `oauthClients`). `form`: the connect form goes with the authorization and is stored with the
 * tokens, the form alone never connects (Nmbrs: the subscription key, then the consent page); `none`: the page
 * takes the place of the form (Loket: log in at Loket instead of typing the login into Koppel).
 */
export type AuthorizationCodeConfig = {
  form: 'with' | 'none';
  scopes: readonly string[];
  authorizeUrl(baseUrl: string, form: Record<string, string>): string;
  tokenUrl(baseUrl: string, form: Record<string, string>): string;
};

/** Builds an export kind's sink for one integration (credentials decrypted, outbound guard, logger). */
export type SinkFactory<Payload = unknown> = (params: ConnectorParams & { timeZone?: string; unprotectedMode?: boolean }) => OutboundSink<Payload>;

/** The export kind of Koppel's approved hours per payroll period and hour code as Nmbrs variable hours (F-24). */
export const NMBRS_HOURS_KIND = 'nmbrs.hours';

/** The export kind of Koppel's approved hours as Personio v2 attendance periods (F-20, F-21). */
export const PERSONIO_ATTENDANCE_KIND = 'personio.attendance';

/** The export kind of Koppel's hours per Loket payroll period and component number (F-23, PATCH payrollperioddata). */
export const LOKET_PAYROLL_KIND = 'loket.payroll';

/** An HR or payroll system whose connector does not exist yet: listed as "coming soon", not connectable. */
export type PlannedRegistration = VendorLine & { category: 'hr' | 'payroll'; status: 'planned'; credentialsSchema: null; create: null };

/** A calendar or video provider (recruiting), as the App center lists it; built and connected by recruiting. */
export type ProviderRegistration = VendorLine & {
  category: 'calendar' | 'video';
  status: 'available';
  /** null: credentials come from the OAuth flow, not from a form. */
  credentialsSchema: z.ZodObject<z.ZodRawShape> | null;
};

export type VendorRegistration = ConnectorRegistration | PlannedRegistration | ProviderRegistration;

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
  create: ({ baseUrl, credentials, state, accountScope, tuning, log, urlGuard, features }) =>
    new PersonioConnector({
      ...(tuning as Partial<PersonioConnectorConfig>),
      ...guardedTransport(urlGuard, (tuning as Partial<PersonioConnectorConfig> | undefined)?.fetch),
      ...(features ? { features } : {}),
      ...(log ? { logger: log } : {}),
      baseUrl,
      clientId: credentials.clientId ?? '',
      clientSecret: credentials.clientSecret ?? '',
      ...(accountScope ? { accountScope } : {}),
      ...((state as { fieldKeys?: PersonioFieldKeys } | undefined)?.fieldKeys ? { fieldKeys: (state as { fieldKeys: PersonioFieldKeys }).fieldKeys } : {}),
    }),
  state: async (c) => ({ fieldKeys: await (c as PersonioConnector).fieldKeys() }),
  sinks: {
    [PERSONIO_ATTENDANCE_KIND]: ({ baseUrl, credentials, tuning, log, urlGuard, timeZone }) =>
      new PersonioAttendanceSink({
        client: new PersonioClient({
          ...(tuning as Partial<PersonioClientConfig>),
          ...guardedTransport(urlGuard, (tuning as Partial<PersonioClientConfig> | undefined)?.fetch),
          ...(log ? { logger: log } : {}),
          baseUrl,
          clientId: credentials.clientId ?? '',
          clientSecret: credentials.clientSecret ?? '',
        }),
        ...(timeZone ? { timeZone } : {}),
        // Deployment tuning for details Personio does not document (review9): e.g. { midnightEnd: 'same_day_235959', approval: 'skip' }.
        ...((tuning as { personioAttendance?: Pick<PersonioAttendanceSinkConfig, 'midnightEnd' | 'approval'> } | undefined)?.personioAttendance ?? {}),
      }),
  },
};

/**
 * Loket.nl's line in the vendor registry (issue 11, F-10). The connect form is the seed's: user name,
 * password and environment code ("omgevingscode"). They are exchanged ONCE for a token pair (password
 * grant at Loket's token endpoint, with Koppel's own client id/secret from the configuration) and then
 * forgotten: the integration stores only `{ clientId, clientSecret, accessToken, refreshToken, expiresAt }`,
 * encrypted with the SecretBox like every credential. The environment code has no field in Loket's OAuth
 * calls (decision 0014 §2): it is asked for as the seed does, and not stored either.
 */

type StoredLoketCredentials = OAuthTokens & { clientId: string; clientSecret: string };

const loket: ConnectorRegistration = {
  vendor: 'loket',
  label: 'Loket.nl',
  category: 'payroll',
  status: 'available',
  capabilities: LOKET_CAPABILITIES,
  defaultBaseUrl: LOKET_PRODUCTION.apiUrl,
  credentialsSchema: z.object({
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(500),
    environment: z.string().trim().min(1).max(100),
  }),
  // Nothing of the login is kept, not even masked.
  hint: () => 'OAuth2',
  // The seed: name, address and residence (NAW) are taken over every night.
  defaultSettings: { employeeFields: { address: true } },
  contractUpdates: 'once',
  async exchangeCredentials({ baseUrl, form, oauthClient, tuning, urlGuard }) {
    if (!oauthClient) throw new AppError('integration_unreachable', { vendor: 'Loket.nl' }, [fieldError('baseUrl', 'vendor_client_not_configured', { setting: 'KOPPEL_LOKET_CLIENT_ID / KOPPEL_LOKET_CLIENT_SECRET' })]);
    const tokens = await loketPasswordGrant({
      apiUrl: baseUrl,
      tokenUrl: loketTokenUrlFor(baseUrl),
      clientId: oauthClient.clientId,
      clientSecret: oauthClient.clientSecret,
      username: form.username ?? '',
      password: form.password ?? '',
      ...(typeof tuning?.timeoutMs === 'number' ? { timeoutMs: tuning.timeoutMs } : {}),
      ...guardedTransport(urlGuard, (tuning as { fetch?: typeof fetch } | undefined)?.fetch),
    });
    const stored: StoredLoketCredentials & Record<string, unknown> = { clientId: oauthClient.clientId, clientSecret: oauthClient.clientSecret, ...tokens };
    return stored;
  },
  // Or Loket's own login page: the password never passes through Koppel (Loket names no scopes).
  authorizationCode: { form: 'none', scopes: [], authorizeUrl: (baseUrl) => loketAuthorizeUrlFor(baseUrl), tokenUrl: (baseUrl) => loketTokenUrlFor(baseUrl) },
  create: ({ baseUrl, credentials, accountScope, tuning, log, urlGuard, tokenStore }) => {
    const c = credentials as unknown as StoredLoketCredentials;
    return new LoketConnector({
      ...(tuning as Partial<LoketConnectorConfig>),
      ...guardedTransport(urlGuard, (tuning as Partial<LoketConnectorConfig> | undefined)?.fetch),
      ...(log ? { logger: log } : {}),
      apiUrl: baseUrl,
      tokenUrl: loketTokenUrlFor(baseUrl),
      clientId: c.clientId ?? '',
      clientSecret: c.clientSecret ?? '',
      // Before saving (the credential check) the fresh pair lives in memory; afterwards on the integration's row.
      tokenStore: tokenStore ?? new MemoryTokenStore<OAuthTokens>({ accessToken: c.accessToken, refreshToken: c.refreshToken, expiresAt: Number(c.expiresAt) }),
      ...(accountScope ? { accountScope } : {}),
    });
  },
  // The payroll write side is the connector's sink (same client, token store and employer scope as the sync).
  sinks: { [LOKET_PAYROLL_KIND]: (params) => (loket.create(params) as LoketConnector).sink('payroll-hours:write') as OutboundSink<unknown> },
};

const providerLine = (p: ProviderEntry): ProviderRegistration => ({ vendor: p.kind, label: p.label, category: p.category, status: 'available', capabilities: p.capabilities, credentialsSchema: p.credentialsSchema });

/** One line per vendor. A new HR vendor is one folder under src/connectors/hr/ and one line here. */
export const vendorRegistry: readonly VendorRegistration[] = [
  personio,
  {
    ...NMBRS_REGISTRATION,
    // Protected (past) periods only when the user confirmed "unprotected mode" for this send.
    sinks: { [NMBRS_HOURS_KIND]: (params) => createNmbrsConnector(params).hoursSink({ unprotectedMode: params.unprotectedMode ?? false }) as OutboundSink<unknown> },
  },
  loket,
  ...PROVIDERS.map(providerLine),
];

/** An HR/payroll line Koppel can connect (not "coming soon", not a calendar/video provider). */
export const isConnector = (r: VendorRegistration): r is ConnectorRegistration => (r.category === 'hr' || r.category === 'payroll') && r.status === 'available';

/** The HR/payroll systems the integrations engine can sync: vendor → registration. */
export const connectorRegistry: Readonly<Record<string, ConnectorRegistration>> = Object.fromEntries(vendorRegistry.filter(isConnector).map((r) => [r.vendor, r]));

/** HR/payroll systems Koppel is built for whose connector does not exist yet ("coming soon" in the App center). */
export const plannedConnectors: readonly PlannedRegistration[] = vendorRegistry.filter((r): r is PlannedRegistration => r.status === 'planned');

export function registrationFor(vendor: string): ConnectorRegistration | undefined {
  return Object.hasOwn(connectorRegistry, vendor) ? connectorRegistry[vendor] : undefined;
}

/** The sink factory of a vendor for an export kind, or undefined when the vendor does not take that kind. */
export function sinkFactoryFor(vendor: string, kind: string): SinkFactory | undefined {
  const sinks = registrationFor(vendor)?.sinks;
  return sinks && Object.hasOwn(sinks, kind) ? sinks[kind] : undefined;
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
