import { z } from 'zod';
import type { ExternalEmployee } from '../../connectors/kit/hr-connector.ts';

/** F-11: what an integration syncs and when. Stored as integrations.settings (jsonb). */
export const integrationSettingsSchema = z.object({
  contractFields: z
    .object({
      function: z.boolean().default(true),
      endDates: z.boolean().default(true),
      contractHours: z.boolean().default(true),
      hourlyWages: z.boolean().default(false),
    })
    .default({ function: true, endDates: true, contractHours: true, hourlyWages: false }),
  employeeFields: z
    .object({
      birthDate: z.boolean().default(true),
      address: z.boolean().default(false),
      phone: z.boolean().default(false),
    })
    .default({ birthDate: true, address: false, phone: false }),
  /**
   * Time exchange (F-20 … F-22), switched on per direction. Connecting checks only the rights of
   * what is on (F-10): attendances read + write, absences read.
   */
  timeExchange: z
    .object({
      attendances: z.boolean().default(false),
      absences: z.boolean().default(false),
    })
    .default({ attendances: false, absences: false }),
  /** F-21: approved hours go to the vendor every hour, from `from` on (also changes to past days). */
  attendanceExport: z
    .object({
      continuous: z.boolean().default(false),
      from: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Expected a date as YYYY-MM-DD' })
        .nullable()
        .default(null),
    })
    .default({ continuous: false, from: null }),
  /**
   * Absence import (F-22), on while `timeExchange.absences` is: which vendor absence types map to which
   * Koppel absence types (unmapped ones are not imported), and the window each run reconciles.
   */
  absenceImport: z
    .object({
      typeMap: z.record(z.string().min(1).max(200), z.string().uuid()).default({}),
      backDays: z.number().int().min(0).max(730).default(90),
      aheadDays: z.number().int().min(0).max(730).default(365),
    })
    .default({ typeMap: {}, backDays: 90, aheadDays: 365 }),
  autoAddEmployees: z.boolean().default(false),
  /**
   * Payroll period type per company (Nmbrs company id → type), used when the vendor does not name it (the shape of
   * Nmbrs' `GET companies/{id}/period` is UNCONFIRMED): the hours report then says it used this one.
   */
  payrollPeriodTypes: z.record(z.string().min(1).max(100), z.enum(['monthly', 'four_weekly', 'weekly'])).default({}),
  notificationEmails: z.array(z.string().trim().email().max(254)).max(20).default([]),
  /** Local time of the nightly sync, in the tenant's zone. */
  syncTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Expected a time as HH:MM' })
    .default('02:00'),
  /** No scheduled sync runs before this date. */
  syncStartDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Expected a date as YYYY-MM-DD' })
    .nullable()
    .default(null),
});
export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

export function parseSettings(raw: unknown): IntegrationSettings {
  return integrationSettingsSchema.parse(raw ?? {});
}

/** An external employee as stored: everything but the clear BSN (which goes through SecretBox). */
export type StoredExternalData = Omit<ExternalEmployee, 'bsn'>;

export type LinkState = 'unlinked' | 'linked' | 'excluded' | 'skipped';

/** One external record with its link, as the planner sees it. */
export type PlanRecord = {
  id: string;
  externalId: string;
  data: StoredExternalData;
  bsnEncrypted: string | null;
  bsnHash: string | null;
  bsnLast3: string | null;
  linkState: LinkState;
  decision: 'add' | null;
  employeeId: string | null;
  contractId: string | null;
  /** Gone from a complete listing: treated as former. */
  missing: boolean;
};

/**
 * The one frozen empty list that plan identities and verdicts without warnings or issues share (issue 13: a first sync
 * holds 100 000 of each). Never pushed onto: a push throws (sync-plan.ts adds issues with addIssue).
 */
export const EMPTY_LIST: never[] = Object.freeze([]) as unknown as never[];

/** The parts of a record's data the verdict pass reads (sync-plan.ts planVerdicts): who it is, and what the exclusion rules look at. */
export const IDENTITY_DATA_KEYS = ['firstName', 'prefix', 'lastName', 'email', 'personnelNumber', 'birthDate', 'status', 'hireDate', 'warnings', 'department', 'costCenter', 'contractType', 'jobFunction'] as const;
export type IdentityData = Pick<StoredExternalData, (typeof IDENTITY_DATA_KEYS)[number]>;

/** A record as the verdict pass needs it: its identity, without the rest of its data (which the group plans read part by part). */
export type PlanIdentity = Omit<PlanRecord, 'data' | 'bsnEncrypted' | 'bsnLast3'> & { data: IdentityData };

/**
 * The identity part of a record's data (a copy: the full object can go); a key the data lacks is undefined. One
 * literal, so every identity has the same shape with its fields inside the object (issue 13: an object filled key by
 * key keeps them in a second, separate array, 76 bytes more for each of 100 000 records).
 */
