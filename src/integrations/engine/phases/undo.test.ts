import { describe, expect, it } from 'vitest';
import type { Employee } from '../../../platform/db/schema.ts';
import type { SyncRunRow } from '../ports.ts';
import type { GroupPlan } from '../sync.types.ts';
import { memoryWorkforce } from '../testing/memory-workforce.ts';
import { fakeRunContext, INTEGRATION, TENANT } from '../testing/run-context.fake.ts';
import { applyPlan } from './apply.ts';
import { undoRun } from './undo.ts';

let clock = new Date('2026-03-01T10:00:00Z');
const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

const addGroup = (n: number): GroupPlan => ({
  key: `r${n}`, employeeId: null, name: `Person ${n}`, recordIds: [`r${n}`], linkRecordIds: [`r${n}`], primaryRecordId: `r${n}`,
  create: {
    first_name: `P${n}`, prefix: null, last_name: 'Added', email: null, personnel_number: String(n), bsn_encrypted: null, bsn_hash: null, bsn_last3: null,
    birth_date: null, street: null, house_number: null, postal_code: null, city: null, country: null, phone: null, status: 'active',
  },
  changes: [],
  contracts: [{ recordId: `r${n}`, contractId: null, adopt: false, create: { contract_type_id: null, department_id: null, function_id: null, start_date: '2025-01-01', end_date: null, weekly_hours: 24, hourly_wage: null }, changes: [] }],
  action: 'add', warnings: [],
});

const updateGroup = (employeeId: string, recordId: string): GroupPlan => ({
  key: employeeId, employeeId, name: 'Old Timer', recordIds: [recordId], linkRecordIds: [recordId], primaryRecordId: recordId, create: null,
  changes: [
    { entity: 'employee', field: 'email', old: 'old@example.test', new: 'new@example.test', oldColumns: { email: 'old@example.test' }, newColumns: { email: 'new@example.test' } },
    { entity: 'employee', field: 'city', old: 'Utrecht', new: 'Zwolle', oldColumns: { city: 'Utrecht' }, newColumns: { city: 'Zwolle' } },
  ],
  contracts: [{ recordId, contractId: 'c1', adopt: false, create: null, changes: [{ entity: 'contract', field: 'weeklyHours', old: 24, new: 32, oldColumns: { weekly_hours: 24 }, newColumns: { weekly_hours: 32 } }] }],
  action: 'update', warnings: [],
});

/** An applied run over two added people and one updated employee (linked by the run), as the state undo starts from. */
async function appliedRun() {
  const mem = memoryWorkforce({ now: () => clock, tenantId: TENANT });
  for (const id of ['r1', 'r2', 'r-old']) mem.state.records.set(id, { id, integration_id: INTEGRATION, link_state: 'unlinked', employee_id: null, contract_id: null, decision: null });
  mem.state.employees.set('e1', {
    id: 'e1', tenant_id: TENANT, first_name: 'Old', prefix: null, last_name: 'Timer', initials: null, email: 'old@example.test', bsn_encrypted: null, bsn_hash: null, bsn_last3: null,
    personnel_number: '9', birth_date: null, street: null, house_number: null, postal_code: null, city: 'Utrecht', country: null, phone: null, status: 'active', source: 'manual',
    manager_id: null, notes: null, search_text: '', created_at: clock, updated_at: clock,
  } as Employee);
  mem.state.contracts.set('c1', { id: 'c1', tenant_id: TENANT, employee_id: 'e1', weekly_hours: 24, start_date: '2020-01-01', end_date: null, created_at: clock, updated_at: clock } as never);
  const before = structuredClone({ employees: mem.state.employees, contracts: mem.state.contracts, records: mem.state.records });
  const { ctx } = fakeRunContext('run-apply');
  await applyPlan(ctx, mem.writer, { verdicts: [], groups: [addGroup(1), addGroup(2), updateGroup('e1', 'r-old')] });
  later(60_000);
  const target = { id: 'run-apply', finished_at: clock } as SyncRunRow;
  later(60_000);
  return { mem, before, target };
}

const undo = async (mem: Awaited<ReturnType<typeof appliedRun>>['mem'], target: SyncRunRow) => {
  const { ctx } = fakeRunContext('run-undo');
  await undoRun(ctx, mem.writer, target, mem.changesOf(target.id));
  return ctx;
};

describe('undo phase', () => {
  it('replays an untouched run backwards to the state before it', async () => {
    const { mem, before, target } = await appliedRun();
    expect(mem.state.employees.size).toBe(3);
    const ctx = await undo(mem, target);

    expect([...mem.state.employees.keys()]).toEqual(['e1']);
    expect(mem.state.employees.get('e1')).toMatchObject({ email: 'old@example.test', city: 'Utrecht' });
    expect(mem.state.contracts.get('c1')).toMatchObject({ weekly_hours: 24 });
    expect(mem.state.contracts.size).toBe(1);
    for (const [id, r] of mem.state.records) expect(r).toEqual(before.records.get(id));
    // Two employees it had added are removed, one has its fields put back: never "updated 3".
    expect(ctx.counts).toMatchObject({ removed: 2, reverted: 1, updated: 0, failed: 0 });
    expect(ctx.items.map((i) => (i as { action: string }).action).sort()).toEqual(['removed', 'removed', 'reverted']);
    expect(ctx.warnings).toEqual([]);
    // The undo's own changes are logged under its run, and audited.
    expect(mem.changesOf('run-undo').length).toBeGreaterThan(0);
    expect(mem.state.audit.filter((a) => a.action === 'delete').map((a) => a.entityType)).toEqual(['employee', 'employee']);
    expect(ctx.items).toHaveLength(3);
  });

  it('keeps what changed since the run: a value edited afterwards, an added employee with shifts or edits', async () => {
    const { mem, target } = await appliedRun();
    const added = [...mem.state.records.values()].filter((r) => r.id !== 'r-old').map((r) => r.employee_id!);
    mem.state.work.set(added[0]!, 'shifts');
    mem.state.employees.get(added[1]!)!.updated_at = later(1000);
    mem.state.employees.get('e1')!.city = 'Amersfoort';
    const ctx = await undo(mem, target);

    expect(mem.state.employees.size).toBe(3);
    expect(mem.state.employees.get('e1')).toMatchObject({ email: 'old@example.test', city: 'Amersfoort' });
    expect(ctx.warnings.map((w) => w.messages[0]).sort()).toEqual(['city:changed_since_kept', 'employee:kept_edited', 'employee:kept_shifts']);
    // Its link and contract stay with the kept employees.
    expect(mem.state.records.get('r1')!.employee_id).not.toBeNull();
  });

  it('a failing employee is counted and the others are still undone', async () => {
    const { mem, target } = await appliedRun();
    const writer = mem.writer;
    let calls = 0;
    const flaky = {
      transaction: ((scope, fn) => (++calls === 1 ? Promise.reject(new Error('deadlock detected')) : writer.transaction(scope, fn))) as typeof writer.transaction,
    };
    const { ctx } = fakeRunContext('run-undo');
    await undoRun(ctx, flaky, target, mem.changesOf(target.id));
    expect(ctx.counts.failed).toBe(1);
    expect(ctx.errors[0]!.messages).toEqual(['row:failed', 'deadlock detected']);
    expect(ctx.counts.removed + ctx.counts.reverted).toBe(2);
  });
});
