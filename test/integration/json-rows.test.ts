import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/platform/audit/audit.repository.ts';
import { insertJsonRows } from '../../src/platform/db/json-rows.ts';
import { writeVersion } from '../../src/platform/db/write-versions.ts';
import { contractRepository } from '../../src/workforce/contract.repository.ts';
import { employeeRepository } from '../../src/workforce/employee.repository.ts';
import { createTenant, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/** The bulk inserts of a sync's adds (issue 13): rows as one jsonb parameter must store exactly what the VALUES lists stored. */
let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

describe('insertJsonRows', () => {
  it('stores text, dates, numbers, jsonb values and defaults as a multi-row VALUES insert would, in chunks, and bumps the write version', async () => {
    const { tenant } = await createTenant(k);
    const ids = Array.from({ length: 7 }, () => randomUUID());
    const before = writeVersion('employees');
    await employeeRepository.insertMany(
      k.db,
      tenant.id,
      ids.map((id, n) => ({
        id,
        first_name: `Anna ${n}`,
        prefix: n === 0 ? 'van der' : null,
        last_name: "O'Brien \"quoted\" \\ ümlaut",
        email: `anna${n}@example.test`,
        personnel_number: `P${n}`,
        birth_date: '1980-02-29',
        status: 'active',
        source: 'personio',
        initials: null,
        manager_id: null,
        notes: null,
      })),
    );
    expect(writeVersion('employees')).toBeGreaterThan(before);
    const emps = await k.db.selectFrom('employees').selectAll().where('tenant_id', '=', tenant.id).where('id', 'in', ids).orderBy('personnel_number').execute();
    expect(emps).toHaveLength(7);
    expect(emps[0]).toMatchObject({ prefix: 'van der', last_name: "O'Brien \"quoted\" \\ ümlaut", search_text: expect.stringContaining('anna0@example.test'), notes: null });
    const birth: unknown = emps[0]!.birth_date;
    expect(birth instanceof Date ? birth.toISOString().slice(0, 10) : String(birth)).toBe('1980-02-29');
    // Defaults still apply to the columns left out.
    expect(emps[0]!.created_at).toBeInstanceOf(Date);

    const contractIds = ids.map(() => randomUUID());
    await contractRepository.insertMany(
      k.db,
      tenant.id,
      ids.map((employee_id, n) => ({ id: contractIds[n]!, employee_id, start_date: '2024-01-01', end_date: null, weekly_hours: 32.5, hourly_wage: n ? 21.75 : null, cost_centers: n ? [{ externalId: 'cc', name: 'Zorg', percentage: 50 }] : null })),
    );
    const contracts = await k.db.selectFrom('contracts').select(['id', 'weekly_hours', 'hourly_wage', 'cost_centers']).where('id', 'in', contractIds).execute();
    const c1 = contracts.find((c) => c.id === contractIds[1]);
    expect(Number(c1!.weekly_hours)).toBe(32.5);
    expect(Number(c1!.hourly_wage)).toBe(21.75);
    // A jsonb array, not a JSON string holding one.
    expect(c1!.cost_centers).toEqual([{ externalId: 'cc', name: 'Zorg', percentage: 50 }]);
    expect(contracts.find((c) => c.id === contractIds[0])!.cost_centers).toBeNull();

    const actor = { type: 'system', id: null, name: 'Test', tenantId: tenant.id } as unknown as Parameters<typeof auditRepository.recordMany>[2];
    const entities = Array.from({ length: 5 }, () => randomUUID());
    await auditRepository.recordMany(k.db, tenant.id, actor, entities.map((id, n) => ({ action: 'create', entityType: 'json_rows_test', entityId: id, changes: n ? { a: { old: null, new: [1, 'x'] } } : null })));
    const audit = await k.db.selectFrom('audit_log').select(['entity_id', 'changes', 'created_at']).where('tenant_id', '=', tenant.id).where('entity_type', '=', 'json_rows_test').execute();
    expect(audit).toHaveLength(5);
    expect(audit.find((a) => a.entity_id === entities[1])!.changes).toEqual({ a: { old: null, new: [1, 'x'] } });
    expect(audit.find((a) => a.entity_id === entities[0])!.changes).toBeNull();

    // Chunks: 1 201 rows in chunks of 500 all arrive.
    const many = Array.from({ length: 1201 }, (_, n) => ({ tenant_id: tenant.id, actor_type: 'system', actor_id: null, actor_name: 'Chunk', action: 'n', entity_type: 'json_rows_chunk', entity_id: String(n), changes: { n } }));
    await insertJsonRows(k.db, 'audit_log', many);
    const count = await k.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('entity_type', '=', 'json_rows_chunk').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1201);
  });
});
