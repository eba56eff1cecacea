import type { AbsenceSource, ExternalAbsence, ExternalAbsenceDay, ExternalAbsenceType } from '../../kit/absence-source.ts';
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
import { PERSONIO_EMPLOYEES_BURST, PERSONIO_RIGHT_ENDPOINTS, PersonioClient, type PersonioClientConfig, type PersonioFeatures, type PersonioRight, personioRightsFor } from './personio.client.ts';
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
  /** The features switched on for this integration; verifyCredentials checks the rights they need (F-10). */
  features?: PersonioFeatures;
  /** Rights to check in verifyCredentials. Default: what the enabled features need (personioRightsFor). */
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

/**
 * Warnings that may come from a damaged read (a field that does not parse as its type) rather than
 * from the data: worth one re-read of the page. A value that parses but fails a rule of its own
 * (`bsn:not_11_proof`, an e-mail address that is none, an unknown status, a negative number) is what
 * Personio holds — HR typed it so — recorded on the row, never a reason to read the page again or to
 * call the listing unclean (issue 14, item 3). Custom attributes the catalogue does not list are not
 * read at all, so they cost nothing either.
 */
const CONTENT_WARNINGS = new Set(['not_11_proof', 'not_an_email', 'unknown_value', 'negative']);
export function readProblems(warnings: readonly string[]): number {
  let n = 0;
  for (const w of warnings) if (!CONTENT_WARNINGS.has(w.slice(w.indexOf(':') + 1))) n++;
  return n;
}

/** Read-only today: attendance and absence writes come with their sinks and their contract runs. */
export const PERSONIO_CAPABILITIES: readonly Capability[] = ['employees:read', 'organisation:read', 'absences:read'];

/**
 * Personio as an HrConnector. Personio v1 has no endpoint that lists departments or cost centers,
 * only employees carrying them; the organisation is therefore collected from a (projected) walk of
 * the employee list — or taken from the last full listing of this connector, which saw the same.
 */
export class PersonioConnector implements HrConnector, AbsenceSource {
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

  // ── AbsenceSource (F-22, kit absence-source.ts) ──
  listAbsenceTypes(signal?: AbortSignal): Promise<ExternalAbsenceType[]> {
    return this.client.absenceTypesV2(signal);
  }

  /** Rows that do not parse are skipped here and counted in `unparsedAbsences`. */
  async *listAbsences(window: { from: string; to: string }, signal?: AbortSignal): AsyncGenerator<ExternalAbsence> {
    for await (const a of this.client.absencePeriodsV2(window, signal)) {
      if ('unparsed' in a) this.unparsedAbsences++;
      else yield a;
    }
  }
  unparsedAbsences = 0;

  /** Types the last `listAbsenceTypes` could not tell the unit of (id → name). */
  get unknownUnitAbsenceTypes(): ReadonlyMap<string, string> {
    return this.client.unknownUnitAbsenceTypes;
  }

