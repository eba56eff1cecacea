import { setTimeout as delay } from 'node:timers/promises';
import { redactBsns } from '../../domain/bsn.ts';

/**
 * The HTTP client every connector uses: JSON, a cached bearer token that is refreshed when the
 * vendor rejects it, retries with exponential backoff and full jitter, a per-attempt timeout, and
 * a client-side token-bucket rate limiter so a sync stays under the vendor's documented limits
 * instead of learning them from 429s.
 *
 * Hand-rolled rather than p-retry + bottleneck: the retry decision depends on the answer (refresh
 * the token on 401, honour Retry-After, never repeat a non-idempotent write that may have landed),
 * 429s must pause the whole route class, and both sleeping and the clock must be injectable so the
 * tests run in milliseconds. Together that is less code than adapting two libraries.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) => (ms <= 0 ? Promise.resolve() : delay(ms, undefined, signal ? { signal } : {}));

// ── rate limiting ────────────────────────────────────────────────────────────

export interface TokenBucketConfig {
  /** Requests that may go out back to back after a quiet period. */
  capacity: number;
  /** Sustained rate. */
  refillPerSecond: number;
}

/**
 * A token bucket that lets callers go into debt: `reserve()` always takes a token and returns how
 * long to wait before using it. Concurrent callers therefore queue in arrival order without a
 * polling loop. Against a vendor's sliding window of N requests per W seconds a bucket admits at
 * most `capacity + refillPerSecond·W` in any window, so safe settings satisfy that sum ≤ N.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private blockedUntil = 0;

  constructor(
    readonly config: TokenBucketConfig,
    private readonly now: () => number,
  ) {
    if (!(config.capacity >= 1) || !(config.refillPerSecond > 0)) throw new Error('A token bucket needs capacity ≥ 1 and refillPerSecond > 0');
    this.tokens = config.capacity;
    this.last = now();
  }

  reserve(): number {
    const now = this.now();
    if (now > this.last) {
      this.tokens = Math.min(this.config.capacity, this.tokens + ((now - this.last) / 1000) * this.config.refillPerSecond);
      this.last = now;
    }
    this.tokens -= 1;
    // In debt, the token exists once the bucket has refilled it, counted from `last` (which a 429 pause moves into the future).
    const availableAt = this.tokens >= 0 ? now : this.last + (-this.tokens / this.config.refillPerSecond) * 1000;
    return Math.ceil(Math.max(0, availableAt - now, this.blockedUntil - now));
  }

  /**
   * The vendor answered 429: nobody in this class goes before `untilMs`, and no burst right after it
   * either — the bucket is empty then and refills from that moment on, so traffic ramps up again at
   * the sustained rate.
   */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
    this.tokens = Math.min(this.tokens, 0);
    this.last = Math.max(this.last, untilMs);
  }
}

/** Route class → bucket. The class `*` applies to every request (a vendor's global per-IP limit). */
export type RateLimitConfig = Record<string, TokenBucketConfig>;

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    config: RateLimitConfig,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    for (const [name, cfg] of Object.entries(config)) this.buckets.set(name, new TokenBucket(cfg, now));
  }

  private bucketsFor(routeClass: string | undefined): TokenBucket[] {
    const out: TokenBucket[] = [];
    const global = this.buckets.get('*');
    if (global) out.push(global);
    const own = routeClass ? this.buckets.get(routeClass) : undefined;
    if (own) out.push(own);
    return out;
  }

  /** Waits for a slot in the global and the route's bucket; returns the milliseconds waited. */
  async acquire(routeClass: string | undefined, signal?: AbortSignal): Promise<number> {
    // Reserve in every bucket first and wait once for the slowest: a slot reserved early in the
    // faster bucket is merely conservative, never an overrun.
    const wait = Math.max(0, ...this.bucketsFor(routeClass).map((b) => b.reserve()));
    if (wait > 0) await this.sleep(wait, signal);
    return wait;
  }

  penalize(routeClass: string | undefined, untilMs: number): void {
    for (const b of this.bucketsFor(routeClass)) b.blockUntil(untilMs);
  }
}

// ── tokens ───────────────────────────────────────────────────────────────────

export interface TokenProvider {
  getToken(): Promise<string>;
  /** The vendor rejected `token`: forget it (only if it is still the current one — a parallel call may have refreshed already). */
  invalidate(token: string): void;
  /** The vendor handed a (possibly new) token back on a response. */
  adopt?(token: string): void;
}

export interface IssuedToken {
  token: string;
  expiresInSeconds?: number;
}

export interface CachedTokenProviderOptions {
  now?: () => number;
  /** Refresh this long before the stated expiry, so a token never dies mid-listing. Default 60 s. */
  refreshMarginMs?: number;
  /** Lifetime assumed when the vendor states none. Default 1 h. */
  defaultTtlMs?: number;
}

