import { type Actor, requireRole } from '../../domain/actor.ts';
import { AppError, invalidField, notFound } from '../../domain/errors.ts';
import { comparePeriods, isValidPeriod, periodOf, periodRange, type PayrollPeriod, type PayrollPeriodType } from '../../domain/payroll-periods.ts';
import type { NmbrsHoursPayload } from '../../connectors/hr/nmbrs/nmbrs.hours-sink.ts';
import type { NmbrsConnector } from '../../connectors/hr/nmbrs/nmbrs.connector.ts';
import { createNmbrsConnector } from '../../connectors/hr/nmbrs/nmbrs.registration.ts';
import type { OutboundGuard } from '../../connectors/kit/outbound-guard.ts';
import type { OutboundSink } from '../../connectors/kit/sink.ts';
import { HttpError } from '../../connectors/kit/http-client.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { loadHourResolver } from '../../workforce/components.service.ts';
import { integrationTokenStore } from '../integration-token-store.ts';
import { accountScopeIds, NMBRS_HOURS_KIND } from '../registry.ts';
import { isCredentialFailure } from '../engine/sync-failures.ts';
import { parseSettings } from '../engine/sync.types.ts';
import type { IntegrationRow } from '../engine/ports.ts';
import { sinkForIntegration } from './outbound-sinks.ts';
import { arm, RETRY_DUE_JOB, RETRY_EVERY_MS } from './outbound-job-names.ts';
import type { DesiredItem } from './outbound-plan.ts';
import { createOutboundService, type ExportScope, type OutboundService } from './outbound.service.ts';

/**
 * Hours to Nmbrs (F-24): per payroll period of the company's type, the approved shifts of the employees
 * linked to that company's Nmbrs records, split over hour components by the F-08 rules
 * (loadHourResolver), summed per employee and mapped hour code, sent as variable hours through the
 * shared outbound engine with the Nmbrs ledger sink (a re-send posts only the difference, decision
 * 0013). A period before the company's current one is protected: the send is refused unless the user
 * confirmed "unprotected mode". Nmbrs' refusals come back per row.
 */

export type NmbrsHoursRowState = 'new' | 'changed' | 'unchanged' | 'removed';
export interface NmbrsHoursRow {
  employeeId: string | null;
  employeeName: string | null;
  nmbrsEmployeeId: string;
  hourCode: number;
  hours: number;
  state: NmbrsHoursRowState;
}
export interface NmbrsHoursQuery {
  company: string;
  year: number;
  period: number;
}

export interface NmbrsHoursDeps {
  log?: Logger;
  urlGuard?: OutboundGuard;
  connectorTuning?: Record<string, unknown>;
  outbound?: OutboundService;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Nmbrs' period type names as Koppel's (UNCONFIRMED spelling: REST words such as `Monthly`, `FourWeekly`, `4-Weekly`,
 * `Weekly`, SOAP's `M` / `W4` / `W1` and the numbers 1/2/3 of `Company_Insert`); null when absent or not recognised.
 */
export function periodTypeOf(raw: string | null): PayrollPeriodType | null {
  const t = (raw ?? '').trim().toLowerCase().replace(/[\s_-]/g, '');
  if (!t) return null;
  if (t === 'm' || t === '1' || t.startsWith('month')) return 'monthly';
  if (t === 'w4' || t === '2' || /^(four|4)week/.test(t)) return 'four_weekly';
  if (t === 'w1' || t === 'w' || t === '3' || t.startsWith('week')) return 'weekly';
  return null;
}

/** Where the report's period type came from: Nmbrs, the integration's configuration, or assumed (monthly) for want of both. */
export type PeriodTypeSource = 'nmbrs' | 'configured' | 'assumed';

export function createNmbrsHoursService(db: Database, box: SecretBox, deps: NmbrsHoursDeps = {}) {
  const outbound = deps.outbound ?? createOutboundService(db);
  const log = deps.log ?? silentLogger;

  async function integrationOf(actor: Actor, id: string): Promise<IntegrationRow> {
    const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('integration');
    if (row.vendor !== 'nmbrs') throw new AppError('invalid_state', { reason: 'export_not_supported' });
    return row;
  }

  function connectorOf(integration: IntegrationRow): NmbrsConnector {
    return createNmbrsConnector({
      baseUrl: integration.base_url,
      credentials: JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>,
      tokenStore: integrationTokenStore(db, box, integration.tenant_id, integration.id),
      tuning: { retry: { rateLimitPatienceMs: 0 }, ...deps.connectorTuning },
      ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
      log,
    });
  }

  /** A live read someone waits for: the vendor's refusal as the App center says it. */
  async function live<T>(integration: IntegrationRow, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError) throw err;
      log.warn({ integrationId: integration.id, err: err instanceof Error ? err.message : String(err) }, 'nmbrs hours: live read failed');
      if (isCredentialFailure(err)) throw new AppError('integration_credentials_invalid', { vendor: 'Nmbrs' }, [], { cause: err });
      if (err instanceof HttpError && err.code === 'forbidden') throw new AppError('integration_missing_rights', { vendor: 'Nmbrs', variant: 'unnamed', missing: '' }, [], { cause: err });
      throw new AppError('integration_unreachable', { vendor: 'Nmbrs' }, [], { cause: err });
    }
  }

