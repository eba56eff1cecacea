import { hashUnit } from './personio-emulator.random.ts';

/**
 * Injected faults, so syncs can be shown to converge when the vendor misbehaves (PRODUCT §6).
 *
 * Determinism: whether a request faults is a pure function of (seed, method + path + query,
 * how many times that same request was seen before). A reproduced run gets the same faults even
 * when a client fires requests in parallel, and a retry of a faulted request draws again — so a
 * client that retries always gets through eventually, and the fault-free end state is reachable.
 */

export type FaultKind = '429' | '5xx' | 'timeout' | 'expiredToken' | 'malformed';
export const FAULT_KINDS: readonly FaultKind[] = ['429', '5xx', 'timeout', 'expiredToken', 'malformed'];

export interface FaultProfile {
  /** Share (0..1) of requests answered 429 (no Retry-After, like the real limiter). */
  rate429?: number;
  /** Share answered 500/502/503/504. */
  rate5xx?: number;
  /** Share that hang for `timeoutMs` and then have their socket destroyed. */
  rateTimeout?: number;
  /** Share of authenticated requests whose token is expired on the spot (401; the client must re-authenticate). */
  rateExpiredToken?: number;
  /** Share of data responses (lists and single reads) in which one row carries a broken field. */
  rateMalformed?: number;
  /** How long a timeout hangs before the socket is destroyed. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * For writes (POST/PATCH/DELETE), whether a 5xx or timeout may strike AFTER the write was
   * committed (decided per request, half of them). This is the real-world case a client cannot
   * tell from a failed write: only reading back avoids duplicates. Default true.
   */
  failWritesAfterCommit?: boolean;
  /** Seed for fault decisions; defaults to the emulator's data seed. */
  seed?: number;
}

export interface NormalizedFaults {
  rates: Record<FaultKind, number>;
  timeoutMs: number;
  failWritesAfterCommit: boolean;
  seed: number | undefined;
}

/** A bare number is a total rate, split evenly over the five kinds. */
export function normalizeFaults(input: FaultProfile | number | undefined): NormalizedFaults {
  const p: FaultProfile =
    typeof input === 'number'
      ? { rate429: input / 5, rate5xx: input / 5, rateTimeout: input / 5, rateExpiredToken: input / 5, rateMalformed: input / 5 }
      : (input ?? {});
  const rates: Record<FaultKind, number> = {
    '429': p.rate429 ?? 0,
    '5xx': p.rate5xx ?? 0,
    timeout: p.rateTimeout ?? 0,
    expiredToken: p.rateExpiredToken ?? 0,
    malformed: p.rateMalformed ?? 0,
  };
  const total = Object.values(rates).reduce((a, b) => a + b, 0);
  if (Object.values(rates).some((r) => r < 0 || !Number.isFinite(r)) || total > 1) {
    throw new Error(`Fault rates must be ≥ 0 and add up to at most 1 (got ${total})`);
  }
  return { rates, timeoutMs: p.timeoutMs ?? 5000, failWritesAfterCommit: p.failWritesAfterCommit ?? true, seed: p.seed };
}

export interface FaultDecision {
  kind: FaultKind | null;
  /** A second independent draw for the details (which 5xx, which row, before or after commit). */
  detail: number;
  /** A third draw (which field of the row is broken). */
  detail2: number;
}

export class FaultInjector {
  private readonly attempts = new Map<string, number>();

  constructor(
    readonly profile: NormalizedFaults,
    private readonly seed: number,
  ) {}

  get active(): boolean {
    return Object.values(this.profile.rates).some((r) => r > 0);
  }

