import type { Logger } from '../../../platform/log/logger.ts';
import { ClientCredentialsAuth } from '../../kit/auth/client-credentials.ts';
import type { IssuedToken } from '../../kit/auth/token-cache.ts';
import { clientCredentialsAtTokenEndpoint } from '../../kit/auth/token-endpoint.ts';
import {
  type AdaptiveConfig,
  HttpClient,
  HttpError,
  type HttpEvent,
  type HttpMetrics,
  type LimitConfig,
  type SlidingWindowConfig,
  type RateLimitConfig,
  RateLimiter,
  realSleep,
  type RetryPolicy,
  type Sleep,
  type TokenBucketConfig,
} from '../../kit/http-client.ts';
import type { FetchedPage } from '../../kit/paging/record-offset.ts';
import { pageByNextLink } from '../../kit/paging/next-link.ts';
import type { ExternalAbsence, ExternalAbsenceDay, ExternalAbsenceType } from '../../kit/absence-source.ts';
import { mapAbsencePeriod, mapAbsenceType, mapBreakdown, unknownUnitType } from './personio.absences.ts';
import {
  personioAttributeListSchema,
  personioAuthResponseSchema,
  personioErrorSchema,
  personioListEnvelopeSchema,
  personioTimeOffTypeSchema,
} from './personio.schemas.ts';

/**
 * Personio v1 over the shared HTTP client. Facts from ../shared/reference/personio-api.md (§ below):
 * token from `POST /v1/auth`, cached for its lifetime and replaced by the one in the lowercase
 * `authorization` response header (§1); record-offset paging (§2, §3); the documented rate limits
 * kept client-side (§2); v1 error envelopes with `code` 0 (§5).
 */

export const PERSONIO_DEFAULT_BASE_URL = 'https://api.personio.de';

export interface PersonioRateLimits {
  /** Every v1 endpoint, per IP. */
  global: TokenBucketConfig;
  /** `POST /v1/auth`. */
  auth: TokenBucketConfig;
  /** `GET /v1/company/employees` (list and single). */
  employees: SlidingWindowConfig;
}

/**
 * The documented limits (§2):
 * - 2000/min per IP, as a bucket: 30 + 32·60 = 1950;
 * - auth 60/min (then a 60 s lock-out, so never touch it): 5 + 0.9·60 = 59;
 * - employees 300/min with bursts of 15/s, as the two sliding windows they are: 15 requests in any
 *   second and 300 in any minute, so a listing of up to 300 pages runs at the full 15/s. The windows
 *   count each request from when it reached the socket, later by as much as its answer was slower than the
 *   fastest one (a vendor that works through a burst one request at a time counts its last ones late; see
 *   SlidingWindowLimit). What is left to cover is small: each window is 15 ms wider on our side. A fixed
 *   75 ms margin without that tracking still let 429s through when a whole burst went out at once.
 * 429s still happen when another tool of the same company uses the same budget: the transport then
 * lowers these limits (AIMD) and backs off instead of failing (http-client.ts).
 */
export const PERSONIO_RATE_LIMITS: PersonioRateLimits = {
  global: { capacity: 30, refillPerSecond: 32 },
  auth: { capacity: 5, refillPerSecond: 0.9 },
  employees: {
    windows: [
      { limit: 15, windowMs: 1_000 },
      // 250 ms longer on our side, as the v2 minute window below (in a long listing it is full at the end of every
      // burst). The one 429 a first sync drew was another window: the connect check's request, now on the shared limiter.
      { limit: 300, windowMs: 60_250 },
    ],
    marginMs: 15,
  },
};

/** Requests of the employee list Personio allows in any one second. */
export const PERSONIO_EMPLOYEES_BURST = PERSONIO_RATE_LIMITS.employees.windows[0]!.limit;

