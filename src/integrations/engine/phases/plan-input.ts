import { todayIn } from '../../../domain/dates.ts';
import { Matcher } from '../../../domain/matching.ts';
import { registrationFor } from '../../registry.ts';
import type { IntegrationRow, PlanSource, RecordStore, StoredRecordRow, VerdictRow } from '../ports.ts';
import type { FullPlanInput, PlanInput } from '../sync-plan.ts';
import { parseJson } from '../sync-values.ts';
import { identityData, type IntegrationSettings, type PlanContract, type PlanEmployee, type PlanIdentity, type PlanRecord, type StoredExternalData } from '../sync.types.ts';

/** Records read per query while the identities are loaded: the full data of a page is held only until it is cut down. */
export const IDENTITY_PAGE = 2000;

type Ports = { records: RecordStore; source: PlanSource };

/** A record row as the planner sees it (the row's data parsed). */
export function planRecordOf(r: StoredRecordRow): PlanRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    data: parseJson<StoredExternalData>(r.data),
    bsnEncrypted: r.bsn_encrypted,
    bsnHash: r.bsn_hash,
    bsnLast3: r.bsn_last3,
    linkState: r.link_state,
    decision: r.decision,
    employeeId: r.employee_id,
    contractId: r.contract_id,
    missing: r.missing_since !== null,
  };
}

const verdictRowOf = (r: Omit<StoredRecordRow, 'data' | 'external_id' | 'bsn_encrypted' | 'bsn_hash' | 'bsn_last3'>): VerdictRow => ({
  id: r.id,
  data_hash: r.data_hash,
  link_state: r.link_state,
  proposal: r.proposal,
  needs_action: r.needs_action,
  issues: r.issues,
  rule_excluded: r.rule_excluded,
});

/**
 * Plan input over every record with its full data, in one go: for the few callers that plan a handful of records
 * (the link preview) or small integrations in tests. A sync run loads identities (loadPlanIdentities) and the full
 * data part by part.
 */
export async function loadPlanInput(ports: Ports, integration: IntegrationRow, settings: IntegrationSettings, acceptProposals: boolean): Promise<{ input: FullPlanInput }> {
  const rows = await ports.records.listForPlan(integration);
  const records = rows.map(planRecordOf);
  return { input: { ...(await koppelSideInput(ports, integration, settings, acceptProposals, records)), records } };
}

/** The identities of every record (for the verdict pass) and the verdict columns as stored (to write only what moved). */
export type PlanIdentities = { input: PlanInput; rows: VerdictRow[] };

/**
 * Plan input for the verdict pass: every record by identity (sync.types.ts PlanIdentity), read a page at a time so
 * the full data of 100 000 records is never held at once (issue 13: peak memory of a first sync), plus Koppel's side.
 * `prior`: the identities of an earlier load in this run (the refresh after an apply). Reused when no record is new
 * and none's data changed since: only the link and verdict columns are read again.
 */
export async function loadPlanIdentities(ports: Ports, integration: IntegrationRow, settings: IntegrationSettings, acceptProposals: boolean, prior?: PlanIdentities): Promise<PlanIdentities> {
  const { records: store } = ports;
  let loaded = prior ? withPriorIdentities(await store.listForPlan(integration, { data: false }), prior) : null;
  if (!loaded) {
    const records: PlanIdentity[] = [];
    const rows: VerdictRow[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.listForPlan(integration, { afterId, limit: IDENTITY_PAGE, identity: true });
      for (const r of page) {
        const { bsnEncrypted: _e, bsnLast3: _l, ...identity } = planRecordOf(r);
        records.push({ ...identity, data: identityData(identity.data as StoredExternalData) });
        rows.push(verdictRowOf(r));
      }
      if (page.length < IDENTITY_PAGE) break;
      afterId = page.at(-1)!.id;
    }
    loaded = { records, rows };
  }
  const input = await koppelSideInput(ports, integration, settings, acceptProposals, loaded.records);
  return { input, rows: loaded.rows };
}

/** Light rows (no data) with the identities of the earlier load; null when any record is new or its data changed since. */
function withPriorIdentities(rows: StoredRecordRow[], prior: PlanIdentities): { records: PlanIdentity[]; rows: VerdictRow[] } | null {
  const hashOf = new Map(prior.rows.map((r) => [r.id, r.data_hash]));
  const identityOf = new Map(prior.input.records.map((r) => [r.id, r]));
  const records: PlanIdentity[] = [];
  for (const r of rows) {
    const p = identityOf.get(r.id);
    if (!p || hashOf.get(r.id) !== r.data_hash) return null;
    records.push({ ...p, linkState: r.link_state, decision: r.decision, employeeId: r.employee_id, contractId: r.contract_id, missing: r.missing_since !== null });
  }
  return { records, rows: rows.map(verdictRowOf) };
}

/** The full records of `ids` (a part of the groups being planned), by id. */
export async function fullRecords(ports: Ports, integration: IntegrationRow, ids: string[]): Promise<Map<string, PlanRecord>> {
  const rows = await ports.records.listForPlan(integration, { ids });
  return new Map(rows.map((r) => [r.id, planRecordOf(r)]));
}

/** Everything the planner needs besides the records: Koppel's employees, contracts, mappings, numbers and settings. */
async function koppelSideInput(ports: Ports, integration: IntegrationRow, settings: IntegrationSettings, acceptProposals: boolean, records: readonly PlanIdentity[]): Promise<PlanInput> {
  const { records: store, source } = ports;
  const [side, claimed, other, zone] = await Promise.all([source.koppelSide(integration), store.claimedContractIds(integration.tenant_id), store.otherConnectionNumbers(integration), source.tenantZone(integration.tenant_id)]);
  const employees = new Map<string, PlanEmployee>(side.employees.map((e) => [e.id, e]));
  const contractsByEmployee = new Map<string, PlanContract[]>();
  for (const c of side.contracts) {
    const list = contractsByEmployee.get(c.employee_id);
    if (list) list.push(c);
    else contractsByEmployee.set(c.employee_id, [c]);
  }
  const needsMatcher = records.some((r) => r.linkState === 'unlinked' || (r.linkState === 'linked' && !(r.employeeId && employees.has(r.employeeId))));
  const personnelNumbers = new Map<string, string>();
  for (const e of side.employees) if (e.personnel_number) personnelNumbers.set(e.personnel_number, e.id);
  const labels = new Map<string, string>();
  for (const x of [...side.functions, ...side.departments, ...side.contractTypes]) labels.set(x.id, x.name);
  return {
    records,
    employees,
    contractsByEmployee,
    claimedContractIds: new Set(claimed),
    mappings: side.mappings,
    settings,
    matcher: needsMatcher
      ? new Matcher(
          side.employees.map((e) => ({ id: e.id, bsnHash: e.bsn_hash, email: e.email, personnelNumber: e.personnel_number, birthDate: e.birth_date, firstName: e.first_name, lastName: e.last_name })),
        )
      : null,
    personnelNumbers,
    otherConnectionNumbers: new Set(other),
    functionIds: new Map(side.functions.map((f) => [f.name.trim().toLowerCase(), f.id])),
    labels,
    acceptProposals,
    today: todayIn(zone),
    contractOnce: registrationFor(integration.vendor)?.contractUpdates === 'once',
  };
}
