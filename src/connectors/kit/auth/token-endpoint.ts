import { HttpError, type HttpClient } from '../http-client.ts';
import type { IssuedToken } from './token-cache.ts';
import { ReconnectNeededError } from './oauth2.ts';
import type { OAuthTokens } from './token-store.ts';

/**
 * An OAuth 2.0 token endpoint (RFC 6749 §4.4 client credentials, §6 refresh) called through the
 * kit transport, so token calls get the same timeouts, rate limits, 429 handling and logs as every
 * other call of the connector. For HR vendors (Nmbrs, Loket); the calendar providers' OAuth client
 * lives in ../oauth/.
 *
 * Failures: `invalid_grant` (the refresh token is expired, revoked or already spent) is a
 * ReconnectNeededError; `invalid_client` / `unauthorized_client` is an `unauthorized` HttpError
 * (the client id or secret is refused). Both mean "the user must connect again".
 */
export interface TokenEndpoint {
  /** The transport to call through (the connector's own client; the request goes out without its auth). */
  http: HttpClient;
  /** Absolute URL, or a path under the client's base URL. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** RFC 6749 §2.3.1. Default client_secret_post. */
  authMethod?: 'client_secret_post' | 'client_secret_basic';
  /** Rate-limit class of the token endpoint (vendors limit it separately). */
  routeClass?: string;
  now?: () => number;
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

const DEFAULT_TTL_S = 3600;

async function call(ep: TokenEndpoint, form: Record<string, string>): Promise<TokenAnswer> {
  const headers: Record<string, string> = {};
  const body = { ...form };
  if (ep.authMethod === 'client_secret_basic') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(ep.clientId)}:${encodeURIComponent(ep.clientSecret)}`).toString('base64')}`;
  } else {
    body.client_id = ep.clientId;
    body.client_secret = ep.clientSecret;
  }
  const target = /^https?:\/\//.test(ep.tokenUrl) ? { url: ep.tokenUrl } : { path: ep.tokenUrl };
  try {
    const res = await ep.http.request<TokenAnswer>({ method: 'POST', ...target, form: body, headers, auth: false, ...(ep.routeClass ? { routeClass: ep.routeClass } : {}) });
    return res.body ?? {};
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const error = typeof (err.body as TokenAnswer | null)?.error === 'string' ? ((err.body as TokenAnswer).error as string) : '';
    if (error === 'invalid_grant') throw new ReconnectNeededError('The token endpoint refused the refresh token (invalid_grant)', { cause: err });
    if (error === 'invalid_client' || error === 'unauthorized_client') {
      throw new HttpError('unauthorized', `The token endpoint refused the client credentials (${error})`, { ...err.details, status: err.details.status ?? 401 }, undefined, { cause: err });
    }
    throw err;
  }
}

function accessToken(a: TokenAnswer): string {
  if (typeof a.access_token !== 'string' || !a.access_token) throw new Error('Token response without access_token');
  return a.access_token;
}

function ttlSeconds(a: TokenAnswer): number {
  const n = typeof a.expires_in === 'number' ? a.expires_in : Number(a.expires_in);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_TTL_S;
}

/** `grant_type=refresh_token`. A rotating vendor answers with a new refresh token; one that does not keeps the old one valid. */
export async function refreshAtTokenEndpoint(ep: TokenEndpoint, refreshToken: string): Promise<OAuthTokens> {
  const a = await call(ep, { grant_type: 'refresh_token', refresh_token: refreshToken });
  return {
    accessToken: accessToken(a),
    refreshToken: typeof a.refresh_token === 'string' && a.refresh_token ? a.refresh_token : refreshToken,
    expiresAt: (ep.now ?? Date.now)() + ttlSeconds(a) * 1000,
  };
}

/** `grant_type=client_credentials`, for ClientCredentialsAuth's `issue`. */
export async function clientCredentialsAtTokenEndpoint(ep: TokenEndpoint, scope?: string): Promise<IssuedToken> {
  const a = await call(ep, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  return { token: accessToken(a), expiresInSeconds: ttlSeconds(a) };
}
