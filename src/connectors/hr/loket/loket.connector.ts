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
import { HttpError } from '../../kit/http-client.ts';
import type { OutboundSink } from '../../kit/sink.ts';
import { LoketClient, type LoketClientConfig } from './loket.client.ts';
import { contractTypeOf, currentEmployment, mapLoketEmployee } from './loket.mappers.ts';
import { LoketPayrollSink } from './loket.payroll-sink.ts';
import type { LoketEmployment } from './loket.schemas.ts';

export interface LoketConnectorConfig extends LoketClientConfig {
  /** The employers (ids from listAccounts) the integration covers; default every employer the user sees. */
  accountScope?: readonly string[];
  /** Read each employee's BSN (one call per employee, behind its own right). Default true. */
  readBsn?: boolean;
  /** verifyCredentials reports a missing BSN right as `missing_rights`. Default true (matching by BSN needs it). */
  requireBsnRight?: boolean;
  pageSize?: number;
  /** Payroll period data records per collective PATCH (the sink's batch). Default 100. */
  payrollBatchSize?: number;
  /** BSN calls in flight at once. Default 4. */
  bsnConcurrency?: number;
}

/** `payroll-hours:write`: the payrollperioddata sink (loket.payroll-sink.ts), which passes the sink contract with faults. */
export const LOKET_CAPABILITIES: readonly Capability[] = ['employees:read', 'organisation:read', 'payroll-hours:write'];

/** The right verifyCredentials names when the BSN call answers 403 (Loket's activity name). */
export const LOKET_BSN_RIGHT = 'GetCitizenServiceNumberByEmployeeId';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Loket.nl as an HrConnector; an account is an employer. Loket has no change-time filter on employees
 * (its incremental mechanism is a version number per employer/employment, not a date), so
 * `updatedSince` returns every employee of the scope — a superset, which the interface allows. The
 * version-number read is `versionCursor()` + `listChangedEmployees(since)`, for an engine that keeps a cursor.
 */
export class LoketConnector implements HrConnector {
  readonly vendor = 'loket';
  readonly capabilities = LOKET_CAPABILITIES;
  readonly client: LoketClient;
  /** False once a BSN call was refused (403): the data is incomplete, the UI says why. */
  bsnRight: boolean | null = null;
  private readonly config: LoketConnectorConfig;
  private readonly now: () => number;

  constructor(config: LoketConnectorConfig) {
    this.config = config;
    this.client = new LoketClient(config);
    this.now = config.now ?? Date.now;
  }

  /** Hours and wage components per employment and payroll period (`PATCH payrollperioddata`). */
  sink(capability: Capability): OutboundSink<unknown> | undefined {
    if (capability !== 'payroll-hours:write') return undefined;
    return new LoketPayrollSink({
      client: this.client,
      ...(this.config.accountScope ? { employerIds: this.config.accountScope } : {}),
      ...(this.config.payrollBatchSize ? { batchSize: this.config.payrollBatchSize } : {}),
    }) as OutboundSink<unknown>;
  }

  metrics(): ConnectorMetrics {
    const m = this.client.metrics();
    return { apiCalls: m.apiCalls, retries: m.retries, rateLimited: m.rateLimited };
  }

  async listAccounts(): Promise<ExternalAccount[]> {
    const out: ExternalAccount[] = [];
    for await (const e of this.client.employers()) out.push({ id: e.id, name: e.companyName, kind: 'employer' });
    return out;
  }

  private async scope(signal?: AbortSignal): Promise<string[]> {
    if (this.config.accountScope?.length) return [...this.config.accountScope];
    const ids: string[] = [];
    for await (const e of this.client.employers(signal ? { signal } : {})) ids.push(e.id);
    return ids;
  }

