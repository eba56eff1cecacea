import type { Logger } from '../../../platform/log/logger.ts';
import { OAuth2Auth } from '../../kit/auth/oauth2.ts';
import { combineAuth } from '../../kit/auth/request-auth.ts';
import { apiKeyAuth } from '../../kit/auth/static-auth.ts';
import { refreshAtTokenEndpoint } from '../../kit/auth/token-endpoint.ts';
import type { OAuthTokens, TokenStore } from '../../kit/auth/token-store.ts';
import { HttpClient, HttpError, type AdaptiveConfig, type HttpEvent, type HttpMetrics, type RateLimitConfig, type RetryPolicy, type Sleep, type TokenBucketConfig } from '../../kit/http-client.ts';
import { pageByNumber } from '../../kit/paging/page-number.ts';
import { collectBulk } from './nmbrs.mappers.ts';
import {
  NMBRS_COLLECTIONS,
  nmbrsCompanySchema,
  nmbrsCostCenterSchema,
  nmbrsDebtorSchema,
  nmbrsDepartmentSchema,
  nmbrsErrorSchema,
  nmbrsFunctionSchema,
  nmbrsGatewayErrorSchema,
  nmbrsHourCodeSchema,
  nmbrsPeriodSchema,
  variableHourSchema,
  type NmbrsCollection,
  type NmbrsCompany,
  type NmbrsHourCode,
  type NmbrsPeriod,
  type NmbrsVariableHour,
} from './nmbrs.schemas.ts';
import type { z } from 'zod';

/**
 * Nmbrs REST over the kit transport (facts: test/fixtures/specs/nmbrs/nmbrs-rest-facts.md):
 * every call carries `X-Subscription-Key` and an OAuth2 bearer token; the token is refreshed at the
 * identity service through the kit's TokenStore under its lock, storing the new (rotating) refresh
 * token before it is used; lists are walked by page number, treating `nextPage` null and "" alike.
 * Nmbrs publishes no rate limit: a modest client-side bucket, and the transport backs off on 429s.
 */

export const NMBRS_DEFAULT_BASE_URL = 'https://api.nmbrsapp.com';
export const NMBRS_DEFAULT_IDENTITY_URL = 'https://identityservice.nmbrs.com';
/** What Koppel asks for at consent: reading people, organisation and payroll settings, writing hours, and a refresh token. */
export const NMBRS_SCOPES = ['company.info.read', 'company.payrollsettings.read', 'employee.info.read', 'employee.orgstructure.read', 'employee.employment.read', 'employee.payment.read', 'offline_access'] as const;

export interface NmbrsClientConfig {
  baseUrl?: string;
  /** The OAuth2 identity service (token endpoint `/connect/token`). */
  identityUrl?: string;
  subscriptionKey: string;
  clientId: string;
  clientSecret: string;
  /** Where the tokens live (encrypted in the integration in production; MemoryTokenStore in tests). */
  tokens: TokenStore<OAuthTokens>;
  /** Page size of list reads (default 100; Nmbrs' maximum is not published). */
  pageSize?: number;
  /** Client-side limit (default 15 a second with a burst of 15), or false. */
  rateLimit?: TokenBucketConfig | false;
  /**
   * Where a variable-hours write puts its period, which the sources leave open: `nested` =
   * `periodDetails{period{year,period},unprotectedMode}` (BrynQ), `flat` = `periodDetails{year,period,unprotectedMode}`,
   * `auto` (default) = nested first and, when Nmbrs refuses the body itself (a 400 that is none of its
   * business refusals), flat — then whichever was accepted from there on.
   */
  periodNesting?: 'nested' | 'flat' | 'auto';
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  adaptive?: Partial<AdaptiveConfig>;
  logger?: Logger;
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  onEvent?: (event: HttpEvent) => void;
  urlGuard?: (url: URL) => Promise<void> | void;
}

/** `GET /api/companies` with a token that covers several debtors (403, title `ForbiddenMultiDebtor.`). */
export class ForbiddenMultiDebtorError extends Error {
  override readonly name = 'ForbiddenMultiDebtorError';
}

