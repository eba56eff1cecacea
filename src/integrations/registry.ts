import { z } from 'zod';
import type { HrConnector } from '../connectors/kit/hr-connector.ts';
import { PERSONIO_DEFAULT_BASE_URL } from '../connectors/hr/personio/personio.client.ts';
import { PersonioConnector, type PersonioConnectorConfig } from '../connectors/hr/personio/personio.connector.ts';
import type { PersonioFieldKeys } from '../connectors/hr/personio/personio.mappers.ts';

/** How the sync engine builds a connector for one integration. */
export type ConnectorParams = {
  baseUrl: string;
  credentials: Record<string, string>;
  /** What an earlier run learnt and kept (vendor_state); undefined = discover again. */
  state?: unknown;
  /** Test and benchmark knobs passed straight to the vendor client (timeouts, retry policy, rate limits). */
  tuning?: Record<string, unknown>;
};

export type ConnectorRegistration = {
  label: string;
  defaultBaseUrl: string;
  /** The credential fields the vendor needs (the UI's connect form). */
  credentials: z.ZodObject<Record<string, z.ZodString>>;
  /** The part of the credentials the UI may show, e.g. a masked client id. Never a secret. */
  hint(credentials: Record<string, string>): string;
  create(params: ConnectorParams): HrConnector;
  /** What is worth keeping for the next run (no secrets). */
  state?(connector: HrConnector): Promise<unknown>;
};

export const maskId = (id: string) => (id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`);

const personio: ConnectorRegistration = {
  label: 'Personio',
  defaultBaseUrl: PERSONIO_DEFAULT_BASE_URL,
  credentials: z.object({ clientId: z.string().trim().min(1).max(200), clientSecret: z.string().trim().min(1).max(500) }),
  hint: (c) => maskId(c.clientId ?? ''),
  create: ({ baseUrl, credentials, state, tuning }) =>
    new PersonioConnector({
      ...(tuning as Partial<PersonioConnectorConfig>),
      baseUrl,
      clientId: credentials.clientId ?? '',
      clientSecret: credentials.clientSecret ?? '',
      ...((state as { fieldKeys?: PersonioFieldKeys } | undefined)?.fieldKeys ? { fieldKeys: (state as { fieldKeys: PersonioFieldKeys }).fieldKeys } : {}),
    }),
  state: async (c) => ({ fieldKeys: await (c as PersonioConnector).fieldKeys() }),
};

/** Every HR connector Koppel knows: vendor → registration. A new vendor is one folder and one line here. */
export const connectorRegistry: Record<string, ConnectorRegistration> = {
  personio,
};

/**
 * HR systems Koppel is built for whose connector does not exist yet: the App center lists them as
 * "coming soon" (not connectable). A vendor moves from here to connectorRegistry when its folder lands.
 */
export const plannedConnectors: readonly { vendor: string; label: string }[] = [
  { vendor: 'nmbrs', label: 'Nmbrs' },
  { vendor: 'loket', label: 'Loket.nl' },
];

export function registrationFor(vendor: string): ConnectorRegistration | undefined {
  return Object.hasOwn(connectorRegistry, vendor) ? connectorRegistry[vendor] : undefined;
}