export function identityData(d: StoredExternalData): IdentityData {
  return {
    firstName: d.firstName,
    prefix: d.prefix,
    lastName: d.lastName,
    email: d.email,
    personnelNumber: d.personnelNumber,
    birthDate: d.birthDate,
    status: d.status,
    hireDate: d.hireDate,
    warnings: d.warnings,
    department: d.department,
    costCenter: d.costCenter,
    contractType: d.contractType,
    jobFunction: d.jobFunction,
  } satisfies Record<(typeof IDENTITY_DATA_KEYS)[number], unknown>;
}

/** The employee columns a sync may write (HR-owned), plus identity for matching. */
export type PlanEmployee = {
  id: string;
  first_name: string;
  prefix: string | null;
  last_name: string;
  email: string | null;
  personnel_number: string | null;
  bsn_encrypted: string | null;
  bsn_hash: string | null;
  bsn_last3: string | null;
  birth_date: string | null;
  street: string | null;
  house_number: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  phone: string | null;
  status: 'active' | 'former';
};

/**
 * What the verdict pass reads of a Koppel employee: that it exists, and what matching compares. A run holds this for
 * every employee of the tenant, the full row (PlanEmployee) only for the groups of the part being planned (issue 13:
 * 100 000 full rows with their addresses and BSN ciphertexts were about 100 MB).
 */
export type PlanEmployeeIdentity = Pick<PlanEmployee, 'id' | 'first_name' | 'last_name' | 'email' | 'personnel_number' | 'bsn_hash' | 'birth_date'>;

export type PlanContract = {
  id: string;
  employee_id: string;
  contract_type_id: string | null;
  department_id: string | null;
  function_id: string | null;
  start_date: string;
  end_date: string | null;
  weekly_hours: number;
  hourly_wage: number | null;
  /** The HR system's cost-center split, [{externalId, name, percentage}] (jsonb); null = none known. */
  cost_centers?: CostShare[] | null;
  /** The company (werkmaatschappij) as the HR system names it; null = none known. */
  company?: string | null;
};

export type CostShare = { externalId: string; name: string; percentage: number | null };

export type MappingRow = { kind: 'department' | 'cost_center' | 'contract_type_in' | 'contract_type_out' | 'function'; externalId: string; koppelId: string | null; exclude: boolean };

/** A change of one field: what the user reads (old/new), and the columns it sets and restores. */
export type FieldChange = {
  entity: 'employee' | 'contract';
  field: string;
  old: unknown;
  new: unknown;
  oldColumns: Record<string, unknown>;
  newColumns: Record<string, unknown>;
};

export type RecordIssue =
  | 'weak_match'
  | 'match_conflict'
  | 'proposed_add'
  | 'possible_duplicate'
  | 'personnel_number_conflict'
  | 'personnel_number_other_connection'
  | 'personnel_number_taken'
  | 'linked_employee_missing'
  | 'vendor_data_invalid';

export type Proposal =
  | { action: 'link'; employeeId: string; reasons: string[]; strength: 'strong' | 'weak' }
  | { action: 'add'; reasons: string[] }
  | { action: 'conflict'; employeeIds: string[]; reasons: string[] }
  | { action: 'join'; recordId: string; reasons: string[] };

export type RecordStatus = 'add' | 'link' | 'update' | 'unchanged' | 'excluded' | 'needs_action' | 'former' | 'skipped';

export type RecordVerdict = {
  recordId: string;
  externalId: string;
  name: string;
  status: RecordStatus;
  proposal: Proposal | null;
  issues: RecordIssue[];
  ruleExcluded: boolean;
  needsAction: boolean;
  /** The group (target employee) this record feeds, when it feeds one. */
  groupKey: string | null;
  /** Field-level warnings from the vendor data as `field:code`, e.g. `birthDate:not_a_date`. */
  warnings: string[];
};

export type ContractPlan = {
  recordId: string;
  /** Existing contract to update, or null to create one. */
  contractId: string | null;
  /** The contract was the employee's only unclaimed one and gets adopted by this record. */
  adopt: boolean;
  create: Omit<PlanContract, 'id' | 'employee_id'> | null;
  changes: FieldChange[];
};

export type GroupPlan = {
  key: string;
  /** null: a new employee is created. */
  employeeId: string | null;
  name: string;
  recordIds: string[];
  /** Records this apply links to the employee (new links). */
  linkRecordIds: string[];
  primaryRecordId: string;
  create: Omit<PlanEmployee, 'id'> | null;
  changes: FieldChange[];
  contracts: ContractPlan[];
  action: 'add' | 'update' | 'unchanged';
  warnings: string[];
};

/** What each figure means: src/integrations/engine/run-summary.ts. */
export type SyncCounts = {
  read: number;
  checked: number;
  added: number;
  linked: number;
  updated: number;
  unchanged: number;
  excluded: number;
  failed: number;
  needsAction: number;
  skipped: number;
  former: number;
  reverted: number;
  removed: number;
};

export const emptyCounts = (): SyncCounts => ({
  read: 0,
  checked: 0,
  added: 0,
  linked: 0,
  updated: 0,
  unchanged: 0,
  excluded: 0,
  failed: 0,
  needsAction: 0,
  skipped: 0,
  former: 0,
  reverted: 0,
  removed: 0,
});
