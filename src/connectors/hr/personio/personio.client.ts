import type { Logger } from '../../../platform/log/logger.ts';
import type { InvalidExternalRow } from '../../kit/hr-connector.ts';
import { ClientCredentialsAuth } from '../../kit/auth/client-credentials.ts';
import type { IssuedToken } from '../../kit/auth/token-cache.ts';
import {
  HttpClient,
  HttpError,
  type HttpEvent,
  type HttpMetrics,
  type RateLimitConfig,
  type RetryPolicy,
  type Sleep,
  type TokenBucketConfig,
} from '../../kit/http-client.ts';
import { pageByRecordOffset, type FetchedPage } from '../../kit/paging/record-offset.ts';
import {
  personioAttendanceBatchErrorSchema,
  personioAttendanceCreatedSchema,
  personioAttendanceSchema,
  personioAttributeListSchema,
  personioAuthResponseSchema,
  personioErrorSchema,
  personioIdSchema,
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
  employees: TokenBucketConfig;
}

/**
 * The documented limits as token buckets. A bucket admits `capacity + rate·W` in any window W, so
 * each is sized to stay under Personio's sliding windows (§2):
 * - 2000/min per IP: 30 + 32·60 = 1950;
 * - auth 60/min (then a 60 s lock-out, so never touch it): 5 + 0.9·60 = 59;
 * - employees 300/min with bursts ≤ 15/s: 10 + 4.8·60 = 298 per minute, 10 + 4.8 = 14.8 per second.
 * The employee list is therefore bound by ~288 pages a minute, 98 % of what Personio allows.
 */
export const PERSONIO_RATE_LIMITS: PersonioRateLimits = {
  global: { capacity: 30, refillPerSecond: 32 },
  auth: { capacity: 5, refillPerSecond: 0.9 },
  employees: { capacity: 10, refillPerSecond: 4.8 },
};

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

/** The vendor rights a Koppel integration needs (PRODUCT F-10), in the emulator's/Personio's words. */
export type PersonioRight = 'employees:read' | 'attendances:read' | 'attendances:write' | 'absences:read';
export const PERSONIO_REQUIRED_RIGHTS: readonly PersonioRight[] = ['employees:read', 'attendances:read', 'attendances:write', 'absences:read'];

export interface PersonioAttendance {
  id: number;
  employeeId: number;
  date: string;
  startTime: string;
  endTime: string | null;
  breakMinutes: number;
  comment: string;
  status: 'confirmed' | 'pending' | 'rejected' | null;
  projectId: number | null;
  updatedAt: string | null;
}

export interface PersonioAttendanceInput {
  employee: number;
  date: string;
  start_time: string;
  end_time: string;
  break: number;
  comment?: string;
  project_id?: number | null;
}

/**
 * Outcome of a batch insert. Personio commits the good rows of a failing batch (§3), so a failure
 * still carries ids: `rows[i]` answers `input[i]`.
 */
