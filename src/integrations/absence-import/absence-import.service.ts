import { sql } from 'kysely';
import { type AbsenceImportPlan, importWindow, type KoppelAbsence, planAbsenceImport, type VendorAbsence } from '../../domain/absence-import.ts';
import { type Actor, requireRole } from '../../domain/actor.ts';
import { addDays, daysInclusive, type LocalDate, todayIn } from '../../domain/dates.ts';
import { AppError, invalidField, notFound } from '../../domain/errors.ts';
import { type AbsenceSource, type ExternalAbsence, type ExternalAbsenceType, isAbsenceSource } from '../../connectors/kit/absence-source.ts';
import type { OutboundGuard } from '../../connectors/kit/outbound-guard.ts';
import { auditRepository } from '../../platform/audit/audit.repository.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import type { AbsenceKind, AbsenceUnit, IntegrationsTable } from '../../platform/db/schema.ts';
import { systemActorFor, tenantTimeZone } from '../../platform/identity/tenants.service.ts';
import { jobQueue } from '../../platform/jobs/queue.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { runFailureCode } from '../engine/sync-failures.ts';
import { type IntegrationSettings, parseSettings } from '../engine/sync.types.ts';
import { accountScopeIds, registrationFor } from '../registry.ts';
import type { Selectable } from 'kysely';

/**
 * Absence import from an HR system (F-22, seed 001): per integration, daily after the employee sync and
 * on demand. Reads the vendor's absences in a window (default 90 days back, 365 ahead), plans with the pure
 * planAbsenceImport (src/domain/absence-import.ts) against Koppel's absences of the linked employees, and
 * applies the plan in one transaction. Imported absences carry their source (absences.source_integration_id
 * + source_key, migration 053) and a comment naming it; Koppel's own absences are never touched, except
 * `not_plannable` ones, which yield. Each run is a row in absence_import_runs (counts, skipped, error).
 */

export const ABSENCE_IMPORT_JOB = 'integration.absence-import';
export const absenceImportSingletonKey = (tenantId: string, integrationId: string) => `${tenantId}:${integrationId}:absence-import`;

export type AbsenceImportTrigger = 'manual' | 'schedule' | 'cli' | 'api';
export type AbsenceImportCounts = {
  read: number;
  created: number;
  updated: number;
  removed: number;
  yielded: number;
  unchanged: number;
  skipped: number;
  /** Rows written in Koppel (created + updated + removed + yielded changes); 0 on an unchanged re-run. */
  writes: number;
  /** Vendor calls for per-day amounts (hour-unit absences). */
  breakdownCalls: number;
};
export type SkippedAbsence = { externalId: string; reason: string; employeeId?: string; conflictWith?: string };

export type AbsenceImportDeps = {
  db: Database;
  box: SecretBox;
  urlGuard?: OutboundGuard;
  log?: Logger;
  connectorTuning?: Record<string, unknown>;
  /** Builds the vendor source for an integration (tests); default: the registry's connector. */
  sourceFor?: (integration: Selectable<IntegrationsTable>) => AbsenceSource;
  /** Parallel breakdown reads (hour-unit absences). Default 4. */
  breakdownConcurrency?: number;
  now?: () => Date;
};

type IntegrationRow = Selectable<IntegrationsTable>;

const emptyCounts = (): AbsenceImportCounts => ({ read: 0, created: 0, updated: 0, removed: 0, yielded: 0, unchanged: 0, skipped: 0, writes: 0, breakdownCalls: 0 });

