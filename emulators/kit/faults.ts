import { hashUnit } from './random.ts';

/**
 * Fault injection for every emulator: one profile type (random faults at configured rates, seeded,
 * optionally per route) plus a queue of scripted one-off faults that tests inject.
 *
 * Determinism: whether a request faults is a pure function of (seed, request key, how many times
 * that same request was seen before). A reproduced run gets the same faults even when a client
 * fires requests in parallel, and a retry of a faulted request draws again — so a client that
 * retries always gets through eventually, and the fault-free end state is reachable.
 */

/**
 * - `429`: Too Many Requests (with Retry-After when the profile says so);
 * - `5xx`: a server error (which one is the emulator's business);
 * - `timeout`: nothing is answered; after `timeoutMs` the socket is destroyed;
 * - `expiredToken`: the caller's access token expires on the spot (401; it must re-authenticate or refresh);
 * - `malformed`: one row of a data response carries a broken field (only where the emulator knows how);
 * - `dropAfterCommit`: a write is carried out, then the socket is destroyed without an answer —
 *   "maybe committed": only reading back tells the client whether it landed.
 */
export type FaultKind = '429' | '5xx' | 'timeout' | 'expiredToken' | 'malformed' | 'dropAfterCommit';
/** Fixed order: each kind owns its slice of [0, 1) in this order (new kinds go last, so old seeds keep their faults). */
export const FAULT_KINDS: readonly FaultKind[] = ['429', '5xx', 'timeout', 'expiredToken', 'malformed', 'dropAfterCommit'];
/** What a bare number (`--faults 0.2`) is split over unless an emulator says otherwise. */
export const DEFAULT_BARE_KINDS: readonly FaultKind[] = ['429', '5xx', 'timeout', 'expiredToken', 'malformed'];

export interface FaultRates {
  /** Share (0..1) of requests answered 429. */
  rate429?: number;
  /** Share answered with a 5xx. */
  rate5xx?: number;
  /** Share that hang for `timeoutMs` and then have their socket destroyed. */
  rateTimeout?: number;
  /** Share of authenticated requests whose token is expired on the spot. */
  rateExpiredToken?: number;
  /** Share of data responses in which one row carries a broken field. */
  rateMalformed?: number;
  /** Share of writes that are committed and then dropped without an answer. */
  rateDropAfterCommit?: number;
}

/** Rates for the requests a rule matches, replacing the profile's own rates there. */
export interface FaultRouteRule extends FaultRates {
  method?: string;
  /** Prefix of the request path, or a RegExp tested against it. */
  path?: string | RegExp;
}

export interface FaultProfile extends FaultRates {
  /** How long a timeout hangs before the socket is destroyed. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * For writes (POST/PUT/PATCH/DELETE), whether a 5xx or timeout may strike AFTER the write was
   * committed (decided per request, half of them). Default true.
   */
  failWritesAfterCommit?: boolean;
  /** Sent as Retry-After on injected 429s; unset = no header (Personio never sends one). */
  retryAfterSeconds?: number;
  /** Seed for fault decisions; defaults to the emulator's data seed. */
  seed?: number;
  /** Per-route rates, first match wins. */
  routes?: FaultRouteRule[];
}

type Rates = Partial<Record<FaultKind, number>>;

export interface NormalizedFaults {
  /** Only the kinds that were configured are present. */
  rates: Rates;
  routes: Array<{ method?: string; path?: string | RegExp; rates: Rates }>;
  timeoutMs: number;
  failWritesAfterCommit: boolean;
  retryAfterSeconds: number | undefined;
  seed: number | undefined;
}

