import type { PlanSource, RecordStore, StoredRecordRow } from '../ports.ts';
import { PLAN_ITEMS_KEPT, type RunContext } from '../run-context.ts';
import { countRows } from '../run-summary.ts';
import { additionChanges, planSync, type SyncPlan } from '../sync-plan.ts';
import { loadPlanInput } from './plan-input.ts';

/**
 * Plan: the pure planner over the loaded input, the verdicts stored for the review lists, the
 * run's counts and its review diff. Recomputed from scratch every run, which is what makes a run
 * that died half-way converge: what it applied is now "unchanged".
 */
export async function planRun(
  ctx: RunContext,
  ports: { records: RecordStore; source: PlanSource },
  opts: { apply: boolean; acceptProposals: boolean },
): Promise<SyncPlan & { recordRows: StoredRecordRow[] }> {
  const { integration, settings } = ctx;
  const loaded = await loadPlanInput(ports, integration, settings, opts.acceptProposals);
  const { recordRows } = loaded;
  let { input } = loaded;
  let result = planSync(input);
  if (opts.apply && result.missingFunctions.length) {
    // Only Koppel's job functions changed: the second plan takes the same input with the functions now there,
    // instead of loading everything again (issue 13: at 100 000 records a load is seconds and hundreds of MB).
    const functions = await ports.source.ensureFunctions(integration.tenant_id, result.missingFunctions);
    const functionIds = new Map(input.functionIds);
    const labels = new Map(input.labels);
    for (const f of functions) {
      functionIds.set(f.name.trim().toLowerCase(), f.id);
      labels.set(f.id, f.name);
    }
    // The first plan goes before the second is built.
    result = { verdicts: [], groups: [], missingFunctions: [] };
    input = { ...input, functionIds, labels };
    result = planSync(input);
  }
  await ports.records.writeVerdicts(integration.tenant_id, recordRows, result.verdicts);

  // The figures count the rows the run lists, one per record (run-summary.ts).
  countRows(ctx.counts, result.verdicts);
  const primaryWarnings = new Map(result.groups.map((g) => [g.primaryRecordId, g.warnings]));
  for (const v of result.verdicts) {
    const groupWarnings = primaryWarnings.get(v.recordId) ?? [];
    const messages = [...v.warnings, ...groupWarnings];
    if (messages.length) ctx.warnings.push({ recordId: v.recordId, externalId: v.externalId, name: v.name, messages });
  }
  // The review diff: everything but the unchanged, needs-action rows first.
  const groupByKey = new Map(result.groups.map((g) => [g.key, g]));
  const addition = { records: new Map(input.records.map((r) => [r.id, r])), labels: input.labels, missingFunctions: result.missingFunctions };
  const listed = result.verdicts.filter((v) => v.status !== 'unchanged').sort((a, b) => Number(b.needsAction) - Number(a.needsAction));
  // Only the kept items are described: at 100 000 additions the rest would be built to be thrown away.
  ctx.items = listed.slice(0, PLAN_ITEMS_KEPT).map((v) => {
    const g = v.groupKey ? groupByKey.get(v.groupKey) : undefined;
    const own = g?.contracts.find((x) => x.recordId === v.recordId);
    const changes = g?.create
      ? additionChanges(g, v.recordId, addition)
      : [...(g && g.primaryRecordId === v.recordId ? g.changes : []), ...(own?.changes ?? [])].map((x) => ({ field: x.field, old: x.old, new: x.new }));
    return { recordId: v.recordId, externalId: v.externalId, name: v.name, action: v.status, employeeId: g?.employeeId ?? null, changes, issues: v.issues, needsAction: v.needsAction };
  });
  ctx.itemsDropped = Math.max(0, listed.length - PLAN_ITEMS_KEPT);
  return { ...result, recordRows };
}

/** After an apply: what was just added or linked changes what the rows still open would match, so their verdicts are refreshed. */
export async function refreshVerdicts(ports: { records: RecordStore; source: PlanSource }, ctx: Pick<RunContext, 'integration' | 'settings'>, prior?: readonly StoredRecordRow[]) {
  // The apply changed links, never the vendor's data: the rows of the run's plan still hold it.
  const { input, recordRows } = await loadPlanInput(ports, ctx.integration, ctx.settings, false, prior);
  const result = planSync(input);
  await ports.records.writeVerdicts(ctx.integration.tenant_id, recordRows, result.verdicts);
  return result;
}