  function checkCompany(integration: IntegrationRow, company: string) {
    const scope = accountScopeIds(integration.account_scope) ?? [];
    // The chosen companies (a debtor in the scope covers its companies: checked against Nmbrs below).
    if (!scope.length) throw new AppError('invalid_state', { reason: 'scope_not_chosen' });
    return scope;
  }

  async function mapping(actor: Actor, integrationId: string): Promise<Map<string, number>> {
    const rows = await db.selectFrom('outbound_hour_codes').select(['hour_component_id', 'hour_code']).where('tenant_id', '=', actor.tenantId).where('integration_id', '=', integrationId).execute();
    return new Map(rows.map((r) => [r.hour_component_id, Number(r.hour_code)]));
  }

  /** Everything a report or send needs: the company's period (type, current, range), the desired items and the rows without a code. */
  async function prepare(actor: Actor, integrationId: string, q: NmbrsHoursQuery) {
    const integration = await integrationOf(actor, integrationId);
    const scope = checkCompany(integration, q.company);
    const connector = connectorOf(integration);
    const { company, stated, current, nmbrsIds } = await live(integration, async () => {
      const all = await connector.allCompanies();
      const company = all.find((c) => c.companyId === q.company && (scope.includes(c.companyId) || (c.debtorId && scope.includes(c.debtorId))));
      if (!company) throw invalidField('company', 'unknown', { entity: 'company' });
      const [period, ids] = await Promise.all([
        connector.client.companyPeriod(q.company).catch((err: unknown) => {
          log.warn({ integrationId, err: err instanceof Error ? err.message : String(err) }, 'nmbrs hours: the company period could not be read');
          return { current: null, periodType: null };
        }),
        connector.client.bulk(q.company, 'personalInfo'),
      ]);
      return { company, stated: periodTypeOf(period.periodType), current: period.current, nmbrsIds: new Set(ids.keys()) };
    });
    // Nmbrs' own word first; else the type configured for this company on the integration; else monthly, said as assumed.
    const configured = parseSettings(integration.settings).payrollPeriodTypes[q.company] ?? null;
    const periodType: PayrollPeriodType = stated ?? configured ?? 'monthly';
    const periodTypeSource: PeriodTypeSource = stated ? 'nmbrs' : configured ? 'configured' : 'assumed';
    const period: PayrollPeriod = { year: q.year, period: q.period };
    if (!isValidPeriod(periodType, period)) throw invalidField('period', 'between', { min: 1, max: periodType === 'monthly' ? 12 : periodType === 'four_weekly' ? 13 : 53 });
    const range = periodRange(periodType, period);
    const currentPeriod = current ?? periodOf(periodType, new Date().toISOString().slice(0, 10));
    const protectedPeriod = comparePeriods(period, currentPeriod) < 0;

    // The Koppel employees linked to this company's Nmbrs records.
    const links = await db
      .selectFrom('external_records as r')
      .innerJoin('employees as e', (j) => j.onRef('e.id', '=', 'r.employee_id').on('e.tenant_id', '=', actor.tenantId))
      .select(['r.external_id', 'r.employee_id', 'e.first_name', 'e.prefix', 'e.last_name'])
      .where('r.tenant_id', '=', actor.tenantId)
      .where('r.integration_id', '=', integrationId)
      .where('r.link_state', '=', 'linked')
      .execute();
    const byEmployee = new Map<string, { nmbrsId: string; name: string }>();
    for (const l of links) if (nmbrsIds.has(l.external_id) && l.employee_id) byEmployee.set(l.employee_id, { nmbrsId: l.external_id, name: [l.first_name, l.prefix, l.last_name].filter(Boolean).join(' ') });

    const codes = await mapping(actor, integrationId);
    const employeeIds = [...byEmployee.keys()];
    const [shifts, contracts, resolver] = await Promise.all([
      employeeIds.length
        ? db
            .selectFrom('shifts')
            .select(['id', 'employee_id', 'date', 'start_time', 'end_time', 'break_minutes', 'department_id', 'hour_component_id'])
            .where('tenant_id', '=', actor.tenantId)
            .where('status', '=', 'approved')
            .where('employee_id', 'in', employeeIds)
            .where('date', '>=', range.from)
            .where('date', '<=', range.to)
            .execute()
        : Promise.resolve([]),
      employeeIds.length
        ? db.selectFrom('contracts').select(['employee_id', 'start_date', 'end_date', 'department_id']).where('tenant_id', '=', actor.tenantId).where('employee_id', 'in', employeeIds).execute()
        : Promise.resolve([]),
      loadHourResolver(db, actor.tenantId),
    ]);
    const sums = new Map<string, { employeeId: string; hourCode: number; minutes: number }>();
    const unmapped = new Map<string, { hourComponentId: string | null; name: string | null; minutes: number }>();
    for (const s of shifts) {
      const own = contracts.filter((c) => c.employee_id === s.employee_id).map((c) => ({ startDate: c.start_date, endDate: c.end_date, departmentId: c.department_id }));
      const r = resolver.resolve({ date: s.date, startTime: s.start_time, endTime: s.end_time, breakMinutes: s.break_minutes, departmentId: s.department_id, hourComponentId: s.hour_component_id }, own);
      for (const c of r.components) {
        const code = c.hourComponentId ? codes.get(c.hourComponentId) : undefined;
        if (code === undefined) {
          const k = c.hourComponentId ?? '';
          unmapped.set(k, { hourComponentId: c.hourComponentId, name: c.name, minutes: (unmapped.get(k)?.minutes ?? 0) + c.minutes });
          continue;
        }
        const key = `${s.employee_id}|${code}`;
        sums.set(key, { employeeId: s.employee_id, hourCode: code, minutes: (sums.get(key)?.minutes ?? 0) + c.minutes });
      }
    }
    const desired: DesiredItem<NmbrsHoursPayload>[] = [...sums.values()]
      .sort((a, b) => (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : a.hourCode - b.hourCode))
      .map((x) => {
        const nmbrsId = byEmployee.get(x.employeeId)!.nmbrsId;
        return {
          // One ledger entry per employee, period and hour code; the suffix tells the sink where it lives.
          idempotencyKey: `${x.hourCode}@${nmbrsId}/${q.year}/${q.period}`,
          subjectId: x.employeeId,
          periodDate: range.from,
          payload: { employeeId: nmbrsId, year: q.year, period: q.period, hourCode: x.hourCode, hours: round2(x.minutes / 60) },
        };
      });
    const exportScope: ExportScope = { integrationId, kind: NMBRS_HOURS_KIND, from: range.from, to: range.from };
    return { integration, company, periodType, periodTypeSource, period, range, currentPeriod, protectedPeriod, desired, byEmployee, exportScope, unmapped: [...unmapped.values()] };
  }

