import type { PlanSource, RecordStore } from '../ports.ts';
import type { IntegrationRow } from '../ports.ts';
import { planSync } from '../sync-plan.ts';
import type { IntegrationSettings } from '../sync.types.ts';
import { loadPlanInput } from './plan-input.ts';

export type LinkPreview = {
  /** Koppel fields the link overwrites with the HR system's values (issue 15): field, current value → new value. BSN masked. */
  changes: { entity: 'employee' | 'contract'; field: string; old: unknown; new: unknown }[];
  /** The record's contract: adopted from the employee, created, or none. */
  contract: 'adopt' | 'create' | 'update' | null;
};

/**
 * What linking `recordId` to `employeeId` would write at the next sync, by the planner itself
 * (sync-plan.ts) over the records of that employee with this one linked to it: the same decision
 * the sync makes, not a second copy of it. Nothing is stored.
 */
export async function previewLink(
  ports: { records: RecordStore; source: PlanSource },
  integration: IntegrationRow,
  settings: IntegrationSettings,
  recordId: string,
  employeeId: string,
): Promise<LinkPreview> {
  const { input } = await loadPlanInput(ports, integration, settings, false);
  const records = input.records
    .filter((r) => r.id === recordId || (r.linkState === 'linked' && r.employeeId === employeeId))
    .map((r) => (r.id === recordId ? { ...r, linkState: 'linked' as const, employeeId, decision: null } : r));
  const plan = planSync({ ...input, records, matcher: null });
  const group = plan.groups.find((g) => g.employeeId === employeeId);
  if (!group) return { changes: [], contract: null };
  const own = group.contracts.find((c) => c.recordId === recordId);
  const changes = [
    ...group.changes.map((c) => ({ entity: c.entity, field: c.field, old: c.old, new: c.new })),
    ...(own?.changes ?? []).map((c) => ({ entity: c.entity, field: c.field, old: c.old, new: c.new })),
  ];
  return { changes, contract: own ? (own.adopt ? 'adopt' : own.create ? 'create' : own.changes.length ? 'update' : null) : null };
}
