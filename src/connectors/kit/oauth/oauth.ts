import { ProviderError, type CalendarProviderKind, type VideoProviderKind } from '../provider.ts';

/**
 * The OAuth 2.0 authorization-code flow (RFC 6749 §4.1) for Google, Microsoft, Zoom and GoTo, as a
 * confidential client. Kept free of provider specifics apart from how the client authenticates at
 * the token endpoint: Google and Microsoft take the secret in the form body, Zoom and GoTo require
 * HTTP Basic (RFC 6749 §2.3.1) — and a client must use only one of the two.
 */

type Kind = CalendarProviderKind | VideoProviderKind;

export interface AuthorizeUrlInput {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: readonly string[];
  /** Pre-selects the account on the consent page. */
  loginHint?: string;
  /** Extra vendor parameters, e.g. Google's `access_type=offline` + `prompt=consent` (added for Google by default). */
  extraParams?: Record<string, string>;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(input.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  if (input.scopes.length > 0) url.searchParams.set('scope', input.scopes.join(' '));
  if (input.loginHint) url.searchParams.set('login_hint', input.loginHint);
  for (const [k, v] of Object.entries(input.extraParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic';

export interface TokenEndpointInput {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default client_secret_post. */
  authMethod?: ClientAuthMethod;
  /** Which provider the tokens are for (named in errors); default 'google'. */
  provider?: Kind;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface ExchangeCodeInput extends TokenEndpointInput {
  code: string;
  redirectUri: string;
  /** PKCE (RFC 7636 §4.5): the verifier whose challenge went with the authorize request. */
  codeVerifier?: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /**
   * The account the tokens belong to, from the OpenID id_token (Google, Microsoft) or GoTo's
   * `principal`; '' when the token response does not say (Zoom) — then ask the provider's verify().
   */
  account: string;
  scope?: string;
}

export interface RefreshInput extends TokenEndpointInput {
  refreshToken: string;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  id_token?: unknown;
  principal?: unknown;
  scope?: unknown;
  error?: unknown;
  error_description?: unknown;
  reason?: unknown;
}

/** Lifetime assumed when a token response states none (RFC 6749 makes expires_in only RECOMMENDED). */
const DEFAULT_TTL_S = 3600;

/**
 * Claims of an id_token received straight from the token endpoint over TLS: OpenID Connect Core
 * §3.1.3.7 lets a client skip the signature check in exactly this case, so no JWKS fetch is needed.
 */
function idTokenAccount(idToken: unknown): string {
  if (typeof idToken !== 'string') return '';
  const payload = idToken.split('.')[1];
  if (!payload) return '';
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const k of ['email', 'preferred_username', 'upn']) if (typeof claims[k] === 'string' && claims[k]) return claims[k] as string;
  } catch {
    /* an unreadable id_token only costs us the account name */
  }
  return '';
}

async function callTokenEndpoint(input: TokenEndpointInput, form: Record<string, string>): Promise<TokenResponse> {
  const provider = input.provider ?? 'google';
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const body = new URLSearchParams(form);
  if (input.authMethod === 'client_secret_basic') {
    // RFC 6749 §2.3.1: form-urlencode id and secret before base64.
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(input.clientId)}:${encodeURIComponent(input.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', input.clientId);
    body.set('client_secret', input.clientSecret);
  }
  let res: Response;
  try {
    res = await (input.fetch ?? fetch)(input.tokenUrl, { method: 'POST', headers, body: body.toString(), signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new ProviderError('unavailable', `Token endpoint unreachable: ${err instanceof Error ? err.message : String(err)}`, provider);
  }
  const text = await res.text();
  let parsed: TokenResponse = {};
  try {
    parsed = text ? (JSON.parse(text) as TokenResponse) : {};
  } catch {
    if (res.ok) throw new ProviderError('bad_response', `Token endpoint answered ${res.status} without JSON`, provider, res.status);
  }
  if (res.ok) return parsed;
  const error = typeof parsed.error === 'string' ? parsed.error : '';
  const detail = [error, typeof parsed.error_description === 'string' ? parsed.error_description : typeof parsed.reason === 'string' ? parsed.reason : ''].filter(Boolean).join(': ');
  const message = `Token endpoint answered ${res.status}${detail ? ` (${detail})` : ''}`;
  // invalid_grant: the refresh token (or code) is expired, revoked or was issued to someone else — only the user can fix that.
  if (error === 'invalid_grant') throw new ProviderError('reconnect_needed', message, provider, res.status);
  if (error === 'invalid_client' || error === 'unauthorized_client') throw new ProviderError('invalid_credentials', message, provider, res.status);
  if (res.status === 429) throw new ProviderError('rate_limited', message, provider, res.status);
  if (res.status >= 500) throw new ProviderError('unavailable', message, provider, res.status);
  throw new ProviderError('bad_response', message, provider, res.status);
}

function toTokenSet(r: TokenResponse, input: TokenEndpointInput, previousRefresh: string | undefined): TokenSet {
  const provider = input.provider ?? 'google';
  if (typeof r.access_token !== 'string' || !r.access_token) throw new ProviderError('bad_response', 'Token response without access_token', provider);
  // A refresh answer without refresh_token means "keep using the old one" (Google); rotating vendors send a new one.
  const refreshToken = typeof r.refresh_token === 'string' && r.refresh_token ? r.refresh_token : previousRefresh;
  if (!refreshToken) throw new ProviderError('bad_response', 'Token response without refresh_token (was offline access requested?)', provider);
  const ttl = typeof r.expires_in === 'number' ? r.expires_in : typeof r.expires_in === 'string' ? Number(r.expires_in) || DEFAULT_TTL_S : DEFAULT_TTL_S;
  return {
    accessToken: r.access_token,
    refreshToken,
    expiresAt: (input.now ?? Date.now)() + ttl * 1000,
    account: idTokenAccount(r.id_token) || (typeof r.principal === 'string' ? r.principal : ''),
    ...(typeof r.scope === 'string' ? { scope: r.scope } : {}),
  };
}

export async function exchangeCode(input: ExchangeCodeInput): Promise<TokenSet> {
  const r = await callTokenEndpoint(input, { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}) });
  return toTokenSet(r, input, undefined);
}

/** Throws ProviderError('reconnect_needed') on invalid_grant. The result may carry a rotated refresh token: store it. */
export async function refreshTokens(input: RefreshInput): Promise<TokenSet> {
  const r = await callTokenEndpoint(input, { grant_type: 'refresh_token', refresh_token: input.refreshToken });
  return toTokenSet(r, input, input.refreshToken);
}
