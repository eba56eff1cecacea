import { maskBsn } from '../../domain/bsn.ts';
import { type Matcher, nameKey } from '../../domain/matching.ts';
import { sameJson } from './sync-values.ts';
import { EMPTY_LIST } from './sync.types.ts';
import type {
  ContractPlan,
  CostShare,
  FieldChange,
  GroupPlan,
  IntegrationSettings,
  MappingRow,
  PlanContract,
  PlanEmployee,
  PlanEmployeeIdentity,
  PlanIdentity,
  PlanRecord,
  Proposal,
  RecordIssue,
  RecordVerdict,
} from './sync.types.ts';

/**
 * The pure heart of a sync (F-13, F-14): external records + their links + the Koppel side →
 * per record a verdict (add / link / update / unchanged / excluded / needs action / former /
 * skipped) and per target employee a group plan with field diffs (old → new). No I/O: the sync
 * service loads the inputs and carries out the plan; planning the same inputs twice gives the
 * same plan, which is what makes a re-run after a crash converge.
 *
 * Several records of one person (a rehire, a second contract) feed one employee — a "group".
 * The group's HR-owned employee fields come from its primary record (an active one before a
 * former one, then the latest hire date, then the lowest id); each record keeps its own contract.
 * Koppel-owned fields (manager, notes, leave corrections, initials) are never in a plan.
 */

export type PlanInput = {
  /** Every record, by identity (a full PlanRecord is one too). */
  records: readonly PlanIdentity[];
  /** Every Koppel employee of the tenant by id, as far as the verdict pass reads it (the group plans read KoppelRows). */
  employees: ReadonlyMap<string, PlanEmployeeIdentity>;
  /** Contract ids some external record (of any integration) already syncs into. */
  claimedContractIds: ReadonlySet<string>;
  mappings: MappingRow[];
  settings: IntegrationSettings;
  /** Over every employee of the tenant; only consulted for unlinked records. */
  matcher: Matcher | null;
  /** Personnel number → the Koppel employee holding it. */
  personnelNumbers: ReadonlyMap<string, string>;
  /** Personnel numbers used by records of OTHER connections of the same vendor in this tenant. */
  otherConnectionNumbers: ReadonlySet<string>;
  /** Job function ids by lower-cased name. */
  functionIds: ReadonlyMap<string, string>;
  /** Display names for reference ids (departments, contract types, functions). */
  labels: ReadonlyMap<string, string>;
  /** A reviewed preview is being applied: proposed adds count as decided. */
  acceptProposals: boolean;
  today: string;
  /** The vendor imports contract data once (registry `contractUpdates`): see planContract. */
  contractOnce?: boolean;
};

/** Plan input with every record's full data (planSync plans everything in one go). */
/**
 * Koppel's full rows for the groups being planned: employees by id and their contracts by employee id. A run reads them
 * for one part of the groups at a time (phases/plan.ts); a whole plan (planSync) has them for every employee.
 */
export type KoppelRows = { employees: ReadonlyMap<string, PlanEmployee>; contractsByEmployee: ReadonlyMap<string, PlanContract[]> };

export type FullPlanInput = Omit<PlanInput, 'records' | 'employees'> & { records: readonly PlanRecord[] } & KoppelRows;

export type SyncPlan = {
  verdicts: RecordVerdict[];
  groups: GroupPlan[];
  /** Job functions (by name) that must exist before the plan can set them; the service creates them and plans again. */
  missingFunctions: string[];
};

const EMPLOYEE_FIELDS = [
  ['firstName', 'first_name'],
  ['prefix', 'prefix'],
  ['lastName', 'last_name'],
  ['email', 'email'],
  ['personnelNumber', 'personnel_number'],
  ['birthDate', 'birth_date'],
  ['street', 'street'],
  ['houseNumber', 'house_number'],
  ['postalCode', 'postal_code'],
  ['city', 'city'],
  ['country', 'country'],
  ['phone', 'phone'],
  ['status', 'status'],
] as const;
type EmployeeField = (typeof EMPLOYEE_FIELDS)[number][0];

/** Which HR-owned employee fields this integration writes. Name, email, personnel number, BSN and status always. */
export function syncedEmployeeFields(settings: IntegrationSettings): Set<EmployeeField | 'bsn'> {
  const fields = new Set<EmployeeField | 'bsn'>(['firstName', 'prefix', 'lastName', 'email', 'personnelNumber', 'bsn', 'status']);
  if (settings.employeeFields.birthDate) fields.add('birthDate');
  if (settings.employeeFields.address) for (const f of ['street', 'houseNumber', 'postalCode', 'city', 'country'] as const) fields.add(f);
  if (settings.employeeFields.phone) fields.add('phone');
  return fields;
}