/**
 * Caches one token and shares a single in-flight refresh between concurrent callers: vendors rate
 * limit their auth endpoints hard (Personio: 60/min then a 60 s cool-down), so authenticating per
 * request — or once per parallel request after an expiry — is the classic way to lock yourself out.
 */
export class CachedTokenProvider implements TokenProvider {
  private current: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private ttlMs: number;
  private readonly now: () => number;
  private readonly marginMs: number;
  /** Tokens obtained from the issuer. */
  issued = 0;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    opts: CachedTokenProviderOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.marginMs = opts.refreshMarginMs ?? 60_000;
    this.ttlMs = opts.defaultTtlMs ?? 3_600_000;
  }

  getToken(): Promise<string> {
    const c = this.current;
    if (c && this.now() < c.expiresAt - this.marginMs) return Promise.resolve(c.token);
    if (!this.pending) {
      this.pending = this.issue()
        .then((t) => {
          if (t.expiresInSeconds !== undefined && t.expiresInSeconds > 0) this.ttlMs = t.expiresInSeconds * 1000;
          this.current = { token: t.token, expiresAt: this.now() + this.ttlMs };
          this.issued++;
          return t.token;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  adopt(token: string): void {
    // A rotated token starts a fresh lifetime; the same token keeps its expiry.
    if (this.current?.token !== token) this.current = { token, expiresAt: this.now() + this.ttlMs };
  }

  clear(): void {
    this.current = null;
  }
}

// ── errors ───────────────────────────────────────────────────────────────────

export type HttpErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'client_error'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'invalid_response'
  | 'aborted';

/** Failures worth "try again later" rather than "fix the configuration". */
export const TRANSIENT_HTTP_ERRORS: ReadonlySet<HttpErrorCode> = new Set(['rate_limited', 'server_error', 'timeout', 'network', 'invalid_response']);

export interface HttpErrorDetails {
  method: string;
  path: string;
  status?: number;
  attempts: number;
  /** The request may have been processed although we never saw the answer (a non-idempotent write that timed out or got a 5xx). Read back before re-sending. */
  maybeCommitted: boolean;
  retryAfterMs?: number;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number | undefined;
  /** The parsed response body (not enumerable, so a logger serialising the error does not print vendor data such as a BSN). */
  declare readonly body: unknown;

  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: HttpErrorDetails,
    body?: unknown,
    options?: { cause?: unknown },
  ) {
    super(redactBsns(message), options);
    this.status = details.status;
    Object.defineProperty(this, 'body', { value: body, enumerable: false });
  }

  get transient(): boolean {
    return TRANSIENT_HTTP_ERRORS.has(this.code);
  }
}

// ── the client ───────────────────────────────────────────────────────────────

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Backoff before retry n is uniform in [0, min(maxDelayMs, baseDelayMs·2^(n−1))) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 without Retry-After waits at least this long, plus the jittered backoff on top. */
  rateLimitFloorMs: number;
  /** A Retry-After longer than this gives up instead of blocking a worker (the job layer reschedules). */
  maxRetryAfterMs: number;
  /** Token refreshes per request; a vendor that keeps rejecting fresh tokens is not an expiry. */
  maxTokenRefreshes: number;
}

/**
 * Eight attempts: at a 20 % fault rate a request still fails outright with p ≈ 3·10⁻⁶, so a
 * 1000-page listing survives with p > 99.7 %; the backoff caps add up to about a minute of waiting
 * before a real outage is reported.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitFloorMs: 1_000,
  maxRetryAfterMs: 120_000,
  maxTokenRefreshes: 3,
};

export function backoffCap(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): spreads retrying clients out instead of moving them in lock-step. */
export function fullJitter(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number, random: () => number): number {
  return Math.floor(random() * backoffCap(policy, retry));
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, e.g. `/v1/company/employees`. */
  path: string;
  /** Arrays repeat the key as given (`attributes[]` → `attributes[]=a&attributes[]=b`); null/undefined are left out. */
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Rate-limit class of this route (see RateLimitConfig). */
  routeClass?: string;
  /**
   * Whether repeating the request is harmless. Default: everything but POST. A non-idempotent
   * request is retried only when it surely did not reach the vendor's logic (429, a rejected token,
   * a refused connection); otherwise the error says `maybeCommitted`.
   */
  idempotent?: boolean;
  /** Non-2xx statuses that are an answer, not an error (e.g. a 400 that reports a partial commit). */
  acceptStatuses?: readonly number[];
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  attempts: number;
}

export type HttpEvent =
  | { type: 'retry'; method: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: 'token_rejected'; method: string; path: string; attempt: number }
  | { type: 'throttled'; method: string; path: string; waitedMs: number }
  | { type: 'give_up'; method: string; path: string; attempts: number; reason: string };

export interface HttpMetrics {
  /** Requests handed to fetch, retries and auth calls included. */
  apiCalls: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  tokenRefreshes: number;
  timeouts: number;
  networkErrors: number;
  serverErrors: number;
  /** Time spent waiting for the client-side rate limiter. */
  throttledMs: number;
  /** Time spent in retry backoff. */
  backoffMs: number;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Per attempt, response body included. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  tokenProvider?: TokenProvider;
  /** Whether an answer means "this token is no good" (refresh and retry) rather than "not allowed". Default: status 401. */
  isTokenRejected?: (status: number, body: unknown) => boolean;
  /** A token the vendor returns on a response, adopted for the next calls (Personio's `authorization` header). */
  tokenFromResponse?: (headers: Headers) => string | null;
  /** Pulls the vendor's error text out of an error body for the error message. */
  errorMessageOf?: (body: unknown) => string | null;
  rateLimits?: RateLimitConfig;
  defaultHeaders?: Record<string, string>;
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  /** Structured events for logs; every string in them is BSN-redacted. */
  onEvent?: (event: HttpEvent) => void;
}

type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers; body: unknown; parseFailed: boolean }
  | { kind: 'failure'; code: 'timeout' | 'network'; refused: boolean; cause: unknown };

