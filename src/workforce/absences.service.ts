import type { Updateable } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import { type AbsenceFilter, type AbsenceRow, absenceRepository } from './absence.repository.ts';
import { auditRepository, diffRecords } from '../platform/audit/audit.repository.ts';
import { belongsToTenant, type CatalogRow } from './catalog.repository.ts';
import { employeeRepository } from './employee.repository.ts';
import type { AbsenceKind, AbsencesTable, AbsenceUnit, ApprovalStatus } from '../platform/db/schema.ts';
import { daysInclusive } from '../domain/dates.ts';
import { AppError, invalidField, notFound } from '../domain/errors.ts';
import { type Actor, requireRole } from '../domain/actor.ts';
import { createCatalogService } from './catalog.service.ts';
import { daysOf, guardSentDays, noPeriodLocks, type PeriodLocks, type Touch } from './period-locks.ts';

/** Absences (F-06): absence types, and absences per employee with approval and a source flag. */

export type AbsenceTypeInput = { name: string; kind: AbsenceKind; deductsLeave?: boolean };
export type AbsenceInput = {
  employeeId: string;
  absenceTypeId: string;
  startDate: string;
  endDate: string;
  unit: AbsenceUnit;
  hours?: number | null;
  comment?: string | null;
};

export const toAbsenceTypeDto = (t: CatalogRow<'absence_types'>) => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  deductsLeave: t.deducts_leave,
  createdAt: t.created_at,
});
export type AbsenceTypeDto = ReturnType<typeof toAbsenceTypeDto>;

