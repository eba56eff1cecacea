import { OAuth2Auth } from '../auth/oauth2.ts';
import { MemoryTokenStore, type TokenStore } from '../auth/token-store.ts';
import { HttpClient, HttpError, type HttpRequest, type HttpResponse, type RetryPolicy, type Sleep } from '../http-client.ts';
import { ProviderError, type OAuthProviderCredentials, type ProviderDeps } from '../provider.ts';
import { guardedTransport } from '../outbound-guard.ts';
import { refreshTokens, type ClientAuthMethod } from './oauth.ts';

/**
 * What the Google, Microsoft, Zoom and GoTo providers share: the kit's HttpClient (retries with
 * jitter, Retry-After on 429) with the kit's OAuth2 auth over a TokenStore (one refresh per
 * credential across processes, rotating refresh tokens stored atomically),
 * and one mapping from transport failures to ProviderError codes.
 */

export type OAuthCredentials = OAuthProviderCredentials;

/** Besides ProviderDeps: test seams for time and the retry policy. */
export interface ProviderRuntimeDeps extends ProviderDeps {
  sleep?: Sleep;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Refresh this long before expiry. Default 120 s. */
  refreshMarginMs?: number;
}

/**
 * Interactive use (a recruiter waits for the calendar to open): fewer and shorter retries than a
 * background sync, and a Retry-After over 30 s is reported as rate_limited instead of blocking.
 */
export const PROVIDER_RETRY: Partial<RetryPolicy> = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  rateLimitFloorMs: 500,
  maxRetryAfterMs: 30_000,
  maxTokenRefreshes: 1,
};

/**
 * The OAuth2 auth of a provider: tokens from `deps.tokenStore` (rotated under its lock, see
 * auth/oauth2.ts), or — for a provider built from bare credentials — an in-memory store that
 * reports every refresh through `onCredentialsRefreshed` before the new tokens are used.
 */
export function providerAuth(credentials: OAuthCredentials, deps: ProviderRuntimeDeps, authMethod: ClientAuthMethod): OAuth2Auth<OAuthCredentials> {
  // The token endpoint is a tenant's OAuth app setting: connected through the guard like the API calls.
  const tokenFetch = guardedTransport(deps.urlGuard, deps.fetch).fetch;
  const store: TokenStore<OAuthCredentials> = deps.tokenStore ?? new MemoryTokenStore<OAuthCredentials>(credentials, async (c) => deps.onCredentialsRefreshed?.(c));
  return new OAuth2Auth<OAuthCredentials>({
    store,
    initial: credentials,
    refreshMarginMs: deps.refreshMarginMs ?? 120_000,
    ...(deps.now ? { now: deps.now } : {}),
    refresh: (c) =>
      refreshTokens({
        tokenUrl: c.tokenUrl,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        refreshToken: c.refreshToken,
        authMethod,
        provider: c.kind,
        ...(tokenFetch ? { fetch: tokenFetch } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      }),
  });
}

export interface ProviderHttpOptions {
  credentials: OAuthCredentials;
  deps: ProviderRuntimeDeps;
  authMethod: ClientAuthMethod;
  /** API base path appended to credentials.baseUrl, e.g. `/calendar/v3`. */
  basePath?: string;
  errorMessageOf: (body: unknown) => string | null;
  isTokenRejected?: (status: number, body: unknown) => boolean;
  defaultHeaders?: Record<string, string>;
  /** Vendor-specific re-reading of an error (Google reports some rate limits as 403 usageLimits). */
  refine?: (err: ProviderError) => ProviderError;
}

export class ProviderHttp {
  readonly auth: OAuth2Auth<OAuthCredentials>;
  readonly http: HttpClient;

  constructor(private readonly opts: ProviderHttpOptions) {
    this.auth = providerAuth(opts.credentials, opts.deps, opts.authMethod);
    this.http = new HttpClient({
      baseUrl: `${opts.credentials.baseUrl.replace(/\/+$/, '')}${opts.basePath ?? ''}`,
      timeoutMs: 20_000,
      retry: { ...PROVIDER_RETRY, ...opts.deps.retry },
      auth: this.auth,
      errorMessageOf: opts.errorMessageOf,
      ...(opts.isTokenRejected ? { isTokenRejected: opts.isTokenRejected } : {}),
      ...(opts.defaultHeaders ? { defaultHeaders: opts.defaultHeaders } : {}),
      ...guardedTransport(opts.deps.urlGuard, opts.deps.fetch),
      ...(opts.deps.sleep ? { sleep: opts.deps.sleep } : {}),
      ...(opts.deps.now ? { now: opts.deps.now } : {}),
      ...(opts.deps.random ? { random: opts.deps.random } : {}),
      ...(opts.deps.logger ? { logger: opts.deps.logger.child({ provider: opts.credentials.kind }) } : {}),
    });
  }

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    try {
      return await this.http.request<T>(req);
    } catch (err) {
      const pe = toProviderError(err, this.opts.credentials.kind);
      throw this.opts.refine ? this.opts.refine(pe) : pe;
    }
  }
}

export function toProviderError(err: unknown, provider: OAuthCredentials['kind']): ProviderError {
  if (err instanceof ProviderError) return err;
  if (!(err instanceof HttpError)) return new ProviderError('unavailable', err instanceof Error ? err.message : String(err), provider);
  const out = mapHttpError(err, provider);
  // Kept off the enumerable fields (like HttpError.body): callers ask through maybeCommitted()/vendorBody().
  Object.defineProperty(out, 'maybeCommitted', { value: err.details.maybeCommitted, enumerable: false });
  Object.defineProperty(out, 'vendorBody', { value: err.body, enumerable: false });
  return out;
}

/** A write that failed in a way that may still have landed at the vendor: read back before creating again. */
export function maybeCommitted(err: unknown): boolean {
  return err instanceof ProviderError && (err as ProviderError & { maybeCommitted?: boolean }).maybeCommitted === true;
}

export function vendorBody(err: unknown): unknown {
  return err instanceof ProviderError ? (err as ProviderError & { vendorBody?: unknown }).vendorBody : undefined;
}

function mapHttpError(err: HttpError, provider: OAuthCredentials['kind']): ProviderError {
  const status = err.status;
  switch (err.code) {
    // The API still refuses after a fresh token: the grant is gone (revoked consent, removed app).
    case 'unauthorized':
      return new ProviderError('reconnect_needed', err.message, provider, status);
    case 'forbidden':
      return new ProviderError('forbidden', err.message, provider, status);
    case 'not_found':
      return new ProviderError('not_found', err.message, provider, status);
    case 'rate_limited':
      return new ProviderError('rate_limited', err.message, provider, status);
    case 'client_error':
      return new ProviderError(status === 409 || status === 412 ? 'conflict' : status === 410 ? 'not_found' : 'bad_response', err.message, provider, status);
    case 'invalid_response':
      return new ProviderError('bad_response', err.message, provider, status);
    default:
      return new ProviderError('unavailable', err.message, provider, status);
  }
}

/** 404 and 410 alike: the object is not there (any more). */
export function isGone(err: unknown): boolean {
  return err instanceof ProviderError && err.code === 'not_found';
}
