import type { FaultProfile, FaultRule } from '../kit/faults.ts';
import { HttpFault, asObject, json, match, startKit, type EmuRequest, type EmuResponse, type RunningKit } from '../kit/http-kit.ts';
import { commonHooks } from '../kit/common-hooks.ts';
import { OAuthServer, type EmulatorUser } from '../kit/oauth-server.ts';
import { generateWorld, seededUuid, type LoketEmployerRecord, type LoketEmploymentRecord, type LoketWorld } from './loket-emulator.data.ts';
import { administrationJson, componentJson, employeeJson, employerJson, employmentJson, workingHoursJson } from './loket-emulator.serialize.ts';

/**
 * Loket.nl REST v2 stand-in (issue 11), built to Loket's developer documentation and OpenAPI file
 * (`test/fixtures/specs/loket/loket.nl.json`):
 *
 * - OAuth2 at `/token`: authorization code (consent page at `/authorize`), password and refresh grants;
 *   access tokens last 3599 s; refresh tokens ROTATE: each refresh hands out a new one and the used one
 *   is refused (`invalid_grant`) from then on.
 * - API under `/v2`. `Accept: application/json;version=YYYY-MM-DD` is mandatory: missing or malformed →
 *   400; the newest resource version on or before the asked date is served (the oldest when the date is
 *   earlier), named in `version.resourceVersion` and the content type.
 * - Lists: `_embedded` envelope with page-number paging (`pageNumber` from 1, `pageSize` default 250);
 *   single objects in `content`. Errors: 400 `messages[]`, 401/403 `{message}`, 404 empty.
 * - Rights: without the citizen-service-number right the BSN call alone answers 403.
 * - `PATCH …/employments/{id}/payrollperioddata`: upsert of one period's data for one shift and
 *   distribution unit; components sent overwrite, omitted ones stay, `value: null` deletes. The collective
 *   `PATCH /providers/employers/{employerId}/payrollperioddata` takes many items and answers 200 when at
 *   least one succeeded, each failure as a message carrying that item's employment id.
 * - Faults and test hooks from the kit (`/_emulator/*`), plus `PUT /_emulator/rights`,
 *   `GET /_emulator/payrollperioddata`, `GET|DELETE /_emulator/stats`.
 */

export interface LoketEmulatorOptions {
  port?: number;
  host?: string;
  employers?: number;
  employees?: number;
  seed?: number;
  /** The year whose payroll periods exist (and the one before); default: this year. */
  referenceYear?: number;
  latencyMs?: number;
  faults?: FaultRule[] | FaultProfile | number;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
  accessTokenTtlSeconds?: number;
  /** A token bucket per client (Loket does not publish its limits; off by default). */
  rateLimit?: { capacity: number; refillPerSecond: number };
  clock?: () => number;
}

export interface LoketPeriodDataRecord {
  id: string;
  employmentId: string;
  year: number;
  periodNumber: number;
  shiftNumber: number;
  distributionUnitKey: string;
  payslipTypeKey: number;
  costCenterKey: number | null;
  costUnitKey: number | null;
  payslipText: string | null;
  components: Map<number, { value: number; isSupplement: boolean }>;
}

export interface LoketRights {
  citizenServiceNumber: boolean;
  payrollPeriodData: boolean;
  /** GetActualWorkingHoursByEmployerId: without it `actualworkinghours` answers 403. */
  workingHours: boolean;
}

export interface LoketEmulator {
  url: string;
  /** API base for a connector: `<url>/v2`. */
  apiUrl: string;
  tokenUrl: string;
  authorizeUrl: string;
  credentials: { clientId: string; clientSecret: string };
  login: { username: string; password: string };
  world: LoketWorld;
  oauth: OAuthServer;
  kit: RunningKit;
  rights: LoketRights;
  periodData: Map<string, LoketPeriodDataRecord>;
  stats: { calls: Record<string, number> };
  resetStats(): void;
  injectFault(rule: FaultRule): void;
  /** Marks an employee's static data changed (its employments get a new last-modified version number); returns that number. */
  touch(employeeId: string): number;
  /** Tokens for the default user without the consent page. */
  issueTokens(): { accessToken: string; refreshToken: string; expiresAt: number };
  close(): Promise<void>;
}

