import type { Database } from '../../../platform/db/client.ts';
import { auditRepository } from '../../../platform/audit/audit.repository.ts';
import { contractRepository } from '../../../workforce/contract.repository.ts';
import { employeeRepository } from '../../../workforce/employee.repository.ts';
import { insertJsonRows } from '../../../platform/db/json-rows.ts';
import type { NewSyncChange, WorkforceTx, WorkforceWriter } from '../ports.ts';
import { dbRecordLinks } from './record.store.ts';


/**
 * Koppel's employees and contracts as a sync writes them: through the workforce repositories,
 * with the run's sync_changes and the audit entries in the same transaction.
 */
export function dbWorkforceWriter(db: Database): WorkforceWriter {
  return {
    transaction(scope, fn) {
      const { tenantId, runId, actor } = scope;
      return db.transaction().execute((trx) => {
        const tx: WorkforceTx = {
          records: dbRecordLinks(trx, tenantId),
          lockEmployee: (id) => employeeRepository.getForUpdate(trx, tenantId, id),
          updateEmployee: (before, set) => employeeRepository.updateColumns(trx, tenantId, before, set),
          async deleteEmployee(id) {
            await employeeRepository.delete(trx, tenantId, id);
          },
          lockContract: (id) => contractRepository.getForUpdate(trx, tenantId, id),
          contractStamp: (id) => contractRepository.stamp(trx, tenantId, id),
          contractStamps: (employeeId) => contractRepository.stampsForEmployee(trx, tenantId, employeeId),
          updateContract: (id, set) => contractRepository.updateColumns(trx, tenantId, id, set),
          async deleteContract(id) {
            await contractRepository.delete(trx, tenantId, id);
          },
          async insert(employees, contracts) {
            // Employees first: the contracts point to them.
            if (employees.length) await employeeRepository.insertMany(trx, tenantId, employees.map((e) => ({ ...e, initials: null, manager_id: null, notes: null })));
            if (contracts.length) await contractRepository.insertMany(trx, tenantId, contracts);
          },
          workedWith: (employeeId) => employeeRepository.firstWorkRecord(trx, tenantId, employeeId),
          auditedSince: (entityType, entityId, since) => auditRepository.hasEntrySince(trx, tenantId, entityType, entityId, since),
          async changes(rows: NewSyncChange[]) {
            // Values as they are (the jsonb columns take them inside the one JSON parameter). An absent or null value is SQL NULL
            // (a null used to be stored as jsonb null; both read back as null, which is all undo looks at).
            await insertJsonRows(
              trx,
              'sync_changes',
              rows.map((row) => ({
                tenant_id: tenantId,
                run_id: runId,
                record_id: row.record_id ?? null,
                employee_id: row.employee_id,
                entity: row.entity,
                entity_id: row.entity_id,
                action: row.action,
                field: row.field ?? null,
                old_value: row.old ?? null,
                new_value: row.new ?? null,
                old_columns: row.oldColumns ?? null,
                new_columns: row.newColumns ?? null,
              })),
            );
          },
          audit: (entries) => auditRepository.recordMany(trx, tenantId, actor, entries),
        };
        return fn(tx);
      });
    },
  };
}
