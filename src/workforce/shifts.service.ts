import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import { auditRepository, type Change, diffRecords } from '../platform/audit/audit.repository.ts';
import { belongsToTenant } from './catalog.repository.ts';
import { employeeRepository } from './employee.repository.ts';
import type { ApprovalStatus, Shift, ShiftsTable } from '../platform/db/schema.ts';
import { type ShiftFilter, type ShiftRow, shiftKey, shiftRepository } from './shift.repository.ts';
import { resolveShiftDepartment, shiftMinutes, shiftSpanMinutes } from '../domain/hours.ts';
import { type CsvRowError, parseShiftCsv } from '../domain/shift-csv.ts';
import { AppError, type DetailCode, type DetailParams, invalidField, notFound } from '../domain/errors.ts';
import { type Actor, requireRole } from '../domain/actor.ts';
import { type HourResolver, loadHourResolver, type ShiftHours, splitShift } from './components.service.ts';
import type { ContractPeriod } from '../domain/hours.ts';
import { randomUUID } from 'node:crypto';
import { guardSentDays, noPeriodLocks, type PeriodLocks, type Touch } from './period-locks.ts';

/** Worked shifts (F-05): entered by hand or API, imported from CSV, approved or rejected by planners. */

export type ShiftInput = {
  employeeId: string;
  date: string;
  startTime: string;
  endTime: string;
  breakMinutes?: number;
  departmentId?: string | null;
  hourComponentId?: string | null;
  note?: string | null;
};

const hhmm = (time: string) => time.slice(0, 5);

/** What the shift is booked on, resolved (see resolveShiftHours): the department name comes with it. */
export type ShiftBooking = ShiftHours & { departmentName: string | null };

