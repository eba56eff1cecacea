import type { Database } from '../platform/db/client.ts';
import { belongsToTenant, type CatalogRow } from './catalog.repository.ts';
import { invalidField } from '../domain/errors.ts';
import { createCatalogService } from './catalog.service.ts';

/** Organisation (F-03): departments, cost centers, contract types and functions (job titles). */

export type DepartmentInput = { name: string; code?: string | null; costCenterId?: string | null; archived?: boolean };
export type CostCenterInput = { code: string; name: string };
export type ContractTypeInput = { name: string; leaveWeeks?: number };
export type FunctionInput = { name: string };

export const toDepartmentDto = (d: CatalogRow<'departments'>) => ({
  id: d.id,
  name: d.name,
  code: d.code,
  costCenterId: d.cost_center_id,
  archived: d.archived,
  createdAt: d.created_at,
});
export const toCostCenterDto = (c: CatalogRow<'cost_centers'>) => ({ id: c.id, code: c.code, name: c.name, createdAt: c.created_at });
export const toContractTypeDto = (c: CatalogRow<'contract_types'>) => ({ id: c.id, name: c.name, leaveWeeks: c.leave_weeks, createdAt: c.created_at });
export const toFunctionDto = (f: CatalogRow<'job_functions'>) => ({ id: f.id, name: f.name, createdAt: f.created_at });

export type DepartmentDto = ReturnType<typeof toDepartmentDto>;
export type CostCenterDto = ReturnType<typeof toCostCenterDto>;
export type ContractTypeDto = ReturnType<typeof toContractTypeDto>;
export type FunctionDto = ReturnType<typeof toFunctionDto>;

export function createOrganisationService(db: Database) {
  return {
    departments: createCatalogService<'departments', DepartmentInput, DepartmentDto>(db, {
      table: 'departments',
      entity: 'department',
      fields: { name: 'name', code: 'code', costCenterId: 'cost_center_id', archived: 'archived' },
      toDto: toDepartmentDto,
      orderBy: ['name'],
      // Shifts and hour component rules would silently lose their department (SET NULL / CASCADE), so they block too; archive instead.
      references: [
        { table: 'contracts', column: 'department_id' },
        { table: 'shifts', column: 'department_id' },
        { table: 'hour_component_rules', column: 'department_id' },
      ],
      async prepare({ trx, tenantId }, columns) {
        const costCenterId = columns.cost_center_id;
        if (typeof costCenterId === 'string' && !(await belongsToTenant(trx, 'cost_centers', tenantId, costCenterId))) {
          throw invalidField('costCenterId', 'unknown', { entity: 'cost_center' });
        }
      },
    }),
    costCenters: createCatalogService<'cost_centers', CostCenterInput, CostCenterDto>(db, {
      table: 'cost_centers',
      entity: 'cost_center',
      fields: { code: 'code', name: 'name' },
      toDto: toCostCenterDto,
      orderBy: ['code'],
      references: [{ table: 'departments', column: 'cost_center_id' }],
    }),
    contractTypes: createCatalogService<'contract_types', ContractTypeInput, ContractTypeDto>(db, {
      table: 'contract_types',
      entity: 'contract_type',
      fields: { name: 'name', leaveWeeks: 'leave_weeks' },
      toDto: toContractTypeDto,
      orderBy: ['name'],
      references: [{ table: 'contracts', column: 'contract_type_id' }],
    }),
    functions: createCatalogService<'job_functions', FunctionInput, FunctionDto>(db, {
      table: 'job_functions',
      entity: 'function',
      fields: { name: 'name' },
      toDto: toFunctionDto,
      orderBy: ['name'],
      references: [{ table: 'contracts', column: 'function_id' }],
    }),
  };
}
export type OrganisationService = ReturnType<typeof createOrganisationService>;
