/**
 * Rate limiting for emulators: a sliding log (N accepted requests per window; a refused request
 * does not use up quota, so a client that backs off recovers) and a token bucket (burst + refill),
 * plus a small rule-based limiter that answers 429 with Retry-After. Vendors with odd limits
 * (Personio's auth cool-downs) compose the primitives themselves.
 */

/** Timestamps of accepted requests within the window, oldest first (a deque over an array). */
export class SlidingLog {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }

  hasRoom(now: number): boolean {
    this.prune(now);
    return this.times.length - this.head < this.limit;
  }

  record(now: number): void {
    this.times.push(now);
  }

  /** Milliseconds until the oldest accepted request leaves the window (0 when there is room). */
  waitMs(now: number): number {
    if (this.hasRoom(now)) return 0;
    return Math.max(0, this.times[this.head]! + this.windowMs - now);
  }
}

/** `capacity` tokens, refilled at `refillPerSecond`; each request takes one. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
  }

  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000);
  }
}

export type RateRule =
  | { name: string; method?: string; path?: string | RegExp; kind: 'sliding-window'; limit: number; windowMs: number }
  | { name: string; method?: string; path?: string | RegExp; kind: 'token-bucket'; capacity: number; refillPerSecond: number };

export interface RateVerdict {
  allowed: boolean;
  /** The rule that refused it. */
  rule?: string;
  /** Whole seconds until a retry can succeed (for the Retry-After header). */
  retryAfterSeconds?: number;
}

/**
 * Every matching rule must have room (per client key, e.g. the remote address); a request is
 * counted against all of them only when it is accepted.
 */
export class RateLimiter {
  private readonly logs = new Map<string, SlidingLog>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly rules: readonly RateRule[],
    private readonly clock: () => number = Date.now,
  ) {}

  check(method: string, path: string, clientKey = ''): RateVerdict {
    const now = this.clock();
    const matching = this.rules.filter(
      (r) => (!r.method || r.method.toUpperCase() === method) && (!r.path || (typeof r.path === 'string' ? path.startsWith(r.path) : r.path.test(path))),
    );
    for (const r of matching) {
      const key = `${r.name}\u0001${clientKey}`;
      if (r.kind === 'sliding-window') {
        let log = this.logs.get(key);
        if (!log) this.logs.set(key, (log = new SlidingLog(r.limit, r.windowMs)));
        if (!log.hasRoom(now)) return { allowed: false, rule: r.name, retryAfterSeconds: Math.max(1, Math.ceil(log.waitMs(now) / 1000)) };
      } else {
        let bucket = this.buckets.get(key);
        if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(r.capacity, r.refillPerSecond, now)));
        const wait = bucket.waitMs(now);
        if (wait > 0) return { allowed: false, rule: r.name, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
      }
    }
    for (const r of matching) {
      const key = `${r.name}\u0001${clientKey}`;
      if (r.kind === 'sliding-window') this.logs.get(key)!.record(now);
      else this.buckets.get(key)!.take(now);
    }
    return { allowed: true };
  }
}
