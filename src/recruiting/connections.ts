import type { Logger } from '../platform/log/logger.ts';
import { createOutboundGuard, type OutboundGuard, OutboundRefusedError } from '../connectors/kit/outbound-guard.ts';
import type { Database } from '../platform/db/client.ts';
import { auditRepository } from '../platform/audit/audit.repository.ts';
import { uniqueViolationColumns } from '../platform/db/pg-errors.ts';
import { randomToken, type SecretBox, sha256 } from '../platform/crypto.ts';
import { AppError, invalidField, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/actor.ts';
import { isStaff, langOf, requireAdmin, requireStaff } from './access.ts';
import type { ConnectionKind } from '../platform/db/recruiting-schema.ts';
import { buildPkceAuthorizeUrl, createPkceVerifier, exchangeCodeWithPkce } from '../connectors/kit/auth/oauth2.ts';
import { oauthConfig, providerEntry } from '../connectors/provider-registry.ts';
import { CALENDAR_CONFERENCES, type ConnectionRow, calendarFactory, calendarProviderFor, recordConnectionError, videoFactory, videoProviderFor } from './provider-registry.ts';
import type { CalendarCredentials } from '../connectors/calendar/calendar-provider.ts';
import { type CalendarProviderKind, type OAuthProviderKind, ProviderError, type VideoProviderKind } from '../connectors/kit/provider.ts';
import type { VideoCredentials } from '../connectors/video/video-provider.ts';
import { invalidState, type Lang } from './text.ts';
import { errorMessage } from '../platform/i18n/messages.ts';

/** F-31: calendar and video connections per user (and per room), tenant OAuth apps, the user list with ⚠ data. */

export type OauthKind = OAuthProviderKind;
const CATEGORY = (kind: ConnectionKind): 'calendar' | 'video' => providerEntry(kind).category;
const VENDOR = (kind: ConnectionKind): string => providerEntry(kind).label;
/** Scopes of a tenant app that names none: what the provider folders ask for (src/connectors/provider-registry.ts). */
const defaultScopes = (kind: OauthKind) => oauthConfig(kind).scopes.join(' ');
const STATE_TTL_MS = 10 * 60_000;

export function connectionDto(c: ConnectionRow) {
  return {
    id: c.id,
    ownerType: c.user_id ? ('user' as const) : ('room' as const),
    userId: c.user_id,
    roomId: c.room_id,
    kind: c.kind,
    category: c.category,
    account: c.account,
    status: c.status,
    lastErrorCode: c.last_error_code,
    lastErrorAt: c.last_error_at,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** Turns a failed live check into the integration errors the UI already knows (translated). */
export function verificationError(err: unknown, kind: ConnectionKind, lang: Lang = 'en'): AppError {
  const vendor = VENDOR(kind);
  if (err instanceof ProviderError) {
    if (err.code === 'invalid_credentials' || err.code === 'reconnect_needed') {
      // CalDAV asks for a user name and password, not an OAuth client: the message and field say so.
      if (kind === 'caldav') {
        const params = { vendor, variant: 'caldav' };
        return new AppError('integration_credentials_invalid', params, [{ field: 'password', message: errorMessage(lang, 'integration_credentials_invalid', params) }], { cause: err });
      }
      return new AppError('integration_credentials_invalid', { vendor }, undefined, { cause: err });
    }
    // The vendor's own text (a URL, a status) stays in the log: it would tell what answers at an address.
    if (err.code === 'forbidden') return new AppError('integration_missing_rights', { vendor, variant: 'unnamed', missing: '' }, undefined, { cause: err });
  }
  return new AppError('integration_unreachable', { vendor }, undefined, { cause: err });
}

/**
 * `urlGuard`: the outbound guard on every URL a user or tenant admin sets here (CalDAV URL, OAuth app
 * endpoints) and every URL their servers hand back; default on, without exceptions (the app passes
 * outboundGuardFor(config)).
 */
export function createConnectionsService(db: Database, box: SecretBox, opts: { urlGuard?: OutboundGuard; logger?: Logger } = {}) {
  const urlGuard = opts.urlGuard ?? createOutboundGuard({ enabled: true });
  const providerDeps = { urlGuard, ...(opts.logger ? { logger: opts.logger } : {}) };
  /** A URL the guard refuses is a field error (decided without sending anything); the detail goes to the log. */
  async function checkUrl(field: string, url: string) {
    try {
      await urlGuard.check(url);
    } catch (err) {
      if (!(err instanceof OutboundRefusedError)) throw err;
      opts.logger?.warn({ field, host: err.host, reason: err.reason }, 'outbound guard refused a URL');
      throw invalidField(field, 'private_address');
    }
  }

  async function owned(actor: Actor, id: string): Promise<ConnectionRow> {
    const c = await db.selectFrom('recruiting_connections').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('connection');
    // Your own connections, or staff for anyone's and rooms'.
    if (c.user_id !== actor.userId && !isStaff(actor)) throw notFound('connection');
    return c;
  }

  /** Saves a verified connection, replacing the owner's previous one of the same slot. */
  async function save(actor: Actor, owner: { userId?: string | null; roomId?: string | null }, kind: ConnectionKind, account: string, credentials: CalendarCredentials | VideoCredentials) {
    const category = CATEGORY(kind);
    return db.transaction().execute(async (trx) => {
      let del = trx.deleteFrom('recruiting_connections').where('tenant_id', '=', actor.tenantId).where('category', '=', category);
      del = owner.roomId ? del.where('room_id', '=', owner.roomId) : del.where('user_id', '=', owner.userId!);
      if (category === 'video') del = del.where('kind', '=', kind);
      let same = trx.selectFrom('recruiting_connections').selectAll().where('tenant_id', '=', actor.tenantId).where('category', '=', category).where('kind', '=', kind);
      same = owner.roomId ? same.where('room_id', '=', owner.roomId) : same.where('user_id', '=', owner.userId!);
      const previous = await same.forUpdate().executeTakeFirst();
      if (previous && previous.account.toLowerCase() === account.toLowerCase()) {
        // Reconnecting the same account: update the row in place, so the participants whose events live in
        // that calendar stay attached to it and their responses keep being read (a new row would orphan them).
        const row = await trx
          .updateTable('recruiting_connections')
          .set({ account, credentials_encrypted: box.encrypt(JSON.stringify(credentials)), status: 'connected', last_error_code: null, last_error_at: null, updated_at: new Date() })
          .where('id', '=', previous.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await auditRepository.record(trx, actor, 'connect', 'recruiting_connection', row.id, { kind: { old: kind, new: kind }, account: { old: previous.account, new: account } });
        return connectionDto(row);
      }
      // Another account or provider: its events are not in the new calendar; participants keep their event
      // refs (the FK clears connection_id) and a later update writes them anew through the new connection.
      await del.execute();
      const row = await trx
        .insertInto('recruiting_connections')
        .values({
          tenant_id: actor.tenantId,
          user_id: owner.roomId ? null : owner.userId!,
          room_id: owner.roomId ?? null,
          kind,
          category,
          account,
          credentials_encrypted: box.encrypt(JSON.stringify(credentials)),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditRepository.record(trx, actor, 'connect', 'recruiting_connection', row.id, { kind: { old: null, new: kind }, account: { old: null, new: account } });
      return connectionDto(row);
    });
  }

  async function ownerFor(actor: Actor, input: { roomId?: string | null; userId?: string | null }) {
    if (input.roomId) {
      requireStaff(actor);
      const room = await db.selectFrom('recruiting_rooms').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.roomId).executeTakeFirst();
      if (!room) throw invalidField('roomId', 'unknown', { entity: 'room' });
      return { roomId: input.roomId };
    }
    if (!actor.userId) throw new AppError('forbidden');
    return { userId: actor.userId };
  }

  return {
    /**
     * Everyone picks people by name and sees their calendar state; e-mail addresses and roles are for recruiting
     * staff (they invite and organise) and for the caller's own entry (docs/decisions/0008-field-visibility.md).
     */
    async listUsers(actor: Actor) {
      const staff = isStaff(actor);
      const users = await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'role', 'time_zone'])
        .where('tenant_id', '=', actor.tenantId)
        .where('active', '=', true)
        .orderBy('name')
        .orderBy('id')
        .execute();
      const conns = await db.selectFrom('recruiting_connections').selectAll().where('tenant_id', '=', actor.tenantId).where('user_id', 'is not', null).execute();
      return users.map((u) => {
        const mine = conns.filter((c) => c.user_id === u.id);
        const cal = mine.find((c) => c.category === 'calendar');
        const video = new Set<VideoProviderKind>();
        if (cal && cal.status === 'connected') for (const k of CALENDAR_CONFERENCES[cal.kind as CalendarProviderKind]) video.add(k);
        for (const c of mine) if (c.category === 'video' && c.status === 'connected') video.add(c.kind as VideoProviderKind);
        const contact = staff || u.id === actor.userId ? { email: u.email, role: u.role } : {};
        return {
          id: u.id,
          name: u.name,
          ...contact,
          timeZone: u.time_zone,
          calendarConnected: cal?.status === 'connected',
          calendarKind: (cal?.kind ?? null) as CalendarProviderKind | null,
          calendarStatus: cal?.status ?? null,
          videoProviders: [...video],
        };
      });
    },

    async list(actor: Actor, filter: { userId?: string; roomId?: string }) {
      let q = db.selectFrom('recruiting_connections').selectAll().where('tenant_id', '=', actor.tenantId);
      if (filter.roomId) {
        requireStaff(actor);
        q = q.where('room_id', '=', filter.roomId);
      } else {
        const userId = filter.userId ?? actor.userId;
        if (!userId) return [];
        if (userId !== actor.userId) requireStaff(actor);
        q = q.where('user_id', '=', userId);
      }
      return (await q.orderBy('created_at').execute()).map(connectionDto);
    },

    async connectCaldav(actor: Actor, input: { url: string; username: string; password: string; calendarUrl?: string | null; roomId?: string | null }) {
      const owner = await ownerFor(actor, input);
      const credentials: CalendarCredentials = {
        kind: 'caldav',
        url: input.url,
        username: input.username,
        password: input.password,
        ...(input.calendarUrl ? { calendarUrl: input.calendarUrl } : {}),
      };
      // Koppel fetches this URL from its own network: in production it may not point inside it (SSRF).
      for (const [field, url] of [['url', input.url], ['calendarUrl', input.calendarUrl]] as const) {
        if (url) await checkUrl(field, url);
      }
      let account: string;
      try {
        account = (await calendarFactory('caldav')(credentials, providerDeps).verify()).account;
      } catch (err) {
        // What exactly went wrong (refused, closed, not a CalDAV answer…) is for the log; the user gets one text.
        opts.logger?.warn({ kind: 'caldav', err: err instanceof Error ? err.message : String(err) }, 'calendar connection check failed');
        throw verificationError(err, 'caldav', langOf(actor));
      }
      return save(actor, owner, 'caldav', account || input.username, credentials);
    },

    async oauthStart(actor: Actor, input: { kind: OauthKind; redirectUri: string }) {
      if (!actor.userId) throw new AppError('forbidden');
      const app = await db.selectFrom('recruiting_oauth_apps').selectAll().where('tenant_id', '=', actor.tenantId).where('kind', '=', input.kind).executeTakeFirst();
      if (!app) throw invalidState(langOf(actor), 'oauth_app_missing', { kind: VENDOR(input.kind) });
      const state = randomToken(24);
      // PKCE (RFC 7636, S256): the code is useless without this verifier, which never leaves the server.
      // It is a secret until the exchange, so it is stored encrypted; the state itself only as a hash.
      const codeVerifier = createPkceVerifier();
      await db.deleteFrom('recruiting_oauth_states').where('expires_at', '<', new Date()).execute();
      await db
        .insertInto('recruiting_oauth_states')
        .values({ id: sha256(state), tenant_id: actor.tenantId, user_id: actor.userId, kind: input.kind, redirect_uri: input.redirectUri, code_verifier: box.encrypt(codeVerifier), expires_at: new Date(Date.now() + STATE_TTL_MS) })
        .execute();
      const me = await db.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirst();
      const authorizeUrl = buildPkceAuthorizeUrl({
        codeVerifier,
        // Pre-selects the user's own account on the consent page.
        ...(me ? { loginHint: me.email } : {}),
        authorizeUrl: app.authorize_url,
        clientId: app.client_id,
        redirectUri: input.redirectUri,
        state,
        scopes: (app.scopes || defaultScopes(input.kind)).split(/\s+/).filter(Boolean),
        extraParams: oauthConfig(input.kind).extraParams,
      });
      return { authorizeUrl, state };
    },

    async oauthCallback(actor: Actor, input: { state: string; code: string }) {
      if (!actor.userId) throw new AppError('forbidden');
      const pending = await db
        .deleteFrom('recruiting_oauth_states')
        .where('id', '=', sha256(input.state))
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', actor.userId)
        .returningAll()
        .executeTakeFirst();
      // A state without a verifier predates PKCE: start again rather than exchange without one.
      if (!pending || pending.expires_at.getTime() < Date.now() || !pending.code_verifier) throw invalidField('state', 'authorisation_expired');
      const kind = pending.kind as OauthKind;
      const app = await db.selectFrom('recruiting_oauth_apps').selectAll().where('tenant_id', '=', actor.tenantId).where('kind', '=', kind).executeTakeFirst();
      if (!app) throw invalidState(langOf(actor), 'oauth_app_missing', { kind: VENDOR(kind) });
      const clientSecret = box.decrypt(app.client_secret_encrypted);
      try {
        const tokens = await exchangeCodeWithPkce({
          codeVerifier: box.decrypt(pending.code_verifier),
          tokenUrl: app.token_url,
          clientId: app.client_id,
          clientSecret,
          code: input.code,
          redirectUri: pending.redirect_uri,
          authMethod: oauthConfig(kind).authMethod,
          provider: kind,
          ...(urlGuard.enabled ? { fetch: urlGuard.fetch } : {}),
        });
        const base = { baseUrl: app.api_base_url, tokenUrl: app.token_url, clientId: app.client_id, clientSecret, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, account: tokens.account };
        let account = tokens.account;
        let credentials: CalendarCredentials | VideoCredentials;
        if (CATEGORY(kind) === 'calendar') {
          credentials = { kind: kind as 'google' | 'microsoft', ...base };
          account = (await calendarFactory(kind as CalendarProviderKind)(credentials, providerDeps).verify()).account || account;
        } else {
          credentials = { kind: kind as 'zoom' | 'gotomeeting', ...base };
          account = (await videoFactory(kind as VideoProviderKind)(credentials, providerDeps).verify()).account || account;
        }
        credentials = { ...credentials, account } as typeof credentials;
        return await save(actor, { userId: actor.userId! }, kind, account, credentials);
      } catch (err) {
        if (err instanceof AppError) throw err;
        opts.logger?.warn({ kind, err: err instanceof Error ? err.message : String(err) }, 'oauth connection failed');
        throw verificationError(err, kind);
      }
    },

    async verify(actor: Actor, id: string) {
      const c = await owned(actor, id);
      try {
        const provider = c.category === 'calendar' ? calendarProviderFor(db, box, c, providerDeps) : videoProviderFor(db, box, c, providerDeps);
        const { account } = await provider.verify();
        const row = await db
          .updateTable('recruiting_connections')
          .set({ status: 'connected', last_error_code: null, last_error_at: null, account: account || c.account, updated_at: new Date() })
          .where('id', '=', c.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return connectionDto(row);
      } catch (err) {
        if (!(err instanceof ProviderError)) await recordConnectionError(db, c.id, err);
        // invalid credentials on a stored connection mean the same as a failed refresh: connect again.
        if (err instanceof ProviderError && err.code === 'invalid_credentials') {
          await db.updateTable('recruiting_connections').set({ status: 'reconnect_needed' }).where('id', '=', c.id).execute();
        }
        const row = await db.selectFrom('recruiting_connections').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
        return connectionDto(row);
      }
    },

    async remove(actor: Actor, id: string) {
      const c = await owned(actor, id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('recruiting_connections').where('tenant_id', '=', actor.tenantId).where('id', '=', c.id).execute();
        await auditRepository.record(trx, actor, 'disconnect', 'recruiting_connection', c.id, { kind: { old: c.kind, new: null } });
      });
    },

    async listOauthApps(actor: Actor) {
      requireAdmin(actor);
      const apps = await db.selectFrom('recruiting_oauth_apps').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('kind').execute();
      return apps.map((a) => ({ kind: a.kind, clientId: a.client_id, hasSecret: a.client_secret_encrypted !== '', authorizeUrl: a.authorize_url, tokenUrl: a.token_url, apiBaseUrl: a.api_base_url, scopes: a.scopes || defaultScopes(a.kind) }));
    },

    async putOauthApp(actor: Actor, kind: OauthKind, given: { clientId: string; clientSecret?: string | null; authorizeUrl?: string | null; tokenUrl?: string | null; apiBaseUrl?: string | null; scopes?: string | null }) {
      requireAdmin(actor);
      // Without URLs the provider's real endpoints are used; tests and the demo point them at emulators.
      const vendor = oauthConfig(kind);
      const input = { ...given, authorizeUrl: given.authorizeUrl || vendor.authorizeUrl, tokenUrl: given.tokenUrl || vendor.tokenUrl, apiBaseUrl: given.apiBaseUrl || vendor.apiBase };
      // Koppel posts the client secret to the token URL and calls the API base: neither may point into its own network.
      for (const field of ['authorizeUrl', 'tokenUrl', 'apiBaseUrl'] as const) await checkUrl(field, input[field]);
      const existing = await db.selectFrom('recruiting_oauth_apps').selectAll().where('tenant_id', '=', actor.tenantId).where('kind', '=', kind).executeTakeFirst();
      if (!existing && !input.clientSecret) throw invalidField('clientSecret', 'required');
      const secret = input.clientSecret ? box.encrypt(input.clientSecret) : existing!.client_secret_encrypted;
      const values = { client_id: input.clientId, client_secret_encrypted: secret, authorize_url: input.authorizeUrl, token_url: input.tokenUrl, api_base_url: input.apiBaseUrl, scopes: input.scopes ?? '', updated_at: new Date() };
      try {
        await db
          .insertInto('recruiting_oauth_apps')
          .values({ tenant_id: actor.tenantId, kind, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'kind']).doUpdateSet(values))
          .execute();
      } catch (err) {
        if (uniqueViolationColumns(err)) throw new AppError('conflict', { detail: kind });
        throw err;
      }
      await auditRepository.record(db, actor, 'update', 'recruiting_oauth_app', null, { kind: { old: null, new: kind }, clientId: { old: existing?.client_id ?? null, new: input.clientId } });
      return (await this.listOauthApps(actor)).find((a) => a.kind === kind)!;
    },
  };
}
export type ConnectionsService = ReturnType<typeof createConnectionsService>;
