import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { RecruitingTables } from './recruiting-schema.ts';

/** Table types for Kysely, mirroring src/db/migrations. Dates are 'YYYY-MM-DD' strings, times 'HH:MM:SS', numerics numbers. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type CreatedAt = ColumnType<Date, never, never>;
type Json = ColumnType<unknown, string, string>;

import type { Role } from '../../domain/actor.ts';

export type { Role };
import type { Locale } from '../../domain/locale.ts';

export type { Locale };
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  locale: Generated<Locale>;
  country: Generated<'NL' | 'DE'>;
  time_zone: string;
  created_at: CreatedAt;
}
export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role: Role;
  locale: Locale | null;
  time_zone: Generated<string>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface SessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  csrf_token: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}
export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  role: Role;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}
export interface CostCentersTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  created_at: CreatedAt;
}
export interface DepartmentsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  code: string | null;
  cost_center_id: string | null;
  archived: Generated<boolean>;
  created_at: CreatedAt;
}
export interface ContractTypesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  leave_weeks: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}
export interface JobFunctionsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  created_at: CreatedAt;
}
export interface EmployeesTable {
  id: Generated<string>;
  tenant_id: string;
  first_name: string;
  prefix: string | null;
  last_name: string;
  initials: string | null;
  email: string | null;
  bsn_encrypted: string | null;
  bsn_hash: string | null;
  bsn_last3: string | null;
  personnel_number: string | null;
  birth_date: string | null;
  street: string | null;
  house_number: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  phone: string | null;
  status: Generated<'active' | 'former'>;
  source: Generated<string>;
  manager_id: string | null;
  notes: string | null;
  search_text: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface ContractsTable {
  id: Generated<string>;
  tenant_id: string;
  employee_id: string;
  contract_type_id: string | null;
  department_id: string | null;
  function_id: string | null;
  start_date: string;
  end_date: string | null;
  weekly_hours: ColumnType<number, number | undefined, number>;
  hourly_wage: number | null;
  /** Cost centers as the HR system splits them, [{externalId, name, percentage}] (migration 040); null = none known. */
  cost_centers: ColumnType<unknown, unknown, unknown>;
  /** The company ("werkmaatschappij") the contract is with, as the HR system names it (migration 088); null = none known. */
  company: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface HourComponentsTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  rate_percent: ColumnType<number, number | undefined, number>;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
}
export interface HourComponentRulesTable {
  id: Generated<string>;
  tenant_id: string;
  hour_component_id: string;
  priority: Generated<number>;
  weekdays: ColumnType<number[], number[] | undefined, number[]>;
  time_from: string | null;
  time_to: string | null;
  department_id: string | null;
  public_holidays_only: Generated<boolean>;
  created_at: CreatedAt;
}
export interface WageComponentsTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  created_at: CreatedAt;
}
export interface ShiftsTable {
  id: Generated<string>;
  tenant_id: string;
  employee_id: string;
  date: string;
  start_time: string;
  end_time: string;
  break_minutes: Generated<number>;
  department_id: string | null;
  hour_component_id: string | null;
  status: Generated<ApprovalStatus>;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  note: string | null;
  source: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export type AbsenceKind = 'vacation' | 'sick' | 'special_leave' | 'not_plannable' | 'other';
export interface AbsenceTypesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  kind: AbsenceKind;
  deducts_leave: Generated<boolean>;
  created_at: CreatedAt;
}
export type AbsenceUnit = 'days' | 'half_day' | 'hours';
export interface AbsencesTable {
  id: Generated<string>;
  tenant_id: string;
  employee_id: string;
  absence_type_id: string;
  start_date: string;
  end_date: string;
  unit: AbsenceUnit;
  hours: number | null;
  status: Generated<ApprovalStatus>;
  source: Generated<string>;
  comment: string | null;
  /** Set on absences an import created (migration 053): the integration and `<vendor id>#<first date>`. */
  source_integration_id: string | null;
  source_key: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface AbsenceImportRunsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  trigger: 'manual' | 'schedule' | 'cli' | 'api';
  status: Generated<'running' | 'succeeded' | 'failed'>;
  window_from: string | null;
  window_to: string | null;
  counts: ColumnType<unknown, string | undefined, string>;
  skipped: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  started_at: CreatedAt;
  finished_at: NullableTimestamp;
}
export interface LeaveAdjustmentsTable {
  id: Generated<string>;
  tenant_id: string;
  employee_id: string;
  year: number;
  hours: number;
  reason: string;
  created_at: CreatedAt;
}
export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  actor_type: 'user' | 'api_token' | 'sync' | 'system';
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Json | null;
  created_at: CreatedAt;
}
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'dead';
export interface JobsTable {
  id: Generated<number>;
  name: string;
  tenant_id: string | null;
  payload: Json;
  status: Generated<JobStatus>;
  singleton_key: string | null;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  progress: Json | null;
  last_error: string | null;
  result: Json | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
}
export interface JobSchedulesTable {
  key: string;
  name: string;
  tenant_id: string | null;
  payload: Json;
  daily_at_minute: number;
  time_zone: Generated<string>;
  next_run_at: Timestamp;
  enabled: Generated<boolean>;
}
export interface CaughtMailsTable {
  id: Generated<number>;
  tenant_id: string | null;
  message_id: string | null;
  mail_from: string;
  rcpt_to: string[];
  subject: string;
  text_body: string | null;
  html_body: string | null;
  raw: string;
  received_at: CreatedAt;
}

