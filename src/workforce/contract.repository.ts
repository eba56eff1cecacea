import { insertJsonRows } from '../platform/db/json-rows.ts';
import { tenantRows } from '../platform/db/tenant-rows.ts';
import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import type { Contract, ContractsTable } from '../platform/db/schema.ts';

export type ContractRow = Contract & {
  contract_type_name: string | null;
  leave_weeks: number | null;
  department_name: string | null;
  function_name: string | null;
};

/** jsonb columns go to the driver as JSON text (the pg driver would send an array as a Postgres array). */
function jsonColumns<T extends { cost_centers?: unknown }>(row: T): T {
  return row.cost_centers !== undefined && row.cost_centers !== null && typeof row.cost_centers !== 'string' ? { ...row, cost_centers: JSON.stringify(row.cost_centers) } : row;
}

/** Tenant-scoped contract queries; rows come with the names of their type, department and function. */
export const contractRepository = {
  ...tenantRows('contracts'),
  listForEmployee(db: Database, tenantId: string, employeeId: string): Promise<ContractRow[]> {
    return contractRepository.query(db, tenantId).where('c.employee_id', '=', employeeId).orderBy('c.start_date').orderBy('c.id').execute();
  },

  get(db: Database, tenantId: string, id: string): Promise<ContractRow | undefined> {
    return contractRepository.query(db, tenantId).where('c.id', '=', id).executeTakeFirst();
  },

  query(db: Database, tenantId: string) {
    return db
      .selectFrom('contracts as c')
      .leftJoin('contract_types as t', (j) => j.onRef('t.id', '=', 'c.contract_type_id').on('t.tenant_id', '=', tenantId))
      .leftJoin('departments as d', (j) => j.onRef('d.id', '=', 'c.department_id').on('d.tenant_id', '=', tenantId))
      .leftJoin('job_functions as f', (j) => j.onRef('f.id', '=', 'c.function_id').on('f.tenant_id', '=', tenantId))
      .where('c.tenant_id', '=', tenantId)
      .selectAll('c')
      .select(['t.name as contract_type_name', 't.leave_weeks', 'd.name as department_name', 'f.name as function_name']);
  },

  /** Many new contracts in multi-row statements (the sync engine's bulk adds). */
  async insertMany(db: Database, tenantId: string, rows: Omit<Insertable<ContractsTable>, 'tenant_id'>[]) {
    // One jsonb parameter per chunk: cost_centers goes as the value itself (insertJsonRows), not as JSON text.
    await insertJsonRows(db, 'contracts', rows.map((r) => ({ ...r, cost_centers: typeof r.cost_centers === 'string' ? JSON.parse(r.cost_centers) : r.cost_centers, tenant_id: tenantId })));
  },

  /** Sets columns and bumps updated_at, without reading the row back. */
  async updateColumns(db: Database, tenantId: string, id: string, set: Updateable<ContractsTable>) {
    await db.updateTable('contracts').set({ ...jsonColumns(set), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  },

  /** When a contract last changed. */
  stamp(db: Database, tenantId: string, id: string) {
    return db.selectFrom('contracts').select(['id', 'updated_at']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  },

  /** When each of an employee's contracts last changed. */
  stampsForEmployee(db: Database, tenantId: string, employeeId: string) {
    return db.selectFrom('contracts').select(['id', 'updated_at']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).execute();
  },
};