  /**
   * Decides the fault for one request. Each kind owns a fixed slice of [0, 1); a kind that does not
   * apply to this request (a malformed row on a write, say) leaves its slice fault-free, so the
   * rate of every kind stays what was configured wherever it applies.
   */
  decide(requestKey: string, applicable: ReadonlySet<FaultKind>): FaultDecision {
    const attempt = this.attempts.get(requestKey) ?? 0;
    this.attempts.set(requestKey, attempt + 1);
    if (!this.active) return { kind: null, detail: 0, detail2: 0 };
    const u = hashUnit(this.seed, 'fault', requestKey, attempt);
    const detail = hashUnit(this.seed, 'fault-detail', requestKey, attempt);
    const detail2 = hashUnit(this.seed, 'fault-detail-2', requestKey, attempt);
    let edge = 0;
    for (const kind of FAULT_KINDS) {
      edge += this.profile.rates[kind];
      if (u < edge) return { kind: applicable.has(kind) ? kind : null, detail, detail2 };
    }
    return { kind: null, detail, detail2 };
  }
}

/** The 5xx answers a client meets in practice: the application's own JSON error, or an HTML page from a proxy. */
export function serverErrorFor(detail: number): { status: number; contentType: string; body: string } {
  const variants = [
    { status: 500, contentType: 'application/json', body: JSON.stringify({ success: false, error: { code: 0, message: 'Es ist ein Problem aufgetreten' } }) },
    { status: 502, contentType: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' },
    { status: 503, contentType: 'text/html', body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>' },
    { status: 504, contentType: 'text/html', body: '<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>' },
  ];
  return variants[Math.floor(detail * variants.length)]!;
}

type Json = Record<string, unknown>;

/** Breaks one field of an employee row in a way a strict parser must notice. */
export function corruptEmployee(employee: Json, pick: number): string {
  const attrs = employee.attributes as Record<string, Json> | undefined;
  if (!attrs) return 'none';
  const variants: Array<[string, () => void]> = [
    ['hire_date: impossible date', () => attrs.hire_date && (attrs.hire_date.value = '2019-02-31T00:00:00+01:00')],
    ['email: not an email', () => attrs.email && (attrs.email.value = 'jan.jansen(at)example')],
    ['weekly_working_hours: words', () => attrs.weekly_working_hours && (attrs.weekly_working_hours.value = 'veertig')],
    ['first_name: envelope without value', () => attrs.first_name && delete attrs.first_name.value],
    ['cost_centers: percentage as text', () => {
      const cc = attrs.cost_centers?.value as Array<{ attributes: Json }> | undefined;
      if (cc?.[0]) cc[0].attributes.percentage = '100%';
    }],
    ['birthday: German date format', () => attrs.dynamic_180883 && (attrs.dynamic_180883.value = '18.08.1983')],
    ['id: value as text', () => attrs.id && (attrs.id.value = `${String(attrs.id.value)}x`)],
  ];
  const [name, apply] = variants[Math.floor(pick * variants.length)]!;
  apply();
  return name;
}

export function corruptAttendance(item: Json, pick: number): string {
  const attrs = item.attributes as Json | undefined;
  if (!attrs) return 'none';
  const variants: Array<[string, () => void]> = [
    ['date: impossible date', () => (attrs.date = '2024-02-30')],
    ['start_time: no leading zero', () => (attrs.start_time = '9:00')],
    ['employee: text', () => (attrs.employee = `emp-${String(attrs.employee)}`)],
    ['break: null', () => (attrs.break = null)],
  ];
  const [name, apply] = variants[Math.floor(pick * variants.length)]!;
  apply();
  return name;
}

export function corruptTimeOff(item: Json, pick: number): string {
  const attrs = item.attributes as Json | undefined;
  if (!attrs) return 'none';
  const variants: Array<[string, () => void]> = [
    ['start_date: not a date', () => (attrs.start_date = 'Invalid date')],
    ['days_count: text', () => (attrs.days_count = String(attrs.days_count).replace('.', ','))],
    ['employee: missing attributes', () => (attrs.employee = { type: 'Employee' })],
    ['time_off_type: null', () => (attrs.time_off_type = null)],
  ];
  const [name, apply] = variants[Math.floor(pick * variants.length)]!;
  apply();
  return name;
}