export function toShiftDto(s: ShiftRow, booking: ShiftBooking) {
  return {
    id: s.id,
    employeeId: s.employee_id,
    employeeName: [s.first_name, s.prefix, s.last_name].filter(Boolean).join(' '),
    personnelNumber: s.personnel_number,
    date: s.date,
    startTime: hhmm(s.start_time),
    endTime: hhmm(s.end_time),
    breakMinutes: s.break_minutes,
    workedMinutes: shiftMinutes(s.start_time, s.end_time, s.break_minutes),
    departmentId: s.department_id,
    departmentName: s.department_name,
    hourComponentId: s.hour_component_id,
    hourComponentCode: s.hour_component_code,
    // Resolved: the department the hours count for (the shift's own, else the contract's on that date)
    // and the minutes per hour component (the shift's own component, else what the rules give).
    resolvedDepartmentId: booking.departmentId,
    resolvedDepartmentName: booking.departmentName,
    departmentFrom: booking.departmentFrom,
    componentsFrom: booking.componentsFrom,
    hourComponents: booking.components,
    status: s.status,
    approvedBy: s.approved_by,
    approvedByName: s.approved_by_name,
    approvedAt: s.approved_at,
    note: s.note,
    source: s.source,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}
export type ShiftDto = ReturnType<typeof toShiftDto>;

/** Contracts (start, end, department with its name) of the given employees, for resolving their shifts. */
async function contractsOf(db: Database, tenantId: string, employeeIds: string[]) {
  const byEmployee = new Map<string, (ContractPeriod & { departmentName: string | null })[]>();
  if (employeeIds.length === 0) return byEmployee;
  const rows = await db
    .selectFrom('contracts as c')
    .leftJoin('departments as d', (j) => j.onRef('d.id', '=', 'c.department_id').on('d.tenant_id', '=', tenantId))
    .select(['c.employee_id', 'c.start_date', 'c.end_date', 'c.department_id', 'd.name as department_name'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.employee_id', 'in', [...new Set(employeeIds)])
    .execute();
  for (const r of rows) {
    const list = byEmployee.get(r.employee_id) ?? [];
    list.push({ startDate: r.start_date, endDate: r.end_date, departmentId: r.department_id, departmentName: r.department_name });
    byEmployee.set(r.employee_id, list);
  }
  return byEmployee;
}

/**
 * The department each shift's hours count for (resolveShiftDepartment: the shift's own, else its contract's on
 * that date), by shift id: for exports that filter or show shifts by department as the shift list does.
 */
export async function resolvedShiftDepartments(
  db: Database,
  tenantId: string,
  shifts: readonly { id: string; employee_id: string; date: string; department_id: string | null }[],
): Promise<Map<string, string | null>> {
  const contracts = await contractsOf(db, tenantId, shifts.filter((s) => !s.department_id).map((s) => s.employee_id));
  return new Map(shifts.map((s) => [s.id, resolveShiftDepartment({ date: String(s.date).slice(0, 10), departmentId: s.department_id }, contracts.get(s.employee_id) ?? []).departmentId]));
}

/** Shift rows → DTOs with their resolved department and hour components (one resolver and one contract query per call). */
async function toShiftDtos(db: Database, tenantId: string, rows: ShiftRow[], resolver?: HourResolver): Promise<ShiftDto[]> {
  if (rows.length === 0) return [];
  const [hours, contracts] = await Promise.all([resolver ?? loadHourResolver(db, tenantId), contractsOf(db, tenantId, rows.map((r) => r.employee_id))]);
  return rows.map((s) => {
    const own = contracts.get(s.employee_id) ?? [];
    const booking = hours.resolve(
      { date: s.date, startTime: s.start_time, endTime: s.end_time, breakMinutes: s.break_minutes, departmentId: s.department_id, hourComponentId: s.hour_component_id },
      own,
    );
    const departmentName =
      booking.departmentFrom === 'shift' ? s.department_name : booking.departmentFrom === 'contract' ? (own.find((c) => c.departmentId === booking.departmentId)?.departmentName ?? null) : null;
    return toShiftDto(s, { ...booking, departmentName });
  });
}

/**
 * A correction of an approved shift (edit, delete, reopen) needs a reason, which goes into the audit
 * entry. On a day an export already sent, the write also needs `confirmCorrection` and is recorded as a
 * correction of that sent period (guardSentDays), which keeps the same reason.
 */
function correctionReason(before: Pick<Shift, 'status'>, reason: string | null | undefined): { reason: Change } | null {
  if (before.status !== 'approved') return reason?.trim() ? { reason: { old: null, new: reason.trim() } } : null;
  if (!reason?.trim()) throw invalidField('reason', 'correction_reason_required');
  return { reason: { old: null, new: reason.trim() } };
}

const FIELDS = {
  employeeId: 'employee_id',
  date: 'date',
  startTime: 'start_time',
  endTime: 'end_time',
  breakMinutes: 'break_minutes',
  departmentId: 'department_id',
  hourComponentId: 'hour_component_id',
  note: 'note',
} as const satisfies Record<keyof ShiftInput, keyof Shift>;

/** At most this many row errors go back to the caller; the count still covers them all. */
const MAX_REPORTED_CSV_ERRORS = 500;

/** What a correction keeps of a shift before and after (F-25). */
const shiftSummary = (s: Pick<Shift, 'employee_id' | 'date' | 'start_time' | 'end_time' | 'break_minutes' | 'status'>) => ({
  employeeId: s.employee_id,
  date: s.date,
  startTime: hhmm(s.start_time),
  endTime: hhmm(s.end_time),
  breakMinutes: s.break_minutes,
  status: s.status,
});

/**
 * `periodLocks`: sent days (F-25). A create, change (other than the note), delete or reopen on a sent day is
 * refused with 409 `period_sent` unless the caller passes `confirmCorrection`, and then records a correction;
 * approving or rejecting on a sent day records one without asking (docs/decisions/0015-period-locks-and-corrections.md).
 */
export function createShiftsService(db: Database, deps: { periodLocks?: PeriodLocks } = {}) {
  const locks = deps.periodLocks ?? noPeriodLocks;
  const guard = (trx: Database, actor: Actor, touches: Touch[], confirm: boolean, ask = true) =>
    guardSentDays(locks, trx, actor, 'shift', touches, { confirm, ask });
  function toColumns(input: Partial<ShiftInput>): Updateable<ShiftsTable> {
    const columns: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELDS)) {
      const value = input[field as keyof ShiftInput];
      if (value !== undefined) columns[column] = value;
    }
    return columns as Updateable<ShiftsTable>;
  }

  /** Checks on the merged shift: references are the tenant's own, and the break fits inside the shift. */
  async function check(trx: Database, tenantId: string, input: Partial<ShiftInput>, merged: { startTime: string; endTime: string; breakMinutes: number }) {
    if (input.employeeId !== undefined && !(await employeeRepository.get(trx, tenantId, input.employeeId))) {
      throw invalidField('employeeId', 'unknown', { entity: 'employee' });
    }
    if (typeof input.departmentId === 'string' && !(await belongsToTenant(trx, 'departments', tenantId, input.departmentId))) {
      throw invalidField('departmentId', 'unknown', { entity: 'department' });
    }
    if (typeof input.hourComponentId === 'string' && !(await belongsToTenant(trx, 'hour_components', tenantId, input.hourComponentId))) {
      throw invalidField('hourComponentId', 'unknown', { entity: 'hour_component' });
    }
    if (merged.breakMinutes > shiftSpanMinutes(merged.startTime, merged.endTime)) {
      throw invalidField('breakMinutes', 'break_too_long');
    }
  }

  async function load(trx: Database, tenantId: string, id: string) {
    const row = await shiftRepository.get(trx, tenantId, id);
    if (!row) throw notFound('shift');
    const [dto] = await toShiftDtos(trx, tenantId, [row]);
    return dto!;
  }

  /** Approves or rejects shifts in one transaction; all ids must be the tenant's, else nothing changes. */
  async function decide(actor: Actor, ids: string[], status: Exclude<ApprovalStatus, 'pending'>) {
    requireRole(actor, 'hours');
    const unique = [...new Set(ids)];
    return db.transaction().execute(async (trx) => {
      const rows = await shiftRepository.getForUpdate(trx, actor.tenantId, unique);
      if (rows.length !== unique.length) throw notFound('shift');
      const touches: Touch[] = [];
      for (const before of rows) {
        if (before.status === status) continue;
        const approval =
          status === 'approved' ? { approved_by: actor.userId ?? null, approved_at: new Date() } : { approved_by: null, approved_at: null };
        const after = await shiftRepository.update(trx, actor.tenantId, before.id, { status, ...approval });
        await auditRepository.record(trx, actor, status === 'approved' ? 'approve' : 'reject', 'shift', before.id, diffRecords(before, after ?? null));
        if (after) touches.push({ subjectId: before.id, action: status === 'approved' ? 'approve' : 'reject', days: [before.date], before: shiftSummary(before), after: shiftSummary(after) });
      }
      // One lookup for the whole batch: decisions on sent days are recorded as corrections without asking.
      await guard(trx, actor, touches, false, false);
      return unique.length;
    });
  }

  return {
    async list(actor: Actor, filter: ShiftFilter) {
      requireRole(actor, 'workforceRead');
      const { rows, total } = await shiftRepository.list(db, actor.tenantId, filter);
      return { items: await toShiftDtos(db, actor.tenantId, rows), total };
    },

    async get(actor: Actor, id: string) {
      requireRole(actor, 'workforceRead');
      return load(db, actor.tenantId, id);
    },

    /** The shift's worked minutes per hour component (F-08). */
    async components(actor: Actor, id: string) {
      requireRole(actor, 'workforceRead');
      const s = await shiftRepository.get(db, actor.tenantId, id);
      if (!s) throw notFound('shift');
      const contracts = (await contractsOf(db, actor.tenantId, [s.employee_id])).get(s.employee_id) ?? [];
      return splitShift(
        db,
        actor.tenantId,
        { date: s.date, startTime: s.start_time, endTime: s.end_time, breakMinutes: s.break_minutes, departmentId: s.department_id, hourComponentId: s.hour_component_id },
        contracts,
      );
    },

    async create(actor: Actor, input: ShiftInput, confirmCorrection = false) {
      requireRole(actor, 'hours');
      return db.transaction().execute(async (trx) => {
        const breakMinutes = input.breakMinutes ?? 0;
        await check(trx, actor.tenantId, input, { ...input, breakMinutes });
        const created = await shiftRepository.insert(trx, {
          ...(toColumns(input) as Insertable<ShiftsTable>),
          tenant_id: actor.tenantId,
          break_minutes: breakMinutes,
          source: actor.type === 'api_token' ? 'api' : 'manual',
        });
        await guard(trx, actor, [{ subjectId: created.id, action: 'create', days: [created.date], before: null, after: shiftSummary(created) }], confirmCorrection);
        await auditRepository.record(trx, actor, 'create', 'shift', created.id, diffRecords(null, created));
        return load(trx, actor.tenantId, created.id);
      });
    },

    /**
     * Changing what was approved (times, date, employee, department, component) sends the shift back for
     * approval and needs a reason (audited); a note does not.
     */
    async update(actor: Actor, id: string, patch: Partial<ShiftInput>, reason?: string | null, confirmCorrection = false) {
      requireRole(actor, 'hours');
      return db.transaction().execute(async (trx) => {
        const [before] = await shiftRepository.getForUpdate(trx, actor.tenantId, [id]);
        if (!before) throw notFound('shift');
        await check(trx, actor.tenantId, patch, {
          startTime: patch.startTime ?? before.start_time,
          endTime: patch.endTime ?? before.end_time,
          breakMinutes: patch.breakMinutes ?? before.break_minutes,
        });
        const columns = normalizeTimes(toColumns(patch));
        const changes = diffRecords(before, { ...before, ...columns });
        if (Object.keys(changes).length === 0) return load(trx, actor.tenantId, id);
        const resetApproval = before.status !== 'pending' && Object.keys(changes).some((column) => column !== 'note');
        const why = resetApproval ? correctionReason(before, reason) : null;
        const after = await shiftRepository.update(trx, actor.tenantId, id, {
          ...columns,
          ...(resetApproval ? { status: 'pending' as const, approved_by: null, approved_at: null } : {}),
        });
        // A note is not what exports send: only other changes on a sent day are corrections.
        if (after && Object.keys(changes).some((column) => column !== 'note')) {
          await guard(trx, actor, [{ subjectId: id, action: 'update', days: [before.date, after.date], before: shiftSummary(before), after: shiftSummary(after), reason: why ? String(why.reason.new) : null }], confirmCorrection);
        }
        await auditRepository.record(trx, actor, why && before.status === 'approved' ? 'correct' : 'update', 'shift', id, { ...diffRecords(before, after ?? null), ...why });
        return load(trx, actor.tenantId, id);
      });
    },

    /** Deleting an approved shift needs a reason (audited). */
    async remove(actor: Actor, id: string, reason?: string | null, confirmCorrection = false) {
      requireRole(actor, 'hours');
      await db.transaction().execute(async (trx) => {
        const [before] = await shiftRepository.getForUpdate(trx, actor.tenantId, [id]);
        if (!before) throw notFound('shift');
        const why = correctionReason(before, reason);
        await guard(trx, actor, [{ subjectId: id, action: 'delete', days: [before.date], before: shiftSummary(before), after: null, reason: why ? String(why.reason.new) : null }], confirmCorrection);
        await shiftRepository.delete(trx, actor.tenantId, id);
        await auditRepository.record(trx, actor, 'delete', 'shift', id, { ...diffRecords(before, null), ...why });
      });
    },

    /** An approved or rejected shift back to pending, with a reason (audited), so it can be corrected and decided again. */
    async reopen(actor: Actor, id: string, reason: string, confirmCorrection = false) {
      requireRole(actor, 'hours');
      await db.transaction().execute(async (trx) => {
        const [before] = await shiftRepository.getForUpdate(trx, actor.tenantId, [id]);
        if (!before) throw notFound('shift');
        if (before.status === 'pending') throw new AppError('invalid_state', { reason: 'shift_pending' });
        if (!reason.trim()) throw invalidField('reason', 'correction_reason_required');
        const after = await shiftRepository.update(trx, actor.tenantId, id, { status: 'pending', approved_by: null, approved_at: null });
        if (after) await guard(trx, actor, [{ subjectId: id, action: 'reopen', days: [before.date], before: shiftSummary(before), after: shiftSummary(after), reason: reason.trim() }], confirmCorrection);
        await auditRepository.record(trx, actor, 'reopen', 'shift', id, { ...diffRecords(before, after ?? null), reason: { old: null, new: reason.trim() } });
      });
      return load(db, actor.tenantId, id);
    },

    async approve(actor: Actor, id: string) {
      await decide(actor, [id], 'approved');
      return load(db, actor.tenantId, id);
    },

    async reject(actor: Actor, id: string) {
      await decide(actor, [id], 'rejected');
      return load(db, actor.tenantId, id);
    },

    async approveMany(actor: Actor, ids: string[]) {
      return { approved: await decide(actor, ids, 'approved') };
    },

    /**
     * CSV import: every row is checked first; one bad row means nothing is imported and the caller
     * gets each problem with its line in the file. A good file goes in as one transaction.
     */
    async importCsv(actor: Actor, csv: string, dryRun = false, confirmCorrection = false) {
      requireRole(actor, 'hours');
      const { rows, errors } = parseShiftCsv(csv);
      const tenantId = actor.tenantId;

      const [employees, departments, components] = await Promise.all([
        db.selectFrom('employees').select(['id', 'personnel_number', 'email']).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('departments').select(['id', 'name', 'code']).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('hour_components').select(['id', 'code']).where('tenant_id', '=', tenantId).execute(),
      ]);
      const byPersonnelNumber = groupBy(employees, (e) => e.personnel_number);
      const byEmail = groupBy(employees, (e) => e.email?.toLowerCase() ?? null);
      const departmentsByName = groupBy(departments, (d) => d.name.toLowerCase());
      const departmentsByCode = groupBy(departments, (d) => d.code?.toLowerCase() ?? null);
      const componentsByCode = groupBy(components, (c) => c.code.toLowerCase());

      const dates = rows.map((r) => r.date).sort();
      const existing = dates.length > 0 ? await shiftRepository.keysBetween(db, tenantId, dates[0]!, dates[dates.length - 1]!) : new Set<string>();
      const seen = new Map<string, number>();
      const inserts: Insertable<ShiftsTable>[] = [];

      for (const row of rows) {
        const rowErrors: CsvRowError[] = [];
        const fail = (field: string, code: DetailCode, params?: DetailParams) => rowErrors.push(params ? { line: row.line, field, code, params } : { line: row.line, field, code });

        let employeeId: string | undefined;
        const byNumber = row.personnelNumber ? byPersonnelNumber.get(row.personnelNumber) : undefined;
        const byMail = row.email ? byEmail.get(row.email.toLowerCase()) : undefined;
        if (row.personnelNumber && !byNumber) fail('personnel_number', 'csv_no_employee_number', { value: row.personnelNumber });
        else if (!row.personnelNumber && row.email && !byMail) fail('email', 'csv_no_employee_email', { value: row.email });
        else if (!row.personnelNumber && byMail && byMail.length > 1) fail('email', 'csv_email_ambiguous', { value: row.email! });
        else {
          employeeId = (byNumber ?? byMail)![0]!.id;
          if (byNumber && row.email && !byMail?.some((e) => e.id === employeeId)) {
            fail('email', 'csv_email_mismatch', { email: row.email, number: row.personnelNumber! });
          }
        }

        let departmentId: string | null = null;
        if (row.department) {
          const needle = row.department.toLowerCase();
          const matches = departmentsByName.get(needle) ?? departmentsByCode.get(needle) ?? [];
          if (matches.length === 0) fail('department', 'csv_no_department', { value: row.department });
          else if (matches.length > 1) fail('department', 'csv_department_ambiguous', { value: row.department });
          else departmentId = matches[0]!.id;
        }

        let hourComponentId: string | null = null;
        if (row.hourComponent) {
          const match = componentsByCode.get(row.hourComponent.toLowerCase());
          if (!match || match.length !== 1) fail('hour_component', 'csv_no_hour_component', { value: row.hourComponent });
          else hourComponentId = match[0]!.id;
        }

        // Only otherwise good rows count as "the same shift", so one mistake is not reported twice.
        if (employeeId && rowErrors.length === 0) {
          const key = shiftKey(employeeId, row.date, row.startTime, row.endTime);
          if (existing.has(key)) fail('date', 'csv_shift_exists');
          else if (seen.has(key)) fail('date', 'csv_same_shift', { line: seen.get(key)! });
          else seen.set(key, row.line);
        }

        if (rowErrors.length > 0) {
          errors.push(...rowErrors);
          continue;
        }
        inserts.push({
          tenant_id: tenantId,
          employee_id: employeeId!,
          date: row.date,
          start_time: row.startTime,
          end_time: row.endTime,
          break_minutes: row.breakMinutes,
          department_id: departmentId,
          hour_component_id: hourComponentId,
          source: 'csv',
        });
      }

      if (errors.length > 0) {
        errors.sort((a, b) => a.line - b.line);
        const count = new Set(errors.map((e) => e.line)).size;
        throw new AppError('csv_invalid', { count }, errors.slice(0, MAX_REPORTED_CSV_ERRORS));
      }
      // Rows on sent days: the whole import is refused (409 period_sent, dry run included) unless confirmed;
      // confirmed, each such shift records a correction.
      for (const row of inserts) row.id = randomUUID();
      const touches = (): Touch[] =>
        inserts.map((r) => ({
          subjectId: r.id as string,
          action: 'import' as const,
          days: [r.date],
          before: null,
          after: shiftSummary({ employee_id: r.employee_id, date: r.date, start_time: r.start_time, end_time: r.end_time, break_minutes: r.break_minutes ?? 0, status: 'pending' }),
        }));
      if (dryRun) {
        if (!confirmCorrection) await db.transaction().execute((trx) => guard(trx, actor, touches(), false));
        return { imported: 0, rows: inserts.length, dryRun: true };
      }
      await db.transaction().execute(async (trx) => {
        await guard(trx, actor, touches(), confirmCorrection);
        await shiftRepository.insertMany(trx, inserts);
        await auditRepository.record(trx, actor, 'import', 'shift', null, {
          rows: inserts.length,
          from: dates[0],
          to: dates[dates.length - 1],
        });
      });
      return { imported: inserts.length, rows: inserts.length, dryRun: false };
    },
  };
}
export type ShiftsService = ReturnType<typeof createShiftsService>;

function normalizeTimes(columns: Updateable<ShiftsTable>): Updateable<ShiftsTable> {
  const out: Record<string, unknown> = { ...columns };
  // The database answers 'HH:MM:SS'; compare like with like so an unchanged time is no change.
  for (const key of ['start_time', 'end_time']) if (typeof out[key] === 'string' && (out[key] as string).length === 5) out[key] = `${out[key]}:00`;
  return out;
}

function groupBy<T>(items: T[], key: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