/** Fields the vendor sent malformed (`birthDate:not_a_date`): left as they are rather than blanked. */
export function warnedFields(warnings: readonly string[]): Set<string> {
  return new Set(warnings.map((w) => w.split(':')[0]!.trim()));
}

const collator = new Intl.Collator('en', { numeric: true });
const PLAIN_NUMBER = /^[1-9]\d*$/;
/**
 * The collator's numeric order, without its cost where it is not needed: for ids made of digits (no
 * leading zero, as Personio's) the numeric order is length, then text — the same order, 7× faster,
 * which counts when 100 000 records are sorted several times per sync.
 */
export const compareExternalIds = (a: string, b: string): number =>
  PLAIN_NUMBER.test(a) && PLAIN_NUMBER.test(b) ? a.length - b.length || (a < b ? -1 : a > b ? 1 : 0) : collator.compare(a, b);
const IDENTITY_FIELDS = ['firstName', 'lastName', 'email'];
export const displayName = (d: { firstName: string; prefix: string | null; lastName: string }) =>
  [d.firstName, d.prefix, d.lastName].filter(Boolean).join(' ') || '—';
const isFormer = (r: PlanIdentity) => r.missing || r.data.status === 'former';

/** Which of a person's records supplies the employee fields: active before former, then latest hire date, then lowest id. */
const primaryFirst = (a: PlanIdentity, b: PlanIdentity) =>
  Number(isFormer(a)) - Number(isFormer(b)) || (b.data.hireDate ?? '').localeCompare(a.data.hireDate ?? '') || compareExternalIds(a.externalId, b.externalId);

/**
 * The records in id order, except that a person's records (one BSN) come together, their primary first, where the
 * first of them stood. Planned in plain id order, a second record of someone met before their first (two companies,
 * a rehire) found no employee to join yet and was flagged against a number another record held; and the number
 * the group was started with was that record's, not the primary's that the employee gets: red rows the next,
 * unchanged sync resolved on its own (adding or linking them) — writes that sync should not have had.
 */
function planOrder(all: readonly PlanIdentity[]): PlanIdentity[] {
  const sorted = [...all].sort((a, b) => compareExternalIds(a.externalId, b.externalId));
  const byBsn = new Map<string, PlanIdentity[]>();
  for (const r of sorted) if (r.bsnHash) byBsn.set(r.bsnHash, [...(byBsn.get(r.bsnHash) ?? []), r]);
  const out: PlanIdentity[] = [];
  const placed = new Set<string>();
  for (const r of sorted) {
    if (placed.has(r.id)) continue;
    const person = r.bsnHash ? byBsn.get(r.bsnHash)! : [r];
    for (const m of person.length > 1 ? [...person].sort(primaryFirst) : person) {
      placed.add(m.id);
      out.push(m);
    }
  }
  return out;
}

/** The whole plan in one go: the verdict pass over every record, then every group (a run does the groups part by part: phases/plan.ts). */
export function planSync(input: FullPlanInput): SyncPlan {
  const pass = planVerdicts(input);
  const byId = new Map(input.records.map((r) => [r.id, r]));
  const missingFunctions = new Set<string>();
  const groups = planGroups(input, pass, pass.groups.values(), (id) => byId.get(id)!, missingFunctions, input);
  return { verdicts: pass.verdicts, groups, missingFunctions: [...missingFunctions].sort() };
}

/**
 * A group whose employee the verdict pass saw but its part's full rows lack: deleted in Koppel while the run planned.
 * There is nothing to diff against or write to, and its records must not make a second employee: the group stays
 * unchanged with the warning employee:deleted_during_sync, and the refresh after an apply (or the next run) asks what to
 * do with its records, as for any record whose employee was deleted.
 */
function goneGroup(g: PassGroup, primary: PlanRecord): GroupPlan {
  return {
    key: g.key,
    employeeId: g.employeeId,
    name: displayName(primary.data),
    recordIds: g.recordIds,
    linkRecordIds: [],
    primaryRecordId: primary.id,
    create: null,
    changes: [],
    contracts: [],
    action: 'unchanged',
    warnings: ['employee:deleted_during_sync'],
  };
}

/** A group the verdict pass formed: the target employee (null: one this plan adds) and the records feeding it. */
export type PassGroup = { key: string; employeeId: string | null; recordIds: string[]; linkRecordIds: string[] };

