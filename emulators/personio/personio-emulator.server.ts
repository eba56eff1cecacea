import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, faultKindOf, parseFaultRule, type FaultRule } from '../kit/faults.ts';
import { startServer, type EmulatorServer } from '../kit/server.ts';
import { TokenStore, type TokenRecord } from './personio-emulator.auth.ts';
import { createAbsenceHandlers } from './personio-emulator.absences.ts';
import { TIME_OFF_TYPES } from './personio-emulator.catalog.ts';
import { berlinOffsetMinutes, isValidDate, parseFilterInstant, utcDate } from './personio-emulator.dates.ts';
import {
  FAULT_KINDS,
  FaultInjector,
  corruptAttendance,
  corruptEmployee,
  corruptTimeOff,
  normalizeFaults,
  serverErrorFor,
  type FaultDecision,
  type FaultKind,
  type FaultProfile,
} from './personio-emulator.faults.ts';
import { PersonioRateLimiter, type RateBucket, type RateLimitConfig } from './personio-emulator.rate-limit.ts';
import {
  EMPLOYEE_ATTRIBUTE_KEYS,
  serializeAttendance,
  serializeAttributeList,
  serializeEmployee,
  serializeTimeOff,
  type SerializeContext,
} from './personio-emulator.serialize.ts';
import { PersonioEmulatorState, isLocalDateTime, type AttendanceInput, type AttendancePeriodRecord, type PeriodInput, type PeriodRefusal } from './personio-emulator.state.ts';
import { ALL_RIGHTS, type EmployeeRecord, type PersonioRight } from './personio-emulator.types.ts';

/**
 * A stand-alone Personio API stand-in (F-54) on the emulator kit (emulators/kit: server start-up,
 * fault profile and scripted faults, sliding-log rate limits) — independent of Koppel's own Fastify
 * app, and with full control over the socket, which the timeout and dropped-response faults need.
 * Facts followed are from ../shared/reference/personio-api.md (§ numbers below) and the vendor's
 * OpenAPI files in test/fixtures/specs/personio/.
 */

export interface PagingLimits {
  /** §2: `limit` default 50, at most 100 since 2025-01-31 (larger values are capped, not refused). */
  employeesDefault: number;
  employeesMax: number;
  /** §3: default 200; the API documents no cap. */
  attendancesDefault: number;
  attendancesMax: number | null;
  /** §4: `limit` ≤ 200. */
  timeOffsDefault: number;
  timeOffsMax: number;
}

export const PERSONIO_PAGING: PagingLimits = {
  employeesDefault: 50,
  employeesMax: 100,
  attendancesDefault: 200,
  attendancesMax: null,
  timeOffsDefault: 200,
  timeOffsMax: 200,
};

export interface PersonioEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  employees: number;
  seed: number;
  /** Added before every response. */
  latencyMs?: number;
  /** A profile, or a bare total rate (0..1) split evenly over 429 / 5xx / timeout / expired token / malformed row. */
  faults?: FaultProfile | number;
  clientId?: string;
  clientSecret?: string;
  /** Documented limits by default; override single numbers, or `false` to switch limiting off. */
  rateLimit?: Partial<RateLimitConfig> | false;
  /** Token lifetime, default 86 400 s (§1). */
  tokenTtlSeconds?: number;
  /**
   * Token details the documents leave open (UNCONFIRMED), as knobs:
   * - `expiresIn`: what `expires_in` says: what is left of the token's life (`remaining`, default), always the
   *   whole lifetime (`full`), or nothing (`omitted`);
   * - `refusedAfterSeconds`: tokens are refused with 401 this long after they were issued, earlier than stated;
   * - `stable`: false mints a new token on every auth call (default true: the same one within its lifetime, §1).
   */
  tokens?: { expiresIn?: 'remaining' | 'full' | 'omitted'; refusedAfterSeconds?: number; stable?: boolean };
  /** Historic single-use tokens: each call burns its token, the response header carries the next. Default false (stable tokens, §1). */
  rotateTokens?: boolean;
  /** Rights of the API credential (default: all). A missing right answers 403 with code 0 (§1). */
  rights?: readonly PersonioRight[];
  /** Employee attributes the credential may read (default: all). Others are silently absent (§2, pitfall 4). */
  attributeWhitelist?: readonly string[];
  /** "Today" for the generated history, `YYYY-MM-DD`; default today in Europe/Berlin. Same seed + same date → same data. */
  referenceDate?: string;
  /** Wall clock for token expiry and change timestamps; default Date.now. */
  clock?: () => number;
  /** Pre-existing attendances (default none). */
  seedAttendances?: { employeeShare: number; days: number };
  paging?: Partial<PagingLimits>;
  /**
   * v1 attendances (`/v1/company/attendances…`). Personio shut them down on 30 August 2026
   * (nmbrs-rest-and-personio-time.md §B1): by default they answer 404 like any removed route, and
   * attendances live at `/v2/attendance-periods`. `'served'` keeps the old endpoints (old data, tests of the v1 client).
   */
  v1Attendances?: 'removed' | 'served';
  /** Share (0..1) of records whose stored BSN fails the 11-proof (a row warning for the client, not a broken read). */
  invalidBsnShare?: number;
  /** Share (0..1) of records whose e-mail address is stored in upper case. */
  upperCaseEmailShare?: number;
  /** Share (0..1) of records whose stored e-mail address is not one (`jan.jansen at firma.nl`): a row warning, not a broken read. */
  invalidEmailShare?: number;
  /** Every employee row carries custom attributes the catalogue does not list (one of an undocumented type), whatever the projection. */
  unlistedAttributes?: boolean;
  /**
   * Another client of the same company using the employee list's budget (Personio's limits are per
   * company): that many requests a second, spread evenly, counted against the same windows. It
   * backs off like a polite client (a refused request of it uses no quota). Default 0.
   */
  otherClientPerSecond?: number;
  /**
   * The real API returns `offset`/`limit` of the attendance list as STRINGS (§3), although the
   * spec types them as integers. Default false = as observed; true = as the spec says.
   */
  specTypedAttendancePaging?: boolean;
  /**
   * `approval.status` of a v2 attendance period created or changed through the API. UNCONFIRMED how
   * Personio decides (company approval settings, a `skip_approval` flag): CONFIRMED by default.
   */
  attendancePeriodApproval?: 'CONFIRMED' | 'PENDING';
  /**
   * Further UNCONFIRMED details of v2 attendance periods (§B1), as knobs:
   * - `midnightEnd`: whether a period may end at the next day's 00:00:00 (`next_day_0000`, default) or
   *   must end on its start date (`same_date_only`: 23:59:59 is the latest end).
   * - `refusalStatus`, `refusalTitles`: how a business-rule refusal is answered.
   */
  attendancePeriods?: {
    midnightEnd?: 'next_day_0000' | 'same_date_only';
    /** Status of a business-rule refusal (overlap, midnight, end before start): 422 (default), 409, or 400 as v1 did. */
    refusalStatus?: 400 | 409 | 422;
    /** `errors[0].title` of a refusal: naming the rule (default) or generic ("Unprocessable Entity"), the rule only in `detail`. */
    refusalTitles?: 'specific' | 'generic';
    /** `errors[0].type` of "no such period" (default `common.requested_resource_not_found`, as [CC2]); e.g. `attendance_period.not_found`. */
    notFoundType?: string;
    /** Routes answered as missing (404 `apinot_found`, as an unknown route): e.g. a stand-in without DELETE. */
    missingRoutes?: ReadonlyArray<'PATCH' | 'DELETE'>;
  };
  /**
   * v2 absences (nmbrs-rest-and-personio-time.md §B2); the details marked UNCONFIRMED there are knobs:
   * - `halfMarkers`: `starts_from.type`/`ends_at.type` of a whole first/last day: null (default) or
   *   spelled out (FIRST_HALF at the start, SECOND_HALF at the end).
   * - `rejected`: a rejected absence vanishes from the list (default, as v1 users report) or is listed with REJECTED.
   * - `weekendBreakdown`: weekend days in `/breakdowns` with value 0 (default) or left out.
   * - `typeUnits`: the absence type's `unit` spelling: DAILY/HOURLY (default, P-TS) or DAY/HOUR.
   * - `wholeDayEnd`: `ends_at.date_time` of a day-unit absence: `<last>T23:59:59` (default), `<last>T00:00:00` or `<last+1>T00:00:00`.
   */
  absences?: {
    halfMarkers?: 'null_when_whole' | 'explicit';
    rejected?: 'hidden' | 'listed';
    weekendBreakdown?: 'zero' | 'omitted';
    typeUnits?: 'DAILY_HOURLY' | 'DAY_HOUR' | 'OMITTED';
    breakdownHourUnit?: 'HOUR' | 'MINUTES';
    wholeDayEnd?: 'last_235959' | 'last_0000' | 'next_0000';
  };
}