const API = '/v2';

/** Resource versions per route, oldest first (from loket.nl.json). */
const VERSIONS = {
  employers: ['2018-01-01'],
  employees: ['2018-12-31', '2021-03-29'],
  employments: ['2019-12-16'],
  bsn: ['2018-01-01'],
  departments: ['2018-01-01'],
  organizationalEntities: ['2018-01-01'],
  workingHours: ['2018-01-01'],
  administrations: ['2018-01-01'],
  periods: ['2018-01-01'],
  components: ['2018-01-01'],
  periodData: ['2018-01-01'],
} as const;

function servedVersion(req: EmuRequest, versions: readonly string[]): string {
  const accept = String(req.headers.accept ?? '');
  const m = /application\/json\s*;\s*version\s*=\s*(\d{4}-\d{2}-\d{2})/i.exec(accept);
  if (!m) throw loketError(400, [{ code: 1, type: 'Exception', description: 'The Accept header must name a resource version, e.g. "application/json;version=2018-01-01".' }]);
  const asked = m[1]!;
  let chosen = versions[0]!;
  for (const v of versions) if (v <= asked) chosen = v;
  return chosen;
}

interface Message {
  code: number;
  id?: string | null;
  type: 'BrokenBusinessRule' | 'Warning' | 'Exception' | 'NotFound';
  description: string;
  properties?: string[];
}

const messageJson = (m: Message) => ({ code: m.code, id: m.id ?? null, type: m.type, description: m.description, properties: m.properties ?? [] });

class LoketFault extends HttpFault {
  constructor(
    status: number,
    readonly body: unknown,
  ) {
    super(status, `Loket ${status}`);
  }
}

function loketError(status: 400, messages: Message[]): LoketFault {
  return new LoketFault(status, { version: { obsoleteDate: null, resourceVersion: '2018-01-01' }, messages: messages.map(messageJson), _embedded: [] });
}
const notFound = () => new LoketFault(404, undefined);
const forbidden = (reason: string) => new LoketFault(403, { message: `Insufficient rights for this request, reason "${reason}"` });
const unauthorized = () => new LoketFault(401, { message: 'Authorization has been denied for this request.' });

function contentType(version: string) {
  return { 'content-type': `application/json;version=${version}; charset=utf-8`, expires: '-1' };
}

/** One page of `items`; `map` (serialisation) runs on that page only. */
function page<T>(req: EmuRequest, version: string, items: T[], map: (item: T) => unknown = (x) => x): EmuResponse {
  if (req.query.has('filter')) throw loketError(400, [{ code: 2, type: 'Exception', description: 'The emulator does not evaluate filter expressions.' }]);
  const num = (name: string, def: number) => {
    const raw = req.query.get(name);
    if (raw === null) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw loketError(400, [{ code: 3, type: 'BrokenBusinessRule', description: `${name} must be a whole number of at least 1` }]);
    return n;
  };
  const pageSize = num('pageSize', 250);
  const currentPage = num('pageNumber', 1);
  const start = (currentPage - 1) * pageSize;
  return {
    status: 200,
    headers: contentType(version),
    body: {
      totalSize: items.length,
      pageSize,
      totalPages: Math.ceil(items.length / pageSize),
      currentPage,
      version: { obsoleteDate: null, resourceVersion: version },
      messages: [],
      _embedded: items.slice(start, start + pageSize).map(map),
    },
  };
}

function single(version: string, content: unknown): EmuResponse {
  return { status: 200, headers: contentType(version), body: { version: { obsoleteDate: null, resourceVersion: version }, messages: [], content } };
}

/** Loket keys a payroll period data record on period, shift, payslip type, distribution unit, cost center and cost unit (cost units are not emulated). */
const recordKey = (employmentId: string, year: number, period: number, shift: number, du: string, payslipType: number, costCenter: number | null) =>
  `${employmentId}|${year}|${period}|${shift}|${du.toLowerCase()}|${payslipType}|${costCenter ?? '-'}`;

