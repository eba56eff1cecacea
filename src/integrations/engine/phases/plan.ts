import type { IntegrationRow, PlanSource, RecordStore, VerdictRow } from '../ports.ts';
import { PLAN_ITEMS_KEPT, type RunContext } from '../run-context.ts';
import { countRows } from '../run-summary.ts';
import { additionChanges, type KoppelRows, type PassGroup, type PlanInput, planGroups, planVerdicts, settleVerdicts, type VerdictPass } from '../sync-plan.ts';
import type { GroupPlan, PlanRecord, RecordVerdict } from '../sync.types.ts';
import { fullRecords, koppelRows, loadPlanIdentities, type PlanIdentities } from './plan-input.ts';

/**
 * Plan: the pure planner (sync-plan.ts) over the stored records, the verdicts stored for the review lists, the run's
 * counts and its review diff. Recomputed from scratch every run, which is what makes a run that died half-way
 * converge: what it applied is now "unchanged".
 *
 * Bounded memory (issue 13): the verdict pass runs over every record's identity; the groups are then planned a part
 * at a time (GROUP_PART groups, their records' full data read for that part only) and handed to `onPart` (the
 * apply) before the next part is read. A run never holds the full data or the group plans of all records at once, nor
 * the full rows of all Koppel employees: the pass reads their identities, each part the rows of the employees it updates.
 */

/** Groups planned (and applied) per part: the full data of this many groups' records is held at a time. */
export const GROUP_PART = 2000;

type Ports = { records: RecordStore; source: PlanSource };

export type RunPlan = {
  /** Every record's verdict, settled. */
  verdicts: RecordVerdict[];
  /** The identities the pass ran over, kept for an apply (its verdict refresh reuses them when no data changed); null after a preview. */
  identities: PlanIdentities | null;
};

/** The pass's groups a part at a time, each with its records' full data and the full rows of the employees they update. */
async function* groupParts(ports: Ports, integration: IntegrationRow, pass: VerdictPass, size = GROUP_PART): AsyncGenerator<{ groups: PassGroup[]; records: Map<string, PlanRecord>; koppel: KoppelRows }> {
  let part: PassGroup[] = [];
  const read = async () => {
    const employeeIds = part.flatMap((g) => (g.employeeId ? [g.employeeId] : []));
    const [records, koppel] = await Promise.all([fullRecords(ports, integration, part.flatMap((g) => g.recordIds)), koppelRows(ports, integration.tenant_id, employeeIds)]);
    return { groups: part, records, koppel };
  };
  for (const g of pass.groups.values()) {
    part.push(g);
    if (part.length < size) continue;
    yield await read();
    part = [];
  }
  if (part.length) yield await read();
}

/** The verdicts of `verdicts` whose stored columns moved, written; `rows` is every record's stored verdict, by id. */
async function writeMoved(ports: Ports, tenantId: string, rows: ReadonlyMap<string, VerdictRow>, verdicts: readonly RecordVerdict[]) {
  if (verdicts.length) await ports.records.writeVerdicts(tenantId, verdicts.map((v) => rows.get(v.recordId)!), verdicts);
}

/**
 * The review diff (the run's item list): every row but the unchanged, those that need action first, in plan order,
 * the first PLAN_ITEMS_KEPT kept. Rows are offered part by part; an item is only described when it can still be kept.
 */
function itemList(pass: VerdictPass) {
  const order = new Map(pass.verdicts.map((v, i) => [v.recordId, i]));
  const rank = (v: RecordVerdict) => (v.needsAction ? 0 : pass.verdicts.length) + order.get(v.recordId)!;
  let kept: { rank: number; item: unknown }[] = [];
  let cutoff = Number.POSITIVE_INFINITY;
  const trim = () => {
    kept.sort((a, b) => a.rank - b.rank);
    kept = kept.slice(0, PLAN_ITEMS_KEPT);
    if (kept.length === PLAN_ITEMS_KEPT) cutoff = kept.at(-1)!.rank;
  };
  const describe = (v: RecordVerdict, changes: unknown[], employeeId: string | null) => ({
    recordId: v.recordId,
    externalId: v.externalId,
    name: v.name,
    action: v.status,
    employeeId,
    changes,
    issues: v.issues,
    needsAction: v.needsAction,
  });
  return {
    /** A row with no group (needs action, excluded, skipped, former): no changes. */
    offerLone(v: RecordVerdict) {
      if (v.status === 'unchanged' || rank(v) > cutoff) return;
      kept.push({ rank: rank(v), item: describe(v, [], null) });
      if (kept.length > 2 * PLAN_ITEMS_KEPT) trim();
    },
    /** The rows of a part's planned groups. */
    offerGroups(plans: readonly GroupPlan[], records: ReadonlyMap<string, PlanRecord>, labels: ReadonlyMap<string, string>, missingFunctions: ReadonlySet<string>) {
      const addition = { records, labels, missingFunctions: [...missingFunctions] };
      for (const g of plans) {
        for (const id of g.recordIds) {
          const v = pass.verdictById.get(id)!;
          if (v.status === 'unchanged' || rank(v) > cutoff) continue;
          const own = g.contracts.find((x) => x.recordId === id);
          const changes = g.create
            ? additionChanges(g, id, addition)
            : [...(g.primaryRecordId === id ? g.changes : []), ...(own?.changes ?? [])].map((x) => ({ field: x.field, old: x.old, new: x.new }));
          kept.push({ rank: rank(v), item: describe(v, changes, g.employeeId) });
        }
        if (kept.length > 2 * PLAN_ITEMS_KEPT) trim();
      }
    },
    done() {
      trim();
      const listed = pass.verdicts.filter((v) => v.status !== 'unchanged').length;
      return { items: kept.map((k) => k.item), dropped: Math.max(0, listed - kept.length) };
    },
  };
}

