import { SlidingLog } from '../kit/rate-limit.ts';

/**
 * Personio's documented rate limits (reference §1, §2; developer hub "Authentication"):
 * - `POST /v1/auth`: 60 requests a minute, then a 60 s cool-down in which every auth call fails;
 * - `POST /v2/auth/token`: 150 a minute, then 1 request a second for the next 60 s;
 * - `GET /v1/company/employees`: 300 a minute with bursts of at most 15 a second;
 * - every v1 endpoint: 2000 a minute per IP.
 * A refused request answers 429 with no Retry-After, and does not use up quota (a sliding log
 * of accepted requests), so a client that backs off ≥ 1 s recovers. Built from the kit's SlidingLog;
 * the cool-downs are Personio's own.
 */

export interface RateLimitConfig {
  globalPerMinutePerIp: number;
  employeesPerMinute: number;
  employeesPerSecond: number;
  authPerMinute: number;
  authCooldownMs: number;
  /**
   * UNCONFIRMED whether a call refused during the auth cool-down starts it again: true = it does (a client
   * that keeps asking never gets back in), false (default) = the cool-down ends 60 s after it began.
   */
  authCooldownExtends: boolean;
  v2AuthPerMinute: number;
  /** During the v2 cool-down, one request per this many ms is still accepted. */
  v2AuthCooldownIntervalMs: number;
  v2AuthCooldownMs: number;
  /** Length of a "minute" window; tests shrink it instead of waiting. */
  minuteMs: number;
  /** Length of a "second" window. */
  secondMs: number;
  /** Time source of the limiter (default Date.now); tests pass a fake one instead of sleeping. */
  clock: () => number;
  /**
   * Another client of the same company on the employee list (the limits are per company, so other
   * tools of the customer use the same budget): this many requests a second, evenly spaced, each
   * taken only when the windows have room (a polite client). Default 0. Faster than the per-second limit, it always
   * has a request waiting: it takes every slot the moment it frees, before any request of ours that comes after.
   */
  otherClientPerSecond: number;
}

export const PERSONIO_RATE_LIMITS: RateLimitConfig = {
  globalPerMinutePerIp: 2000,
  employeesPerMinute: 300,
  employeesPerSecond: 15,
  authPerMinute: 60,
  authCooldownMs: 60_000,
  authCooldownExtends: false,
  v2AuthPerMinute: 150,
  v2AuthCooldownIntervalMs: 1_000,
  v2AuthCooldownMs: 60_000,
  minuteMs: 60_000,
  secondMs: 1_000,
  clock: () => Date.now(),
  otherClientPerSecond: 0,
};

export type RateBucket = 'v1-auth' | 'v2-auth' | 'employees' | 'other';

export interface RateDecision {
  allowed: boolean;
  /** Which limit refused it, for stats and for the error message. */
  limit?: 'global' | 'employees-minute' | 'employees-second' | 'v1-auth' | 'v1-auth-cooldown' | 'v2-auth-cooldown';
}

export class PersonioRateLimiter {
  private readonly cfg: RateLimitConfig;
  private readonly perIp = new Map<string, SlidingLog>();
  private readonly employeesMinute: SlidingLog;
  private readonly employeesSecond: SlidingLog;
  private readonly authMinute: SlidingLog;
  private readonly v2AuthMinute: SlidingLog;
  private authCooldownUntil = 0;
  private v2CooldownUntil = 0;
  private v2LastCooldownAccept = -Infinity;
  private otherPerSecond: number;
  private otherNext = 0;
  /** Requests of the simulated other client that were accepted (its share of the budget). */
  otherClientRequests = 0;

