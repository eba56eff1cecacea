import { describe, expect, it } from 'vitest';
import type { IntegrationRow, PlanSource, RecordStore, StoredRecordRow } from '../ports.ts';
import type { IntegrationSettings } from '../sync.types.ts';
import { IDENTITY_PAGE, loadPlanIdentities } from './plan-input.ts';

/**
 * The verdict pass's input: identities read a page at a time. A re-plan in the same run (after the apply) reuses the
 * identities of the run's first load and reads only the link and verdict columns; a record that is new or whose data
 * changed since makes it read everything again.
 */

const row = (id: string, hash: string, data: unknown, link: Partial<StoredRecordRow> = {}): StoredRecordRow => ({
  id,
  external_id: `x-${id}`,
  data,
  bsn_encrypted: null,
  bsn_hash: null,
  bsn_last3: null,
  data_hash: hash,
  link_state: 'unlinked',
  decision: null,
  employee_id: null,
  contract_id: null,
  proposal: null,
  needs_action: false,
  issues: [],
  rule_excluded: false,
  former: false,
  missing_since: null,
  ...link,
});

function ports(stored: () => StoredRecordRow[]) {
  const calls: string[] = [];
  const records = {
    async listForPlan(_integration: IntegrationRow, opts: { data?: boolean; afterId?: string; limit?: number } = {}) {
      const light = opts.data === false;
      calls.push(`${light ? 'light' : 'page'}${opts.limit ? `>${opts.afterId ?? ''}` : ''}`);
      let rows = [...stored()].sort((a, b) => a.id.localeCompare(b.id));
      if (opts.afterId) rows = rows.filter((r) => r.id > opts.afterId!);
      if (opts.limit) rows = rows.slice(0, opts.limit);
      return rows.map((r) => (light ? { ...r, data: undefined, external_id: undefined, bsn_encrypted: undefined, bsn_hash: undefined, bsn_last3: undefined } : r)) as StoredRecordRow[];
    },
    claimedContractIds: async () => [],
    otherConnectionNumbers: async () => [],
  } as unknown as RecordStore;
  const source: PlanSource = {
    koppelSide: async () => ({ employees: [], mappings: [], functions: [], departments: [], contractTypes: [] }),
    koppelRows: async () => ({ employees: [], contracts: [] }),
    tenantZone: async () => 'Europe/Amsterdam',
    ensureFunctions: async () => [],
  };
  return { ports: { records, source }, calls };
}

const integration = { id: 'i1', tenant_id: 't1', vendor: 'personio' } as IntegrationRow;
const settings = {} as IntegrationSettings;
const person = (firstName: string) => ({ firstName, lastName: 'Bos', status: 'active', warnings: [], street: 'Dorpsstraat 1' });

