import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { redactBsns } from '../../domain/bsn.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { RequestAuth } from './auth/request-auth.ts';
import { type SendTrack, whenWritten } from './socket-write.ts';

/**
 * The transport every connector uses (HR vendors, calendar and video providers, CalDAV): JSON by
 * default, raw bodies and text answers for XML/iCalendar, any method (PROPFIND, REPORT…), pluggable
 * authentication (auth/: client credentials, OAuth2 with rotating refresh tokens, API key, basic)
 * that is asked again when the vendor rejects it, retries with exponential backoff and full jitter, a per-attempt timeout, and
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
 * A vendor's documented limits as sliding windows, e.g. Personio's employee list: at most 15 in any
 * second and 300 in any minute. Unlike a token bucket this uses the whole documented burst (a bucket
 * sized to stay under both windows can only burst 10 and then crawls at 4.8/s). `marginMs` widens
 * every window on our side, so arrivals that bunch up on the way (a slow request overtaken by a fast
 * one) still fit the vendor's window.
 */
export interface SlidingWindowConfig {
  windows: ReadonlyArray<{ limit: number; windowMs: number }>;
  marginMs?: number;
}

export type LimitConfig = TokenBucketConfig | SlidingWindowConfig;

/**
 * Additive increase, multiplicative decrease (the TCP congestion rule) on a limit's rate: every 429
 * halves the share of the documented limit this client allows itself (another tool of the same
 * customer uses the same per-company budget), every accepted request wins a little of it back.
 * Several 429s of one wave (requests that were already in flight) count as one decrease.
 */
export interface AdaptiveConfig {
  /** Lowest share of the configured rate. Default 0.05. */
  minFactor: number;
  /** Share regained per accepted request. Default 0.02 (50 requests from half to full). */
  increase: number;
  /** Multiplier per 429 wave. Default 0.5. */
  decrease: number;
}

export const DEFAULT_ADAPTIVE: AdaptiveConfig = { minFactor: 0.05, increase: 0.02, decrease: 0.5 };

/** What the limiter needs of one limit: reserve a slot, pause for a 429, and adapt the rate. */
interface Limit {
  reserve(): number;
  /** Right before sending: how much longer to wait so the windows hold for actual send times (0 = go). */
  checkSend?(): number;
  /** The request goes out now. What it returns is told when the request really reached the socket and when its answer came. */
  recordSend?(): SendTrack;
  blockUntil(untilMs: number): void;
  slowDown(): void;
  speedUp(): void;
  readonly factor: number;
}

class Adaptive {
  factor = 1;
  private lastDecrease = -Infinity;
  constructor(
    private readonly cfg: AdaptiveConfig,
    private readonly now: () => number,
    /** A wave of 429s within this many ms counts once. */
    private readonly waveMs: number,
  ) {}
  slowDown(): boolean {
    const now = this.now();
    if (now - this.lastDecrease < this.waveMs) return false;
    this.lastDecrease = now;
    this.factor = Math.max(this.cfg.minFactor, this.factor * this.cfg.decrease);
    return true;
  }
  speedUp(): void {
    this.factor = Math.min(1, this.factor + this.cfg.increase);
  }
}

/**
 * A token bucket that lets callers go into debt: `reserve()` always takes a token and returns how
 * long to wait before using it. Concurrent callers therefore queue in arrival order without a
 * polling loop. Against a vendor's sliding window of N requests per W seconds a bucket admits at
 * most `capacity + refillPerSecond·W` in any window, so safe settings satisfy that sum ≤ N.
 */
export class TokenBucket implements Limit {
  private tokens: number;
  private last: number;
  private blockedUntil = 0;
  private readonly adaptive: Adaptive;

  constructor(
    readonly config: TokenBucketConfig,
    private readonly now: () => number,
    adaptive: AdaptiveConfig = DEFAULT_ADAPTIVE,
  ) {
    if (!(config.capacity >= 1) || !(config.refillPerSecond > 0)) throw new Error('A token bucket needs capacity ≥ 1 and refillPerSecond > 0');
    this.tokens = config.capacity;
    this.last = now();
    this.adaptive = new Adaptive(adaptive, now, 1000);
  }

