import type { Capability } from '../../kit/capabilities.ts';
import type {
  ConnectorMetrics,
  ExternalAccount,
  ExternalEmployee,
  ExternalOrganisation,
  ExternalRef,
  HrConnector,
  ListEmployeesOptions,
  VerifyCredentialsResult,
} from '../../kit/hr-connector.ts';
import { ReconnectNeededError } from '../../kit/auth/oauth2.ts';
import { HttpError } from '../../kit/http-client.ts';
import type { OutboundSink } from '../../kit/sink.ts';
import { ForbiddenMultiDebtorError, NmbrsClient, isSubscriptionKeyRefusal, nmbrsErrorOf, type NmbrsClientConfig } from './nmbrs.client.ts';
import { NmbrsHoursSink } from './nmbrs.hours-sink.ts';
import { NMBRS_CONTRACT_TYPES, employeeRows, mapNmbrsEmployee, type NmbrsEmploymentView } from './nmbrs.mappers.ts';
import { type FunctionRow, NMBRS_COLLECTIONS, type NmbrsCollection, type NmbrsCompany, type NmbrsPeriod } from './nmbrs.schemas.ts';

export interface NmbrsConnectorConfig extends NmbrsClientConfig {
  /**
   * The debtor and company ids the integration covers (see listAccounts): a company id covers that
   * company, a debtor id all its companies. Empty or absent: every company the token sees.
   */
  accountScope?: readonly string[];
  /** YYYY-MM-DD "today" for picking current rows (default: today in Europe/Amsterdam). */
  today?: () => string;
  /** Read scopes verifyCredentials checks (default NMBRS_READ_RIGHTS). */
  requiredRights?: readonly NmbrsRight[];
  /** With updatedSince, at most this many changed employees are re-read one by one; more → the company is read in full. Default 10. */
  perEmployeeRereadLimit?: number;
  /** Employee periods the hours sink works on side by side (default 8; the rate limit paces them on top). */
  hoursConcurrency?: number;
}

/** Hours out (payroll-hours:write) through NmbrsHoursSink, which passes the sink contract against the emulator with faults. */
export const NMBRS_CAPABILITIES: readonly Capability[] = ['employees:read', 'organisation:read', 'payroll-hours:write'];

const COLLECTIONS = Object.keys(NMBRS_COLLECTIONS) as NmbrsCollection[];

/** The OAuth scopes a sync reads with, each proven by one small read (scope names from Nmbrs' discovery document). */
export type NmbrsRight = 'employee.info.read' | 'employee.employment.read' | 'employee.orgstructure.read' | 'employee.payment.read' | 'company.payrollsettings.read';
export const NMBRS_READ_RIGHTS: readonly NmbrsRight[] = ['employee.info.read', 'employee.employment.read', 'employee.orgstructure.read', 'employee.payment.read', 'company.payrollsettings.read'];
const RIGHT_PROBES: Record<NmbrsRight, (companyId: string) => string> = {
  'employee.info.read': (c) => `/api/companies/${encodeURIComponent(c)}/employees/personalinfo`,
  'employee.employment.read': (c) => `/api/companies/${encodeURIComponent(c)}/employees/contracts`,
  'employee.orgstructure.read': (c) => `/api/companies/${encodeURIComponent(c)}/employees/departments`,
  'employee.payment.read': (c) => `/api/companies/${encodeURIComponent(c)}/employees/salaries`,
  'company.payrollsettings.read': (c) => `/api/companies/${encodeURIComponent(c)}/hourcodes`,
};

function amsterdamToday(now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
}

/** One Nmbrs employee record with its employments and contracts (one person, several employments → one employee, several contracts). */
export interface NmbrsEmployeeDetail {
  employee: ExternalEmployee;
  companyId: string;
  employments: NmbrsEmploymentView[];
}

/**
 * Nmbrs as an HrConnector. Accounts are debtors and their companies ("werkmaatschappijen"); a
 * token that covers several debtors is refused `GET /api/companies` (ForbiddenMultiDebtor) and the
 * companies are listed per debtor instead. Employees are read per company with the bulk reads (one
 * walk per collection, in parallel), joined by employee id and mapped to their current rows.
 */
