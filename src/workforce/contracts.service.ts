import type { Updateable } from 'kysely';
import type { Database } from '../platform/db/client.ts';
import { auditRepository, diffRecords } from '../platform/audit/audit.repository.ts';
import { belongsToTenant, type TenantTable } from './catalog.repository.ts';
import { type ContractRow, contractRepository } from './contract.repository.ts';
import { employeeRepository } from './employee.repository.ts';
import type { ContractsTable } from '../platform/db/schema.ts';
import { invalidField, notFound } from '../domain/errors.ts';
import { type Actor, requireRole, seesPrivateData } from '../domain/actor.ts';

/** Contracts (F-04): per employee, over time; several may run at once. */

export type ContractInput = {
  contractTypeId?: string | null;
  departmentId?: string | null;
  functionId?: string | null;
  startDate: string;
  endDate?: string | null;
  weeklyHours?: number;
  hourlyWage?: number | null;
  /** The company (werkmaatschappij); on a synced contract the next sync overwrites it. Empty text = none. */
  company?: string | null;
};

export function toContractDto(c: ContractRow) {
  return {
    id: c.id,
    employeeId: c.employee_id,
    contractTypeId: c.contract_type_id,
    contractTypeName: c.contract_type_name,
    departmentId: c.department_id,
    departmentName: c.department_name,
    functionId: c.function_id,
    functionName: c.function_name,
    startDate: c.start_date,
    endDate: c.end_date,
    weeklyHours: c.weekly_hours,
    hourlyWage: c.hourly_wage,
    /** The HR system's cost-center split (read-only: the HR system owns it); null = none known. */
    company: c.company ?? null,
    costCenters: Array.isArray(c.cost_centers) ? (c.cost_centers as Array<{ name?: unknown; percentage?: unknown }>).map((x) => ({ name: String(x.name ?? ''), percentage: typeof x.percentage === 'number' ? x.percentage : null })) : null,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}
export type ContractDto = ReturnType<typeof toContractDto>;
export type ContractView = Omit<ContractDto, 'hourlyWage'> & Partial<Pick<ContractDto, 'hourlyWage'>>;

/** The one projection of a contract for a caller: the hourly wage is for the HR roles only (seesPrivateData). */
export function contractFor(actor: Actor, c: ContractRow): ContractView {
  const dto: ContractView = toContractDto(c);
  if (!seesPrivateData(actor)) delete dto.hourlyWage;
  return dto;
}

const FIELDS = {
  contractTypeId: 'contract_type_id',
  departmentId: 'department_id',
  functionId: 'function_id',
  startDate: 'start_date',
  endDate: 'end_date',
  weeklyHours: 'weekly_hours',
  hourlyWage: 'hourly_wage',
  company: 'company',
} as const satisfies Record<keyof ContractInput, string>;

/** Referenced ids must be the tenant's own: a contract never links to another tenant's department. */
const REFERENCES: { field: keyof ContractInput; table: TenantTable; entity: string }[] = [
  { field: 'contractTypeId', table: 'contract_types', entity: 'contract_type' },
  { field: 'departmentId', table: 'departments', entity: 'department' },
  { field: 'functionId', table: 'job_functions', entity: 'function' },
];

export function createContractsService(db: Database) {
  function toColumns(input: Partial<ContractInput>): Updateable<ContractsTable> {
    const columns: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELDS)) {
      let value = input[field as keyof ContractInput];
      // Blank text is no company.
      if (field === 'company' && typeof value === 'string') value = value.trim() || null;
      if (value !== undefined) columns[column] = value;
    }
    return columns as Updateable<ContractsTable>;
  }

  async function check(trx: Database, tenantId: string, input: Partial<ContractInput>, startDate: string, endDate: string | null) {
    for (const ref of REFERENCES) {
      const id = input[ref.field];
      if (typeof id === 'string' && !(await belongsToTenant(trx, ref.table, tenantId, id))) throw invalidField(ref.field, 'unknown', { entity: ref.entity });
    }
    if (endDate !== null && endDate < startDate) throw invalidField('endDate', 'end_date_before_start_date');
  }

  async function load(trx: Database, actor: Actor, id: string) {
    const row = await contractRepository.get(trx, actor.tenantId, id);
    if (!row) throw notFound('contract');
    return contractFor(actor, row);
  }

  return {
    async listForEmployee(actor: Actor, employeeId: string) {
      requireRole(actor, 'workforceRead');
      if (!(await employeeRepository.get(db, actor.tenantId, employeeId))) throw notFound('employee');
      return (await contractRepository.listForEmployee(db, actor.tenantId, employeeId)).map((c) => contractFor(actor, c));
    },

    async get(actor: Actor, id: string) {
      requireRole(actor, 'workforceRead');
      return load(db, actor, id);
    },

    async create(actor: Actor, employeeId: string, input: ContractInput) {
      requireRole(actor, 'hr');
      return db.transaction().execute(async (trx) => {
        if (!(await employeeRepository.get(trx, actor.tenantId, employeeId))) throw notFound('employee');
        await check(trx, actor.tenantId, input, input.startDate, input.endDate ?? null);
        const created = await contractRepository.insert(trx, {
          ...toColumns(input),
          tenant_id: actor.tenantId,
          employee_id: employeeId,
          start_date: input.startDate,
        });
        await auditRepository.record(trx, actor, 'create', 'contract', created.id, diffRecords(null, created));
        return load(trx, actor, created.id);
      });
    },

    async update(actor: Actor, id: string, patch: Partial<ContractInput>) {
      requireRole(actor, 'hr');
      return db.transaction().execute(async (trx) => {
        const before = await contractRepository.getForUpdate(trx, actor.tenantId, id);
        if (!before) throw notFound('contract');
        const startDate = patch.startDate ?? before.start_date;
        const endDate = patch.endDate !== undefined ? patch.endDate : before.end_date;
        await check(trx, actor.tenantId, patch, startDate, endDate);
        const after = await contractRepository.update(trx, actor.tenantId, id, toColumns(patch));
        const changes = diffRecords(before, after ?? null);
        if (Object.keys(changes).length > 0) await auditRepository.record(trx, actor, 'update', 'contract', id, changes);
        return load(trx, actor, id);
      });
    },

    async remove(actor: Actor, id: string) {
      requireRole(actor, 'hr');
      await db.transaction().execute(async (trx) => {
        const before = await contractRepository.getForUpdate(trx, actor.tenantId, id);
        if (!before) throw notFound('contract');
        await contractRepository.delete(trx, actor.tenantId, id);
        await auditRepository.record(trx, actor, 'delete', 'contract', id, diffRecords(before, null));
      });
    },
  };
}
export type ContractsService = ReturnType<typeof createContractsService>;