  get factor(): number {
    return this.adaptive.factor;
  }

  private get rate(): number {
    return this.config.refillPerSecond * this.adaptive.factor;
  }

  reserve(): number {
    const now = this.now();
    if (now > this.last) {
      this.tokens = Math.min(this.config.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
    this.tokens -= 1;
    // In debt, the token exists once the bucket has refilled it, counted from `last` (which a 429 pause moves into the future).
    const availableAt = this.tokens >= 0 ? now : this.last + (-this.tokens / this.rate) * 1000;
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

  slowDown(): void {
    this.adaptive.slowDown();
  }

  speedUp(): void {
    this.adaptive.speedUp();
  }
}

/** Round trips remembered for the fastest one: recent enough to follow a vendor that got slower for good. */
const RTT_HISTORY = 50;

/**
 * Sliding windows (SlidingWindowConfig) with reservations: each request gets the earliest slot at
 * which every window has room, in arrival order; the slot may lie in the future (the caller sleeps).
 * The adaptive factor scales the shortest window's limit (the burst another client competes for),
 * never below one request; the longer windows keep their limits — scaling them too would park a
 * request for a whole minute after a few 429s.
 */
export class SlidingWindowLimit implements Limit {
  /** Reserved slot times, ascending (slots are handed out in order). */
  private slots: number[] = [];
  /**
   * When requests really went out. A reserved slot can be left late (a token to fetch first, an event
   * loop busy elsewhere) while a later one leaves on time, which would put more than the limit into
   * one window at the vendor: the send is checked against these too.
   */
  private sends: number[] = [];
  private blockedUntil = 0;
  /** The last round trips (socket write to answer), to tell a queued request from a fast one. */
  private readonly rtts: number[] = [];
  private readonly adaptive: Adaptive;
  private readonly longestMs: number;

  constructor(
    readonly config: SlidingWindowConfig,
    private readonly now: () => number,
    adaptive: AdaptiveConfig = DEFAULT_ADAPTIVE,
  ) {
    if (!config.windows.length || config.windows.some((w) => !(w.limit >= 1) || !(w.windowMs > 0))) throw new Error('Sliding windows need limit ≥ 1 and windowMs > 0');
    const margin = config.marginMs ?? 0;
    this.longestMs = Math.max(...config.windows.map((w) => w.windowMs + margin));
    this.adaptive = new Adaptive(adaptive, now, Math.min(...config.windows.map((w) => w.windowMs)));
  }

  get factor(): number {
    return this.adaptive.factor;
  }

  reserve(): number {
    const now = this.now();
    const margin = this.config.marginMs ?? 0;
    // Forget slots no window can see any more.
    let drop = 0;
    while (drop < this.slots.length && this.slots[drop]! <= now - this.longestMs) drop++;
    if (drop) this.slots.splice(0, drop);
    let t = Math.max(now, this.blockedUntil, this.slots.at(-1) ?? -Infinity);
    const shortest = Math.min(...this.config.windows.map((w) => w.windowMs));
    for (let moved = true; moved; ) {
      moved = false;
      for (const w of this.config.windows) {
        const limit = w.windowMs === shortest ? Math.max(1, Math.floor(w.limit * this.adaptive.factor)) : w.limit;
        const span = w.windowMs + margin;
        // Slots in (t − span, t]: they are sorted, so count from the end.
        let inWindow = 0;
        for (let i = this.slots.length - 1; i >= 0 && this.slots[i]! > t - span; i--) inWindow++;
        if (inWindow >= limit) {
          // The window has room once the oldest of the last `limit` slots has left it.
          t = this.slots[this.slots.length - limit]! + span;
          moved = true;
        }
      }
    }
    this.slots.push(t);
    return Math.ceil(t - now);
  }

  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  checkSend(): number {
    const now = this.now();
    const margin = this.config.marginMs ?? 0;
    let drop = 0;
    while (drop < this.sends.length && this.sends[drop]! <= now - this.longestMs) drop++;
    if (drop) this.sends.splice(0, drop);
    const shortest = Math.min(...this.config.windows.map((w) => w.windowMs));
    let wait = 0;
    for (const w of this.config.windows) {
      const limit = w.windowMs === shortest ? Math.max(1, Math.floor(w.limit * this.adaptive.factor)) : w.limit;
      const span = w.windowMs + margin;
      let inWindow = 0;
      for (let i = this.sends.length - 1; i >= 0 && this.sends[i]! > now - span; i--) inWindow++;
      if (inWindow >= limit) wait = Math.max(wait, this.sends[this.sends.length - limit]! + span - now);
    }
    return Math.ceil(wait);
  }

  /**
   * Where a request counts in the windows. First the moment its slot was handed out; then the moment it reached the
   * socket; then, once answered, later by as much as its round trip was longer than the fastest one seen: a vendor
   * that counts a request after a queue (it works through a burst one request at a time) counts it that much later,
   * and the next window must not begin before that. A request answered as fast as the fastest keeps its send time.
   */
  recordSend(): SendTrack {
    let at = this.now();
    let wrote: number | null = null;
    this.insertSend(at);
    const moveTo = (t: number) => {
      if (t <= at) return;
      // Gone when no window can see it any more.
      const i = this.sends.lastIndexOf(at);
      if (i < 0) return;
      this.sends.splice(i, 1);
      this.insertSend(t);
      at = t;
    };
    let answered = false;
    return {
      left: () => {
        if (wrote !== null) return;
        wrote = this.now();
        moveTo(wrote);
      },
      answered: () => {
        if (wrote === null || answered) return;
        answered = true;
        const rtt = this.now() - wrote;
        this.rtts.push(rtt);
        if (this.rtts.length > RTT_HISTORY) this.rtts.shift();
        moveTo(wrote + (rtt - Math.min(...this.rtts)));
      },
    };
  }

  /** Kept in order: a send recorded out of order goes where it belongs. */
  private insertSend(t: number): void {
    let i = this.sends.length;
    while (i > 0 && this.sends[i - 1]! > t) i--;
    this.sends.splice(i, 0, t);
  }

  slowDown(): void {
    this.adaptive.slowDown();
  }

  speedUp(): void {
    this.adaptive.speedUp();
  }
}

/** Route class → limit. The class `*` applies to every request (a vendor's global per-IP limit). */
export type RateLimitConfig = Record<string, LimitConfig>;

export class RateLimiter {
  private readonly buckets = new Map<string, Limit>();

  constructor(
    config: RateLimitConfig,
    now: () => number,
    private readonly sleep: Sleep,
    adaptive: AdaptiveConfig = DEFAULT_ADAPTIVE,
  ) {
    for (const [name, cfg] of Object.entries(config)) {
      this.buckets.set(name, 'windows' in cfg ? new SlidingWindowLimit(cfg, now, adaptive) : new TokenBucket(cfg, now, adaptive));
    }
  }

  private bucketsFor(routeClass: string | undefined): Limit[] {
    const out: Limit[] = [];
    const global = this.buckets.get('*');
    if (global) out.push(global);
    const own = routeClass ? this.buckets.get(routeClass) : undefined;
    if (own) out.push(own);
    return out;
  }

  /**
   * Waits for a slot in the global and the route's bucket. Returns the milliseconds waited, and the request's track:
   * told when it really reached the socket (between the slot and the socket a busy event loop can hold a request back
   * for tens of milliseconds) and when it was answered, it moves the send the windows count (see SlidingWindowLimit).
   */
  async acquire(routeClass: string | undefined, signal?: AbortSignal): Promise<{ waitedMs: number } & SendTrack> {
    // Reserve in every bucket first and wait once for the slowest: a slot reserved early in the
    // faster bucket is merely conservative, never an overrun.
    const buckets = this.bucketsFor(routeClass);
    let wait = Math.max(0, ...buckets.map((b) => b.reserve()));
    if (wait > 0) await this.sleep(wait, signal);
    // Against the real send times too (a slot may have been used late); a few rounds at most.
    for (let round = 0; round < 20; round++) {
      const extra = Math.max(0, ...buckets.map((b) => b.checkSend?.() ?? 0));
      if (extra <= 0) break;
      wait += extra;
      await this.sleep(extra, signal);
    }
    const tracks = buckets.map((b) => b.recordSend?.()).filter((t): t is SendTrack => t !== undefined);
    return {
      waitedMs: wait,
      left: () => {
        for (const t of tracks) t.left();
      },
      answered: () => {
        for (const t of tracks) t.answered();
      },
    };
  }

  penalize(routeClass: string | undefined, untilMs: number): void {
    for (const b of this.bucketsFor(routeClass)) b.blockUntil(untilMs);
  }

  /** A 429: the route's own limit (or the global one when the route has none) slows down. */
  slowDown(routeClass: string | undefined): void {
    const own = routeClass ? this.buckets.get(routeClass) : undefined;
    (own ?? this.buckets.get('*'))?.slowDown();
  }

  /** An accepted request: every limit it passed regains a little rate. */
  speedUp(routeClass: string | undefined): void {
    for (const b of this.bucketsFor(routeClass)) b.speedUp();
  }

  /** The current share of the configured rate per class (1 = as configured). */
  factors(): Record<string, number> {
    return Object.fromEntries([...this.buckets].map(([k, b]) => [k, b.factor]));
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
  /**
   * 0 (default): a 429 is an attempt like any other, so an interactive call (free/busy while a user
   * waits) reports `rate_limited` after `maxAttempts`. Above 0 (batch work such as an HR sync): 429s do
   * not use up `maxAttempts` — the vendor is busy (often with another client of the same customer), not
   * broken — the client slows down and keeps trying, and gives up only when none of its requests has
   * succeeded for this long.
   */
  rateLimitPatienceMs: number;
  /**
   * A longer floor per route class, for a 429 without Retry-After where the vendor documents a cool-down
   * (Personio's auth endpoint: 60 s after 60 calls a minute; asking again sooner may only lengthen it).
   * A call that may not wait (`rateLimitPatienceMs` 0) and would have to wait longer than `maxDelayMs`
   * fails at once with `rate_limited` instead of holding its caller for the cool-down.
   */
  rateLimitFloorByRouteMs?: Readonly<Record<string, number>>;
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
  rateLimitPatienceMs: 0,
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

/**
 * `X-RateLimit-Reset` (or `RateLimit-Reset`): seconds until the window resets, or an epoch in seconds
 * (values that large cannot be a delay). Null when absent or unreadable.
 */
export function parseRateLimitReset(value: string | null, now: number): number | null {
  if (!value || !/^\d+(\.\d+)?$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n > 1e9 ? Math.max(0, Math.round(n * 1000 - now)) : Math.round(n * 1000);
}

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

export interface HttpRequest {
  /** Any method, WebDAV's included (PROPFIND, REPORT, MKCALENDAR…). Default GET. */
  method?: string;
  /** Relative to the base URL, e.g. `/v1/company/employees`. */
  path?: string;
  /** An absolute URL instead of `path` (a next link, a URL a CalDAV server handed back). */
  url?: string | URL;
  /** Arrays repeat the key as given (`attributes[]` → `attributes[]=a&attributes[]=b`); null/undefined are left out. */
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body (XML, text/calendar) sent as is, with `contentType`. */
  body?: string | Uint8Array<ArrayBuffer>;
  /** Content type of `body`. Default `application/octet-stream`. */
  contentType?: string;
  /** Overrides the client's Accept header for this request (e.g. a versioned media type). */
  accept?: string;
  /** `text`: hand the body back as a string, never parse it (XML, iCalendar). Default `json`. */
  responseType?: 'json' | 'text';
  headers?: Record<string, string>;
  /** Authenticate this request (default true). */
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

/**
 * What one request came to, after all its attempts. Carries no path, query, header or body: those
 * hold ids, e-mail addresses, tokens and BSNs.
 */
export interface RequestCompleted {
  method: string;
  host: string;
  routeClass: string | undefined;
  /** The last status seen, if any answer came. */
  status: number | undefined;
  attempt: number;
  durationMs: number;
  /** `error`: something other than the vendor failed (the auth could not get a token, a URL was refused). */
  outcome: 'ok' | HttpErrorCode | 'error';
}

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
  /** How requests authenticate (auth/). */
  auth?: RequestAuth;
  /**
   * Accept header of every request unless the request names its own. Default `application/json`.
   * A versioned media type goes out exactly as given (Loket: `application/json;version=2018-01-01`).
   */
  accept?: string;
  /** Checked before every request and every redirect hop; throws to refuse a URL (outbound-guard.ts for user-supplied hosts). */
  urlGuard?: (url: URL) => Promise<void> | void;
  /** Redirects followed per attempt when a `urlGuard` is set (they are followed by hand to check each hop). Default 5. */
  maxRedirects?: number;
  /** One structured line per request at completion: debug when it succeeded, warn when it failed. */
  logger?: Logger;
  /** The same completion record as a callback (metrics, tests). */
  onComplete?: (record: RequestCompleted) => void;
  /** Whether an answer means "these credentials are no good" (ask the auth again and retry) rather than "not allowed". Default: status 401. */
  isTokenRejected?: (status: number, body: unknown) => boolean;
  /** Pulls the vendor's error text out of an error body for the error message. */
  errorMessageOf?: (body: unknown) => string | null;
  rateLimits?: RateLimitConfig;
  /**
   * A limiter shared with other clients of the same budget (a vendor whose limits are per company: every client of that
   * company in this process takes its slots from it). Replaces `rateLimits` and `adaptive`.
   */
  limiter?: RateLimiter;
  /** How the rate limits adapt to 429s (AIMD); default DEFAULT_ADAPTIVE. */
  adaptive?: Partial<AdaptiveConfig>;
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
// Surely never reached the vendor: no connection was made (the outbound guard's refusal included).
const CONNECTION_REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'outbound_refused']);

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
  private readonly auth: RequestAuth | undefined;
  /** When a request of this client last got an accepted answer (progress, for rateLimitPatienceMs). */
  private lastSuccessAt = -Infinity;
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
    this.limiter = opts.limiter ?? new RateLimiter(opts.rateLimits ?? {}, this.now, this.sleep, { ...DEFAULT_ADAPTIVE, ...opts.adaptive });
    this.auth = opts.auth;
  }

  metrics(): HttpMetrics {
    return { ...this.counters };
  }

  /** The share of each rate limit this client currently allows itself (below 1 after 429s). */
  rateFactors(): Record<string, number> {
    return this.limiter.factors();
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

  /** The base URL's origin (scheme, host, port): pagers keep next links on it. */
  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  private resolve(req: HttpRequest): URL {
    if (req.url !== undefined) {
      const url = new URL(req.url);
      for (const [key, value] of Object.entries(req.query ?? {})) {
        if (value === null || value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
        else url.searchParams.append(key, String(value));
      }
      return url;
    }
    if (req.path === undefined) throw new Error('A request needs a path or a url');
    return this.url(req.path, req.query);
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let host = '';
    const complete = (status: number | undefined, attempt: number, outcome: RequestCompleted['outcome']) => {
      const record: RequestCompleted = { method, host, routeClass: req.routeClass, status, attempt, durationMs: Math.round(performance.now() - started), outcome };
      this.opts.onComplete?.(record);
      if (this.opts.logger) {
        if (outcome === 'ok') this.opts.logger.debug({ http: record }, 'http request');
        else this.opts.logger.warn({ http: record }, 'http request failed');
      }
    };
    try {
      const url = this.resolve(req);
      host = url.host;
      const res = await this.send<T>(req, method, url);
      complete(res.status, res.attempts, 'ok');
      return res;
    } catch (err) {
      if (err instanceof HttpError) complete(err.status, err.details.attempts, err.code);
      else complete(undefined, 0, 'error');
      throw err;
    }
  }

  private async send<T>(req: HttpRequest, method: string, url: URL): Promise<HttpResponse<T>> {
    const idempotent = req.idempotent ?? method !== 'POST';
    // The path only, never the query: queries carry emails and filters that have no place in logs.
    const path = redactBsns(req.path ?? url.pathname);
    const emit = (e: HttpEvent) => this.emit(e);
    const auth = req.auth === false ? undefined : this.auth;
    let refreshes = 0;
    /** 429s this request met (they do not use up its attempts; see rateLimitPatienceMs). */
    let rateLimitedInARow = 0;
    const patient = this.policy.rateLimitPatienceMs > 0;
    const requestStartedAt = this.now();
    if (this.opts.urlGuard) await this.opts.urlGuard(url);

    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw this.aborted(method, path, attempt - 1, req.signal);
      // Credentials first (a token may have to be fetched): the rate slot is taken right before the send, not before a token call.
      if (auth) await auth.apply({});
      const slot = await this.limiter.acquire(req.routeClass, req.signal).catch((err: unknown) => {
        throw req.signal?.aborted ? this.aborted(method, path, attempt - 1, req.signal) : err;
      });
      const waited = slot.waitedMs;
      if (waited > 0) {
        this.counters.throttledMs += waited;
        emit({ type: 'throttled', method, path, waitedMs: waited });
      }
      const headers: Record<string, string> = { accept: req.accept ?? this.opts.accept ?? 'application/json', ...this.opts.defaultHeaders, ...req.headers };
      if (req.accept !== undefined) headers.accept = req.accept;
      // The auth writes into a headers object of its own, so the transport knows exactly which
      // headers are credentials (Authorization, an API-key header…) and keeps them off another origin.
      const credentials: Record<string, string> = {};
      const sent = auth ? await auth.apply(credentials) : undefined;
      Object.assign(headers, credentials);
      const credentialHeaders = Object.keys(credentials).map((k) => k.toLowerCase());

      this.counters.apiCalls++;
      if (attempt > 1) this.counters.retries++;
      // The limiter counts the send from when it reached the socket.
      const outcome = await whenWritten(slot, () => this.attempt(method, url, req, headers, credentialHeaders));
      if (outcome.kind === 'failure' && req.signal?.aborted) throw this.aborted(method, path, attempt, req.signal);

      // Decide: return, throw, or retry after `wait` ms.
      let wait = 0;
      let reason: string;
      let maybeCommitted = !idempotent;
      let retryAfterMs: number | undefined;
      if (outcome.kind === 'response') {
        const { status, headers: resHeaders, body } = outcome;
        const accepted = (status >= 200 && status < 300) || req.acceptStatuses?.includes(status);
        if (accepted && !outcome.parseFailed) {
          this.lastSuccessAt = this.now();
          this.limiter.speedUp(req.routeClass);
          auth?.accepted?.(resHeaders);
          return { status, headers: resHeaders, body: body as T, attempts: attempt };
        }
        const vendorMessage = this.opts.errorMessageOf?.(body) ?? snippet(body);
        reason = `HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`;
        const tokenRejected = auth !== undefined && !accepted && (this.opts.isTokenRejected ? this.opts.isTokenRejected(status, body) : status === 401);
        if (tokenRejected) {
          // Refused before the vendor's logic ran: safe to repeat even a POST.
          emit({ type: 'token_rejected', method, path, attempt });
          const retry = auth.rejected ? await auth.rejected(sent) : false;
          if (!retry || ++refreshes > this.policy.maxTokenRefreshes) throw this.fail('unauthorized', method, path, status, attempt, reason, body, false);
          this.counters.tokenRefreshes++;
          maybeCommitted = false;
        } else if (status === 429) {
          this.counters.rateLimited++;
          rateLimitedInARow++;
          retryAfterMs =
            parseRetryAfter(resHeaders.get('retry-after'), this.now()) ??
            parseRateLimitReset(resHeaders.get('x-ratelimit-reset') ?? resHeaders.get('ratelimit-reset'), this.now()) ??
            undefined;
          if (retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs) {
            throw this.fail('rate_limited', method, path, status, attempt, `${reason} (Retry-After ${Math.round(retryAfterMs / 1000)} s)`, body, false, retryAfterMs);
          }
          // No progress at all for too long: give up (the run fails, the next one resumes where this one stopped).
          if (patient && this.now() - Math.max(this.lastSuccessAt, requestStartedAt) >= this.policy.rateLimitPatienceMs) {
            throw this.fail('rate_limited', method, path, status, attempt, `${reason} (no request succeeded for ${Math.round(this.policy.rateLimitPatienceMs / 1000)} s)`, body, false, retryAfterMs);
          }
          const floor = Math.max(this.policy.rateLimitFloorMs, (req.routeClass !== undefined ? this.policy.rateLimitFloorByRouteMs?.[req.routeClass] : undefined) ?? 0);
          if (retryAfterMs === undefined && !patient && floor > this.policy.maxDelayMs) {
            throw this.fail('rate_limited', method, path, status, attempt, `${reason} (cool-down of ${Math.round(floor / 1000)} s)`, body, false, floor);
          }
          // Slow down for good (AIMD), and back off longer the more 429s this request has met in a row.
          this.limiter.slowDown(req.routeClass);
          wait =
            retryAfterMs !== undefined
              ? retryAfterMs + fullJitter(this.policy, 1, this.random)
              : floor + fullJitter(this.policy, rateLimitedInARow, this.random);
          // Everyone on this route waits, not just this request (a 429 is about the account, not the call).
          this.limiter.penalize(req.routeClass, this.now() + wait);
          maybeCommitted = false;
        } else if (RETRYABLE_STATUSES.has(status) || (accepted && outcome.parseFailed)) {
          if (status >= 500) this.counters.serverErrors++;
          const code = accepted ? 'invalid_response' : status === 408 ? 'timeout' : 'server_error';
          if (!idempotent) throw this.fail(code, method, path, status, attempt, reason, body, true);
          const ra = status === 503 ? parseRetryAfter(resHeaders.get('retry-after'), this.now()) : null;
          wait = ra !== null && ra <= this.policy.maxRetryAfterMs ? ra : fullJitter(this.policy, attempt, this.random);
        } else {
          const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status >= 500 ? 'server_error' : 'client_error';
          throw this.fail(code, method, path, status, attempt, reason, body, false);
        }
        if (attempt - (patient ? rateLimitedInARow : 0) >= this.policy.maxAttempts && !(patient && status === 429)) {
          const code = status === 429 ? 'rate_limited' : tokenRejected ? 'unauthorized' : status >= 500 ? 'server_error' : accepted ? 'invalid_response' : 'client_error';
          throw this.fail(code, method, path, status, attempt, reason, body, maybeCommitted, retryAfterMs);
        }
      } else {
        if (outcome.code === 'timeout') this.counters.timeouts++;
        else this.counters.networkErrors++;
        reason = outcome.code === 'timeout' ? `no answer within ${this.timeoutMs} ms` : `network error (${errorCodeOf(outcome.cause) ?? 'connection failed'})`;
        maybeCommitted = !idempotent && !outcome.refused;
        if (maybeCommitted || attempt - (patient ? rateLimitedInARow : 0) >= this.policy.maxAttempts) {
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

  private async attempt(method: string, url: URL, req: HttpRequest, headers: Record<string, string>, credentialHeaders: readonly string[]): Promise<AttemptOutcome> {
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/octet-stream';
      body = req.body;
    }
    // A fresh timeout per attempt, covering the body too: a vendor that sends headers and then stalls is as stuck as one that never answers.
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    try {
      const res = await this.fetchFollowing(url, method, headers, credentialHeaders, body, signal);
      const text = await res.text();
      let parsed: unknown = null;
      let parseFailed = false;
      if (req.responseType === 'text') parsed = text;
      else if (text.length > 0) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
          parseFailed = true;
        }
      }
      return { kind: 'response', status: res.status, headers: res.headers, body: parsed, parseFailed };
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const timedOut = timeout.aborted && !req.signal?.aborted;
      const refused = CONNECTION_REFUSED.has(errorCodeOf(err) ?? '');
      return { kind: 'failure', code: timedOut ? 'timeout' : 'network', refused, cause: err };
    }
  }

  /**
   * fetch, with redirects followed by hand when a URL guard is set or the request carries
   * credentials: every hop is checked against the guard, and the headers the auth set (any of them:
   * Authorization, an API-key header such as Nmbrs' X-Subscription-Key) never go to another origin.
   * fetch itself only drops Authorization on a cross-origin redirect and keeps custom headers.
   */
  private async fetchFollowing(
    url: URL,
    method: string,
    headers: Record<string, string>,
    credentialHeaders: readonly string[],
    body: string | Uint8Array<ArrayBuffer> | undefined,
    signal: AbortSignal,
  ): Promise<Response> {
    const init = (m: string, h: Record<string, string>, b: typeof body): RequestInit => ({ method: m, headers: h, signal, ...(b !== undefined ? { body: b } : {}) });
    const guard = this.opts.urlGuard;
    if (!guard && credentialHeaders.length === 0) return this.fetchImpl(url, init(method, headers, body));
    let current = url;
    let m = method;
    let h = headers;
    let b = body;
    for (let hop = 0; ; hop++) {
      const res = await this.fetchImpl(current, { ...init(m, h, b), redirect: 'manual' });
      const location = res.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(res.status) || !location || hop >= (this.opts.maxRedirects ?? 5)) return res;
      await res.body?.cancel().catch(() => {});
      const next = new URL(location, current);
      // 'network': to the caller a refused hop is an unreachable vendor, like a closed port (no oracle for what is behind it).
      const refused = (cause?: unknown) =>
        new HttpError('network', `${m} ${redactBsns(current.pathname)} redirects to a refused address`, { method: m, path: redactBsns(current.pathname), attempts: 1, maybeCommitted: false }, undefined, cause === undefined ? undefined : { cause });
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw refused();
      if (guard) {
        try {
          await guard(next);
        } catch (err) {
          throw refused(err);
        }
      }
      if (next.origin !== current.origin) {
        // Credentials belong to the origin they were issued for; a cookie or proxy credential no less.
        h = { ...h };
        for (const name of Object.keys(h)) {
          const lower = name.toLowerCase();
          if (credentialHeaders.includes(lower) || lower === 'authorization' || lower === 'cookie' || lower === 'proxy-authorization') delete h[name];
        }
      }
      // 303, and 301/302 after a POST: the next request is a GET without a body (fetch's rules).
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && m === 'POST')) {
        m = 'GET';
        b = undefined;
        h = { ...h };
        delete h['content-type'];
      }
      current = next;
    }
  }

  /**
   * An event to the callback and, with a logger, to the log: throttled and retry at debug, a token
   * refresh at info, giving up at warn. Events carry the path only (never the query), BSN-redacted.
   */
  private emit(e: HttpEvent): void {
    this.opts.onEvent?.(e);
    const log = this.opts.logger;
    if (!log) return;
    const http = { ...e, path: redactBsns(e.path), ...('reason' in e ? { reason: redactBsns(e.reason) } : {}) };
    if (e.type === 'give_up') log.warn({ http }, 'http request gave up');
    else if (e.type === 'token_rejected') log.info({ http }, 'http token rejected, refreshing');
    else log.debug({ http }, e.type === 'retry' ? 'http retry' : 'http throttled');
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
    this.emit({ type: 'give_up', method, path, attempts, reason: redactBsns(reason) });
    const message = `${method} ${path} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}${maybeCommitted ? ' (the request may have been processed)' : ''}`;
    return new HttpError(code, message, { method, path, attempts, maybeCommitted, ...(status !== undefined ? { status } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, body, cause === undefined ? undefined : { cause });
  }

  private aborted(method: string, path: string, attempts: number, signal: AbortSignal | undefined): HttpError {
    return new HttpError('aborted', `${method} ${path} was cancelled`, { method, path, attempts, maybeCommitted: false }, undefined, { cause: signal?.reason });
  }
}
