import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../platform/db/client.ts';
import type { SecretBox } from '../platform/crypto.ts';
import { auditRepository } from '../platform/audit/audit.repository.ts';
import { silentLogger, type Logger } from '../platform/log/logger.ts';
import { AppError, fieldError, invalidField, notFound } from '../domain/errors.ts';
import { type Actor, requireRole } from '../domain/actor.ts';
import { buildPkceAuthorizeUrl, createPkceVerifier, exchangeCodeWithPkce } from '../connectors/kit/auth/oauth2.ts';
import { MemoryTokenStore, type OAuthTokens } from '../connectors/kit/auth/token-store.ts';
import { createOutboundGuard, OutboundRefusedError, type OutboundGuard } from '../connectors/kit/outbound-guard.ts';
import { ProviderError } from '../connectors/kit/provider.ts';
import type { ExternalAccount, VerifyCredentialsResult } from '../connectors/kit/hr-connector.ts';
import { HttpError } from '../connectors/kit/http-client.ts';
import { registrationFor, type ConnectorRegistration } from './registry.ts';
import { parseSettings } from './engine/sync.types.ts';
import { upsertIntegrationSchedule } from './engine/sync-schedule.ts';
import { isCredentialFailure } from './engine/sync-failures.ts';
import { createIntegrationsService } from './app-center.service.ts';

/**
 * F-10 for vendors connected through their own consent page (Nmbrs): the user fills the form
 * (the subscription key; the OAuth client is Koppel's app, configured by the operator: `oauthClients`,
 * KOPPEL_NMBRS_CLIENT_ID / _SECRET, stored with the tokens), Koppel sends the browser to the vendor's consent page with a
 * state and a PKCE challenge, and the callback exchanges the code. The form and the verifier wait
 * encrypted in integration_consents (the state only as a hash, 15 minutes, one use); the integration
 * row then holds form + tokens, SecretBox-encrypted, like every integration's credentials. With
 * `integrationId` the same round trip reconnects an integration ("reconnect needed"): new tokens,
 * health back to healthy, records and links kept. The debtor/company choice follows through the
 * App center's accounts/scope calls (a token covering several debtors is listed per debtor by the
 * connector).
 */

const STATE_TTL_MS = 15 * 60_000;
const LIVE_TUNING = { retry: { maxAttempts: 2, maxDelayMs: 1000, rateLimitPatienceMs: 0 }, timeoutMs: 15_000 };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type ConsentStartInput = {
  vendor: string;
  name?: string;
  baseUrl?: string | null;
  credentials?: Record<string, string>;
  redirectUri: string;
  /** Reconnect this integration (its stored form is reused unless new credentials are given). */
  integrationId?: string;
};

export type ConsentDeps = {
  log?: Logger;
  urlGuard?: OutboundGuard;
  connectorTuning?: Record<string, unknown>;
  /** Koppel's OAuth2 client per vendor (the operator's configuration); a vendor without one cannot be connected. */
  oauthClients?: Readonly<Record<string, { clientId: string; clientSecret: string }>>;
};