/** A refusal by Nmbrs (not the gateway), with its code (`2011`, `2001`, …) and title. */
export function nmbrsErrorOf(err: unknown): { status: number | undefined; code: string | null; title: string | null; detail: string | null } | null {
  if (!(err instanceof HttpError)) return null;
  const p = nmbrsErrorSchema.safeParse(err.body);
  if (!p.success) return { status: err.status, code: null, title: null, detail: null };
  return { status: err.status, code: p.data.code !== undefined ? String(p.data.code) : null, title: p.data.title ?? null, detail: p.data.detail ?? null };
}

/** The gateway refused the subscription key (no token refresh can help). */
export function isSubscriptionKeyRefusal(body: unknown): boolean {
  return nmbrsGatewayErrorSchema.safeParse(body).success && /subscription key/i.test((body as { message: string }).message);
}

/** Nmbrs' refusals of the data itself (hour code, period, protection, rights): never a reason to try another body shape. */
const BUSINESS_REFUSALS = new Set(['1002', '1003', '2001', '2003', '2004', '2006', '2009', '2011', '2012', '2037', '2038', '2039']);

export interface VariableHoursWrite {
  hourCode: number;
  hours: number;
  comment?: string;
  costCenterId?: string;
  period: NmbrsPeriod;
  unprotectedMode: boolean;
}

/**
 * The new component's id in a variable-hours POST answer, whose body is UNCONFIRMED: `{hourComponentId}` (what the
 * PUT carries), `{id}`, the same wrapped in `data`, or a bare GUID string. Null when the answer names none (no
 * body, 204): the sink then reads the period again.
 */
export function hourComponentIdOf(body: unknown): string | null {
  if (typeof body === 'string') {
    const t = body.trim().replace(/^"|"$/g, '');
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t) ? t : null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  for (const v of [b.hourComponentId, b.id, b.hourcomponentId]) if (typeof v === 'string' && v.trim()) return v.trim();
  return b.data !== undefined && b.data !== body ? hourComponentIdOf(b.data) : null;
}

export class NmbrsClient {
  readonly http: HttpClient;
  readonly auth: OAuth2Auth<OAuthTokens>;
  private readonly pageSize: number;
  private nesting: 'nested' | 'flat';
  private nestingKnown: boolean;

