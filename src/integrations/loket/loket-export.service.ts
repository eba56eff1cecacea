import type { Readable } from 'node:stream';
import type { Database } from '../../platform/db/client.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { jobQueue } from '../../platform/jobs/queue.ts';
import { t } from '../../platform/i18n/catalog.ts';
import type { Locale } from '../../platform/i18n/catalog.ts';
import { type Actor, requireRole } from '../../domain/actor.ts';
import { AppError, type FieldError, fieldError, invalidField, notFound } from '../../domain/errors.ts';
import type { ContractPeriod } from '../../domain/hours.ts';
import type { OutboundGuard } from '../../connectors/kit/outbound-guard.ts';
import { HttpError } from '../../connectors/kit/http-client.ts';
import type { LoketConnector } from '../../connectors/hr/loket/loket.connector.ts';
import { flagLoketRow, type LoketCsvIssue, type LoketCsvLayout, type LoketCsvRow, loketCsvReadable, writeLoketCsv } from '../../connectors/hr/loket/loket.csv.ts';
import { type LoketPayrollPayload, loketPayrollKey } from '../../connectors/hr/loket/loket.payroll-sink.ts';
import type { LoketEmployment, LoketPeriod } from '../../connectors/hr/loket/loket.schemas.ts';
import type { OutboundSink } from '../../connectors/kit/sink.ts';
import { loadHourResolver } from '../../workforce/components.service.ts';
import { accountScopeIds, LOKET_PAYROLL_KIND, registrationFor } from '../registry.ts';
import { integrationTokenStore } from '../integration-token-store.ts';
import { isCredentialFailure } from '../engine/sync-failures.ts';
import { parseSettings } from '../engine/sync.types.ts';
import type { createOutboundService } from '../outbound/outbound.service.ts';
import { type SinkDeps, sinkForIntegration } from '../outbound/outbound-sinks.ts';

/**
 * Loket.nl mappings (F-11/F-12) and the "Loket" report (F-23), issue 11:
 * - mappings: Koppel department → Loket cost center and distribution unit, chosen from the administration's live
 *   lists (payrollperioddata metadata); Koppel hour / wage component → Loket payroll component NUMBER, checked
 *   against the administration's live component list (unknown values refused with the reason);
 * - per payroll period of a chosen administration: worked hours of approved shifts per linked employee per
 *   mapped hour component (the hour split of src/domain/hours), booked per shift department on its mapped cost
 *   center and distribution unit (decision 0024), as a preview, as Loket's CSV ("collectieve
 *   mutaties", incl. verdelingseenheid), e-mailed with the seed's import steps, or sent through the API via
 *   the outbound engine and the Loket payroll sink (a re-send writes only what changed; a dropped component
 *   is deleted with `null`).
 */

export { LOKET_PAYROLL_KIND };
export type LoketMappingKind = 'cost_center' | 'distribution_unit' | 'hour_component' | 'wage_component';
export type LoketPeriodRef = { administrationId: string; year: number; period: number };
/** Where a row's hours are booked in Loket: distribution unit (UUID) and cost center (key); null = Loket's default. */
type LedgerUnit = { du: string | null; cc: number | null };

type OutboundService = ReturnType<typeof createOutboundService>;
export type LoketExportDeps = { db: Database; box: SecretBox; outbound: OutboundService; urlGuard?: OutboundGuard; log?: Logger; connectorTuning?: Record<string, unknown> };

const round2 = (n: number) => Math.round(n * 100) / 100;

