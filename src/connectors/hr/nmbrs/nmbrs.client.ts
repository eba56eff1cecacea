import type { Logger } from '../../../platform/log/logger.ts';
import { OAuth2Auth } from '../../kit/auth/oauth2.ts';
import { combineAuth } from '../../kit/auth/request-auth.ts';
import { apiKeyAuth } from '../../kit/auth/static-auth.ts';
import { refreshAtTokenEndpoint } from '../../kit/auth/token-endpoint.ts';
import type { OAuthTokens, TokenStore } from '../../kit/auth/token-store.ts';
import { HttpClient, HttpError, type AdaptiveConfig, type HttpEvent, type HttpMetrics, type RateLimitConfig, type RetryPolicy, type Sleep, type TokenBucketConfig } from '../../kit/http-client.ts';
import { pageByNumber, type NumberedPage } from '../../kit/paging/page-number.ts';
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
import { z } from 'zod';

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

/**
 * Nmbrs' code for a refusal whose body names none usable (the REST body is UNCONFIRMED beyond its keys): the SOAP-style
 * `---> 2011:` inside the text, else the titles of the codes the hours export must tell apart (§A6 table).
 */
export function refusalCodeOf(text: string): string | null {
  const soap = /--->\s*(\d{4})\s*:/.exec(text);
  if (soap) return soap[1]!;
  if (/protected\s*mode|period\s+is\s+protected|unprotectedmode/i.test(text)) return '2011';
  if (/invalid\s+period/i.test(text)) return '2006';
  if (/invalid\s+hour\s*(component|code)|hour\s*code\s+\S+\s+does\s+not\s+exist/i.test(text)) return '2001';
  return null;
}

/** The texts of ASP.NET's validation `errors` (field → messages, or a list of texts / `{ message }`), at most `max`. */
function validationMessages(errors: unknown, max = 3): string[] {
  const out: string[] = [];
  const add = (v: unknown, field?: string) => {
    if (typeof v === 'string' && v.trim()) out.push(field ? `${field}: ${v.trim()}` : v.trim());
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      const m = (v as Record<string, unknown>).message ?? (v as Record<string, unknown>).detail;
      if (typeof m === 'string' && m.trim()) out.push(field ? `${field}: ${m.trim()}` : m.trim());
    }
  };
  if (Array.isArray(errors)) for (const e of errors) add(e);
  else if (errors && typeof errors === 'object') for (const [field, v] of Object.entries(errors)) for (const m of Array.isArray(v) ? v : [v]) add(m, field);
  return out.slice(0, max);
}

