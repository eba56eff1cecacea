import { todayIn } from '../../../domain/dates.ts';
import { Matcher } from '../../../domain/matching.ts';
import { registrationFor } from '../../registry.ts';
import type { IntegrationRow, PlanSource, RecordStore, StoredRecordRow } from '../ports.ts';
import type { PlanInput } from '../sync-plan.ts';
import { parseJson } from '../sync-values.ts';
import type { IntegrationSettings, PlanContract, PlanEmployee, PlanRecord, StoredExternalData } from '../sync.types.ts';

/**
 * Plan input: everything the pure planner (sync-plan.ts) needs, loaded in one go from the record store and Koppel's side.
 * `prior`: the record rows of an earlier load in this run (a re-plan after the apply, or after creating missing functions).
 * Their vendor data is reused when its hash is still the stored one: only the link and verdict columns are read again
 * (reading and parsing every record's data is most of a load: 6–7 s of the 100 000-record apply, issue 13).
 */
export async function loadPlanInput(
  ports: { records: RecordStore; source: PlanSource },
  integration: IntegrationRow,
  settings: IntegrationSettings,
  acceptProposals: boolean,
  prior?: readonly StoredRecordRow[],
): Promise<{ input: PlanInput; recordRows: StoredRecordRow[] }> {
  const { records: store, source } = ports;
  const [loaded, side, claimed, other, zone] = await Promise.all([
    prior ? store.listForPlan(integration, { data: false }).then((rows) => withPriorData(rows, prior)) : store.listForPlan(integration),
    source.koppelSide(integration),
    store.claimedContractIds(integration.tenant_id),
    store.otherConnectionNumbers(integration),
    source.tenantZone(integration.tenant_id),
  ]);
  const recordRows = loaded ?? (await store.listForPlan(integration));
  const records: PlanRecord[] = recordRows.map((r) => ({
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
  }));
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
  const input: PlanInput = {
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
  return { input, recordRows };
}

/** Light rows (no data) completed with the data (and external id, BSN columns) of the earlier load; null when any record is new or its data changed since. */
function withPriorData(rows: StoredRecordRow[], prior: readonly StoredRecordRow[]): StoredRecordRow[] | null {
  const byId = new Map(prior.map((r) => [r.id, r]));
  const out: StoredRecordRow[] = [];
  for (const r of rows) {
    const p = byId.get(r.id);
    if (!p || p.data_hash !== r.data_hash) return null;
    out.push({ ...r, data: p.data, external_id: p.external_id, bsn_encrypted: p.bsn_encrypted, bsn_hash: p.bsn_hash, bsn_last3: p.bsn_last3 });
  }
  return out;
}