export interface PersonioEmulatorStats {
  totalCalls: number;
  /** Per endpoint, e.g. `GET /v1/company/employees`. */
  calls: Record<string, number>;
  statuses: Record<string, number>;
  /** Every 429 served: the documented limits plus injected ones. */
  served429: number;
  /** 429s from the documented rate limits, in total and per limit. */
  rateLimited: number;
  rateLimitedBy: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** Writes that were committed and then answered with a 5xx, a timeout or a dropped connection. */
  writesCommittedBeforeFault: number;
  /** Tokens minted (a client authenticating per request shows up here, §1). */
  tokensIssued: number;
}

export interface PersonioEmulator {
  url: string;
  port: number;
  host: string;
  state: PersonioEmulatorState;
  stats: PersonioEmulatorStats;
  credentials: { clientId: string; clientSecret: string };
  /** Replace the fault profile; resets the per-request attempt counters. */
  setFaults(faults: FaultProfile | number | undefined): void;
  /** Script one fault (or `times` faults) for matching requests, e.g. `{ kind: 'drop_after_commit', method: 'POST', path: '/v1/company/time-offs' }`. */
  injectFault(rule: FaultRule): void;
  clearInjectedFaults(): void;
  setLatency(ms: number): void;
  /** Make every issued token expire now (the next data call answers 401). */
  expireTokens(): void;
  /** Another client using N employee-list requests a second of the shared budget (0 = none). */
  setOtherClient(perSecond: number): void;
  /** Requests of that other client the limits let through so far (its share of the budget). */
  readonly otherClientRequests: number;
  resetStats(): void;
  close(): Promise<void>;
}

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'form'; value: Record<string, string | string[]> } | { kind: 'invalid'; reason: string };

interface Ctx {
  method: string;
  url: URL;
  params: string[];
  body: Body;
  token: TokenRecord | null;
}

interface Result {
  status: number;
  body: unknown;
}

type MalformedTarget = { where: 'list' | 'single'; corrupt: (item: Record<string, unknown>, pick: number) => string };

interface Route {
  method: string;
  /** Template for stats keys. */
  path: string;
  re: RegExp;
  auth: boolean;
  right?: PersonioRight;
  bucket: RateBucket;
  write: boolean;
  malformed?: MalformedTarget;
  /** A v2 route: v2 error shapes (403 "Insufficient access scope"). */
  v2?: boolean;
  /** Retired (v1 attendances after 30 August 2026): answers 404 as an unknown route would. */
  removed?: boolean;
  handler: (ctx: Ctx) => Result;
}

const v1Error = (status: number, code: number, message: string, extra: Record<string, unknown> = {}): Result => ({
  status,
  body: { success: false, error: { code, message, ...extra } },
});

// §1 error shapes, with `message` first as Personio writes them.
const NOT_PROVIDED = { status: 401, body: { success: false, error: { message: 'Authorization is not provided', code: 401 } } };
const NOT_VALID = { status: 403, body: { success: false, error: { message: 'Provided authorization is not valid', code: 403 } } };
// UNCONFIRMED wording; status 401 and the v1 shape are what clients act on.
const EXPIRED = { status: 401, body: { success: false, error: { message: 'The access token has expired', code: 401 } } };
const FORBIDDEN = { status: 403, body: { success: false, error: { message: 'personio.core.api.exceptions.api.forbidden.http.exception', code: 0 } } };
// No body shape is documented for 429; the v1 error shape is the safe guess. Never a Retry-After header (§2).
const TOO_MANY = { status: 429, body: { success: false, error: { code: 429, message: 'Too Many Requests' } } };

/** The v2 error envelope (nmbrs-rest-and-personio-time.md §B2). */
const v2Error = (status: number, title: string, detail: string, type: string, path: string): Result => ({
  status,
  body: {
    personio_trace_id: `emu-${Math.random().toString(16).slice(2, 10)}`,
    timestamp: new Date().toISOString().slice(0, 19) + 'Z',
    errors: [{ title, detail, type: `https://developer.personio.de/v2.0/page/public-api-error-codes#${type}`, _meta: { path } }],
  },
});
const V2_FORBIDDEN = (path: string) => v2Error(403, 'Insufficient access scope', 'The access token does not carry the scope this endpoint needs.', 'common.forbidden', path);

function intParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function listParam(q: URLSearchParams, name: string): string[] {
  // Both `attributes[]=a&attributes[]=b` (documented) and `attributes=a,b` (seen in the wild).
  return [...q.getAll(`${name}[]`), ...q.getAll(name).flatMap((v) => v.split(','))].map((s) => s.trim()).filter(Boolean);
}

function boolParam(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

function pagingMeta(total: number, limit: number, currentPage: number) {
  return { total_elements: total, current_page: currentPage, total_pages: Math.ceil(total / limit) };
}

/** Memoises a filtered, sorted id list per query until the account changes (paging re-asks the same query many times). */
class QueryCache<T> {
  private readonly entries = new Map<string, { revision: number; rows: T[] }>();
  get(key: string, revision: number, compute: () => T[]): T[] {
    const hit = this.entries.get(key);
    if (hit && hit.revision === revision) return hit.rows;
    const rows = compute();
    if (this.entries.size > 32) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { revision, rows });
    return rows;
  }
}

function emptyStats(): PersonioEmulatorStats {
  return {
    totalCalls: 0,
    calls: {},
    statuses: {},
    served429: 0,
    rateLimited: 0,
    rateLimitedBy: {},
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    writesCommittedBeforeFault: 0,
    tokensIssued: 0,
  };
}

function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function parseBody(req: IncomingMessage, raw: Buffer): Body {
  if (raw.length === 0) return { kind: 'none' };
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return { kind: 'form', value: parseForm(text) };
  if (type.includes('json') || type === '') {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'invalid', reason: 'The request body is not valid JSON.' };
    }
  }
  return { kind: 'invalid', reason: `Unsupported content type ${type}.` };
}

const bodyObject = (body: Body): Record<string, unknown> | null =>
  body.kind === 'json' && body.value && typeof body.value === 'object' && !Array.isArray(body.value)
    ? (body.value as Record<string, unknown>)
    : body.kind === 'form'
      ? body.value
      : null;

