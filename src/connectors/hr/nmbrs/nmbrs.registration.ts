import { z } from 'zod';
import type { Logger } from '../../../platform/log/logger.ts';
import type { OAuthTokens, TokenStore } from '../../kit/auth/token-store.ts';
import { guardedTransport, type OutboundGuard } from '../../kit/outbound-guard.ts';
import { NMBRS_DEFAULT_BASE_URL, NMBRS_DEFAULT_IDENTITY_URL } from './nmbrs.client.ts';
import { NMBRS_CAPABILITIES, NmbrsConnector, type NmbrsConnectorConfig } from './nmbrs.connector.ts';

/**
 * Nmbrs as a registry line (src/integrations/registry.ts `ConnectorRegistration`, structurally: this
 * folder does not import the integrations layer). The credential form holds the subscription key only: the
 * OAuth client is Koppel's app registered with Nmbrs, configured by the operator (KOPPEL_NMBRS_CLIENT_ID /
 * _SECRET) and stored with the tokens by the consent flow. The tokens come from the consent page and live
 * encrypted on the integration row (integrationTokenStore), handed in as `tokenStore`. `authorizationCode` tells the one authorization-code connect
 * (src/integrations/authorization-code.service.ts) where Nmbrs' consent page and token endpoint are.
 */

export const NMBRS_CREDENTIALS_SCHEMA = z.object({
  subscriptionKey: z.string().trim().min(1).max(200),
});

/** The part of ConnectorParams (src/integrations/registry.ts) this connector reads. */
export interface NmbrsConnectorParams {
  baseUrl: string;
  credentials: Record<string, string>;
  accountScope?: readonly string[];
  tuning?: Record<string, unknown>;
  urlGuard?: OutboundGuard;
  log?: Logger;
  tokenStore?: TokenStore<OAuthTokens & Record<string, unknown>>;
}

/** The identity service that goes with an API base URL: Nmbrs' own for the production API, the same origin otherwise (the emulator serves both). */
export function nmbrsIdentityUrl(baseUrl: string, credentials: Record<string, string>): string {
  if (credentials.identityUrl) return credentials.identityUrl;
  return baseUrl.replace(/\/+$/, '') === NMBRS_DEFAULT_BASE_URL ? NMBRS_DEFAULT_IDENTITY_URL : baseUrl;
}

export function createNmbrsConnector({ baseUrl, credentials, accountScope, tuning, urlGuard, log, tokenStore }: NmbrsConnectorParams): NmbrsConnector {
  if (!tokenStore) throw new Error('Nmbrs needs the tokens of a consent: connect through the Nmbrs consent page first');
  const t = tuning as Partial<NmbrsConnectorConfig> | undefined;
  return new NmbrsConnector({
    ...t,
    ...guardedTransport(urlGuard, t?.fetch),
    ...(log ? { logger: log } : {}),
    baseUrl,
    identityUrl: nmbrsIdentityUrl(baseUrl, credentials),
    subscriptionKey: credentials.subscriptionKey ?? '',
    clientId: credentials.clientId ?? '',
    clientSecret: credentials.clientSecret ?? '',
    tokens: tokenStore,
    ...(accountScope ? { accountScope } : {}),
  });
}

/** What Koppel asks the user to grant on Nmbrs' consent page: the reads of the sync, the variable-hours write, and refresh tokens. */
export const NMBRS_CONSENT_SCOPES = [
  'company.info.read',
  'company.payrollsettings.read',
  'employee.info.read',
  'employee.orgstructure.read',
  'employee.payment.read',
  'employee.employment.read',
  'employee.info',
  'offline_access',
] as const;

const mask = (id: string) => (id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`);

/** The registry line (listed in src/integrations/registry.ts). */
export const NMBRS_REGISTRATION = {
  vendor: 'nmbrs',
  label: 'Nmbrs',
  category: 'payroll' as const,
  status: 'available' as const,
  capabilities: NMBRS_CAPABILITIES,
  defaultBaseUrl: NMBRS_DEFAULT_BASE_URL,
  credentialsSchema: NMBRS_CREDENTIALS_SCHEMA,
  hint: (c: Record<string, string>) => mask(c.subscriptionKey ?? ''),
  create: createNmbrsConnector,
  // The consent page: the form (subscription key) first, kept with the tokens; the form alone never connects.
  authorizationCode: {
    form: 'with' as const,
    scopes: NMBRS_CONSENT_SCOPES,
    authorizeUrl: (baseUrl: string, c: Record<string, string>) => `${nmbrsIdentityUrl(baseUrl, c).replace(/\/+$/, '')}/connect/authorize`,
    tokenUrl: (baseUrl: string, c: Record<string, string>) => `${nmbrsIdentityUrl(baseUrl, c).replace(/\/+$/, '')}/connect/token`,
  },
};
