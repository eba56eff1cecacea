import type { Capability } from '../../kit/capabilities.ts';
import type {
  ConnectorMetrics,
  ExternalAccount,
  ExternalEmployee,
  ExternalOrganisation,
  HrConnector,
  ListEmployeesOptions,
  VerifyCredentialsResult,
} from '../../kit/hr-connector.ts';
import { HttpError } from '../../kit/http-client.ts';
import { personioErrorSchema } from './personio.schemas.ts';
import { pageByRecordOffset } from '../../kit/paging/record-offset.ts';
import { PERSONIO_REQUIRED_RIGHTS, PersonioClient, type PersonioClientConfig, type PersonioRight } from './personio.client.ts';
import {
  NO_FIELD_KEYS,
  OrganisationCollector,
  contractTypeOptions,
  mapPersonioEmployee,
  personioProjection,
  resolvePersonioFieldKeys,
  type PersonioFieldKeyOverrides,
  type PersonioFieldKeys,
} from './personio.mappers.ts';

export interface PersonioConnectorConfig extends PersonioClientConfig {
  /** Where custom fields live (`dynamic_NNNN` keys); found by label when not given. A complete set saves the catalogue call. */
  fieldKeys?: PersonioFieldKeyOverrides;
  /** Rights to check in verifyCredentials. Default: what Koppel needs (F-10). */
  requiredRights?: readonly PersonioRight[];
  /** Page size for the employee list; Personio caps it at 100 (§2). */
  pageSize?: number;
  /** How long departments/cost centers seen in a full listing answer listOrganisation without a walk. Default 10 min. */
  organisationCacheMs?: number;
  /** The account ids the integration covers (see listAccounts); Personio has one, so this only guards against a foreign scope. */
  accountScope?: readonly string[];
}

/**
 * The one account a Personio credential sees. API credentials are issued inside one Personio company
 * and v1 has no endpoint that names it (no company id or name in /v1/auth or elsewhere), so the
 * account is a fixed synthetic one. `subcompany` on employees is a legal entity inside that company,
 * not a separate administration, and is not offered as a scope.
 */
export const PERSONIO_COMPANY_ACCOUNT: ExternalAccount = { id: 'company', name: 'Personio company', kind: 'company' };

/** Read-only today: attendance and absence writes come with their sinks and their contract runs. */
export const PERSONIO_CAPABILITIES: readonly Capability[] = ['employees:read', 'organisation:read'];

/**
 * Personio as an HrConnector. Personio v1 has no endpoint that lists departments or cost centers,
 * only employees carrying them; the organisation is therefore collected from a (projected) walk of
 * the employee list — or taken from the last full listing of this connector, which saw the same.
 */
export class PersonioConnector implements HrConnector {
  readonly vendor = 'personio';
  readonly capabilities = PERSONIO_CAPABILITIES;
  readonly client: PersonioClient;
  private readonly config: PersonioConnectorConfig;
  private catalogue: { rows: unknown[]; keys: PersonioFieldKeys } | null = null;
  private orgCache: { at: number; org: ExternalOrganisation } | null = null;
  private readonly now: () => number;

  constructor(config: PersonioConnectorConfig) {
    const unknown = (config.accountScope ?? []).filter((id) => id !== PERSONIO_COMPANY_ACCOUNT.id);
    if (unknown.length) throw new Error(`Personio has one account (${PERSONIO_COMPANY_ACCOUNT.id}); scope names ${unknown.join(', ')}`);
    this.config = config;
    this.client = new PersonioClient(config);
    this.now = config.now ?? Date.now;
  }

  /** No call: the credentials are one company's (see PERSONIO_COMPANY_ACCOUNT); verifyCredentials is the live check. */
  async listAccounts(): Promise<ExternalAccount[]> {
    return [{ ...PERSONIO_COMPANY_ACCOUNT }];
  }

  metrics(): ConnectorMetrics {
    const m = this.client.metrics();
    return { apiCalls: m.apiCalls, retries: m.retries, rateLimited: m.rateLimited };
  }

  /** The resolved custom-field keys, for persisting with the integration so later runs skip discovery. */
  async fieldKeys(signal?: AbortSignal): Promise<PersonioFieldKeys> {
    return (await this.loadCatalogue(signal, false)).keys;
  }

