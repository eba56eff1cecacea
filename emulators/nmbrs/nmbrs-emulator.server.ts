import { comparePeriods, isValidPeriod, periodOf, type PayrollPeriod, type PayrollPeriodType } from '../../src/domain/payroll-periods.ts';
import { commonHooks } from '../kit/common-hooks.ts';
import { HttpFault, asObject, json, match, startKit, type EmuRequest, type EmuResponse, type RunningKit } from '../kit/http-kit.ts';
import { OAuthServer, type EmulatorUser, type OAuthClient } from '../kit/oauth-server.ts';
import type { FaultProfile, FaultRule } from '../kit/faults.ts';
import type { RateRule } from '../kit/rate-limit.ts';
import { generate, guid, type Company, type EmployeeRecord, type GeneratedData } from './nmbrs-emulator.data.ts';

/**
 * Nmbrs REST API stand-in (facts: test/fixtures/specs/nmbrs/nmbrs-rest-facts.md, from the
 * team reference §A). One origin serves both hosts of the real thing:
 * - identity (identityservice.nmbrs.com): `/.well-known/openid-configuration`, `/connect/authorize`
 *   (the kit's consent page), `/connect/token` (authorization code with optional PKCE, refresh with
 *   ROTATING refresh tokens: a used one is refused with invalid_grant), `/connect/revocation`;
 * - API (api.nmbrsapp.com): everything under `/api/`, each call needing `X-Subscription-Key` AND a
 *   bearer token.
 *
 * Lists use the `{ data, pagination }` envelope with `pageNumber`/`pageSize`; company-level bulk
 * reads return `[{ employeeId, <collection>: [history rows] }]` and accept `createdFrom` and
 * `employeeId`. Variable hours are additive (POST adds a component; GET reads a period back); a
 * period before the company's current one is protected unless `unprotectedMode` is set (code 2011);
 * a period number outside the company's period type is refused (2006); an unknown hour code 2001.
 * Errors are `{ type, status, code, title, detail }`.
 *
 * Details the public sources leave open are options (UNCONFIRMED in the reference): the last-page
 * marker, the maximum page size, the BSN key, where `unprotectedMode` sits, whether future periods
 * are protected too, the rate limit, the shape of `GET companies/{id}/period`.
 */

export interface NmbrsEmulatorOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  seed?: number;
  employees?: number;
  companies?: number;
  /** Debtors the companies are spread over (default 1). With more than one, the main account's token covers several → `ForbiddenMultiDebtor` on `GET /api/companies`. */
  debtors?: number;
  /** The "today" the data and the current periods are arranged around (default: today, UTC). */
  referenceDate?: string;
  periodTypes?: readonly PayrollPeriodType[];
  /** Random fault profile or a bare rate (429 Retry-After 1 / 503 halves); or scripted faults. OAuth and hooks are spared. */
  faults?: FaultRule[] | FaultProfile | number;
  /** Accepted subscription keys (default one: `nmbrs-emulator-subscription-key`). */
  subscriptionKeys?: string[];
  clients?: OAuthClient[];
  accessTokenTtlSeconds?: number;
  /** Refresh tokens rotate (default true: clients store the new one each time; a used one is refused). */
  rotateRefreshTokens?: boolean;
  /** Requests a second per client address; more are answered 429 with Retry-After (default 20; 0 = off). UNCONFIRMED number. */
  rateLimitPerSecond?: number;
  /** Largest page size served; a larger `pageSize` is cut to it (default 100; UNCONFIRMED). */
  maxPageSize?: number;
  /** What `nextPage` says on the last page: null (what live clients test for) or "" (the guide's example). Default null. */
  lastPageMarker?: 'null' | 'empty';
  /** Key of the BSN in `employees/privateInfos` rows (default `BSN`, as BrynQ reads it; UNCONFIRMED). */
  bsnKey?: string;
  /** Where a variable-hours write must put its period: `nested` = `periodDetails{period{year,period},unprotectedMode}` (BrynQ), `flat` = `periodDetails{year,period,unprotectedMode}`, `any` (default) accepts both and a top-level `unprotectedMode`. */
  periodNesting?: 'any' | 'nested' | 'flat';
  /** Bulk collections this stand-in does not serve (404), e.g. `employments`, whose company path is UNCONFIRMED. */
  missingCollections?: readonly string[];
  /**
   * Whether the debtor's function catalogue `GET debtors/{id}/functions` is served (default true). The path comes from
   * one public client and the fields of its items (`functionId, code, description`) are UNCONFIRMED: false answers 404,
   * and a client must find the functions another way (Koppel: the companies' employee function rows).
   */
  functionCatalogue?: boolean;
  /**
   * Whether `GET companies/{id}/period` names the company's period type (`periodType`; default true). The answer's
   * shape is UNCONFIRMED: false serves `{year, period}` only, and a client must fall back to a configured type.
   */
  periodTypeField?: boolean;
  /** Periods after the current one need unprotected mode too (default false). */
  protectFuturePeriods?: boolean;
  /** Skip the consent page when login_hint names an account. */
  autoApprove?: boolean;
  clock?: () => number;
}