export type IntegrationHealth = 'healthy' | 'warnings' | 'failing' | 'reconnect_needed';
export interface IntegrationsTable {
  id: Generated<string>;
  tenant_id: string;
  vendor: string;
  name: string;
  base_url: string;
  credentials_encrypted: string;
  credentials_hint: Generated<string>;
  active: Generated<boolean>;
  settings: ColumnType<unknown, string | undefined, string>;
  health: Generated<IntegrationHealth>;
  health_detail: string | null;
  last_success_at: NullableTimestamp;
  sync_cursor: NullableTimestamp;
  /** The connector's own change position (e.g. Loket's last-modified version number) after the last clean listing (migration 086); null = none. */
  sync_change_cursor: string | null;
  last_full_listing_at: NullableTimestamp;
  first_sync_applied: Generated<boolean>;
  vendor_state: Json | null;
  /** The accounts the integration covers, [{id, name, kind, parentId?}] (migration 031); null = not chosen. */
  account_scope: ColumnType<unknown, string | null | undefined, string | null>;
  /** A listing that stopped, to resume: {position, full, startedAt, updatedSince?} (migration 040); null = none. */
  sync_resume: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export type MappingKind = 'department' | 'cost_center' | 'contract_type_in' | 'contract_type_out' | 'function';
export interface IntegrationMappingsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  kind: MappingKind;
  external_id: string;
  external_name: Generated<string>;
  koppel_id: string | null;
  exclude: Generated<boolean>;
  updated_at: Timestamp;
}
export type LinkState = 'unlinked' | 'linked' | 'excluded' | 'skipped';
export interface ExternalRecordsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  vendor: string;
  external_id: string;
  data: ColumnType<unknown, string, string>;
  bsn_encrypted: string | null;
  bsn_hash: string | null;
  bsn_last3: string | null;
  personnel_number: string | null;
  data_hash: string;
  link_state: Generated<LinkState>;
  decision: 'add' | null;
  employee_id: string | null;
  contract_id: string | null;
  proposal: Json | null;
  needs_action: Generated<boolean>;
  issues: ColumnType<unknown, string | undefined, string>;
  rule_excluded: Generated<boolean>;
  former: Generated<boolean>;
  missing_since: NullableTimestamp;
  sort_name: Generated<string>;
  last_seen_run: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export type SyncTrigger = 'manual' | 'schedule' | 'cli' | 'api';
export type SyncMode = 'preview' | 'apply' | 'undo';
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export interface SyncRunsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  trigger: SyncTrigger;
  mode: SyncMode;
  status: Generated<SyncRunStatus>;
  listing: string | null;
  requested_by: string | null;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  counts: ColumnType<unknown, string | undefined, string>;
  api_calls: Generated<number>;
  warnings: ColumnType<unknown, string | undefined, string>;
  errors: ColumnType<unknown, string | undefined, string>;
  plan: Json | null;
  progress: Json | null;
  job_id: number | null;
  error: string | null;
  preview_run_id: string | null;
  applied_run_id: string | null;
  undo_of_run_id: string | null;
  undone_by_run_id: string | null;
  created_at: CreatedAt;
}
export interface SyncChangesTable {
  id: Generated<number>;
  tenant_id: string;
  run_id: string;
  record_id: string | null;
  employee_id: string | null;
  entity: 'employee' | 'contract' | 'record';
  entity_id: string | null;
  action: 'add' | 'update' | 'link';
  field: string | null;
  old_value: Json | null;
  new_value: Json | null;
  old_columns: Json | null;
  new_columns: Json | null;
  created_at: CreatedAt;
}