function ratesOf(p: FaultRates): Rates {
  const given: Array<[FaultKind, number | undefined]> = [
    ['429', p.rate429],
    ['5xx', p.rate5xx],
    ['timeout', p.rateTimeout],
    ['expiredToken', p.rateExpiredToken],
    ['malformed', p.rateMalformed],
    ['dropAfterCommit', p.rateDropAfterCommit],
  ];
  const rates: Rates = {};
  for (const [k, v] of given) if (v !== undefined) rates[k] = v;
  const values = Object.values(rates);
  const total = values.reduce((a, b) => a + b, 0);
  if (values.some((r) => r < 0 || !Number.isFinite(r)) || total > 1 + 1e-9) throw new Error(`Fault rates must be ≥ 0 and add up to at most 1 (got ${total})`);
  return rates;
}

/** A bare number is a total rate, split evenly over `bareKinds` (the kinds the emulator injects by default). */
export function normalizeFaults(input: FaultProfile | number | undefined, bareKinds: readonly FaultKind[] = DEFAULT_BARE_KINDS): NormalizedFaults {
  const p: FaultProfile = typeof input === 'number' ? Object.fromEntries(bareKinds.map((k) => [rateField(k), input / bareKinds.length])) : (input ?? {});
  return {
    rates: ratesOf(p),
    routes: (p.routes ?? []).map((r) => ({ ...(r.method ? { method: r.method } : {}), ...(r.path ? { path: r.path } : {}), rates: ratesOf(r) })),
    timeoutMs: p.timeoutMs ?? 5000,
    failWritesAfterCommit: p.failWritesAfterCommit ?? true,
    retryAfterSeconds: p.retryAfterSeconds,
    seed: p.seed,
  };
}

function rateField(kind: FaultKind): keyof FaultRates {
  return kind === '429' ? 'rate429' : kind === '5xx' ? 'rate5xx' : (`rate${kind[0]!.toUpperCase()}${kind.slice(1)}` as keyof FaultRates);
}

function pathMatches(rule: { method?: string; path?: string | RegExp }, method: string, path: string): boolean {
  return (!rule.method || rule.method.toUpperCase() === method) && (!rule.path || (typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path)));
}

export interface FaultDecision {
  kind: FaultKind | null;
  /** A second independent draw for the details (which 5xx, which row). */
  detail: number;
  /** A third draw (which field of the row is broken; before or after the commit). */
  detail2: number;
}

export class FaultInjector {
  private readonly attempts = new Map<string, number>();

  constructor(
    readonly profile: NormalizedFaults,
    private readonly seed: number,
  ) {}

  get active(): boolean {
    return Object.values(this.profile.rates).some((r) => r > 0) || this.profile.routes.some((r) => Object.values(r.rates).some((x) => x > 0));
  }

  /**
   * Decides the fault for one request. Each kind owns a fixed slice of [0, 1); a kind that does not
   * apply to this request (a malformed row on a write, say) leaves its slice fault-free, so the
   * rate of every kind stays what was configured wherever it applies. `target` selects per-route rates.
   */
  decide(requestKey: string, applicable: ReadonlySet<FaultKind>, target?: { method: string; path: string }): FaultDecision {
    const attempt = this.attempts.get(requestKey) ?? 0;
    this.attempts.set(requestKey, attempt + 1);
    if (!this.active) return { kind: null, detail: 0, detail2: 0 };
    const rates = (target && this.profile.routes.find((r) => pathMatches(r, target.method, target.path))?.rates) ?? this.profile.rates;
    const u = hashUnit(this.seed, 'fault', requestKey, attempt);
    const detail = hashUnit(this.seed, 'fault-detail', requestKey, attempt);
    const detail2 = hashUnit(this.seed, 'fault-detail-2', requestKey, attempt);
    let edge = 0;
    for (const kind of FAULT_KINDS) {
      edge += rates[kind] ?? 0;
      if (u < edge) return { kind: applicable.has(kind) ? kind : null, detail, detail2 };
    }
    return { kind: null, detail, detail2 };
  }
}

// ── scripted one-off faults ─────────────────────────────────────────────────

