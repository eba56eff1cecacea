import { HttpClient, HttpError, type HttpRequest, type HttpResponse, type RetryPolicy, type Sleep, type TokenProvider } from '../http-client.ts';
import { ProviderError, type CalendarCredentials, type ProviderDeps, type VideoCredentials } from '../../calendar/provider.types.ts';
import { refreshTokens, type ClientAuthMethod } from './oauth.ts';

/**
 * What the Google, Microsoft, Zoom and GoTo providers share: the SDK's HttpClient (retries with
 * jitter, Retry-After on 429, one in-flight token per client) with an OAuth refresh-token source,
 * and one mapping from transport failures to ProviderError codes.
 */

export type OAuthCredentials = Extract<CalendarCredentials, { kind: 'google' | 'microsoft' }> | Extract<VideoCredentials, { kind: 'zoom' | 'gotomeeting' }>;

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
 * Refreshes before expiry and when the API rejects the token, shares one refresh between parallel
 * calls, and stores the new tokens through `onCredentialsRefreshed` BEFORE using them: a rotated
 * refresh token that was used but not stored would lock the account out for good.
 */
export class OAuthTokenSource implements TokenProvider {
  private pending: Promise<string> | null = null;
  private rejected: string | null = null;
  refreshes = 0;

  constructor(
    private creds: OAuthCredentials,
    private readonly deps: ProviderRuntimeDeps,
    private readonly authMethod: ClientAuthMethod,
  ) {}

  get credentials(): OAuthCredentials {
    return this.creds;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  getToken(): Promise<string> {
    const c = this.creds;
    const margin = this.deps.refreshMarginMs ?? 120_000;
    if (c.accessToken && c.accessToken !== this.rejected && this.now() < c.expiresAt - margin) return Promise.resolve(c.accessToken);
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(token: string): void {
    if (this.creds.accessToken === token) this.rejected = token;
  }

  private async refresh(): Promise<string> {
    const c = this.creds;
    const t = await refreshTokens({
      tokenUrl: c.tokenUrl,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      refreshToken: c.refreshToken,
      authMethod: this.authMethod,
      provider: c.kind,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
    const next = { ...c, accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt } as OAuthCredentials;
    await this.deps.onCredentialsRefreshed?.(next);
    this.creds = next;
    this.rejected = null;
    this.refreshes++;
    return next.accessToken;
  }
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
  readonly tokens: OAuthTokenSource;
  readonly http: HttpClient;

  constructor(private readonly opts: ProviderHttpOptions) {
    this.tokens = new OAuthTokenSource(opts.credentials, opts.deps, opts.authMethod);
    this.http = new HttpClient({
      baseUrl: `${opts.credentials.baseUrl.replace(/\/+$/, '')}${opts.basePath ?? ''}`,
      timeoutMs: 20_000,
      retry: { ...PROVIDER_RETRY, ...opts.deps.retry },
      tokenProvider: this.tokens,
      errorMessageOf: opts.errorMessageOf,
      ...(opts.isTokenRejected ? { isTokenRejected: opts.isTokenRejected } : {}),
      ...(opts.defaultHeaders ? { defaultHeaders: opts.defaultHeaders } : {}),
      ...(opts.deps.fetch ? { fetch: opts.deps.fetch } : {}),
      ...(opts.deps.sleep ? { sleep: opts.deps.sleep } : {}),
      ...(opts.deps.now ? { now: opts.deps.now } : {}),
      ...(opts.deps.random ? { random: opts.deps.random } : {}),
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