/** A refusal by Nmbrs (not the gateway), with its code (`2011`, `2001`, …) and title. */
export function nmbrsErrorOf(err: unknown): { status: number | undefined; code: string | null; title: string | null; detail: string | null } | null {
  if (!(err instanceof HttpError)) return null;
  const p = nmbrsErrorSchema.safeParse(err.body);
  if (!p.success) return { status: err.status, code: typeof err.body === 'string' ? refusalCodeOf(err.body) : null, title: null, detail: null };
  const e = p.data;
  const title = e.title ?? null;
  const detail = [e.detail ?? e.message, ...validationMessages(e.errors)].filter((x): x is string => Boolean(x)).join('; ') || null;
  const stated = e.code !== undefined && e.code !== null && String(e.code).trim() !== '' ? String(e.code).trim() : null;
  // A code that only repeats the HTTP status says nothing more: the words may (a foreign Nmbrs, or an older one).
  const code = stated && stated !== String(err.status ?? '') ? stated : (refusalCodeOf(`${title ?? ''} ${detail ?? ''}`) ?? stated);
  return { status: err.status, code, title, detail };
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

/**
 * Nmbrs' list envelope (§A3) and what a stand-in may make of it: `{ data, pagination{pageNumber, pageSize, totalPages,
 * totalRecords, nextPage} }` with keys in any case, a bare array, or one list under another name. The walk ends on
 * `nextPage` null or "" (the guide's "" and the clients' null alike) and goes on while `nextPage` names a page, also
 * when that page came back shorter than asked (a server whose maximum page size is below ours: UNCONFIRMED number);
 * without `nextPage` it trusts `totalPages`, or `totalRecords` ÷ the stated `pageSize`, else the short-page rule.
 */
export function readNmbrsPage(body: unknown): NumberedPage {
  if (Array.isArray(body)) return { items: body, totalPages: null };
  if (!body || typeof body !== 'object') throw new Error('Nmbrs list: the answer is not a list envelope');
  const b = body as Record<string, unknown>;
  const key = (o: Record<string, unknown>, ...names: string[]) => {
    for (const name of names) {
      const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
      if (k !== undefined) return { found: true as const, value: o[k] };
    }
    return { found: false as const, value: undefined };
  };
  let items = key(b, 'data', 'items').value;
  if (!Array.isArray(items)) {
    const lists = Object.values(b).filter(Array.isArray);
    if (lists.length !== 1) throw new Error('Nmbrs list: no data list in the answer');
    items = lists[0];
  }
  const pRaw = key(b, 'pagination').value;
  const p = pRaw && typeof pRaw === 'object' ? (pRaw as Record<string, unknown>) : b;
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
  const page = num(key(p, 'pageNumber', 'page', 'currentPage').value);
  const next = key(p, 'nextPage');
  if (next.found) {
    if (next.value === null || next.value === '' || next.value === undefined) return { items: items as unknown[], totalPages: page ?? 1 };
    return { items: items as unknown[], totalPages: page !== null ? page + 1 : Number.MAX_SAFE_INTEGER };
  }
  const total = num(key(p, 'totalPages').value);
  const records = num(key(p, 'totalRecords', 'totalCount').value);
  const size = num(key(p, 'pageSize').value);
  return { items: items as unknown[], totalPages: total ?? (records !== null && size ? Math.max(1, Math.ceil(records / size)) : null) };
}

/** Variable-hours rows of a list item: the row itself, or the rows of a per-employee wrapper (`{ employeeId, <list>: [...] }`). */
export function unwrapVariableHours(raw: unknown): unknown[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [raw];
  const r = raw as Record<string, unknown>;
  if ('hourCode' in r || 'hours' in r) return [raw];
  const lists = Object.values(r).filter((v): v is unknown[] => Array.isArray(v));
  return lists.length === 1 ? lists[0]! : [raw];
}

/**
 * `GET companies/{id}/period`, whose answer is UNCONFIRMED: the period flat (`{year, period, periodType}`), under
 * `period`, `currentPeriod`, `periodDetails` (either nesting), `data` (an object or a one-item list), or SOAP's
 * `yyyy-pp-type` text (`2026-06-M`); the type as text or as `Company_Insert`'s number. Either part null when absent.
 */
export function readCompanyPeriod(body: unknown): { current: NmbrsPeriod | null; periodType: string | null } {
  const soap = (v: unknown) => {
    const m = typeof v === 'string' ? /^(\d{4})-(\d{1,2})(?:-([A-Za-z0-9]+))?$/.exec(v.trim()) : null;
    return m ? { year: Number(m[1]), period: Number(m[2]), type: m[3] ?? null } : null;
  };
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const root = Array.isArray(body) ? body[0] : body;
  const b = obj(root);
  const data = obj(Array.isArray(b?.data) ? b.data[0] : b?.data);
  const levels = [b, data].filter((x): x is Record<string, unknown> => x !== null);
  const candidates: unknown[] = [];
  for (const l of levels) candidates.push(l, l.period, l.currentPeriod, l.periodDetails, obj(l.periodDetails)?.period, obj(l.currentPeriod)?.period);
  let current: NmbrsPeriod | null = null;
  let type: unknown = null;
  for (const c of [root, ...candidates]) {
    const s = soap(c);
    if (s && s.period >= 1 && s.period <= 53) {
      current = { year: s.year, period: s.period };
      type = s.type;
      break;
    }
    const p = obj(c) ? nmbrsPeriodSchema.safeParse(c) : null;
    if (p?.success && p.data.period >= 1 && p.data.period <= 53 && p.data.year >= 1900) {
      current = p.data;
      break;
    }
  }
  for (const l of levels) for (const v of [l.periodType, obj(l.period)?.periodType, obj(l.currentPeriod)?.periodType, obj(l.periodDetails)?.periodType]) if (type === null && v !== undefined && v !== null) type = v;
  const t = typeof type === 'number' ? String(type) : typeof type === 'string' ? type.trim() : '';
  return { current, periodType: t || null };
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
        const g = nmbrsGatewayErrorSchema.safeParse(body);
        if (g.success) return g.data.message;
        const e = nmbrsErrorSchema.safeParse(body);
        if (!e.success) return null;
        const text = [e.data.code, e.data.title, e.data.detail ?? e.data.message, ...validationMessages(e.data.errors)].filter((x) => x !== undefined && x !== null && x !== '').join(' ');
        return text || null;
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
      readPage: readNmbrsPage,
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

  /** The company's hour codes; an entry without a usable (integer) code is left out rather than failing the list. */
  async hourCodes(companyId: string, signal?: AbortSignal): Promise<NmbrsHourCode[]> {
    const out: NmbrsHourCode[] = [];
    for await (const raw of this.list(`/api/companies/${encodeURIComponent(companyId)}/hourcodes`, z.unknown(), (r) => JSON.stringify(r), {}, signal)) {
      const h = nmbrsHourCodeSchema.safeParse(raw);
      if (h.success && !out.some((x) => x.code === h.data.code)) out.push(h.data);
    }
    return out;
  }

  /**
   * `GET companies/{id}/period` read once: the company's current period and its payroll period type as Nmbrs names
   * it (`periodType`). The answer's shape is UNCONFIRMED: either part is null when it is not there in a form we know,
   * and the caller falls back (the period by date, the type as configured on the integration).
   */
  async companyPeriod(companyId: string, signal?: AbortSignal): Promise<{ current: NmbrsPeriod | null; periodType: string | null }> {
    const res = await this.http.request<unknown>({ path: `/api/companies/${encodeURIComponent(companyId)}/period`, ...(signal ? { signal } : {}) });
    return readCompanyPeriod(res.body);
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
      readPage: readNmbrsPage,
      idOf: (raw) => String((raw as { employeeId?: unknown } | null)?.employeeId ?? ''),
      ...(signal ? { signal } : {}),
    })) {
      items.push(x);
    }
    collectBulk(collection, items, into);
    return into;
  }

  /**
   * What Nmbrs holds as variable hours of an employee for a period. Strict on purpose: a component that cannot be
   * read fails the read (leaving it out would make the ledger post hours Nmbrs already has). Tolerated shapes: the
   * paged envelope or a bare list, and components wrapped per employee like the bulk reads (`{employeeId, <list>}`).
   */
  async variableHours(employeeId: string, period: NmbrsPeriod, signal?: AbortSignal): Promise<NmbrsVariableHour[]> {
    const out: NmbrsVariableHour[] = [];
    let n = 0;
    for await (const raw of this.list(`/api/employees/${encodeURIComponent(employeeId)}/variablehours`, z.unknown(), (r) => ((r as { hourComponentId?: unknown; id?: unknown } | null)?.hourComponentId ?? (r as { id?: unknown } | null)?.id ?? `#${n++}`) as string, { year: String(period.year), period: String(period.period) }, signal)) {
      for (const row of unwrapVariableHours(raw)) out.push(variableHourSchema.parse(row));
    }
    return out;
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
      if (!probing || !(err instanceof HttpError) || (err.status !== 400 && err.status !== 422) || err.details.maybeCommitted || BUSINESS_REFUSALS.has(nmbrsErrorOf(err)?.code ?? '')) throw err;
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
