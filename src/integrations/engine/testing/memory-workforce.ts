import type { Contract, Employee } from '../../../platform/db/schema.ts';
import type { AuditEntry, NewSyncChange, RecordLinks, SyncChangeRow, WorkforceTx, WorkforceWriter, WriteScope } from '../ports.ts';

/**
 * An in-memory WorkforceWriter for unit tests of the apply and undo phases: employees, contracts,
 * record links, work rows, sync_changes and audit entries in plain maps. A transaction works on the
 * live state and restores a snapshot when its function throws, as the database would roll back.
 */

export type MemoryRecord = { id: string; integration_id: string; link_state: 'unlinked' | 'linked' | 'excluded' | 'skipped'; employee_id: string | null; contract_id: string | null; decision: 'add' | null };

export type MemoryState = {
  employees: Map<string, Employee>;
  contracts: Map<string, Contract>;
  records: Map<string, MemoryRecord>;
  /** Employee ids with shifts / absences / leave corrections. */
  work: Map<string, 'shifts' | 'absences' | 'leave_adjustments'>;
  changes: SyncChangeRow[];
  audit: (AuditEntry & { tenantId: string; actor: string; at: Date })[];
};

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function snapshot(s: MemoryState): MemoryState {
  return structuredClone(s);
}

export function memoryWorkforce(opts: { now: () => Date; tenantId: string }) {
  const state: MemoryState = { employees: new Map(), contracts: new Map(), records: new Map(), work: new Map(), changes: [], audit: [] };
  let changeId = 0;
  let transactions = 0;
  const { now, tenantId: ownTenant } = opts;

  function txFor(scope: WriteScope): WorkforceTx {
    if (scope.tenantId !== ownTenant) throw new Error('another tenant');
    const records: RecordLinks = {
      async link(recordId, employeeId) {
        const r = state.records.get(recordId);
        if (!r || r.employee_id !== null || !['unlinked', 'linked'].includes(r.link_state)) return false;
        Object.assign(r, { link_state: 'linked', employee_id: employeeId, decision: null });
        return true;
      },
      async linkMany(links) {
        let n = 0;
        for (const l of links) {
          if (await records.link(l.id, l.employee_id)) {
            state.records.get(l.id)!.contract_id = l.contract_id;
            n++;
          }
        }
        return n;
      },
      async setContract(recordId, contractId) {
        const r = state.records.get(recordId);
        if (r) r.contract_id = contractId;
      },
      async unlinkEmployee(employeeId) {
        for (const r of state.records.values()) if (r.employee_id === employeeId) Object.assign(r, { link_state: 'unlinked', employee_id: null, contract_id: null, decision: null });
      },
      async clearContract(contractId) {
        for (const r of state.records.values()) if (r.contract_id === contractId) r.contract_id = null;
      },
      async unlink(recordId, what) {
        const r = state.records.get(recordId);
        if (!r) return false;
        if (what.field === 'contract') {
          if (r.contract_id !== what.contractId) return false;
          r.contract_id = null;
          return true;
        }
        if (r.employee_id !== what.employeeId) return false;
        Object.assign(r, { link_state: 'unlinked', employee_id: null, contract_id: null, decision: null });
        return true;
      },
      async linkedElsewhere(employeeId, integrationId) {
        return [...state.records.values()].some((r) => r.employee_id === employeeId && r.integration_id !== integrationId);
      },
    };
    return {
      records,
      lockEmployee: async (id) => state.employees.get(id),
      async updateEmployee(before, set) {
        const e = state.employees.get(before.id);
        if (e) Object.assign(e, clone(set), { updated_at: now() });
      },
      async deleteEmployee(id) {
        state.employees.delete(id);
        for (const [cid, c] of state.contracts) if (c.employee_id === id) state.contracts.delete(cid);
      },
      lockContract: async (id) => state.contracts.get(id),
      contractStamp: async (id) => {
        const c = state.contracts.get(id);
        return c && { id: c.id, updated_at: c.updated_at };
      },
      contractStamps: async (employeeId) => [...state.contracts.values()].filter((c) => c.employee_id === employeeId).map((c) => ({ id: c.id, updated_at: c.updated_at })),
      async updateContract(id, set) {
        const c = state.contracts.get(id);
        if (c) Object.assign(c, clone(set), { updated_at: now() });
      },
      async deleteContract(id) {
        state.contracts.delete(id);
      },
      async insert(employees, contracts) {
        for (const e of employees) {
          if (state.employees.has(e.id)) throw new Error('duplicate employee');
          state.employees.set(e.id, { ...clone(e), tenant_id: scope.tenantId, initials: null, manager_id: null, notes: null, search_text: '', created_at: now(), updated_at: now() } as Employee);
        }
        for (const c of contracts) {
          if (!state.employees.has(c.employee_id)) throw new Error('contract without employee');
          state.contracts.set(c.id, { ...clone(c), tenant_id: scope.tenantId, created_at: now(), updated_at: now() } as unknown as Contract);
        }
      },
      workedWith: async (employeeId) => state.work.get(employeeId) ?? null,
      auditedSince: async (entityType, entityId, since) => state.audit.some((a) => a.entityType === entityType && a.entityId === entityId && a.at > since),
      async changes(rows: NewSyncChange[]) {
        for (const r of rows) {
          state.changes.push({
            id: ++changeId,
            tenant_id: scope.tenantId,
            run_id: scope.runId,
            record_id: r.record_id ?? null,
            employee_id: r.employee_id,
            entity: r.entity,
            entity_id: r.entity_id,
            action: r.action,
            field: r.field ?? null,
            old_value: clone(r.old) ?? null,
            new_value: clone(r.new) ?? null,
            old_columns: clone(r.oldColumns) ?? null,
            new_columns: clone(r.newColumns) ?? null,
            created_at: now(),
          } as SyncChangeRow);
        }
      },
      async audit(entries) {
        for (const e of entries) state.audit.push({ ...clone(e), tenantId: scope.tenantId, actor: scope.actor.name, at: now() });
      },
    };
  }

  const writer: WorkforceWriter = {
    async transaction(scope, fn) {
      transactions++;
      const before = snapshot(state);
      const savedId = changeId;
      try {
        return await fn(txFor(scope));
      } catch (err) {
        Object.assign(state, before);
        changeId = savedId;
        throw err;
      }
    },
  };
  return {
    writer,
    state,
    /** The changes of one run, newest first (as RunStore.changesOf gives them). */
    changesOf: (runId: string) => state.changes.filter((c) => c.run_id === runId).sort((a, b) => b.id - a.id),
    get transactions() {
      return transactions;
    },
  };
}