/**
 * Pacing of the v2 transport (attendance and absence periods). Personio publishes no v2 numbers
 * (nmbrs-rest-and-personio-time.md §B4): the one documented limit that covers every request of an IP is
 * 2000 a minute, kept here as the sliding window it is (a long send runs at the full 2000/min instead of a
 * bucket's 1950), smoothed to 40 a second: the 20 % headroom lets a send catch up on slots it lost while its
 * process was busy (with 34/s, runs on a loaded machine ended at 1.07–1.12 × the bound). The minute window
 * fills at the end of every burst, so it is 250 ms longer on our side (75 ms let a 429 through now and
 * then on a loaded machine: arrivals skew more than a second window's margin covers). Each window is 75 ms
 * wider on our side, as for the employee list. Lower per-endpoint buckets seen in the wild (about 10/s on
 * absence periods) answer 429, and the transport then lowers its rate (AIMD) instead of failing.
 * The v2 token endpoint keeps its own bucket.
 */
export const PERSONIO_V2_RATE_LIMITS: { global: LimitConfig; auth: TokenBucketConfig } = {
  global: {
    windows: [
      { limit: 40, windowMs: 1_000 },
      { limit: 2000, windowMs: 60_250 },
    ],
    marginMs: 75,
  },
  auth: { capacity: 5, refillPerSecond: 0.9 },
};

/** One rate limiter per Personio company (base URL, client id, limits) in this process: its limits are per company. */
const companyLimiters = new Map<string, RateLimiter>();

/** `POST /v1/auth`: 60 calls a minute, then a 60-second cool-down (§1). */
export const PERSONIO_AUTH_COOLDOWN_MS = 60_000;

/** How long a listing keeps trying through 429s without any request succeeding (issue 14). */
export const PERSONIO_RATE_LIMIT_PATIENCE_MS = 10 * 60_000;

export interface PersonioClientConfig {
  /** One record per outbound request (method, host, route class, status, attempt, duration). */
  logger?: Logger;
  /** Default https://api.personio.de; a sandbox or the emulator per integration. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Per request attempt. Default 30 s. */
  timeoutMs?: number;
  /** Override single buckets, or `false` to switch client-side limiting off (tests only). */
  rateLimit?: Partial<PersonioRateLimits> | false;
  retry?: Partial<RetryPolicy>;
  /** How the limits adapt to 429s (default: the kit's AIMD). */
  adaptive?: Partial<AdaptiveConfig>;
  /** Recommended identification headers (§1). */
  partnerId?: string;
  appId?: string;
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  onEvent?: (event: HttpEvent) => void;
  /** Checked before every request and redirect hop (the outbound guard on a user-supplied base URL). */
  urlGuard?: (url: URL) => Promise<void> | void;
}

/**
 * The vendor rights a Koppel integration may need (PRODUCT F-10), in the emulator's/Personio's words.
 * Employees are read through v1; attendances and absences through v2 (v1 attendances were shut down
 * on 30 August 2026), whose OAuth scopes are `personio:attendances:read` etc.
 */
export type PersonioRight = 'employees:read' | 'attendances:read' | 'attendances:write' | 'absences:read';
/** What every integration needs: reading employees. */
export const PERSONIO_BASE_RIGHTS: readonly PersonioRight[] = ['employees:read'];

/** The features an integration may switch on beyond reading employees (F-20 … F-22, "time exchange"). */
export interface PersonioFeatures {
  /** Attendances to Personio (read and write, /v2/attendance-periods). */
  attendances?: boolean;
  /** Absences from Personio (read, /v2/absence-periods). */
  absences?: boolean;
}

/** The rights the enabled features need: employees always, the time rights only when switched on. */
export function personioRightsFor(features: PersonioFeatures = {}): PersonioRight[] {
  return [...PERSONIO_BASE_RIGHTS, ...(features.attendances ? (['attendances:read', 'attendances:write'] as const) : []), ...(features.absences ? (['absences:read'] as const) : [])];
}