export function createLoketExportService(deps: LoketExportDeps) {
  const { db, box } = deps;
  // The send's sink comes from the registry line (`sinks`), built like every export's: same token store and tuning as the reads.
  const sinkDeps: SinkDeps = {
    db,
    box,
    connectorTuning: { retry: { rateLimitPatienceMs: 0 }, ...deps.connectorTuning },
    ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  };

  async function loadIntegration(actor: Actor, id: string) {
    const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row || row.vendor !== 'loket') throw notFound('integration');
    return row;
  }
  type IntegrationRow = Awaited<ReturnType<typeof loadIntegration>>;

  function connectorOf(integration: IntegrationRow): LoketConnector {
    const reg = registrationFor('loket')!;
    const scope = accountScopeIds(integration.account_scope);
    return reg.create({
      baseUrl: integration.base_url,
      credentials: JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>,
      ...(scope ? { accountScope: scope } : {}),
      tokenStore: integrationTokenStore(db, box, integration.tenant_id, integration.id),
      tuning: { retry: { rateLimitPatienceMs: 0 }, ...deps.connectorTuning },
      ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    }) as LoketConnector;
  }

  /** A live Loket read failed: a refused credential marks the integration "reconnect needed", as elsewhere. */
  async function live<T>(integration: IntegrationRow, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError) throw err;
      deps.log?.warn({ integrationId: integration.id, code: (err as { code?: unknown } | null)?.code }, 'loket live read failed');
      if (isCredentialFailure(err)) {
        await db.updateTable('integrations').set({ health: 'reconnect_needed', health_detail: 'reconnect_needed' }).where('id', '=', integration.id).execute();
        throw new AppError('integration_credentials_invalid', { vendor: 'Loket.nl' }, [], { cause: err });
      }
      if (err instanceof HttpError && err.code === 'forbidden') throw new AppError('integration_missing_rights', { vendor: 'Loket.nl', variant: 'unnamed', missing: '' }, [], { cause: err });
      throw new AppError('integration_unreachable', { vendor: 'Loket.nl' }, [], { cause: err });
    }
  }

  /** The payroll administrations of the employers in scope (live). */
  async function administrations(integration: IntegrationRow) {
    const c = connectorOf(integration);
    return live(integration, async () => {
      const employers = new Map<string, { id: string; name: string; number: number | null }>();
      for await (const e of c.client.employers()) employers.set(e.id, { id: e.id, name: e.companyName, number: e.employerNumber ?? null });
      const scope = accountScopeIds(integration.account_scope) ?? [...employers.keys()];
      const out: { id: string; name: string; employerId: string; employerName: string; employerNumber: number | null }[] = [];
      for (const employerId of scope) {
        const e = employers.get(employerId);
        if (!e) continue;
        for await (const a of c.client.payrollAdministrations(employerId)) out.push({ id: a.id, name: a.name ?? a.description ?? a.id, employerId, employerName: e.name, employerNumber: e.number });
      }
      return out;
    });
  }

  async function administrationOf(integration: IntegrationRow, administrationId: string) {
    const a = (await administrations(integration)).find((x) => x.id === administrationId);
    if (!a) throw invalidField('administrationId', 'unknown', { entity: 'payroll_administration' });
    return a;
  }

  async function componentsOf(integration: IntegrationRow, administrationId: string, year: number) {
    const c = connectorOf(integration);
    return live(integration, async () => {
      const out: { number: number; description: string | null }[] = [];
      for await (const comp of c.client.payrollComponents(administrationId, year)) out.push({ number: comp.key, description: comp.description ?? null });
      return out;
    });
  }

  async function mappings(integration: IntegrationRow) {
    const rows = await db.selectFrom('loket_mappings').selectAll().where('tenant_id', '=', integration.tenant_id).where('integration_id', '=', integration.id).execute();
    const by = (kind: LoketMappingKind) => new Map(rows.filter((r) => r.kind === kind).map((r) => [r.koppel_id, r.loket_code]));
    return { cost_center: by('cost_center'), distribution_unit: by('distribution_unit'), hour_component: by('hour_component'), wage_component: by('wage_component') };
  }

  /**
   * The administration's cost centers (kostenplaatsen) and distribution units (verdelingseenheden), live: Loket lists
   * them as the metadata of the payroll period data of an employment (the PATCH URL + `/metadata`), so one employment
   * of the administration is looked up first. None when the administration has no employment yet.
   */
  async function ledgerOptionsOf(integration: IntegrationRow, administrationId: string) {
    const admin = await administrationOf(integration, administrationId);
    const c = connectorOf(integration);
    return live(integration, async () => {
      let employmentId: string | null = null;
      for await (const m of c.client.employments(admin.employerId)) {
        if (m.payrollAdministration?.id === administrationId) {
          employmentId = m.id;
          break;
        }
      }
      if (!employmentId) return { costCenters: [], distributionUnits: [] };
      return c.client.payrollPeriodDataMetadata(employmentId);
    });
  }

  async function periodOf(integration: IntegrationRow, ref: LoketPeriodRef): Promise<LoketPeriod> {
    const c = connectorOf(integration);
    const periods = await live(integration, async () => {
      const out: LoketPeriod[] = [];
      for await (const p of c.client.payrollPeriods(ref.administrationId)) out.push(p);
      return out;
    });
    const p = periods.find((x) => x.year === ref.year && x.periodNumber === ref.period);
    if (!p) throw invalidField('period', 'unknown', { entity: 'payroll_period' });
    return p;
  }

  /** The report of one period: per linked employee with an employment in the administration, hours per mapped component. */
  async function buildReport(actor: Actor, integration: IntegrationRow, ref: LoketPeriodRef) {
    const admin = await administrationOf(integration, ref.administrationId);
    const period = await periodOf(integration, ref);
    const from = period.startDate.slice(0, 10);
    const to = period.endDate.slice(0, 10);
    const map = await mappings(integration);
    const c = connectorOf(integration);
    const employments = await live(integration, async () => {
      const out: LoketEmployment[] = [];
      for await (const m of c.client.employments(admin.employerId)) if (m.payrollAdministration?.id === ref.administrationId) out.push(m);
      return out;
    });
    // The employment that runs in the period (the latest start when several do).
    const byEmployee = new Map<string, LoketEmployment>();
    for (const m of employments) {
      const runs = (!m.startDate || m.startDate.slice(0, 10) <= to) && (!m.endDate || m.endDate.slice(0, 10) >= from);
      if (!runs) continue;
      const key = m.employee.id.toLowerCase();
      const prev = byEmployee.get(key);
      if (!prev || (m.startDate ?? '') > (prev.startDate ?? '')) byEmployee.set(key, m);
    }
    const links = await db
      .selectFrom('external_records as r')
      .innerJoin('employees as e', (j) => j.onRef('e.id', '=', 'r.employee_id').on('e.tenant_id', '=', actor.tenantId))
      .select(['r.external_id', 'r.employee_id', 'e.first_name', 'e.prefix', 'e.last_name'])
      .where('r.tenant_id', '=', actor.tenantId)
      .where('r.integration_id', '=', integration.id)
      .where('r.link_state', '=', 'linked')
      .execute();
    const employees = new Map<string, { name: string; employment: LoketEmployment }>();
    for (const l of links) {
      const m = byEmployee.get(l.external_id.toLowerCase());
      if (m && l.employee_id) employees.set(l.employee_id, { name: [l.first_name, l.prefix, l.last_name].filter(Boolean).join(' '), employment: m });
    }
    const ids = [...employees.keys()];
    const shifts = ids.length
      ? await db
          .selectFrom('shifts')
          .select(['id', 'employee_id', 'date', 'start_time', 'end_time', 'break_minutes', 'department_id', 'hour_component_id'])
          .where('tenant_id', '=', actor.tenantId)
          .where('employee_id', 'in', ids)
          .where('status', '=', 'approved')
          .where('date', '>=', from)
          .where('date', '<=', to)
          .execute()
      : [];
    const contracts = new Map<string, ContractPeriod[]>();
    if (ids.length) {
      for (const r of await db.selectFrom('contracts').select(['employee_id', 'start_date', 'end_date', 'department_id']).where('tenant_id', '=', actor.tenantId).where('employee_id', 'in', ids).execute()) {
        const list = contracts.get(r.employee_id) ?? [];
        list.push({ startDate: r.start_date, endDate: r.end_date, departmentId: r.department_id });
        contracts.set(r.employee_id, list);
      }
    }
    const resolver = await loadHourResolver(db, actor.tenantId);
    // Per shift, its department's Loket cost center and distribution unit (the Kostenplaatsen mapping); none = Loket's default.
    const unitOf = (departmentId: string | null): LedgerUnit => {
      const du = departmentId ? (map.distribution_unit.get(departmentId) ?? null) : null;
      const cc = departmentId ? map.cost_center.get(departmentId) : undefined;
      return { du, cc: cc === undefined ? null : Number(cc) };
    };
    const unitKey = (u: LedgerUnit) => `${u.du ?? '-'}|${u.cc ?? '-'}`;
    const minutes = new Map<string, Map<string, { unit: LedgerUnit; values: Map<number, number> }>>();
    const unmapped = new Map<string, number>();
    for (const s of shifts) {
      const r = resolver.resolve({ date: s.date, startTime: s.start_time, endTime: s.end_time, breakMinutes: s.break_minutes, departmentId: s.department_id, hourComponentId: s.hour_component_id }, contracts.get(s.employee_id) ?? []);
      const unit = unitOf(r.departmentId);
      for (const part of r.components) {
        const code = part.hourComponentId ? map.hour_component.get(part.hourComponentId) : undefined;
        if (!code) {
          const label = part.code ?? '-';
          unmapped.set(label, (unmapped.get(label) ?? 0) + part.minutes);
          continue;
        }
        const units = minutes.get(s.employee_id) ?? new Map<string, { unit: LedgerUnit; values: Map<number, number> }>();
        const per = units.get(unitKey(unit)) ?? { unit, values: new Map<number, number>() };
        per.values.set(Number(code), (per.values.get(Number(code)) ?? 0) + part.minutes);
        units.set(unitKey(unit), per);
        minutes.set(s.employee_id, units);
      }
    }
    // The CSV names a distribution unit by its code; both lists give the labels of the preview.
    const used = [...minutes.values()].flatMap((u) => [...u.values()].map((x) => x.unit));
    const ledger = used.some((u) => u.du !== null || u.cc !== null) ? await ledgerOptionsOf(integration, ref.administrationId) : { costCenters: [], distributionUnits: [] };
    const duByKey = new Map(ledger.distributionUnits.map((d) => [d.key.toLowerCase(), d]));
    const ccByKey = new Map(ledger.costCenters.map((c) => [c.key, c]));
    const labelOf = (u: LedgerUnit): string | null => {
      if (u.du === null && u.cc === null) return null;
      const du = u.du === null ? null : duByKey.get(u.du.toLowerCase());
      const cc = u.cc === null ? null : ccByKey.get(u.cc);
      return [cc ? cc.code ?? String(cc.key) : u.cc, du ? [du.code, du.description].filter(Boolean).join(' ') : u.du].filter((x) => x !== null && x !== undefined).join(' · ');
    };
    const mappedNumbers = [...new Set([...map.hour_component.values(), ...map.wage_component.values()].map(Number))].sort((a, b) => a - b);
    const layout: LoketCsvLayout = { components: mappedNumbers };
    const employerNumber = admin.employerNumber === null ? '' : String(admin.employerNumber);
    const rows = [...employees.entries()]
      .flatMap(([employeeId, e]) =>
        [...(minutes.get(employeeId)?.values() ?? [])].map(({ unit, values: mins }) => {
          const values = new Map<number, number>();
          for (const [n, min] of mins) values.set(n, round2(min / 60));
          const distributionUnit = unit.du === null ? '' : (duByKey.get(unit.du.toLowerCase())?.code ?? '');
          const csv: LoketCsvRow = { employerNumber, personnelNumber: e.employment.payrollId == null ? '' : String(e.employment.payrollId), shift: 1, distributionUnit, values };
          return { employeeId, name: e.name, employmentId: e.employment.id, unit, unitLabel: labelOf(unit), csv, issues: flagLoketRow(csv, layout) as LoketCsvIssue[] };
        }),
      )
      .filter((r) => r.csv.values.size > 0)
      .sort((a, b) => a.csv.personnelNumber.localeCompare(b.csv.personnelNumber) || a.employeeId.localeCompare(b.employeeId) || unitKey(a.unit).localeCompare(unitKey(b.unit)));
    return { admin, period, from, to, layout, rows, unmapped: [...unmapped.entries()].map(([code, m]) => ({ code, hours: round2(m / 60) })) };
  }
  type Report = Awaited<ReturnType<typeof buildReport>>;

  function desiredOf(report: Report) {
    return report.rows.flatMap((r) =>
      [...r.csv.values.entries()].map(([component, value]) => {
        const payload: LoketPayrollPayload = {
          employerId: report.admin.employerId,
          employmentId: r.employmentId,
          year: report.period.year,
          periodNumber: report.period.periodNumber,
          shiftNumber: 1,
          distributionUnitKey: r.unit.du,
          ...(r.unit.cc !== null ? { costCenterKey: r.unit.cc } : {}),
          payrollAdministrationId: report.admin.id,
          component,
          value,
        };
        return { idempotencyKey: loketPayrollKey(payload), subjectId: r.employeeId, periodDate: report.from, payload };
      }),
    );
  }

  /**
   * A send killed after Loket committed a write but before Koppel journaled it leaves a value in Loket the
   * journal does not know as sent. If Koppel no longer wants it (e.g. its shift was deleted meanwhile), the plan
   * would not remove it. So: the period's journaled values not confirmed as sent and no longer wanted are read
   * back (by key, per employment); those Loket holds are journaled as held, and the send that follows deletes them.
   */
  async function settleUnheard(actor: Actor, integrationId: string, report: Report, sink: OutboundSink<LoketPayrollPayload>, o: { signal?: AbortSignal }) {
    const wanted = new Set(desiredOf(report).map((d) => d.idempotencyKey));
    const base = () => db.selectFrom('outbound_items').where('tenant_id', '=', actor.tenantId).where('integration_id', '=', integrationId).where('kind', '=', LOKET_PAYROLL_KIND);
    const unsure = (await base().select('idempotency_key').where('period_date', '>=', report.from).where('period_date', '<=', report.to).where('status', 'in', ['pending', 'retrying', 'dead']).execute())
      .map((r) => r.idempotency_key)
      .filter((key) => !wanted.has(key));
    if (unsure.length === 0) return;
    for (const h of await sink.readBack({ keys: unsure }, o)) {
      await db
        .updateTable('outbound_items')
        .set({ status: 'sent', external_id: h.externalId, sent_hash: 'unheard', next_attempt_at: null })
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', integrationId)
        .where('kind', '=', LOKET_PAYROLL_KIND)
        .where('idempotency_key', '=', h.idempotencyKey)
        .execute();
    }
  }

  const scopeOf = (integrationId: string, report: Report) => ({ integrationId, kind: LOKET_PAYROLL_KIND, from: report.from, to: report.to });

  function csvName(report: Report) {
    return `loket-${report.admin.employerNumber ?? 'werkgever'}-${report.period.year}-${String(report.period.periodNumber).padStart(2, '0')}.csv`;
  }

  /**
   * The file's rows: one per employment and distribution unit. The "incl. verdelingseenheid" layout has no cost center
   * column, so rows that differ only in cost center are added up (two rows with the same identifying columns would
   * overwrite each other in Loket's import).
   */
  function csvRowsOf(report: Report): LoketCsvRow[] {
    const by = new Map<string, LoketCsvRow>();
    for (const r of report.rows) {
      const key = `${r.employmentId}|${r.csv.distributionUnit}`;
      const prev = by.get(key);
      if (!prev) {
        by.set(key, { ...r.csv, values: new Map(r.csv.values) });
        continue;
      }
      const values = prev.values as Map<number, number>;
      for (const [n, v] of r.csv.values) values.set(n, round2((values.get(n) ?? 0) + v));
    }
    return [...by.values()];
  }

  function refuseFlagged(report: Report) {
    const flagged = report.rows.filter((r) => r.issues.length > 0);
    if (flagged.length) throw new AppError('validation_failed', {}, flagged.slice(0, 20).map((r) => fieldError(`rows.${r.csv.personnelNumber}`, 'invalid_input', { reason: r.issues.map((i) => i.code).join(', ') })));
  }

  return {
    /** F-11/F-12: the mapping tables with the Koppel objects, and Loket's components of the administration when one is given. */
    async getMappings(actor: Actor, id: string, opts: { administrationId?: string; year?: number } = {}) {
      requireRole(actor, 'hr');
      const integration = await loadIntegration(actor, id);
      const map = await mappings(integration);
      const [departments, hours, wages] = await Promise.all([
        db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute(),
        db.selectFrom('hour_components').select(['id', 'code', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('code').execute(),
        db.selectFrom('wage_components').select(['id', 'code', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('code').execute(),
      ]);
      const loketComponents = opts.administrationId ? await componentsOf(integration, opts.administrationId, opts.year ?? new Date().getUTCFullYear()) : null;
      const ledger = opts.administrationId ? await ledgerOptionsOf(integration, opts.administrationId) : null;
      return {
        costCenters: departments.map((d) => ({ koppelId: d.id, name: d.name, loketCode: map.cost_center.get(d.id) ?? null, distributionUnit: map.distribution_unit.get(d.id) ?? null })),
        hourComponents: hours.map((h) => ({ koppelId: h.id, code: h.code, name: h.name, loketCode: map.hour_component.get(h.id) ?? null })),
        wageComponents: wages.map((w) => ({ koppelId: w.id, code: w.code, name: w.name, loketCode: map.wage_component.get(w.id) ?? null })),
        loketComponents,
        loketCostCenters: ledger?.costCenters ?? null,
        loketDistributionUnits: ledger?.distributionUnits ?? null,
      };
    },

    /**
     * Saves one mapping table. Hour and wage components take Loket's component NUMBER, departments a cost center
     * (its key) and a distribution unit (its UUID); each is checked against the administration's live list (an unknown
     * value is refused with the reason, per row). `loketCode: null` removes a mapping.
     */
    async putMappings(actor: Actor, id: string, kind: LoketMappingKind, input: { administrationId?: string; year?: number; items: { koppelId: string; loketCode: string | null }[] }) {
      requireRole(actor, 'hr');
      const integration = await loadIntegration(actor, id);
      const table = kind === 'cost_center' || kind === 'distribution_unit' ? 'departments' : kind === 'hour_component' ? 'hour_components' : 'wage_components';
      const ids = input.items.map((i) => i.koppelId);
      const own = new Set(ids.length ? (await db.selectFrom(table).select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', ids).execute()).map((r) => r.id) : []);
      let known: Set<string> | null = null;
      if (input.items.some((i) => i.loketCode !== null)) {
        let adminId = input.administrationId;
        if (!adminId) adminId = (await administrations(integration))[0]?.id;
        if (!adminId) throw invalidField('administrationId', 'required');
        if (kind === 'cost_center') known = new Set((await ledgerOptionsOf(integration, adminId)).costCenters.map((c) => String(c.key)));
        else if (kind === 'distribution_unit') known = new Set((await ledgerOptionsOf(integration, adminId)).distributionUnits.map((d) => d.key));
        else known = new Set((await componentsOf(integration, adminId, input.year ?? new Date().getUTCFullYear())).map((c) => String(c.number)));
      }
      const details: FieldError[] = [];
      for (const [i, item] of input.items.entries()) {
        if (!own.has(item.koppelId)) details.push(fieldError(`items.${i}.koppelId`, 'unknown', { entity: table }));
        if (item.loketCode === null) continue;
        const code = item.loketCode.trim();
        if (kind === 'cost_center') {
          if (!/^\d{1,9}$/.test(code) || !known!.has(String(Number(code)))) details.push(fieldError(`items.${i}.loketCode`, 'loket_cost_center_unknown', { code }));
          continue;
        }
        if (kind === 'distribution_unit') {
          if (!known!.has(code.toLowerCase())) details.push(fieldError(`items.${i}.loketCode`, 'loket_distribution_unit_unknown', { code }));
          continue;
        }
        if (!/^\d{1,6}$/.test(code)) details.push(fieldError(`items.${i}.loketCode`, 'loket_component_not_a_number'));
        else if (!known!.has(String(Number(code)))) details.push(fieldError(`items.${i}.loketCode`, 'loket_component_unknown', { code }));
      }
      if (details.length) throw new AppError('validation_failed', {}, details);
      await db.transaction().execute(async (trx) => {
        for (const item of input.items) {
          await trx.deleteFrom('loket_mappings').where('tenant_id', '=', actor.tenantId).where('integration_id', '=', id).where('kind', '=', kind).where('koppel_id', '=', item.koppelId).execute();
          if (item.loketCode !== null) {
            const code = kind === 'distribution_unit' ? item.loketCode.trim().toLowerCase() : String(Number(item.loketCode.trim()));
            await trx.insertInto('loket_mappings').values({ tenant_id: actor.tenantId, integration_id: id, kind, koppel_id: item.koppelId, loket_code: code }).execute();
          }
        }
      });
      return this.getMappings(actor, id);
    },

    /** The administrations and their payroll periods (live), for the report's period choice. */
    async periods(actor: Actor, id: string, year: number) {
      requireRole(actor, 'hours');
      const integration = await loadIntegration(actor, id);
      const admins = await administrations(integration);
      const c = connectorOf(integration);
      return live(integration, async () => {
        const out = [];
        for (const a of admins) {
          const periods: { year: number; period: number; startDate: string; endDate: string }[] = [];
          for await (const p of c.client.payrollPeriods(a.id)) if (p.year === year) periods.push({ year: p.year, period: p.periodNumber, startDate: p.startDate.slice(0, 10), endDate: p.endDate.slice(0, 10) });
          out.push({ ...a, periods });
        }
        return { items: out };
      });
    },

    /** F-23 preview: rows as the CSV and the API push would carry them, what each would do in Loket, and what is not mapped. */
    async preview(actor: Actor, id: string, ref: LoketPeriodRef) {
      requireRole(actor, 'hours');
      const integration = await loadIntegration(actor, id);
      const report = await buildReport(actor, integration, ref);
      const planned = await deps.outbound.preview(actor, scopeOf(id, report), desiredOf(report));
      const stateOf = new Map(planned.map((p) => [p.idempotencyKey, p.state]));
      return {
        administration: { id: report.admin.id, name: report.admin.name, employerName: report.admin.employerName },
        period: { year: report.period.year, period: report.period.periodNumber, startDate: report.from, endDate: report.to },
        components: [...report.layout.components],
        rows: report.rows.map((r) => ({
          employeeId: r.employeeId,
          name: r.name,
          personnelNumber: r.csv.personnelNumber,
          unit: r.unitLabel,
          values: [...r.csv.values.entries()].map(([component, hours]) => {
            const key = desiredOf({ ...report, rows: [r] }).find((d) => d.payload.component === component)!.idempotencyKey;
            return { component, hours, state: stateOf.get(key) ?? 'new' };
          }),
          issues: r.issues.map((i) => ({ code: i.code, component: i.component ?? null })),
        })),
        removed: planned.filter((p) => p.state === 'removed').length,
        unmapped: report.unmapped,
        filename: csvName(report),
      };
    },

    /** The CSV file (streamed, one row in memory at a time); refused when a row holds a value Loket rejects. */
    async csv(actor: Actor, id: string, ref: LoketPeriodRef): Promise<{ filename: string; stream: Readable }> {
      requireRole(actor, 'hours');
      const integration = await loadIntegration(actor, id);
      const report = await buildReport(actor, integration, ref);
      refuseFlagged(report);
      return { filename: csvName(report), stream: loketCsvReadable(csvRowsOf(report), report.layout) };
    },

    /** Mails the CSV to the given addresses (default: the integration's notification addresses) with the seed's import steps. */
    async mail(actor: Actor, id: string, ref: LoketPeriodRef & { to?: string[] }) {
      requireRole(actor, 'hours');
      const integration = await loadIntegration(actor, id);
      const to = ref.to?.length ? ref.to : parseSettings(integration.settings).notificationEmails;
      if (!to.length) throw invalidField('to', 'required');
      const report = await buildReport(actor, integration, ref);
      refuseFlagged(report);
      const csvRows = csvRowsOf(report);
      const content = await writeLoketCsv(csvRows, report.layout);
      // The user's language (their own setting, else the company's).
      const userId = actor.userId ?? actor.onBehalfOf;
      const user = userId ? await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst() : undefined;
      const tenant = await db.selectFrom('tenants').select('locale').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
      const lang: Locale = actor.locale ?? user?.locale ?? tenant.locale;
      const params = { year: report.period.year, period: report.period.periodNumber, administration: report.admin.name, employer: report.admin.employerName, filename: csvName(report), rows: csvRows.length };
      const job = await jobQueue.enqueue(
        db,
        'mail.send',
        {
          to,
          subject: t(lang, 'mail.loket.subject', params),
          text: t(lang, 'mail.loket.body', params),
          attachments: [{ filename: csvName(report), content, contentType: 'text/csv; charset=utf-8' }],
          ...(userId ? { requestedBy: userId } : {}),
        },
        { tenantId: actor.tenantId },
      );
      // The sender follows the delivery (GET /mail-deliveries/{id}): told when it could not be sent (issue 12 #6).
      return { to, filename: csvName(report), rows: csvRows.length, deliveryId: job.id };
    },

    /** Sends the period through Loket's API (outbound engine + Loket payroll sink): only what changed is written; dropped values are deleted. */
    async send(actor: Actor, id: string, ref: LoketPeriodRef, opts: { signal?: AbortSignal } = {}) {
      requireRole(actor, 'hours');
      const integration = await loadIntegration(actor, id);
      const report = await buildReport(actor, integration, ref);
      refuseFlagged(report);
      const sink = sinkForIntegration<LoketPayrollPayload>(sinkDeps, integration, LOKET_PAYROLL_KIND);
      await live(integration, () => settleUnheard(actor, id, report, sink, opts));
      const summary = await live(integration, () => deps.outbound.send(actor, scopeOf(id, report), desiredOf(report), sink, opts.signal ? { signal: opts.signal } : {}));
      const nameOf = new Map(report.rows.map((r) => [r.employeeId, r.name]));
      return { ...summary, items: summary.items.map((i) => ({ ...i, name: i.subjectId ? (nameOf.get(i.subjectId) ?? null) : null })) };
    },
  };
}
export type LoketExportService = ReturnType<typeof createLoketExportService>;
