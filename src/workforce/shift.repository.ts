import { tenantRows } from '../platform/db/tenant-rows.ts';
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { ApprovalStatus, Shift, ShiftsTable } from '../platform/db/schema.ts';

export type ShiftFilter = {
  from?: string;
  to?: string;
  employeeId?: string;
  departmentId?: string;
  status?: ApprovalStatus;
  limit: number;
  offset: number;
};

export type ShiftRow = Shift & {
  first_name: string;
  prefix: string | null;
  last_name: string;
  personnel_number: string | null;
  department_name: string | null;
  hour_component_code: string | null;
  approved_by_name: string | null;
};

function matches(f: ShiftFilter) {
  return (eb: ExpressionBuilder<{ s: ShiftsTable }, 's'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (f.from) conditions.push(eb('s.date', '>=', f.from));
    if (f.to) conditions.push(eb('s.date', '<=', f.to));
    if (f.employeeId) conditions.push(eb('s.employee_id', '=', f.employeeId));
    if (f.departmentId) {
      // The department the hours count for (resolveShiftHours): the shift's own, else a contract's on that date.
      const dep = f.departmentId;
      conditions.push(
        eb.or([
          eb('s.department_id', '=', dep),
          eb.and([
            eb('s.department_id', 'is', null),
            sql<SqlBool>`EXISTS (SELECT 1 FROM contracts c WHERE c.employee_id = s.employee_id AND c.tenant_id = s.tenant_id
              AND c.department_id = ${dep} AND c.start_date <= s.date AND (c.end_date IS NULL OR c.end_date >= s.date))`,
          ]),
        ]),
      );
    }
    if (f.status) conditions.push(eb('s.status', '=', f.status));
    return eb.and(conditions);
  };
}

/** Tenant-scoped worked-shift queries; list rows come with employee, department and approver names. */
export const shiftRepository = {
  ...tenantRows('shifts'),
  query(db: Database, tenantId: string) {
    return db
      .selectFrom('shifts as s')
      .innerJoin('employees as e', (j) => j.onRef('e.id', '=', 's.employee_id').on('e.tenant_id', '=', tenantId))
      .leftJoin('departments as d', (j) => j.onRef('d.id', '=', 's.department_id').on('d.tenant_id', '=', tenantId))
      .leftJoin('hour_components as hc', (j) => j.onRef('hc.id', '=', 's.hour_component_id').on('hc.tenant_id', '=', tenantId))
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 's.approved_by').on('u.tenant_id', '=', tenantId))
      .where('s.tenant_id', '=', tenantId)
      .selectAll('s')
      .select(['e.first_name', 'e.prefix', 'e.last_name', 'e.personnel_number', 'd.name as department_name', 'hc.code as hour_component_code', 'u.name as approved_by_name']);
  },

  async list(db: Database, tenantId: string, f: ShiftFilter): Promise<{ rows: ShiftRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      shiftRepository
        .query(db, tenantId)
        .where(matches(f))
        .orderBy('s.date', 'desc')
        .orderBy('s.start_time', 'desc')
        .orderBy('s.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      db
        .selectFrom('shifts as s')
        .where('s.tenant_id', '=', tenantId)
        .where(matches(f))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  get(db: Database, tenantId: string, id: string): Promise<ShiftRow | undefined> {
    return shiftRepository.query(db, tenantId).where('s.id', '=', id).executeTakeFirst();
  },

  /** Bare rows, locked for the rest of the transaction. */
  getForUpdate(db: Database, tenantId: string, ids: string[]) {
    return db.selectFrom('shifts').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).forUpdate().execute();
  },


  async insertMany(db: Database, rows: Insertable<ShiftsTable>[], chunkSize = 500) {
    for (let i = 0; i < rows.length; i += chunkSize) {
      await db.insertInto('shifts').values(rows.slice(i, i + chunkSize)).execute();
    }
  },



  /** Shifts between two dates as employee|date|start|end keys, to refuse importing a shift twice. */
  async keysBetween(db: Database, tenantId: string, from: string, to: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('shifts')
      .select(['employee_id', 'date', 'start_time', 'end_time'])
      .where('tenant_id', '=', tenantId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
    return new Set(rows.map((r) => shiftKey(r.employee_id, r.date, r.start_time, r.end_time)));
  },
};

export const shiftKey = (employeeId: string, date: string, start: string, end: string) => `${employeeId}|${date}|${start.slice(0, 5)}|${end.slice(0, 5)}`;