/**
 * What a test injects (`emulator.injectFault(rule)` or `POST /_emulator/faults`):
 * - `status` (the default when `status` is given): answer `status` instead (after the handler ran, with `afterCommit`);
 * - `timeout`: hang `timeoutMs` (default 5000), then destroy the socket (after the handler ran, with `afterCommit`);
 * - `drop_after_commit`: run the handler (the write lands), then destroy the socket without answering;
 * - `expired_token`: expire the caller's access token and answer 401;
 * - `malformed`: break one row of the answer (emulators that know their rows; Personio).
 */
export type InjectedFaultKind = 'status' | 'timeout' | 'drop_after_commit' | 'expired_token' | 'malformed';
export const INJECTED_FAULT_KINDS: readonly InjectedFaultKind[] = ['status', 'timeout', 'drop_after_commit', 'expired_token', 'malformed'];

export interface FaultRule {
  kind?: InjectedFaultKind;
  method?: string;
  /** Matches when the request path starts with this (or matches it, for a RegExp). */
  path?: string | RegExp;
  /** For `status` faults: the HTTP error status (400–599). */
  status?: number;
  /** How many matching requests fault; default 1. */
  times?: number;
  /** Sent as the Retry-After header (429/503). */
  retryAfterSeconds?: number;
  /** `status`/`timeout`: the request is processed first and only its answer is replaced: a write that landed although the client saw an error. */
  afterCommit?: boolean;
  /** For `timeout`: how long to hang. */
  timeoutMs?: number;
}

export function faultKindOf(rule: FaultRule): InjectedFaultKind {
  return rule.kind ?? 'status';
}

export class FaultQueue {
  private rules: Array<FaultRule & { left: number }> = [];

  constructor(initial: FaultRule[] = []) {
    for (const r of initial) this.add(r);
  }

  add(rule: FaultRule): void {
    const kind = faultKindOf(rule);
    if (!INJECTED_FAULT_KINDS.includes(kind)) throw new Error(`Unknown fault kind ${String(kind)}; one of ${INJECTED_FAULT_KINDS.join(', ')}`);
    if (kind === 'status' && (!Number.isInteger(rule.status) || rule.status! < 400 || rule.status! > 599)) throw new Error(`A fault needs an HTTP error status, got ${rule.status}`);
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.reduce((n, r) => n + r.left, 0);
  }

  /** Consumes and returns the first rule matching this request, if any. */
  take(method: string, path: string): FaultRule | null {
    const i = this.rules.findIndex((r) => r.left > 0 && pathMatches(r, method, path));
    if (i < 0) return null;
    const rule = this.rules[i]!;
    rule.left--;
    if (rule.left <= 0) this.rules.splice(i, 1);
    return rule;
  }
}

/** A fault rule as posted to `/_emulator/faults` (path given as a prefix string); throws a message on bad input. */
export function parseFaultRule(b: Record<string, unknown>): FaultRule {
  const kind = (b.kind ?? 'status') as InjectedFaultKind;
  if (!INJECTED_FAULT_KINDS.includes(kind)) throw new Error(`kind must be one of ${INJECTED_FAULT_KINDS.join(', ')}`);
  const status = b.status === undefined ? undefined : Number(b.status);
  if (kind === 'status' && (status === undefined || !Number.isInteger(status) || status < 400 || status > 599)) throw new Error('status must be an HTTP error status (400–599)');
  return {
    ...(kind !== 'status' ? { kind } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(typeof b.method === 'string' ? { method: b.method } : {}),
    ...(typeof b.path === 'string' ? { path: b.path } : {}),
    ...(b.times !== undefined ? { times: Number(b.times) } : {}),
    ...(b.retryAfterSeconds !== undefined ? { retryAfterSeconds: Number(b.retryAfterSeconds) } : {}),
    ...(b.afterCommit === true ? { afterCommit: true } : {}),
    ...(b.timeoutMs !== undefined ? { timeoutMs: Number(b.timeoutMs) } : {}),
  };
}

/** True for methods that change something (the ones "after commit" faults apply to). */
export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