/** The outbound journal (migration 050): export runs, one item per write to an external system, its attempts, sent days. */
export type OutboundRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export interface OutboundRunsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  kind: string;
  period_from: string;
  period_to: string;
  dry_run: Generated<boolean>;
  status: Generated<OutboundRunStatus>;
  counts: ColumnType<unknown, string | undefined, string>;
  requested_by: string | null;
  error: string | null;
  started_at: CreatedAt;
  heartbeat_at: Timestamp;
  finished_at: NullableTimestamp;
}
export type OutboundItemStatus = 'pending' | 'sent' | 'retrying' | 'dead' | 'refused' | 'dismissed' | 'removing' | 'removed';
export interface OutboundItemsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  kind: string;
  idempotency_key: string;
  subject_id: string | null;
  period_date: string;
  payload: Json;
  payload_hash: string;
  sent_hash: string | null;
  external_id: string | null;
  status: Generated<OutboundItemStatus>;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_error: ColumnType<unknown, string | null | undefined, string | null>;
  last_run_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface OutboundAttemptsTable {
  id: Generated<number>;
  tenant_id: string;
  item_id: string;
  run_id: string | null;
  operation: 'write' | 'remove' | 'read_back';
  outcome: string;
  error_code: string | null;
  message: string | null;
  at: CreatedAt;
}
export interface OutboundPeriodLocksTable {
  tenant_id: string;
  integration_id: string;
  kind: string;
  day: string;
  run_id: string | null;
  sent_at: Timestamp;
}
/** A write on a sent day (migration 052, F-25): carried by the next send of its kind. */
export type CorrectionSubject = 'shift' | 'absence';
export type CorrectionAction = 'create' | 'update' | 'delete' | 'approve' | 'reject' | 'reopen' | 'import';
/** Loket.nl mappings (migration 071): Koppel department / hour / wage component → Loket cost center or component number. */
export interface LoketMappingsTable {
  tenant_id: string;
  integration_id: string;
  kind: 'cost_center' | 'distribution_unit' | 'hour_component' | 'wage_component';
  koppel_id: string;
  loket_code: string;
  updated_at: Generated<Date>;
}
export interface OutboundCorrectionsTable {
  id: Generated<string>;
  tenant_id: string;
  integration_id: string;
  kind: string;
  subject_type: CorrectionSubject;
  subject_id: string;
  day: string;
  action: CorrectionAction;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  before: ColumnType<unknown, string | null | undefined, string | null>;
  after: ColumnType<unknown, string | null | undefined, string | null>;
  /** Why an approved subject was corrected (migration 082); null when no reason was asked. */
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  carried_at: NullableTimestamp;
  carried_run_id: string | null;
}

/** Where an integration's continuous export of a kind stands (migration 051). */
export interface OutboundCursorsTable {
  tenant_id: string;
  integration_id: string;
  kind: string;
  changed_since: Timestamp;
  updated_at: Generated<Date>;
}

/**
 * An authorization-code connect waiting for the vendor's page (Nmbrs' consent, Loket's login): migration 061 as
 * integration_consents, renamed in 093. id = sha256 of the state; the form and the PKCE verifier encrypted.
 */
export interface IntegrationAuthorizationsTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  /** Who started it (a user's or an API token's id); the callback must come from the same actor. */
  actor_id: string | null;
  vendor: string;
  integration_id: string | null;
  name: string;
  base_url: string;
  redirect_uri: string;
  secrets_encrypted: string;
  expires_at: Timestamp;
}

/** A Koppel hour component's payroll hour code per integration (migration 061, F-24). */
export interface OutboundHourCodesTable {
  tenant_id: string;
  integration_id: string;
  hour_component_id: string;
  hour_code: string;
  updated_at: Generated<Date>;
}

/** Recruiting's tables are declared in src/recruiting/db-schema.ts (migration 020). */
export interface DB extends RecruitingTables {
  absence_import_runs: AbsenceImportRunsTable;
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  cost_centers: CostCentersTable;
  departments: DepartmentsTable;
  contract_types: ContractTypesTable;
  job_functions: JobFunctionsTable;
  employees: EmployeesTable;
  contracts: ContractsTable;
  hour_components: HourComponentsTable;
  hour_component_rules: HourComponentRulesTable;
  wage_components: WageComponentsTable;
  shifts: ShiftsTable;
  absence_types: AbsenceTypesTable;
  absences: AbsencesTable;
  leave_adjustments: LeaveAdjustmentsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  caught_mails: CaughtMailsTable;
  integrations: IntegrationsTable;
  integration_mappings: IntegrationMappingsTable;
  external_records: ExternalRecordsTable;
  sync_runs: SyncRunsTable;
  sync_changes: SyncChangesTable;
  outbound_runs: OutboundRunsTable;
  outbound_items: OutboundItemsTable;
  outbound_attempts: OutboundAttemptsTable;
  outbound_period_locks: OutboundPeriodLocksTable;
  outbound_corrections: OutboundCorrectionsTable;
  outbound_cursors: OutboundCursorsTable;
  loket_mappings: LoketMappingsTable;
  integration_authorizations: IntegrationAuthorizationsTable;
  outbound_hour_codes: OutboundHourCodesTable;
}

export type Employee = Selectable<EmployeesTable>;
export type NewEmployee = Insertable<EmployeesTable>;
export type EmployeeUpdate = Updateable<EmployeesTable>;
export type User = Selectable<UsersTable>;
export type Contract = Selectable<ContractsTable>;
export type Shift = Selectable<ShiftsTable>;
export type Absence = Selectable<AbsencesTable>;
export type AbsenceType = Selectable<AbsenceTypesTable>;
export type ContractType = Selectable<ContractTypesTable>;