  /**
   * The tokens (a refresh if needed) and the employer list; then, when the BSN right is required, one
   * BSN call for the first employee in scope. Failures come back as values.
   */
  async verifyCredentials(): Promise<VerifyCredentialsResult> {
    let employers: string[];
    try {
      employers = await this.scope();
    } catch (err) {
      return failure(err);
    }
    if (this.config.requireBsnRight === false) return { ok: true };
    try {
      for (const employerId of employers) {
        for await (const row of this.client.employeeRows(employerId, { pageSize: 1 })) {
          const id = (row as { id?: unknown }).id;
          if (typeof id !== 'string') continue;
          const r = await this.client.citizenServiceNumber(id);
          this.bsnRight = r.right;
          return r.right ? { ok: true } : { ok: false, reason: 'missing_rights', missing: [LOKET_BSN_RIGHT] };
        }
      }
    } catch (err) {
      return failure(err);
    }
    return { ok: true };
  }

  listEmployees(opts: ListEmployeesOptions = {}): AsyncIterable<ExternalEmployee> {
    return this.walk(opts, null);
  }

  /**
   * The highest last-modified version number over the employers in scope. Read it BEFORE a full listing and
   * keep it once the listing succeeded: `listChangedEmployees(it)` then returns what changed since.
   */
  async versionCursor(): Promise<number> {
    const scope = new Set(await this.scope());
    let max = 0;
    for await (const r of this.client.employerVersions()) if (scope.has(r.id)) max = Math.max(max, r.lastModifiedVersionNumber);
    return max;
  }

  /**
   * Employees whose static data changed after `sinceVersion` (Loket's documented incremental read): only
   * employers with a higher number are read, and within them only employees whose employments changed get a
   * BSN call and are yielded. Employers are still read page by page (the employee list has no id filter here).
   */
  listChangedEmployees(sinceVersion: number, opts: ListEmployeesOptions = {}): AsyncIterable<ExternalEmployee> {
    return this.walk(opts, sinceVersion);
  }

  private async employmentsByEmployee(employerId: string, signal?: AbortSignal): Promise<Map<string, LoketEmployment[]>> {
    const by = new Map<string, LoketEmployment[]>();
    for await (const m of this.client.employments(employerId, { pageSize: this.config.pageSize ?? 250, ...(signal ? { signal } : {}) })) {
      const list = by.get(m.employee.id);
      if (list) list.push(m);
      else by.set(m.employee.id, [m]);
    }
    return by;
  }

  /**
   * The department per employment (employment id in lower case): Loket keeps it on the employment's actual
   * organizational entity, named after the employer's department list. Two calls per employer.
   */
  private async departmentsByEmployment(employerId: string, signal?: AbortSignal): Promise<Map<string, ExternalRef>> {
    const names = new Map<string, string>();
    for await (const d of this.client.departments(employerId, signal ? { signal } : {})) names.set(d.id.toLowerCase(), d.description ?? String(d.code ?? d.id));
    const by = new Map<string, ExternalRef>();
    for await (const o of this.client.organizationalEntities(employerId, { pageSize: this.config.pageSize ?? 250, ...(signal ? { signal } : {}) })) {
      const key = o.organizationalEntity?.department?.key;
      if (key) by.set(o.employmentId.toLowerCase(), { externalId: key, name: names.get(key.toLowerCase()) ?? String(o.organizationalEntity?.department?.code ?? key) });
    }
    return by;
  }