describe('loadPlanIdentities', () => {
  it('reads the records a page at a time and keeps their identity only (no address, no BSN ciphertext)', async () => {
    const stored = Array.from({ length: IDENTITY_PAGE + 1 }, (_, i) => row(`r${String(i).padStart(5, '0')}`, `h${i}`, person(`P${i}`), { bsn_encrypted: 'cipher' }));
    const { ports: p, calls } = ports(() => stored);
    const { input, rows } = await loadPlanIdentities(p, integration, settings, false);
    expect(calls).toEqual(['page>', `page>r${String(IDENTITY_PAGE - 1).padStart(5, '0')}`]);
    expect(input.records).toHaveLength(IDENTITY_PAGE + 1);
    expect(rows).toHaveLength(IDENTITY_PAGE + 1);
    expect(input.records[0]!.data).toMatchObject({ firstName: 'P0' });
    expect('street' in input.records[0]!.data).toBe(false);
    expect('bsnEncrypted' in input.records[0]!).toBe(false);
  });

  it('with the identities of an earlier load: keeps them and takes the link columns as stored now', async () => {
    let stored = [row('a', 'h1', person('Ann')), row('b', 'h2', person('Bob'))];
    const { ports: p, calls } = ports(() => stored);
    const first = await loadPlanIdentities(p, integration, settings, false);
    stored = stored.map((r) => (r.id === 'a' ? { ...r, link_state: 'linked', employee_id: 'e1' } : r));
    const again = await loadPlanIdentities(p, integration, settings, false, first);
    expect(calls).toEqual(['page>', 'light>']);
    expect(again.input.records.map((r) => [r.id, r.linkState, r.employeeId, r.data.firstName, r.externalId])).toEqual([
      ['a', 'linked', 'e1', 'Ann', 'x-a'],
      ['b', 'unlinked', null, 'Bob', 'x-b'],
    ]);
  });

  it('reads everything again when a record is new or its data changed', async () => {
    let stored = [row('a', 'h1', person('Ann'))];
    const { ports: p, calls } = ports(() => stored);
    const first = await loadPlanIdentities(p, integration, settings, false);
    stored = [row('a', 'h9', person('Anna'))];
    const changed = await loadPlanIdentities(p, integration, settings, false, first);
    expect(changed.input.records[0]!.data.firstName).toBe('Anna');
    stored = [...stored, row('c', 'h3', person('Cem'))];
    const added = await loadPlanIdentities(p, integration, settings, false, changed);
    expect(added.input.records.map((r) => r.data.firstName)).toEqual(['Anna', 'Cem']);
    stored = [stored[1]!];
    const gone = await loadPlanIdentities(p, integration, settings, false, added);
    expect(gone.input.records.map((r) => r.data.firstName)).toEqual(['Cem']);
    expect(calls).toEqual(['page>', 'light>', 'page>', 'light>', 'page>', 'light>', 'page>']);
  });

  it('reads the link columns again a page at a time too, and updates the earlier identities in place', async () => {
    let stored = Array.from({ length: IDENTITY_PAGE + 1 }, (_, i) => row(`r${String(i).padStart(5, '0')}`, `h${i}`, person(`P${i}`)));
    const { ports: p, calls } = ports(() => stored);
    const first = await loadPlanIdentities(p, integration, settings, false);
    const records = first.input.records;
    stored = stored.map((r) => ({ ...r, link_state: 'linked', employee_id: `e-${r.id}` }));
    const again = await loadPlanIdentities(p, integration, settings, false, first);
    expect(calls.slice(2)).toEqual(['light>', `light>r${String(IDENTITY_PAGE - 1).padStart(5, '0')}`]);
    expect(again.input.records).toBe(records);
    expect(again.input.records.every((r) => r.linkState === 'linked' && r.employeeId === `e-${r.id}`)).toBe(true);
  });

  it('shares what many records hold alike: one object per department (across pages), one frozen empty warning list', async () => {
    const keuken = () => ({ externalId: 'd1', name: 'Keuken' });
    const stored = Array.from({ length: IDENTITY_PAGE + 2 }, (_, i) =>
      row(`r${String(i).padStart(5, '0')}`, `h${i}`, { ...person(`P${i}`), department: i === 1 ? { externalId: 'd1', name: 'Küche' } : keuken(), costCenter: i === 2 ? { ...keuken(), extra: 1 } : null }),
    );
    const { ports: p } = ports(() => stored);
    const { input } = await loadPlanIdentities(p, integration, settings, false);
    const [a, b, c] = input.records;
    const last = input.records.at(-1)!;
    expect(last.data.department).toBe(a!.data.department);
    expect(c!.data.department).toBe(a!.data.department);
    // Another name is another value; an object of another shape is kept as it came.
    expect(b!.data.department).toEqual({ externalId: 'd1', name: 'Küche' });
    expect(b!.data.department).not.toBe(a!.data.department);
    expect(c!.data.costCenter).toEqual({ externalId: 'd1', name: 'Keuken', extra: 1 });
    expect(a!.data.warnings).toBe(last.data.warnings);
    expect(Object.isFrozen(a!.data.warnings)).toBe(true);
  });
});
