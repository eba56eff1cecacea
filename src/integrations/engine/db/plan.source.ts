import type { Database } from '../../../platform/db/client.ts';
import { tenantTimeZone } from '../../../platform/identity/tenants.service.ts';
import type { PlanSource } from '../ports.ts';
import { uuidIn } from '../../../platform/db/json-rows.ts';
import type { MappingRow, PlanContract, PlanEmployee, PlanEmployeeIdentity } from '../sync.types.ts';

const EMPLOYEE_PLAN_COLUMNS = [
  'id', 'first_name', 'prefix', 'last_name', 'email', 'personnel_number', 'bsn_encrypted', 'bsn_hash', 'bsn_last3', 'birth_date',
  'street', 'house_number', 'postal_code', 'city', 'country', 'phone', 'status',
] as const;
/** PlanEmployeeIdentity's columns: what the verdict pass reads of every employee. */
const EMPLOYEE_IDENTITY_COLUMNS = ['id', 'first_name', 'last_name', 'email', 'personnel_number', 'bsn_hash', 'birth_date'] as const satisfies readonly (keyof PlanEmployeeIdentity)[];
const CONTRACT_PLAN_COLUMNS = ['id', 'employee_id', 'contract_type_id', 'department_id', 'function_id', 'start_date', 'end_date', 'weekly_hours', 'hourly_wage', 'cost_centers', 'company'] as const;

/** The Koppel side of a plan, read from the database in one round of parallel queries; the employees' full rows by part (koppelRows). */
export function dbPlanSource(db: Database): PlanSource {
  return {
    async koppelSide(integration) {
      const tenantId = integration.tenant_id;
      const [employees, mappings, functions, departments, contractTypes] = await Promise.all([
        db.selectFrom('employees').select([...EMPLOYEE_IDENTITY_COLUMNS]).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('integration_mappings').select(['kind', 'external_id', 'koppel_id', 'exclude']).where('tenant_id', '=', tenantId).where('integration_id', '=', integration.id).execute(),
        db.selectFrom('job_functions').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('contract_types').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
      ]);
      return {
        employees,
        mappings: mappings.map((m) => ({ kind: m.kind, externalId: m.external_id, koppelId: m.koppel_id, exclude: m.exclude }) satisfies MappingRow),
        functions,
        departments,
        contractTypes,
      };
    },

    async koppelRows(tenantId, employeeIds) {
      if (employeeIds && !employeeIds.length) return { employees: [], contracts: [] };
      const [employees, contracts] = await Promise.all([
        db
          .selectFrom('employees')
          .select([...EMPLOYEE_PLAN_COLUMNS])
          .where('tenant_id', '=', tenantId)
          .$if(employeeIds !== undefined, (q) => q.where(uuidIn('id', employeeIds!)))
          .execute(),
        db
          .selectFrom('contracts')
          .select([...CONTRACT_PLAN_COLUMNS])
          .where('tenant_id', '=', tenantId)
          .$if(employeeIds !== undefined, (q) => q.where(uuidIn('employee_id', employeeIds!)))
          .execute(),
      ]);
      return { employees: employees as PlanEmployee[], contracts: contracts as PlanContract[] };
    },

    tenantZone: (tenantId) => tenantTimeZone(db, tenantId),

    async ensureFunctions(tenantId, names) {
      if (!names.length) return [];
      await db
        .insertInto('job_functions')
        .values(names.map((name) => ({ tenant_id: tenantId, name })))
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
        .execute();
      return db.selectFrom('job_functions').select(['id', 'name']).where('tenant_id', '=', tenantId).where('name', 'in', names).execute();
    },
  };
}
