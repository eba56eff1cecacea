import { describe, expect, it } from 'vitest';
import type { IntegrationRow, PlanSource, RecordStore, StoredRecordRow } from '../ports.ts';
import type { IntegrationSettings } from '../sync.types.ts';
import { loadPlanInput } from './plan-input.ts';

/**
 * A re-plan in the same run (after creating functions, after the apply) reuses the vendor data of the run's
 * first load and reads only the link and verdict columns; a record that is new or whose data changed since
 * makes it read everything again.
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
  const calls: Array<'full' | 'light'> = [];
  const records = {
    async listForPlan(_integration: IntegrationRow, opts: { data?: boolean } = {}) {
      const light = opts.data === false;
      calls.push(light ? 'light' : 'full');
      return stored().map((r) => (light ? { ...r, data: undefined, external_id: undefined, bsn_encrypted: undefined, bsn_hash: undefined, bsn_last3: undefined } : r)) as StoredRecordRow[];
    },
    claimedContractIds: async () => [],
    otherConnectionNumbers: async () => [],
  } as unknown as RecordStore;
  const source: PlanSource = {
    koppelSide: async () => ({ employees: [], contracts: [], mappings: [], functions: [], departments: [], contractTypes: [] }),
    tenantZone: async () => 'Europe/Amsterdam',
    ensureFunctions: async () => [],
  };
  return { ports: { records, source }, calls };
}

const integration = { id: 'i1', tenant_id: 't1', vendor: 'personio' } as IntegrationRow;
const settings = {} as IntegrationSettings;

describe('loadPlanInput with the rows of an earlier load', () => {
  it('keeps their data and takes the link columns as stored now', async () => {
    let stored = [row('a', 'h1', { first: 'Ann' }), row('b', 'h2', { first: 'Bob' })];
    const { ports: p, calls } = ports(() => stored);
    const first = await loadPlanInput(p, integration, settings, false);
    stored = stored.map((r) => (r.id === 'a' ? { ...r, link_state: 'linked', employee_id: 'e1' } : r));
    const again = await loadPlanInput(p, integration, settings, false, first.recordRows);
    expect(calls).toEqual(['full', 'light']);
    expect(again.recordRows.map((r) => [r.id, r.link_state, r.employee_id, r.data, r.external_id])).toEqual([
      ['a', 'linked', 'e1', { first: 'Ann' }, 'x-a'],
      ['b', 'unlinked', null, { first: 'Bob' }, 'x-b'],
    ]);
  });

  it('reads everything again when a record is new or its data changed', async () => {
    let stored = [row('a', 'h1', { first: 'Ann' })];
    const { ports: p, calls } = ports(() => stored);
    const first = await loadPlanInput(p, integration, settings, false);
    stored = [row('a', 'h9', { first: 'Anna' })];
    const changed = await loadPlanInput(p, integration, settings, false, first.recordRows);
    expect(changed.recordRows[0]!.data).toEqual({ first: 'Anna' });
    stored = [...stored, row('c', 'h3', { first: 'Cem' })];
    const added = await loadPlanInput(p, integration, settings, false, changed.recordRows);
    expect(added.recordRows.map((r) => r.data)).toEqual([{ first: 'Anna' }, { first: 'Cem' }]);
    expect(calls).toEqual(['full', 'light', 'full', 'light', 'full']);
  });
});