/** The verdict pass: a verdict per record, the groups, and what the group plans still need from it. */
export type VerdictPass = {
  verdicts: RecordVerdict[];
  verdictById: Map<string, RecordVerdict>;
  /** In plan order: a group comes where its first record stood. */
  groups: Map<string, PassGroup>;
  /** Personnel number → the group this plan creates with it. */
  pendingNumbers: Map<string, string>;
};

const mappingsOf = (input: Pick<PlanInput, 'mappings'>) => {
  const mapping = (kind: MappingRow['kind']) => new Map(input.mappings.filter((m) => m.kind === kind).map((m) => [m.externalId, m]));
  return { departments: mapping('department'), costCenters: mapping('cost_center'), contractTypes: mapping('contract_type_in'), functions: mapping('function') };
};

/**
 * The first half of the plan, over every record but on their identity alone (PlanIdentity: names, email, numbers,
 * status, hire date, the references the exclusion rules read): which record is added, linked, joins whom, waits or
 * is excluded. What a person becomes (the groups' field diffs) is the second half, planGroups, which needs the full
 * data of a group's records only: at 100 000 records the two halves let a run hold the identities and a part of the
 * data at a time (issue 13, peak memory), and still plan exactly what one pass over everything plans.
 */
export function planVerdicts(input: PlanInput, opts: { release?: boolean } = {}): VerdictPass {
  const { settings } = input;
  const records: (PlanIdentity | undefined)[] = planOrder(input.records);
  // `release` (a preview, which needs no identity after this pass; issue 13): input.records is emptied here and each
  // identity is let go once judged, so the pass's verdicts take the place of the identities instead of joining them
  // at the run's peak. The caller must hold no other reference to them.
  if (opts.release) (input.records as PlanIdentity[]).length = 0;
  const { departments, costCenters, contractTypes, functions } = mappingsOf(input);
  const ruleExcluded = (r: PlanIdentity) =>
    Boolean(
      (r.data.department && departments.get(r.data.department.externalId)?.exclude) ||
        (r.data.costCenter && costCenters.get(r.data.costCenter.externalId)?.exclude) ||
        (r.data.contractType && contractTypes.get(r.data.contractType.externalId)?.exclude) ||
        (r.data.jobFunction && functions.get(r.data.jobFunction.externalId)?.exclude),
    );

  const groups = new Map<string, PassGroup>();
  // Memory (issue 13: a first sync forms 100 000 groups of one record): a group's first record starts an array of
  // exactly one (grown by push from empty, an array reserves 17 slots: 30 MB at 100 000), and while every record of a
  // group is also one it links (an added person's), recordIds and linkRecordIds are one array. The first record it
  // does not link gives linkRecordIds an array of its own. Nothing else changes these arrays.
  const groupFor = (key: string, employeeId: string | null, recordId: string, link: boolean) => {
    const g = groups.get(key);
    if (!g) {
      const ids = [recordId];
      const created: PassGroup = { key, employeeId, recordIds: ids, linkRecordIds: link ? ids : [] };
      groups.set(key, created);
      return created;
    }
    const shared = g.linkRecordIds === g.recordIds;
    if (shared && !link) g.linkRecordIds = [...g.recordIds];
    g.recordIds.push(recordId);
    if (link && !shared) g.linkRecordIds.push(recordId);
    return g;
  };
  // Identity of the employees this plan creates, so a person's second record joins the first instead of adding twice.
  const pendingBsn = new Map<string, string>();
  const pendingEmail = new Map<string, string>();
  const pendingBirthName = new Map<string, string>();
  // Personnel number → the group (`new:<record>`) this plan creates with it.
  const pendingNumbers = new Map<string, string>();
  // Numbers of proposed adds still undecided: applying the reviewed preview adds them in this order, so a later
  // undecided row with the same number is flagged now (the review shows the clash the apply would meet).
  const proposedNumbers = new Set<string>();
  // A person (BSN) whose first-planned record — their primary — waits for a decision, with that record's verdict.
  const waiting = new Map<string, RecordVerdict>();

  const verdicts: RecordVerdict[] = [];
  const verdictById = new Map<string, RecordVerdict>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (opts.release) records[i] = undefined;
    const v: RecordVerdict = {
      recordId: r.id,
      externalId: r.externalId,
      name: displayName(r.data),
      status: 'unchanged',
      proposal: null,
      issues: EMPTY_LIST,
      ruleExcluded: false,
      needsAction: false,
      groupKey: null,
      warnings: r.data.warnings.length ? [...r.data.warnings] : EMPTY_LIST,
    };
    verdicts.push(v);
    verdictById.set(r.id, v);
    const needs = (issue: RecordIssue) => {
      v.status = 'needs_action';
      v.needsAction = true;
      if (!v.issues.includes(issue)) addIssue(v, issue);
      if (r.bsnHash && issue !== 'proposed_add' && !waiting.has(r.bsnHash)) waiting.set(r.bsnHash, v);
    };

    if (r.linkState === 'excluded') {
      v.status = 'excluded';
      continue;
    }
    if (ruleExcluded(r)) {
      v.status = 'excluded';
      v.ruleExcluded = true;
      continue;
    }
    if (r.linkState === 'skipped') {
      v.status = 'skipped';
      continue;
    }
    if (r.linkState === 'linked') {
      if (r.employeeId && input.employees.has(r.employeeId)) {
        const g = groupFor(r.employeeId, r.employeeId, r.id, false);
        v.groupKey = g.key;
        // Another active connection of this vendor uses the same personnel number (Loket numbers per employer):
        // the clash shows on this row too, as a note (the link stands; the other row waits for a decision).
        if (r.data.personnelNumber && input.otherConnectionNumbers.has(r.data.personnelNumber)) addIssue(v, 'personnel_number_other_connection');
        continue;
      }
      // The employee was deleted in Koppel, perhaps on purpose: never re-add it unasked.
      if (r.decision !== 'add') {
        needs('linked_employee_missing');
        continue;
      }
    }

    const pn = r.data.personnelNumber;
    const email = r.data.email?.trim().toLowerCase() || null;
    const birthName = r.data.birthDate ? `${r.data.birthDate}|${nameKey(r.data.firstName, r.data.lastName)}` : null;
    const proposal: Proposal = input.matcher
      ? input.matcher.propose({
          externalId: r.externalId,
          bsnHash: r.bsnHash,
          email: r.data.email,
          personnelNumber: pn,
          birthDate: r.data.birthDate,
          firstName: r.data.firstName,
          lastName: r.data.lastName,
        })
      : { action: 'add', reasons: [] };
    v.proposal = proposal;

    if (isFormer(r) && r.decision !== 'add') {
      // Former staff are never added; linking one stays possible by hand.
      v.status = 'former';
      continue;
    }
    // Never create or link from a record whose identity arrived broken: the next (full) read decides.
    if (r.decision !== 'add' && IDENTITY_FIELDS.some((f) => warnedFields(r.data.warnings).has(f))) {
      needs('vendor_data_invalid');
      continue;
    }

    // A personnel number alone proves nothing across two connections of one vendor: both number from 1.
    const numberOnly = proposal.action === 'link' && proposal.strength === 'strong' && proposal.reasons.every((x) => x === 'personnel_number') && Boolean(pn && input.otherConnectionNumbers.has(pn));
    // The user decided "add" (F-13): a weak or conflicting match, a possible duplicate, is theirs to overrule.
    // Only a strong match is refused when the decision is made (app-center recordAction), so none reaches here.
    const addDecided = r.decision === 'add';
    if (proposal.action === 'link' && !(addDecided && (proposal.strength === 'weak' || numberOnly))) {
      if (proposal.strength === 'weak') needs('weak_match');
      else if (numberOnly) needs('personnel_number_conflict');
      else {
        const g = groupFor(proposal.employeeId, proposal.employeeId, r.id, true);
        v.groupKey = g.key;
        v.status = 'link';
      }
      continue;
    }
    if (proposal.action === 'conflict' && !addDecided) {
      needs('match_conflict');
      continue;
    }

    // No Koppel employee matches. Perhaps an employee this plan is about to add (a person's second record)?
    const joinKey = (r.bsnHash && pendingBsn.get(r.bsnHash)) || (email && pendingEmail.get(email)) || null;
    if (joinKey) {
      groupFor(joinKey, null, r.id, true);
      v.groupKey = joinKey;
      v.proposal = { action: 'join', recordId: joinKey.slice(4), reasons: r.bsnHash && pendingBsn.get(r.bsnHash) ? ['bsn'] : ['email'] };
      continue;
    }
    // The person's primary record waits for a decision (a taken number, a weak match): their other records wait with
    // it. Added on their own they would make the employee without the primary, which the next, unchanged sync would
    // then link by BSN and take the employee fields from: writes that sync should not have.
    const held = r.bsnHash ? waiting.get(r.bsnHash) : undefined;
    if (held && !addDecided) {
      v.proposal = { action: 'join', recordId: held.recordId, reasons: ['bsn'] };
      for (const issue of held.issues) needs(issue);
      continue;
    }
    if (birthName && pendingBirthName.has(birthName) && !addDecided) {
      v.proposal = { action: 'join', recordId: pendingBirthName.get(birthName)!.slice(4), reasons: ['birth_date_name'] };
      needs('possible_duplicate');
      continue;
    }
    const decided = r.decision === 'add' || settings.autoAddEmployees || input.acceptProposals;
    const takenHere = Boolean(pn && (input.personnelNumbers.has(pn) || pendingNumbers.has(pn)));
    const numberTaken = takenHere || Boolean(pn && input.otherConnectionNumbers.has(pn));
    // Say who holds the number: an employee in Koppel, or only a record of another connection (two companies numbering alike, or one connected twice).
    const numberIssue: RecordIssue = takenHere ? 'personnel_number_conflict' : 'personnel_number_other_connection';
    if (!decided) {
      needs('proposed_add');
      if (numberTaken) addIssue(v, numberIssue);
      else if (pn && proposedNumbers.has(pn)) addIssue(v, 'personnel_number_conflict');
      else if (pn) proposedNumbers.add(pn);
      continue;
    }
    // A taken number is never merged: a human decides, and an explicit "add" creates the employee without it.
    if (numberTaken && r.decision !== 'add') {
      needs(numberIssue);
      continue;
    }
    const key = `new:${r.id}`;
    groupFor(key, null, r.id, true);
    v.groupKey = key;
    v.status = 'add';
    if (r.bsnHash && !pendingBsn.has(r.bsnHash)) pendingBsn.set(r.bsnHash, key);
    if (email && !pendingEmail.has(email)) pendingEmail.set(email, key);
    if (birthName && !pendingBirthName.has(birthName)) pendingBirthName.set(birthName, key);
    if (pn && !numberTaken) pendingNumbers.set(pn, key);
  }
  return { verdicts, verdictById, groups, pendingNumbers };
}

