import type { Logger } from '../../../platform/log/logger.ts';
import { OAuth2Auth } from '../../kit/auth/oauth2.ts';
import { refreshAtTokenEndpoint } from '../../kit/auth/token-endpoint.ts';
import type { OAuthTokens, TokenStore } from '../../kit/auth/token-store.ts';
import { HttpClient, HttpError, type HttpMetrics, type RateLimitConfig, type RetryPolicy } from '../../kit/http-client.ts';
import { pageByNumber } from '../../kit/paging/page-number.ts';
import {
  type LoketMessage,
  type LoketResource,
  loketAccept,
  loketAdministrationPeriodDataSchema,
  loketAdministrationSchema,
  loketCitizenServiceNumberSchema,
  loketComponentSchema,
  loketDepartmentSchema,
  loketOrganizationalEntitySchema,
  loketEmployerSchema,
  loketEmploymentSchema,
  loketMessageSchema,
  loketMetadataFieldSchema,
  loketPeriodDataSchema,
  loketPeriodSchema,
  loketTokenAnswerSchema,
  loketVersionRowSchema,
  loketWorkingHoursSchema,
} from './loket.schemas.ts';

/**
 * Loket.nl REST v2 on the kit transport (issue 11; reference §C):
 * - every request carries the resource version Koppel was built against
 *   (`Accept: application/json;version=…`, per endpoint, LOKET_VERSIONS);
 * - OAuth2 with ROTATING refresh tokens: the kit's OAuth2Auth refreshes under the TokenStore's lock,
 *   re-reads the stored pair first (another process may have rotated it), and stores the new pair
 *   before using it; a refused refresh marks the credential "reconnect needed";
 * - lists are paged by page number in the `_embedded` envelope (kit/paging/page-number.ts);
 * - the user name, password and environment code of the seed's form are used once, by
 *   `loketPasswordGrant`, and never stored: only the tokens are.
 */

export interface LoketEndpoints {
  /** API base, e.g. `https://api.loket.nl/v2` (acceptance: `https://api.loket-acc.nl/v2`). */
  apiUrl: string;
  /** Token URL, e.g. `https://oauth.loket.nl/token` (acceptance: `https://oauth.loket-acc.nl/token`). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface LoketClientConfig extends LoketEndpoints {
  /** Where the rotating token pair lives (the DB-backed store in the product; MemoryTokenStore in tests). */
  tokenStore: TokenStore<OAuthTokens>;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Loket publishes no rate limit; a modest default keeps a sync polite. `false`: none. */
  rateLimit?: false | RateLimitConfig;
  logger?: Logger;
  now?: () => number;
  /** The outbound guard's check and fetch (kit guardedTransport) for a user-supplied address. */
  urlGuard?: (url: URL) => Promise<void>;
  fetch?: typeof fetch;
}

export const LOKET_PRODUCTION: Pick<LoketEndpoints, 'apiUrl' | 'tokenUrl'> = { apiUrl: 'https://api.loket.nl/v2', tokenUrl: 'https://oauth.loket.nl/token' };
export const LOKET_ACCEPTANCE: Pick<LoketEndpoints, 'apiUrl' | 'tokenUrl'> = { apiUrl: 'https://api.loket-acc.nl/v2', tokenUrl: 'https://oauth.loket-acc.nl/token' };

/** The `messages[]` of an error or a multi-item answer, or `message` of a 401/403, as one line. */
export function loketErrorText(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { messages?: unknown; message?: unknown };
  if (Array.isArray(b.messages) && b.messages.length > 0) {
    return b.messages
      .map((m) => loketMessageSchema.safeParse(m))
      .filter((r) => r.success)
      .map((r) => `${r.data.type ?? 'Message'} ${r.data.code ?? ''}: ${r.data.description ?? ''}`.trim())
      .join('; ');
  }
  return typeof b.message === 'string' ? b.message : null;
}

export function loketMessagesOf(body: unknown): LoketMessage[] {
  const list = body && typeof body === 'object' ? (body as { messages?: unknown }).messages : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m) => {
    const r = loketMessageSchema.safeParse(m);
    return r.success ? [r.data] : [];
  });
}

