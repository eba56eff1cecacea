import { tenantRows } from '../platform/db/tenant-rows.ts';
import type { Expression, ExpressionBuilder, Insertable, SqlBool, } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { Absence, AbsenceKind, AbsencesTable, ApprovalStatus, LeaveAdjustmentsTable } from '../platform/db/schema.ts';

export type AbsenceFilter = {
  employeeId?: string;
  absenceTypeId?: string;
  /** Absences overlapping [from, to]. */
  from?: string;
  to?: string;
  status?: ApprovalStatus;
  limit: number;
  offset: number;
};

export type AbsenceRow = Absence & {
  first_name: string;
  prefix: string | null;
  last_name: string;
  absence_type_name: string;
  kind: AbsenceKind;
  deducts_leave: boolean;
};

function matches(f: AbsenceFilter) {
  return (eb: ExpressionBuilder<{ a: AbsencesTable }, 'a'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (f.employeeId) conditions.push(eb('a.employee_id', '=', f.employeeId));
    if (f.absenceTypeId) conditions.push(eb('a.absence_type_id', '=', f.absenceTypeId));
    if (f.from) conditions.push(eb('a.end_date', '>=', f.from));
    if (f.to) conditions.push(eb('a.start_date', '<=', f.to));
    if (f.status) conditions.push(eb('a.status', '=', f.status));
    return eb.and(conditions);
  };
}

/** Tenant-scoped absence and leave-adjustment queries. */
export const absenceRepository = {
  ...tenantRows('absences'),
  query(db: Database, tenantId: string) {
    return db
      .selectFrom('absences as a')
      .innerJoin('employees as e', (j) => j.onRef('e.id', '=', 'a.employee_id').on('e.tenant_id', '=', tenantId))
      .innerJoin('absence_types as t', (j) => j.onRef('t.id', '=', 'a.absence_type_id').on('t.tenant_id', '=', tenantId))
      .where('a.tenant_id', '=', tenantId)
      .selectAll('a')
      .select(['e.first_name', 'e.prefix', 'e.last_name', 't.name as absence_type_name', 't.kind', 't.deducts_leave']);
  },

  async list(db: Database, tenantId: string, f: AbsenceFilter): Promise<{ rows: AbsenceRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      absenceRepository
        .query(db, tenantId)
        .where(matches(f))
        .orderBy('a.start_date', 'desc')
        .orderBy('a.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      db
        .selectFrom('absences as a')
        .where('a.tenant_id', '=', tenantId)
        .where(matches(f))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  get(db: Database, tenantId: string, id: string): Promise<AbsenceRow | undefined> {
    return absenceRepository.query(db, tenantId).where('a.id', '=', id).executeTakeFirst();
  },

  /** The employee's absences overlapping [from, to], with their type's leave flag. */
  forEmployeeBetween(db: Database, tenantId: string, employeeId: string, from: string, to: string) {
    return absenceRepository
      .query(db, tenantId)
      .where('a.employee_id', '=', employeeId)
      .where('a.end_date', '>=', from)
      .where('a.start_date', '<=', to)
      .execute();
  },





  leaveAdjustments(db: Database, tenantId: string, employeeId: string, year?: number) {
    let q = db.selectFrom('leave_adjustments').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId);
    if (year !== undefined) q = q.where('year', '=', year);
    return q.orderBy('year', 'desc').orderBy('created_at', 'desc').orderBy('id').execute();
  },

  insertLeaveAdjustment(db: Database, row: Insertable<LeaveAdjustmentsTable>) {
    return db.insertInto('leave_adjustments').values(row).returningAll().executeTakeFirstOrThrow();
  },
};
