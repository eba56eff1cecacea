import { createHash, randomBytes } from 'node:crypto';
import type { FaultProfile, FaultRule } from './faults.ts';
import { HttpFault, escapeHtml, html, json, redirect, type EmuRequest, type EmuResponse, type KitOptions, type RunningKit } from './http-kit.ts';
import type { RateRule } from './rate-limit.ts';

/**
 * The OAuth 2.0 authorization-code server every emulator embeds (RFC 6749 §4.1 and §6): a consent
 * page that lets a person pick one of the emulator's accounts, single-use codes bound to client and
 * redirect URI, expiring access tokens, refresh tokens that a test can revoke (→ `invalid_grant`,
 * the failure Koppel must surface as "reconnect needed"), optional refresh-token rotation
 * (Microsoft and Zoom hand out a new refresh token on every refresh; a used one is then refused),
 * PKCE (RFC 7636: when the authorization request carried a `code_challenge`, the exchange must
 * carry the matching `code_verifier`; S256 and plain), and token revocation (RFC 7009).
 */

export interface EmulatorUser {
  id: string;
  email: string;
  name: string;
  /** The account's IANA zone (calendar default zone / Zoom user timezone). */
  timeZone: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface OAuthServerConfig {
  vendor: string;
  /** How the token endpoint accepts client credentials: in the form body, HTTP Basic, or either. */
  clientAuth: 'post' | 'basic' | 'either';
  rotateRefreshTokens: boolean;
  /** Include an OpenID `id_token` (unsigned JWT carrying email) in code exchanges, as Google and Microsoft do with the openid scope. */
  idToken: boolean;
  accessTokenPrefix: string;
  accessTokenTtlSeconds: number;
  /** Extra fields for the token response (GoTo sends `principal`, the account email). */
  extraTokenFields?: (user: EmulatorUser) => Record<string, unknown>;
  /** When a login_hint names a known account, skip the consent page (handy for scripted e2e flows). */
  autoApprove?: boolean;
  clock?: () => number;
}

interface AccessToken {
  userId: string;
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}
interface RefreshToken {
  userId: string;
  clientId: string;
  revoked: boolean;
  scope: string;
}
interface AuthCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  expiresAt: number;
  used: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

const CODE_TTL_MS = 10 * 60_000;

function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

function b64url(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

export class OAuthServer {
  readonly users = new Map<string, EmulatorUser>();
  readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly now: () => number;
  /** Token endpoint calls by grant type, for tests asserting that a provider refreshed (or did not). */
  readonly grants = { authorization_code: 0, refresh_token: 0 };

  constructor(readonly config: OAuthServerConfig) {
    this.now = config.clock ?? Date.now;
  }

  addUser(user: EmulatorUser): EmulatorUser {
    if (this.findUser(user.email)) throw new HttpFault(409, `User ${user.email} already exists`);
    this.users.set(user.id, user);
    return user;
  }

  addClient(client: OAuthClient): void {
    this.clients.set(client.clientId, client);
  }

  /** By id or email (case-insensitive). */
  findUser(idOrEmail: string): EmulatorUser | undefined {
    const direct = this.users.get(idOrEmail);
    if (direct) return direct;
    const e = idOrEmail.toLowerCase();
    for (const u of this.users.values()) if (u.email.toLowerCase() === e) return u;
    return undefined;
  }

  requireUser(idOrEmail: unknown): EmulatorUser {
    const u = typeof idOrEmail === 'string' ? this.findUser(idOrEmail) : undefined;
    if (!u) throw new HttpFault(404, `Unknown emulator user ${String(idOrEmail)}`);
    return u;
  }

  /** Issues tokens directly (test setup without the browser dance). */
  issueTokens(idOrEmail: string, clientId: string, scope = ''): { accessToken: string; refreshToken: string; expiresAt: number } {
    const user = this.requireUser(idOrEmail);
    const r = token('1//r-');
    this.refresh.set(r, { userId: user.id, clientId, revoked: false, scope });
    const a = this.newAccess(user.id, clientId);
    return { accessToken: a.token, refreshToken: r, expiresAt: a.expiresAt };
  }

  /** Test hook: every token of this user stops working; refreshing answers invalid_grant. */
  revokeUser(idOrEmail: string): number {
    const user = this.requireUser(idOrEmail);
    let n = 0;
    for (const t of [...this.access.values(), ...this.refresh.values()]) {
      if (t.userId === user.id && !t.revoked) {
        t.revoked = true;
        n++;
      }
    }
    return n;
  }

  /** Test hook / expiredToken fault: the access token in this Authorization header expires now; false when there was no live one. */
  expireBearer(authorization: string | undefined): boolean {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const t = m ? this.access.get(m[1]!) : undefined;
    if (!t || t.revoked || t.expiresAt <= this.now()) return false;
    t.expiresAt = this.now() - 1;
    return true;
  }

  /** RFC 7009 revocation endpoint: `token` (access or refresh) stops working; always 200, also for unknown tokens. */
  revokeEndpoint(req: EmuRequest): EmuResponse {
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    const t = form.token ?? req.query.get('token') ?? '';
    const rec = this.access.get(t) ?? this.refresh.get(t);
    if (rec) rec.revoked = true;
    return json(200, {});
  }

  /** Test hook: the user's access tokens expire now (refresh tokens stay good). */
  expireAccessTokens(idOrEmail: string): number {
    const user = this.requireUser(idOrEmail);
    let n = 0;
    for (const t of this.access.values()) {
      if (t.userId === user.id && t.expiresAt > this.now()) {
        t.expiresAt = this.now() - 1;
        n++;
      }
    }
    return n;
  }

  /** The user behind a bearer token, or why there is none. */
  authenticate(authorization: string | undefined): { user: EmulatorUser } | { error: 'missing' | 'invalid' | 'expired' } {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return { error: 'missing' };
    const t = this.access.get(m[1]!);
    if (!t || t.revoked) return { error: 'invalid' };
    if (t.expiresAt <= this.now()) return { error: 'expired' };
    const user = this.users.get(t.userId);
    return user ? { user } : { error: 'invalid' };
  }

  private newAccess(userId: string, clientId: string): { token: string; expiresAt: number } {
    const t = token(this.config.accessTokenPrefix);
    const expiresAt = this.now() + this.config.accessTokenTtlSeconds * 1000;
    this.access.set(t, { userId, clientId, expiresAt, revoked: false });
    return { token: t, expiresAt };
  }

  // ── authorize endpoint ────────────────────────────────────────────────────

  authorize(req: EmuRequest): EmuResponse {
    const p: Record<string, string> = req.method === 'POST' ? ((req.body as Record<string, string>) ?? {}) : Object.fromEntries(req.query);
    const client = this.clients.get(p.client_id ?? '');
    // RFC 6749 §4.1.2.1: with an unknown client or redirect URI, tell the user and do NOT redirect.
    if (!client) return html(400, page('Error 400: invalid_client', `<p>The OAuth client was not found.</p>`));
    if (!p.redirect_uri || !/^https?:\/\//.test(p.redirect_uri)) return html(400, page('Error 400: redirect_uri_mismatch', '<p>A redirect_uri is required.</p>'));
    const back = (params: Record<string, string>) => {
      const u = new URL(p.redirect_uri!);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      if (p.state !== undefined) u.searchParams.set('state', p.state);
      return redirect(u.toString());
    };
    if (p.response_type !== 'code') return back({ error: 'unsupported_response_type' });
    if (p.code_challenge !== undefined && !['S256', 'plain', undefined].includes(p.code_challenge_method)) return back({ error: 'invalid_request', error_description: 'Unsupported code_challenge_method' });

    if (req.method === 'POST') {
      if (p.decision !== 'allow') return back({ error: 'access_denied' });
      const user = this.findUser(p.account ?? '');
      if (!user) return html(400, page('Choose an account', '<p>Unknown account.</p>'));
      return back({ code: this.newCode(user, p) });
    }
    const hinted = p.login_hint ? this.findUser(p.login_hint) : undefined;
    if (hinted && this.config.autoApprove) return back({ code: this.newCode(hinted, p) });

    const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'login_hint', 'access_type', 'prompt', 'code_challenge', 'code_challenge_method']
      .filter((k) => p[k] !== undefined)
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(p[k]!)}">`)
      .join('');
    const accounts = [...this.users.values()]
      .map(
        (u, i) =>
          `<label style="display:block;margin:.4em 0"><input type="radio" name="account" value="${escapeHtml(u.email)}"${(hinted ? hinted.id === u.id : i === 0) ? ' checked' : ''}> ${escapeHtml(u.name)} &lt;${escapeHtml(u.email)}&gt;</label>`,
      )
      .join('');
    const scopes = (p.scope ?? '').split(/\s+/).filter(Boolean).map((s) => `<li>${escapeHtml(s)}</li>`).join('');
    return html(
      200,
      page(
        `Sign in – ${escapeHtml(this.config.vendor)} (emulator)`,
        `<form method="post" action="${escapeHtml(req.path)}">${hidden}
<p>Koppel wants to access your account.</p>${scopes ? `<ul>${scopes}</ul>` : ''}
<fieldset><legend>Account</legend>${accounts}</fieldset>
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Cancel</button></form>`,
      ),
    );
  }

  private newCode(user: EmulatorUser, p: Record<string, string>): string {
    const code = token('4/c-');
    this.codes.set(code, {
      userId: user.id,
      clientId: p.client_id!,
      redirectUri: p.redirect_uri!,
      scope: p.scope ?? '',
      expiresAt: this.now() + CODE_TTL_MS,
      used: false,
      ...(p.code_challenge ? { codeChallenge: p.code_challenge, codeChallengeMethod: p.code_challenge_method === 'S256' ? ('S256' as const) : ('plain' as const) } : {}),
    });
    return code;
  }

  // ── token endpoint ────────────────────────────────────────────────────────

  tokenEndpoint(req: EmuRequest): EmuResponse {
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    const fail = (status: number, error: string, description: string) => json(status, { error, error_description: description }, { 'cache-control': 'no-store' });
    // Client authentication (RFC 6749 §2.3.1).
    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
    if (basic) {
      const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      clientSecret = decodeURIComponent(secret ?? '');
    }
    if ((basic && this.config.clientAuth === 'post') || (!basic && this.config.clientAuth === 'basic' && clientSecret !== undefined)) {
      return fail(401, 'invalid_client', `Use client_secret_${this.config.clientAuth === 'basic' ? 'basic' : 'post'} authentication`);
    }
    const client = this.clients.get(clientId ?? '');
    if (!client || client.clientSecret !== clientSecret) return fail(401, 'invalid_client', 'The OAuth client was not found or the secret is wrong.');

    if (form.grant_type === 'authorization_code') {
      this.grants.authorization_code++;
      const code = this.codes.get(form.code ?? '');
      if (!code || code.used || code.expiresAt <= this.now() || code.clientId !== client.clientId) {
        // §4.1.2: a code used twice revokes what it issued.
        if (code?.used) for (const t of [...this.access.values(), ...this.refresh.values()]) if (t.userId === code.userId && t.clientId === code.clientId) t.revoked = true;
        return fail(400, 'invalid_grant', 'Malformed auth code.');
      }
      if (code.redirectUri !== form.redirect_uri) return fail(400, 'redirect_uri_mismatch', 'Bad Request');
      if (code.codeChallenge !== undefined) {
        const verifier = form.code_verifier ?? '';
        const computed = code.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
        if (!verifier || computed !== code.codeChallenge) return fail(400, 'invalid_grant', 'Invalid code verifier.');
      }
      code.used = true;
      const user = this.users.get(code.userId)!;
      const r = token('1//r-');
      this.refresh.set(r, { userId: user.id, clientId: client.clientId, revoked: false, scope: code.scope });
      return this.tokenResponse(user, client.clientId, r, code.scope, true);
    }
    if (form.grant_type === 'refresh_token') {
      this.grants.refresh_token++;
      const r = this.refresh.get(form.refresh_token ?? '');
      if (!r || r.revoked || r.clientId !== client.clientId) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
      const user = this.users.get(r.userId)!;
      let next: string | undefined;
      if (this.config.rotateRefreshTokens) {
        r.revoked = true;
        next = token('1//r-');
        this.refresh.set(next, { ...r, revoked: false });
      }
      return this.tokenResponse(user, client.clientId, next, r.scope, false);
    }
    return fail(400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type ?? ''}`);
  }

  private tokenResponse(user: EmulatorUser, clientId: string, refreshToken: string | undefined, scope: string, initial: boolean): EmuResponse {
    const a = this.newAccess(user.id, clientId);
    const body: Record<string, unknown> = {
      access_token: a.token,
      token_type: 'Bearer',
      expires_in: this.config.accessTokenTtlSeconds,
      scope,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...this.config.extraTokenFields?.(user),
    };
    if (initial && this.config.idToken) {
      const iat = Math.floor(this.now() / 1000);
      body.id_token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: `${this.config.vendor}-emulator`, aud: clientId, sub: user.id, email: user.email, preferred_username: user.email, name: user.name, iat, exp: iat + 3600 })}.`;
    }
    return json(200, body, { 'cache-control': 'no-store' });
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32em;margin:3em auto"><h1 style="font-size:1.3em">${title}</h1>${body}</body></html>`;
}

let counter = 0;
/** Short unique ids for emulator objects. */
export function newId(prefix = ''): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Options every provider emulator (Google, Graph, Zoom, GoToMeeting) takes; each adds its own on top. */
export interface ProviderEmulatorOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  /** Scripted faults to start with (a list), or the kit's random fault profile (object or bare rate: 429/503 halves). OAuth endpoints are spared. */
  faults?: FaultRule[] | FaultProfile | number;
  /** Chaos: this share (0..1) of API calls fails with 429 or 503 (seeded by `seed`); OAuth endpoints are spared. Same as a bare `faults` rate. */
  faultRate?: number;
  /** Rate limits answered with 429 + Retry-After. */
  rateLimits?: RateRule[];
  /** Accounts; default: the emulator's demo users. */
  users?: Array<Partial<EmulatorUser> & { email: string }>;
  clients?: OAuthClient[];
  /** Seeds demo data per user when set. */
  seed?: number;
  accessTokenTtlSeconds?: number;
  autoApprove?: boolean;
  clock?: () => number;
}