  const rowOf = (prep: Awaited<ReturnType<typeof prepare>>, key: string, state: NmbrsHoursRowState, payload: NmbrsHoursPayload | null): NmbrsHoursRow => {
    const m = /^(\d+)@([^/]+)\//.exec(key);
    const nmbrsId = payload?.employeeId ?? m?.[2] ?? '';
    const emp = [...prep.byEmployee.entries()].find(([, v]) => v.nmbrsId === nmbrsId);
    return { employeeId: emp?.[0] ?? null, employeeName: emp?.[1].name ?? null, nmbrsEmployeeId: nmbrsId, hourCode: payload?.hourCode ?? Number(m?.[1] ?? 0), hours: payload?.hours ?? 0, state };
  };

  function header(prep: Awaited<ReturnType<typeof prepare>>) {
    return {
      company: { id: prep.company.companyId, name: prep.company.name ?? '' },
      periodType: prep.periodType,
      periodTypeSource: prep.periodTypeSource,
      year: prep.period.year,
      period: prep.period.period,
      from: prep.range.from,
      to: prep.range.to,
      currentPeriod: prep.currentPeriod,
      protected: prep.protectedPeriod,
      unmapped: prep.unmapped.map((u) => ({ hourComponentId: u.hourComponentId, name: u.name, hours: round2(u.minutes / 60) })),
    };
  }

