import type { Selectable } from 'kysely';
import type { Actor } from '../../domain/actor.ts';
import type { Contract, Employee, IntegrationsTable, SyncChangesTable, SyncRunsTable, SyncTrigger } from '../../platform/db/schema.ts';
import type { LinkState, MappingRow, PlanContract, PlanEmployee, PlanEmployeeIdentity, RecordVerdict, StoredExternalData, SyncCounts } from './sync.types.ts';

/**
 * The ports the sync engine's phases work through. Each phase (ingest, plan-input, plan, apply,
 * undo, notify) sees only the ports it needs, so it can be tested with in-memory fakes; the
 * database implementations live in ./db/. Every method is scoped by tenant first.
 */

export type IntegrationRow = Selectable<IntegrationsTable>;
export type SyncRunRow = Selectable<SyncRunsTable>;
export type SyncChangeRow = Selectable<SyncChangesTable>;

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

// ── runs ─────────────────────────────────────────────────────────────────────

export type RunRequest = {
  mode: 'preview' | 'apply' | 'undo';
  trigger: SyncTrigger;
  requestedBy?: string | null;
  full?: boolean;
  previewRunId?: string;
  undoOfRunId?: string;
};

export type RunMessage = { recordId?: string; externalId?: string; name: string; messages: string[] };

export type ListingResult = {
  full: boolean;
  startedAt: Date;
  clean: boolean;
  state?: unknown;
  /** The listing resumed an earlier one: it saw only part of the records, so it proves nothing about who is gone. */
  resumed?: boolean;
  /** The connector's change position this listing covers (`onChangeCursor`); kept only when the listing is clean. */
  changeCursor?: string | null;
};

/** What a finished run leaves behind (sync_runs row and the integration's health, cursor, state). */
export type RunOutcome = {
  at: Date;
  counts: SyncCounts;
  apiCalls: number;
  warnings: RunMessage[];
  errors: RunMessage[];
  plan: { items: unknown[]; truncated: number };
  applied: boolean;
  listing?: ListingResult;
};

export type RunFailure = {
  at: Date;
  code: string;
  message: string;
  counts: SyncCounts;
  apiCalls: number;
  warnings: RunMessage[];
  errors: RunMessage[];
  reconnect: boolean;
  /** Leave the integration's health as it is (a run refused because the integration was switched off). */
  keepHealth: boolean;
  /** Where the listing stopped, for the next run to resume from (issue 14); undefined = keep what is stored. */
  resume?: ListingResume;
};

/** A listing that stopped part-way: the next run of the same kind continues from `position`. */
export type ListingResume = { position: string; full: boolean; startedAt: string; updatedSince: string | null };

export type OutgoingMail = { to: string[]; subject: string; text: string };

/** sync_runs: one queued-or-running run per integration, claimed by the job that executes it. */
export interface RunStore {
  loadIntegration(tenantId: string, id: string): Promise<IntegrationRow>;
  loadRun(tenantId: string, id: string): Promise<SyncRunRow>;
  /** A queued run, or the integration's queued/running one (two triggers → one run). */
  createRun(integration: IntegrationRow, request: RunRequest): Promise<{ run: SyncRunRow; created: boolean }>;
  /**
   * Marks the run running (again, when its worker died: `restarted`, and it keeps its first start time);
   * undefined when it is finished.
   */
  claim(tenantId: string, runId: string): Promise<(SyncRunRow & { restarted: boolean }) | undefined>;
  setProgress(run: SyncRunRow, progress: RunProgress): Promise<void>;
  /** The job carrying the run (so an abandoned run can be told from a running one). */
  setJob(tenantId: string, runId: string, jobId: number): Promise<void>;
  /** The run's changes, newest first (undo replays them backwards). */
  changesOf(tenantId: string, runId: string): Promise<SyncChangeRow[]>;
  markUndone(tenantId: string, runId: string, undoneBy: string): Promise<void>;
  /** Finishes the run; the mail is queued in the same transaction, so it goes out exactly when the run is recorded. */
  succeed(run: SyncRunRow, integration: IntegrationRow, outcome: RunOutcome, mail: OutgoingMail | null): Promise<void>;
  fail(run: SyncRunRow, integration: IntegrationRow, failure: RunFailure, mail: OutgoingMail | null): Promise<void>;
}

// ── external records ─────────────────────────────────────────────────────────

export type StoredHash = { hash: string; bsnHash: string | null; bsnEncrypted: string | null; missing: boolean };

