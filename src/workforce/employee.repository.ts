import { tenantRows } from '../platform/db/tenant-rows.ts';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { Employee, EmployeeUpdate, NewEmployee } from '../platform/db/schema.ts';

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

const SORT_KEYS = {
  name: [['last_name', 'asc'], ['first_name', 'asc'], ['id', 'asc']],
  personnel_number: [['personnel_number', 'asc'], ['id', 'asc']],
  created_at: [['created_at', 'desc'], ['id', 'asc']],
} as const satisfies Record<EmployeeFilter['sort'], readonly (readonly ['last_name' | 'first_name' | 'id' | 'personnel_number' | 'created_at', 'asc' | 'desc'])[]>;

export type EmployeeListRow = Employee & { department_names: string | null; linked_source: string | null };

/**
 * The integration an employee is linked to (the vendor of a linked HR record), or null. An employee
 * created by hand and later linked comes from that integration from then on; `employees.source`
 * keeps where the row was first created.
 */
const linkedVendor = (tenantId: string, employeeId: RawBuilder<unknown>) =>
  sql<string | null>`(SELECT r.vendor FROM external_records r WHERE r.tenant_id = ${tenantId} AND r.employee_id = ${employeeId}
    AND r.link_state = 'linked' ORDER BY r.created_at, r.id LIMIT 1)`;

/** Tenant-scoped employee queries. Every method takes tenantId first. */
export const employeeRepository = {
  ...tenantRows('employees'),
  async list(db: Database, tenantId: string, f: EmployeeFilter): Promise<{ rows: EmployeeListRow[]; total: number }> {
    let q = db.selectFrom('employees as e').where('e.tenant_id', '=', tenantId);
    if (f.status) q = q.where('e.status', '=', f.status);
    if (f.source) {
      // The filter follows the badge: the linked integration first, else where the row was created.
      const source = f.source;
      const linked = linkedVendor(tenantId, sql.ref('e.id'));
      q = q.where((eb) => eb.or([eb(linked, '=', source), eb.and([eb(linked, 'is', null), eb('e.source', '=', source)])]));
    }
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
    const keys = SORT_KEYS[f.sort];
    let pageQuery = q.select(['e.id', 'e.last_name', 'e.first_name', 'e.personnel_number', 'e.created_at']);
    for (const [column, dir] of keys) pageQuery = pageQuery.orderBy(`e.${column}`, dir);
    // Page over the narrow index columns first, then fetch full rows and department names for the
    // 50 rows on the page only: rows skipped by OFFSET are never read in full.
    const page = pageQuery.limit(f.limit).offset(f.offset).as('p');
    let ordered = db
      .selectFrom(page)
      .innerJoin('employees as x', 'x.id', 'p.id')
      .selectAll('x')
      .select([
        sql<string | null>`(SELECT string_agg(DISTINCT d.name, ', ') FROM contracts c JOIN departments d ON d.id = c.department_id
          WHERE c.employee_id = x.id AND c.tenant_id = ${tenantId} AND c.start_date <= ${f.today}
            AND (c.end_date IS NULL OR c.end_date >= ${f.today}))`.as('department_names'),
        linkedVendor(tenantId, sql.ref('x.id')).as('linked_source'),
      ]);
    for (const [column, dir] of keys) ordered = ordered.orderBy(`p.${column}`, dir);
    const [rows, count] = await Promise.all([
      ordered.execute() as Promise<EmployeeListRow[]>,
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  get(db: Database, tenantId: string, id: string) {
    return db.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  },

  /** One employee with the integration it is linked to (see linkedVendor). */
  getWithSource(db: Database, tenantId: string, id: string): Promise<(Employee & { linked_source: string | null }) | undefined> {
    return db
      .selectFrom('employees as e')
      .selectAll('e')
      .select(linkedVendor(tenantId, sql.ref('e.id')).as('linked_source'))
      .where('e.tenant_id', '=', tenantId)
      .where('e.id', '=', id)
      .executeTakeFirst();
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

  /** Many new employees in multi-row statements (the sync engine's bulk adds); the search text is derived here. */
  async insertMany(db: Database, tenantId: string, rows: Omit<NewEmployee, 'tenant_id' | 'search_text'>[]) {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, tenant_id: tenantId, search_text: employeeSearchText({ initials: null, ...r } as Employee) }));
      await db.insertInto('employees').values(chunk).execute();
    }
  },

  /** Sets columns of a locked row (`before`), keeping the search text in step, and bumps updated_at. */
  async updateColumns(db: Database, tenantId: string, before: Employee, set: EmployeeUpdate) {
    await db
      .updateTable('employees')
      .set({ ...set, search_text: employeeSearchText({ ...before, ...set } as Employee), updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', before.id)
      .execute();
  },

  /** The first kind of work recorded for an employee (shifts, absences, leave corrections), or null when there is none. */
  async firstWorkRecord(db: Database, tenantId: string, employeeId: string): Promise<'shifts' | 'absences' | 'leave_adjustments' | null> {
    for (const table of ['shifts', 'absences', 'leave_adjustments'] as const) {
      const hit = await db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).limit(1).executeTakeFirst();
      if (hit) return table;
    }
    return null;
  },
};

const INSERT_CHUNK = 500;

export function employeeSearchText(e: Pick<Employee, 'first_name' | 'prefix' | 'last_name' | 'email' | 'personnel_number' | 'initials'>) {
  return [e.first_name, e.prefix, e.last_name, e.initials, e.email, e.personnel_number]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