export async function startPersonioEmulator(options: PersonioEmulatorOptions): Promise<PersonioEmulator> {
  if (!Number.isInteger(options.employees) || options.employees < 0) throw new Error('employees must be a non-negative integer');
  if (!Number.isInteger(options.seed)) throw new Error('seed must be an integer');
  const clock = options.clock ?? Date.now;
  const nowMs = clock();
  const referenceDate = options.referenceDate ?? utcDate(nowMs + berlinOffsetMinutes(nowMs) * 60_000);
  if (!isValidDate(referenceDate)) throw new Error(`referenceDate must be YYYY-MM-DD, got ${referenceDate}`);

  const credentials = { clientId: options.clientId ?? 'papi-emulator-client', clientSecret: options.clientSecret ?? 'papi-emulator-secret' };
  const paging: PagingLimits = { ...PERSONIO_PAGING, ...options.paging };
  const rights = new Set(options.rights ?? ALL_RIGHTS);
  const whitelist = options.attributeWhitelist ? new Set(options.attributeWhitelist) : null;
  const whitelisted = (key: string) => !whitelist || key === 'id' || whitelist.has(key);

  const state = new PersonioEmulatorState({
    seed: options.seed,
    employees: options.employees,
    referenceDate,
    clock,
    ...(options.seedAttendances ? { seedAttendances: options.seedAttendances } : {}),
    ...(options.invalidBsnShare !== undefined ? { invalidBsnShare: options.invalidBsnShare } : {}),
    ...(options.upperCaseEmailShare !== undefined ? { upperCaseEmailShare: options.upperCaseEmailShare } : {}),
    ...(options.invalidEmailShare !== undefined ? { invalidEmailShare: options.invalidEmailShare } : {}),
  });
  state.periodMidnightEnd = options.attendancePeriods?.midnightEnd ?? 'next_day_0000';
  const tokens = new TokenStore({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    ttlMs: (options.tokenTtlSeconds ?? 86_400) * 1000,
    clock,
    rotateTokens: options.rotateTokens ?? false,
    ...(options.tokens?.refusedAfterSeconds !== undefined ? { refuseAfterMs: options.tokens.refusedAfterSeconds * 1000 } : {}),
    ...(options.tokens?.stable !== undefined ? { stable: options.tokens.stable } : {}),
  });
  /** `expires_in` of an auth answer, as the `tokens.expiresIn` knob says. */
  const expiresIn = (token: TokenRecord): { expires_in?: number } =>
    options.tokens?.expiresIn === 'omitted' ? {} : { expires_in: options.tokens?.expiresIn === 'full' ? tokens.ttlSeconds : Math.max(0, Math.round((token.expiresAt - clock()) / 1000)) };
  const limiter = options.rateLimit === false ? null : new PersonioRateLimiter({ ...options.rateLimit, ...(options.otherClientPerSecond ? { otherClientPerSecond: options.otherClientPerSecond } : {}) });
  let injector = new FaultInjector(normalizeFaults(options.faults), normalizeFaults(options.faults).seed ?? options.seed);
  const stats = emptyStats();
  const ctxSer: SerializeContext = { employeeById: (id) => state.getEmployee(id), ...(options.unlistedAttributes ? { unlistedAttributes: true } : {}) };

  const employeeQueries = new QueryCache<EmployeeRecord>();
  const attendanceQueries = new QueryCache<ReturnType<PersonioEmulatorState['listAttendances']>[number]>();
  const timeOffQueries = new QueryCache<ReturnType<PersonioEmulatorState['listTimeOffs']>[number]>();

  // ── handlers ──────────────────────────────────────────────────────────────

  function scope(): string {
    return [...rights].join(' ');
  }

  function v1Auth(ctx: Ctx): Result {
    // JSON or form body; older clients send query parameters (the vendor's Postman collection does).
    const body = bodyObject(ctx.body) ?? {};
    const clientId = body.client_id ?? ctx.url.searchParams.get('client_id');
    const clientSecret = body.client_secret ?? ctx.url.searchParams.get('client_secret');
    if (!tokens.credentialsMatch(clientId, clientSecret)) {
      // UNCONFIRMED status/wording for bad credentials; the v1 error envelope is documented.
      return v1Error(401, 401, 'Wrong credentials');
    }
    const before = tokens.issuedCount;
    const token = tokens.issue('v1');
    stats.tokensIssued += tokens.issuedCount - before;
    return {
      status: 200,
      body: { success: true, data: { token: token.value, ...expiresIn(token), scope: scope() } },
    };
  }

  function v2Token(ctx: Ctx): Result {
    // §1 v2: form-urlencoded client-credentials grant; errors in the OAuth 2.0 shape (RFC 6749 §5.2).
    if (ctx.body.kind !== 'form') return { status: 400, body: { error: 'invalid_request', error_description: 'The request must be application/x-www-form-urlencoded.' } };
    const f = ctx.body.value;
    if (!f.grant_type || !f.client_id || !f.client_secret) return { status: 400, body: { error: 'invalid_request', error_description: 'Required parameters are missing.' } };
    if (f.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' } };
    if (!tokens.credentialsMatch(f.client_id, f.client_secret)) return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
    const before = tokens.issuedCount;
    const token = tokens.issue('v2');
    stats.tokensIssued += tokens.issuedCount - before;
    return {
      status: 200,
      body: { access_token: token.value, token_type: 'Bearer', ...expiresIn(token), scope: scope() },
    };
  }

  function v2Revoke(ctx: Ctx): Result {
    const f = ctx.body.kind === 'form' ? ctx.body.value : {};
    if (typeof f.token === 'string') tokens.revoke(f.token);
    return { status: 200, body: {} };
  }

  function listEmployees(ctx: Ctx): Result {
    const q = ctx.url.searchParams;
    const rawLimit = intParam(q.get('limit'));
    const limit = Math.min(paging.employeesMax, rawLimit !== null && rawLimit >= 1 ? rawLimit : paging.employeesDefault);
    const offset = Math.max(0, intParam(q.get('offset')) ?? 0);
    const requested = listParam(q, 'attributes').filter((k) => EMPLOYEE_ATTRIBUTE_KEYS.has(k));
    const projection = requested.length ? new Set(requested) : null;
    const visible = (key: string) => whitelisted(key) && (!projection || projection.has(key));

    const updatedSince = q.get('updated_since');
    const email = q.get('email');
    let since: number | null = null;
    if (updatedSince) {
      since = parseFilterInstant(updatedSince);
      if (since === null) return v1Error(400, 400, 'The updated since must be a date in the format YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss.');
    }
    const key = JSON.stringify([since, since === null ? email?.toLowerCase() : null, since === null ? null : requested]);
    const rows = employeeQueries.get(key, state.revision, () => {
      const all = state.listEmployees();
      if (since !== null) {
        // Only attributes the credential can see count as "updated" (§2); the spec says email is then ignored.
        const keys = [...(projection ?? EMPLOYEE_ATTRIBUTE_KEYS)].filter(whitelisted);
        const fast = !projection && !whitelist;
        return all.filter((e) =>
          fast ? e.last_modified_at > since! : keys.some((k) => (e.attribute_updated_at[k] ?? e.created_at) > since!),
        );
      }
      if (email) return all.filter((e) => e.email.toLowerCase() === email.toLowerCase());
      return [...all];
    });
    // Paging applies with updated_since too (§2), although the spec text says limit/offset are then ignored.
    const page = rows.slice(offset, offset + limit);
    return {
      status: 200,
      body: {
        success: true,
        metadata: pagingMeta(rows.length, limit, Math.floor(offset / limit)),
        offset,
        limit,
        data: page.map((e) => serializeEmployee(e, ctxSer, visible)),
      },
    };
  }

  function getEmployee(ctx: Ctx): Result {
    const id = intParam(ctx.params[0] ?? null);
    const e = id === null ? undefined : state.getEmployee(id);
    // The spec's own example: code 404 with a German message.
    if (!e) return v1Error(404, 404, 'Es ist ein Problem aufgetreten');
    const requested = listParam(ctx.url.searchParams, 'attributes').filter((k) => EMPLOYEE_ATTRIBUTE_KEYS.has(k));
    const projection = requested.length ? new Set(requested) : null;
    return { status: 200, body: { success: true, data: serializeEmployee(e, ctxSer, (k) => whitelisted(k) && (!projection || projection.has(k))) } };
  }

  function listAttributes(): Result {
    return { status: 200, body: { success: true, data: serializeAttributeList(whitelisted) } };
  }

  function listAttendances(ctx: Ctx): Result {
    const q = ctx.url.searchParams;
    const start = q.get('start_date');
    const end = q.get('end_date');
    if (!start) return v1Error(400, 400, 'The start date field is required.');
    if (!end) return v1Error(400, 400, 'The end date field is required.');
    if (!isValidDate(start) || !isValidDate(end)) return v1Error(400, 400, 'The start date and end date must be dates in the format YYYY-MM-DD.');
    const updatedFrom = q.get('updated_from') ? parseFilterInstant(q.get('updated_from')!) : null;
    const updatedTo = q.get('updated_to') ? parseFilterInstant(q.get('updated_to')!, true) : null;
    if ((q.get('updated_from') && updatedFrom === null) || (q.get('updated_to') && updatedTo === null)) {
      return v1Error(400, 400, 'updated_from and updated_to must be a date or a date-time.');
    }
    const includePending = boolParam(q.get('includePending')) === true;
    const employees = listParam(q, 'employees').map(Number).filter(Number.isInteger);
    const rawLimit = intParam(q.get('limit'));
    let limit = rawLimit !== null && rawLimit >= 1 ? rawLimit : paging.attendancesDefault;
    if (paging.attendancesMax !== null) limit = Math.min(limit, paging.attendancesMax);
    const offset = Math.max(0, intParam(q.get('offset')) ?? 0);

    const key = JSON.stringify([start, end, updatedFrom, updatedTo, includePending, employees]);
    const rows = attendanceQueries.get(key, state.revision, () => {
      const only = employees.length ? new Set(employees) : null;
      return state
        .listAttendances()
        .filter(
          (a) =>
            a.date >= start &&
            a.date <= end &&
            (includePending || a.status === 'confirmed') &&
            (!only || only.has(a.employee)) &&
            (updatedFrom === null || a.updated_at >= updatedFrom) &&
            (updatedTo === null || a.updated_at <= updatedTo),
        )
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.start_time < b.start_time ? -1 : a.start_time > b.start_time ? 1 : a.id - b.id));
    });
    const strict = options.specTypedAttendancePaging ?? false;
    return {
      status: 200,
      body: {
        success: true,
        metadata: pagingMeta(rows.length, limit, Math.floor(offset / limit)),
        // Strings, as the live API sends them (§3), unless asked to follow the spec's integer type.
        offset: strict ? offset : String(offset),
        limit: strict ? limit : String(limit),
        data: rows.slice(offset, offset + limit).map(serializeAttendance),
      },
    };
  }

  function createAttendances(ctx: Ctx): Result {
    const body = ctx.body.kind === 'json' ? bodyObject(ctx.body) : null;
    const rows = body?.attendances;
    if (!Array.isArray(rows) || rows.length === 0) return v1Error(400, 400, 'The attendances field is required and must be a non-empty list.');
    const results = state.createAttendances(rows as AttendanceInput[], { skipApproval: boolParam(body?.skip_approval) });
    if (results.every((r) => r.success)) {
      return { status: 200, body: { success: true, data: { id: results.map((r) => r.id), message: 'success' } } };
    }
    // §3: 400 with a result per row; the successful rows are already saved (partial commit).
    return v1Error(400, 400, 'Error when trying to insert Attendances periods rows', { detailed_message: results });
  }

  function patchAttendance(ctx: Ctx): Result {
    const id = intParam(ctx.params[0] ?? null);
    if (id === null) return v1Error(400, 400, 'Bad Request');
    const body = bodyObject(ctx.body);
    const fields = ['date', 'start_time', 'end_time', 'break', 'comment', 'project_id', 'skip_approval'];
    if (!body || !fields.some((f) => f in body)) {
      if (!state.getAttendance(id)) return v1Error(404, 404, 'The attendance period was not found.');
      return v1Error(400, 400, 'At least one of date, start_time, end_time, break, comment, project_id or skip_approval is required.');
    }
    const result = state.updateAttendance(id, { ...body, skip_approval: boolParam(body.skip_approval) });
    if (result.kind === 'not_found') return v1Error(404, 404, 'The attendance period was not found.');
    if (result.kind === 'invalid') return v1Error(400, 400, 'Error when trying to insert Attendances periods rows.', { detailed_message: [result.row] });
    return { status: 200, body: { success: true, data: { message: 'The attendance period was updated.' } } };
  }

  function deleteAttendance(ctx: Ctx): Result {
    const id = intParam(ctx.params[0] ?? null);
    if (id === null) return v1Error(400, 400, 'Bad Request');
    if (!state.deleteAttendance(id)) return v1Error(404, 404, 'The attendance period was not found.');
    return { status: 200, body: { success: true, data: { message: 'The attendance period was deleted.' } } };
  }

  function listProjects(): Result {
    return {
      status: 200,
      body: {
        success: true,
        data: state.projects.map((p) => ({
          id: p.id,
          type: 'Project',
          attributes: { name: p.name, active: p.active, created_at: new Date(p.created_at).toISOString(), updated_at: new Date(p.updated_at).toISOString() },
        })),
      },
    };
  }

  function listTimeOffTypes(ctx: Ctx): Result {
    const q = ctx.url.searchParams;
    const rawLimit = intParam(q.get('limit'));
    const limit = rawLimit !== null && rawLimit >= 1 ? rawLimit : 200;
    const offset = Math.max(0, intParam(q.get('offset')) ?? 0);
    return {
      status: 200,
      body: { success: true, data: TIME_OFF_TYPES.slice(offset, offset + limit).map((t) => ({ type: 'TimeOffType', attributes: { ...t } })) },
    };
  }

  function listTimeOffs(ctx: Ctx): Result {
    const q = ctx.url.searchParams;
    const dates: Record<string, string | null> = {};
    for (const name of ['start_date', 'end_date', 'updated_from', 'updated_to']) {
      const v = q.get(name);
      // §4: these filters are DATES here, not date-times.
      if (v !== null && v !== '' && !isValidDate(v)) return v1Error(400, 400, `The ${name.replace('_', ' ')} must be a date in the format YYYY-MM-DD.`);
      dates[name] = v || null;
    }
    const employees = listParam(q, 'employees').map(Number).filter(Number.isInteger);
    const rawLimit = intParam(q.get('limit'));
    const limit = Math.min(paging.timeOffsMax, rawLimit !== null && rawLimit >= 1 ? rawLimit : paging.timeOffsDefault);
    const rawOffset = Math.max(0, intParam(q.get('offset')) ?? 0);
    // §4: `offset` is a PAGE NUMBER here, starting at 1; 0 is treated as 1.
    const page = Math.max(1, rawOffset);
    const from = dates.updated_from ? parseFilterInstant(dates.updated_from) : null;
    const to = dates.updated_to ? parseFilterInstant(dates.updated_to, true) : null;

    const key = JSON.stringify([dates, employees]);
    const rows = timeOffQueries.get(key, state.revision, () => {
      const only = employees.length ? new Set(employees) : null;
      return state
        .listTimeOffs()
        .filter(
          (t) =>
            // Rejected ones vanish from the list, like deleted ones (§4).
            t.status !== 'rejected' &&
            (!dates.start_date || t.end_date >= dates.start_date) &&
            (!dates.end_date || t.start_date <= dates.end_date) &&
            (!only || only.has(t.employee)) &&
            (from === null || t.updated_at >= from) &&
            (to === null || t.updated_at <= to),
        )
        .sort((a, b) => a.id - b.id);
    });
    return {
      status: 200,
      body: {
        success: true,
        metadata: pagingMeta(rows.length, limit, page),
        data: rows.slice((page - 1) * limit, page * limit).map((t) => serializeTimeOff(t, state.getEmployee(t.employee))),
        offset: rawOffset,
        limit,
      },
    };
  }

  function getTimeOff(ctx: Ctx): Result {
    const id = intParam(ctx.params[0] ?? null);
    const t = id === null ? undefined : state.getTimeOff(id);
    if (!t || t.status === 'rejected') return v1Error(404, 404, 'The absence period was not found.');
    return { status: 200, body: { success: true, data: serializeTimeOff(t, state.getEmployee(t.employee)) } };
  }

  function deleteTimeOff(ctx: Ctx): Result {
    const id = intParam(ctx.params[0] ?? null);
    if (id === null) return v1Error(400, 400, 'The absence period id is invalid.');
    if (!state.removeTimeOff(id)) return v1Error(404, 404, 'The absence period was not found.');
    return { status: 200, body: { success: true, data: { message: 'The absence period was deleted.' } } };
  }

  function createTimeOff(ctx: Ctx): Result {
    // §4: form-urlencoded only; a JSON body is not read, so its fields count as missing.
    const f = ctx.body.kind === 'form' ? ctx.body.value : {};
    const required = ['employee_id', 'time_off_type_id', 'start_date', 'end_date', 'half_day_start', 'half_day_end'];
    const missing = required.filter((k) => typeof f[k] !== 'string' || f[k] === '');
    if (missing.length || !isValidDate(f.start_date) || !isValidDate(f.end_date) || (f.start_date as string) > (f.end_date as string)) {
      return v1Error(422, 0, 'The given data failed to pass validation.', { error_data: Object.fromEntries(missing.map((k) => [k, [`The ${k} field is required.`]])) });
    }
    const employee = state.getEmployee(Number(f.employee_id));
    if (!employee) return v1Error(404, 0, 'Employee not found.');
    const type = TIME_OFF_TYPES.find((t) => t.id === Number(f.time_off_type_id) && t.unit === 'day');
    if (!type) return v1Error(404, 0, 'Time-off type not found.');
    const start = f.start_date as string;
    const end = f.end_date as string;
    const overlaps = state.listTimeOffs().some((t) => t.employee === employee.id && t.status !== 'rejected' && t.start_date <= end && t.end_date >= start);
    if (overlaps) return v1Error(400, 400, 'Error when trying to insert absence period');
    const record = state.addTimeOff({
      employee: employee.id,
      time_off_type_id: type.id,
      start_date: start,
      end_date: end,
      half_day_start: boolParam(f.half_day_start) ?? false,
      half_day_end: boolParam(f.half_day_end) ?? false,
      comment: typeof f.comment === 'string' ? f.comment : '',
      status: boolParam(f.skip_approval) === false && type.approval_required ? 'pending' : 'approved',
      created_by: 'API',
    });
    return { status: 200, body: { success: true, data: serializeTimeOff(record, employee) } };
  }

  // ── v2 time (attendance and absence periods) ──────────────────────────────

  /** A local date-time without offset, as v2 writes them (§B1). */
  const localDateTime = (date: string, time: string) => `${date}T${time.length === 5 ? `${time}:00` : time}`;
  const uuidOf = (kind: number, id: number) => `00000000-0000-4000-${kind.toString(16).padStart(4, '0')}-${id.toString(16).padStart(12, '0')}`;

  /** Cursor paging over a list: `limit` ≤ 100, `cursor` an opaque offset, the next link absolute (§B2). */
  function v2Page<T>(ctx: Ctx, rows: T[], map: (r: T) => unknown): Result {
    const q = ctx.url.searchParams;
    const rawLimit = intParam(q.get('limit'));
    const limit = Math.min(100, rawLimit !== null && rawLimit >= 1 ? rawLimit : 50);
    const cursor = q.get('cursor');
    const offset = cursor ? Math.max(0, Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10) || 0) : 0;
    const page = rows.slice(offset, offset + limit);
    const self = new URL(ctx.url.pathname + ctx.url.search, srv.url);
    const links: Record<string, { href: string }> = { self: { href: self.href } };
    if (offset + limit < rows.length) {
      const next = new URL(self.href);
      next.searchParams.set('cursor', Buffer.from(String(offset + limit)).toString('base64url'));
      links.next = { href: next.href };
    }
    return { status: 200, body: { _data: page.map(map), _meta: { links } } };
  }

  /** v1-era attendances (seeded or written through v1) as v2 periods: one WORK period each. */
  const legacyPeriod = (a: ReturnType<PersonioEmulatorState['listAttendances']>[number]) => ({
    id: uuidOf(1, a.id),
    type: 'WORK',
    person: { id: String(a.employee) },
    start: { date_time: localDateTime(a.date, a.start_time) },
    end: a.end_time ? { date_time: localDateTime(a.date, a.end_time) } : null,
    attribution_date: a.date,
    approval: { status: a.status.toUpperCase() },
    comment: a.comment,
    project: a.project_id === null ? null : { id: String(a.project_id) },
    is_auto_generated: false,
    is_holiday: a.is_holiday,
    is_on_time_off: a.is_on_time_off,
    created_at: new Date(a.updated_at).toISOString().slice(0, 19),
    updated_at: new Date(a.updated_at).toISOString().slice(0, 19),
  });

  const serializePeriod = (p: AttendancePeriodRecord) => ({
    id: p.id,
    type: p.type,
    person: { id: String(p.person) },
    start: { date_time: p.start },
    end: p.end === null ? null : { date_time: p.end },
    attribution_date: p.start.slice(0, 10),
    approval: { status: p.status },
    comment: p.comment,
    project: null,
    is_auto_generated: false,
    is_holiday: false,
    is_on_time_off: false,
    created_at: new Date(p.created_at).toISOString().slice(0, 19),
    updated_at: new Date(p.updated_at).toISOString().slice(0, 19),
  });

  /** A list filter's local date-time; `Z` or an offset is refused as Personio does (§B1: 400 "Invalid request content"). */
  function filterDateTime(q: URLSearchParams, name: string): { ok: true; value: string | null } | { ok: false } {
    const v = q.get(name);
    if (v === null || v === '') return { ok: true, value: null };
    if (!isLocalDateTime(v)) return { ok: false };
    return { ok: true, value: v.length === 16 ? `${v}:00` : v };
  }

  const PERIOD_FILTERS = ['start.date_time.gte', 'start.date_time.lte', 'end.date_time.gte', 'end.date_time.lte', 'updated_at.gte', 'updated_at.lte'] as const;

  function listAttendancePeriods(ctx: Ctx): Result {
    const q = ctx.url.searchParams;
    const personIds = listParam(q, 'person.id').map((v) => intParam(v)).filter((n): n is number => n !== null);
    const f: Record<string, string | null> = {};
    for (const name of PERIOD_FILTERS) {
      const r = filterDateTime(q, name);
      if (!r.ok) return v2Error(400, 'Invalid request content', `${name} must be a local date-time without offset, e.g. 2026-06-01T08:00:00.`, 'common.invalid_request_content', ctx.url.pathname);
      f[name] = r.value;
    }
    const persons = personIds.length ? new Set(personIds) : null;
    type Row = { start: string; end: string | null; updated: string; person: number; out: () => unknown };
    // One person asked for: only their periods are looked at (a benchmark sends tens of thousands). Rows are serialized after filtering.
    const periods = persons && persons.size === 1 ? state.listPeriodsOf([...persons][0]!) : state.listPeriods();
    const rows: Row[] = [
      ...state.listAttendances().map((a) => {
        const out = legacyPeriod(a);
        return { start: out.start.date_time, end: out.end?.date_time ?? null, updated: out.updated_at, person: a.employee, out: () => out };
      }),
      ...periods.map((p) => ({ start: p.start, end: p.end, updated: new Date(p.updated_at).toISOString().slice(0, 19), person: p.person, out: () => serializePeriod(p) })),
    ].filter(
      (r) =>
        (!persons || persons.has(r.person)) &&
        (f['start.date_time.gte'] === null || r.start >= f['start.date_time.gte']!) &&
        (f['start.date_time.lte'] === null || r.start <= f['start.date_time.lte']!) &&
        (f['end.date_time.gte'] === null || (r.end !== null && r.end >= f['end.date_time.gte']!)) &&
        (f['end.date_time.lte'] === null || (r.end !== null && r.end <= f['end.date_time.lte']!)) &&
        (f['updated_at.gte'] === null || r.updated >= f['updated_at.gte']!) &&
        (f['updated_at.lte'] === null || r.updated <= f['updated_at.lte']!),
    );
    return v2Page(ctx, rows, (r) => r.out());
  }

  const periodNotFound = (ctx: Ctx) => v2Error(404, 'Not Found', `The attendance period ${ctx.params[0] ?? ''} was not found.`, options.attendancePeriods?.notFoundType ?? 'common.requested_resource_not_found', ctx.url.pathname);
  const routeMissing = (ctx: Ctx, method: 'PATCH' | 'DELETE'): Result | null =>
    options.attendancePeriods?.missingRoutes?.includes(method) ? v2Error(404, 'Not Found', `The endpoint with ${ctx.url.pathname} was not found.`, 'apinot_found', ctx.url.pathname) : null;
  const invalidContent = (ctx: Ctx, detail: string) => v2Error(400, 'Invalid request content', detail, 'common.invalid_request_content', ctx.url.pathname);
  // Status codes and titles of the business-rule refusals are UNCONFIRMED (§B1); 422 with a title naming the rule.
  const refusal = (ctx: Ctx, r: PeriodRefusal) =>
    r.kind === 'invalid' && r.title === 'Invalid request content'
      ? invalidContent(ctx, r.detail)
      : v2Error(options.attendancePeriods?.refusalStatus ?? 422, options.attendancePeriods?.refusalTitles === 'generic' ? 'Unprocessable Entity' : r.title, r.detail, r.kind === 'overlap' ? 'attendance_period.overlap' : r.kind === 'unknown_person' ? 'attendance_period.person_not_found' : 'attendance_period.invalid', ctx.url.pathname);
  const selfLink = (id: string) => ({ links: { self: { href: new URL(`/v2/attendance-periods/${id}`, srv.url).href } } });
  // `?skip_approval=true` (placement UNCONFIRMED, §B1: a query parameter in one client) confirms at once.
  const approvalStatus = (ctx: Ctx) => (ctx.url.searchParams.get('skip_approval') === 'true' ? 'CONFIRMED' : (options.attendancePeriodApproval ?? 'CONFIRMED'));

  /** The body fields of a create (all required but `end`/`comment`) or a patch (any of them); `person` only on create. */
  function readPeriodBody(ctx: Ctx, create: boolean): { ok: true; fields: Partial<PeriodInput> } | { ok: false; result: Result } {
    const body = ctx.body.kind === 'json' ? bodyObject(ctx.body) : null;
    if (!body) return { ok: false, result: invalidContent(ctx, 'The request body must be a JSON object.') };
    const fields: Partial<PeriodInput> = {};
    const dt = (v: unknown): string | null | undefined => {
      if (v === null) return null;
      const d = (v as { date_time?: unknown } | undefined)?.date_time;
      return typeof d === 'string' ? d : undefined;
    };
    if ('person' in body) {
      if (!create) return { ok: false, result: invalidContent(ctx, 'The person of an attendance period cannot change.') };
      const id = intParam(String((body.person as { id?: unknown } | null)?.id ?? ''));
      if (id === null) return { ok: false, result: invalidContent(ctx, 'person.id is required.') };
      fields.person = id;
    }
    if ('type' in body) {
      if (body.type !== 'WORK' && body.type !== 'BREAK') return { ok: false, result: invalidContent(ctx, 'type must be WORK or BREAK.') };
      fields.type = body.type;
    }
    if ('start' in body) {
      const v = dt(body.start);
      if (typeof v !== 'string' || !isLocalDateTime(v)) return { ok: false, result: invalidContent(ctx, 'start.date_time must be a local date-time without offset.') };
      fields.start = v;
    }
    if ('end' in body) {
      const v = dt(body.end);
      if (v === undefined || (v !== null && !isLocalDateTime(v))) return { ok: false, result: invalidContent(ctx, 'end.date_time must be a local date-time without offset.') };
      fields.end = v;
    }
    if ('comment' in body) {
      if (typeof body.comment !== 'string' && body.comment !== null) return { ok: false, result: invalidContent(ctx, 'comment must be a string.') };
      fields.comment = (body.comment as string | null) ?? '';
    }
    if (create && (fields.person === undefined || fields.type === undefined || fields.start === undefined)) {
      return { ok: false, result: invalidContent(ctx, 'person.id, type and start.date_time are required.') };
    }
    return { ok: true, fields };
  }

  function createAttendancePeriod(ctx: Ctx): Result {
    const read = readPeriodBody(ctx, true);
    if (!read.ok) return read.result;
    const input: PeriodInput = { person: read.fields.person!, type: read.fields.type!, start: read.fields.start!, end: read.fields.end ?? null, comment: read.fields.comment ?? '' };
    const refused = state.checkPeriod(input);
    if (refused) return refusal(ctx, refused);
    const p = state.insertPeriod({ ...input, status: approvalStatus(ctx) });
    return { status: 201, body: { id: p.id, _meta: selfLink(p.id) } };
  }

  function getAttendancePeriod(ctx: Ctx): Result {
    const p = state.getPeriod(ctx.params[0] ?? '');
    if (!p) return periodNotFound(ctx);
    return { status: 200, body: { _data: serializePeriod(p), _meta: selfLink(p.id) } };
  }

  function patchAttendancePeriod(ctx: Ctx): Result {
    const missing = routeMissing(ctx, 'PATCH');
    if (missing) return missing;
    // Existence first: the client's write-right probe PATCHes an id that cannot exist with an empty body and expects 404.
    const p = state.getPeriod(ctx.params[0] ?? '');
    if (!p) return periodNotFound(ctx);
    const read = readPeriodBody(ctx, false);
    if (!read.ok) return read.result;
    const next: PeriodInput = { person: p.person, type: read.fields.type ?? p.type, start: read.fields.start ?? p.start, end: read.fields.end !== undefined ? read.fields.end : p.end, comment: read.fields.comment ?? p.comment };
    const refused = state.checkPeriod(next, p.id);
    if (refused) return refusal(ctx, refused);
    state.updatePeriod(p.id, { type: next.type, start: next.start, end: next.end, comment: next.comment, status: approvalStatus(ctx) });
    return { status: 200, body: { id: p.id, _meta: selfLink(p.id) } };
  }

  function deleteAttendancePeriod(ctx: Ctx): Result {
    const missing = routeMissing(ctx, 'DELETE');
    if (missing) return missing;
    if (!state.deletePeriod(ctx.params[0] ?? '')) return periodNotFound(ctx);
    return { status: 204, body: '' };
  }

  const absences = createAbsenceHandlers({
    state,
    options: options.absences ?? {},
    page: (url, rows, map) => v2Page({ url } as Ctx, rows, map),
    error: v2Error,
    localFilter: filterDateTime,
    list: listParam,
  });

  // ── routing ───────────────────────────────────────────────────────────────

  const list = (corrupt: MalformedTarget['corrupt']): MalformedTarget => ({ where: 'list', corrupt });
  const single = (corrupt: MalformedTarget['corrupt']): MalformedTarget => ({ where: 'single', corrupt });
  const routes: Route[] = [
    { method: 'POST', path: '/v1/auth', re: /^\/v1\/auth\/?$/, auth: false, bucket: 'v1-auth', write: false, handler: v1Auth },
    { method: 'POST', path: '/v2/auth/token', re: /^\/v2\/auth\/token\/?$/, auth: false, bucket: 'v2-auth', write: false, handler: v2Token },
    { method: 'POST', path: '/v2/auth/revoke', re: /^\/v2\/auth\/revoke\/?$/, auth: false, bucket: 'other', write: false, handler: v2Revoke },
    { method: 'GET', path: '/v1/company/employees', re: /^\/v1\/company\/employees\/?$/, auth: true, right: 'employees:read', bucket: 'employees', write: false, malformed: list(corruptEmployee), handler: listEmployees },
    { method: 'GET', path: '/v1/company/employees/attributes', re: /^\/v1\/company\/employees\/(?:custom-)?attributes\/?$/, auth: true, right: 'employees:read', bucket: 'other', write: false, handler: listAttributes },
    // The burst limit is documented for the list; the single read is counted with it (the same resource), so a client that honours it is safe either way.
    { method: 'GET', path: '/v1/company/employees/{id}', re: /^\/v1\/company\/employees\/([^/]+)\/?$/, auth: true, right: 'employees:read', bucket: 'employees', write: false, malformed: single(corruptEmployee), handler: getEmployee },
    { method: 'GET', path: '/v1/company/attendances/projects', re: /^\/v1\/company\/attendances\/projects\/?$/, auth: true, right: 'attendances:read', bucket: 'other', write: false, handler: listProjects },
    { method: 'GET', path: '/v1/company/attendances', re: /^\/v1\/company\/attendances\/?$/, auth: true, right: 'attendances:read', bucket: 'other', write: false, malformed: list(corruptAttendance), handler: listAttendances },
    { method: 'POST', path: '/v1/company/attendances', re: /^\/v1\/company\/attendances\/?$/, auth: true, right: 'attendances:write', bucket: 'other', write: true, handler: createAttendances },
    { method: 'PATCH', path: '/v1/company/attendances/{id}', re: /^\/v1\/company\/attendances\/([^/]+)\/?$/, auth: true, right: 'attendances:write', bucket: 'other', write: true, handler: patchAttendance },
    { method: 'DELETE', path: '/v1/company/attendances/{id}', re: /^\/v1\/company\/attendances\/([^/]+)\/?$/, auth: true, right: 'attendances:write', bucket: 'other', write: true, handler: deleteAttendance },
    { method: 'GET', path: '/v1/company/time-off-types', re: /^\/v1\/company\/time-off-types\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, handler: listTimeOffTypes },
    { method: 'GET', path: '/v1/company/time-offs', re: /^\/v1\/company\/time-offs\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, malformed: list(corruptTimeOff), handler: listTimeOffs },
    { method: 'POST', path: '/v1/company/time-offs', re: /^\/v1\/company\/time-offs\/?$/, auth: true, right: 'absences:write', bucket: 'other', write: true, handler: createTimeOff },
    { method: 'GET', path: '/v1/company/time-offs/{id}', re: /^\/v1\/company\/time-offs\/([^/]+)\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, malformed: single(corruptTimeOff), handler: getTimeOff },
    { method: 'DELETE', path: '/v1/company/time-offs/{id}', re: /^\/v1\/company\/time-offs\/([^/]+)\/?$/, auth: true, right: 'absences:write', bucket: 'other', write: true, handler: deleteTimeOff },
    { method: 'GET', path: '/v2/attendance-periods', re: /^\/v2\/attendance-periods\/?$/, auth: true, right: 'attendances:read', bucket: 'other', write: false, v2: true, handler: listAttendancePeriods },
    { method: 'POST', path: '/v2/attendance-periods', re: /^\/v2\/attendance-periods\/?$/, auth: true, right: 'attendances:write', bucket: 'other', write: true, v2: true, handler: createAttendancePeriod },
    { method: 'GET', path: '/v2/attendance-periods/{id}', re: /^\/v2\/attendance-periods\/([^/]+)\/?$/, auth: true, right: 'attendances:read', bucket: 'other', write: false, v2: true, handler: getAttendancePeriod },
    { method: 'PATCH', path: '/v2/attendance-periods/{id}', re: /^\/v2\/attendance-periods\/([^/]+)\/?$/, auth: true, right: 'attendances:write', bucket: 'other', write: true, v2: true, handler: patchAttendancePeriod },
    { method: 'DELETE', path: '/v2/attendance-periods/{id}', re: /^\/v2\/attendance-periods\/([^/]+)\/?$/, auth: true, right: 'attendances:write', bucket: 'other', write: true, v2: true, handler: deleteAttendancePeriod },
    { method: 'GET', path: '/v2/absence-periods', re: /^\/v2\/absence-periods\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, v2: true, handler: (ctx) => absences.listPeriods(ctx.url) },
    { method: 'GET', path: '/v2/absence-periods/{id}', re: /^\/v2\/absence-periods\/([^/]+)\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, v2: true, handler: (ctx) => absences.getPeriod(ctx.url, ctx.params[0] ?? '') },
    { method: 'GET', path: '/v2/absence-periods/{id}/breakdowns', re: /^\/v2\/absence-periods\/([^/]+)\/breakdowns\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, v2: true, handler: (ctx) => absences.breakdowns(ctx.url, ctx.params[0] ?? '') },
    { method: 'GET', path: '/v2/absence-types', re: /^\/v2\/absence-types\/?$/, auth: true, right: 'absences:read', bucket: 'other', write: false, v2: true, handler: (ctx) => absences.listTypes(ctx.url) },
  ];
  if ((options.v1Attendances ?? 'removed') === 'removed') for (const r of routes) if (r.path.startsWith('/v1/company/attendances')) r.removed = true;

  function match(method: string, pathname: string): { route: Route; params: string[] } | { route: null; pathKnown: boolean } {
    let pathKnown = false;
    for (const route of routes) {
      const m = route.re.exec(pathname);
      if (!m) continue;
      pathKnown = true;
      if (route.method === method) return { route, params: m.slice(1).map(decodeURIComponent) };
    }
    return { route: null, pathKnown };
  }

  // ── request pipeline ──────────────────────────────────────────────────────

  const injected = new FaultQueue();
  // Handed over by startServer before the first request can arrive.
  let srv!: EmulatorServer;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): void {
    if (res.destroyed || res.writableEnded) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    if (status === 429) stats.served429++;
  }

  function sendScripted(res: ServerResponse, rule: FaultRule): void {
    const status = rule.status!;
    const headers: Record<string, string> = rule.retryAfterSeconds !== undefined ? { 'retry-after': String(rule.retryAfterSeconds) } : {};
    if (status === 429) {
      send(res, TOO_MANY.status, TOO_MANY.body, headers);
      return;
    }
    send(res, status, { success: false, error: { code: status, message: status >= 500 ? 'Es ist ein Problem aufgetreten' : 'Injected fault' } }, headers);
  }

  function readBody(req: IncomingMessage): Promise<Buffer | null> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 10 * 1024 * 1024) chunks.push(c);
      });
      req.on('end', () => resolve(size > 10 * 1024 * 1024 ? null : Buffer.concat(chunks)));
      req.on('error', () => resolve(null));
    });
  }

  /** `/_emulator/*` test hooks: never counted, limited or faulted. */
  async function hook(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const raw = await readBody(req);
    const body = raw && raw.length ? parseBody(req, raw) : ({ kind: 'none' } as Body);
    const obj = bodyObject(body) ?? {};
    const reply = (status: number, value: unknown) => {
      const text = JSON.stringify(value ?? {});
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (path === '/_emulator/faults' && method === 'POST') {
      try {
        injected.add(parseFaultRule(obj));
      } catch (err) {
        return reply(400, { error: (err as Error).message });
      }
      return reply(201, { pending: injected.pending() });
    }
    if (path === '/_emulator/faults' && method === 'DELETE') {
      injected.clear();
      return reply(200, { pending: 0 });
    }
    if (path === '/_emulator/profile' && method === 'PUT') {
      try {
        api.setFaults(obj as FaultProfile);
      } catch (err) {
        return reply(400, { error: (err as Error).message });
      }
      return reply(200, injector.profile);
    }
    if (path === '/_emulator/expire-tokens' && method === 'POST') {
      tokens.expireAll();
      return reply(200, {});
    }
    if (path === '/_emulator/other-client' && method === 'PUT') {
      const n = Number(obj.perSecond ?? 0);
      if (!Number.isFinite(n) || n < 0) return reply(400, { error: 'perSecond must be a number ≥ 0' });
      api.setOtherClient(n);
      return reply(200, { perSecond: n });
    }
    // v2 attendance periods as stored (all of them, unchecked), and one put straight in as if entered in Personio's UI.
    if (path === '/_emulator/attendance-periods' && method === 'GET') return reply(200, state.listPeriods());
    if (path === '/_emulator/attendance-periods' && method === 'POST') {
      const person = Number(obj.person);
      if (!Number.isInteger(person) || (obj.type !== 'WORK' && obj.type !== 'BREAK') || typeof obj.start !== 'string') return reply(400, { error: 'person, type (WORK|BREAK) and start are required' });
      return reply(201, state.insertPeriod({ person, type: obj.type, start: obj.start, end: typeof obj.end === 'string' ? obj.end : null, comment: typeof obj.comment === 'string' ? obj.comment : '' }));
    }
    // Absences as if entered, changed, rejected or deleted in Personio's UI (issue 9: deletions leave no trace).
    if (path === '/_emulator/absences' && method === 'GET') return reply(200, state.listTimeOffs());
    if (path === '/_emulator/absences' && method === 'POST') {
      const employee = Number(obj.employee);
      const typeId = Number(obj.time_off_type_id);
      if (!Number.isInteger(employee) || !TIME_OFF_TYPES.some((t) => t.id === typeId) || !isValidDate(obj.start_date) || !isValidDate(obj.end_date)) {
        return reply(400, { error: 'employee, time_off_type_id, start_date and end_date are required' });
      }
      return reply(201, state.addTimeOff({ ...(obj as object), employee, time_off_type_id: typeId, start_date: obj.start_date, end_date: obj.end_date }));
    }
    const absenceHook = /^\/_emulator\/absences\/(\d+)(\/reject)?$/.exec(path);
    if (absenceHook) {
      const id = Number(absenceHook[1]);
      if (!state.getTimeOff(id)) return reply(404, { error: `No absence ${id}` });
      if (absenceHook[2] && method === 'POST') return reply(200, state.updateTimeOff(id, { status: 'rejected' }));
      if (!absenceHook[2] && method === 'PATCH') return reply(200, state.updateTimeOff(id, obj as object));
      if (!absenceHook[2] && method === 'DELETE') return reply(200, { deleted: state.removeTimeOff(id) });
    }
    if (path === '/_emulator/stats' && method === 'GET') return reply(200, stats);
    if (path === '/_emulator/stats' && method === 'DELETE') {
      Object.assign(stats, emptyStats());
      return reply(200, stats);
    }
    return reply(404, { error: `No emulator hook ${method} ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://personio.emulator');
    if (url.pathname.startsWith('/_emulator/')) return hook(req, res, method, url.pathname);
    const matched = match(method, url.pathname);
    // A retired route is gone: it answers like a path Personio never had.
    const found = matched.route?.removed ? { route: null, pathKnown: false } : matched;
    const route = found.route;
    const key = route ? `${method} ${route.path}` : `${method} (no route)`;
    stats.totalCalls++;
    stats.calls[key] = (stats.calls[key] ?? 0) + 1;

    const raw = await readBody(req);
    await srv.delay();
    if (srv.closed) return;
    if (raw === null) return send(res, 413, { success: false, error: { code: 413, message: 'Payload too large' } });

    if (limiter) {
      const decision = limiter.check(route?.bucket ?? 'other', req.socket.remoteAddress ?? 'unknown');
      if (!decision.allowed) {
        stats.rateLimited++;
        stats.rateLimitedBy[decision.limit!] = (stats.rateLimitedBy[decision.limit!] ?? 0) + 1;
        return send(res, TOO_MANY.status, TOO_MANY.body);
      }
    }

    const applicable = new Set<FaultKind>(['429', '5xx', 'timeout']);
    if (route?.auth) applicable.add('expiredToken');
    if (route?.malformed) applicable.add('malformed');
    if (route?.write) applicable.add('dropAfterCommit');
    // A scripted fault (test hook) wins over the random profile for this request.
    const scripted = injected.take(method, url.pathname);
    let fault: FaultDecision;
    let afterCommit: boolean;
    let timeoutMs = injector.profile.timeoutMs;
    let scriptedStatus: FaultRule | null = null;
    if (scripted) {
      const kind = faultKindOf(scripted);
      afterCommit = !!scripted.afterCommit || kind === 'drop_after_commit';
      timeoutMs = scripted.timeoutMs ?? timeoutMs;
      if (kind === 'status') scriptedStatus = scripted;
      const mapped = ({ status: null, timeout: 'timeout', drop_after_commit: 'dropAfterCommit', expired_token: 'expiredToken', malformed: 'malformed' } as const)[kind];
      fault = { kind: mapped, detail: 0, detail2: 0 };
    } else {
      fault = injector.decide(`${method} ${url.pathname}${url.search}`, applicable, { method, path: url.pathname });
      afterCommit = !!route?.write && injector.profile.failWritesAfterCommit && fault.detail2 < 0.5;
    }
    if (scriptedStatus && !afterCommit) return sendScripted(res, scriptedStatus);
    if (fault.kind === '429') {
      stats.faults['429']++;
      return send(res, TOO_MANY.status, TOO_MANY.body);
    }
    if ((fault.kind === '5xx' || fault.kind === 'timeout') && !afterCommit) {
      stats.faults[fault.kind]++;
      if (fault.kind === 'timeout') return srv.hang(req, timeoutMs);
      const err = serverErrorFor(fault.detail);
      return send(res, err.status, err.body, {}, err.contentType);
    }

    if (!route) {
      return found.pathKnown
        ? send(res, 405, { success: false, error: { code: 0, message: 'Method not allowed' } })
        : url.pathname.startsWith('/v2/') || matched.route?.removed
          ? send(res, 404, v2Error(404, 'Not Found', `The endpoint with ${url.pathname} was not found.`, 'apinot_found', url.pathname).body)
          : send(res, 404, { success: false, error: { code: 0, message: 'Not found' } });
    }

    let token: TokenRecord | null = null;
    const headers: Record<string, string> = {};
    if (route.auth) {
      const check = tokens.check(req.headers.authorization);
      if (!check.ok) {
        const r = check.reason === 'missing' ? NOT_PROVIDED : check.reason === 'invalid' ? NOT_VALID : EXPIRED;
        return send(res, r.status, r.body);
      }
      if (fault.kind === 'expiredToken') {
        // The token really dies, so a client has to re-authenticate rather than just retry.
        stats.faults.expiredToken++;
        tokens.expire(check.token);
        return send(res, EXPIRED.status, EXPIRED.body);
      }
      if (route.right && !rights.has(route.right)) {
        const f = route.v2 ? V2_FORBIDDEN(url.pathname) : FORBIDDEN;
        return send(res, f.status, f.body);
      }
      token = check.token;
      // §1: the (stable, or with rotateTokens the next) token in a lowercase `authorization` header.
      headers.authorization = `Bearer ${tokens.afterUse(token).value}`;
    }

    const body = raw.length ? parseBody(req, raw) : ({ kind: 'none' } as Body);
    if (body.kind === 'invalid') return send(res, 400, { success: false, error: { code: 400, message: body.reason } }, headers);

    let result: Result;
    try {
      result = route.handler({ method, url, params: found.params, body, token });
    } catch (err) {
      return send(res, 500, { success: false, error: { code: 0, message: `Emulator error: ${(err as Error).message}` } });
    }

    if (scriptedStatus) {
      stats.writesCommittedBeforeFault++;
      return sendScripted(res, scriptedStatus);
    }
    if ((fault.kind === '5xx' || fault.kind === 'timeout') && afterCommit) {
      // The write happened; the client just never hears so.
      stats.faults[fault.kind]++;
      stats.writesCommittedBeforeFault++;
      if (fault.kind === 'timeout') return srv.hang(req, timeoutMs);
      const err = serverErrorFor(fault.detail);
      return send(res, err.status, err.body, {}, err.contentType);
    }
    if (fault.kind === 'dropAfterCommit') {
      // "Maybe committed": the write landed, the connection dies without an answer.
      stats.faults.dropAfterCommit++;
      stats.writesCommittedBeforeFault++;
      return srv.drop(req);
    }

    if (fault.kind === 'malformed' && route.malformed && result.status === 200) {
      const data = (result.body as { data?: unknown }).data;
      if (route.malformed.where === 'list' && Array.isArray(data) && data.length > 0) {
        route.malformed.corrupt(data[Math.floor(fault.detail * data.length)] as Record<string, unknown>, fault.detail2);
        stats.faults.malformed++;
      } else if (route.malformed.where === 'single' && data && typeof data === 'object') {
        route.malformed.corrupt(data as Record<string, unknown>, fault.detail2);
        stats.faults.malformed++;
      }
    }
    send(res, result.status, result.body, headers);
  }

  srv = await startServer({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', latencyMs: options.latencyMs ?? 0 }, (s) => {
    srv = s;
    return (req, res) => handle(req, res).catch((err: unknown) => send(res, 500, { success: false, error: { code: 0, message: `Emulator error: ${String(err)}` } }));
  });

  const api: PersonioEmulator = {
    url: srv.url,
    port: srv.port,
    host: srv.host,
    state,
    get stats() {
      return stats;
    },
    credentials,
    setFaults(faults) {
      const n = normalizeFaults(faults);
      injector = new FaultInjector(n, n.seed ?? options.seed);
    },
    injectFault(rule) {
      injected.add(rule);
    },
    clearInjectedFaults() {
      injected.clear();
    },
    setLatency(ms) {
      srv.latencyMs = ms;
    },
    expireTokens() {
      tokens.expireAll();
    },
    setOtherClient(perSecond) {
      limiter?.setOtherClient(perSecond);
    },
    get otherClientRequests() {
      return limiter?.otherClientRequests ?? 0;
    },
    resetStats() {
      Object.assign(stats, emptyStats());
    },
    close: () => srv.close(),
  };
  return api;
}
