import { describe, expect, it } from 'vitest';
import type { Employee } from '../../../platform/db/schema.ts';
import { SyncKilled } from '../sync-failures.ts';
import type { SyncPlan } from '../sync-plan.ts';
import type { GroupPlan, PlanEmployee } from '../sync.types.ts';
import { memoryWorkforce } from '../testing/memory-workforce.ts';
import { fakeRunContext, INTEGRATION, TENANT } from '../testing/run-context.fake.ts';
import { ADD_BATCH, APPLY_BATCH, applyPlan } from './apply.ts';

const T0 = new Date('2026-03-01T10:00:00Z');

const person = (over: Partial<PlanEmployee> = {}): Omit<PlanEmployee, 'id'> => ({
  first_name: 'Jan', prefix: null, last_name: 'Jansen', email: 'jan@example.test', personnel_number: '100', bsn_encrypted: null, bsn_hash: null, bsn_last3: null,
  birth_date: null, street: null, house_number: null, postal_code: null, city: null, country: null, phone: null, status: 'active', ...over,
});

const addGroup = (n: number): GroupPlan => ({
  key: `r${n}`, employeeId: null, name: `Person ${n}`, recordIds: [`r${n}`], linkRecordIds: [`r${n}`], primaryRecordId: `r${n}`,
  create: person({ first_name: `P${n}`, personnel_number: String(n) }), changes: [],
  contracts: [{ recordId: `r${n}`, contractId: null, adopt: false, create: { contract_type_id: null, department_id: null, function_id: null, start_date: '2025-01-01', end_date: null, weekly_hours: 24, hourly_wage: null }, changes: [] }],
  action: 'add', warnings: [],
});

const updateGroup = (employeeId: string, email: string): GroupPlan => ({
  key: employeeId, employeeId, name: 'Old Timer', recordIds: [`rec-${employeeId}`], linkRecordIds: [], primaryRecordId: `rec-${employeeId}`, create: null,
  changes: [
    { entity: 'employee', field: 'email', old: 'old@example.test', new: email, oldColumns: { email: 'old@example.test' }, newColumns: { email } },
    { entity: 'employee', field: 'bsn', old: null, new: '***', oldColumns: { bsn_encrypted: null, bsn_hash: null, bsn_last3: null }, newColumns: { bsn_encrypted: 'cipher', bsn_hash: 'hash', bsn_last3: '123' } },
  ],
  contracts: [], action: 'update', warnings: [],
});

/** The plan with a row (verdict) per record of each group, as the planner gives it: the figures count rows. */
const plan = (groups: GroupPlan[]): SyncPlan => ({
  verdicts: groups.flatMap((g) =>
    g.recordIds.map((recordId) => ({
      recordId, externalId: recordId, name: g.name, status: g.action === 'add' ? ('add' as const) : ('update' as const), proposal: null, issues: [], ruleExcluded: false, needsAction: false, groupKey: g.key, warnings: [],
    })),
  ),
  groups,
  missingFunctions: [],
});

function setup() {
  const mem = memoryWorkforce({ now: () => T0, tenantId: TENANT });
  const unlinked = (id: string) => mem.state.records.set(id, { id, integration_id: INTEGRATION, link_state: 'unlinked', employee_id: null, contract_id: null, decision: null });
  const employee = (id: string, over: Partial<Employee> = {}) =>
    mem.state.employees.set(id, { ...person({ email: 'old@example.test' }), id, tenant_id: TENANT, source: 'personio', initials: null, manager_id: null, notes: null, search_text: '', created_at: T0, updated_at: T0, ...over } as Employee);
  return { mem, unlinked, employee };
}

