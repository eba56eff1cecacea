import { tenantRows } from './tenant-rows.ts';
import { sql } from 'kysely';
import type { Database } from './client.ts';
import type { Employee, EmployeeUpdate, NewEmployee } from './schema.ts';

export type EmployeeFilter = {
  q?: string;
  status?: 'active' | 'former';
  source?: string;
  departmentId?: string;
  today: string;
  sort: 'name' | 'personnel_number' | 'created_at';
  limit: number;
  offset: number;
};

export type EmployeeListRow = Employee & { department_names: string | null };

/** Tenant-scoped employee queries. Every method takes tenantId first. */
export const employeeRepository = {
  ...tenantRows('employees'),
  async list(db: Database, tenantId: string, f: EmployeeFilter): Promise<{ rows: EmployeeListRow[]; total: number }> {
    let q = db.selectFrom('employees as e').where('e.tenant_id', '=', tenantId);
    if (f.status) q = q.where('e.status', '=', f.status);
    if (f.source) q = q.where('e.source', '=', f.source);
    if (f.q) {
      const needle = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where('e.search_text', 'like', needle);
    }
    if (f.departmentId) {
      const dep = f.departmentId;
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('contracts as c')
            .select('c.id')
            .whereRef('c.employee_id', '=', 'e.id')
            .where('c.tenant_id', '=', tenantId)
            .where('c.department_id', '=', dep)
            .where('c.start_date', '<=', f.today)
            .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', f.today)])),
        ),
      );
    }
    const sorted =
      f.sort === 'personnel_number'
        ? q.orderBy('e.personnel_number').orderBy('e.id')
        : f.sort === 'created_at'
          ? q.orderBy('e.created_at', 'desc').orderBy('e.id')
          : q.orderBy('e.last_name').orderBy('e.first_name').orderBy('e.id');
    // Page first, then look up department names for the 50 rows on the page only: a subselect in
    // the same query would also run for every row skipped by OFFSET.
    const page = sorted.selectAll('e').limit(f.limit).offset(f.offset).as('p');
    const outer = db
      .selectFrom(page)
      .selectAll('p')
      .select(
        sql<string | null>`(SELECT string_agg(DISTINCT d.name, ', ') FROM contracts c JOIN departments d ON d.id = c.department_id
          WHERE c.employee_id = p.id AND c.tenant_id = ${tenantId} AND c.start_date <= ${f.today}
            AND (c.end_date IS NULL OR c.end_date >= ${f.today}))`.as('department_names'),
      );
    const ordered =
      f.sort === 'personnel_number'
        ? outer.orderBy('p.personnel_number').orderBy('p.id')
        : f.sort === 'created_at'
          ? outer.orderBy('p.created_at', 'desc').orderBy('p.id')
          : outer.orderBy('p.last_name').orderBy('p.first_name').orderBy('p.id');
    const [rows, count] = await Promise.all([
      ordered.execute() as Promise<EmployeeListRow[]>,
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  get(db: Database, tenantId: string, id: string) {
    return db.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  },

  findByPersonnelNumber(db: Database, tenantId: string, personnelNumber: string, exceptId?: string) {
    let q = db
      .selectFrom('employees')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('personnel_number', '=', personnelNumber);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.executeTakeFirst();
  },



};

export function employeeSearchText(e: Pick<Employee, 'first_name' | 'prefix' | 'last_name' | 'email' | 'personnel_number' | 'initials'>) {
  return [e.first_name, e.prefix, e.last_name, e.initials, e.email, e.personnel_number]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
