import { todayIn } from '../../../domain/dates.ts';
import { Matcher } from '../../../domain/matching.ts';
import { registrationFor } from '../../registry.ts';
import type { IntegrationRow, PlanSource, RecordStore, StoredRecordRow, VerdictRow } from '../ports.ts';
import type { FullPlanInput, KoppelRows, PlanInput } from '../sync-plan.ts';
import { parseJson } from '../sync-values.ts';
import type { ExternalRef } from '../../../connectors/kit/hr-connector.ts';
import { EMPTY_LIST, type IdentityData, identityData, type IntegrationSettings, type PlanContract, type PlanEmployeeIdentity, type PlanIdentity, type PlanRecord, type StoredExternalData } from '../sync.types.ts';

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

const verdictRowOf = (r: Omit<StoredRecordRow, 'data' | 'external_id' | 'bsn_encrypted' | 'bsn_hash' | 'bsn_last3'>, shared?: SharedValues, keepHash = true): VerdictRow => ({
  id: r.id,
  data_hash: keepHash ? r.data_hash : '',
  link_state: shared ? shared.text(r.link_state) : r.link_state,
  proposal: r.proposal,
  needs_action: r.needs_action,
  issues: shared ? shared.list(r.issues) : r.issues,
  rule_excluded: r.rule_excluded,
});

/**
 * Plan input over every record with its full data, in one go: for the few callers that plan a handful of records
 * (the link preview) or small integrations in tests. A sync run loads identities (loadPlanIdentities) and the full
 * data part by part.
 */
export async function loadPlanInput(ports: Ports, integration: IntegrationRow, settings: IntegrationSettings, acceptProposals: boolean): Promise<{ input: FullPlanInput }> {
  const [rows, koppel] = await Promise.all([ports.records.listForPlan(integration), koppelRows(ports, integration.tenant_id)]);
  const records = rows.map(planRecordOf);
  return { input: { ...(await koppelSideInput(ports, integration, settings, acceptProposals, records)), ...koppel, records } };
}

/** The identities of every record (for the verdict pass) and the verdict columns as stored (to write only what moved). */
export type PlanIdentities = { input: PlanInput; rows: VerdictRow[] };

/**
 * Plan input for the verdict pass: every record by identity (sync.types.ts PlanIdentity), read a page at a time so
 * the full data of 100 000 records is never held at once (issue 13: peak memory of a first sync), plus Koppel's side.
 * `prior`: the identities of an earlier load in this run (the refresh after an apply). Reused when no record is new
 * and none's data changed since: only the link and verdict columns are read again.
 */
export async function loadPlanIdentities(
  ports: Ports,
  integration: IntegrationRow,
  settings: IntegrationSettings,
  acceptProposals: boolean,
  prior?: PlanIdentities,
  opts: { reusable?: boolean } = {},
): Promise<PlanIdentities> {
  const { records: store } = ports;
  let loaded = prior ? await withPriorIdentities(store, integration, prior) : null;
  if (!loaded) {
    const records: PlanIdentity[] = [];
    const rows: VerdictRow[] = [];
    const shared = sharedValues();
    // The data hashes serve only a later reuse of these identities (`prior`); a preview never reuses them, so it does
    // not hold 100 000 of them. Without its hash a row never matches (withPriorIdentities): the identities are read again.
    const keepHash = opts.reusable !== false;
    let afterId: string | undefined;
    for (;;) {
      const page = await store.listForPlan(integration, { afterId, limit: IDENTITY_PAGE, identity: true });
      for (const r of page) {
        const p = planRecordOf(r);
        // One literal: every identity of one shape, its fields inside the object (see identityData).
        records.push({
          id: p.id,
          externalId: p.externalId,
          data: shared.identity(identityData(p.data as StoredExternalData)),
          bsnHash: p.bsnHash,
          linkState: shared.text(p.linkState),
          decision: p.decision,
          employeeId: p.employeeId,
          contractId: p.contractId,
          missing: p.missing,
        });
        rows.push(verdictRowOf(r, shared, keepHash));
      }
      if (page.length < IDENTITY_PAGE) break;
      afterId = page.at(-1)!.id;
    }
    loaded = { records, rows };
  }
  const input = await koppelSideInput(ports, integration, settings, acceptProposals, loaded.records);
  return { input, rows: loaded.rows };
}

/**
 * One copy of what many records hold alike, for the identities of a whole integration (issue 13: a first sync of
 * 100 000 records holds them all): each record's department, cost center, contract type and job function arrive as
 * objects of their own, though a company has a few dozen of each, and so do the few values of the short text fields.
 * The identities are only read, never changed; an empty warning list is one frozen array, so a write would throw.
 */