export class NmbrsConnector implements HrConnector {
  readonly vendor = 'nmbrs';
  readonly capabilities = NMBRS_CAPABILITIES;
  readonly client: NmbrsClient;
  private readonly config: NmbrsConnectorConfig;
  private companiesCache: NmbrsCompany[] | null = null;
  private readonly periods = new Map<string, NmbrsPeriod | null>();
  /** Collections this Nmbrs does not serve (404): read once, then left out. */
  private readonly unavailable = new Set<NmbrsCollection>();

  constructor(config: NmbrsConnectorConfig) {
    this.config = config;
    this.client = new NmbrsClient(config);
  }

  /** Variable hours to Nmbrs; protected (past) periods only with `unprotectedMode`, which the user must confirm explicitly. */
  hoursSink(opts: { unprotectedMode?: boolean } = {}): NmbrsHoursSink {
    return new NmbrsHoursSink({ client: this.client, unprotectedMode: opts.unprotectedMode ?? false, ...(this.config.hoursConcurrency !== undefined ? { concurrency: this.config.hoursConcurrency } : {}) });
  }

  sink(capability: Capability): OutboundSink<unknown> | undefined {
    return capability === 'payroll-hours:write' ? (this.hoursSink() as OutboundSink<unknown>) : undefined;
  }

  metrics(): ConnectorMetrics {
    const m = this.client.metrics();
    return { apiCalls: m.apiCalls, retries: m.retries, rateLimited: m.rateLimited };
  }

  private today(): string {
    return this.config.today?.() ?? amsterdamToday((this.config.now ?? Date.now)());
  }

  /** Every company the token sees (per debtor when it covers several). */
  async allCompanies(signal?: AbortSignal): Promise<NmbrsCompany[]> {
    if (this.companiesCache) return this.companiesCache;
    let companies: NmbrsCompany[];
    try {
      companies = await this.client.companies(signal);
    } catch (err) {
      if (!(err instanceof ForbiddenMultiDebtorError)) throw err;
      companies = [];
      for (const d of await this.client.debtors(signal)) companies.push(...(await this.client.debtorCompanies(d.debtorId, signal)).map((c) => ({ ...c, debtorId: c.debtorId ?? d.debtorId })));
    }
    this.companiesCache = companies;
    return companies;
  }

  /** The companies in the integration's scope, in a stable order. */
  async scopedCompanies(signal?: AbortSignal): Promise<NmbrsCompany[]> {
    const scope = new Set(this.config.accountScope ?? []);
    const all = await this.allCompanies(signal);
    const picked = scope.size ? all.filter((c) => scope.has(c.companyId) || (c.debtorId && scope.has(c.debtorId))) : all;
    return [...picked].sort((a, b) => (a.companyId < b.companyId ? -1 : 1));
  }

  async listAccounts(): Promise<ExternalAccount[]> {
    const debtors = await this.client.debtors();
    const companies = await this.allCompanies();
    const debtorIds = new Set(debtors.map((d) => d.debtorId));
    return [
      ...debtors.map((d): ExternalAccount => ({ id: d.debtorId, name: d.name ?? String(d.number ?? d.debtorId), kind: 'debtor' })),
      ...companies.map((c): ExternalAccount => ({ id: c.companyId, name: c.name ?? String(c.number ?? c.companyId), kind: 'company', ...(c.debtorId && debtorIds.has(c.debtorId) ? { parentId: c.debtorId } : {}) })),
    ];
  }