export function toAbsenceDto(a: AbsenceRow) {
  return {
    id: a.id,
    employeeId: a.employee_id,
    employeeName: [a.first_name, a.prefix, a.last_name].filter(Boolean).join(' '),
    absenceTypeId: a.absence_type_id,
    absenceTypeName: a.absence_type_name,
    kind: a.kind,
    deductsLeave: a.deducts_leave,
    startDate: a.start_date,
    endDate: a.end_date,
    unit: a.unit,
    hours: a.hours,
    status: a.status,
    source: a.source,
    comment: a.comment,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}
export type AbsenceDto = ReturnType<typeof toAbsenceDto>;

const FIELDS = {
  employeeId: 'employee_id',
  absenceTypeId: 'absence_type_id',
  startDate: 'start_date',
  endDate: 'end_date',
  unit: 'unit',
  hours: 'hours',
  comment: 'comment',
} as const satisfies Record<keyof AbsenceInput, keyof AbsencesTable>;

/** Changing one of these sends an approved or rejected absence back for approval; a comment does not. */
const APPROVED_COLUMNS = ['employee_id', 'absence_type_id', 'start_date', 'end_date', 'unit', 'hours'] as const;

/** What a correction keeps of an absence (F-25). */
const absenceSummary = (a: { employee_id: string; absence_type_id: string; start_date: string; end_date: string; unit: string; hours: number | null; status: string }) => ({
  employeeId: a.employee_id,
  absenceTypeId: a.absence_type_id,
  startDate: a.start_date,
  endDate: a.end_date,
  unit: a.unit,
  hours: a.hours,
  status: a.status,
});

/**
 * Absence types an HR system manages while its absence import is on (F-22): their absences are created,
 * changed and deleted there only, so Koppel refuses to (`absence_type_synced`). `not_plannable` types are
 * never locked. Injected by the container (the integrations layer knows which types are synced).
 */
export type AbsenceTypeLock = { absenceTypeId: string; absenceTypeName: string; integrationId: string; integrationName: string };
export interface AbsenceLockPort {
  /** `trx`: the caller's open transaction (one connection on embedded PGlite: a second one would wait forever). */
  locks(tenantId: string, trx?: Database): Promise<AbsenceTypeLock[]>;
}

/** `periodLocks`: sent days (F-25), the same rule as shifts (see createShiftsService); `lock`: synced absence types (F-22). */
export function createAbsencesService(db: Database, deps: { periodLocks?: PeriodLocks; lock?: AbsenceLockPort } = {}) {
  const ports = deps;
  const locks = deps.periodLocks ?? noPeriodLocks;
  const guard = (trx: Database, actor: Actor, touch: Touch, confirm: boolean, ask = true) => guardSentDays(locks, trx, actor, 'absence', [touch], { confirm, ask });
  /** Refuses managing an absence of a synced type (F-22). */
  async function assertNotSynced(tenantId: string, typeIds: ReadonlyArray<string | undefined>, trx?: Database) {
    if (!ports.lock) return;
    const locks = await ports.lock.locks(tenantId, trx);
    for (const id of typeIds) {
      const l = id === undefined ? undefined : locks.find((x) => x.absenceTypeId === id);
      if (l) throw new AppError('absence_type_synced', { type: l.absenceTypeName, integration: l.integrationName, absenceTypeId: l.absenceTypeId, integrationId: l.integrationId });
    }
  }

  const types = createCatalogService<'absence_types', AbsenceTypeInput, AbsenceTypeDto>(db, {
    table: 'absence_types',
    entity: 'absence_type',
    fields: { name: 'name', kind: 'kind', deductsLeave: 'deducts_leave' },
    toDto: toAbsenceTypeDto,
    orderBy: ['name'],
    references: [{ table: 'absences', column: 'absence_type_id' }],
    async prepare({ before }, columns) {
      // Vacation counts against the leave balance unless said otherwise; other kinds do not.
      if (!before && columns.deducts_leave === undefined) columns.deducts_leave = columns.kind === 'vacation';
    },
  });

  function toColumns(input: Partial<AbsenceInput>): Updateable<AbsencesTable> {
    const columns: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELDS)) {
      const value = input[field as keyof AbsenceInput];
      if (value !== undefined) columns[column] = value;
    }
    return columns as Updateable<AbsencesTable>;
  }

  /** Checks the absence as it will be stored (`merged`), and clears hours for units other than hours. */
  async function check(trx: Database, tenantId: string, input: Partial<AbsenceInput>, merged: AbsenceInput) {
    if (input.employeeId !== undefined && !(await employeeRepository.get(trx, tenantId, input.employeeId))) {
      throw invalidField('employeeId', 'unknown', { entity: 'employee' });
    }
    if (input.absenceTypeId !== undefined && !(await belongsToTenant(trx, 'absence_types', tenantId, input.absenceTypeId))) {
      throw invalidField('absenceTypeId', 'unknown', { entity: 'absence_type' });
    }
    if (merged.endDate < merged.startDate) throw invalidField('endDate', 'end_date_before_start_date');
    if (merged.unit === 'half_day' && merged.endDate !== merged.startDate) throw invalidField('endDate', 'half_day_single_day');
    if (merged.unit === 'hours') {
      if (merged.hours === null || merged.hours === undefined || merged.hours <= 0) throw invalidField('hours', 'hours_required');
      if (merged.hours > 24 * daysInclusive(merged.startDate, merged.endDate)) throw invalidField('hours', 'hours_exceed_days');
    }
  }

  async function load(trx: Database, tenantId: string, id: string) {
    const row = await absenceRepository.get(trx, tenantId, id);
    if (!row) throw notFound('absence');
    return toAbsenceDto(row);
  }

  async function decide(actor: Actor, id: string, status: Exclude<ApprovalStatus, 'pending'>) {
    requireRole(actor, 'hours');
    await db.transaction().execute(async (trx) => {
      const before = await absenceRepository.getForUpdate(trx, actor.tenantId, id);
      if (!before) throw notFound('absence');
      await assertNotSynced(actor.tenantId, [before.absence_type_id], trx);
      if (before.status === status) return;
      const after = await absenceRepository.update(trx, actor.tenantId, id, { status });
      await auditRepository.record(trx, actor, status === 'approved' ? 'approve' : 'reject', 'absence', id, diffRecords(before, after ?? null));
      if (after) {
        const touch: Touch = { subjectId: id, action: status === 'approved' ? 'approve' : 'reject', days: daysOf(before.start_date, before.end_date), before: absenceSummary(before), after: absenceSummary(after) };
        await guard(trx, actor, touch, false, false);
      }
    });
    return load(db, actor.tenantId, id);
  }

  return {
    types,

    /** The absence types synced from an HR system right now (the UI disables managing them and says why). */
    async locks(actor: Actor): Promise<AbsenceTypeLock[]> {
      requireRole(actor, 'workforceRead');
      return ports.lock ? ports.lock.locks(actor.tenantId) : [];
    },

    async list(actor: Actor, filter: AbsenceFilter) {
      requireRole(actor, 'workforceRead');
      const { rows, total } = await absenceRepository.list(db, actor.tenantId, filter);
      return { items: rows.map(toAbsenceDto), total };
    },

    async get(actor: Actor, id: string) {
      requireRole(actor, 'workforceRead');
      return load(db, actor.tenantId, id);
    },

    /** `source` names the integration for synced absences; people and API clients create manual ones. */
    async create(actor: Actor, input: AbsenceInput, opts: { source?: string; status?: ApprovalStatus; confirmCorrection?: boolean } = {}) {
      requireRole(actor, 'hours');
      const hours = input.unit === 'hours' ? (input.hours ?? null) : null;
      await assertNotSynced(actor.tenantId, [input.absenceTypeId]);
      return db.transaction().execute(async (trx) => {
        await check(trx, actor.tenantId, input, { ...input, hours });
        const created = await absenceRepository.insert(trx, {
          tenant_id: actor.tenantId,
          employee_id: input.employeeId,
          absence_type_id: input.absenceTypeId,
          start_date: input.startDate,
          end_date: input.endDate,
          unit: input.unit,
          hours,
          comment: input.comment ?? null,
          source: opts.source ?? 'manual',
          status: opts.status ?? 'pending',
        });
        await guard(trx, actor, { subjectId: created.id, action: 'create', days: daysOf(created.start_date, created.end_date), before: null, after: absenceSummary(created) }, opts.confirmCorrection ?? false);
        await auditRepository.record(trx, actor, 'create', 'absence', created.id, diffRecords(null, created));
        return load(trx, actor.tenantId, created.id);
      });
    },

    async update(actor: Actor, id: string, patch: Partial<AbsenceInput>, confirmCorrection = false) {
      requireRole(actor, 'hours');
      return db.transaction().execute(async (trx) => {
        const before = await absenceRepository.getForUpdate(trx, actor.tenantId, id);
        if (!before) throw notFound('absence');
        await assertNotSynced(actor.tenantId, [before.absence_type_id, patch.absenceTypeId], trx);
        const unit = patch.unit ?? before.unit;
        const hours = unit === 'hours' ? (patch.hours !== undefined ? patch.hours : before.hours) : null;
        const merged: AbsenceInput = {
          employeeId: patch.employeeId ?? before.employee_id,
          absenceTypeId: patch.absenceTypeId ?? before.absence_type_id,
          startDate: patch.startDate ?? before.start_date,
          endDate: patch.endDate ?? before.end_date,
          unit,
          hours,
        };
        await check(trx, actor.tenantId, patch, merged);
        const columns = { ...toColumns(patch), hours };
        const changes = diffRecords(before, { ...before, ...columns });
        if (Object.keys(changes).length === 0) return load(trx, actor.tenantId, id);
        const resetApproval = before.status !== 'pending' && APPROVED_COLUMNS.some((c) => c in changes);
        const after = await absenceRepository.update(trx, actor.tenantId, id, { ...columns, ...(resetApproval ? { status: 'pending' as const } : {}) });
        if (after && APPROVED_COLUMNS.some((c) => c in changes)) {
          const days = [...daysOf(before.start_date, before.end_date), ...daysOf(after.start_date, after.end_date)];
          await guard(trx, actor, { subjectId: id, action: 'update', days, before: absenceSummary(before), after: absenceSummary(after) }, confirmCorrection);
        }
        await auditRepository.record(trx, actor, 'update', 'absence', id, diffRecords(before, after ?? null));
        return load(trx, actor.tenantId, id);
      });
    },

    async remove(actor: Actor, id: string, confirmCorrection = false) {
      requireRole(actor, 'hours');
      await db.transaction().execute(async (trx) => {
        const before = await absenceRepository.getForUpdate(trx, actor.tenantId, id);
        if (!before) throw notFound('absence');
        await assertNotSynced(actor.tenantId, [before.absence_type_id], trx);
        await guard(trx, actor, { subjectId: id, action: 'delete', days: daysOf(before.start_date, before.end_date), before: absenceSummary(before), after: null }, confirmCorrection);
        await absenceRepository.delete(trx, actor.tenantId, id);
        await auditRepository.record(trx, actor, 'delete', 'absence', id, diffRecords(before, null));
      });
    },

    approve: (actor: Actor, id: string) => decide(actor, id, 'approved'),
    reject: (actor: Actor, id: string) => decide(actor, id, 'rejected'),
  };
}
export type AbsencesService = ReturnType<typeof createAbsencesService>;
