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
import { contractTypeOf, currentEmployment, mapLoketEmployee, weeklyHoursOf } from './loket.mappers.ts';
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
 * (its incremental mechanism is a version number per employer/employment, not a date), so `updatedSince`
 * alone returns every employee of the scope — a superset, which the interface allows. The version-number
 * read runs on the engine's change cursor (`changeCursor` / `onChangeCursor`, `LoketChangeCursor`).
 */
export class LoketConnector implements HrConnector {
  readonly vendor = 'loket';
  readonly capabilities = LOKET_CAPABILITIES;
  readonly client: LoketClient;
  /** False once a BSN call was refused (403): the data is incomplete, the UI says why. */
  bsnRight: boolean | null = null;
  /** False once `actualworkinghours` was refused (403): the weekly hours of that listing are unknown (null). */
  workingHoursRight: boolean | null = null;
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

  /**
   * Every employee of the scope; with `changeCursor` (Loket's documented incremental read, see `LoketChangeCursor`)
   * only employers whose last-modified version number rose are read, within them only employees whose employments
   * changed get a BSN call and are yielded — plus those whose employment started or ended since the last listing
   * (their status moves with the calendar, not with a version). The cursor this listing covers goes to `onChangeCursor`.
   * Weekly hours: the employer's `actualworkinghours`, read once for each employer whose employees are listed (an
   * unchanged incremental listing reads none), joined on the chosen employment.
   */
  listEmployees(opts: ListEmployeesOptions = {}): AsyncIterable<ExternalEmployee> {
    return this.walk(opts);
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

  /**
   * The hours per week per employment (employment id in lower case), from the employer's actual working hours:
   * one paged read per employer. Null without the right (403): the hours stay unknown, the listing goes on.
   */
  private async weeklyHoursByEmployment(employerId: string, signal?: AbortSignal): Promise<Map<string, number | null> | null> {
    if (this.workingHoursRight === false) return null;
    const by = new Map<string, number | null>();
    try {
      for await (const w of this.client.workingHours(employerId, { pageSize: this.config.pageSize ?? 250, ...(signal ? { signal } : {}) })) by.set(w.employmentId.toLowerCase(), weeklyHoursOf(w.workingHours));
    } catch (err) {
      if (err instanceof HttpError && err.code === 'forbidden') {
        this.workingHoursRight = false;
        return null;
      }
      throw err;
    }
    this.workingHoursRight = true;
    return by;
  }

  private async *walk(opts: ListEmployeesOptions): AsyncGenerator<ExternalEmployee, void, undefined> {
    const today = isoDay(this.now());
    const readBsn = this.config.readBsn !== false;
    const concurrency = Math.max(1, this.config.bsnConcurrency ?? 4);
    let read = 0;
    let bsnAllowed = readBsn;
    const seen = new Set<string>();
    const scope = await this.scope(opts.signal);
    const scopeKey = scopeKeyOf(scope);
    const parsed = opts.changeCursor ? parseLoketCursor(opts.changeCursor) : null;
    // A cursor of another scope (an employer added) or unreadable: read everything.
    const since = parsed !== null && parsed.scope === scopeKey ? parsed : null;
    // Read BEFORE the listing: a change made while it runs is above this number and comes back next time.
    const versionOf = new Map<string, number>();
    for await (const r of this.client.employerVersions(since ? since.version : undefined)) versionOf.set(r.id.toLowerCase(), r.lastModifiedVersionNumber);
    const inScope = new Set(scope.map((id) => id.toLowerCase()));
    let version = since ? since.version : 0;
    for (const [id, v] of versionOf) if (inScope.has(id)) version = Math.max(version, v);
    // A day on which someone's status or current employment moves has come: every employer's employments are read.
    const calendarDue = since !== null && since.next !== null && since.next <= today;
    const employers = since && !calendarDue ? scope.filter((id) => versionOf.has(id.toLowerCase())) : scope;
    let next: string | null = since && !calendarDue ? since.next : null;
    for (const employerId of employers) {
      const employments = await this.employmentsByEmployee(employerId, opts.signal);
      for (const list of employments.values()) for (const m of list) next = earliest(next, nextTransition(m, today));
      let only: Set<string> | null = null;
      if (since) {
        const changedEmployments = new Set<string>();
        if (versionOf.has(employerId.toLowerCase())) for await (const r of this.client.employmentVersions(employerId, since.version)) changedEmployments.add(r.id.toLowerCase());
        only = new Set(
          [...employments]
            .filter(([, list]) => list.some((m) => changedEmployments.has(m.id.toLowerCase()) || crossedSince(m, since.day, today)))
            .map(([employeeId]) => employeeId.toLowerCase()),
        );
        if (only.size === 0) continue;
      }
      const departmentOf = await this.departmentsByEmployment(employerId, opts.signal);
      // Read only when this employer's employees are listed (an unchanged incremental listing stays at one call).
      const hoursOf = await this.weeklyHoursByEmployment(employerId, opts.signal);
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
          const r = mapLoketEmployee(row, current, bsns[i] ?? null, today, (current && departmentOf.get(current.id.toLowerCase())) ?? null, (current && hoursOf?.get(current.id.toLowerCase())) ?? null);
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
    opts.onChangeCursor?.(formatLoketCursor({ version, day: today, next, scope: scopeKey }));
  }

  /**
   * Departments per employer and the contract types (employment duration types) the employments use.
   * Cost centers: Loket keeps them per payroll administration, listed only as the metadata of payroll period data
   * (`client.payrollPeriodDataMetadata`, used by the Loket mappings, decision 0024) and not on an employee, so the
   * vendor-neutral organisation lists none.
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

/**
 * Loket's change position, kept by the sync engine between listings (opaque to it):
 * - `version`: the highest last-modified version number of the employers in scope when the listing began (Loket's
 *   documented incremental mechanism: a sequence over every change of static employment and employee data);
 * - `day`: the day of that listing, and `next`: the first later day on which an employment starts or ends — a
 *   status that moves with the calendar has no version change, so on that day every employer's employments are read
 *   and the employees whose dates were crossed since `day` are listed again;
 * - `scope`: a fingerprint of the employers covered (a changed scope reads everything once).
 */
export interface LoketChangeCursor {
  version: number;
  day: string;
  next: string | null;
  scope: string;
}

export function formatLoketCursor(c: LoketChangeCursor): string {
  return `loket1:${c.version}:${c.day}:${c.next ?? '-'}:${c.scope}`;
}

export function parseLoketCursor(raw: string): LoketChangeCursor | null {
  const m = /^loket1:(\d+):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2}|-):([0-9a-f]+)$/.exec(raw);
  if (!m) return null;
  return { version: Number(m[1]), day: m[2]!, next: m[3] === '-' ? null : m[3]!, scope: m[4]! };
}

/** A short, stable fingerprint of the employer ids in scope (FNV-1a over the sorted, lower-cased ids). */
function scopeKeyOf(ids: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const ch of [...ids].map((i) => i.toLowerCase()).sort().join(',')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

const dayAfter = (d: string) => new Date(Date.parse(`${d.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The first day after `today` on which this employment starts or is over (end date + 1). */
function nextTransition(m: LoketEmployment, today: string): string | null {
  let out: string | null = null;
  if (m.startDate && m.startDate.slice(0, 10) > today) out = earliest(out, m.startDate.slice(0, 10));
  if (m.endDate && dayAfter(m.endDate) > today) out = earliest(out, dayAfter(m.endDate));
  return out;
}

/** The employment started or ended after the listing of `day`, up to `today`. */
function crossedSince(m: LoketEmployment, day: string, today: string): boolean {
  const moments = [m.startDate?.slice(0, 10), m.endDate ? dayAfter(m.endDate) : undefined];
  return moments.some((d) => d !== undefined && d > day && d <= today);
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
