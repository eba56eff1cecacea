import { sql } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import { auditRepository } from '../platform/audit/audit.repository.ts';
import { belongsToTenant } from '../workforce/catalog.repository.ts';
import type { MappingKind, SyncTrigger } from '../platform/db/schema.ts';
import { maskBsn } from '../domain/bsn.ts';
import { arm, CONTINUOUS_EVERY_MS, CONTINUOUS_JOB } from './outbound/outbound-job-names.ts';
import { accountScopeIds, connectorRegistry, isConnector, registrationFor, vendorRegistry, type ConnectorRegistration, type OAuthClientConfig } from './registry.ts';
import type { OAuthTokens, TokenStore } from '../connectors/kit/auth/token-store.ts';
import { MemoryTokenStore } from '../connectors/kit/auth/token-store.ts';
import type { ExternalAccount, HrConnector } from '../connectors/kit/hr-connector.ts';
import { HttpError } from '../connectors/kit/http-client.ts';
import { jobQueue } from '../platform/jobs/queue.ts';
import type { SecretBox } from '../platform/crypto.ts';
import { AppError, type FieldError, fieldError, invalidField, notFound } from '../domain/errors.ts';
import { createOutboundGuard, OutboundRefusedError } from '../connectors/kit/outbound-guard.ts';
import { silentLogger, type Logger } from '../platform/log/logger.ts';
import { integrationTokenStore } from './integration-token-store.ts';
import { isCredentialFailure } from './engine/sync-failures.ts';
import { INTEGRATION_SYNC_JOB, syncSingletonKey } from './engine/sync-keys.ts';
import { nextScheduledRun, upsertIntegrationSchedule } from './engine/sync-schedule.ts';
import { syncedEmployeeFields } from './engine/sync-plan.ts';
import { createSyncEngine, type IntegrationRow, type SyncEngineDeps, type SyncRunRow } from './engine/sync.service.ts';
import type { RunProgress } from './engine/ports.ts';
import { type IntegrationSettings, integrationSettingsSchema, parseSettings, type Proposal, type StoredExternalData } from './engine/sync.types.ts';
import { type Actor, requireRole } from '../domain/actor.ts';

/**
 * The App center's HR integrations (F-10 … F-19) for users and API tokens: connect, configure,
 * map, review and link employees, trigger and follow syncs, undo, health. Every query is scoped
 * by the actor's tenant; another tenant's id is "not found". Credentials go in, never out.
 */

export type SettingsPatch = {
  contractFields?: Partial<IntegrationSettings['contractFields']>;
  timeExchange?: Partial<IntegrationSettings['timeExchange']>;
  employeeFields?: Partial<IntegrationSettings['employeeFields']>;
  autoAddEmployees?: boolean;
  payrollPeriodTypes?: IntegrationSettings['payrollPeriodTypes'];
  absenceImport?: Partial<IntegrationSettings['absenceImport']>;
  notificationEmails?: string[];
  syncTime?: string;
  syncStartDate?: string | null;
  attendanceExport?: Partial<IntegrationSettings['attendanceExport']>;
};
export type IntegrationInput = {
  vendor: string;
  name: string;
  baseUrl?: string | null;
  credentials: Record<string, string>;
  settings?: SettingsPatch;
};
export type IntegrationPatch = {
  name?: string;
  baseUrl?: string | null;
  credentials?: Record<string, string>;
  settings?: SettingsPatch;
  active?: boolean;
};
export type RecordList = 'unlinked' | 'linked' | 'excluded' | 'former';
export type RecordAction = 'add' | 'link' | 'exclude' | 'skip' | 'unlink';
/** `create` (kind `function` only): make a Koppel function named after the external one (externalName) and map to it. */
export type MappingItem = { externalId: string; externalName?: string; koppelId: string | null; exclude?: boolean; create?: boolean };

/** jsonb columns come back parsed from both drivers; this only restores the type. */
/** Someone waits for the live credential check: a wrong address must not take a minute of retries to report. */
/** …nor a vendor answering 429 keep them waiting for the sync's patience (rateLimitPatienceMs 0: a 429 is an attempt). */
const VERIFY_TUNING = { retry: { maxAttempts: 2, maxDelayMs: 1000, rateLimitPatienceMs: 0 }, timeoutMs: 15_000 };
/** Live reads someone waits for (organisation, accounts): 429s count as attempts, as in any interactive call. */
const LIVE_TUNING = { retry: { rateLimitPatienceMs: 0 } };

const parseJson = <T>(v: unknown): T => v as T;

function mergeSettings(current: IntegrationSettings, patch: SettingsPatch = {}): IntegrationSettings {
  const merged = {
    ...current,
    ...patch,
    contractFields: { ...current.contractFields, ...patch.contractFields },
    employeeFields: { ...current.employeeFields, ...patch.employeeFields },
    timeExchange: { ...current.timeExchange, ...patch.timeExchange },
    attendanceExport: { ...current.attendanceExport, ...patch.attendanceExport },
    absenceImport: { ...current.absenceImport, ...patch.absenceImport },
    payrollPeriodTypes: { ...current.payrollPeriodTypes, ...patch.payrollPeriodTypes },
  };
  const parsed = integrationSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new AppError('validation_failed', {}, parsed.error.issues.map((i) => ({ field: `settings.${i.path.join('.')}`, issue: i })));
  }
  return parsed.data;
}

/**
 * `urlGuard`: the outbound guard on an HR integration's base URL (user-supplied), its redirects and
 * what the vendor hands back (outbound-guard.ts): the container passes outboundGuardFor(config)
 * (on in production, KOPPEL_PRIVATE_HOSTS excepted). Default here: on, without exceptions.
 */
export type IntegrationsServiceOptions = Partial<SyncEngineDeps> & {
  /** Koppel's own OAuth2 clients per vendor (Loket), for a connect form exchanged for tokens. */
  oauthClients?: Readonly<Record<string, OAuthClientConfig>>;
};