/** The endpoint that proves a right (for messages: "Personio does not answer on …"). */
export const PERSONIO_RIGHT_ENDPOINTS: Record<PersonioRight, string> = {
  'employees:read': 'GET /v1/company/employees',
  'attendances:read': 'GET /v2/attendance-periods',
  'attendances:write': 'PATCH /v2/attendance-periods/{id}',
  'absences:read': 'GET /v2/absence-periods',
};

/** How a right probe came out. */
export type PersonioRightCheck = { ok: true } | { ok: false; reason: 'missing_right' } | { ok: false; reason: 'endpoint_unavailable'; status: number | undefined };

export interface PersonioTimeOffType {
  id: number;
  name: string;
  category: string | null;
  unit: 'day' | 'hour' | null;
}

/** Personio's error text (and code), for error messages. */
export function personioErrorMessage(body: unknown): string | null {
  const p = personioErrorSchema.safeParse(body);
  if (!p.success) return null;
  const { message, code } = p.data.error;
  return message ? `${message}${code !== undefined ? ` (code ${code})` : ''}` : null;
}

/**
 * 401 is an expired or burned token. 403 is ambiguous in Personio: `code 403 "Provided authorization
 * is not valid"` is a token the server no longer knows (refresh), `code 0 "…forbidden…"` a missing
 * right (refreshing would not help).
 */
export function isPersonioTokenRejected(status: number, body: unknown): boolean {
  if (status === 401) return true;
  if (status !== 403) return false;
  const p = personioErrorSchema.safeParse(body);
  return p.success && String(p.data.error.code) === '403';
}

/** A 403 that means "this credential lacks the right" (code 0, §1). */
export function isPersonioMissingRight(err: unknown): boolean {
  return err instanceof HttpError && err.status === 403 && !isPersonioTokenRejected(403, err.body);
}

/**
 * `updated_since` is documented without a time zone (pitfall 3). The instant is sent in UTC without
 * an offset: read as UTC it is exact; read as company time in Europe (ahead of UTC) it is earlier,
 * which only returns more records — a superset is safe, a gap is not. Floored to whole seconds for
 * the same reason.
 */
export function formatUpdatedSince(since: Date): string {
  return new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString().slice(0, 19);
}