/** Adds an issue to a verdict; one without any shares EMPTY_LIST, which gets a list of its own first. */
function addIssue(v: RecordVerdict, issue: RecordIssue): void {
  if (v.issues === EMPTY_LIST) v.issues = [issue];
  else v.issues.push(issue);
}

/** A group's primary record: the one that supplies the employee fields (primaryFirst). */
const primaryOf = <T extends PlanIdentity>(members: readonly T[]): T => [...members].sort(primaryFirst)[0]!;

/**
 * Whether the personnel number a group would write (its primary's, unless the vendor sent it malformed) is someone
 * else's: a Koppel employee's, a record's of another connection, or another employee's this plan creates (an "add"
 * decided on a clashing row creates its employee without it: two new employees with one number would fail the apply
 * as duplicates). If so, the primary's verdict carries `personnel_number_taken`. Reads identities only.
 */
function numberTaken(input: PlanInput, pass: VerdictPass, g: PassGroup, primary: PlanIdentity): boolean {
  const pn = warnedFields(primary.data.warnings).has('personnelNumber') ? null : primary.data.personnelNumber;
  if (!pn) return false;
  const holder = input.personnelNumbers.get(pn);
  const foreign = input.otherConnectionNumbers.has(pn) && (!g.employeeId || holder !== g.employeeId);
  const claimant = pass.pendingNumbers.get(pn);
  if (!((holder && holder !== g.employeeId) || foreign || (claimant !== undefined && claimant !== g.key))) return false;
  const v = pass.verdictById.get(primary.id)!;
  if (!v.issues.includes('personnel_number_taken')) addIssue(v, 'personnel_number_taken');
  return true;
}

