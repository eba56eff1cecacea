import type { Database } from '../platform/db/client.ts';
import { randomToken, sha256, type SecretBox } from '../platform/crypto.ts';
import { silentLogger, type Logger } from '../platform/log/logger.ts';
import { AppError, fieldError, invalidField, notFound } from '../domain/errors.ts';
import { type Actor, requireRole } from '../domain/actor.ts';
import { buildPkceAuthorizeUrl, createPkceVerifier, exchangeCodeWithPkce } from '../connectors/kit/auth/oauth2.ts';
import { createOutboundGuard, type OutboundGuard } from '../connectors/kit/outbound-guard.ts';
import { ProviderError } from '../connectors/kit/provider.ts';
import { type AuthorizationCodeConfig, connectorRegistry, type ConnectorRegistration, type OAuthClientConfig, registrationFor } from './registry.ts';
import { createIntegrationsService, httpUrl, type IntegrationsService } from './app-center.service.ts';

/**
 * F-10 through a vendor's own authorization-code page — ONE connect for every HR/payroll vendor that has one
 * (decision 0028): Nmbrs' consent page (the form, i.e. the subscription key, first; it is stored with the tokens)
 * and Loket's login page (instead of the form; the password never passes through Koppel).
 *
 * start: the form is checked, a random state (bound to tenant and actor, 15 minutes, one use) and a PKCE verifier
 * are made; the pending connect waits in integration_authorizations — the state only as a sha256, form and verifier
 * SecretBox-encrypted — and the answer is the vendor page to send the browser to. callback: the state is taken
 * (deleted: a second use, another tenant's or another user's state, a forged or an expired one is refused as
 * `authorisation_expired`), a denial is `integration_credentials_invalid` (variant `denied`), the code is exchanged
 * with the verifier at the vendor's token endpoint with Koppel's client (the operator's `oauthClients`,
 * KOPPEL_<VENDOR>_CLIENT_ID / _SECRET), and the tokens go to the App center (`connectAuthorized`): checked live,
 * stored encrypted, as a new integration or — with `integrationId` — as the reconnect of one that needs it.
 */

const STATE_TTL_MS = 15 * 60_000;
/** The web page the vendor sends the browser back to (web/src/app.tsx); register `<PUBLIC_URL>` + this at the vendor. */
export const AUTHORIZATION_CALLBACK_PATH = '/settings/integrations/oauth/callback';

export type AuthorizationStartInput = {
  vendor: string;
  name?: string;
  baseUrl?: string | null;
  /** The vendor's form, for a vendor whose form goes with the authorization (Nmbrs); ignored otherwise. */
  credentials?: Record<string, string>;
  /** Where the vendor sends the browser back; default `<PUBLIC_URL>/settings/integrations/oauth/callback`. */
  redirectUri?: string;
  /** Reconnect this integration (its stored form is reused unless new credentials are given). */
  integrationId?: string;
};

export type AuthorizationDeps = {
  log?: Logger;
  urlGuard?: OutboundGuard;
  /** Koppel's OAuth2 client per vendor (the operator's configuration); a vendor without one cannot be connected this way. */
  oauthClients?: Readonly<Record<string, OAuthClientConfig>>;
  /** Koppel's public address, for the default redirect URI. */
  publicUrl?: string;
  /** The App center that checks and stores what the vendor granted (default: one of its own with this guard and logger). */
  integrations?: IntegrationsService;
};

type AuthorizingVendor = ConnectorRegistration & { authorizationCode: AuthorizationCodeConfig };

/** The vendors with an authorization-code page (the route's enum). */
export const authorizingVendors = (): string[] => Object.values(connectorRegistry).filter((r) => r.authorizationCode).map((r) => r.vendor);