export function toRunDto(r: {
  id: string;
  integration_id: string;
  trigger: string;
  status: string;
  window_from: string | null;
  window_to: string | null;
  counts: unknown;
  skipped: unknown;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}) {
  return {
    id: r.id,
    integrationId: r.integration_id,
    trigger: r.trigger,
    status: r.status as 'running' | 'succeeded' | 'failed',
    windowFrom: r.window_from,
    windowTo: r.window_to,
    counts: { ...emptyCounts(), ...(r.counts as Partial<AbsenceImportCounts>) },
    skipped: (r.skipped as SkippedAbsence[]) ?? [],
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
export type AbsenceImportRunDto = ReturnType<typeof toRunDto>;

/** The Koppel types an integration's mapping may name: the tenant's own, and never `not_plannable` (those stay Koppel's). */
async function importableTypes(db: Database, tenantId: string) {
  return db.selectFrom('absence_types').select(['id', 'name', 'kind']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

/** Splits a `not_plannable` absence's hours over what remains of it, by days. */
function keptHours(unit: AbsenceUnit, hours: number | null, whole: { startDate: string; endDate: string }, part: { startDate: string; endDate: string }) {
  if (unit !== 'hours' || hours === null) return null;
  return Math.round(((hours * daysInclusive(part.startDate, part.endDate)) / daysInclusive(whole.startDate, whole.endDate)) * 100) / 100;
}

export function createAbsenceImportService(deps: AbsenceImportDeps) {
  const { db, box } = deps;
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? (() => new Date());

  async function loadIntegration(tenantId: string, integrationId: string): Promise<IntegrationRow> {
    const row = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', integrationId).executeTakeFirst();
    if (!row) throw notFound('integration');
    return row;
  }

  function sourceFor(integration: IntegrationRow): AbsenceSource {
    if (deps.sourceFor) return deps.sourceFor(integration);
    const reg = registrationFor(integration.vendor);
    if (!reg) throw new AppError('invalid_state', { detail: 'absence_import_unsupported' });
    const accountScope = accountScopeIds(integration.account_scope);
    const connector = reg.create({
      baseUrl: integration.base_url,
      credentials: JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>,
      features: { absences: true },
      ...(accountScope ? { accountScope } : {}),
      ...(deps.connectorTuning ? { tuning: deps.connectorTuning } : {}),
      ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
      log,
    });
    if (!isAbsenceSource(connector)) throw new AppError('invalid_state', { detail: 'absence_import_unsupported' });
    return connector;
  }

  /** A vendor failure as an AppError the UI can show (live reads someone waits for). */
  function vendorError(integration: IntegrationRow, err: unknown): never {
    if (err instanceof AppError) throw err;
    const code = runFailureCode(err);
    const vendor = registrationFor(integration.vendor)?.label ?? integration.vendor;
    if (code === 'reconnect_needed') throw new AppError('integration_credentials_invalid', { vendor });
    throw new AppError('integration_unreachable', { vendor }, undefined, { cause: err });
  }

  /** The mapping with the tenant's own, importable types only (a stale or foreign id never counts). */
  async function effectiveTypeMap(tenantId: string, settings: IntegrationSettings) {
    const types = await importableTypes(db, tenantId);
    const ok = new Map(types.filter((t) => t.kind !== 'not_plannable').map((t) => [t.id, t]));
    return new Map(Object.entries(settings.absenceImport.typeMap).filter(([, koppelId]) => ok.has(koppelId)));
  }

  async function readVendor(src: AbsenceSource, window: { from: LocalDate; to: LocalDate }, types: Map<string, ExternalAbsenceType>, typeMap: Map<string, string>, people: Map<string, string>, counts: AbsenceImportCounts, skipped: SkippedAbsence[]) {
    const read: ExternalAbsence[] = [];
    for await (const a of src.listAbsences(window)) {
      counts.read++;
      if (!people.has(a.personId)) {
        skipped.push({ externalId: a.id, reason: 'person_not_linked' });
        continue;
      }
      if (src.unknownUnitAbsenceTypes?.has(a.typeId)) {
        // The type's unit (day or hour) is unknown: nothing can be planned from it; said, not silently unmapped.
        skipped.push({ externalId: a.id, reason: 'unknown_unit', employeeId: people.get(a.personId)! });
        continue;
      }
      read.push(a);
    }
    // Per-day amounts only where they decide something: hour-unit absences that come over, and day-unit
    // ones whose last date is in doubt (an end at 00:00 of a later date, decision 0012). Other day units are
    // shaped by the half-day markers (a whole day is 1, a marked half 0.5), which saves a call per absence.
    const needDays = read.filter((a) => a.status === 'approved' && typeMap.has(a.typeId) && (types.get(a.typeId)?.unit === 'HOUR' || a.endAtMidnight === true));
    const days = new Map<string, Array<{ date: string; value: number }>>();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < needDays.length; i = next++) {
        const a = needDays[i]!;
        counts.breakdownCalls++;
        days.set(a.id, (await src.absenceDays(a.id)).map((d) => ({ date: d.date, value: d.value })));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, deps.breakdownConcurrency ?? 4) }, worker));
    // An hour-unit absence without hours (only weekend or holiday days) has nothing to take over.
    const empty = new Set(needDays.filter((a) => (days.get(a.id) ?? []).every((x) => x.value <= 0)).map((a) => a.id));
    for (const a of needDays) if (empty.has(a.id)) skipped.push({ externalId: a.id, reason: 'no_hours', employeeId: people.get(a.personId)! });
    // An end read as exclusive comes back when the vendor counts an amount on that date.
    const endOf = (a: ExternalAbsence): LocalDate => {
      if (!a.endAtMidnight) return a.endDate;
      const next = addDays(a.endDate, 1);
      return (days.get(a.id) ?? []).some((x) => x.date === next && x.value > 0) ? next : a.endDate;
    };
    return read.filter((a) => !empty.has(a.id)).map(
      (a): VendorAbsence => ({
        externalId: a.id,
        employeeId: people.get(a.personId)!,
        absenceTypeId: typeMap.get(a.typeId) ?? null,
        typeName: types.get(a.typeId)?.name ?? a.typeId,
        status: a.status,
        startDate: a.startDate,
        endDate: endOf(a),
        startHalf: a.startHalf,
        endHalf: a.endHalf,
        unit: types.get(a.typeId)?.unit ?? 'DAY',
        breakdown: days.get(a.id) ?? [],
      }),
    );
  }

  /** Koppel's absences in the window for the linked people, and whatever this integration imported before. */
  async function readKoppel(tenantId: string, integrationId: string, window: { from: LocalDate; to: LocalDate }): Promise<KoppelAbsence[]> {
    const rows = await db
      .selectFrom('absences as a')
      .innerJoin('absence_types as t', (j) => j.onRef('t.id', '=', 'a.absence_type_id').on('t.tenant_id', '=', tenantId))
      .select(['a.id', 'a.employee_id', 'a.absence_type_id', 't.kind', 'a.start_date', 'a.end_date', 'a.unit', 'a.hours', 'a.comment', 'a.source_integration_id', 'a.source_key'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.end_date', '>=', window.from)
      .where('a.start_date', '<=', window.to)
      .where((eb) =>
        eb.or([
          eb('a.source_integration_id', '=', integrationId),
          eb(
            'a.employee_id',
            'in',
            eb.selectFrom('external_records').select('employee_id').where('tenant_id', '=', tenantId).where('integration_id', '=', integrationId).where('link_state', '=', 'linked').where('employee_id', 'is not', null),
          ),
        ]),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      employeeId: r.employee_id,
      absenceTypeId: r.absence_type_id,
      kind: r.kind as KoppelAbsence['kind'],
      startDate: r.start_date,
      endDate: r.end_date,
      unit: r.unit,
      hours: r.hours,
      comment: r.comment,
      importRef: r.source_integration_id === integrationId ? r.source_key : null,
    }));
  }

  async function linkedPeople(tenantId: string, integrationId: string) {
    const rows = await db
      .selectFrom('external_records')
      .select(['external_id', 'employee_id'])
      .where('tenant_id', '=', tenantId)
      .where('integration_id', '=', integrationId)
      .where('link_state', '=', 'linked')
      .where('employee_id', 'is not', null)
      .execute();
    return new Map(rows.map((r) => [r.external_id, r.employee_id as string]));
  }

  /** Applies a plan in one transaction; returns the rows written. */
  async function apply(actor: Actor, integration: IntegrationRow, plan: AbsenceImportPlan, koppel: KoppelAbsence[]): Promise<number> {
    const byId = new Map(koppel.map((k) => [k.id, k]));
    let writes = 0;
    await db.transaction().execute(async (trx) => {
      if (plan.remove.length) {
        const ids = plan.remove.map((r) => r.id);
        for (let i = 0; i < ids.length; i += 1000) {
          await trx.deleteFrom('absences').where('tenant_id', '=', actor.tenantId).where('source_integration_id', '=', integration.id).where('id', 'in', ids.slice(i, i + 1000)).execute();
        }
        writes += ids.length;
      }
      for (const u of plan.update) {
        await trx
          .updateTable('absences')
          .set({ absence_type_id: u.piece.absenceTypeId, start_date: u.piece.startDate, end_date: u.piece.endDate, unit: u.piece.unit, hours: u.piece.hours, comment: u.piece.comment, status: 'approved', updated_at: new Date() })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', u.id)
          .execute();
        writes++;
      }
      // Yield: a not_plannable absence loses the days the import covers (deleted when nothing is left).
      for (const y of plan.yieldNotPlannable) {
        const k = byId.get(y.id)!;
        const row = await trx.selectFrom('absences').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', y.id).executeTakeFirst();
        if (!row) continue;
        await trx.deleteFrom('absences').where('tenant_id', '=', actor.tenantId).where('id', '=', y.id).execute();
        writes++;
        for (const part of y.keep) {
          const unit: AbsenceUnit = k.unit === 'half_day' ? 'half_day' : k.unit;
          await trx
            .insertInto('absences')
            .values({ tenant_id: actor.tenantId, employee_id: row.employee_id, absence_type_id: row.absence_type_id, start_date: part.startDate, end_date: part.endDate, unit, hours: keptHours(k.unit, k.hours, k, part), status: row.status, source: row.source, comment: row.comment })
            .execute();
          writes++;
        }
      }
      const creates = plan.create;
      for (let i = 0; i < creates.length; i += 500) {
        await trx
          .insertInto('absences')
          .values(
            creates.slice(i, i + 500).map((p) => ({
              tenant_id: actor.tenantId,
              employee_id: p.employeeId,
              absence_type_id: p.absenceTypeId,
              start_date: p.startDate,
              end_date: p.endDate,
              unit: p.unit,
              hours: p.hours,
              comment: p.comment,
              status: 'approved' as const,
              source: integration.vendor,
              source_integration_id: integration.id,
              source_key: p.importRef,
            })),
          )
          .execute();
      }
      writes += creates.length;
      if (writes > 0) {
        await auditRepository.record(trx, actor, 'import', 'absence', null, {
          integrationId: integration.id,
          created: plan.create.length,
          updated: plan.update.length,
          removed: plan.remove.length,
          yielded: plan.yieldNotPlannable.length,
        });
      }
    });
    return writes;
  }

  /** One import run, in this process. Never throws for a vendor failure: the run row says what went wrong. */
  async function run(tenantId: string, integrationId: string, trigger: AbsenceImportTrigger, requestedBy = 'system'): Promise<AbsenceImportRunDto & { phaseMs?: Record<string, number> }> {
    const integration = await loadIntegration(tenantId, integrationId);
    const settings = parseSettings(integration.settings);
    const today = todayIn(await tenantTimeZone(db, tenantId), now());
    const window = importWindow(today, settings.absenceImport.backDays, settings.absenceImport.aheadDays);
    const started = await db
      .insertInto('absence_import_runs')
      .values({ tenant_id: tenantId, integration_id: integrationId, trigger, window_from: window.from, window_to: window.to })
      .returningAll()
      .executeTakeFirstOrThrow();
    const counts = emptyCounts();
    const skipped: SkippedAbsence[] = [];
    /** Where the time went (logs and benchmarks). */
    let phaseMs: Record<string, number> = {};
    const finish = async (status: 'succeeded' | 'failed', error: string | null) => {
      const row = await db
        .updateTable('absence_import_runs')
        .set({ status, error, counts: JSON.stringify(counts), skipped: JSON.stringify(skipped.slice(0, 200)), finished_at: new Date() })
        .where('id', '=', started.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRunDto(row);
    };
    try {
      if (!integration.active) throw new AppError('integration_inactive');
      if (!settings.timeExchange.absences) throw new AppError('invalid_state', { detail: 'absence_import_off' });
      const actor = await systemActorFor(db, tenantId, `${registrationFor(integration.vendor)?.label ?? integration.vendor} (${requestedBy})`);
      const src = sourceFor(integration);
      const t0 = performance.now();
      const types = new Map((await src.listAbsenceTypes()).map((t) => [t.id, t]));
      const typeMap = await effectiveTypeMap(tenantId, settings);
      const people = await linkedPeople(tenantId, integrationId);
      const vendor = await readVendor(src, window, types, typeMap, people, counts, skipped);
      const t1 = performance.now();
      const koppel = await readKoppel(tenantId, integrationId, window);
      const t2 = performance.now();
      const plan = planAbsenceImport(vendor, koppel, window, registrationFor(integration.vendor)?.label ?? integration.vendor);
      const t3 = performance.now();
      for (const s of plan.skipped) if (s.reason !== 'outside_window') skipped.push({ externalId: s.externalId, reason: s.reason, employeeId: s.employeeId, ...(s.conflictWith ? { conflictWith: s.conflictWith } : {}) });
      counts.writes = await apply(actor, integration, plan, koppel);
      phaseMs = { readVendor: Math.round(t1 - t0), readKoppel: Math.round(t2 - t1), plan: Math.round(t3 - t2), apply: Math.round(performance.now() - t3) };
      Object.assign(counts, { created: plan.create.length, updated: plan.update.length, removed: plan.remove.length, yielded: plan.yieldNotPlannable.length, unchanged: plan.unchanged, skipped: skipped.length });
      log.info({ integrationId, counts, phaseMs }, 'absence import finished');
      return { ...(await finish('succeeded', null)), phaseMs };
    } catch (err) {
      counts.skipped = skipped.length;
      const code = err instanceof AppError && err.code === 'invalid_state' ? String(err.params.detail) : runFailureCode(err);
      log.warn({ integrationId, err }, 'absence import failed');
      return finish('failed', code);
    }
  }

  return {
    run,

    /** The vendor's absence types, read live, with the current mapping, and the Koppel types a mapping may name. */
    async types(actor: Actor, integrationId: string) {
      requireRole(actor, 'hr');
      const integration = await loadIntegration(actor.tenantId, integrationId);
      const settings = parseSettings(integration.settings);
      let vendorTypes: ExternalAbsenceType[];
      try {
        vendorTypes = await sourceFor(integration).listAbsenceTypes();
      } catch (err) {
        vendorError(integration, err);
      }
      const koppel = await importableTypes(db, actor.tenantId);
      return {
        enabled: settings.timeExchange.absences,
        backDays: settings.absenceImport.backDays,
        aheadDays: settings.absenceImport.aheadDays,
        types: vendorTypes.map((t) => ({ id: t.id, name: t.name, category: t.category, unit: t.unit, koppelAbsenceTypeId: settings.absenceImport.typeMap[t.id] ?? null })),
        koppelTypes: koppel.map((t) => ({ id: t.id, name: t.name, kind: t.kind as AbsenceKind, importable: t.kind !== 'not_plannable' })),
      };
    },

    /** Saves the mapping and window; only the tenant's own types, never `not_plannable` (it stays editable in Koppel). */
    async saveMapping(actor: Actor, integrationId: string, input: { typeMap: Record<string, string | null>; backDays?: number; aheadDays?: number }) {
      requireRole(actor, 'hr');
      const integration = await loadIntegration(actor.tenantId, integrationId);
      const settings = parseSettings(integration.settings);
      const types = new Map((await importableTypes(db, actor.tenantId)).map((t) => [t.id, t]));
      const typeMap: Record<string, string> = {};
      for (const [vendorId, koppelId] of Object.entries(input.typeMap)) {
        if (koppelId === null) continue;
        const t = types.get(koppelId);
        if (!t) throw invalidField(`typeMap.${vendorId}`, 'unknown', { entity: 'absence_type' });
        if (t.kind === 'not_plannable') throw invalidField(`typeMap.${vendorId}`, 'not_plannable_not_importable');
        typeMap[vendorId] = koppelId;
      }
      const next = parseSettings({ ...settings, absenceImport: { typeMap, backDays: input.backDays ?? settings.absenceImport.backDays, aheadDays: input.aheadDays ?? settings.absenceImport.aheadDays } });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('integrations').set({ settings: JSON.stringify(next), updated_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('id', '=', integrationId).execute();
        await auditRepository.record(trx, actor, 'update', 'integration', integrationId, { absenceImport: { old: settings.absenceImport, new: next.absenceImport } });
      });
      return next.absenceImport;
    },

    /** Queues a run (the worker executes it); a run already queued or running is joined. */
    async request(actor: Actor, integrationId: string, trigger: AbsenceImportTrigger = 'manual') {
      requireRole(actor, 'hr');
      const integration = await loadIntegration(actor.tenantId, integrationId);
      if (!integration.active) throw new AppError('integration_inactive');
      if (!parseSettings(integration.settings).timeExchange.absences) throw new AppError('invalid_state', { detail: 'absence_import_off' });
      const job = await jobQueue.enqueue(db, ABSENCE_IMPORT_JOB, { tenantId: actor.tenantId, integrationId, trigger, requestedBy: actor.name }, { tenantId: actor.tenantId, singletonKey: absenceImportSingletonKey(actor.tenantId, integrationId), maxAttempts: 2 });
      return { jobId: job.id, queued: job.created };
    },

    async runs(actor: Actor, integrationId: string, limit = 10) {
      requireRole(actor, 'workforceRead');
      await loadIntegration(actor.tenantId, integrationId);
      const rows = await db
        .selectFrom('absence_import_runs')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', integrationId)
        .orderBy('started_at', 'desc')
        .orderBy(sql`id`)
        .limit(limit)
        .execute();
      return rows.map(toRunDto);
    },
  };
}
export type AbsenceImportService = ReturnType<typeof createAbsenceImportService>;