  private async *walk(opts: ListEmployeesOptions, sinceVersion: number | null): AsyncGenerator<ExternalEmployee, void, undefined> {
    const today = isoDay(this.now());
    const readBsn = this.config.readBsn !== false;
    const concurrency = Math.max(1, this.config.bsnConcurrency ?? 4);
    let read = 0;
    let bsnAllowed = readBsn;
    const seen = new Set<string>();
    let employers = await this.scope(opts.signal);
    if (sinceVersion !== null) {
      const changed = new Set<string>();
      for await (const r of this.client.employerVersions(sinceVersion)) changed.add(r.id);
      employers = employers.filter((id) => changed.has(id));
    }
    for (const employerId of employers) {
      const employments = await this.employmentsByEmployee(employerId, opts.signal);
      const departmentOf = await this.departmentsByEmployment(employerId, opts.signal);
      let only: Set<string> | null = null;
      if (sinceVersion !== null) {
        const changedEmployments = new Set<string>();
        for await (const r of this.client.employmentVersions(employerId, sinceVersion)) changedEmployments.add(r.id);
        only = new Set([...employments].filter(([, list]) => list.some((m) => changedEmployments.has(m.id))).map(([employeeId]) => employeeId.toLowerCase()));
        if (only.size === 0) continue;
      }
      let batch: unknown[] = [];
      const flush = async function* (this: LoketConnector): AsyncGenerator<ExternalEmployee> {
        const rows = batch;
        batch = [];
        const bsns = new Array<Awaited<ReturnType<LoketClient['citizenServiceNumber']>> | null>(rows.length).fill(null);
        if (bsnAllowed) {
          for (let i = 0; i < rows.length; i += concurrency) {
            const slice = rows.slice(i, i + concurrency);
            const got = await Promise.all(slice.map((r) => (typeof (r as { id?: unknown }).id === 'string' ? this.client.citizenServiceNumber((r as { id: string }).id, opts.signal) : Promise.resolve(null))));
            got.forEach((g, j) => {
              bsns[i + j] = g;
            });
            if (got.some((g) => g && !g.right)) {
              bsnAllowed = false;
              this.bsnRight = false;
              break;
            }
            this.bsnRight = true;
          }
        }
        for (const [i, row] of rows.entries()) {
          const id = (row as { id?: unknown }).id;
          const current = currentEmployment(typeof id === 'string' ? (employments.get(id) ?? []) : [], today);
          const r = mapLoketEmployee(row, current, bsns[i] ?? null, today, (current && departmentOf.get(current.id.toLowerCase())) ?? null);
          if (!r.ok) {
            opts.onInvalidRow?.({ error: r.error, ...(r.externalId !== undefined ? { externalId: r.externalId } : {}) });
            continue;
          }
          if (seen.has(r.employee.externalId)) continue;
          seen.add(r.employee.externalId);
          read++;
          yield r.employee;
        }
        opts.onProgress?.(read);
      };
      for await (const row of this.client.employeeRows(employerId, { pageSize: this.config.pageSize ?? 250, ...(opts.signal ? { signal: opts.signal } : {}) })) {
        if (only && !only.has(String((row as { id?: unknown }).id).toLowerCase())) continue;
        batch.push(row);
        if (batch.length >= Math.max(concurrency * 4, 16)) yield* flush.call(this);
      }
      if (batch.length > 0) yield* flush.call(this);
    }
    if (read === 0) opts.onProgress?.(0);
  }

  /**
   * Departments per employer and the contract types (employment duration types) the employments use.
   * Cost centers: the Loket OpenAPI description Koppel is built against has no list endpoint for them
   * (only `costCenter.key` inside payroll period data), so none are listed.
   */
  async listOrganisation(): Promise<ExternalOrganisation> {
    const departments: ExternalRef[] = [];
    const contractTypes = new Map<string, ExternalRef>();
    for (const employerId of await this.scope()) {
      for await (const d of this.client.departments(employerId)) departments.push({ externalId: d.id, name: d.description ?? String(d.code ?? d.id) });
      for await (const m of this.client.employments(employerId, { pageSize: this.config.pageSize ?? 250 })) {
        const t = contractTypeOf(m);
        if (t) contractTypes.set(t.externalId, t);
      }
    }
    return { departments, costCenters: [], contractTypes: [...contractTypes.values()] };
  }
}

function failure(err: unknown): VerifyCredentialsResult {
  const detail = err instanceof Error ? err.message : String(err);
  if ((err as { code?: unknown } | null)?.code === 'reconnect_needed') return { ok: false, reason: 'invalid_credentials', detail };
  if (err instanceof HttpError) {
    if (err.code === 'unauthorized') return { ok: false, reason: 'invalid_credentials', detail };
    if (err.code === 'forbidden') return { ok: false, reason: 'missing_rights', missing: ['GetEmployersByUserId'], detail };
  }
  return { ok: false, reason: 'unreachable', detail };
}
