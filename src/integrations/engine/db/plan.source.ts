import type { Database } from '../../../platform/db/client.ts';
import { tenantTimeZone } from '../../../platform/identity/tenants.service.ts';
import type { PlanSource } from '../ports.ts';
import type { MappingRow, PlanContract, PlanEmployee } from '../sync.types.ts';

const EMPLOYEE_PLAN_COLUMNS = [
  'id', 'first_name', 'prefix', 'last_name', 'email', 'personnel_number', 'bsn_encrypted', 'bsn_hash', 'bsn_last3', 'birth_date',
  'street', 'house_number', 'postal_code', 'city', 'country', 'phone', 'status',
] as const;

/** The Koppel side of a plan, read from the database in one round of parallel queries. */
export function dbPlanSource(db: Database): PlanSource {
  return {
    async koppelSide(integration) {
      const tenantId = integration.tenant_id;
      const [employees, contracts, mappings, functions, departments, contractTypes] = await Promise.all([
        db.selectFrom('employees').select([...EMPLOYEE_PLAN_COLUMNS]).where('tenant_id', '=', tenantId).execute(),
        db
          .selectFrom('contracts')
          .select(['id', 'employee_id', 'contract_type_id', 'department_id', 'function_id', 'start_date', 'end_date', 'weekly_hours', 'hourly_wage', 'cost_centers', 'company'])
          .where('tenant_id', '=', tenantId)
          .execute(),
        db.selectFrom('integration_mappings').select(['kind', 'external_id', 'koppel_id', 'exclude']).where('tenant_id', '=', tenantId).where('integration_id', '=', integration.id).execute(),
        db.selectFrom('job_functions').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
        db.selectFrom('contract_types').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
      ]);
      return {
        employees: employees as PlanEmployee[],
        contracts: contracts as PlanContract[],
        mappings: mappings.map((m) => ({ kind: m.kind, externalId: m.external_id, koppelId: m.koppel_id, exclude: m.exclude }) satisfies MappingRow),
        functions,
        departments,
        contractTypes,
      };
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