function toNumber(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export class PersonioClient {
  readonly http: HttpClient;
  private readonly auth: ClientCredentialsAuth;
  /** The token last issued or handed back (to notice rotation). */
  private knownToken: string | null = null;
  /** Personio handed back a different token on a response: tokens are single-use, so requests must go one at a time. */
  tokensRotate = false;
  /** v2 (attendance and absence periods): its own OAuth client-credentials token (§1 v2), issued only when a v2 endpoint is used. */
  private v2Client: { http: HttpClient; auth: ClientCredentialsAuth } | null = null;
  private readonly config: PersonioClientConfig;

  constructor(config: PersonioClientConfig) {
    this.config = config;
    const limits: RateLimitConfig =
      config.rateLimit === false
        ? {}
        : (() => {
            const l = { ...PERSONIO_RATE_LIMITS, ...config.rateLimit };
            return { '*': l.global, auth: l.auth, employees: l.employees };
          })();
    const headers: Record<string, string> = {};
    if (config.partnerId) headers['x-personio-partner-id'] = config.partnerId;
    if (config.appId) headers['x-personio-app-id'] = config.appId;
    this.auth = new ClientCredentialsAuth({
      issue: () => this.issueToken(),
      ...(config.now ? { now: config.now } : {}),
      // §1: tokens live 24 h; without a stated lifetime assume much less.
      defaultTtlMs: 3_600_000,
      // §1: a token may come back (rotated) in the lowercase `authorization` response header.
      tokenFromResponse: (h) => {
        const v = h.get('authorization');
        const m = v ? /^Bearer\s+(\S+)$/i.exec(v.trim()) : null;
        // A header token other than the one we hold: single-use tokens (historic), which parallel requests would burn.
        if (m && this.knownToken !== null && m[1] !== this.knownToken) this.tokensRotate = true;
        if (m) this.knownToken = m[1]!;
        return m ? m[1]! : null;
      },
    });
    // Personio's limits are per company: every client of one company's credentials in this process (the connect check,
    // the sync, the absence import) takes its slots from one limiter. Else a sync started within a second of the connect
    // check sent its full burst on top of the check's request and drew a 429 (issue 13). Clients on a test clock keep their own.
    const shared = config.rateLimit !== false && !config.now && !config.sleep && !config.adaptive;
    const limiterKey = `${config.baseUrl ?? PERSONIO_DEFAULT_BASE_URL}\u0000${config.clientId}\u0000${JSON.stringify(limits)}`;
    let limiter = shared ? companyLimiters.get(limiterKey) : undefined;
    if (shared && !limiter) {
      limiter = new RateLimiter(limits, Date.now, realSleep);
      companyLimiters.set(limiterKey, limiter);
    }
    this.http = new HttpClient({
      baseUrl: config.baseUrl ?? PERSONIO_DEFAULT_BASE_URL,
      ...(limiter ? { limiter } : {}),
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      // A sync is batch work: 429s from a budget shared with the customer's other tools slow it down
      // instead of failing it; it gives up after 10 minutes without any success (the next run resumes).
      // §1: after 60 auth calls a minute, a 60 s cool-down: a refused auth call waits it out rather than lengthen it.
      retry: { rateLimitPatienceMs: PERSONIO_RATE_LIMIT_PATIENCE_MS, rateLimitFloorByRouteMs: { auth: PERSONIO_AUTH_COOLDOWN_MS }, ...config.retry },
      auth: this.auth,
      isTokenRejected: isPersonioTokenRejected,
      errorMessageOf: personioErrorMessage,
      rateLimits: limits,
      ...(config.adaptive ? { adaptive: config.adaptive } : {}),
      defaultHeaders: headers,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      ...(config.sleep ? { sleep: config.sleep } : {}),
      ...(config.now ? { now: config.now } : {}),
      ...(config.random ? { random: config.random } : {}),
      ...(config.onEvent ? { onEvent: config.onEvent } : {}),
      ...(config.logger ? { logger: config.logger } : {}),
      ...(config.urlGuard ? { urlGuard: config.urlGuard } : {}),
    });
  }

  metrics(): HttpMetrics & { tokensIssued: number } {
    const m = this.http.metrics();
    const v2 = this.v2Client?.http.metrics();
    return { ...m, ...(v2 ? { apiCalls: m.apiCalls + v2.apiCalls, retries: m.retries + v2.retries, rateLimited: m.rateLimited + v2.rateLimited } : {}), tokensIssued: this.auth.issued + (this.v2Client?.auth.issued ?? 0) };
  }

  /** The transport for v2 endpoints (attendance periods: personio.attendance-sink.ts), authenticated with its own v2 token. */
  v2Http(): HttpClient {
    return this.v2();
  }

  /** The transport for v2 endpoints, authenticated with a v2 token (`POST /v2/auth/token`). */
  private v2(): HttpClient {
    if (this.v2Client) return this.v2Client.http;
    const c = this.config;
    let http!: HttpClient;
    const auth = new ClientCredentialsAuth({
      issue: () => clientCredentialsAtTokenEndpoint({ http, tokenUrl: '/v2/auth/token', clientId: c.clientId, clientSecret: c.clientSecret, routeClass: 'auth', ...(c.now ? { now: c.now } : {}) }),
      ...(c.now ? { now: c.now } : {}),
    });
    // v2 names the identification headers without `X-` ([CC2] `Personio-Partner-ID`, `Personio-App-ID`; v1's spec has the `X-` names).
    const headers: Record<string, string> = {};
    if (c.partnerId) headers['Personio-Partner-ID'] = c.partnerId;
    if (c.appId) headers['Personio-App-ID'] = c.appId;
    http = new HttpClient({
      baseUrl: c.baseUrl ?? PERSONIO_DEFAULT_BASE_URL,
      ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
      retry: { rateLimitPatienceMs: PERSONIO_RATE_LIMIT_PATIENCE_MS, ...c.retry },
      auth,
      defaultHeaders: headers,
      errorMessageOf: personioV2ErrorMessage,
      rateLimits: c.rateLimit === false ? {} : { '*': PERSONIO_V2_RATE_LIMITS.global, auth: PERSONIO_V2_RATE_LIMITS.auth },
      ...(c.fetch ? { fetch: c.fetch } : {}),
      ...(c.sleep ? { sleep: c.sleep } : {}),
      ...(c.now ? { now: c.now } : {}),
      ...(c.random ? { random: c.random } : {}),
      ...(c.onEvent ? { onEvent: c.onEvent } : {}),
      ...(c.logger ? { logger: c.logger } : {}),
      ...(c.urlGuard ? { urlGuard: c.urlGuard } : {}),
    });
    this.v2Client = { http, auth };
    return http;
  }

  private async issueToken(): Promise<IssuedToken> {
    // JSON body (§1); never query parameters, which end up in proxy logs.
    const res = await this.http.request({
      method: 'POST',
      path: '/v1/auth',
      json: { client_id: this.config.clientId, client_secret: this.config.clientSecret },
      auth: false,
      routeClass: 'auth',
      idempotent: true,
    });
    const p = personioAuthResponseSchema.safeParse(res.body);
    if (!p.success) {
      throw new HttpError('invalid_response', 'POST /v1/auth answered without a token', { method: 'POST', path: '/v1/auth', status: res.status, attempts: res.attempts, maybeCommitted: false });
    }
    const expires = toNumber(p.data.data.expires_in);
    this.knownToken = p.data.data.token;
    return { token: p.data.data.token, ...(expires !== null ? { expiresInSeconds: expires } : {}) };
  }

  /** Authenticates now (dropping any cached token): the live credential check of F-10. */
  async authenticate(): Promise<void> {
    await this.auth.authenticate();
  }

  private async listPage(path: string, query: Record<string, string | number | readonly string[] | undefined>, routeClass: string | undefined, signal?: AbortSignal): Promise<FetchedPage> {
    const res = await this.http.request({ path, query, ...(routeClass ? { routeClass } : {}), ...(signal ? { signal } : {}) });
    const env = personioListEnvelopeSchema.safeParse(res.body);
    if (!env.success) {
      throw new HttpError('invalid_response', `GET ${path} answered with an unexpected envelope`, { method: 'GET', path, status: res.status, attempts: res.attempts, maybeCommitted: false });
    }
    return {
      rows: env.data.data,
      total: env.data.metadata?.total_elements ?? null,
      limit: env.data.limit ?? null,
    };
  }

  /** One page of `GET /v1/company/employees`; `offset` is a RECORD offset, `limit` ≤ 100 (§2). */
  employeesPage(opts: { offset: number; limit: number; updatedSince?: Date; attributes?: readonly string[]; signal?: AbortSignal }): Promise<FetchedPage> {
    return this.listPage(
      '/v1/company/employees',
      {
        limit: opts.limit,
        offset: opts.offset,
        updated_since: opts.updatedSince ? formatUpdatedSince(opts.updatedSince) : undefined,
        'attributes[]': opts.attributes && opts.attributes.length ? opts.attributes : undefined,
      },
      'employees',
      opts.signal,
    );
  }

  /** The raw row of one employee, or null when Personio does not know the id. */
  async employee(id: number | string, signal?: AbortSignal): Promise<unknown> {
    try {
      const res = await this.http.request<{ data?: unknown }>({ path: `/v1/company/employees/${encodeURIComponent(String(id))}`, routeClass: 'employees', ...(signal ? { signal } : {}) });
      return res.body?.data ?? null;
    } catch (err) {
      if (err instanceof HttpError && err.code === 'not_found') return null;
      throw err;
    }
  }

  /** `GET /v1/company/employees/attributes`: every attribute the credential may read, custom ones with their labels and list options. */
  async employeeAttributes(signal?: AbortSignal): Promise<unknown[]> {
    const res = await this.http.request({ path: '/v1/company/employees/attributes', ...(signal ? { signal } : {}) });
    const p = personioAttributeListSchema.safeParse(res.body);
    if (!p.success) throw new HttpError('invalid_response', 'GET /v1/company/employees/attributes answered with an unexpected envelope', { method: 'GET', path: '/v1/company/employees/attributes', status: res.status, attempts: res.attempts, maybeCommitted: false });
    return p.data.data;
  }

  // ── v2 absences (F-22): types, periods by window (cursor), per-day breakdowns ──

  /**
   * Types whose unit the last `absenceTypesV2` could not tell (id → name): not offered for mapping, their
   * absences are skipped as `unknown_unit`.
   */
  unknownUnitAbsenceTypes = new Map<string, string>();

  /** `GET /v2/absence-types`, every page (no `limit`: documented for the period lists only); unparseable rows are dropped, types of unknown unit set aside. */
  async absenceTypesV2(signal?: AbortSignal): Promise<ExternalAbsenceType[]> {
    const out: ExternalAbsenceType[] = [];
    const unknown = new Map<string, string>();
    for await (const raw of pageByNextLink<unknown>({ http: this.v2(), path: '/v2/absence-types', idOf: (r) => String((r as { id?: unknown })?.id), ...(signal ? { signal } : {}) })) {
      const t = mapAbsenceType(raw);
      if (t) out.push(t);
      else {
        const u = unknownUnitType(raw);
        if (u) unknown.set(u.id, u.name);
      }
    }
    this.unknownUnitAbsenceTypes = unknown;
    return out;
  }

  /**
   * `GET /v2/absence-periods` overlapping [from, to]: starts on or before `to`, ends on or after `from`
   * (local date-times, never a trailing `Z`: §B1), following `_meta.links.next.href`.
   */
  async *absencePeriodsV2(window: { from: string; to: string; personIds?: readonly string[] }, signal?: AbortSignal): AsyncGenerator<ExternalAbsence | { unparsed: unknown }> {
    const query: Record<string, string | number | string[]> = { limit: 100, 'starts_from.date_time.lte': `${window.to}T23:59:59`, 'ends_at.date_time.gte': `${window.from}T00:00:00` };
    if (window.personIds?.length) query['person.id'] = [...window.personIds];
    for await (const raw of pageByNextLink<unknown>({ http: this.v2(), path: '/v2/absence-periods', query, idOf: (r) => String((r as { id?: unknown })?.id), ...(signal ? { signal } : {}) })) {
      yield mapAbsencePeriod(raw) ?? { unparsed: raw };
    }
  }

  /** Breakdown rows that did not parse (an unknown unit): not used, counted. */
  unparsedBreakdowns = 0;

  /** `GET /v2/absence-periods/{id}/breakdowns`: the per-day amounts (DAY or HOUR units; MINUTE(S) as hours). No `limit`: not documented here. */
  async absenceBreakdownsV2(id: string, signal?: AbortSignal): Promise<ExternalAbsenceDay[]> {
    const out: ExternalAbsenceDay[] = [];
    for await (const raw of pageByNextLink<unknown>({ http: this.v2(), path: `/v2/absence-periods/${encodeURIComponent(id)}/breakdowns`, idOf: (r) => String((r as { date?: unknown })?.date), ...(signal ? { signal } : {}) })) {
      const d = mapBreakdown(raw);
      if (d) out.push(d);
      else this.unparsedBreakdowns++;
    }
    return out;
  }

  async timeOffTypes(signal?: AbortSignal): Promise<PersonioTimeOffType[]> {
    const res = await this.http.request({ path: '/v1/company/time-off-types', query: { limit: 200, offset: 0 }, ...(signal ? { signal } : {}) });
    const env = personioAttributeListSchema.safeParse(res.body);
    if (!env.success) return [];
    return env.data.data.flatMap((row) => {
      const p = personioTimeOffTypeSchema.safeParse(row);
      if (!p.success) return [];
      const a = p.data.attributes;
      return [{ id: a.id, name: a.name, category: a.category ?? null, unit: a.unit ?? null }];
    });
  }

  /**
   * Whether the credential holds `right`, by the cheapest request that needs it: employees on v1,
   * attendances and absences on v2 (§3: v1 attendances are gone). The write right is probed with a
   * PATCH of a period that cannot exist: with the right Personio answers 404, without it 403 —
   * nothing is ever written. A probe that is answered, but not as the endpoint would (404 from a
   * list, 405…), says the endpoint is not offered at this address: not a missing right, not an
   * unreachable host.
   */
  async checkRight(right: PersonioRight, signal?: AbortSignal): Promise<PersonioRightCheck> {
    const s = signal ? { signal } : {};
    try {
      switch (right) {
        case 'employees:read':
          await this.http.request({ path: '/v1/company/employees', query: { limit: 1, offset: 0, 'attributes[]': ['id'] }, routeClass: 'employees', ...s });
          break;
        case 'attendances:read':
          // A 400/422 refuses the probe's query, not the credential: the route and the right are there.
          await this.v2().request({ path: '/v2/attendance-periods', query: { limit: 1 }, acceptStatuses: [400, 422], ...s });
          break;
        case 'attendances:write': {
          const res = await this.v2().request({ method: 'PATCH', path: '/v2/attendance-periods/00000000-0000-4000-8000-000000000000', json: {}, acceptStatuses: [400, 404, 422], ...s });
          // 404 carrying a v2 not-found of the record is "no such period" (the right is there); a missing route is not.
          if (res.status === 404 && isPersonioV2RouteMissing(res.body)) return { ok: false, reason: 'endpoint_unavailable', status: 404 };
          break;
        }
        case 'absences:read':
          await this.v2().request({ path: '/v2/absence-periods', query: { limit: 1 }, acceptStatuses: [400, 422], ...s });
          break;
      }
      return { ok: true };
    } catch (err) {
      if (right === 'employees:read' ? isPersonioMissingRight(err) : err instanceof HttpError && err.code === 'forbidden') return { ok: false, reason: 'missing_right' };
      if (err instanceof HttpError && (err.code === 'not_found' || err.code === 'client_error')) return { ok: false, reason: 'endpoint_unavailable', status: err.status };
      throw err;
    }
  }

  /** `checkRight` as a yes/no; an unavailable endpoint counts as "no". */
  async hasRight(right: PersonioRight, signal?: AbortSignal): Promise<boolean> {
    return (await this.checkRight(right, signal)).ok;
  }
}

/** The text of a v2 error (`{errors:[{title, detail}]}`, nmbrs-rest-and-personio-time.md §B2), for error messages. */
export function personioV2ErrorMessage(body: unknown): string | null {
  const errors = (body as { errors?: Array<{ title?: unknown; detail?: unknown }> } | null)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (!first) return personioErrorMessage(body);
  return [first.title, first.detail].filter((x) => typeof x === 'string' && x).join(': ') || null;
}

/**
 * A 404 that says the route itself is missing at this address (not "no such record"): a body that is not
 * the v2 error shape, or a v2 error of type `apinot_found` / detail "The endpoint with … was not found"
 * ([REF-B] §B2). Any other v2 404 (`common.requested_resource_not_found` of [CC2], or a resource-specific
 * type) means the route exists and the record does not ([CC2] NotFoundResponse: "deleted or never existed").
 */
export function isPersonioV2RouteMissing(body: unknown): boolean {
  const errors = (body as { errors?: Array<{ type?: unknown; detail?: unknown }> } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return true;
  return errors.some((e) => (typeof e.type === 'string' && /apinot_found/i.test(e.type)) || (typeof e.detail === 'string' && /endpoint .* was not found/i.test(e.detail)));
}