export type ExternalRecordWrite = {
  data: StoredExternalData;
  /** `data` as the JSON text the hash covers: stored as it is, not serialised a second time. */
  json: string;
  bsnEncrypted: string | null;
  bsnHash: string | null;
  bsnLast3: string | null;
  hash: string;
};

/** An external_records row as the planner and the review lists need it. */
export type StoredRecordRow = {
  id: string;
  external_id: string;
  data: unknown;
  bsn_encrypted: string | null;
  bsn_hash: string | null;
  bsn_last3: string | null;
  data_hash: string;
  link_state: LinkState;
  decision: 'add' | null;
  employee_id: string | null;
  contract_id: string | null;
  proposal: unknown;
  needs_action: boolean;
  issues: unknown;
  rule_excluded: boolean;
  former: boolean;
  missing_since: Date | null;
};

/** The verdict columns of a record as stored, so a plan writes only the verdicts that moved. */
export type VerdictRow = Pick<StoredRecordRow, 'id' | 'data_hash' | 'link_state' | 'proposal' | 'needs_action' | 'issues' | 'rule_excluded'>;

/** external_records: what the vendor listed, its link to Koppel and its verdict for the review lists. */
export interface RecordStore {
  hashes(integration: IntegrationRow): Promise<Map<string, StoredHash>>;
  /** Inserts or rewrites records (by integration + external id), marking them seen by `runId`. */
  upsert(integration: IntegrationRow, runId: string, records: ExternalRecordWrite[]): Promise<void>;
  /** Fresh planner statistics after a bulk load. */
  analyze(): Promise<void>;
  markMissing(integration: IntegrationRow, externalIds: string[]): Promise<void>;
  /** "Skip" holds for one sync: a new sync asks again. */
  /** Skipped rows back to undecided (after the apply the skip was for); how many there were. */
  resetSkipped(integration: IntegrationRow): Promise<number>;
  /**
   * Every record of the integration for the planner. `{ data: false }` leaves the vendor's data out, and with it the
   * columns that only change with the data (`external_id`, the BSN columns; all undefined then): for a re-plan that
   * still holds them from an earlier load and checks `data_hash` instead. `afterId` + `limit`: one page in id order
   * (the identities of 100 000 records are read a page at a time); `ids`: only those records; `identity`: of the data
   * only the keys the verdict pass reads (IDENTITY_DATA_KEYS).
   */
  listForPlan(integration: IntegrationRow, opts?: { data?: boolean; identity?: boolean; afterId?: string; limit?: number; ids?: readonly string[] }): Promise<StoredRecordRow[]>;
  /** Contract ids some record (of any integration of the tenant) syncs into. */
  claimedContractIds(tenantId: string): Promise<string[]>;
  /** Personnel numbers of records of other connections of the same vendor. */
  otherConnectionNumbers(integration: IntegrationRow): Promise<string[]>;
  /** Stores changed verdicts; returns how many rows moved. */
  writeVerdicts(tenantId: string, rows: readonly VerdictRow[], verdicts: readonly RecordVerdict[]): Promise<number>;
  needsAction(integration: IntegrationRow, limit: number): Promise<{ data: unknown; issues: unknown }[]>;
}

/** Link state changes made inside a WorkforceWriter transaction (they must commit with the employee they point to). */
export interface RecordLinks {
  /** Links a record that is still unlinked (or whose employee was deleted); false when someone decided otherwise meanwhile. */
  link(recordId: string, employeeId: string): Promise<boolean>;
  /** The same for many records at once, each with the contract created for it; returns how many were linked. */
  linkMany(links: { id: string; employee_id: string; contract_id: string | null }[]): Promise<number>;
  setContract(recordId: string, contractId: string): Promise<void>;
  /** Unlinks every record of the employee (its deletion follows). */
  unlinkEmployee(employeeId: string): Promise<void>;
  clearContract(contractId: string): Promise<void>;
  /** Undoes one link if it still points where the run put it. */
  unlink(recordId: string, what: { field: 'contract'; contractId: string } | { field: null; employeeId: string }): Promise<boolean>;
  linkedElsewhere(employeeId: string, integrationId: string): Promise<boolean>;
}

// ── Koppel's side ────────────────────────────────────────────────────────────