/** A user-given address as a URL, http or https only; else a field error on `field`. */
export function httpUrl(field: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidField(field, 'invalid_input', { reason: 'URL' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidField(field, 'invalid_input', { reason: 'http(s)' });
  return url;
}

/** Why a vendor call failed, as a field detail code (translated at the HTTP boundary); never the transport's text. */
function vendorFailureDetail(field: string, err: unknown): FieldError {
  if (isCredentialFailure(err)) return fieldError(field, 'vendor_refused_credentials');
  if (err instanceof HttpError) {
    if (err.code === 'timeout' || err.code === 'network') return fieldError(field, 'vendor_unreachable');
    if (err.status !== undefined) return fieldError(field, 'vendor_http_status', { status: err.status });
  }
  return fieldError(field, 'vendor_error');
}

export function createIntegrationsService(db: Database, box: SecretBox, engineDeps: IntegrationsServiceOptions = {}) {
  const urlGuard = engineDeps.urlGuard ?? createOutboundGuard({ enabled: true });
  const engine = createSyncEngine({ db, box, ...engineDeps, urlGuard });
  const log: Logger = engineDeps.log ?? silentLogger;

  const tuning = (extra: Record<string, unknown> = {}) => ({ ...extra, ...engineDeps.connectorTuning });
  /** A base URL Koppel will call: http(s), and not into its own network (the outbound guard). */
  async function checkBaseUrl(baseUrl: string) {
    const url = httpUrl('baseUrl', baseUrl);
    try {
      await urlGuard.check(url);
    } catch (err) {
      if (!(err instanceof OutboundRefusedError)) throw err;
      log.warn({ host: url.host, reason: err.reason }, 'integration base URL refused by the outbound guard');
      throw invalidField('baseUrl', 'private_address');
    }
  }

  function toDto(i: IntegrationRow, nextSyncAt: Date | null) {
    return {
      id: i.id,
      vendor: i.vendor,
      vendorLabel: registrationFor(i.vendor)?.label ?? i.vendor,
      capabilities: [...(registrationFor(i.vendor)?.capabilities ?? [])],
      name: i.name,
      baseUrl: i.base_url,
      credentialsHint: i.credentials_hint,
      active: i.active,
      settings: parseSettings(i.settings),
      health: i.health,
      healthDetail: i.health_detail,
      lastSuccessAt: i.last_success_at,
      firstSyncApplied: i.first_sync_applied,
      /** The accounts (company / administration) this integration covers; null = not chosen yet. */
      accountScope: parseJson<ExternalAccount[] | null>(i.account_scope) ?? null,
      nextSyncAt,
      createdAt: i.created_at,
      updatedAt: i.updated_at,
    };
  }

  type PerEmployee = { recordId?: string; externalId?: string; name: string; messages: string[] }[];
  function runSummary(r: SyncRunRow) {
    const counts = parseJson<Record<string, number>>(r.counts);
    return {
      id: r.id,
      integrationId: r.integration_id,
      trigger: r.trigger,
      mode: r.mode,
      status: r.status,
      listing: r.listing,
      requestedBy: r.requested_by,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      counts: {
        read: counts.read ?? 0,
        checked: counts.checked ?? 0,
        added: counts.added ?? 0,
        linked: counts.linked ?? 0,
        updated: counts.updated ?? 0,
        unchanged: counts.unchanged ?? 0,
        excluded: counts.excluded ?? 0,
        failed: counts.failed ?? 0,
        needsAction: counts.needsAction ?? 0,
        skipped: counts.skipped ?? 0,
        former: counts.former ?? 0,
        reverted: counts.reverted ?? 0,
        removed: counts.removed ?? 0,
      },
      apiCalls: r.api_calls,
      progress: parseJson<RunProgress | null>(r.progress) ?? null,
      error: r.error,
      previewRunId: r.preview_run_id,
      appliedRunId: r.applied_run_id,
      undoOfRunId: r.undo_of_run_id,
      undoneByRunId: r.undone_by_run_id,
    };
  }
  function runDetail(r: SyncRunRow) {
    const plan = parseJson<{ items?: DiffItem[]; truncated?: number } | null>(r.plan);
    return {
      ...runSummary(r),
      warnings: parseJson<PerEmployee>(r.warnings) ?? [],
      errors: parseJson<PerEmployee>(r.errors) ?? [],
      diff: { items: plan?.items ?? [], truncated: Boolean(plan?.truncated) },
    };
  }
  type DiffItem = { recordId?: string; externalId?: string; name: string; action: string; employeeId?: string | null; changes: { field: string; old: unknown; new: unknown }[]; issues?: string[]; needsAction?: boolean };

  async function load(actor: Actor, id: string) {
    const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('integration');
    return row;
  }

  async function loadRecord(actor: Actor, integrationId: string, recordId: string) {
    const row = await db
      .selectFrom('external_records')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('integration_id', '=', integrationId)
      .where('id', '=', recordId)
      .executeTakeFirst();
    if (!row) throw notFound('external_record');
    return row;
  }

  /** A connector for a live read of a stored integration (accounts, organisation). */
  function liveConnector(integration: IntegrationRow, reg: ConnectorRegistration | undefined, opts: { scoped: boolean; tokenStore?: TokenStore<OAuthTokens & Record<string, unknown>> }): HrConnector {
    if (engineDeps.connectorFor) return engineDeps.connectorFor(integration, { full: true });
    const scope = opts.scoped ? accountScopeIds(integration.account_scope) : undefined;
    return reg!.create({
      baseUrl: integration.base_url,
      credentials: JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>,
      ...(scope ? { accountScope: scope } : {}),
      tuning: tuning(LIVE_TUNING),
      urlGuard,
      log,
      // A stored OAuth2 integration refreshes through its row, as the sync engine does.
      ...(opts.tokenStore ? { tokenStore: opts.tokenStore } : integration.id ? { tokenStore: integrationTokenStore(db, box, integration.tenant_id, integration.id) } : {}),
    });
  }

  /**
   * A live read the vendor refused for the credentials themselves: the integration needs new ones,
   * just as when a sync run meets the refusal (the engine sets the same state). Cleared by update().
   */
  async function liveReadFailed(actor: Actor, integration: IntegrationRow, label: string, err: unknown, opts: { mark?: boolean } = {}): Promise<never> {
    if (err instanceof AppError) throw err;
    const params = { vendor: label };
    // The transport's text (method, path, status, vendor body) goes to the log, never to the user.
    log.warn({ integrationId: integration.id, vendor: integration.vendor, code: (err as { code?: unknown } | null)?.code, err: err instanceof Error ? err.message : String(err) }, 'integration live read failed');
    if (isCredentialFailure(err)) {
      // Only a refused credential or token (401 after refreshing, invalid_grant, invalid_client) needs a reconnect.
      if (opts.mark !== false && integration.health !== 'reconnect_needed') {
        await db.updateTable('integrations').set({ health: 'reconnect_needed', health_detail: 'reconnect_needed' }).where('tenant_id', '=', actor.tenantId).where('id', '=', integration.id).execute();
      }
      throw new AppError('integration_credentials_invalid', params, [vendorFailureDetail('credentials', err)], { cause: err });
    }
    if (err instanceof HttpError && err.code === 'forbidden') {
      // The credentials work but lack a right for this call; the vendor does not say which.
      throw new AppError('integration_missing_rights', { ...params, variant: 'unnamed', missing: '' }, [vendorFailureDetail('credentials', err)], { cause: err });
    }
    throw new AppError('integration_unreachable', params, [vendorFailureDetail('baseUrl', err)], { cause: err });
  }

  /** F-10: credentials are checked live before anything is saved. Expected failures come back as translated codes. */
  async function verify(vendor: string, baseUrl: string, credentials: Record<string, string>, settings: IntegrationSettings, tokenStore?: TokenStore<OAuthTokens & Record<string, unknown>>) {
    const reg = registrationFor(vendor)!;
    await checkBaseUrl(baseUrl);
    const connector = engineDeps.connectorFor
      ? engineDeps.connectorFor({ vendor, base_url: baseUrl, credentials_encrypted: box.encrypt(JSON.stringify(credentials)) } as IntegrationRow, { full: true })
      : reg.create({ baseUrl, credentials, features: settings.timeExchange, tuning: tuning(VERIFY_TUNING), urlGuard, log, ...(tokenStore ? { tokenStore } : {}) });
    let result: Awaited<ReturnType<HrConnector['verifyCredentials']>>;
    try {
      result = await connector.verifyCredentials();
    } catch (err) {
      if (err instanceof AppError) throw err;
      result = { ok: false, reason: isCredentialFailure(err) ? 'invalid_credentials' : err instanceof HttpError && err.code === 'rate_limited' ? 'rate_limited' : 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
    if (result.ok) return;
    const params = { vendor: reg.label };
    // The vendor's own text stays in the log; the user gets a translated code.
    log.warn({ vendor, reason: result.reason, detail: result.detail, missing: result.missing }, 'integration credential check failed');
    if (result.reason === 'invalid_credentials') throw new AppError('integration_credentials_invalid', params, [fieldError('credentials', 'vendor_refused_credentials')]);
    const missing = (result.missing ?? []).join(', ');
    if (result.reason === 'missing_rights') throw new AppError('integration_missing_rights', { ...params, missing, ...(missing ? {} : { variant: 'unnamed' }) }, [fieldError('credentials', 'vendor_missing_rights', { missing })]);
    // Reachable and not refusing the credentials, but busy: say so, not "unreachable".
    if (result.reason === 'rate_limited') throw new AppError('integration_rate_limited', params);
    if (result.reason === 'endpoint_unavailable') {
      // The host answered and took the credentials, but does not offer what an enabled feature needs: not "unreachable".
      const endpoint = result.endpoint ?? '';
      const status = result.status ?? 0;
      throw new AppError('integration_endpoint_unavailable', { ...params, endpoint, status }, [fieldError('baseUrl', 'vendor_endpoint_unavailable', { endpoint, status })]);
    }
    throw new AppError('integration_unreachable', params, [fieldError('baseUrl', 'vendor_unreachable')]);
  }

  /** Every account the credentials see (unscoped: the user chooses from all of them). */
  async function liveAccounts(reg: ConnectorRegistration | undefined, integration: IntegrationRow, tokenStore?: TokenStore<OAuthTokens & Record<string, unknown>>): Promise<ExternalAccount[]> {
    return liveConnector(integration, reg, { scoped: false, ...(tokenStore ? { tokenStore } : {}) }).listAccounts();
  }

  /**
   * A vendor whose form is exchanged for tokens (Loket): the form is used here once and never stored;
   * the result (tokens + Koppel's client) is what gets encrypted and saved, through one in-memory token
   * store shared by the checks that follow (a refresh during them rotates the pair that is then saved).
   */
  async function exchangeForm(reg: ConnectorRegistration, baseUrl: string, form: Record<string, string>) {
    if (!reg.exchangeCredentials) return { credentials: form, tokenStore: undefined };
    await checkBaseUrl(baseUrl);
    let exchanged: Record<string, unknown>;
    try {
      exchanged = await reg.exchangeCredentials({ baseUrl, form, ...(engineDeps.oauthClients?.[reg.vendor] ? { oauthClient: engineDeps.oauthClients[reg.vendor] } : {}), tuning: tuning(VERIFY_TUNING), urlGuard, log });
    } catch (err) {
      if (err instanceof AppError) throw err;
      log.warn({ vendor: reg.vendor, code: (err as { code?: unknown } | null)?.code, status: (err as { status?: unknown } | null)?.status }, 'exchanging the connect form for tokens failed');
      // The token endpoint refuses a wrong user name / password with 400 invalid_grant, a refused client with 401.
      if (err instanceof HttpError && (err.status === 400 || err.status === 401)) {
        throw new AppError('integration_credentials_invalid', { vendor: reg.label }, [fieldError('credentials', 'vendor_refused_credentials')], { cause: err });
      }
      throw new AppError('integration_unreachable', { vendor: reg.label }, [vendorFailureDetail('baseUrl', err)], { cause: err });
    }
    const tokenStore = new MemoryTokenStore(exchanged as OAuthTokens & Record<string, unknown>);
    return { credentials: exchanged as Record<string, string>, tokenStore };
  }

  /** The accounts the new credentials see; a failed listing leaves the scope unset (the UI then asks the user to choose). */
  function accountsAfterConnect(reg: ConnectorRegistration, baseUrl: string, credentials: Record<string, string>, tokenStore?: TokenStore<OAuthTokens & Record<string, unknown>>) {
    return liveAccounts(reg, { vendor: reg.vendor, base_url: baseUrl, credentials_encrypted: box.encrypt(JSON.stringify(credentials)) } as IntegrationRow, tokenStore).catch((err: unknown) => {
      log.warn({ vendor: reg.vendor, code: (err as { code?: unknown } | null)?.code, err: err instanceof Error ? err.message : String(err) }, 'listing the accounts after connecting failed; the scope stays unset');
      return [] as ExternalAccount[];
    });
  }

  /**
   * A new integration from credentials that work: checked live, its accounts read, then saved with its schedule.
   * One account (Personio's company): nothing to choose, it is the scope. Several: the user picks (PUT …/scope).
   */
  async function connectChecked(
    actor: Actor,
    c: { reg: ConnectorRegistration; name: string; baseUrl: string; settings: IntegrationSettings; credentials: Record<string, string>; hint: string; tokenStore?: MemoryTokenStore<OAuthTokens & Record<string, unknown>> },
  ) {
    const { reg, baseUrl } = c;
    await verify(reg.vendor, baseUrl, c.credentials, c.settings, c.tokenStore);
    const accounts = await accountsAfterConnect(reg, baseUrl, c.credentials, c.tokenStore);
    // The tokens as the checks left them (a refresh in between rotated the pair).
    const credentials = c.tokenStore ? { ...c.credentials, ...c.tokenStore.current } : c.credentials;
    const row = await db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('integrations')
        .values({
          tenant_id: actor.tenantId,
          vendor: reg.vendor,
          name: c.name,
          base_url: baseUrl,
          credentials_encrypted: box.encrypt(JSON.stringify(credentials)),
          credentials_hint: c.hint,
          settings: JSON.stringify(c.settings),
          ...(accounts.length === 1 ? { account_scope: JSON.stringify(accounts) } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditRepository.record(trx, actor, 'create', 'integration', created.id, {
        vendor: { old: null, new: reg.vendor },
        name: { old: null, new: c.name },
        base_url: { old: null, new: baseUrl },
        ...(accounts.length === 1 ? { account_scope: { old: null, new: accounts.map((a) => a.id) } } : {}),
      });
      return created;
    });
    await upsertIntegrationSchedule(db, row.id);
    return { row, accounts };
  }

  function checkCredentials(vendor: string, credentials: Record<string, string>) {
    const reg = registrationFor(vendor);
    if (!reg) throw invalidField('vendor', 'unknown_vendor', { known: Object.keys(connectorRegistry).join(', ') });
    // A vendor whose form goes with its authorization page (Nmbrs) gets new tokens only from that page (POST /integrations/oauth/start).
    if (reg.authorizationCode?.form === 'with') throw new AppError('invalid_state', { reason: 'consent_required' });
    const parsed = reg.credentialsSchema.safeParse(credentials);
    if (!parsed.success) throw new AppError('validation_failed', {}, parsed.error.issues.map((i) => ({ field: `credentials.${i.path.join('.')}`, issue: i })));
    return { reg, credentials: parsed.data as Record<string, string> };
  }

  async function enqueue(actor: Actor, run: SyncRunRow) {
    const payload = { tenantId: actor.tenantId, integrationId: run.integration_id, runId: run.id };
    const key = syncSingletonKey(actor.tenantId, run.integration_id);
    let job = await jobQueue.enqueue(db, INTEGRATION_SYNC_JOB, payload, { tenantId: actor.tenantId, singletonKey: key, maxAttempts: 3 });
    if (!job.created) {
      // The integration's job may still be finishing an earlier run; make sure this run gets its own job.
      const existing = await db.selectFrom('jobs').select('payload').where('id', '=', job.id).executeTakeFirst();
      if (parseJson<{ runId?: string }>(existing?.payload)?.runId !== run.id) {
        job = await jobQueue.enqueue(db, INTEGRATION_SYNC_JOB, payload, { tenantId: actor.tenantId, singletonKey: `${key}:${run.id}`, maxAttempts: 3 });
      }
    }
    await db.updateTable('sync_runs').set({ job_id: job.id }).where('id', '=', run.id).where('job_id', 'is', null).execute();
    return job;
  }

  const triggerOf = (actor: Actor): SyncTrigger => (actor.type === 'api_token' ? 'api' : actor.type === 'user' ? 'manual' : 'cli');

  return {
    engine,
    checkBaseUrl,

    /** Every vendor, one line each: HR/payroll ones are connected here; calendar/video ones on the recruiting connections page. */
    vendors() {
      return vendorRegistry.map((r) => ({
        vendor: r.vendor,
        label: r.label,
        category: r.category,
        capabilities: [...r.capabilities],
        defaultBaseUrl: r.category === 'hr' || r.category === 'payroll' ? (r.status === 'available' ? r.defaultBaseUrl : '') : '',
        credentialFields: r.credentialsSchema ? Object.keys(r.credentialsSchema.shape) : [],
        comingSoon: r.status === 'planned',
        loginPage: isConnector(r) && r.authorizationCode?.form === 'none',
        /** form: the credentials are the connection (POST /integrations); consent: the form, then the vendor's consent page (POST /integrations/oauth/start). */
        connectVia: isConnector(r) && r.authorizationCode?.form === 'with' ? ('consent' as const) : ('form' as const),
      }));
    },

    async list(actor: Actor) {
      requireRole(actor, 'workforceRead');
      const rows = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('created_at').orderBy('id').execute();
      return Promise.all(rows.map(async (r) => toDto(r, await nextScheduledRun(db, r.id))));
    },

    async get(actor: Actor, id: string) {
      requireRole(actor, 'workforceRead');
      const row = await load(actor, id);
      return toDto(row, await nextScheduledRun(db, id));
    },

    async create(actor: Actor, input: IntegrationInput) {
      requireRole(actor, 'hr');
      const { reg, credentials: form } = checkCredentials(input.vendor, input.credentials);
      const baseUrl = input.baseUrl || reg.defaultBaseUrl;
      const settings = mergeSettings(mergeSettings(parseSettings({}), reg.defaultSettings), input.settings);
      const exchanged = await exchangeForm(reg, baseUrl, form);
      const { row } = await connectChecked(actor, { reg, name: input.name, baseUrl, settings, credentials: exchanged.credentials, hint: reg.hint(form), tokenStore: exchanged.tokenStore });
      return toDto(row, await nextScheduledRun(db, row.id));
    },

    /**
     * Tokens from the vendor's authorization-code page (src/integrations/authorization-code.service.ts): checked
     * live and stored encrypted, as a new integration or, with `integrationId`, as the new credentials of one that
     * needed a reconnect (health back to healthy; records, links and scope kept). The accounts are for the scope choice.
     */
    async connectAuthorized(actor: Actor, input: { vendor: string; name: string; baseUrl: string; integrationId?: string | null }, credentials: Record<string, unknown>) {
      requireRole(actor, 'hr');
      const reg = registrationFor(input.vendor);
      if (!reg) throw invalidField('vendor', 'unknown_vendor', { known: Object.keys(connectorRegistry).join(', ') });
      const tokenStore = new MemoryTokenStore(credentials as OAuthTokens & Record<string, unknown>);
      const stored = credentials as Record<string, string>;
      if (!input.integrationId) {
        const settings = mergeSettings(parseSettings({}), reg.defaultSettings);
        const { row, accounts } = await connectChecked(actor, { reg, name: input.name, baseUrl: input.baseUrl, settings, credentials: stored, hint: reg.hint(stored), tokenStore });
        return { integration: toDto(row, await nextScheduledRun(db, row.id)), reconnected: false, accounts };
      }
      const current = await load(actor, input.integrationId);
      if (current.vendor !== reg.vendor) throw notFound('integration');
      await verify(reg.vendor, input.baseUrl, stored, parseSettings(current.settings), tokenStore);
      const accounts = await accountsAfterConnect(reg, input.baseUrl, stored, tokenStore);
      const fresh = { ...stored, ...tokenStore.current };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('integrations')
          .set({
            credentials_encrypted: box.encrypt(JSON.stringify(fresh)),
            credentials_hint: reg.hint(fresh as Record<string, string>),
            base_url: input.baseUrl,
            health: 'healthy',
            health_detail: null,
            // Another address: the next listing starts from scratch.
            ...(input.baseUrl !== current.base_url ? { sync_cursor: null, sync_change_cursor: null, vendor_state: null } : {}),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', current.id)
          .execute();
        await auditRepository.record(trx, actor, 'reconnect', 'integration', current.id, {
          credentials: { old: '***', new: '***' },
          health: { old: current.health, new: 'healthy' },
          ...(input.baseUrl !== current.base_url ? { base_url: { old: current.base_url, new: input.baseUrl } } : {}),
        });
      });
      return { integration: toDto(await load(actor, current.id), await nextScheduledRun(db, current.id)), reconnected: true, accounts };
    },

    async update(actor: Actor, id: string, patch: IntegrationPatch) {
      requireRole(actor, 'hr');
      const current = await load(actor, id);
      const settings = mergeSettings(parseSettings(current.settings), patch.settings);
      const baseUrl = patch.baseUrl === undefined ? current.base_url : patch.baseUrl || registrationFor(current.vendor)?.defaultBaseUrl || current.base_url;
      let credentials: Record<string, string> | null = null;
      let form: Record<string, string> | null = null;
      let exchangedStore: MemoryTokenStore<OAuthTokens & Record<string, unknown>> | undefined;
      if (patch.credentials) {
        const checked = checkCredentials(current.vendor, patch.credentials);
        form = checked.credentials;
        // Loket: the new login buys a new token pair here; only that is stored.
        const exchanged = await exchangeForm(checked.reg, baseUrl, form);
        credentials = exchanged.credentials;
        exchangedStore = exchanged.tokenStore;
      }
      const reconnected = Boolean(credentials) || baseUrl !== current.base_url;
      // A feature switched on needs its rights: checked live, like new credentials.
      const before = parseSettings(current.settings).timeExchange;
      const featureOn = (settings.timeExchange.attendances && !before.attendances) || (settings.timeExchange.absences && !before.absences);
      if (reconnected || featureOn) await verify(current.vendor, baseUrl, credentials ?? (JSON.parse(box.decrypt(current.credentials_encrypted)) as Record<string, string>), settings, exchangedStore);
      if (credentials && exchangedStore) credentials = { ...credentials, ...exchangedStore.current } as Record<string, string>;
      const row = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('integrations')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            base_url: baseUrl,
            settings: JSON.stringify(settings),
            ...(patch.active !== undefined ? { active: patch.active } : {}),
            ...(credentials ? { credentials_encrypted: box.encrypt(JSON.stringify(credentials)), credentials_hint: registrationFor(current.vendor)!.hint(form ?? credentials) } : {}),
            // Fresh credentials that passed the live check end "reconnect needed".
            ...(reconnected && current.health === 'reconnect_needed' ? { health: 'healthy' as const, health_detail: null } : {}),
            // Another account or address: the next listing starts from scratch.
            ...(baseUrl !== current.base_url ? { sync_cursor: null, sync_change_cursor: null, vendor_state: null } : {}),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        if (updated.name !== current.name) changes.name = { old: current.name, new: updated.name };
        if (updated.base_url !== current.base_url) changes.base_url = { old: current.base_url, new: updated.base_url };
        if (updated.active !== current.active) changes.active = { old: current.active, new: updated.active };
        if (credentials) changes.credentials = { old: '***', new: '***' };
        if (JSON.stringify(parseSettings(current.settings)) !== JSON.stringify(settings)) changes.settings = { old: parseSettings(current.settings), new: settings };
        if (Object.keys(changes).length) await auditRepository.record(trx, actor, 'update', 'integration', id, changes);
        return updated;
      });
      await upsertIntegrationSchedule(db, id);
      // The continuous hours export switched on: its hourly chain runs now (and arms itself), not only after midnight.
      if (settings.attendanceExport.continuous && !parseSettings(current.settings).attendanceExport.continuous) await arm(db, CONTINUOUS_JOB, CONTINUOUS_EVERY_MS, 0);
      return toDto(row, await nextScheduledRun(db, id));
    },

    /** F-14 trash icon: stops syncing, keeps every record, link and run. */
    async deactivate(actor: Actor, id: string) {
      requireRole(actor, 'hr');
      await load(actor, id);
      const row = await db.transaction().execute(async (trx) => {
        const updated = await trx.updateTable('integrations').set({ active: false, updated_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await auditRepository.record(trx, actor, 'deactivate', 'integration', id, { active: { old: true, new: false } });
        return updated;
      });
      await upsertIntegrationSchedule(db, id);
      return toDto(row, null);
    },

    /** Departments, cost centers and contract types as the vendor has them, for the mapping dropdowns (live). */
    async organisation(actor: Actor, id: string) {
      requireRole(actor, 'hr');
      const integration = await load(actor, id);
      const reg = registrationFor(integration.vendor);
      const connector = liveConnector(integration, reg, { scoped: true });
      try {
        return await connector.listOrganisation();
      } catch (err) {
        return liveReadFailed(actor, integration, reg?.label ?? integration.vendor, err, { mark: false });
      }
    },

    /** The companies / administrations the integration's credentials can see, read live, with the chosen ones marked. */
    async accounts(actor: Actor, id: string) {
      requireRole(actor, 'hr');
      const integration = await load(actor, id);
      const reg = registrationFor(integration.vendor);
      let accounts: ExternalAccount[];
      try {
        accounts = await liveAccounts(reg, integration);
      } catch (err) {
        return liveReadFailed(actor, integration, reg?.label ?? integration.vendor, err);
      }
      const chosen = new Set(accountScopeIds(integration.account_scope) ?? []);
      return { items: accounts.map((a) => ({ ...a, parentId: a.parentId ?? null, selected: chosen.has(a.id) })) };
    },

    /** Sets the accounts the integration covers; each must be one the credentials see now (else a 400 on accountIds.N). */
    async setScope(actor: Actor, id: string, accountIds: string[]) {
      requireRole(actor, 'hr');
      const current = await load(actor, id);
      const reg = registrationFor(current.vendor);
      if (accountIds.length === 0) throw invalidField('accountIds', 'choose_at_least_one');
      let known: ExternalAccount[];
      try {
        known = await liveAccounts(reg, current);
      } catch (err) {
        return liveReadFailed(actor, current, reg?.label ?? current.vendor, err);
      }
      const byId = new Map(known.map((a) => [a.id, a]));
      const seen = new Set<string>();
      for (const [i, accountId] of accountIds.entries()) {
        if (!byId.has(accountId)) throw invalidField(`accountIds.${i}`, 'unknown', { entity: 'account' });
        if (seen.has(accountId)) throw invalidField(`accountIds.${i}`, 'listed_twice');
        seen.add(accountId);
      }
      const scope = accountIds.map((a) => byId.get(a)!);
      const before = accountScopeIds(current.account_scope) ?? null;
      const row = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('integrations')
          .set({
            account_scope: JSON.stringify(scope),
            // Another set of administrations: the next listing starts from scratch.
            ...(JSON.stringify(before) !== JSON.stringify(accountIds) ? { sync_cursor: null, sync_change_cursor: null } : {}),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (JSON.stringify(before) !== JSON.stringify(accountIds)) await auditRepository.record(trx, actor, 'update_scope', 'integration', id, { account_scope: { old: before, new: accountIds } });
        return updated;
      });
      return toDto(row, await nextScheduledRun(db, id));
    },

    async getMappings(actor: Actor, id: string, kind: MappingKind) {
      requireRole(actor, 'hr');
      await load(actor, id);
      const rows = await db
        .selectFrom('integration_mappings')
        .select(['external_id', 'external_name', 'koppel_id', 'exclude'])
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', id)
        .where('kind', '=', kind)
        .orderBy('external_name')
        .orderBy('external_id')
        .execute();
      return { kind, items: rows.map((r) => ({ externalId: r.external_id, externalName: r.external_name, koppelId: r.koppel_id, exclude: r.exclude })) };
    },

    /** F-12: one tab (kind) saved on its own; the list replaces that tab's mappings. */
    async putMappings(actor: Actor, id: string, kind: MappingKind, items: MappingItem[]) {
      requireRole(actor, 'hr');
      await load(actor, id);
      const table = kind === 'department' || kind === 'cost_center' ? 'departments' : kind === 'function' ? 'job_functions' : 'contract_types';
      const seen = new Set<string>();
      // Everything is checked before anything is written: a bad row saves nothing (not even a function to create).
      for (const [i, item] of items.entries()) {
        const key = kind === 'contract_type_out' ? (item.koppelId ?? '') : item.externalId;
        if (seen.has(key)) throw invalidField(`items.${i}`, 'listed_twice');
        seen.add(key);
        if (kind === 'contract_type_out' && !item.koppelId) throw invalidField(`items.${i}.koppelId`, 'required');
        if (item.create) {
          if (kind !== 'function') throw invalidField(`items.${i}.create`, 'create_functions_only');
          if (item.koppelId || item.exclude) throw invalidField(`items.${i}.create`, 'create_or_map');
          if (!item.externalName?.trim()) throw invalidField(`items.${i}.externalName`, 'required');
          // A Koppel function's name holds at most 200 characters (as on the functions page).
          if (item.externalName.trim().length > 200) throw invalidField(`items.${i}.externalName`, 'function_name_too_long', { max: 200 });
        }
        if (item.koppelId && !(await belongsToTenant(db, table, actor.tenantId, item.koppelId))) throw invalidField(`items.${i}.koppelId`, 'unknown_value');
      }
      await db.transaction().execute(async (trx) => {
        // "Create" (functions): a Koppel function named as the vendor names it; one that exists by that name is used.
        const created = new Map<number, string>();
        for (const [i, item] of items.entries()) {
          if (!item.create) continue;
          const name = item.externalName!.trim();
          const existing = await trx.selectFrom('job_functions').select('id').where('tenant_id', '=', actor.tenantId).where('name', '=', name).executeTakeFirst();
          if (existing) {
            created.set(i, existing.id);
            continue;
          }
          const row = await trx.insertInto('job_functions').values({ tenant_id: actor.tenantId, name }).returning(['id', 'name']).executeTakeFirstOrThrow();
          await auditRepository.record(trx, actor, 'create', 'function', row.id, { name: { old: null, new: row.name } });
          created.set(i, row.id);
        }
        await trx.deleteFrom('integration_mappings').where('tenant_id', '=', actor.tenantId).where('integration_id', '=', id).where('kind', '=', kind).execute();
        if (items.length) {
          await trx
            .insertInto('integration_mappings')
            .values(
              items.map((m, i) => ({
                tenant_id: actor.tenantId,
                integration_id: id,
                kind,
                external_id: m.externalId,
                external_name: m.externalName ?? '',
                koppel_id: created.get(i) ?? m.koppelId,
                exclude: Boolean(m.exclude),
              })),
            )
            .execute();
        }
        await auditRepository.record(trx, actor, 'update_mappings', 'integration', id, { [kind]: { old: null, new: items.length } });
      });
      // Exclude rules move records between the review lists right away.
      await engine.refreshVerdicts(actor.tenantId, id);
      return this.getMappings(actor, id, kind);
    },

    /** F-13 review lists: red (needs action) first, then by name. */
    async listRecords(actor: Actor, id: string, opts: { list: RecordList; limit: number; offset: number; q?: string }) {
      requireRole(actor, 'hr');
      await load(actor, id);
      let q = db.selectFrom('external_records as r').where('r.tenant_id', '=', actor.tenantId).where('r.integration_id', '=', id);
      if (opts.list === 'former') q = q.where('r.former', '=', true);
      else {
        q = q.where('r.former', '=', false);
        if (opts.list === 'excluded') q = q.where((eb) => eb.or([eb('r.link_state', '=', 'excluded'), eb('r.rule_excluded', '=', true)]));
        else {
          q = q.where('r.rule_excluded', '=', false);
          q = opts.list === 'linked' ? q.where('r.link_state', '=', 'linked') : q.where('r.link_state', 'in', ['unlinked', 'skipped']);
        }
      }
      if (opts.q) q = q.where('r.sort_name', 'like', `%${opts.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const [rows, count, tabs] = await Promise.all([
        q
          .leftJoin('employees as e', (j) => j.onRef('e.id', '=', 'r.employee_id').on('e.tenant_id', '=', actor.tenantId))
          .selectAll('r')
          .select(['e.first_name as e_first', 'e.prefix as e_prefix', 'e.last_name as e_last'])
          .orderBy('r.needs_action', 'desc')
          .orderBy('r.sort_name')
          .orderBy('r.external_id')
          .limit(opts.limit)
          .offset(opts.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        sql<{ list: RecordList; n: number; red: number }>`
          SELECT CASE WHEN former THEN 'former' WHEN link_state = 'excluded' OR rule_excluded THEN 'excluded'
                      WHEN link_state = 'linked' THEN 'linked' ELSE 'unlinked' END AS list,
                 count(*)::int AS n, count(*) FILTER (WHERE needs_action AND NOT former)::int AS red
          FROM external_records WHERE tenant_id = ${actor.tenantId} AND integration_id = ${id} GROUP BY 1`.execute(db),
      ]);
      const proposalIds = new Set<string>();
      for (const r of rows) {
        const p = parseJson<{ employeeId?: string; employeeIds?: string[] } | null>(r.proposal);
        if (p?.employeeId) proposalIds.add(p.employeeId);
        for (const e of p?.employeeIds ?? []) proposalIds.add(e);
      }
      const names = new Map<string, string>();
      if (proposalIds.size) {
        for (const e of await db.selectFrom('employees').select(['id', 'first_name', 'prefix', 'last_name']).where('tenant_id', '=', actor.tenantId).where('id', 'in', [...proposalIds]).execute()) {
          names.set(e.id, [e.first_name, e.prefix, e.last_name].filter(Boolean).join(' '));
        }
      }
      const lists = { unlinked: { total: 0, needsAction: 0 }, linked: { total: 0, needsAction: 0 }, excluded: { total: 0, needsAction: 0 }, former: { total: 0, needsAction: 0 } };
      for (const t of tabs.rows) lists[t.list] = { total: Number(t.n), needsAction: Number(t.red) };
      return {
        items: rows.map((r) => {
          const d = parseJson<StoredExternalData>(r.data);
          const p = parseJson<{ action: string; employeeId?: string; employeeIds?: string[]; recordId?: string; reasons?: string[]; strength?: string } | null>(r.proposal);
          return {
            id: r.id,
            externalId: r.external_id,
            name: [d.firstName, d.prefix, d.lastName].filter(Boolean).join(' '),
            firstName: d.firstName,
            prefix: d.prefix,
            lastName: d.lastName,
            email: d.email,
            personnelNumber: d.personnelNumber,
            bsnMasked: maskBsn(r.bsn_last3),
            birthDate: d.birthDate,
            status: d.status,
            department: d.department?.name ?? null,
            costCenter: d.costCenter?.name ?? null,
            contractType: d.contractType?.name ?? null,
            position: d.position,
            hireDate: d.hireDate,
            terminationDate: d.terminationDate,
            linkState: r.link_state,
            decision: r.decision,
            employee: r.employee_id ? { id: r.employee_id, name: [r.e_first, r.e_prefix, r.e_last].filter(Boolean).join(' ') } : null,
            proposal: p
              ? {
                  action: p.action,
                  employeeId: p.employeeId ?? null,
                  employeeName: p.employeeId ? (names.get(p.employeeId) ?? null) : null,
                  candidates: (p.employeeIds ?? []).map((e) => ({ id: e, name: names.get(e) ?? '' })),
                  recordId: p.recordId ?? null,
                  reasons: p.reasons ?? [],
                  strength: p.strength ?? null,
                }
              : null,
            needsAction: r.needs_action,
            issues: parseJson<string[]>(r.issues) ?? [],
            ruleExcluded: r.rule_excluded,
            missing: r.missing_since !== null,
            warnings: d.warnings,
          };
        }),
        total: Number(count.n),
        lists,
      };
    },

    /**
     * F-13 row actions. add: created by the next apply (the user's decision, green now); link: to an
     * existing employee (several records may share one); exclude: permanent; skip: this sync only;
     * unlink: back to undecided.
     */
    async recordAction(actor: Actor, id: string, recordId: string, input: { action: RecordAction; employeeId?: string | null }) {
      requireRole(actor, 'hr');
      await load(actor, id);
      const record = await loadRecord(actor, id, recordId);
      let set: Record<string, unknown>;
      switch (input.action) {
        case 'add': {
          if (record.link_state === 'linked') throw new AppError('invalid_state', { reason: 'record_linked' });
          // Carried out by the next apply (a weak or conflicting match is the user's to overrule); a strong
          // match (same BSN or e-mail) is the same person: adding would make a second one, so say so now.
          const p = parseJson<Proposal | null>(record.proposal);
          // The same goes for a conflict of strong signals (e-mail of one employee, BSN of another): link it to one of them.
          const sameSignal = (reasons: string[]) => reasons.some((x) => x === 'bsn' || x === 'email');
          if ((p?.action === 'link' && p.strength === 'strong' && sameSignal(p.reasons)) || (p?.action === 'conflict' && sameSignal(p.reasons))) {
            throw new AppError('invalid_state', { reason: 'record_matches_employee' });
          }
          set = { link_state: 'unlinked', decision: 'add', needs_action: false, issues: '[]' };
          break;
        }
        case 'link': {
          if (!input.employeeId) throw invalidField('employeeId', 'required');
          const employee = await db.selectFrom('employees').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.employeeId).executeTakeFirst();
          if (!employee) throw notFound('employee');
          set = { link_state: 'linked', employee_id: employee.id, decision: null, needs_action: false, issues: '[]', ...(record.employee_id !== employee.id ? { contract_id: null } : {}) };
          break;
        }
        case 'exclude':
          set = { link_state: 'excluded', employee_id: null, contract_id: null, decision: null, needs_action: false, issues: '[]' };
          break;
        case 'skip':
          if (record.link_state === 'linked') throw new AppError('invalid_state', { reason: 'record_linked' });
          set = { link_state: 'skipped', decision: null, needs_action: false };
          break;
        case 'unlink':
          set = { link_state: 'unlinked', employee_id: null, contract_id: null, decision: null, needs_action: true };
          break;
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('external_records').set({ ...set, updated_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('id', '=', recordId).execute();
        await auditRepository.record(trx, actor, `record_${input.action}`, 'external_record', recordId, {
          link_state: { old: record.link_state, new: set.link_state ?? record.link_state },
          employee_id: { old: record.employee_id, new: 'employee_id' in set ? set.employee_id : record.employee_id },
        });
      });
      const page = await this.listRecords(actor, id, { list: set.link_state === 'linked' ? 'linked' : set.link_state === 'excluded' ? 'excluded' : 'unlinked', limit: 200, offset: 0 });
      const row = page.items.find((x) => x.id === recordId);
      if (row) return row;
      // A former record stays in its own list.
      return (await this.listRecords(actor, id, { list: 'former', limit: 200, offset: 0 })).items.find((x) => x.id === recordId)!;
    },

    /** Before a link is confirmed: the Koppel fields it will overwrite (old → new), planned as the sync would. */
    async linkPreview(actor: Actor, id: string, recordId: string, employeeId: string) {
      requireRole(actor, 'hr');
      await load(actor, id);
      await loadRecord(actor, id, recordId);
      const employee = await db.selectFrom('employees').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', employeeId).executeTakeFirst();
      if (!employee) throw notFound('employee');
      return engine.previewLink(actor.tenantId, id, recordId, employeeId);
    },

    /** F-14 "sync now" (or F-17 dry run). The first sync of an integration is always a preview. Two triggers give one run. */
    async requestSync(actor: Actor, id: string, opts: { dryRun?: boolean; full?: boolean } = {}) {
      requireRole(actor, 'hr');
      const integration = await load(actor, id);
      const { run, created } = await engine.createRun(integration, { mode: opts.dryRun ? 'preview' : 'apply', trigger: triggerOf(actor), requestedBy: actor.name, ...(opts.full ? { full: true } : {}) });
      // A run someone else queued is joined; if its job went missing, this call gives it one (enqueue is idempotent).
      if (created || (run.status === 'queued' && run.job_id === null)) await enqueue(actor, run);
      return { runId: run.id, mode: run.mode, created };
    },

    async listRuns(actor: Actor, id: string, opts: { limit: number; offset: number }) {
      requireRole(actor, 'workforceRead');
      await load(actor, id);
      const q = db.selectFrom('sync_runs').where('tenant_id', '=', actor.tenantId).where('integration_id', '=', id);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).offset(opts.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(runSummary), total: Number(count.n) };
    },

    async getRun(actor: Actor, runId: string) {
      requireRole(actor, 'hr');
      const row = await engine.loadRun(actor.tenantId, runId);
      return runDetail(row);
    },

    async applyRun(actor: Actor, runId: string) {
      requireRole(actor, 'hr');
      const { run, created } = await engine.requestApply(actor.tenantId, runId, { trigger: triggerOf(actor), requestedBy: actor.name });
      // A run someone else queued is joined; if its job went missing, this call gives it one (enqueue is idempotent).
      if (created || (run.status === 'queued' && run.job_id === null)) await enqueue(actor, run);
      return { runId: run.id, mode: run.mode, created };
    },

    async undoRun(actor: Actor, runId: string) {
      requireRole(actor, 'hr');
      const { run, created } = await engine.requestUndo(actor.tenantId, runId, { trigger: triggerOf(actor), requestedBy: actor.name });
      // A run someone else queued is joined; if its job went missing, this call gives it one (enqueue is idempotent).
      if (created || (run.status === 'queued' && run.job_id === null)) await enqueue(actor, run);
      return { runId: run.id, mode: run.mode, created };
    },

    /**
     * F-14: which of an employee's fields the HR system owns, so the employee form can warn that an
     * edit there is overwritten by the next sync.
     */
    async employeeSyncStatus(actor: Actor, employeeId: string) {
      requireRole(actor, 'workforceRead');
      const employee = await db.selectFrom('employees').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', employeeId).executeTakeFirst();
      if (!employee) throw notFound('employee');
      const rows = await db
        .selectFrom('external_records as r')
        .innerJoin('integrations as i', (j) => j.onRef('i.id', '=', 'r.integration_id').on('i.tenant_id', '=', actor.tenantId))
        .select(['i.id', 'i.name', 'i.vendor', 'i.active', 'i.settings', 'r.external_id', 'r.contract_id', sql<boolean>`(r.data -> 'company') is not null`.as('has_company')])
        .where('r.tenant_id', '=', actor.tenantId)
        .where('r.employee_id', '=', employeeId)
        .where('r.link_state', '=', 'linked')
        .execute();
      const fields = new Set<string>();
      const contractFields = new Set<string>();
      const contractIds = new Set<string>();
      const integrations = new Map<string, { id: string; name: string; vendor: string; active: boolean; externalIds: string[] }>();
      for (const r of rows) {
        const entry = integrations.get(r.id) ?? { id: r.id, name: r.name, vendor: r.vendor, active: r.active, externalIds: [] };
        entry.externalIds.push(r.external_id);
        integrations.set(r.id, entry);
        if (!r.active) continue;
        if (r.contract_id) contractIds.add(r.contract_id);
        const settings = parseSettings(r.settings);
        for (const f of syncedEmployeeFields(settings)) fields.add(f);
        for (const f of ['startDate', 'department', 'contractType']) contractFields.add(f);
        if (settings.contractFields.function) contractFields.add('function');
        if (settings.contractFields.endDates) contractFields.add('endDate');
        if (settings.contractFields.contractHours) contractFields.add('weeklyHours');
        if (settings.contractFields.hourlyWages) contractFields.add('hourlyWage');
        // A vendor that names the record's company (Nmbrs' werkmaatschappij) sets the contract's company on every sync.
        if (r.has_company) contractFields.add('company');
      }
      return {
        synced: fields.size > 0,
        integrations: [...integrations.values()],
        employeeFields: [...fields].sort(),
        contractFields: [...contractFields].sort(),
        contractIds: [...contractIds].sort(),
      };
    },

    /** F-19: one line per integration. */
    async health(actor: Actor) {
      requireRole(actor, 'workforceRead');
      const rows = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('created_at').orderBy('id').execute();
      const open = await db
        .selectFrom('external_records')
        .select(['integration_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('tenant_id', '=', actor.tenantId)
        .where('needs_action', '=', true)
        .where('former', '=', false)
        .groupBy('integration_id')
        .execute();
      const openBy = new Map(open.map((o) => [o.integration_id, Number(o.n)]));
      return Promise.all(
        rows.map(async (r) => {
          const last = await db.selectFrom('sync_runs').select(['id', 'status', 'mode', 'finished_at']).where('integration_id', '=', r.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
          return {
            id: r.id,
            name: r.name,
            vendor: r.vendor,
            vendorLabel: registrationFor(r.vendor)?.label ?? r.vendor,
            active: r.active,
            state: r.health,
            detail: r.health_detail,
            lastSuccessAt: r.last_success_at,
            nextSyncAt: r.active ? await nextScheduledRun(db, r.id) : null,
            openActions: openBy.get(r.id) ?? 0,
            lastRun: last ? { id: last.id, status: last.status, mode: last.mode, finishedAt: last.finished_at } : null,
          };
        }),
      );
    },
  };
}
export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