/** `input` with job functions created meanwhile. */
function withFunctions(input: PlanInput, functions: readonly { id: string; name: string }[]): PlanInput {
  const functionIds = new Map(input.functionIds);
  const labels = new Map(input.labels);
  for (const f of functions) {
    functionIds.set(f.name.trim().toLowerCase(), f.id);
    labels.set(f.id, f.name);
  }
  return { ...input, functionIds, labels };
}

/**
 * Plans the run's records; with `onPart` (an apply) each part of planned groups is handed over, its verdicts stored
 * first, and job functions it needs are created before it is planned for good. Counts, warnings and the review diff
 * go into `ctx`.
 */
export async function planRun(
  ctx: RunContext,
  ports: Ports,
  opts: { acceptProposals: boolean; partSize?: number; onPart?: (groups: GroupPlan[], pass: VerdictPass) => Promise<void> },
): Promise<RunPlan> {
  const { integration } = ctx;
  const tenantId = integration.tenant_id;
  // Only an apply keeps its identities for the refresh after it (a preview lets them go after the verdict pass).
  let identities: PlanIdentities | null = await loadPlanIdentities(ports, integration, ctx.settings, opts.acceptProposals, undefined, { reusable: Boolean(opts.onPart) });
  // A preview lets each identity go as the pass judges it (an apply keeps them for its refresh).
  const pass = planVerdicts(identities.input, { release: !opts.onPart });
  // Filled in a loop: `new Map(rows.map(…))` would first build 100 000 pairs, at the run's peak (issue 13).
  const rows = new Map<string, VerdictRow>();
  for (const r of identities.rows) rows.set(r.id, r);
  // The group plans need no identities (each part reads its records' full data): a preview lets them go now.
  let input: PlanInput = { ...identities.input, records: [] };
  if (!opts.onPart) identities = null;
  const items = itemList(pass);

  // Rows outside any group are settled by the pass.
  const lone = pass.verdicts.filter((v) => v.groupKey === null);
  countRows(ctx.counts, lone);
  for (const v of lone) items.offerLone(v);
  await writeMoved(ports, tenantId, rows, lone);

  const groupWarnings = new Map<string, string[]>();
  for await (const part of groupParts(ports, integration, pass, opts.partSize)) {
    const full = (id: string) => part.records.get(id)!;
    let missing = new Set<string>();
    let plans = planGroups(input, pass, part.groups, full, missing, part.koppel);
    if (opts.onPart && missing.size) {
      // Only Koppel's job functions were missing: the part is planned again with them there.
      input = withFunctions(input, await ports.source.ensureFunctions(tenantId, [...missing].sort()));
      missing = new Set();
      plans = planGroups(input, pass, part.groups, full, missing, part.koppel);
    }
    const members = part.groups.flatMap((g) => g.recordIds.map((id) => pass.verdictById.get(id)!));
    countRows(ctx.counts, members);
    for (const g of plans) if (g.warnings.length) groupWarnings.set(g.primaryRecordId, g.warnings);
    items.offerGroups(plans, part.records, input.labels, missing);
    await writeMoved(ports, tenantId, rows, members);
    if (opts.onPart) await opts.onPart(plans, pass);
  }

  for (const v of pass.verdicts) {
    const messages = [...v.warnings, ...(groupWarnings.get(v.recordId) ?? [])];
    if (messages.length) ctx.warnings.push({ recordId: v.recordId, externalId: v.externalId, name: v.name, messages });
  }
  const { items: kept, dropped } = items.done();
  ctx.items = kept;
  ctx.itemsDropped = dropped;
  return { verdicts: pass.verdicts, identities };
}

/**
 * The review lists brought up to date without a run (after a link action, a mapping change) or after an apply: what
 * was just added or linked changes what the rows still open would match. `prior`: the identities of the run's plan
 * (the apply changed links, never the vendor's data); taken over and updated in place.
 */
export async function refreshVerdicts(ports: Ports, ctx: Pick<RunContext, 'integration' | 'settings'>, prior?: PlanIdentities): Promise<void> {
  const { integration } = ctx;
  const identities = await loadPlanIdentities(ports, integration, ctx.settings, false, prior);
  const pass = planVerdicts(identities.input);
  // The stored verdict columns need no field diffs: nobody's full data is read.
  settleVerdicts(identities.input, pass);
  const rows = new Map<string, VerdictRow>();
  for (const r of identities.rows) rows.set(r.id, r);
  await writeMoved(ports, integration.tenant_id, rows, pass.verdicts);
}