const RETRYABLE_STATUSES = new Set([408, 500, 502, 503, 504]);
const CONNECTION_REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function errorCodeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function snippet(body: unknown): string {
  const s = typeof body === 'string' ? body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : JSON.stringify(body ?? null);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

export class HttpClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly limiter: RateLimiter;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly counters: HttpMetrics = {
    apiCalls: 0,
    retries: 0,
    rateLimited: 0,
    tokenRefreshes: 0,
    timeouts: 0,
    networkErrors: 0,
    serverErrors: 0,
    throttledMs: 0,
    backoffMs: 0,
  };

  constructor(private readonly opts: HttpClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    if (this.policy.maxAttempts < 1) throw new Error('maxAttempts must be at least 1');
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = opts.sleep ?? realSleep;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.limiter = new RateLimiter(opts.rateLimits ?? {}, this.now, this.sleep);
  }

  metrics(): HttpMetrics {
    return { ...this.counters };
  }

  url(path: string, query?: Record<string, QueryValue>): URL {
    const url = new URL(`${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.append(key, String(value));
    }
    return url;
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    const idempotent = req.idempotent ?? method !== 'POST';
    const url = this.url(req.path, req.query);
    // The path only, never the query: queries carry emails and filters that have no place in logs.
    const path = redactBsns(req.path);
    const emit = (e: HttpEvent) => this.opts.onEvent?.(e);
    let refreshes = 0;

    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw this.aborted(method, path, attempt - 1, req.signal);
      const waited = await this.limiter.acquire(req.routeClass, req.signal).catch((err: unknown) => {
        throw req.signal?.aborted ? this.aborted(method, path, attempt - 1, req.signal) : err;
      });
      if (waited > 0) {
        this.counters.throttledMs += waited;
        emit({ type: 'throttled', method, path, waitedMs: waited });
      }
      const token = req.auth !== false && this.opts.tokenProvider ? await this.opts.tokenProvider.getToken() : undefined;

      this.counters.apiCalls++;
      if (attempt > 1) this.counters.retries++;
      const outcome = await this.attempt(method, url, req, token);
      if (outcome.kind === 'failure' && req.signal?.aborted) throw this.aborted(method, path, attempt, req.signal);

      // Decide: return, throw, or retry after `wait` ms.
      let wait = 0;
      let reason: string;
      let maybeCommitted = !idempotent;
      let retryAfterMs: number | undefined;
      if (outcome.kind === 'response') {
        const { status, headers, body } = outcome;
        const accepted = (status >= 200 && status < 300) || req.acceptStatuses?.includes(status);
        if (accepted && !outcome.parseFailed) {
          const fresh = this.opts.tokenFromResponse?.(headers);
          if (fresh && this.opts.tokenProvider?.adopt) this.opts.tokenProvider.adopt(fresh);
          return { status, headers, body: body as T, attempts: attempt };
        }
        const vendorMessage = this.opts.errorMessageOf?.(body) ?? snippet(body);
        reason = `HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`;
        const tokenRejected = token !== undefined && (this.opts.isTokenRejected ? this.opts.isTokenRejected(status, body) : status === 401);
        if (tokenRejected) {
          // Refused before the vendor's logic ran: safe to repeat even a POST.
          this.opts.tokenProvider!.invalidate(token);
          emit({ type: 'token_rejected', method, path, attempt });
          if (++refreshes > this.policy.maxTokenRefreshes) throw this.fail('unauthorized', method, path, status, attempt, reason, body, false);
          this.counters.tokenRefreshes++;
          maybeCommitted = false;
        } else if (status === 429) {
          this.counters.rateLimited++;
          retryAfterMs = parseRetryAfter(headers.get('retry-after'), this.now()) ?? undefined;
          if (retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs) {
            throw this.fail('rate_limited', method, path, status, attempt, `${reason} (Retry-After ${Math.round(retryAfterMs / 1000)} s)`, body, false, retryAfterMs);
          }
          wait =
            retryAfterMs !== undefined
              ? retryAfterMs + fullJitter(this.policy, 1, this.random)
              : this.policy.rateLimitFloorMs + fullJitter(this.policy, attempt, this.random);
          // Everyone on this route waits, not just this request (a 429 is about the account, not the call).
          this.limiter.penalize(req.routeClass, this.now() + wait);
          maybeCommitted = false;
        } else if (RETRYABLE_STATUSES.has(status) || (accepted && outcome.parseFailed)) {
          if (status >= 500) this.counters.serverErrors++;
          const code = accepted ? 'invalid_response' : status === 408 ? 'timeout' : 'server_error';
          if (!idempotent) throw this.fail(code, method, path, status, attempt, reason, body, true);
          const ra = status === 503 ? parseRetryAfter(headers.get('retry-after'), this.now()) : null;
          wait = ra !== null && ra <= this.policy.maxRetryAfterMs ? ra : fullJitter(this.policy, attempt, this.random);
        } else {
          const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status >= 500 ? 'server_error' : 'client_error';
          throw this.fail(code, method, path, status, attempt, reason, body, false);
        }
        if (attempt >= this.policy.maxAttempts) {
          const code = status === 429 ? 'rate_limited' : tokenRejected ? 'unauthorized' : status >= 500 ? 'server_error' : accepted ? 'invalid_response' : 'client_error';
          throw this.fail(code, method, path, status, attempt, reason, body, maybeCommitted, retryAfterMs);
        }
      } else {
        if (outcome.code === 'timeout') this.counters.timeouts++;
        else this.counters.networkErrors++;
        reason = outcome.code === 'timeout' ? `no answer within ${this.timeoutMs} ms` : `network error (${errorCodeOf(outcome.cause) ?? 'connection failed'})`;
        maybeCommitted = !idempotent && !outcome.refused;
        if (maybeCommitted || attempt >= this.policy.maxAttempts) {
          throw this.fail(outcome.code, method, path, undefined, attempt, reason, undefined, maybeCommitted, undefined, outcome.cause);
        }
        wait = fullJitter(this.policy, attempt, this.random);
      }

      emit({ type: 'retry', method, path, attempt, delayMs: wait, reason: redactBsns(reason) });
      if (wait > 0) {
        this.counters.backoffMs += wait;
        await this.sleep(wait, req.signal).catch((err: unknown) => {
          throw req.signal?.aborted ? this.aborted(method, path, attempt, req.signal) : err;
        });
      }
    }
  }

  private async attempt(method: string, url: URL, req: HttpRequest, token: string | undefined): Promise<AttemptOutcome> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.opts.defaultHeaders, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    // A fresh timeout per attempt, covering the body too: a vendor that sends headers and then stalls is as stuck as one that never answers.
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    try {
      const res = await this.fetchImpl(url, { method, headers, signal, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = null;
      let parseFailed = false;
      if (text.length > 0) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
          parseFailed = true;
        }
      }
      return { kind: 'response', status: res.status, headers: res.headers, body: parsed, parseFailed };
    } catch (err) {
      const timedOut = timeout.aborted && !req.signal?.aborted;
      const refused = CONNECTION_REFUSED.has(errorCodeOf(err) ?? '');
      return { kind: 'failure', code: timedOut ? 'timeout' : 'network', refused, cause: err };
    }
  }

  private fail(
    code: HttpErrorCode,
    method: string,
    path: string,
    status: number | undefined,
    attempts: number,
    reason: string,
    body: unknown,
    maybeCommitted: boolean,
    retryAfterMs?: number,
    cause?: unknown,
  ): HttpError {
    this.opts.onEvent?.({ type: 'give_up', method, path, attempts, reason: redactBsns(reason) });
    const message = `${method} ${path} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}${maybeCommitted ? ' (the request may have been processed)' : ''}`;
    return new HttpError(code, message, { method, path, attempts, maybeCommitted, ...(status !== undefined ? { status } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, body, cause === undefined ? undefined : { cause });
  }

  private aborted(method: string, path: string, attempts: number, signal: AbortSignal | undefined): HttpError {
    return new HttpError('aborted', `${method} ${path} was cancelled`, { method, path, attempts, maybeCommitted: false }, undefined, { cause: signal?.reason });
  }
}