describe('apply phase', () => {
  it('adds a batch of employees in one transaction, each linked to its record with its contract, one change and one audit entry apiece', async () => {
    const { mem, unlinked } = setup();
    for (const n of [1, 2, 3]) unlinked(`r${n}`);
    const { ctx, steps } = fakeRunContext('run-1');
    ctx.counts.added = 3;
    await applyPlan(ctx, mem.writer, plan([1, 2, 3].map(addGroup)), 10);

    expect(mem.transactions).toBe(1);
    expect(mem.state.employees.size).toBe(3);
    expect(mem.state.contracts.size).toBe(3);
    for (const r of mem.state.records.values()) {
      expect(r.link_state).toBe('linked');
      expect(mem.state.employees.get(r.employee_id!)).toBeDefined();
      expect(mem.state.contracts.get(r.contract_id!)?.employee_id).toBe(r.employee_id);
    }
    expect(mem.state.changes.map((c) => [c.entity, c.action])).toEqual([['employee', 'add'], ['employee', 'add'], ['employee', 'add']]);
    expect(mem.state.audit.map((a) => a.action)).toEqual(['create', 'create', 'create']);
    expect(ctx.mailAdded.map((m) => m.name)).toEqual(['Person 1', 'Person 2', 'Person 3']);
    expect(ctx.counts).toMatchObject({ added: 3, failed: 0 });
    expect(steps.at(-1)).toEqual(['apply', 3, 3]);
  });

  it('by default adds go ADD_BATCH to a transaction and updates APPLY_BATCH', async () => {
    const { mem, unlinked, employee } = setup();
    const adds = ADD_BATCH + 3;
    const updates = APPLY_BATCH + 2;
    for (let n = 1; n <= adds; n++) unlinked(`r${n}`);
    for (let n = 1; n <= updates; n++) employee(`e${n}`);
    const { ctx } = fakeRunContext('run-1');
    const groups = [...Array.from({ length: updates }, (_, i) => updateGroup(`e${i + 1}`, `new${i}@example.test`)), ...Array.from({ length: adds }, (_, i) => addGroup(i + 1))];
    await applyPlan(ctx, mem.writer, plan(groups));
    expect(mem.transactions).toBe(4);
    expect(mem.state.employees.size).toBe(adds + updates);
    expect(ctx.counts.failed).toBe(0);
  });

  it('re-reads the employee under lock: records only fields that really move, and masks the BSN in the audit log', async () => {
    const { mem, employee } = setup();
    employee('e1', { email: 'changed-meanwhile@example.test' });
    employee('e2', { email: 'new@example.test' } as Partial<Employee>);
    const { ctx } = fakeRunContext('run-1');
    ctx.counts.updated = 2;
    await applyPlan(ctx, mem.writer, plan([updateGroup('e1', 'new@example.test'), updateGroup('e2', 'new@example.test')]));

    expect(mem.state.employees.get('e1')).toMatchObject({ email: 'new@example.test', bsn_hash: 'hash', bsn_last3: '123' });
    const e1Changes = mem.state.changes.filter((c) => c.employee_id === 'e1');
    // The recorded "old" columns are what was really there, not what the plan saw.
    expect(e1Changes.find((c) => c.field === 'email')).toMatchObject({ action: 'update', old_columns: { email: 'changed-meanwhile@example.test' }, new_columns: { email: 'new@example.test' } });
    // e2 already had the new email: only its BSN moves.
    expect(mem.state.changes.filter((c) => c.employee_id === 'e2').map((c) => c.field)).toEqual(['bsn']);
    const audit = mem.state.audit.find((a) => a.entityId === 'e1')!;
    expect(audit.changes).toMatchObject({ bsn_hash: { old: '***', new: '***' }, bsn_encrypted: { old: '***', new: '***' }, email: { old: 'changed-meanwhile@example.test', new: 'new@example.test' } });
    expect(JSON.stringify(mem.state.audit)).not.toContain('cipher');
    expect(ctx.mailUpdated.map((m) => m.changes.map((c) => c.field))).toEqual([['email', 'bsn'], ['bsn']]);
  });

  it('a group that fails sinks neither its batch nor the run: the batch is retried group by group and the one failure is counted', async () => {
    const { mem, unlinked, employee } = setup();
    employee('e1');
    unlinked('r1');
    const { ctx } = fakeRunContext('run-1');
    ctx.counts.added = 1;
    ctx.counts.updated = 2;
    // e-gone was deleted in Koppel while the run planned.
    await applyPlan(ctx, mem.writer, plan([updateGroup('e-gone', 'x@example.test'), addGroup(1), updateGroup('e1', 'new@example.test')]), 10);

    expect(ctx.counts).toMatchObject({ added: 1, updated: 1, failed: 1 });
    expect(ctx.errors).toEqual([{ recordId: 'rec-e-gone', name: 'Old Timer', messages: ['employee:deleted_during_sync'] }]);
    expect(mem.state.employees.get('e1')!.email).toBe('new@example.test');
    expect(mem.state.employees.size).toBe(2);
    // One batch transaction that rolled back, then one per group.
    expect(mem.transactions).toBe(4);
    expect(mem.state.changes.some((c) => c.employee_id === 'e-gone')).toBe(false);
  });

  it('an add whose record someone linked meanwhile rolls back whole: no employee without its link', async () => {
    const { mem, unlinked } = setup();
    unlinked('r1');
    unlinked('r2');
    mem.state.records.get('r2')!.link_state = 'excluded';
    const { ctx } = fakeRunContext('run-1');
    ctx.counts.added = 2;
    await applyPlan(ctx, mem.writer, plan([addGroup(1), addGroup(2)]), 10);

    expect(mem.state.employees.size).toBe(1);
    expect([...mem.state.employees.values()][0]!.first_name).toBe('P1');
    expect(ctx.counts).toMatchObject({ added: 1, failed: 1 });
    expect(ctx.errors[0]!.messages[0]).toBe('row:failed');
    expect(mem.state.contracts.size).toBe(1);
  });

  it('lets SyncKilled through: a killed process records nothing more', async () => {
    const { mem, unlinked } = setup();
    for (const n of [1, 2, 3, 4]) unlinked(`r${n}`);
    const { ctx } = fakeRunContext('run-1', {
      onStep: (phase, done) => {
        if (phase === 'apply' && done === 3) throw new SyncKilled('kill -9');
      },
    });
    await expect(applyPlan(ctx, mem.writer, plan([1, 2, 3, 4].map(addGroup)), 2)).rejects.toBeInstanceOf(SyncKilled);
    // The first batch committed; the second died in its transaction.
    expect(mem.state.employees.size).toBe(2);
    expect(ctx.errors).toEqual([]);
  });
});