  return {
    /** The live hour codes of a company, Koppel's hour components and the mapping between them. */
    async codes(actor: Actor, integrationId: string, company: string) {
      requireRole(actor, 'hours');
      const integration = await integrationOf(actor, integrationId);
      const connector = connectorOf(integration);
      const hourCodes = await live(integration, () => connector.client.hourCodes(company));
      const components = await db.selectFrom('hour_components').select(['id', 'name', 'code']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
      const m = await mapping(actor, integrationId);
      return {
        hourCodes: hourCodes.map((h) => ({ code: h.code, description: h.description })),
        components: components.map((c) => ({ id: c.id, name: c.name, code: c.code, hourCode: m.get(c.id) ?? null })),
      };
    },

    /** Replaces the mapping (hour component → Nmbrs hour code); components of another tenant are refused. */
    async putMapping(actor: Actor, integrationId: string, items: { hourComponentId: string; hourCode: number }[]) {
      requireRole(actor, 'hr');
      await integrationOf(actor, integrationId);
      const own = new Set((await db.selectFrom('hour_components').select('id').where('tenant_id', '=', actor.tenantId).execute()).map((c) => c.id));
      const seen = new Set<string>();
      for (const [i, it] of items.entries()) {
        if (!own.has(it.hourComponentId)) throw invalidField(`items.${i}.hourComponentId`, 'unknown_value');
        if (seen.has(it.hourComponentId)) throw invalidField(`items.${i}.hourComponentId`, 'listed_twice');
        seen.add(it.hourComponentId);
      }
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('outbound_hour_codes').where('tenant_id', '=', actor.tenantId).where('integration_id', '=', integrationId).execute();
        if (items.length) await trx.insertInto('outbound_hour_codes').values(items.map((it) => ({ tenant_id: actor.tenantId, integration_id: integrationId, hour_component_id: it.hourComponentId, hour_code: String(it.hourCode) }))).execute();
      });
      return { items: items.map((it) => ({ hourComponentId: it.hourComponentId, hourCode: it.hourCode })) };
    },

    /** The report of one payroll period: per employee and hour code the hours and what a send would do. */
    async report(actor: Actor, integrationId: string, q: NmbrsHoursQuery) {
      requireRole(actor, 'hours');
      const prep = await prepare(actor, integrationId, q);
      const plan = await outbound.preview(actor, prep.exportScope, prep.desired);
      const rows = plan.map((p) => rowOf(prep, p.idempotencyKey, p.state, (p.desired?.payload as NmbrsHoursPayload | undefined) ?? null));
      const counts = { new: 0, changed: 0, unchanged: 0, removed: 0 };
      for (const r of rows) counts[r.state]++;
      return { ...header(prep), counts, rows };
    },

    /**
     * "Send to Nmbrs": only the difference per employee and code goes (the sink's ledger reads the period
     * back). A protected period needs `unprotected: true` — otherwise nothing is sent and the answer says why.
     */
    async send(actor: Actor, integrationId: string, q: NmbrsHoursQuery & { unprotected?: boolean }) {
      requireRole(actor, 'hours');
      const prep = await prepare(actor, integrationId, q);
      if (prep.protectedPeriod && !q.unprotected) throw new AppError('invalid_state', { reason: 'period_protected' });
      const sink = sinkForIntegration<NmbrsHoursPayload>({ db, box, log, ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}), ...(deps.connectorTuning ? { connectorTuning: deps.connectorTuning } : {}) }, prep.integration, NMBRS_HOURS_KIND, {
        unprotectedMode: Boolean(q.unprotected && prep.protectedPeriod),
      }) as OutboundSink<NmbrsHoursPayload>;
      const plan = await outbound.preview(actor, prep.exportScope, prep.desired);
      const summary = await outbound.send(actor, prep.exportScope, prep.desired, sink);
      if (summary.counts.retrying > 0) await arm(db, RETRY_DUE_JOB, RETRY_EVERY_MS, 60_000);
      const payloadOf = new Map(plan.map((p) => [p.idempotencyKey, (p.desired?.payload as NmbrsHoursPayload | undefined) ?? null]));
      const stateOf = new Map(plan.map((p) => [p.idempotencyKey, p.state]));
      const rows = summary.items.map((it) => ({
        ...rowOf(prep, it.idempotencyKey, stateOf.get(it.idempotencyKey) ?? 'unchanged', payloadOf.get(it.idempotencyKey) ?? null),
        outcome: it.status,
        reason: it.errorCode ?? null,
      }));
      return { ...header(prep), runId: summary.runId, status: summary.status, counts: summary.counts, rows };
    },
  };
}
export type NmbrsHoursService = ReturnType<typeof createNmbrsHoursService>;