/**
 * Tokens issued straight to a test user (no consent page), in the shape a client stores them. The
 * emulator describes what it hands out; that Koppel's provider credentials accept it is checked by the
 * provider tests, which pass these to the providers.
 */
export interface IssuedOAuthCredentials<K extends string> {
  kind: K;
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  account: string;
}

/** What every OAuth calendar/video emulator (Google, Microsoft, Zoom, GoToMeeting) hands its tests. */
export interface OAuthProviderEmulator<K extends string> {
  url: string;
  /** OAuth endpoints (what Koppel configures for a connection pointed at the emulator). */
  authorizeUrl: string;
  tokenUrl: string;
  client: OAuthClient;
  oauth: OAuthServer;
  kit: RunningKit;
  users(): EmulatorUser[];
  addUser(user: Partial<EmulatorUser> & { email: string }): EmulatorUser;
  /** Ready-to-use provider credentials for a user (tokens issued directly, no consent page). */
  credentials(user: string): IssuedOAuthCredentials<K>;
  revoke(user: string): number;
  expireAccessTokens(user: string): number;
  injectFault(rule: FaultRule): void;
  close(): Promise<void>;
}

/** The kit options every OAuth provider emulator starts with: network, latency, chaos seeded by `seed`, expiring the caller's token, rate limits. */
export function providerKitOptions(oauth: OAuthServer, opts: ProviderEmulatorOptions): Pick<KitOptions, 'faultRate' | 'faultSeed' | 'expireToken' | 'rateLimits' | 'port' | 'host' | 'latencyMs'> {
  return {
    faultRate: opts.faultRate ?? 0,
    faultSeed: opts.seed ?? 1,
    expireToken: (r) => oauth.expireBearer(String(r.headers.authorization ?? '')),
    ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}),
    port: opts.port,
    host: opts.host,
    latencyMs: opts.latencyMs,
  };
}