export async function startLoketEmulator(opts: LoketEmulatorOptions = {}): Promise<LoketEmulator> {
  const seed = opts.seed ?? 1;
  const world = generateWorld({ employers: opts.employers ?? 2, employees: opts.employees ?? 50, seed, referenceYear: opts.referenceYear ?? new Date().getUTCFullYear() });
  const employerById = new Map(world.employers.map((e) => [e.id, e]));
  const employeeById = new Map(world.employees.map((p) => [p.id, p]));
  const employmentById = new Map(world.employments.map((m) => [m.id, m]));
  const adminById = new Map(world.employers.map((e) => [e.administration.id, e]));
  const periodData = new Map<string, LoketPeriodDataRecord>();
  const rights: LoketRights = { citizenServiceNumber: true, payrollPeriodData: true, workingHours: true };
  const stats = { calls: {} as Record<string, number> };
  // "Last modified version numbers": one sequence over every change of static employment data (payroll period data excluded).
  let versionCounter = 70_429_000 + (seed % 1000) * 1000;
  const employmentVersion = new Map(world.employments.map((m) => [m.id, ++versionCounter]));
  const touchEmployee = (employeeId: string): number => {
    const id = employeeId.toLowerCase();
    let n = 0;
    for (const m of world.employments) if (m.employeeId === id) {
      employmentVersion.set(m.id, ++versionCounter);
      n++;
    }
    if (n === 0) throw notFound();
    return versionCounter;
  };
  /** The one filter form the version endpoints are documented with: `lastModifiedVersionNumber gt N`. */
  const versionFilter = (req: EmuRequest): number => {
    const f = req.query.get('filter');
    if (f === null) return -1;
    const m = /^\s*lastModifiedVersionNumber\s+gt\s+(\d+)\s*$/i.exec(f);
    if (!m) throw loketError(400, [{ code: 2, type: 'Exception', description: 'The emulator evaluates only "lastModifiedVersionNumber gt N" here.' }]);
    return Number(m[1]);
  };
  const withoutFilter = (req: EmuRequest): EmuRequest => {
    const query = new URLSearchParams(req.query);
    query.delete('filter');
    query.delete('orderBy');
    return { ...req, query };
  };

  const credentials = { clientId: opts.clientId ?? 'loket-emulator-client', clientSecret: opts.clientSecret ?? 'loket-emulator-secret' };
  const login = { username: opts.username ?? 'koppel', password: opts.password ?? 'loket-wachtwoord' };
  const ttl = opts.accessTokenTtlSeconds ?? 3599;
  const oauth = new OAuthServer({
    vendor: 'Loket.nl',
    clientAuth: 'post',
    rotateRefreshTokens: true,
    idToken: false,
    accessTokenPrefix: 'lkt-',
    accessTokenTtlSeconds: ttl,
    extraTokenFields: () => ({ two_factor_state: 'None' }),
    autoApprove: true,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  oauth.addClient(credentials);
  const user: EmulatorUser = oauth.addUser({ id: 'user-1', email: `${login.username}@loket-emulator.example`, name: 'Koppel koppeling', timeZone: 'Europe/Amsterdam' });

  const count = (name: string) => {
    stats.calls[name] = (stats.calls[name] ?? 0) + 1;
  };

  function tokenEndpoint(req: EmuRequest): EmuResponse {
    const form = { ...((req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>) };
    // Loket's own examples spell it `client_Id`.
    if (form.client_Id !== undefined && form.client_id === undefined) form.client_id = form.client_Id;
    count(`POST /token ${form.grant_type ?? ''}`);
    if (form.grant_type !== 'password') return oauth.tokenEndpoint({ ...req, body: form });
    const fail = (status: number, error: string, description: string) => json(status, { error, error_description: description }, { 'cache-control': 'no-store' });
    if (form.client_id !== credentials.clientId || form.client_secret !== credentials.clientSecret) return fail(401, 'invalid_client', 'The client was not found or the secret is wrong.');
    if (form.username !== login.username || form.password !== login.password) return fail(400, 'invalid_grant', 'The user name or password is incorrect.');
    const t = oauth.issueTokens(user.id, credentials.clientId);
    return json(200, { access_token: t.accessToken, token_type: 'bearer', expires_in: ttl, refresh_token: t.refreshToken, two_factor_state: 'None' }, { 'cache-control': 'no-store' });
  }

  const employerOr404 = (id: string): LoketEmployerRecord => {
    const e = employerById.get(id.toLowerCase());
    if (!e) throw notFound();
    return e;
  };
  const employmentOr404 = (id: string): LoketEmploymentRecord => {
    const m = employmentById.get(id.toLowerCase());
    if (!m) throw notFound();
    return m;
  };

  function periodDataJson(r: LoketPeriodDataRecord) {
    const m = employmentById.get(r.employmentId)!;
    const e = employerById.get(m.employerId)!;
    const p = e.administration.periods.find((x) => x.year === r.year && x.periodNumber === r.periodNumber)!;
    const du = e.distributionUnits.find((d) => d.key === r.distributionUnitKey)!;
    const cc = r.costCenterKey === null ? null : e.costCenters.find((c) => c.key === r.costCenterKey)!;
    return {
      id: r.id,
      payrollPeriod: { year: r.year, periodNumber: r.periodNumber, periodStartDate: p.startDate, periodEndDate: p.endDate },
      shift: { shiftNumber: r.shiftNumber, fullTimeHoursPerWeek: 38, bonusPercentage: 0 },
      payslipType: { key: r.payslipTypeKey, value: r.payslipTypeKey === 1 ? 'Normale strook' : 'Bijzondere strook' },
      payslipText: r.payslipText,
      distributionUnit: { key: du.key, code: du.code, description: du.description },
      costCenter: cc ? { key: cc.key, code: cc.code, description: cc.description } : null,
      costUnit: null,
      payrollComponents: [...r.components.entries()]
        .sort(([a], [b]) => a - b)
        .map(([key, c]) => {
          const comp = e.administration.components.find((x) => x.key === key)!;
          const { isCollectiveMutationPossible: _, ...payrollComponent } = componentJson(comp);
          return { payrollComponent, value: c.value, isSupplement: c.isSupplement };
        }),
    };
  }

  /** One PATCH item: validates everything first, then applies (all or nothing for the item). */
  function applyPeriodData(m: LoketEmploymentRecord, body: Record<string, unknown>, collective: boolean): Message[] {
    const e = employerById.get(m.employerId)!;
    const errors: Message[] = [];
    const bad = (code: number, description: string) => errors.push({ code, id: m.id, type: 'BrokenBusinessRule', description });
    const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
    const pp = obj(body.payrollPeriod);
    const year = Number(pp?.year);
    const periodNumber = Number(pp?.periodNumber);
    const period = e.administration.periods.find((p) => p.year === year && p.periodNumber === periodNumber);
    if (!period) bad(1001, `Payroll period ${pp?.year}/${pp?.periodNumber} does not exist in this payroll administration`);
    const shiftNumber = obj(body.shift)?.shiftNumber ?? 1;
    if (!Number.isInteger(shiftNumber) || (shiftNumber as number) < 1 || (shiftNumber as number) > 9) bad(1002, `Shift ${String(shiftNumber)} is unknown`);
    const duKey = obj(body.distributionUnit)?.key;
    const du = typeof duKey === 'string' ? e.distributionUnits.find((d) => d.key === duKey.toLowerCase()) : e.distributionUnits[0];
    if (!du) bad(1003, `Distribution unit ${String(duKey)} is unknown`);
    const ccKey = obj(body.costCenter)?.key;
    if (ccKey !== undefined && ccKey !== null && !e.costCenters.some((c) => c.key === ccKey)) bad(1004, `Cost center ${String(ccKey)} is unknown`);
    const payslipTypeKey = obj(body.payslipType)?.key ?? 1;
    if (payslipTypeKey !== 1 && payslipTypeKey !== 2) bad(1005, `Payslip type ${String(payslipTypeKey)} is unknown`);
    const items = Array.isArray(body.payrollComponents) ? body.payrollComponents : null;
    if (!items || items.length === 0) bad(1006, 'payrollComponents must name at least one component');
    const changes: Array<{ key: number; value: number | null; isSupplement: boolean }> = [];
    for (const raw of items ?? []) {
      const it = obj(raw);
      const key = obj(it?.payrollComponent)?.key;
      const comp = e.administration.components.find((c) => c.key === key);
      if (!comp) {
        bad(1007, `Payroll component ${String(key)} is unknown`);
        continue;
      }
      if (collective && !comp.isCollectiveMutationPossible) bad(1008, `Payroll component ${comp.key} cannot be changed collectively`);
      const value = it?.value;
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
        bad(1009, `The value of payroll component ${comp.key} must be a number or null`);
        continue;
      }
      const isSupplement = it?.isSupplement === true;
      if (isSupplement && !comp.canBeSupplemented) bad(1010, `Payroll component ${comp.key} cannot be supplemented`);
      changes.push({ key: comp.key, value: value as number | null, isSupplement });
    }
    if (errors.length > 0 || !period || !du) return errors;
    const costCenterKey = typeof ccKey === 'number' ? ccKey : null;
    const key = recordKey(m.id, year, periodNumber, shiftNumber as number, du.key, payslipTypeKey as number, costCenterKey);
    let rec = periodData.get(key);
    if (!rec) {
      rec = {
        id: seededUuid(seed, 'period-data', key),
        employmentId: m.id,
        year,
        periodNumber,
        shiftNumber: shiftNumber as number,
        distributionUnitKey: du.key,
        payslipTypeKey: payslipTypeKey as number,
        costCenterKey,
        costUnitKey: null,
        payslipText: null,
        components: new Map(),
      };
    }
    if (typeof body.payslipText === 'string' || body.payslipText === null) rec.payslipText = (body.payslipText as string | null) ?? null;
    for (const c of changes) {
      if (c.value === null) rec.components.delete(c.key);
      else rec.components.set(c.key, { value: c.value, isSupplement: c.isSupplement });
    }
    if (rec.components.size === 0) periodData.delete(key);
    else periodData.set(key, rec);
    return [];
  }

  function requireUser(req: EmuRequest): void {
    const auth = oauth.authenticate(String(req.headers.authorization ?? ''));
    if ('error' in auth) throw unauthorized();
  }

  function api(req: EmuRequest): EmuResponse {
    const p = req.path.slice(API.length);
    let params: Record<string, string> | null;
    const route = (method: string, pattern: string) => {
      if (req.method !== method) return false;
      params = match(pattern, p);
      if (params) count(`${method} ${pattern}`);
      return params !== null;
    };
    if (route('GET', '/providers/employers')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.employers);
      return page(req, v, world.employers.map(employerJson));
    }
    if (route('GET', '/providers/employers/lastmodifiedversionnumbers')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.employers);
      const gt = versionFilter(req);
      const rows = world.employers.map((e) => ({ id: e.id, lastModifiedVersionNumber: Math.max(0, ...world.employments.filter((m) => m.employerId === e.id).map((m) => employmentVersion.get(m.id)!)) }));
      return page(withoutFilter(req), v, rows.filter((r) => r.lastModifiedVersionNumber > gt).sort((a, b) => b.lastModifiedVersionNumber - a.lastModifiedVersionNumber));
    }
    if (route('GET', '/providers/employers/:employerId/employees/employments/lastmodifiedversionnumbers')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.employers);
      const e = employerOr404(params!.employerId!);
      const gt = versionFilter(req);
      const rows = world.employments.filter((m) => m.employerId === e.id).map((m) => ({ id: m.id, lastModifiedVersionNumber: employmentVersion.get(m.id)! }));
      return page(withoutFilter(req), v, rows.filter((r) => r.lastModifiedVersionNumber > gt).sort((a, b) => b.lastModifiedVersionNumber - a.lastModifiedVersionNumber));
    }
    if (route('GET', '/providers/employers/:employerId/employees')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.employees);
      const e = employerOr404(params!.employerId!);
      return page(req, v, world.employees.filter((x) => x.employerId === e.id), (x) => employeeJson(x, v));
    }
    if (route('GET', '/providers/employers/:employerId/employees/employments')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.employments);
      const e = employerOr404(params!.employerId!);
      return page(req, v, world.employments.filter((m) => m.employerId === e.id), (m) => employmentJson(m, world, employeeById.get(m.employeeId)!));
    }
    if (route('GET', '/providers/employers/employees/:employeeId/citizenservicenumber')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.bsn);
      const emp = employeeById.get(params!.employeeId!.toLowerCase());
      if (!emp) throw notFound();
      if (!rights.citizenServiceNumber) throw forbidden("User doesn't have rechten to perform activity for the given Id.");
      return single(v, { citizenServiceNumber: emp.bsn });
    }
    if (route('GET', '/providers/employers/:employerId/departments')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.departments);
      const e = employerOr404(params!.employerId!);
      return page(req, v, e.departments.map((d) => ({ id: d.id, code: d.code, description: d.description, subDepartmentOf: null, emailLeaveRequest: null })));
    }
    if (route('GET', '/providers/employers/:employerId/actualorganizationalentities')) {
      // The department each employment works in now (Loket: the actual organizational entity per employment).
      requireUser(req);
      const v = servedVersion(req, VERSIONS.organizationalEntities);
      const e = employerOr404(params!.employerId!);
      return page(
        req,
        v,
        world.employments
          .filter((m) => m.employerId === e.id)
          .map((m) => {
            const d = e.departments.find((x) => x.id === m.departmentId)!;
            return { employmentId: m.id, organizationalEntity: { id: m.id, startDate: m.startDate, endDate: m.endDate, department: { key: d.id, code: d.code } } };
          }),
      );
    }
    if (route('GET', '/providers/employers/:employerId/actualworkinghours')) {
      // The working hours each employment has now: one record per employment, valid from its start date (so any
      // `referenceDate` gives the same answer); aggregatedHoursPerWeek is null for an on-call contract.
      requireUser(req);
      const v = servedVersion(req, VERSIONS.workingHours);
      const e = employerOr404(params!.employerId!);
      if (!rights.workingHours) throw forbidden("User doesn't have rechten to perform activity for the given Id.");
      return page(
        req,
        v,
        world.employments.filter((m) => m.employerId === e.id).map((m) => ({ employmentId: m.id, workingHours: workingHoursJson(m) })),
      );
    }
    if (route('GET', '/providers/employers/:employerId/payrolladministrations')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.administrations);
      return page(req, v, [administrationJson(employerOr404(params!.employerId!))]);
    }
    if (route('GET', '/providers/employers/payrolladministrations/:paId/payrollperiods')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.periods);
      const e = adminById.get(params!.paId!.toLowerCase());
      if (!e) throw notFound();
      return page(
        req,
        v,
        e.administration.periods.map((x) => ({
          id: x.id,
          year: x.year,
          periodNumber: x.periodNumber,
          startDate: x.startDate,
          endDate: x.endDate,
          testYear: false,
          payrollPeriodType: { key: 1, value: 'Maand' },
          payrollRuns: [],
          automaticProcessing: null,
        })),
      );
    }
    if (route('GET', '/providers/employers/payrolladministrations/:paId/payrollcomponents/year/:year')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.components);
      const e = adminById.get(params!.paId!.toLowerCase());
      const year = Number(params!.year);
      if (!e || !e.administration.periods.some((x) => x.year === year)) throw notFound();
      return page(req, v, e.administration.components.map(componentJson));
    }
    if (route('GET', '/providers/employers/employees/employments/:employmentId/payrollperioddata')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.periodData);
      const m = employmentOr404(params!.employmentId!);
      if (!rights.payrollPeriodData) throw forbidden("User doesn't have rechten to perform activity for the given Id.");
      const list = [...periodData.values()].filter((r) => r.employmentId === m.id).sort((a, b) => a.year - b.year || a.periodNumber - b.periodNumber || a.shiftNumber - b.shiftNumber);
      return page(req, v, list, periodDataJson);
    }
    if (route('GET', '/providers/employers/employees/employments/:employmentId/payrollperioddata/metadata')) {
      // Loket's generic metadata rule (the description of loket.nl.json, "Metadata"; the PATCH's own description):
      // the possible values of the PATCH body's fields of type 'metadata', got by appending /metadata to the PATCH URL.
      // costCenter and distributionUnit live in the payroll administration's context; options carry key, value and
      // (like the documented country's `isoCode`) the field's own `code`.
      requireUser(req);
      const v = servedVersion(req, VERSIONS.periodData);
      const m = employmentOr404(params!.employmentId!);
      const e = employerById.get(m.employerId)!;
      return page(req, v, [
        { field: 'costCenter', options: e.costCenters.map((c) => ({ key: c.key, value: c.description, code: c.code })) },
        { field: 'distributionUnit', options: e.distributionUnits.map((d) => ({ key: d.key, value: d.description, code: d.code })) },
        { field: 'payslipType', options: [{ key: 1, value: 'Normale strook' }, { key: 2, value: 'Bijzondere strook' }] },
      ]);
    }
    if (route('GET', '/providers/employers/payrolladministrations/:paId/payrollPeriods/:periodId/payrollperioddata')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.periodData);
      const e = adminById.get(params!.paId!.toLowerCase());
      const period = e?.administration.periods.find((x) => String(x.id) === params!.periodId);
      if (!e || !period) throw notFound();
      if (!rights.payrollPeriodData) throw forbidden("User doesn't have rechten to perform activity for the given Id.");
      const payslipType = Number(req.query.get('payslipType'));
      if (!req.query.has('payslipType') || !Number.isInteger(payslipType)) throw loketError(400, [{ code: 1013, type: 'BrokenBusinessRule', description: 'payslipType is required' }]);
      const list = [...periodData.values()]
        .filter((r) => r.year === period.year && r.periodNumber === period.periodNumber && r.payslipTypeKey === payslipType && employmentById.get(r.employmentId)?.employerId === e.id)
        .sort((a, b) => (a.employmentId < b.employmentId ? -1 : a.employmentId > b.employmentId ? 1 : a.shiftNumber - b.shiftNumber));
      return page(req, v, list, (r) => {
        const { id: _, payslipText: __, ...rest } = periodDataJson(r);
        const m = employmentById.get(r.employmentId)!;
        const p = employeeById.get(m.employeeId)!;
        return {
          ...rest,
          employee: { employeeNumber: p.employeeNumber, formattedName: `${p.lastName}, ${p.initials}${p.prefix ? ` ${p.prefix}` : ''}` },
          employment: { id: m.id, incomeRelationshipNumber: 1, payrollId: m.payrollId },
        };
      });
    }
    if (route('PATCH', '/providers/employers/employees/employments/:employmentId/payrollperioddata')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.periodData);
      const m = employmentOr404(params!.employmentId!);
      if (!rights.payrollPeriodData) throw forbidden("User doesn't have rechten to perform activity for the given Id.");
      const errors = applyPeriodData(m, asObject(req.body), false);
      if (errors.length > 0) throw loketError(400, errors);
      return { status: 200, headers: contentType(v), body: { version: { obsoleteDate: null, resourceVersion: v }, messages: [] } };
    }
    if (route('PATCH', '/providers/employers/:employerId/payrollperioddata')) {
      requireUser(req);
      const v = servedVersion(req, VERSIONS.periodData);
      const e = employerOr404(params!.employerId!);
      if (!rights.payrollPeriodData) throw forbidden("User doesn't have rechten to perform activity for the given Id.");
      if (!Array.isArray(req.body) || req.body.length === 0) throw loketError(400, [{ code: 1011, type: 'BrokenBusinessRule', description: 'A list of at least one item is required' }]);
      const messages: Message[] = [];
      let ok = 0;
      for (const raw of req.body as unknown[]) {
        const item = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
        const m = typeof item.employmentId === 'string' ? employmentById.get(item.employmentId.toLowerCase()) : undefined;
        if (!m || m.employerId !== e.id) {
          messages.push({ code: 1012, id: typeof item.employmentId === 'string' ? item.employmentId : null, type: 'NotFound', description: `Employment ${String(item.employmentId)} was not found for this employer` });
          continue;
        }
        const errors = applyPeriodData(m, item, true);
        if (errors.length > 0) messages.push(...errors);
        else ok++;
      }
      if (ok === 0) throw loketError(400, messages);
      return { status: 200, headers: contentType(v), body: { version: { obsoleteDate: null, resourceVersion: v }, messages: messages.map(messageJson) } };
    }
    throw notFound();
  }

  function hooks(req: EmuRequest): EmuResponse | null {
    const common = commonHooks(req, {
      oauth,
      kit: () => kit,
      addUser: (u) => oauth.addUser(u),
      credentials: () => {
        const t = oauth.issueTokens(user.id, credentials.clientId);
        return { ...credentials, accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, apiUrl: `${kit.url}${API}`, tokenUrl: `${kit.url}/token` };
      },
    });
    if (common) return common;
    if (req.path === '/_emulator/rights' && req.method === 'PUT') {
      const b = asObject(req.body);
      if (typeof b.citizenServiceNumber === 'boolean') rights.citizenServiceNumber = b.citizenServiceNumber;
      if (typeof b.payrollPeriodData === 'boolean') rights.payrollPeriodData = b.payrollPeriodData;
      if (typeof b.workingHours === 'boolean') rights.workingHours = b.workingHours;
      return json(200, rights);
    }
    if (req.path === '/_emulator/payrollperioddata' && req.method === 'GET') return json(200, { records: [...periodData.values()].map(periodDataJson).map((r, i) => ({ employmentId: [...periodData.values()][i]!.employmentId, ...r })) });
    if (req.path === '/_emulator/touch' && req.method === 'POST') return json(200, { version: touchEmployee(String(asObject(req.body).employeeId ?? '')) });
    if (req.path === '/_emulator/stats' && req.method === 'GET') return json(200, stats);
    if (req.path === '/_emulator/stats' && req.method === 'DELETE') {
      stats.calls = {};
      return json(204);
    }
    return null;
  }

  const kit: RunningKit = await startKit({
    port: opts.port,
    host: opts.host,
    latencyMs: opts.latencyMs,
    faults: opts.faults,
    faultSeed: seed,
    // The token endpoint and the consent page never fault at random, so a login always works.
    faultExempt: (path) => !path.startsWith(API),
    expireToken: (r) => oauth.expireBearer(String(r.headers.authorization ?? '')),
    ...(opts.rateLimit ? { rateLimits: [{ name: 'loket-api', path: API, kind: 'token-bucket' as const, ...opts.rateLimit }] } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    errorBody: (status, message) => (status === 401 ? { message: 'Authorization has been denied for this request.' } : { message }),
    handle: (req) => {
      try {
        if (req.path.startsWith('/_emulator')) {
          const out = hooks(req);
          if (out) return out;
          throw notFound();
        }
        if (req.path === '/token' && req.method === 'POST') return tokenEndpoint(req);
        if (req.path === '/authorize') return oauth.authorize(req);
        if (req.path.startsWith(`${API}/`)) return api(req);
        throw notFound();
      } catch (err) {
        if (err instanceof LoketFault) return { status: err.status, ...(err.body !== undefined ? { body: err.body } : {}) };
        throw err;
      }
    },
  });

  return {
    url: kit.url,
    apiUrl: `${kit.url}${API}`,
    tokenUrl: `${kit.url}/token`,
    authorizeUrl: `${kit.url}/authorize`,
    credentials,
    login,
    world,
    oauth,
    kit,
    rights,
    periodData,
    stats,
    resetStats: () => {
      stats.calls = {};
    },
    injectFault: (rule) => kit.faults.add(rule),
    issueTokens: () => oauth.issueTokens(user.id, credentials.clientId),
    touch: touchEmployee,
    close: () => kit.close(),
  };
}