export function createAuthorizationCodeService(db: Database, box: SecretBox, deps: AuthorizationDeps = {}) {
  const log = deps.log ?? silentLogger;
  const urlGuard = deps.urlGuard ?? createOutboundGuard({ enabled: true });
  const integrations = deps.integrations ?? createIntegrationsService(db, box, { log, urlGuard });
  const defaultRedirect = () => `${(deps.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}${AUTHORIZATION_CALLBACK_PATH}`;

  function vendorOf(vendor: string): AuthorizingVendor {
    const reg = registrationFor(vendor);
    if (!reg) throw invalidField('vendor', 'unknown_vendor', { known: authorizingVendors().join(', ') });
    if (!reg.authorizationCode) throw new AppError('invalid_state', { reason: 'consent_not_offered' });
    return reg as AuthorizingVendor;
  }

  function clientOf(reg: ConnectorRegistration): OAuthClientConfig {
    const client = deps.oauthClients?.[reg.vendor];
    if (!client) throw new AppError('integration_unreachable', { vendor: reg.label }, [fieldError('baseUrl', 'vendor_client_not_configured', { setting: `KOPPEL_${reg.vendor.toUpperCase()}_CLIENT_ID / KOPPEL_${reg.vendor.toUpperCase()}_CLIENT_SECRET` })]);
    return client;
  }

  /** The form that goes with the authorization: checked against the vendor's schema; none for a vendor whose page replaces the form. */
  function formOf(reg: AuthorizingVendor, given: Record<string, string>): Record<string, string> {
    if (reg.authorizationCode.form === 'none') return {};
    const parsed = reg.credentialsSchema.safeParse(given);
    if (!parsed.success) throw new AppError('validation_failed', {}, parsed.error.issues.map((i) => ({ field: `credentials.${i.path.join('.')}`, issue: i })));
    return parsed.data as Record<string, string>;
  }

  /** A refused exchange is the credential's fault (a code used twice, a wrong client); anything else the vendor's. */
  function exchangeFailed(reg: ConnectorRegistration, err: unknown): AppError {
    log.warn({ vendor: reg.vendor, code: (err as { code?: unknown } | null)?.code, err: err instanceof Error ? err.message : String(err) }, 'exchanging the authorization code failed');
    const label = { vendor: reg.label };
    if (err instanceof ProviderError && (err.code === 'reconnect_needed' || err.code === 'invalid_credentials' || err.code === 'bad_response')) {
      return new AppError('integration_credentials_invalid', label, [fieldError('credentials', 'vendor_refused_credentials')], { cause: err });
    }
    if (err instanceof ProviderError && err.code === 'rate_limited') return new AppError('integration_rate_limited', label, undefined, { cause: err });
    return new AppError('integration_unreachable', label, [fieldError('baseUrl', 'vendor_unreachable')], { cause: err });
  }

  return {
    /** Step 1: the form is checked and kept (encrypted); the answer is the vendor page to send the browser to (state + PKCE). */
    async start(actor: Actor, input: AuthorizationStartInput) {
      requireRole(actor, 'hr');
      const reg = vendorOf(input.vendor);
      const client = clientOf(reg);
      let form: Record<string, string>;
      let baseUrl: string;
      let name: string;
      if (input.integrationId) {
        const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', input.integrationId).executeTakeFirst();
        if (!row || row.vendor !== reg.vendor) throw notFound('integration');
        const stored = JSON.parse(box.decrypt(row.credentials_encrypted)) as Record<string, unknown>;
        const storedForm = Object.fromEntries(Object.keys(reg.credentialsSchema.shape).map((k) => [k, String(stored[k] ?? '')]));
        form = formOf(reg, { ...storedForm, ...input.credentials });
        baseUrl = input.baseUrl || row.base_url;
        name = row.name;
      } else {
        if (!input.name?.trim()) throw invalidField('name', 'required');
        form = formOf(reg, input.credentials ?? {});
        baseUrl = input.baseUrl || reg.defaultBaseUrl;
        name = input.name.trim();
      }
      const redirectUri = input.redirectUri || defaultRedirect();
      await integrations.checkBaseUrl(baseUrl);
      // Only the browser opens the redirect URI (the vendor checks it against the registered ones).
      httpUrl('redirectUri', redirectUri);
      const state = randomToken(24);
      // PKCE (RFC 7636, S256): the code is useless without this verifier, which never leaves the server.
      const codeVerifier = createPkceVerifier();
      await db.deleteFrom('integration_authorizations').where('expires_at', '<', new Date()).execute();
      await db
        .insertInto('integration_authorizations')
        .values({
          id: sha256(state),
          tenant_id: actor.tenantId,
          user_id: actor.userId ?? null,
          actor_id: actor.id ?? null,
          vendor: reg.vendor,
          integration_id: input.integrationId ?? null,
          name,
          base_url: baseUrl,
          redirect_uri: redirectUri,
          secrets_encrypted: box.encrypt(JSON.stringify({ form, codeVerifier })),
          expires_at: new Date(Date.now() + STATE_TTL_MS),
        })
        .execute();
      const { authorizationCode: ac } = reg;
      const authorizeUrl = buildPkceAuthorizeUrl({ authorizeUrl: ac.authorizeUrl(baseUrl, form), clientId: client.clientId, redirectUri, state, scopes: ac.scopes, codeVerifier });
      return { authorizeUrl, state };
    },

    /**
     * Step 2, the vendor sent the browser back (code + state, or error): the state is taken once, the code exchanged
     * with the verifier, and the tokens checked live and stored encrypted; the accounts (employers, debtors,
     * companies) are for the scope choice.
     */
    async callback(actor: Actor, input: { state: string; code?: string; error?: string }) {
      requireRole(actor, 'hr');
      // Taken (deleted) only by whoever started it, in their tenant: another actor's attempt does not use it up.
      let take = db.deleteFrom('integration_authorizations').where('id', '=', sha256(input.state)).where('tenant_id', '=', actor.tenantId);
      take = actor.id ? take.where('actor_id', '=', actor.id) : take.where('actor_id', 'is', null);
      const pending = await take.returningAll().executeTakeFirst();
      if (!pending || new Date(pending.expires_at).getTime() < Date.now()) throw invalidField('state', 'authorisation_expired');
      const reg = vendorOf(pending.vendor);
      if (input.error || !input.code) throw new AppError('integration_credentials_invalid', { vendor: reg.label, variant: 'denied' }, [fieldError('credentials', 'vendor_refused_credentials')]);
      const { form, codeVerifier } = JSON.parse(box.decrypt(pending.secrets_encrypted)) as { form: Record<string, string>; codeVerifier: string };
      const client = clientOf(reg);
      let tokens: { accessToken: string; refreshToken: string; expiresAt: number };
      try {
        const t = await exchangeCodeWithPkce({
          tokenUrl: reg.authorizationCode.tokenUrl(pending.base_url, form),
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          code: input.code,
          redirectUri: pending.redirect_uri,
          codeVerifier,
          ...(urlGuard.enabled ? { fetch: urlGuard.fetch } : {}),
        });
        tokens = { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt };
      } catch (err) {
        throw exchangeFailed(reg, err);
      }
      // The form plus Koppel's client: the connector refreshes with it, so it is stored with the tokens.
      const credentials = { ...form, clientId: client.clientId, clientSecret: client.clientSecret, ...tokens };
      const done = await integrations.connectAuthorized(actor, { vendor: reg.vendor, name: pending.name, baseUrl: pending.base_url, integrationId: pending.integration_id }, credentials);
      return { ...done, accounts: done.accounts.map((a) => ({ ...a, parentId: a.parentId ?? null })) };
    },
  };
}
export type AuthorizationCodeService = ReturnType<typeof createAuthorizationCodeService>;