export type NewSyncChange = {
  record_id?: string | null;
  employee_id: string | null;
  entity: 'employee' | 'contract' | 'record';
  entity_id: string | null;
  action: 'add' | 'update' | 'link';
  field?: string | null;
  old?: unknown;
  new?: unknown;
  oldColumns?: unknown;
  newColumns?: unknown;
};

export type AuditEntry = { action: string; entityType: string; entityId: string; changes: unknown };

export type NewEmployeeRow = Omit<PlanEmployee, 'id'> & { id: string; source: string };
export type NewContractRow = Omit<PlanContract, 'id' | 'employee_id'> & { id: string; employee_id: string };

/** One transaction's view of Koppel's employees and contracts, with the change log and audit trail written alongside. */
export interface WorkforceTx {
  readonly records: RecordLinks;
  lockEmployee(id: string): Promise<Employee | undefined>;
  /** Sets columns and bumps updated_at (and the search text from the merged row). */
  updateEmployee(before: Employee, set: Record<string, unknown>): Promise<void>;
  deleteEmployee(id: string): Promise<void>;
  lockContract(id: string): Promise<Contract | undefined>;
  contractStamp(id: string): Promise<{ id: string; updated_at: Date } | undefined>;
  contractStamps(employeeId: string): Promise<{ id: string; updated_at: Date }[]>;
  updateContract(id: string, set: Record<string, unknown>): Promise<void>;
  deleteContract(id: string): Promise<void>;
  /** Inserts employees and contracts (in multi-row statements). */
  insert(employees: NewEmployeeRow[], contracts: NewContractRow[]): Promise<void>;
  /** Rows hanging off an employee that Koppel users made: the first table that has one, or null. */
  workedWith(employeeId: string): Promise<'shifts' | 'absences' | 'leave_adjustments' | null>;
  auditedSince(entityType: string, entityId: string, since: Date): Promise<boolean>;
  /** sync_changes of this run. */
  changes(rows: NewSyncChange[]): Promise<void>;
  audit(entries: AuditEntry[]): Promise<void>;
}

export type WriteScope = { tenantId: string; runId: string; actor: Actor };

export interface WorkforceWriter {
  /** Everything `fn` writes commits together, or nothing does (the error is rethrown). */
  transaction<T>(scope: WriteScope, fn: (tx: WorkforceTx) => Promise<T>): Promise<T>;
}

// ── what the planner reads from Koppel ───────────────────────────────────────

export type KoppelSide = {
  /** Every employee of the tenant, identity columns only (the verdict pass; the full rows come from koppelRows). */
  employees: PlanEmployeeIdentity[];
  mappings: MappingRow[];
  functions: { id: string; name: string }[];
  departments: { id: string; name: string }[];
  contractTypes: { id: string; name: string }[];
};

export interface PlanSource {
  koppelSide(integration: IntegrationRow): Promise<KoppelSide>;
  /** The full rows of the employees `employeeIds` (every employee of the tenant without it) and their contracts. */
  koppelRows(tenantId: string, employeeIds?: readonly string[]): Promise<{ employees: PlanEmployee[]; contracts: PlanContract[] }>;
  tenantZone(tenantId: string): Promise<string>;
  /** Creates job functions the plan needs (by name; existing ones are left); returns the functions of those names. */
  ensureFunctions(tenantId: string, names: string[]): Promise<{ id: string; name: string }[]>;
}

// ── mail ─────────────────────────────────────────────────────────────────────

export type MailChange = { field: string; old: unknown; new: unknown };
export type MailPerson = { name: string; changes: MailChange[] };

/** Composes the mails after a run (sync-mail.ts texts in the tenant's language); the RunStore sends them with the run's outcome. */
/** Where a running run is; `retry` while the HR system is retried after a failed request (issue 15). */
export type RunProgress = {
  phase: string;
  done: number;
  total: number;
  retry?: { attempt: number; reason: 'vendor_unreachable' | 'vendor_rate_limited' | 'vendor_error' | 'vendor_refused'; detail: string; nextAttemptAt: string };
};

export interface Notifier {
  afterApply(integration: IntegrationRow, to: string[], at: Date, people: { added: MailPerson[]; updated: MailPerson[] }): Promise<OutgoingMail | null>;
  reconnectNeeded(integration: IntegrationRow, to: string[], at: Date, detail: string): Promise<OutgoingMail | null>;
  /** A run failed for another reason than refused credentials (issue 15): to the notification addresses. */
  runFailed(integration: IntegrationRow, to: string[], at: Date, failure: { code: string; detail: string }): Promise<OutgoingMail | null>;
}