/**
 * `grant_type=password` (Loket enables it by exception; the seed's connect form): the user name and
 * password buy one token pair and are then forgotten. Throws HttpError `unauthorized` for a refused
 * client and a ReconnectNeeded-free `client_error` with code `invalid_grant` for wrong user data.
 */
export async function loketPasswordGrant(
  ep: LoketEndpoints & { username: string; password: string; now?: () => number; timeoutMs?: number; urlGuard?: (url: URL) => Promise<void>; fetch?: typeof fetch },
): Promise<OAuthTokens> {
  return loketTokenGrant(ep, 2, { grant_type: 'password', username: ep.username, password: ep.password });
}

/**
 * The token URL that belongs to an API base URL: Loket's production and acceptance pairs, otherwise
 * `/token` on the API's host (the emulator, a stand-in).
 */
export function loketTokenUrlFor(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, '');
  if (trimmed === LOKET_PRODUCTION.apiUrl) return LOKET_PRODUCTION.tokenUrl;
  if (trimmed === LOKET_ACCEPTANCE.apiUrl) return LOKET_ACCEPTANCE.tokenUrl;
  return `${new URL(apiUrl).origin}/token`;
}

/** Loket's login page (authorization code) for an API base URL: production, acceptance, else `/authorize` on the API's host. */
export function loketAuthorizeUrlFor(apiUrl: string): string {
  return loketTokenUrlFor(apiUrl).replace(/\/token$/, '/authorize');
}

/** One POST to Loket's token endpoint (any grant): the client's id and secret added, the answer turned into a token pair. */
async function loketTokenGrant(
  ep: LoketEndpoints & { now?: () => number; timeoutMs?: number; urlGuard?: (url: URL) => Promise<void>; fetch?: typeof fetch },
  maxAttempts: number,
  grant: Record<string, string>,
): Promise<OAuthTokens> {
  const http = new HttpClient({
    baseUrl: ep.apiUrl,
    timeoutMs: ep.timeoutMs ?? 30_000,
    retry: { maxAttempts },
    ...(ep.urlGuard ? { urlGuard: ep.urlGuard } : {}),
    ...(ep.fetch ? { fetch: ep.fetch } : {}),
    errorMessageOf: (b) => (b && typeof b === 'object' && 'error' in b ? String((b as { error: unknown }).error) : null),
  });
  const res = await http.request<unknown>({ method: 'POST', url: ep.tokenUrl, auth: false, form: { ...grant, client_id: ep.clientId, client_secret: ep.clientSecret } });
  const a = loketTokenAnswerSchema.parse(res.body);
  return { accessToken: a.access_token, refreshToken: a.refresh_token, expiresAt: (ep.now ?? Date.now)() + (a.expires_in ?? 3599) * 1000 };
}

export class LoketClient {
  readonly http: HttpClient;
  readonly auth: OAuth2Auth<OAuthTokens>;
  private readonly config: LoketClientConfig;