/**
 * What the group plans add to the stored verdicts (a taken personnel number), without planning the groups: the review
 * lists after an apply or a link action need no field diffs, so no record's full data is read for them.
 */
export function settleVerdicts(input: PlanInput, pass: VerdictPass): void {
  const identityOf = new Map(input.records.map((r) => [r.id, r]));
  for (const g of pass.groups.values()) numberTaken(input, pass, g, primaryOf(g.recordIds.map((id) => identityOf.get(id)!)));
}

/**
 * The second half: the field diffs of `groups` (some or all of the pass's), their records' full data from `full`.
 * Settles those records' verdicts (add / link / update / unchanged); job functions it could not find go into
 * `missingFunctions`. Planning a group twice gives the same plan.
 */
export function planGroups(
  input: PlanInput,
  pass: VerdictPass,
  groups: Iterable<PassGroup>,
  full: (recordId: string) => PlanRecord,
  missingFunctions: Set<string>,
  koppel: KoppelRows,
): GroupPlan[] {
  const { departments, costCenters, contractTypes, functions } = mappingsOf(input);
  const { verdictById } = pass;
  const synced = syncedEmployeeFields(input.settings);
  const planned: GroupPlan[] = [];
  for (const g of groups) {
    const members = g.recordIds.map(full);
    const primary = primaryOf(members);
    const status: 'active' | 'former' = members.some((m) => !isFormer(m)) ? 'active' : 'former';
    const warned = warnedFields(primary.data.warnings);
    const current = g.employeeId ? koppel.employees.get(g.employeeId) : null;
    if (current === undefined) {
      planned.push(goneGroup(g, primary));
      for (const m of members) verdictById.get(m.id)!.status = 'unchanged';
      continue;
    }
    const warnings: string[] = [];

    // Desired HR-owned columns; a field the vendor sent malformed keeps its current value.
    const desired: Record<string, unknown> = {};
    const d = primary.data;
    const values: Record<EmployeeField, unknown> = {
      firstName: d.firstName,
      prefix: d.prefix,
      lastName: d.lastName,
      email: d.email,
      personnelNumber: d.personnelNumber,
      birthDate: d.birthDate,
      street: d.street,
      houseNumber: d.houseNumber,
      postalCode: d.postalCode,
      city: d.city,
      country: d.country,
      phone: d.phone,
      status,
    };
    for (const [field, column] of EMPLOYEE_FIELDS) {
      if (!synced.has(field) || warned.has(field)) continue;
      if ((field === 'firstName' || field === 'lastName') && !values[field]) continue;
      desired[column] = values[field] ?? null;
    }
    if (numberTaken(input, pass, g, primary)) {
      delete desired.personnel_number;
      warnings.push('personnelNumber:taken');
    }

    const changes: FieldChange[] = [];
    let create: GroupPlan['create'] = null;
    if (current) {
      for (const [field, column] of EMPLOYEE_FIELDS) {
        if (!(column in desired)) continue;
        const before = (current as Record<string, unknown>)[column] ?? null;
        const after = desired[column] ?? null;
        // E-mail addresses compare without case (the domain is case-insensitive, and mailboxes are in practice):
        // the spelling Koppel holds stays when only the case differs.
        if (field === 'email' && typeof before === 'string' && typeof after === 'string' && before.toLowerCase() === after.toLowerCase()) continue;
        if (before !== after) changes.push({ entity: 'employee', field, old: before, new: after, oldColumns: { [column]: before }, newColumns: { [column]: after } });
      }
      // A vendor that has no BSN for someone must not wipe the one Koppel holds; a different BSN is taken over.
      if (synced.has('bsn') && !warned.has('bsn') && primary.bsnHash && (current.bsn_hash ?? null) !== primary.bsnHash) {
        changes.push({
          entity: 'employee',
          field: 'bsn',
          old: maskBsn(current.bsn_last3),
          new: maskBsn(primary.bsnLast3),
          oldColumns: { bsn_encrypted: current.bsn_encrypted, bsn_hash: current.bsn_hash, bsn_last3: current.bsn_last3 },
          newColumns: { bsn_encrypted: primary.bsnEncrypted, bsn_hash: primary.bsnHash, bsn_last3: primary.bsnLast3 },
        });
      }
    } else {
      create = {
        first_name: (desired.first_name as string | undefined) ?? (d.firstName || '?'),
        prefix: (desired.prefix as string | null | undefined) ?? null,
        last_name: (desired.last_name as string | undefined) ?? (d.lastName || '?'),
        email: (desired.email as string | null | undefined) ?? null,
        personnel_number: (desired.personnel_number as string | null | undefined) ?? null,
        bsn_encrypted: warned.has('bsn') ? null : primary.bsnEncrypted,
        bsn_hash: warned.has('bsn') ? null : primary.bsnHash,
        bsn_last3: warned.has('bsn') ? null : primary.bsnLast3,
        birth_date: (desired.birth_date as string | null | undefined) ?? null,
        street: (desired.street as string | null | undefined) ?? null,
        house_number: (desired.house_number as string | null | undefined) ?? null,
        postal_code: (desired.postal_code as string | null | undefined) ?? null,
        city: (desired.city as string | null | undefined) ?? null,
        country: (desired.country as string | null | undefined) ?? null,
        phone: (desired.phone as string | null | undefined) ?? null,
        status,
      };
    }

    // Contracts: one per record, adopted from the employee when it has exactly one nobody syncs into yet.
    const existing = g.employeeId ? (koppel.contractsByEmployee.get(g.employeeId) ?? []) : [];
    const unclaimed = existing.filter((c) => !input.claimedContractIds.has(c.id));
    let adoptable = unclaimed.length === 1 ? unclaimed[0]! : null;
    const contracts: ContractPlan[] = [];
    for (const m of members) {
      const plan = planContract(m, existing, adoptable, { departments, costCenters, contractTypes, functions }, input, missingFunctions, warnings);
      if (plan) {
        if (plan.adopt) adoptable = null;
        contracts.push(plan);
      }
    }

    const hasChanges = changes.length > 0 || contracts.some((c) => c.create || c.adopt || c.changes.length > 0) || g.linkRecordIds.length > 0;
    const action: GroupPlan['action'] = create ? 'add' : hasChanges ? 'update' : 'unchanged';
    const name = create ? displayName({ firstName: create.first_name, prefix: create.prefix, lastName: create.last_name }) : displayName({ firstName: current!.first_name, prefix: current!.prefix, lastName: current!.last_name });
    planned.push({ key: g.key, employeeId: g.employeeId, name, recordIds: g.recordIds, linkRecordIds: g.linkRecordIds, primaryRecordId: primary.id, create, changes, contracts, action, warnings });

    for (const m of members) {
      const v = verdictById.get(m.id)!;
      if (action === 'add') v.status = 'add';
      else if (g.linkRecordIds.includes(m.id)) v.status = 'link';
      else {
        const own = contracts.find((c) => c.recordId === m.id);
        v.status = changes.length > 0 || (own && (own.create || own.adopt || own.changes.length > 0)) ? 'update' : 'unchanged';
      }
    }
  }

  return planned;
}