  /**
   * F-10, live: the subscription key and the token (`GET /api/debtors`), then one one-row read per
   * scope the sync needs on the first company in scope: a 403 names the missing scope; a 404 (a path
   * this Nmbrs does not serve) is not held against the credential.
   */
  async verifyCredentials(): Promise<VerifyCredentialsResult> {
    try {
      await this.client.http.request({ path: '/api/debtors', query: { pageNumber: 1, pageSize: 1 } });
      const company = (await this.scopedCompanies())[0];
      if (!company) return { ok: true };
      const missing: string[] = [];
      for (const right of this.config.requiredRights ?? NMBRS_READ_RIGHTS) {
        try {
          await this.client.http.request({ path: RIGHT_PROBES[right](company.companyId), query: { pageNumber: 1, pageSize: 1 } });
        } catch (err) {
          if (err instanceof HttpError && err.code === 'forbidden') missing.push(right);
          else if (!(err instanceof HttpError && err.code === 'not_found')) throw err;
        }
      }
      return missing.length ? { ok: false, reason: 'missing_rights', missing } : { ok: true };
    } catch (err) {
      if (err instanceof ReconnectNeededError) return { ok: false, reason: 'invalid_credentials', detail: 'The consent was revoked or expired: connect again' };
      if (err instanceof HttpError) {
        if (err.code === 'unauthorized') return { ok: false, reason: 'invalid_credentials', detail: isSubscriptionKeyRefusal(err.body) ? 'The subscription key was refused' : err.message };
        if (err.code === 'forbidden') return { ok: false, reason: 'missing_rights', missing: ['company.info.read'], detail: err.message };
        if (err.code === 'not_found' || err.status === 405) return { ok: false, reason: 'endpoint_unavailable', endpoint: 'GET /api/debtors', ...(err.status !== undefined ? { status: err.status } : {}) };
      }
      return { ok: false, reason: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
  }

  private async periodOf(companyId: string, signal?: AbortSignal): Promise<NmbrsPeriod | null> {
    if (this.periods.has(companyId)) return this.periods.get(companyId)!;
    let p: NmbrsPeriod | null = null;
    try {
      p = await this.client.currentPeriod(companyId, signal);
    } catch (err) {
      // Not offered (its shape and even its presence are UNCONFIRMED): the latest period counts.
      if (!(err instanceof HttpError) || !['not_found', 'client_error', 'forbidden'].includes(err.code)) throw err;
    }
    this.periods.set(companyId, p);
    return p;
  }

  /**
   * One collection; a collection other than personal info that this Nmbrs does not serve (404: the
   * company path of employments is UNCONFIRMED) is left out from then on, and the mappers fall back.
   */
  private async bulk(companyId: string, collection: NmbrsCollection, filter: { employeeId?: string; createdFrom?: Date }, signal?: AbortSignal) {
    if (this.unavailable.has(collection)) return new Map<string, Partial<Record<NmbrsCollection, unknown[]>>>();
    try {
      return await this.client.bulk(companyId, collection, filter, signal);
    } catch (err) {
      if (collection === 'personalInfo' || !(err instanceof HttpError) || err.code !== 'not_found' || nmbrsErrorOf(err)?.code === '2004') throw err;
      this.unavailable.add(collection);
      return new Map<string, Partial<Record<NmbrsCollection, unknown[]>>>();
    }
  }

  /** Every collection of a company, joined by employee id. */
  private async readCompany(companyId: string, filter: { employeeId?: string } = {}, signal?: AbortSignal): Promise<Map<string, Partial<Record<NmbrsCollection, unknown[]>>>> {
    const parts = await Promise.all(COLLECTIONS.map((c) => this.bulk(companyId, c, filter, signal)));
    const joined = new Map<string, Partial<Record<NmbrsCollection, unknown[]>>>();
    for (const part of parts) {
      for (const [id, cols] of part) joined.set(id, { ...joined.get(id), ...cols });
    }
    return joined;
  }

  /** Employee ids with a row created since `since` in any collection. */
  private async changedSince(companyId: string, since: Date, signal?: AbortSignal): Promise<Set<string>> {
    const parts = await Promise.all(COLLECTIONS.map((c) => this.bulk(companyId, c, { createdFrom: since }, signal)));
    return new Set(parts.flatMap((p) => [...p.keys()]));
  }

  listEmployees(opts: ListEmployeesOptions = {}): AsyncIterable<ExternalEmployee> {
    const self = this;
    return (async function* () {
      for await (const d of self.listEmployeeDetails(opts)) yield d.employee;
    })();
  }

  /** As listEmployees, with each record's employments and contracts. */
  async *listEmployeeDetails(opts: ListEmployeesOptions = {}): AsyncGenerator<NmbrsEmployeeDetail, void, undefined> {
    const companies = await this.scopedCompanies(opts.signal);
    const start = opts.resumeFrom ? Math.max(0, companies.findIndex((c) => c.companyId === opts.resumeFrom)) : 0;
    const today = this.today();
    let read = 0;
    for (let i = start; i < companies.length; i++) {
      const company = companies[i]!;
      const currentPeriod = await this.periodOf(company.companyId, opts.signal);
      let rows: Map<string, Partial<Record<NmbrsCollection, unknown[]>>>;
      let only: Set<string> | null = null;
      if (opts.updatedSince) {
        only = await this.changedSince(company.companyId, opts.updatedSince, opts.signal);
        if (only.size === 0) rows = new Map();
        else if (only.size <= (this.config.perEmployeeRereadLimit ?? 10)) {
          rows = new Map();
          for (const id of only) for (const [k, v] of await this.readCompany(company.companyId, { employeeId: id }, opts.signal)) rows.set(k, v);
        } else rows = await this.readCompany(company.companyId, {}, opts.signal);
      } else rows = await this.readCompany(company.companyId, {}, opts.signal);
      const ids = [...rows.keys()].filter((id) => !only || only.has(id)).sort();
      for (const id of ids) {
        const mapped = mapNmbrsEmployee(employeeRows(id, company.companyId, rows.get(id)!), { today, currentPeriod, companyName: company.name ?? (company.number !== null && company.number !== undefined ? String(company.number) : null) });
        if (!mapped.ok) {
          opts.onInvalidRow?.({ error: mapped.error, ...(mapped.externalId ? { externalId: mapped.externalId } : {}) });
          continue;
        }
        read++;
        yield { employee: mapped.employee, companyId: company.companyId, employments: mapped.employments };
      }
      opts.onProgress?.(read);
      if (i + 1 < companies.length) opts.onCheckpoint?.(companies[i + 1]!.companyId);
    }
  }

  async listOrganisation(): Promise<ExternalOrganisation> {
    const companies = await this.scopedCompanies();
    const departments = new Map<string, ExternalRef>();
    const costCenters = new Map<string, ExternalRef>();
    for (const debtorId of new Set(companies.map((c) => c.debtorId).filter((d): d is string => !!d))) {
      for (const d of await this.client.departments(debtorId)) departments.set(d.departmentId, { externalId: d.departmentId, name: (d.description ?? String(d.code ?? '')).trim() });
    }
    for (const c of companies) {
      for (const cc of await this.client.costCenters(c.companyId)) costCenters.set(cc.costCenterId, { externalId: cc.costCenterId, name: (cc.description ?? String(cc.code ?? '')).trim() });
    }
    return { departments: [...departments.values()], costCenters: [...costCenters.values()], contractTypes: [...NMBRS_CONTRACT_TYPES], functions: await this.listFunctions(companies) };
  }

  /**
   * F-12: the job functions of the companies in scope, read live. Nmbrs keeps them in the debtor's catalogue
   * (`GET debtors/{id}/functions`); a Nmbrs that does not serve that path (404) is read from the companies' own
   * employee function rows instead (`GET companies/{id}/employees/functions`: every function someone holds or held),
   * so the mapping tab is never empty while the employees carry functions.
   */
  private async listFunctions(companies: readonly NmbrsCompany[]): Promise<ExternalRef[]> {
    const functions = new Map<string, ExternalRef>();
    const name = (f: { description?: string | null | undefined; code?: string | number | null | undefined }) => (f.description ?? String(f.code ?? '')).trim();
    const fromCompanies: NmbrsCompany[] = companies.filter((c) => !c.debtorId);
    for (const debtorId of new Set(companies.map((c) => c.debtorId).filter((d): d is string => !!d))) {
      try {
        for (const f of await this.client.functions(debtorId)) functions.set(f.functionId, { externalId: f.functionId, name: name(f) });
      } catch (err) {
        if (!(err instanceof HttpError) || err.code !== 'not_found') throw err;
        fromCompanies.push(...companies.filter((c) => c.debtorId === debtorId));
      }
    }
    for (const c of fromCompanies) {
      for (const rows of (await this.bulk(c.companyId, 'functions', {})).values()) {
        for (const f of [...((rows.functions ?? []) as FunctionRow[])].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))) {
          // Later rows carry the newer description of the same function.
          if (f.functionId) functions.set(f.functionId, { externalId: f.functionId, name: name(f) });
        }
      }
    }
    return [...functions.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl') || (a.externalId < b.externalId ? -1 : 1));
  }
}