function sharedValues() {
  const refs = new Map<string, ExternalRef>();
  const texts = new Map<string, string>();
  /** An empty stored list (the issues of a row without any) as the one frozen empty list. */
  const list = (v: unknown): unknown => (Array.isArray(v) && v.length === 0 ? EMPTY_LIST : v);
  const ref = (r: ExternalRef | null | undefined): ExternalRef | null | undefined => {
    if (!r || typeof r.externalId !== 'string' || typeof r.name !== 'string' || Object.keys(r).length !== 2) return r;
    const key = `${r.externalId}\u0000${r.name}`;
    const hit = refs.get(key);
    if (hit) return hit;
    refs.set(key, r);
    return r;
  };
  const text = <T extends string | null | undefined>(v: T): T => {
    if (typeof v !== 'string' || v.length > 32) return v;
    const hit = texts.get(v);
    if (hit !== undefined) return hit as T;
    texts.set(v, v);
    return v;
  };
  return {
    text,
    list,
    identity(d: IdentityData): IdentityData {
      for (const k of ['department', 'costCenter', 'contractType', 'jobFunction'] as const) if (d[k] !== undefined) d[k] = ref(d[k]) as never;
      // Names, dates and statuses repeat across a company (a few thousand first names, one birth date per ~5 people):
      // one copy each. Emails and personnel numbers are one per person: interning them would only cost.
      for (const k of ['firstName', 'prefix', 'lastName', 'birthDate', 'hireDate', 'status'] as const) if (d[k] !== undefined) d[k] = text(d[k]) as never;
      if (Array.isArray(d.warnings) && d.warnings.length === 0) d.warnings = EMPTY_LIST;
      return d;
    },
  };
}

type SharedValues = ReturnType<typeof sharedValues>;

/**
 * The identities of the earlier load with their link and verdict columns read again (light rows, no data, a page at a
 * time); null when any record is new, gone or its data changed since. `prior` is taken over: its lists are updated in
 * place (each entry replaced as its row is read), so the refresh after an apply of 100 000 records holds one set of
 * identities, not two (issue 13). Both listings are in id order, so the rows pair up by position.
 */
async function withPriorIdentities(store: RecordStore, integration: IntegrationRow, prior: PlanIdentities): Promise<{ records: PlanIdentity[]; rows: VerdictRow[] } | null> {
  const records = prior.input.records as PlanIdentity[];
  const rows = prior.rows;
  let n = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listForPlan(integration, { data: false, afterId, limit: IDENTITY_PAGE });
    for (const r of page) {
      const p = records[n];
      if (!p || p.id !== r.id || rows[n]!.data_hash !== r.data_hash) return null;
      records[n] = { ...p, linkState: r.link_state, decision: r.decision, employeeId: r.employee_id, contractId: r.contract_id, missing: r.missing_since !== null };
      rows[n] = verdictRowOf(r);
      n++;
    }
    if (page.length < IDENTITY_PAGE) break;
    afterId = page.at(-1)!.id;
  }
  return n === records.length ? { records, rows } : null;
}

/** The full records of `ids` (a part of the groups being planned), by id. */
export async function fullRecords(ports: Ports, integration: IntegrationRow, ids: string[]): Promise<Map<string, PlanRecord>> {
  const rows = await ports.records.listForPlan(integration, { ids });
  return new Map(rows.map((r) => [r.id, planRecordOf(r)]));
}

/** Koppel's full rows for the groups being planned (`employeeIds`: one part's; without it every employee's). */
export async function koppelRows(ports: Ports, tenantId: string, employeeIds?: readonly string[]): Promise<KoppelRows> {
  const { employees, contracts } = await ports.source.koppelRows(tenantId, employeeIds);
  const contractsByEmployee = new Map<string, PlanContract[]>();
  for (const c of contracts) {
    const list = contractsByEmployee.get(c.employee_id);
    if (list) list.push(c);
    else contractsByEmployee.set(c.employee_id, [c]);
  }
  return { employees: new Map(employees.map((e) => [e.id, e])), contractsByEmployee };
}

/** Everything the verdict pass needs besides the records: Koppel's employees (identities), mappings, numbers and settings. */
async function koppelSideInput(ports: Ports, integration: IntegrationRow, settings: IntegrationSettings, acceptProposals: boolean, records: readonly PlanIdentity[]): Promise<PlanInput> {
  const { records: store, source } = ports;
  const [side, claimed, other, zone] = await Promise.all([source.koppelSide(integration), store.claimedContractIds(integration.tenant_id), store.otherConnectionNumbers(integration), source.tenantZone(integration.tenant_id)]);
  const employees = new Map<string, PlanEmployeeIdentity>();
  for (const e of side.employees) employees.set(e.id, e);
  const needsMatcher = records.some((r) => r.linkState === 'unlinked' || (r.linkState === 'linked' && !(r.employeeId && employees.has(r.employeeId))));
  const personnelNumbers = new Map<string, string>();
  for (const e of side.employees) if (e.personnel_number) personnelNumbers.set(e.personnel_number, e.id);
  const labels = new Map<string, string>();
  for (const x of [...side.functions, ...side.departments, ...side.contractTypes]) labels.set(x.id, x.name);
  return {
    records,
    employees,
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