const CONTRACT_FIELDS: [keyof Omit<PlanContract, 'id' | 'employee_id'>, string, boolean][] = [
  ['start_date', 'startDate', false],
  ['end_date', 'endDate', false],
  ['department_id', 'department', true],
  ['contract_type_id', 'contractType', true],
  ['function_id', 'function', true],
  ['weekly_hours', 'weeklyHours', false],
  ['hourly_wage', 'hourlyWage', false],
  ['cost_centers', 'costCenters', false],
  ['company', 'company', false],
];

/**
 * What an addition will write, as review-diff lines (field, no old value, new value): the employee
 * fields on the group's primary record, each record's new contract on that record. BSN masked,
 * references by name; a job function the apply still has to create shows by the vendor's name.
 */
export function additionChanges(
  g: GroupPlan,
  recordId: string,
  ctx: { records: ReadonlyMap<string, PlanRecord>; labels: ReadonlyMap<string, string>; missingFunctions: readonly string[] },
): { field: string; old: null; new: unknown }[] {
  if (!g.create) return [];
  const out: { field: string; old: null; new: unknown }[] = [];
  const put = (field: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') out.push({ field, old: null, new: value });
  };
  if (recordId === g.primaryRecordId) {
    for (const [field, column] of EMPLOYEE_FIELDS) put(field, g.create[column]);
    if (g.create.bsn_last3) put('bsn', maskBsn(g.create.bsn_last3));
  }
  const contract = g.contracts.find((c) => c.recordId === recordId)?.create;
  if (contract) {
    for (const [column, field, isRef] of CONTRACT_FIELDS) {
      const v = contract[column];
      put(field, isRef && typeof v === 'string' ? (ctx.labels.get(v) ?? v) : v);
    }
    const position = ctx.records.get(recordId)?.data.position?.trim();
    if (!contract.function_id && position && ctx.missingFunctions.includes(position)) put('function', position);
  }
  return out;
}