  absenceDays(id: string, signal?: AbortSignal): Promise<ExternalAbsenceDay[]> {
    return this.client.absenceBreakdownsV2(id, signal);
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

  /**
   * F-10, live: the credentials themselves (`POST /v1/auth`), then one probe per right the enabled
   * features need — employees always, attendances and absences only when switched on, on the v2
   * endpoints. Each failure says what failed: refused credentials, a missing right (named), an
   * endpoint this address does not offer, or a host that does not answer.
   */
  async verifyCredentials(): Promise<VerifyCredentialsResult> {
    try {
      await this.client.authenticate();
    } catch (err) {
      // Personio's auth cool-down (60 calls a minute, then 60 s, §1): the settings may be fine, the check has to wait.
      if (err instanceof HttpError && err.code === 'rate_limited') return { ok: false, reason: 'rate_limited', detail: err.message };
      // A refusal of the credentials themselves, in Personio's own error envelope. Anything else — a 404, a 405, a
      // refusal in another shape, an outage, an answer without a token — means a wrong base URL or a down vendor, and
      // reads the same to the user whatever answered (no oracle for what listens at an address; issue 12).
      if (
        err instanceof HttpError &&
        (err.code === 'unauthorized' || err.code === 'forbidden' || (err.code === 'client_error' && err.status !== 405)) &&
        personioErrorSchema.safeParse(err.body).success
      ) {
        return { ok: false, reason: 'invalid_credentials', detail: err.message };
      }
      // No auth endpoint at this address (404): not Personio's API root, so the address is what is wrong.
      return { ok: false, reason: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
    const missing: string[] = [];
    for (const right of this.config.requiredRights ?? personioRightsFor(this.config.features)) {
      let check: Awaited<ReturnType<PersonioClient['checkRight']>>;
      try {
        check = await this.client.checkRight(right);
      } catch (err) {
        // The v2 token endpoint refusing credentials v1 accepted: the credential is not good for this feature.
        if (err instanceof HttpError && err.code === 'unauthorized') return { ok: false, reason: 'invalid_credentials', detail: err.message };
        if (err instanceof HttpError && err.code === 'rate_limited') return { ok: false, reason: 'rate_limited', detail: err.message };
        // No answer at all (after the retries): the host is unreachable.
        return { ok: false, reason: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
      }
      if (check.ok) continue;
      if (check.reason === 'missing_right') missing.push(right);
      else return { ok: false, reason: 'endpoint_unavailable', endpoint: PERSONIO_RIGHT_ENDPOINTS[right], ...(check.status !== undefined ? { status: check.status } : {}) };
    }
    return missing.length ? { ok: false, reason: 'missing_rights', missing } : { ok: true };
  }

  listEmployees(opts: ListEmployeesOptions = {}): AsyncIterable<ExternalEmployee> {
    return this.walk(opts, !opts.updatedSince && !opts.resumeFrom);
  }

  private async *walk(opts: ListEmployeesOptions, collectOrganisation: boolean): AsyncGenerator<ExternalEmployee, void, undefined> {
    const { keys } = await this.loadCatalogue(opts.signal, false);
    const projection = personioProjection(keys);
    const org = collectOrganisation ? new OrganisationCollector() : null;
    const pager = pageByRecordOffset<ExternalEmployee>({
      pageSize: Math.min(100, this.config.pageSize ?? 100),
      // The walk's signal: aborted with the run's, and when the walk ends (pages asked for ahead are called off).
      fetchPage: (offset, limit, signal) =>
        this.client.employeesPage({ offset, limit, attributes: projection, ...(opts.updatedSince ? { updatedSince: opts.updatedSince } : {}), signal }),
      parseRow: (row) => {
        const r = mapPersonioEmployee(row, keys);
        return r.ok
          ? { ok: true, id: r.employee.externalId, value: r.employee, problems: readProblems(r.employee.warnings) }
          : { ok: false, error: r.error, ...(r.externalId !== undefined ? { externalId: r.externalId } : {}) };
      },
      ...(opts.onInvalidRow ? { onInvalidRow: opts.onInvalidRow } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      // A whole burst ahead (15 pages): the limiter sends them as Personio's 15 a second allow; one at a
      // time when the tokens turn out to be single-use (each response carries the next one).
      readAhead: () => (this.client.tokensRotate ? 1 : PERSONIO_EMPLOYEES_BURST),
      ...(opts.resumeFrom && /^\d+$/.test(opts.resumeFrom) ? { startOffset: Number(opts.resumeFrom) } : {}),
      ...(opts.onCheckpoint ? { onPageDone: (next: number) => opts.onCheckpoint!(String(next)) } : {}),
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
      fetchPage: (offset, limit, signal) => this.client.employeesPage({ offset, limit, attributes, signal }),
      parseRow: (row) => {
        const r = mapPersonioEmployee(row, keys);
        return r.ok ? { ok: true, id: r.employee.externalId, value: r.employee, problems: readProblems(r.employee.warnings) } : { ok: false, error: r.error };
      },
    });
    for await (const e of pager) collector.addEmployee(e);
    const org = collector.result();
    this.orgCache = { at: this.now(), org };
    return org;
  }
}