export function createIntegrationConsentService(db: Database, box: SecretBox, deps: ConsentDeps = {}) {
  const log = deps.log ?? silentLogger;
  const urlGuard = deps.urlGuard ?? createOutboundGuard({ enabled: true });
  // The App center's DTO of the integration the consent created or reconnected.
  const integrations = createIntegrationsService(db, box, { log, urlGuard });

  function consentVendor(vendor: string): ConnectorRegistration & { consent: NonNullable<ConnectorRegistration['consent']> } {
    const reg = registrationFor(vendor);
    if (!reg) throw invalidField('vendor', 'unknown_vendor', { known: '' });
    if (!reg.consent) throw new AppError('invalid_state', { reason: 'consent_not_offered' });
    return reg as ConnectorRegistration & { consent: NonNullable<ConnectorRegistration['consent']> };
  }

  function clientOf(reg: ConnectorRegistration) {
    const client = deps.oauthClients?.[reg.vendor];
    if (!client) throw new AppError('integration_unreachable', { vendor: reg.label }, [fieldError('baseUrl', 'vendor_client_not_configured', { setting: `KOPPEL_${reg.vendor.toUpperCase()}_CLIENT_ID / KOPPEL_${reg.vendor.toUpperCase()}_CLIENT_SECRET` })]);
    return client;
  }

  async function checkUrl(field: string, raw: string) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalidField(field, 'invalid_input', { reason: 'URL' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidField(field, 'invalid_input', { reason: 'http(s)' });
    if (field !== 'baseUrl') return;
    try {
      await urlGuard.check(url);
    } catch (err) {
      if (!(err instanceof OutboundRefusedError)) throw err;
      throw invalidField('baseUrl', 'private_address');
    }
  }

  return {
    /** Step 1: the form is checked and kept (encrypted); the answer is the consent page to send the browser to. */
    async start(actor: Actor, input: ConsentStartInput) {
      requireRole(actor, 'hr');
      const reg = consentVendor(input.vendor);
      const client = clientOf(reg);
      let form: Record<string, string>;
      let baseUrl: string;
      let name: string;
      if (input.integrationId) {
        const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', input.integrationId).executeTakeFirst();
        if (!row || row.vendor !== input.vendor) throw notFound('integration');
        const stored = JSON.parse(box.decrypt(row.credentials_encrypted)) as Record<string, unknown>;
        const storedForm = Object.fromEntries(Object.keys(reg.credentialsSchema.shape).map((k) => [k, String(stored[k] ?? '')]));
        form = { ...storedForm, ...input.credentials };
        baseUrl = input.baseUrl || row.base_url;
        name = row.name;
      } else {
        if (!input.name?.trim()) throw invalidField('name', 'required');
        form = input.credentials ?? {};
        baseUrl = input.baseUrl || reg.defaultBaseUrl;
        name = input.name.trim();
      }
      const parsed = reg.credentialsSchema.safeParse(form);
      if (!parsed.success) throw new AppError('validation_failed', {}, parsed.error.issues.map((i) => ({ field: `credentials.${i.path.join('.')}`, issue: i })));
      form = parsed.data as Record<string, string>;
      await checkUrl('baseUrl', baseUrl);
      await checkUrl('redirectUri', input.redirectUri);
      const state = randomBytes(24).toString('base64url');
      const codeVerifier = createPkceVerifier();
      await db.deleteFrom('integration_consents').where('expires_at', '<', new Date()).execute();
      await db
        .insertInto('integration_consents')
        .values({
          id: sha256(state),
          tenant_id: actor.tenantId,
          user_id: actor.userId ?? null,
          vendor: reg.vendor,
          integration_id: input.integrationId ?? null,
          name,
          base_url: baseUrl,
          redirect_uri: input.redirectUri,
          secrets_encrypted: box.encrypt(JSON.stringify({ form, codeVerifier })),
          expires_at: new Date(Date.now() + STATE_TTL_MS),
        })
        .execute();
      const authorizeUrl = buildPkceAuthorizeUrl({ authorizeUrl: reg.consent.authorizeUrl(baseUrl, form), clientId: client.clientId, redirectUri: input.redirectUri, state, scopes: reg.consent.scopes, codeVerifier });
      return { authorizeUrl, state };
    },

    /**
     * Step 2, the vendor's redirect back (code + state, or error): the code is exchanged with the verifier,
     * the tokens checked live (subscription key, rights) and stored encrypted; the accounts are read so the
     * user can choose debtor and companies. A denied consent or an unknown/expired/used state is refused.
     */
    async callback(actor: Actor, input: { state: string; code?: string; error?: string }) {
      requireRole(actor, 'hr');
      const pending = await db.deleteFrom('integration_consents').where('id', '=', sha256(input.state)).where('tenant_id', '=', actor.tenantId).returningAll().executeTakeFirst();
      if (!pending || new Date(pending.expires_at).getTime() < Date.now() || (pending.user_id && actor.userId && pending.user_id !== actor.userId)) {
        throw invalidField('state', 'authorisation_expired');
      }
      const reg = consentVendor(pending.vendor);
      const label = { vendor: reg.label };
      if (input.error || !input.code) throw new AppError('integration_credentials_invalid', label, [fieldError('credentials', 'vendor_refused_credentials')]);
      const { form: typed, codeVerifier } = JSON.parse(box.decrypt(pending.secrets_encrypted)) as { form: Record<string, string>; codeVerifier: string };
      // The form plus Koppel's client: the connector refreshes with it, so it is stored with the tokens.
      const form = { ...typed, ...clientOf(reg) };
      let tokens: OAuthTokens;
      try {
        const t = await exchangeCodeWithPkce({
          tokenUrl: reg.consent.tokenUrl(pending.base_url, form),
          clientId: form.clientId ?? '',
          clientSecret: form.clientSecret ?? '',
          code: input.code,
          redirectUri: pending.redirect_uri,
          codeVerifier,
          ...(urlGuard.enabled ? { fetch: urlGuard.fetch } : {}),
        });
        tokens = { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt };
      } catch (err) {
        log.warn({ vendor: reg.vendor, code: (err as { code?: unknown } | null)?.code, err: err instanceof Error ? err.message : String(err) }, 'exchanging the consent code failed');
        if (err instanceof ProviderError && (err.code === 'reconnect_needed' || err.code === 'invalid_credentials' || err.code === 'bad_response')) {
          throw new AppError('integration_credentials_invalid', label, [fieldError('credentials', 'vendor_refused_credentials')], { cause: err });
        }
        throw new AppError('integration_unreachable', label, [fieldError('baseUrl', 'vendor_unreachable')], { cause: err });
      }
      // One in-memory store for the checks: a refresh in between rotates the pair that is then saved.
      const store = new MemoryTokenStore<OAuthTokens & Record<string, unknown>>({ ...form, ...tokens });
      const existing = pending.integration_id
        ? await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', pending.integration_id).executeTakeFirst()
        : undefined;
      const settings = parseSettings(existing?.settings ?? {});
      const connector = reg.create({ baseUrl: pending.base_url, credentials: form, tokenStore: store, features: settings.timeExchange, tuning: { ...LIVE_TUNING, ...deps.connectorTuning }, urlGuard, log });
      const result: VerifyCredentialsResult = await connector.verifyCredentials().catch((err: unknown) => ({ ok: false as const, reason: isCredentialFailure(err) ? ('invalid_credentials' as const) : ('unreachable' as const), detail: String(err) }));
      if (!result.ok) {
        log.warn({ vendor: reg.vendor, reason: result.reason, detail: result.detail, missing: result.missing }, 'consent credential check failed');
        if (result.reason === 'invalid_credentials') throw new AppError('integration_credentials_invalid', label, [fieldError('credentials', 'vendor_refused_credentials')]);
        const missing = (result.missing ?? []).join(', ');
        if (result.reason === 'missing_rights') throw new AppError('integration_missing_rights', { ...label, missing, ...(missing ? {} : { variant: 'unnamed' }) }, [fieldError('credentials', 'vendor_missing_rights', { missing })]);
        throw new AppError('integration_unreachable', label, [fieldError('baseUrl', 'vendor_unreachable')]);
      }
      const accounts = await connector.listAccounts().catch((err: unknown) => {
        log.warn({ vendor: reg.vendor, status: err instanceof HttpError ? err.status : undefined }, 'listing the accounts after the consent failed; the scope stays unset');
        return [] as ExternalAccount[];
      });
      const credentials = box.encrypt(JSON.stringify(store.current));
      const hint = reg.hint(form);
      let id: string;
      if (existing) {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('integrations')
            .set({ credentials_encrypted: credentials, credentials_hint: hint, base_url: pending.base_url, health: 'healthy', health_detail: null, updated_at: new Date() })
            .where('tenant_id', '=', actor.tenantId)
            .where('id', '=', existing.id)
            .execute();
          await auditRepository.record(trx, actor, 'reconnect', 'integration', existing.id, { credentials: { old: '***', new: '***' }, health: { old: existing.health, new: 'healthy' } });
        });
        id = existing.id;
      } else {
        // Nmbrs lists debtors and companies: the user always chooses (PUT …/scope).
        const created = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('integrations')
            .values({ tenant_id: actor.tenantId, vendor: reg.vendor, name: pending.name, base_url: pending.base_url, credentials_encrypted: credentials, credentials_hint: hint, settings: JSON.stringify(settings) })
            .returningAll()
            .executeTakeFirstOrThrow();
          await auditRepository.record(trx, actor, 'create', 'integration', row.id, { vendor: { old: null, new: reg.vendor }, name: { old: null, new: pending.name }, base_url: { old: null, new: pending.base_url } });
          return row;
        });
        await upsertIntegrationSchedule(db, created.id);
        id = created.id;
      }
      return { integration: await integrations.get(actor, id), reconnected: Boolean(existing), accounts: accounts.map((a) => ({ ...a, parentId: a.parentId ?? null })) };
    },
  };
}
export type IntegrationConsentService = ReturnType<typeof createIntegrationConsentService>;