  private async loadCatalogue(signal: AbortSignal | undefined, needOptions: boolean): Promise<{ rows: unknown[]; keys: PersonioFieldKeys }> {
    if (this.catalogue) return this.catalogue;
    const overrides = this.config.fieldKeys ?? {};
    if (!needOptions && (Object.keys(NO_FIELD_KEYS) as Array<keyof PersonioFieldKeys>).every((k) => k in overrides)) {
      // Every key configured: no need to ask (one call less on every incremental sync).
      return { rows: [], keys: resolvePersonioFieldKeys([], overrides) };
    }
    const rows = await this.client.employeeAttributes(signal);
    this.catalogue = { rows, keys: resolvePersonioFieldKeys(rows, overrides) };
    return this.catalogue;
  }

  async verifyCredentials(): Promise<VerifyCredentialsResult> {
    try {
      await this.client.authenticate();
    } catch (err) {
      // A refusal of the credentials themselves, in Personio's own error envelope. Anything else — a 404, a refusal
      // in another shape, an outage, an answer without a token — means a wrong base URL or a down vendor, and reads
      // the same to the user whatever answered (no oracle for what listens at an address; issue 12).
      if (err instanceof HttpError && (err.code === 'unauthorized' || err.code === 'forbidden' || err.code === 'client_error') && personioErrorSchema.safeParse(err.body).success) {
        return { ok: false, reason: 'invalid_credentials', detail: err.message };
      }
      return { ok: false, reason: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
    const missing: string[] = [];
    for (const right of this.config.requiredRights ?? PERSONIO_REQUIRED_RIGHTS) {
      try {
        if (!(await this.client.hasRight(right))) missing.push(right);
      } catch (err) {
        // Anything but a clear "forbidden" after the retries: we cannot tell, so say we could not reach it.
        return { ok: false, reason: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
      }
    }
    return missing.length ? { ok: false, reason: 'missing_rights', missing } : { ok: true };
  }

  listEmployees(opts: ListEmployeesOptions = {}): AsyncIterable<ExternalEmployee> {
    return this.walk(opts, !opts.updatedSince);
  }

  private async *walk(opts: ListEmployeesOptions, collectOrganisation: boolean): AsyncGenerator<ExternalEmployee, void, undefined> {
    const { keys } = await this.loadCatalogue(opts.signal, false);
    const projection = personioProjection(keys);
    const org = collectOrganisation ? new OrganisationCollector() : null;
    const pager = pageByRecordOffset<ExternalEmployee>({
      pageSize: Math.min(100, this.config.pageSize ?? 100),
      fetchPage: (offset, limit) =>
        this.client.employeesPage({
          offset,
          limit,
          attributes: projection,
          ...(opts.updatedSince ? { updatedSince: opts.updatedSince } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
        }),
      parseRow: (row) => {
        const r = mapPersonioEmployee(row, keys);
        return r.ok
          ? { ok: true, id: r.employee.externalId, value: r.employee, problems: r.employee.warnings.length }
          : { ok: false, error: r.error, ...(r.externalId !== undefined ? { externalId: r.externalId } : {}) };
      },
      ...(org ? { onRawRow: (row: unknown) => org.addRow(row) } : {}),
      ...(opts.onInvalidRow ? { onInvalidRow: opts.onInvalidRow } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    for await (const employee of pager) {
      org?.addEmployee(employee);
      yield employee;
    }
    // Only a walk that ran to its end saw every department (an abandoned iterator never gets here).
    if (org) {
      if (this.catalogue) org.addContractTypes(contractTypeOptions(this.catalogue.rows, keys));
      this.orgCache = { at: this.now(), org: org.result() };
    }
  }

  async listOrganisation(): Promise<ExternalOrganisation> {
    const maxAge = this.config.organisationCacheMs ?? 600_000;
    if (this.orgCache && this.now() - this.orgCache.at <= maxAge) return this.orgCache.org;
    const catalogue = await this.loadCatalogue(undefined, true);
    const keys = catalogue.keys;
    const collector = new OrganisationCollector();
    collector.addContractTypes(contractTypeOptions(catalogue.rows, keys));
    // Only what the organisation needs: smaller pages, same number of calls.
    const attributes = ['id', 'department', 'cost_centers', ...(keys.contractType ? [keys.contractType] : [])];
    const pager = pageByRecordOffset<ExternalEmployee>({
      pageSize: Math.min(100, this.config.pageSize ?? 100),
      fetchPage: (offset, limit) => this.client.employeesPage({ offset, limit, attributes }),
      parseRow: (row) => {
        const r = mapPersonioEmployee(row, keys);
        return r.ok ? { ok: true, id: r.employee.externalId, value: r.employee, problems: r.employee.warnings.length } : { ok: false, error: r.error };
      },
      onRawRow: (row) => collector.addRow(row),
    });
    for await (const e of pager) collector.addEmployee(e);
    const org = collector.result();
    this.orgCache = { at: this.now(), org };
    return org;
  }
}