export const NMBRS_DEFAULT_CLIENT: OAuthClient = { clientId: 'koppel-nmbrs-emulator', clientSecret: 'nmbrs-emulator-secret' };
export const NMBRS_DEFAULT_SUBSCRIPTION_KEY = 'nmbrs-emulator-subscription-key';
export const NMBRS_SCOPES = 'company.info.read company.payrollsettings.read company.leave.read employee.info.read employee.orgstructure.read employee.payment.read employee.employment.read employee.info offline_access';

/** The account that sees every debtor, and one that sees only the first. */
export const NMBRS_USERS: EmulatorUser[] = [
  { id: 'nm-payroll', email: 'salarisadministratie@example.nl', name: 'Salarisadministratie', timeZone: 'Europe/Amsterdam' },
  { id: 'nm-single', email: 'hr@example.nl', name: 'HR (één debiteur)', timeZone: 'Europe/Amsterdam' },
];

export interface HourComponent {
  hourComponentId: string;
  employeeId: string;
  hourCode: number;
  hours: number;
  costCenterId: string | null;
  costUnitId: string | null;
  comment: string | null;
  year: number;
  period: number;
  createdAt: string;
}

export interface NmbrsEmulator {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  client: OAuthClient;
  subscriptionKey: string;
  oauth: OAuthServer;
  kit: RunningKit;
  data: GeneratedData;
  referenceDate: string;
  /** Current period of a company (by the reference date and its period type). */
  currentPeriod(companyId: string): PayrollPeriod;
  /** Tokens for an account straight away (no consent page); with `scope`, the token is held to those scopes. */
  issueTokens(user?: string, scope?: string): { accessToken: string; refreshToken: string; expiresAt: number };
  /** Variable hours held, optionally of one employee. */
  hourComponents(employeeId?: string): HourComponent[];
  /** New history rows (function and personal info, createdAt now) for these employees. */
  changeEmployees(ids: readonly string[]): void;
  /** Every request seen on the API and identity endpoints (not the hooks), faults included. */
  readonly stats: { apiCalls: number; tokenCalls: number };
  setFaults(profile: FaultProfile | number | undefined): void;
  /** Switches the `periodType` field of `GET companies/{id}/period` on or off (see the option). */
  setPeriodTypeField(on: boolean): void;
  injectFault(rule: FaultRule): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export function nmbrsError(status: number, title: string, detail: string, code?: number | string): Json {
  const c = code ?? status;
  return { type: `https://developer.nmbrs.com/docs/errors#${c}`, status, code: c, title, detail };
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

function todayUtc(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export async function startNmbrsEmulator(opts: NmbrsEmulatorOptions = {}): Promise<NmbrsEmulator> {
  const now = opts.clock ?? Date.now;
  const seed = opts.seed ?? 1;
  const referenceDate = opts.referenceDate ?? todayUtc(now());
  const data = generate({ seed, employees: opts.employees ?? 250, companies: opts.companies ?? 3, debtors: opts.debtors ?? 1, referenceDate, ...(opts.periodTypes ? { periodTypes: opts.periodTypes } : {}) });
  const subscriptionKeys = new Set(opts.subscriptionKeys ?? [NMBRS_DEFAULT_SUBSCRIPTION_KEY]);
  const maxPageSize = opts.maxPageSize ?? 100;
  const bsnKey = opts.bsnKey ?? 'BSN';
  const nesting = opts.periodNesting ?? 'any';
  const oauth = new OAuthServer({
    vendor: 'Nmbrs',
    clientAuth: 'either',
    rotateRefreshTokens: opts.rotateRefreshTokens ?? true,
    idToken: false,
    accessTokenPrefix: 'eyJnm.',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    ...(opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {}),
    clock: now,
  });
  const clients = opts.clients ?? [NMBRS_DEFAULT_CLIENT];
  for (const c of clients) oauth.addClient(c);
  for (const u of NMBRS_USERS) oauth.addUser(u);
  const addUser = (u: EmulatorUser) => oauth.addUser({ id: u.id ?? `nm-${u.email}`, email: u.email, name: u.name ?? u.email, timeZone: u.timeZone ?? 'Europe/Amsterdam' });

  const companies = new Map(data.companies.map((c) => [c.companyId, c]));
  const employees = new Map(data.employees.map((e) => [e.employeeId, e]));
  const byCompany = new Map<string, EmployeeRecord[]>(data.companies.map((c) => [c.companyId, []]));
  for (const e of data.employees) byCompany.get(e.companyId)!.push(e);
  const hours = new Map<string, HourComponent[]>();
  const grantedScopes = new Map<string, Set<string>>();
  const stats = { apiCalls: 0, tokenCalls: 0 };
  let hourSeq = 0;

  const debtorsOf = (user: EmulatorUser): string[] => (user.id === 'nm-single' ? [data.debtors[0]!.debtorId] : data.debtors.map((d) => d.debtorId));
  let periodTypeField = opts.periodTypeField ?? true;
  const currentPeriod = (companyId: string): PayrollPeriod => periodOf(companies.get(companyId)!.periodType, referenceDate);

  // ── helpers ────────────────────────────────────────────────────────────────

  const fail = (status: number, detail: string, code?: number | string, title?: string): never => {
    throw new HttpFault(status, detail, { code: code ?? status, title: title ?? TITLES[status] ?? 'Error' });
  };

  const page = (req: EmuRequest, items: unknown[]): EmuResponse => {
    const q = req.query;
    const pageNumber = Math.max(1, Math.floor(Number(q.get('pageNumber') ?? 1)) || 1);
    const pageSize = Math.min(maxPageSize, Math.max(1, Math.floor(Number(q.get('pageSize') ?? 20)) || 20));
    const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
    const link = (n: number) => {
      const u = new URL(`${kit.url}${req.path}`);
      for (const [k, v] of q) if (k !== 'pageNumber') u.searchParams.set(k, v);
      u.searchParams.set('pageNumber', String(n));
      return u.toString();
    };
    const none = opts.lastPageMarker === 'empty' ? '' : null;
    return json(200, {
      pagination: {
        pageNumber,
        pageSize,
        firstPage: link(1),
        lastPage: link(totalPages),
        totalPages,
        totalRecords: items.length,
        nextPage: pageNumber < totalPages ? link(pageNumber + 1) : none,
        previousPage: pageNumber > 1 ? link(pageNumber - 1) : none,
      },
      data: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    });
  };

  const companyFor = (user: EmulatorUser, companyId: string): Company => {
    const c = companies.get(companyId);
    if (!c) return fail(404, `Company ${companyId} was not found.`, 2046, 'Not Found');
    if (!debtorsOf(user).includes(c.debtorId)) return fail(403, 'The company is not accessible with this authorization.', 2004, 'Unauthorized company');
    return c;
  };

  const employeeFor = (user: EmulatorUser, employeeId: string): EmployeeRecord => {
    const e = employees.get(employeeId);
    if (!e) return fail(404, `Employee ${employeeId} was not found.`, 2046, 'Not Found');
    companyFor(user, e.companyId);
    return e;
  };

  const createdFromOf = (req: EmuRequest): number | null => {
    const v = req.query.get('createdFrom');
    if (!v) return null;
    const t = Date.parse(v);
    if (Number.isNaN(t)) return fail(400, `createdFrom '${v}' is not a date-time.`, 2030, 'Invalid set of values');
    return t;
  };

  type Collection = { key: string; rows: (e: EmployeeRecord) => Array<{ createdAt: string }>; render?: (row: never) => unknown };
  const COLLECTIONS: Record<string, Collection> = {
    personalinfo: { key: 'info', rows: (e) => e.personalInfo },
    contracts: { key: 'contracts', rows: (e) => e.contracts },
    employments: { key: 'employments', rows: (e) => e.employments },
    functions: { key: 'functions', rows: (e) => e.functions },
    departments: { key: 'departments', rows: (e) => e.departments },
    costcenters: { key: 'employeeCostCenters', rows: (e) => e.costCenters },
    schedules: { key: 'schedules', rows: (e) => e.schedules },
    salaries: { key: 'salaries', rows: (e) => e.salaries },
    privateinfos: {
      key: 'privateInfos',
      rows: (e) => e.privateInfos.map((r) => ({ privateInfoId: r.privateInfoId, [bsnKey]: r.bsn, period: r.period, createdAt: r.createdAt })),
    },
  };

  const bulk = (req: EmuRequest, company: Company, collection: Collection): EmuResponse => {
    const from = createdFromOf(req);
    const only = req.query.get('employeeId');
    const type = req.query.get('employeeType');
    const out: unknown[] = [];
    for (const e of byCompany.get(company.companyId)!) {
      if (only && e.employeeId !== only) continue;
      if (type && e.personalInfo.at(-1)!.basicInfo.employeeType.toLowerCase() !== type.toLowerCase()) continue;
      let rows = collection.rows(e);
      if (from !== null) rows = rows.filter((r) => Date.parse(r.createdAt) >= from);
      if (from !== null && rows.length === 0) continue;
      out.push({ employeeId: e.employeeId, [collection.key]: rows });
    }
    return page(req, out);
  };

  // ── variable hours ─────────────────────────────────────────────────────────

  const parsePeriodBody = (b: Json, company: Company): { period: PayrollPeriod; unprotected: boolean } => {
    const pd = b.periodDetails && typeof b.periodDetails === 'object' ? (b.periodDetails as Json) : null;
    let p: Json | null = null;
    let unprotected: unknown = b.unprotectedMode;
    if (pd) {
      const nested = pd.period && typeof pd.period === 'object' ? (pd.period as Json) : null;
      if (nested && nesting !== 'flat') p = nested;
      else if (!nested && pd.year !== undefined && nesting !== 'nested') p = pd;
      else fail(400, `periodDetails must be ${nesting === 'flat' ? '{year, period, unprotectedMode}' : '{period: {year, period}, unprotectedMode}'}.`, 2030, 'Invalid set of values');
      unprotected = pd.unprotectedMode ?? unprotected;
    } else if (b.period && typeof b.period === 'object' && nesting === 'any') p = b.period as Json;
    if (unprotected !== undefined && typeof unprotected !== 'boolean') fail(400, 'unprotectedMode must be a boolean.', 2030, 'Invalid set of values');
    const period = p ? { year: Number(p.year), period: Number(p.period) } : currentPeriod(company.companyId);
    if (!isValidPeriod(company.periodType, period)) fail(400, `Period ${p?.period}/${p?.year} does not match the company period type (${company.periodType}).`, 2006, 'Invalid Period');
    return { period, unprotected: unprotected === true };
  };

  const checkProtection = (company: Company, period: PayrollPeriod, unprotected: boolean) => {
    const cmp = comparePeriods(period, currentPeriod(company.companyId));
    if (unprotected) return;
    if (cmp < 0) fail(400, `Period ${period.period}/${period.year} is before the company's current period; set unprotectedMode to change it.`, 2011, 'Protected Mode: Cannot Change in the Past');
    if (cmp > 0 && opts.protectFuturePeriods) fail(400, `Period ${period.period}/${period.year} is after the company's current period; set unprotectedMode to change it.`, 2011, 'Protected Mode: Cannot Change in the Future');
  };

  const hourFields = (b: Json, company: Company, partial: boolean) => {
    const hourCode = b.hourCode === undefined && partial ? undefined : Number(b.hourCode);
    if (hourCode !== undefined && (!Number.isInteger(hourCode) || !company.hourCodes.some((h) => h.code === hourCode))) fail(400, `Hour code ${String(b.hourCode)} does not exist in this company.`, 2001, 'Invalid Hour component');
    const h = b.hours === undefined && partial ? undefined : b.hours;
    if (h !== undefined && (typeof h !== 'number' || !Number.isFinite(h) || Math.abs(h) >= 10_000)) fail(400, 'hours must be a number.', 2030, 'Invalid set of values');
    if (b.comment !== undefined && b.comment !== null && (typeof b.comment !== 'string' || b.comment.length > 250)) fail(400, 'comment must be text of at most 250 characters.', 2030, 'Invalid set of values');
    const costCenterId = b.costCenterId ?? null;
    if (costCenterId !== null && !company.costCenters.some((c) => c.costCenterId === costCenterId)) fail(400, `Cost center ${String(costCenterId)} does not exist.`, 2037, 'Invalid cost center id');
    return { hourCode, hours: h as number | undefined, costCenterId: costCenterId as string | null };
  };

  const renderHour = (c: HourComponent, company: Company) => ({
    hourComponentId: c.hourComponentId,
    hourCode: c.hourCode,
    hourCodeDescription: company.hourCodes.find((h) => h.code === c.hourCode)?.description ?? '',
    hours: c.hours,
    costCenterId: c.costCenterId,
    costUnitId: c.costUnitId,
    comment: c.comment,
    createdAt: c.createdAt,
  });

  // ── routes ─────────────────────────────────────────────────────────────────

  const handle = async (req: EmuRequest): Promise<EmuResponse> => {
    const p = req.path;
    if (p.startsWith('/_emulator/')) {
      const common = commonHooks(req, { oauth, kit: () => kit, addUser, credentials: (u) => api.issueTokens(u) });
      if (common) return common;
      if (p === '/_emulator/hours' && req.method === 'GET') return json(200, { hours: api.hourComponents(req.query.get('employeeId') ?? undefined) });
      if (p === '/_emulator/change-employees' && req.method === 'POST') {
        const b = asObject(req.body);
        const ids = Array.isArray(b.employeeIds) ? b.employeeIds.map(String) : [];
        api.changeEmployees(ids);
        return json(200, { changed: ids.length });
      }
      if (p === '/_emulator/stats' && req.method === 'GET') return json(200, stats);
      if (p === '/_emulator/data' && req.method === 'GET') return json(200, { referenceDate, debtors: data.debtors, companies: data.companies.map((c) => ({ ...c, currentPeriod: currentPeriod(c.companyId) })), employees: data.employees.length });
      return json(404, nmbrsError(404, 'Not Found', 'Unknown emulator hook', 2046));
    }
    if (p === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: kit.url,
        authorization_endpoint: `${kit.url}/connect/authorize`,
        token_endpoint: `${kit.url}/connect/token`,
        revocation_endpoint: `${kit.url}/connect/revocation`,
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['plain', 'S256'],
        scopes_supported: NMBRS_SCOPES.split(' '),
      });
    }
    if (p === '/connect/authorize') return oauth.authorize(req);
    if (p === '/connect/token' && req.method === 'POST') {
      const out = oauth.tokenEndpoint(req);
      const b = out.body as { access_token?: string; scope?: string } | undefined;
      if (out.status === 200 && b?.access_token) grantedScopes.set(b.access_token, new Set((b.scope ?? '').split(/\s+/).filter(Boolean)));
      return out;
    }
    if (p === '/connect/revocation' && req.method === 'POST') return oauth.revokeEndpoint(req);
    if (!p.startsWith('/api/')) fail(404, `No route ${req.method} ${p}.`, 2046);

    // The gateway checks the subscription key before anything else (Azure API Management's words).
    const key = req.headers['x-subscription-key'];
    if (typeof key !== 'string' || !key) return json(401, { statusCode: 401, message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.' });
    if (!subscriptionKeys.has(key)) return json(401, { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' });
    const auth = oauth.authenticate(req.headers.authorization);
    if ('error' in auth) fail(401, auth.error === 'expired' ? 'The access token expired.' : 'The access token is missing or invalid.', 1001, 'Invalid Authentication');
    const user = (auth as { user: EmulatorUser }).user;
    // Scopes: a token whose grant named scopes is held to them (tokens without a recorded grant are not).
    const granted = grantedScopes.get(/^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '');
    const needed = scopeFor(req.method, p);
    if (granted && needed && !granted.has(needed)) fail(403, `The token lacks the scope ${needed}.`, 1002, 'Unauthorized Access');
    const mine = debtorsOf(user);

    if (req.method === 'GET') {
      if (p === '/api/debtors') return page(req, data.debtors.filter((d) => mine.includes(d.debtorId)));
      if (p === '/api/companies') {
        if (mine.length > 1) fail(403, 'This authorization covers several debtors: list the companies per debtor (GET /api/debtors/{debtorId}/companies).', 'ForbiddenMultiDebtor', 'ForbiddenMultiDebtor.');
        return page(req, data.companies.filter((c) => mine.includes(c.debtorId)).map(renderCompany));
      }
      let m = match('/api/debtors/:debtorId/companies', p);
      if (m) return page(req, data.companies.filter((c) => c.debtorId === debtorFor(mine, m!.debtorId!)).map(renderCompany));
      m = match('/api/debtors/:debtorId/departments', p);
      if (m) return page(req, data.departments.get(debtorFor(mine, m.debtorId!))!.map((d) => ({ departmentId: d.id, code: d.code, description: d.description, createdAt: '2015-01-01T08:00:00Z', managers: [] })));
      m = match('/api/debtors/:debtorId/functions', p);
      if (m && opts.functionCatalogue === false) fail(404, `No route ${req.method} ${p}.`, 2046);
      if (m) return page(req, data.functions.get(debtorFor(mine, m.debtorId!))!.map((f) => ({ functionId: f.id, code: f.code, description: f.description })));
      m = match('/api/companies/:companyId/period', p);
      if (m) {
        const c = companyFor(user, m.companyId!);
        return json(200, periodTypeField ? { ...currentPeriod(c.companyId), periodType: c.periodType } : currentPeriod(c.companyId));
      }
      m = match('/api/companies/:companyId/hourcodes', p);
      if (m) return page(req, companyFor(user, m.companyId!).hourCodes);
      m = match('/api/companies/:companyId/costcenters', p);
      if (m) return page(req, companyFor(user, m.companyId!).costCenters);
      m = match('/api/companies/:companyId/employees/:collection', p);
      if (m) {
        const c = companyFor(user, m.companyId!);
        const col = (opts.missingCollections ?? []).some((x) => x.toLowerCase() === m!.collection!.toLowerCase()) ? undefined : COLLECTIONS[m.collection!.toLowerCase()];
        if (!col) fail(404, `No route ${req.method} ${p}.`, 2046);
        return bulk(req, c, col!);
      }
      m = match('/api/employees/:employeeId/variablehours', p);
      if (m) {
        const e = employeeFor(user, m.employeeId!);
        const c = companies.get(e.companyId)!;
        const year = req.query.get('year');
        const per = req.query.get('period');
        const period = year && per ? { year: Number(year), period: Number(per) } : currentPeriod(c.companyId);
        if (!isValidPeriod(c.periodType, period)) fail(400, `Period ${per}/${year} does not match the company period type (${c.periodType}).`, 2006, 'Invalid Period');
        const from = createdFromOf(req);
        const list = (hours.get(e.employeeId) ?? []).filter((h) => h.year === period.year && h.period === period.period && (from === null || Date.parse(h.createdAt) >= from));
        return page(req, list.map((h) => renderHour(h, c)));
      }
    }
    let m = match('/api/employees/:employeeId/variablehours', p);
    if (m && (req.method === 'POST' || req.method === 'PUT')) {
      const e = employeeFor(user, m.employeeId!);
      const c = companies.get(e.companyId)!;
      const b = asObject(req.body);
      const { period, unprotected } = parsePeriodBody(b, c);
      if (req.method === 'POST') {
        const f = hourFields(b, c, false);
        checkProtection(c, period, unprotected);
        const comp: HourComponent = {
          hourComponentId: guid(seed, 'hour', ++hourSeq, now()),
          employeeId: e.employeeId,
          hourCode: f.hourCode!,
          hours: f.hours!,
          costCenterId: f.costCenterId,
          costUnitId: null,
          comment: typeof b.comment === 'string' ? b.comment : null,
          year: period.year,
          period: period.period,
          createdAt: new Date(now()).toISOString(),
        };
        const list = hours.get(e.employeeId) ?? [];
        list.push(comp);
        hours.set(e.employeeId, list);
        return json(200, { hourComponentId: comp.hourComponentId });
      }
      const comp = (hours.get(e.employeeId) ?? []).find((h) => h.hourComponentId === b.hourComponentId);
      if (!comp) return fail(404, `Hour component ${String(b.hourComponentId)} was not found.`, 2046);
      const f = hourFields(b, c, true);
      checkProtection(c, { year: comp.year, period: comp.period }, unprotected);
      if (f.hourCode !== undefined) comp.hourCode = f.hourCode;
      if (f.hours !== undefined) comp.hours = f.hours;
      if (b.comment !== undefined) comp.comment = (b.comment as string | null) ?? null;
      if (b.costCenterId !== undefined) comp.costCenterId = f.costCenterId;
      return json(200, { hourComponentId: comp.hourComponentId });
    }
    m = match('/api/employees/:employeeId/hours/:hourComponentId', p);
    if (m && req.method === 'DELETE') {
      const e = employeeFor(user, m.employeeId!);
      const list = hours.get(e.employeeId) ?? [];
      const i = list.findIndex((h) => h.hourComponentId === m!.hourComponentId);
      if (i < 0) fail(404, `Hour component ${m.hourComponentId} was not found.`, 2046);
      list.splice(i, 1);
      return json(204);
    }
    return fail(404, `No route ${req.method} ${p}.`, 2046);
  };

  const debtorFor = (mine: string[], debtorId: string): string => {
    if (!data.debtors.some((d) => d.debtorId === debtorId)) return fail(404, `Debtor ${debtorId} was not found.`, 2046);
    if (!mine.includes(debtorId)) return fail(403, 'The debtor is not accessible with this authorization.', 2009, 'Unauthorized debtor');
    return debtorId;
  };

  const rateLimits: RateRule[] = (opts.rateLimitPerSecond ?? 20) > 0 ? [{ name: 'api', path: '/api/', kind: 'token-bucket', capacity: opts.rateLimitPerSecond ?? 20, refillPerSecond: opts.rateLimitPerSecond ?? 20 }] : [];
  const kit = await startKit({
    port: opts.port,
    host: opts.host,
    latencyMs: opts.latencyMs,
    faults: opts.faults,
    faultSeed: seed,
    faultExempt: (path) => !path.startsWith('/api/'),
    expireToken: (r) => oauth.expireBearer(String(r.headers.authorization ?? '')),
    rateLimits,
    ...(opts.clock ? { clock: opts.clock } : {}),
    errorBody: (status, message, extra) => nmbrsError(status, typeof extra.title === 'string' ? extra.title : (TITLES[status] ?? 'Error'), message, (extra.code as number | string | undefined) ?? status),
    handle,
  });
  kit.server.on('request', (req: { url?: string }) => {
    const u = req.url ?? '';
    if (u.startsWith('/api/')) stats.apiCalls++;
    else if (u.startsWith('/connect/token')) stats.tokenCalls++;
  });

  const api: NmbrsEmulator = {
    url: kit.url,
    authorizeUrl: `${kit.url}/connect/authorize`,
    tokenUrl: `${kit.url}/connect/token`,
    client: clients[0]!,
    subscriptionKey: [...subscriptionKeys][0]!,
    oauth,
    kit,
    data,
    referenceDate,
    currentPeriod,
    issueTokens: (user = NMBRS_USERS[0]!.email, scope = NMBRS_SCOPES) => {
      const t = oauth.issueTokens(user, clients[0]!.clientId, scope);
      if (scope !== NMBRS_SCOPES) grantedScopes.set(t.accessToken, new Set(scope.split(/\s+/).filter(Boolean)));
      return t;
    },
    hourComponents: (employeeId) => (employeeId ? [...(hours.get(employeeId) ?? [])] : [...hours.values()].flat()),
    changeEmployees(ids) {
      const at = new Date(now()).toISOString();
      for (const id of ids) {
        const e = employees.get(id);
        if (!e) throw new HttpFault(404, `Employee ${id} was not found.`, { code: 2046 });
        const period = currentPeriod(e.companyId);
        // A promotion: the next function of the debtor's catalogue (another functionId), from the current period on.
        const fn = e.functions.at(-1)!;
        const catalogue = data.functions.get(companies.get(e.companyId)!.debtorId)!;
        const next = catalogue[(catalogue.findIndex((f) => f.id === fn.functionId) + 1) % catalogue.length]!;
        e.functions.push({ ...fn, functionId: next.id, code: Number(next.code), description: next.description, period, createdAt: at });
        const cur = currentPeriod(e.companyId);
        const info = e.personalInfo.filter((r) => comparePeriods(r.period, cur) <= 0).sort((a, b) => comparePeriods(a.period, b.period) || a.createdAt.localeCompare(b.createdAt)).at(-1) ?? e.personalInfo[0]!;
        e.personalInfo.push({ ...info, personalInfoId: guid(seed, id, 'personalinfo-change', at), contactInfo: { ...info.contactInfo, businessPhone: '0201234567' }, period, createdAt: at });
      }
    },
    stats,
    setFaults: (profile) => kit.setFaultProfile(profile),
    setPeriodTypeField(on) {
      periodTypeField = on;
    },
    injectFault: (rule) => kit.faults.add(rule),
    close: () => kit.close(),
  };
  return api;
}

/**
 * The read scope a route needs (names from the live discovery document; which route needs which is
 * inferred from the names: UNCONFIRMED). Writes are not scoped here.
 */
export function scopeFor(method: string, path: string): string | null {
  if (method !== 'GET') return null;
  const m = /^\/api\/companies\/[^/]+\/employees\/([^/]+)$/.exec(path);
  if (m) {
    const c = m[1]!.toLowerCase();
    if (c === 'personalinfo' || c === 'privateinfos') return 'employee.info.read';
    if (c === 'contracts' || c === 'employments' || c === 'schedules') return 'employee.employment.read';
    if (c === 'functions' || c === 'departments' || c === 'costcenters') return 'employee.orgstructure.read';
    if (c === 'salaries') return 'employee.payment.read';
  }
  if (/^\/api\/companies\/[^/]+\/(hourcodes|period)$/.test(path)) return 'company.payrollsettings.read';
  if (/^\/api\/(debtors|companies)(\/|$)/.test(path)) return 'company.info.read';
  if (/^\/api\/employees\/[^/]+\/variablehours$/.test(path)) return 'employee.info.read';
  return null;
}

function renderCompany(c: Company): Json {
  return { companyId: c.companyId, number: c.number, name: c.name, debtorId: c.debtorId };
}