type ContractMaps = {
  departments: Map<string, MappingRow>;
  costCenters: Map<string, MappingRow>;
  contractTypes: Map<string, MappingRow>;
  functions: Map<string, MappingRow>;
};

function planContract(
  r: PlanRecord,
  existing: PlanContract[],
  adoptable: PlanContract | null,
  maps: ContractMaps,
  input: PlanInput,
  missingFunctions: Set<string>,
  warnings: string[],
): ContractPlan | null {
  const { contractFields } = input.settings;
  const d = r.data;
  const warned = warnedFields(d.warnings);
  // undefined = this sync does not touch the column.
  const want: Partial<Record<keyof Omit<PlanContract, 'id' | 'employee_id'>, unknown>> = {};
  if (d.hireDate && !warned.has('hireDate')) want.start_date = d.hireDate;
  const department = (d.department && maps.departments.get(d.department.externalId)?.koppelId) || (d.costCenter && maps.costCenters.get(d.costCenter.externalId)?.koppelId) || null;
  if (department) want.department_id = department;
  const type = d.contractType && maps.contractTypes.get(d.contractType.externalId)?.koppelId;
  if (type) want.contract_type_id = type;
  if (contractFields.function && d.jobFunction !== undefined) {
    // A vendor with function ids (Nmbrs): the function mapping (F-12) decides; an unmapped function leaves the
    // contract's function as it is (the review's functions step is red until it is mapped), nothing is created by name.
    const id = d.jobFunction && maps.functions.get(d.jobFunction.externalId)?.koppelId;
    if (id) want.function_id = id;
  } else if (contractFields.function && d.position && !warned.has('position')) {
    const id = input.functionIds.get(d.position.trim().toLowerCase());
    if (id) want.function_id = id;
    else missingFunctions.add(d.position.trim());
  }
  if (contractFields.endDates && !warned.has('contractEndDate') && !warned.has('terminationDate')) {
    const ends = [d.contractEndDate, d.terminationDate].filter((x): x is string => Boolean(x)).sort();
    want.end_date = ends[0] ?? null;
  }
  if (contractFields.contractHours && d.weeklyHours !== null && !warned.has('weeklyHours')) {
    if (d.weeklyHours <= 80) want.weekly_hours = d.weeklyHours;
    else warnings.push('weeklyHours:over_80');
  }
  if (contractFields.hourlyWages && !warned.has('hourlyWage')) want.hourly_wage = d.hourlyWage;
  // The cost-center split as the HR system gives it (HR-owned, read-only in Koppel); untouched when the vendor sent it malformed.
  if (!warned.has('costCenter')) want.cost_centers = d.costCenters?.length ? d.costCenters.map((c) => ({ externalId: c.externalId, name: c.name, percentage: c.percentage })) : null;
  // The company (Nmbrs' werkmaatschappij) from a vendor that names it: HR-owned, overwritten by every sync.
  if (d.company !== undefined) want.company = d.company?.name || null;

  const current = (r.contractId && existing.find((c) => c.id === r.contractId)) || null;
  if (!current && !adoptable && !want.start_date) {
    if (!isFormer(r)) warnings.push('contract:no_hire_date');
    return null;
  }
  // Former records do not get a new contract: they ended before Koppel knew them.
  if (!current && !adoptable && isFormer(r)) return null;
  const base = current ?? adoptable;
  if (!base) {
    const start = want.start_date as string;
    let end = (want.end_date as string | null | undefined) ?? null;
    if (end !== null && end < start) end = null;
    return {
      recordId: r.id,
      contractId: null,
      adopt: false,
      create: {
        start_date: start,
        end_date: end,
        department_id: (want.department_id as string | undefined) ?? null,
        contract_type_id: (want.contract_type_id as string | undefined) ?? null,
        function_id: (want.function_id as string | undefined) ?? null,
        weekly_hours: (want.weekly_hours as number | undefined) ?? 0,
        hourly_wage: (want.hourly_wage as number | null | undefined) ?? null,
        cost_centers: (want.cost_centers as CostShare[] | null | undefined) ?? null,
        ...(want.company !== undefined ? { company: want.company as string | null } : {}),
      },
      changes: [],
    };
  }
  if (input.contractOnce) {
    // Contract data came in once, with the addition: later syncs take over only the end date; linking an existing
    // employee (adopting its contract) also takes over the department (F-14 for Loket, the seed).
    const keep = current ? ['end_date'] : ['end_date', 'department_id'];
    for (const column of Object.keys(want) as (keyof typeof want)[]) if (!keep.includes(column)) delete want[column];
  }
  const start = (want.start_date as string | undefined) ?? base.start_date;
  if (want.end_date !== undefined && want.end_date !== null && (want.end_date as string) < start) {
    delete want.end_date;
    warnings.push('endDate:before_start');
  }
  const changes: FieldChange[] = [];
  const label = (v: unknown) => (typeof v === 'string' ? (input.labels.get(v) ?? v) : v);
  for (const [column, field, isRef] of CONTRACT_FIELDS) {
    if (!(column in want)) continue;
    const before = (base as Record<string, unknown>)[column] ?? null;
    const after = want[column] ?? null;
    if (before === after || (typeof before === 'number' && typeof after === 'number' && Math.abs(before - after) < 0.005)) continue;
    if (typeof after === 'object' && sameJson(before, after)) continue;
    changes.push({
      entity: 'contract',
      field,
      old: isRef ? label(before) : before,
      new: isRef ? label(after) : after,
      oldColumns: { [column]: before },
      newColumns: { [column]: after },
    });
  }
  return { recordId: r.id, contractId: base.id, adopt: !current, create: null, changes };
}