  constructor(config: LoketClientConfig) {
    this.config = config;
    let http: HttpClient | undefined;
    this.auth = new OAuth2Auth({
      store: config.tokenStore,
      refresh: (current) => refreshAtTokenEndpoint({ http: http!, tokenUrl: config.tokenUrl, clientId: config.clientId, clientSecret: config.clientSecret, routeClass: 'token', ...(config.now ? { now: config.now } : {}) }, current.refreshToken),
      ...(config.now ? { now: config.now } : {}),
    });
    http = new HttpClient({
      baseUrl: config.apiUrl,
      timeoutMs: config.timeoutMs ?? 30_000,
      ...(config.retry ? { retry: config.retry } : {}),
      auth: this.auth,
      accept: loketAccept('employers'),
      errorMessageOf: loketErrorText,
      rateLimits: config.rateLimit === false ? {} : (config.rateLimit ?? { '*': { capacity: 10, refillPerSecond: 10 } }),
      ...(config.logger ? { logger: config.logger } : {}),
      ...(config.now ? { now: config.now } : {}),
      ...(config.urlGuard ? { urlGuard: config.urlGuard } : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
    this.http = http;
  }

  metrics(): HttpMetrics {
    return this.http.metrics();
  }

  private list<T>(resource: LoketResource, path: string, parse: (raw: unknown) => T, idOf: (t: T) => string, opts: { pageSize?: number; signal?: AbortSignal; onProgress?: (read: number, total?: number) => void } = {}) {
    return pageByNumber<T>({
      http: this.http,
      path,
      request: { accept: loketAccept(resource) },
      pageSize: opts.pageSize ?? 250,
      parse,
      idOf,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  }

  employers(opts: { signal?: AbortSignal } = {}) {
    return this.list('employers', '/providers/employers', (r) => loketEmployerSchema.parse(r), (e) => e.id, opts);
  }

  /** Raw rows (the connector maps and validates them itself, so one broken row does not end the listing). */
  employeeRows(employerId: string, opts: { pageSize?: number; signal?: AbortSignal } = {}) {
    return this.list('employees', `/providers/employers/${encodeURIComponent(employerId)}/employees`, (r) => r, (r) => rowId(r), opts);
  }

  employments(employerId: string, opts: { pageSize?: number; signal?: AbortSignal } = {}) {
    return this.list('employments', `/providers/employers/${encodeURIComponent(employerId)}/employees/employments`, (r) => loketEmploymentSchema.parse(r), (m) => m.id, opts);
  }

  departments(employerId: string, opts: { signal?: AbortSignal } = {}) {
    return this.list('departments', `/providers/employers/${encodeURIComponent(employerId)}/departments`, (r) => loketDepartmentSchema.parse(r), (d) => d.id, opts);
  }

  /** Per employment of an employer, its actual organizational entity (department, distribution unit). */
  organizationalEntities(employerId: string, opts: { pageSize?: number; signal?: AbortSignal } = {}) {
    return this.list('organizationalEntities', `/providers/employers/${encodeURIComponent(employerId)}/actualorganizationalentities`, (r) => loketOrganizationalEntitySchema.parse(r), (o) => o.employmentId, opts);
  }

  /**
   * Per employment of an employer, its actual working hours (GetActualWorkingHoursByEmployerId). Throws HttpError
   * `forbidden` without that right (the connector then leaves the hours unknown).
   */
  workingHours(employerId: string, opts: { pageSize?: number; signal?: AbortSignal } = {}) {
    return this.list('workingHours', `/providers/employers/${encodeURIComponent(employerId)}/actualworkinghours`, (r) => loketWorkingHoursSchema.parse(r), (w) => w.employmentId, opts);
  }

  payrollAdministrations(employerId: string) {
    return this.list('payrollAdministrations', `/providers/employers/${encodeURIComponent(employerId)}/payrolladministrations`, (r) => loketAdministrationSchema.parse(r), (a) => a.id);
  }

  payrollPeriods(payrollAdministrationId: string) {
    return this.list('payrollPeriods', `/providers/employers/payrolladministrations/${encodeURIComponent(payrollAdministrationId)}/payrollperiods`, (r) => loketPeriodSchema.parse(r), (p) => String(p.id));
  }

  payrollComponents(payrollAdministrationId: string, year: number) {
    return this.list('payrollComponents', `/providers/employers/payrolladministrations/${encodeURIComponent(payrollAdministrationId)}/payrollcomponents/year/${year}`, (r) => loketComponentSchema.parse(r), (c) => String(c.key));
  }

  payrollPeriodData(employmentId: string, opts: { signal?: AbortSignal } = {}) {
    return this.list('payrollPeriodData', `/providers/employers/employees/employments/${encodeURIComponent(employmentId)}/payrollperioddata`, (r) => loketPeriodDataSchema.parse(r), (d) => d.id, opts);
  }

  /** One payroll period's data of a whole administration (`payslipType` 1 = the normal payslip): one paged read instead of one per employment. */
  administrationPeriodData(payrollAdministrationId: string, payrollPeriodId: number, opts: { signal?: AbortSignal; payslipType?: number } = {}) {
    let n = 0;
    return pageByNumber({
      http: this.http,
      path: `/providers/employers/payrolladministrations/${encodeURIComponent(payrollAdministrationId)}/payrollPeriods/${payrollPeriodId}/payrollperioddata`,
      query: { payslipType: opts.payslipType ?? 1 },
      request: { accept: loketAccept('payrollPeriodData') },
      pageSize: 250,
      parse: (r) => loketAdministrationPeriodDataSchema.parse(r),
      // Rows carry no id of their own; the position within the listing is stable while nothing is written.
      idOf: () => String(++n),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /**
   * The possible values of the payroll period data fields of type 'metadata' (the PATCH URL + `/metadata`, as
   * Loket's description documents for every such endpoint): cost centers (kostenplaatsen) and distribution units
   * (verdelingseenheden) of the employment's payroll administration. Fields Koppel does not know are ignored.
   */
  async payrollPeriodDataMetadata(employmentId: string, signal?: AbortSignal) {
    const fields = new Map<string, ReturnType<typeof loketMetadataFieldSchema.parse>['options']>();
    for await (const f of pageByNumber({
      http: this.http,
      path: `/providers/employers/employees/employments/${encodeURIComponent(employmentId)}/payrollperioddata/metadata`,
      request: { accept: loketAccept('payrollPeriodData') },
      pageSize: 250,
      parse: (r) => loketMetadataFieldSchema.parse(r),
      idOf: (f) => f.field,
      ...(signal ? { signal } : {}),
    })) fields.set(f.field, f.options);
    const label = (o: { value?: string | null | undefined; description?: string | null | undefined }) => o.value ?? o.description ?? null;
    return {
      costCenters: (fields.get('costCenter') ?? []).flatMap((o) => (typeof o.key === 'number' ? [{ key: o.key, code: o.code == null ? null : String(o.code), description: label(o) }] : [])),
      distributionUnits: (fields.get('distributionUnit') ?? []).flatMap((o) => (typeof o.key === 'string' ? [{ key: o.key.toLowerCase(), code: o.code == null ? null : String(o.code), description: label(o) }] : [])),
    };
  }

  /**
   * Last-modified version numbers (Loket's way to find changes: a sequence over every change of static
   * employment data, payroll period data excluded), only those above `gt` when given.
   */
  employerVersions(gt?: number) {
    return this.versions('/providers/employers/lastmodifiedversionnumbers', gt);
  }

  employmentVersions(employerId: string, gt?: number) {
    return this.versions(`/providers/employers/${encodeURIComponent(employerId)}/employees/employments/lastmodifiedversionnumbers`, gt);
  }

  private versions(path: string, gt?: number) {
    return pageByNumber({
      http: this.http,
      path,
      query: gt === undefined ? {} : { filter: `lastModifiedVersionNumber gt ${gt}` },
      request: { accept: loketAccept('employers') },
      pageSize: 250,
      parse: (r) => loketVersionRowSchema.parse(r),
      idOf: (r) => r.id,
    });
  }

  /** The BSN behind its own right: `{ right: false }` on 403 (that call only; the rest of the listing goes on). */
  async citizenServiceNumber(employeeId: string, signal?: AbortSignal): Promise<{ right: true; bsn: string | null } | { right: false }> {
    try {
      const res = await this.http.request<unknown>({
        path: `/providers/employers/employees/${encodeURIComponent(employeeId)}/citizenservicenumber`,
        accept: loketAccept('citizenServiceNumber'),
        ...(signal ? { signal } : {}),
      });
      return { right: true, bsn: loketCitizenServiceNumberSchema.parse(res.body).content.citizenServiceNumber ?? null };
    } catch (err) {
      if (err instanceof HttpError && err.code === 'forbidden') return { right: false };
      throw err;
    }
  }

  /**
   * `PATCH …/employments/{id}/payrollperioddata`: upsert of one period's data for one shift and
   * distribution unit (components sent overwrite, omitted stay, `value: null` deletes). Answers the
   * messages of a 200 (warnings) — a 400 throws HttpError with the messages in its body.
   */
  async patchPayrollPeriodData(employmentId: string, body: unknown): Promise<LoketMessage[]> {
    const res = await this.http.request<unknown>({
      method: 'PATCH',
      path: `/providers/employers/employees/employments/${encodeURIComponent(employmentId)}/payrollperioddata`,
      accept: loketAccept('payrollPeriodData'),
      json: body,
      idempotent: true,
    });
    return loketMessagesOf(res.body);
  }
}

let idless = 0;
/** A row's id for the pager's de-duplication; a row without one gets a unique stand-in (the mapper reports it). */
function rowId(raw: unknown): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id ? id : `\u0000idless-${++idless}`;
}