export type PersonioAttendanceBatchResult =
  | { ok: true; ids: number[] }
  | { ok: false; message: string; rows: Array<{ success: boolean; id: number | null; error: string | null }> };

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
        return m ? m[1]! : null;
      },
    });
    this.http = new HttpClient({
      baseUrl: config.baseUrl ?? PERSONIO_DEFAULT_BASE_URL,
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      ...(config.retry ? { retry: config.retry } : {}),
      auth: this.auth,
      isTokenRejected: isPersonioTokenRejected,
      errorMessageOf: personioErrorMessage,
      rateLimits: limits,
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
    return { ...this.http.metrics(), tokensIssued: this.auth.issued };
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

  /**
   * Attendances in a date range (both inclusive, §3), every page. Rows that do not parse are
   * reported through `onInvalidRow` (after a re-read of their page) instead of failing the walk.
   */
  attendances(opts: {
    startDate: string;
    endDate: string;
    updatedFrom?: string;
    updatedTo?: string;
    employees?: readonly number[];
    includePending?: boolean;
    pageSize?: number;
    onInvalidRow?: (row: InvalidExternalRow) => void;
    signal?: AbortSignal;
  }): AsyncGenerator<PersonioAttendance, void, undefined> {
    return pageByRecordOffset<PersonioAttendance>({
      pageSize: opts.pageSize ?? 200,
      fetchPage: (offset, limit) =>
        this.listPage(
          '/v1/company/attendances',
          {
            start_date: opts.startDate,
            end_date: opts.endDate,
            updated_from: opts.updatedFrom,
            updated_to: opts.updatedTo,
            includePending: opts.includePending ? 'true' : undefined,
            'employees[]': opts.employees?.length ? opts.employees.map(String) : undefined,
            limit,
            offset,
          },
          undefined,
          opts.signal,
        ),
      parseRow: (row) => {
        const p = personioAttendanceSchema.safeParse(row);
        if (!p.success) {
          const id = personioIdSchema.safeParse((row as { id?: unknown } | null)?.id);
          const issue = p.error.issues[0];
          const error = `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}`;
          return id.success ? { ok: false, externalId: String(id.data), error } : { ok: false, error };
        }
        const a = p.data.attributes;
        return {
          ok: true,
          id: String(p.data.id),
          problems: 0,
          value: {
            id: p.data.id,
            employeeId: a.employee,
            date: a.date,
            startTime: a.start_time.slice(0, 5),
            endTime: a.end_time ? a.end_time.slice(0, 5) : null,
            breakMinutes: a.break,
            comment: a.comment ?? '',
            status: a.status ?? null,
            projectId: a.project?.id ?? null,
            updatedAt: a.updated_at ?? null,
          },
        };
      },
      ...(opts.onInvalidRow ? { onInvalidRow: opts.onInvalidRow } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /**
   * `POST /v1/company/attendances`. Not retried after it may have reached Personio (a timeout or 5xx
   * throws an HttpError with `maybeCommitted`): re-sending could duplicate or hit the overlap error,
   * so the caller reads the range back first (§3, pitfall 7).
   */
  async createAttendances(rows: readonly PersonioAttendanceInput[], opts: { skipApproval?: boolean; signal?: AbortSignal } = {}): Promise<PersonioAttendanceBatchResult> {
    const res = await this.http.request({
      method: 'POST',
      path: '/v1/company/attendances',
      json: { attendances: rows, skip_approval: opts.skipApproval ?? true },
      acceptStatuses: [400],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.status === 200) {
      const ok = personioAttendanceCreatedSchema.safeParse(res.body);
      if (ok.success) return { ok: true, ids: ok.data.data.id };
    }
    const partial = personioAttendanceBatchErrorSchema.safeParse(res.body);
    if (partial.success) {
      return {
        ok: false,
        message: partial.data.error.message ?? 'attendance batch failed',
        rows: partial.data.error.detailed_message.map((r) => ({ success: r.success, id: r.id ?? null, error: r.error_msg ?? null })),
      };
    }
    throw new HttpError(res.status === 400 ? 'client_error' : 'invalid_response', `POST /v1/company/attendances answered HTTP ${res.status}: ${personioErrorMessage(res.body) ?? 'unexpected body'}`, {
      method: 'POST',
      path: '/v1/company/attendances',
      status: res.status,
      attempts: res.attempts,
      maybeCommitted: false,
    }, res.body);
  }

  /** `PATCH /v1/company/attendances/{id}` (absolute values, so a retry is harmless). */
  async updateAttendance(id: number, patch: Partial<Omit<PersonioAttendanceInput, 'employee'>> & { skip_approval?: boolean }, signal?: AbortSignal): Promise<'updated' | 'not_found'> {
    try {
      await this.http.request({ method: 'PATCH', path: `/v1/company/attendances/${id}`, json: patch, ...(signal ? { signal } : {}) });
      return 'updated';
    } catch (err) {
      if (err instanceof HttpError && err.code === 'not_found') return 'not_found';
      throw err;
    }
  }

  /** `DELETE /v1/company/attendances/{id}`; a repeat after a lost answer sees 404, which is the same end state. */
  async deleteAttendance(id: number, signal?: AbortSignal): Promise<'deleted' | 'not_found'> {
    try {
      await this.http.request({ method: 'DELETE', path: `/v1/company/attendances/${id}`, ...(signal ? { signal } : {}) });
      return 'deleted';
    } catch (err) {
      if (err instanceof HttpError && err.code === 'not_found') return 'not_found';
      throw err;
    }
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
   * Whether the credential holds `right`, by the cheapest request that needs it. The write right is
   * probed with a PATCH of attendance 0, which cannot exist: with the right Personio answers 404,
   * without it 403 code 0 — nothing is ever written.
   */
  async hasRight(right: PersonioRight, signal?: AbortSignal): Promise<boolean> {
    const today = new Date().toISOString().slice(0, 10);
    const probe = (): Promise<unknown> => {
      const s = signal ? { signal } : {};
      switch (right) {
        case 'employees:read':
          return this.http.request({ path: '/v1/company/employees', query: { limit: 1, offset: 0, 'attributes[]': ['id'] }, routeClass: 'employees', ...s });
        case 'attendances:read':
          return this.http.request({ path: '/v1/company/attendances', query: { start_date: today, end_date: today, limit: 1, offset: 0 }, ...s });
        case 'attendances:write':
          return this.http.request({ method: 'PATCH', path: '/v1/company/attendances/0', json: {}, acceptStatuses: [400, 404, 422], ...s });
        case 'absences:read':
          return this.http.request({ path: '/v1/company/time-off-types', query: { limit: 1, offset: 0 }, ...s });
      }
    };
    try {
      await probe();
      return true;
    } catch (err) {
      if (isPersonioMissingRight(err)) return false;
      throw err;
    }
  }
}