  constructor(readonly config: NmbrsClientConfig) {
    const identity = (config.identityUrl ?? NMBRS_DEFAULT_IDENTITY_URL).replace(/\/+$/, '');
    this.pageSize = config.pageSize ?? 100;
    this.nesting = config.periodNesting === 'flat' ? 'flat' : 'nested';
    this.nestingKnown = (config.periodNesting ?? 'auto') !== 'auto';
    this.auth = new OAuth2Auth({
      store: config.tokens,
      refresh: (current) => refreshAtTokenEndpoint({ http: this.http, tokenUrl: `${identity}/connect/token`, clientId: config.clientId, clientSecret: config.clientSecret, routeClass: 'token', ...(config.now ? { now: config.now } : {}) }, current.refreshToken),
      ...(config.now ? { now: config.now } : {}),
    });
    const limit: RateLimitConfig = config.rateLimit === false ? {} : { '*': config.rateLimit ?? { capacity: 15, refillPerSecond: 15 } };
    this.http = new HttpClient({
      baseUrl: config.baseUrl ?? NMBRS_DEFAULT_BASE_URL,
      auth: combineAuth(apiKeyAuth('X-Subscription-Key', config.subscriptionKey), this.auth),
      accept: 'application/json',
      rateLimits: limit,
      // A refused subscription key is not an expired token: asking the identity service again cannot help.
      isTokenRejected: (status, body) => status === 401 && !isSubscriptionKeyRefusal(body),
      errorMessageOf: (body) => {
        const e = nmbrsErrorSchema.safeParse(body);
        if (e.success && (e.data.title || e.data.detail)) return [e.data.code, e.data.title, e.data.detail].filter((x) => x !== undefined && x !== null && x !== '').join(' ');
        const g = nmbrsGatewayErrorSchema.safeParse(body);
        return g.success ? g.data.message : null;
      },
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
      ...(config.retry ? { retry: config.retry } : {}),
      ...(config.adaptive ? { adaptive: config.adaptive } : {}),
      ...(config.logger ? { logger: config.logger } : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
      ...(config.sleep ? { sleep: config.sleep } : {}),
      ...(config.now ? { now: config.now } : {}),
      ...(config.random ? { random: config.random } : {}),
      ...(config.onEvent ? { onEvent: config.onEvent } : {}),
      ...(config.urlGuard ? { urlGuard: config.urlGuard } : {}),
    });
  }

  metrics(): HttpMetrics {
    return this.http.metrics();
  }

  /** Every item of a paged list, validated. */
  async *list<S extends z.ZodType>(path: string, schema: S, idOf: (item: z.infer<S>) => string, query: Record<string, string> = {}, signal?: AbortSignal): AsyncGenerator<z.infer<S>> {
    yield* pageByNumber<z.infer<S>>({
      http: this.http,
      path,
      query,
      pageSize: this.pageSize,
      parse: (raw) => schema.parse(raw),
      idOf,
      ...(signal ? { signal } : {}),
    });
  }

  private async collect<S extends z.ZodType>(path: string, schema: S, idOf: (item: z.infer<S>) => string, query?: Record<string, string>, signal?: AbortSignal): Promise<Array<z.infer<S>>> {
    const out: Array<z.infer<S>> = [];
    for await (const x of this.list(path, schema, idOf, query, signal)) out.push(x);
    return out;
  }

  debtors(signal?: AbortSignal) {
    return this.collect('/api/debtors', nmbrsDebtorSchema, (d) => d.debtorId, {}, signal);
  }

  /** Throws ForbiddenMultiDebtorError when the token covers several debtors (then use debtorCompanies). */
  async companies(signal?: AbortSignal): Promise<NmbrsCompany[]> {
    try {
      return await this.collect('/api/companies', nmbrsCompanySchema, (c) => c.companyId, {}, signal);
    } catch (err) {
      const e = nmbrsErrorOf(err);
      if (e?.status === 403 && /ForbiddenMultiDebtor/i.test(`${e.title ?? ''} ${e.code ?? ''}`)) throw new ForbiddenMultiDebtorError('The authorization covers several debtors', { cause: err });
      throw err;
    }
  }

  debtorCompanies(debtorId: string, signal?: AbortSignal) {
    return this.collect(`/api/debtors/${encodeURIComponent(debtorId)}/companies`, nmbrsCompanySchema, (c) => c.companyId, {}, signal);
  }

  departments(debtorId: string, signal?: AbortSignal) {
    return this.collect(`/api/debtors/${encodeURIComponent(debtorId)}/departments`, nmbrsDepartmentSchema, (d) => d.departmentId, {}, signal);
  }

  functions(debtorId: string, signal?: AbortSignal) {
    return this.collect(`/api/debtors/${encodeURIComponent(debtorId)}/functions`, nmbrsFunctionSchema, (f) => f.functionId, {}, signal);
  }

  costCenters(companyId: string, signal?: AbortSignal) {
    return this.collect(`/api/companies/${encodeURIComponent(companyId)}/costcenters`, nmbrsCostCenterSchema, (c) => c.costCenterId, {}, signal);
  }

  hourCodes(companyId: string, signal?: AbortSignal): Promise<NmbrsHourCode[]> {
    return this.collect(`/api/companies/${encodeURIComponent(companyId)}/hourcodes`, nmbrsHourCodeSchema, (h) => String(h.code), {}, signal);
  }

  /**
   * `GET companies/{id}/period` read once: the company's current period and its payroll period type as Nmbrs names
   * it (`periodType`). The answer's shape is UNCONFIRMED: either part is null when it is not there in a form we know,
   * and the caller falls back (the period by date, the type as configured on the integration).
   */
  async companyPeriod(companyId: string, signal?: AbortSignal): Promise<{ current: NmbrsPeriod | null; periodType: string | null }> {
    const res = await this.http.request<unknown>({ path: `/api/companies/${encodeURIComponent(companyId)}/period`, ...(signal ? { signal } : {}) });
    const b = res.body as Record<string, unknown> | null;
    let current: NmbrsPeriod | null = null;
    for (const candidate of [b, b?.period, b?.currentPeriod, b?.data]) {
      const p = nmbrsPeriodSchema.safeParse(candidate);
      if (p.success && p.data.period >= 1 && p.data.period <= 53) {
        current = p.data;
        break;
      }
    }
    const t = b?.periodType ?? (b?.period as Record<string, unknown> | undefined)?.periodType ?? (b?.data as Record<string, unknown> | undefined)?.periodType;
    return { current, periodType: typeof t === 'string' && t.trim() ? t.trim() : null };
  }

  /** The company's current period; null when the answer has a shape we do not know. */
  async currentPeriod(companyId: string, signal?: AbortSignal): Promise<NmbrsPeriod | null> {
    return (await this.companyPeriod(companyId, signal)).current;
  }

  /** One collection of a company's bulk read: rows per employee id. */
  async bulk(companyId: string, collection: NmbrsCollection, filter: { createdFrom?: Date; employeeId?: string } = {}, signal?: AbortSignal): Promise<Map<string, Partial<Record<NmbrsCollection, unknown[]>>>> {
    const into = new Map<string, Partial<Record<NmbrsCollection, unknown[]>>>();
    const query: Record<string, string> = {};
    if (filter.createdFrom) query.createdFrom = filter.createdFrom.toISOString();
    if (filter.employeeId) query.employeeId = filter.employeeId;
    const items: unknown[] = [];
    for await (const x of pageByNumber<unknown>({
      http: this.http,
      path: `/api/companies/${encodeURIComponent(companyId)}/employees/${NMBRS_COLLECTIONS[collection].path}`,
      query,
      pageSize: this.pageSize,
      idOf: (raw) => String((raw as { employeeId?: unknown } | null)?.employeeId ?? ''),
      ...(signal ? { signal } : {}),
    })) {
      items.push(x);
    }
    collectBulk(collection, items, into);
    return into;
  }

  /** What Nmbrs holds as variable hours of an employee for a period. */
  variableHours(employeeId: string, period: NmbrsPeriod, signal?: AbortSignal): Promise<NmbrsVariableHour[]> {
    return this.collect(`/api/employees/${encodeURIComponent(employeeId)}/variablehours`, variableHourSchema, (h) => h.hourComponentId, { year: String(period.year), period: String(period.period) }, signal);
  }

  /**
   * Adds a variable-hours component (ADDITIVE, not idempotent: never retried once it may have landed).
   * Returns the new component's id when the answer names one (`hourComponentId`; the body is UNCONFIRMED), else null.
   */
  async addVariableHours(employeeId: string, w: VariableHoursWrite, signal?: AbortSignal): Promise<string | null> {
    const post = (nesting: 'nested' | 'flat') =>
      this.http.request({
        method: 'POST',
        path: `/api/employees/${encodeURIComponent(employeeId)}/variablehours`,
        json: {
          hourCode: w.hourCode,
          hours: w.hours,
          ...(w.comment ? { comment: w.comment } : {}),
          ...(w.costCenterId ? { costCenterId: w.costCenterId } : {}),
          periodDetails:
            nesting === 'nested' ? { period: { year: w.period.year, period: w.period.period }, unprotectedMode: w.unprotectedMode } : { year: w.period.year, period: w.period.period, unprotectedMode: w.unprotectedMode },
        },
        idempotent: false,
        ...(signal ? { signal } : {}),
      });
    let res: Awaited<ReturnType<typeof post>>;
    // The shape this POST tries first (parallel writers: another may learn the answer meanwhile).
    const tried = this.nesting;
    const probing = !this.nestingKnown;
    try {
      res = await post(tried);
    } catch (err) {
      // A refused body wrote nothing, so the other shape may be tried once.
      if (!probing || !(err instanceof HttpError) || err.status !== 400 || err.details.maybeCommitted || BUSINESS_REFUSALS.has(nmbrsErrorOf(err)?.code ?? '')) throw err;
      const other = tried === 'nested' ? 'flat' : 'nested';
      res = await post(other);
      this.nesting = other;
      this.nestingKnown = true;
      return hourComponentIdOf(res.body);
    }
    // Only a first-shape success settles the shape if nobody settled it meanwhile (a parallel writer's fallback wins).
    if (!this.nestingKnown) {
      this.nesting = tried;
      this.nestingKnown = true;
    }
    return hourComponentIdOf(res.body);
  }
}