  constructor(config: Partial<RateLimitConfig> = {}) {
    this.cfg = { ...PERSONIO_RATE_LIMITS, ...config };
    this.employeesMinute = new SlidingLog(this.cfg.employeesPerMinute, this.cfg.minuteMs);
    this.employeesSecond = new SlidingLog(this.cfg.employeesPerSecond, this.cfg.secondMs);
    this.authMinute = new SlidingLog(this.cfg.authPerMinute, this.cfg.minuteMs);
    this.v2AuthMinute = new SlidingLog(this.cfg.v2AuthPerMinute, this.cfg.minuteMs);
    this.otherPerSecond = this.cfg.otherClientPerSecond;
    this.otherNext = this.cfg.clock();
  }

  setOtherClient(perSecond: number): void {
    this.otherPerSecond = Math.max(0, perSecond);
    this.otherNext = this.cfg.clock();
  }

  /** The other client's requests up to `now`, in time order (before ours at `now`, so the logs stay sorted). */
  private catchUpOtherClient(now: number): void {
    if (this.otherPerSecond <= 0) return;
    const step = this.cfg.secondMs / this.otherPerSecond;
    // After a long quiet spell only the last minute matters.
    if (now - this.otherNext > this.cfg.minuteMs) this.otherNext = now - this.cfg.minuteMs;
    for (; this.otherNext <= now; this.otherNext += step) {
      const t = this.otherNext;
      if (this.employeesSecond.hasRoom(t) && this.employeesMinute.hasRoom(t)) {
        this.employeesSecond.record(t);
        this.employeesMinute.record(t);
        this.otherClientRequests++;
      }
    }
    // A client faster than the limit has a request waiting whenever a slot frees: the slots free at `now` are its.
    // (Evenly spaced ticks alone left a few milliseconds after each freed slot in which ours could take it back.)
    if (this.otherPerSecond > this.cfg.employeesPerSecond) {
      while (this.employeesSecond.hasRoom(now) && this.employeesMinute.hasRoom(now)) {
        this.employeesSecond.record(now);
        this.employeesMinute.record(now);
        this.otherClientRequests++;
      }
    }
  }

  get config(): Readonly<RateLimitConfig> {
    return this.cfg;
  }

  check(bucket: RateBucket, ip: string, now: number = this.cfg.clock()): RateDecision {
    let global = this.perIp.get(ip);
    if (!global) this.perIp.set(ip, (global = new SlidingLog(this.cfg.globalPerMinutePerIp, this.cfg.minuteMs)));
    if (!global.hasRoom(now)) return { allowed: false, limit: 'global' };

    switch (bucket) {
      case 'v1-auth': {
        if (now < this.authCooldownUntil) {
          if (this.cfg.authCooldownExtends) this.authCooldownUntil = now + this.cfg.authCooldownMs;
          return { allowed: false, limit: 'v1-auth-cooldown' };
        }
        if (!this.authMinute.hasRoom(now)) {
          this.authCooldownUntil = now + this.cfg.authCooldownMs;
          return { allowed: false, limit: 'v1-auth' };
        }
        this.authMinute.record(now);
        break;
      }
      case 'v2-auth': {
        if (now < this.v2CooldownUntil) {
          if (now - this.v2LastCooldownAccept < this.cfg.v2AuthCooldownIntervalMs) return { allowed: false, limit: 'v2-auth-cooldown' };
          this.v2LastCooldownAccept = now;
          break;
        }
        if (!this.v2AuthMinute.hasRoom(now)) {
          this.v2CooldownUntil = now + this.cfg.v2AuthCooldownMs;
          this.v2LastCooldownAccept = now;
          // The request that tips it over is refused; from here on, 1 per interval.
          return { allowed: false, limit: 'v2-auth-cooldown' };
        }
        this.v2AuthMinute.record(now);
        break;
      }
      case 'employees': {
        this.catchUpOtherClient(now);
        if (!this.employeesSecond.hasRoom(now)) return { allowed: false, limit: 'employees-second' };
        if (!this.employeesMinute.hasRoom(now)) return { allowed: false, limit: 'employees-minute' };
        this.employeesSecond.record(now);
        this.employeesMinute.record(now);
        break;
      }
      case 'other':
        break;
    }
    global.record(now);
    return { allowed: true };
  }
}
