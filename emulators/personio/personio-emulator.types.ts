/**
 * The emulator's own records. They are deliberately NOT the wire shape: the wire shape (attribute
 * envelopes, string-typed numbers, offset spellings) is produced by personio-emulator.serialize.ts,
 * so tests and the mutation API work with plain values.
 */

export type EmployeeStatus = 'onboarding' | 'active' | 'leave' | 'inactive';
export type Country = 'NL' | 'DE';

export interface CostCenterShare {
  id: number;
  /** Personio models a split as percentages per cost center that add up to 100. */
  percentage: number;
}

/** Custom ("dynamic") attributes, by a readable name; serialized as `dynamic_NNNN`. */
export interface EmployeeDynamicFields {
  birthday: string | null;
  contract_type: string | null;
  personnel_number: string | null;
  bsn: string | null;
  iban: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
}

export interface EmployeeRecord extends EmployeeDynamicFields {
  id: number;
  first_name: string;
  last_name: string;
  preferred_name: string;
  email: string;
  gender: 'male' | 'female' | 'diverse';
  status: EmployeeStatus;
  position: string;
  supervisor_id: number | null;
  employment_type: 'internal' | 'external';
  weekly_working_hours: number;
  hire_date: string;
  contract_end_date: string | null;
  termination_date: string | null;
  termination_type: string | null;
  termination_reason: string | null;
  probation_period_end: string | null;
  last_working_day: string | null;
  subcompany_id: number;
  office_id: number;
  department_id: number;
  team_id: number;
  cost_centers: CostCenterShare[];
  fix_salary: number;
  fix_salary_interval: 'monthly' | null;
  hourly_salary: number;
  vacation_entitlement: number;
  vacation_day_balance: number;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms. */
  last_modified_at: number;
  /** Per attribute key, when it last changed (epoch ms); absent = `created_at`. Drives `updated_since` + `attributes[]`. */
  attribute_updated_at: Record<string, number>;
  /** Emulator-only ground truth, never serialized: which natural person this record belongs to. */
  person_key: string;
  country: Country;
}

/** What the mutation API accepts: any plain field except the ones the emulator owns. */
export type EmployeePatch = Partial<
  Omit<EmployeeRecord, 'id' | 'created_at' | 'last_modified_at' | 'attribute_updated_at' | 'person_key'>
>;

export type AttendanceStatus = 'confirmed' | 'pending' | 'rejected';

export interface AttendanceRecord {
  id: number;
  employee: number;
  date: string;
  start_time: string;
  end_time: string | null;
  break: number;
  comment: string;
  status: AttendanceStatus;
  project_id: number | null;
  is_holiday: boolean;
  is_on_time_off: boolean;
  /** Epoch ms. */
  updated_at: number;
}

export type TimeOffStatus = 'approved' | 'pending' | 'rejected';

export interface TimeOffRecord {
  id: number;
  employee: number;
  time_off_type_id: number;
  status: TimeOffStatus;
  start_date: string;
  end_date: string;
  half_day_start: boolean;
  half_day_end: boolean;
  comment: string;
  certificate_status: 'not-required' | 'pending' | 'uploaded';
  created_by: string;
  /** Hour-unit types (v2 absence periods): the local times of each day, `HH:MM`; absent = a whole day (8 h). */
  start_time?: string | null;
  end_time?: string | null;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms. */
  updated_at: number;
}

export type TimeOffCategory =
  | 'paid_vacation'
  | 'sick_leave'
  | 'unpaid_vacation'
  | 'maternity_parental_leave'
  | 'offsite_work'
  | 'other';

export interface TimeOffType {
  id: number;
  name: string;
  category: TimeOffCategory;
  unit: 'day' | 'hour';
  approval_required: boolean;
}

export interface ProjectRecord {
  id: number;
  name: string;
  active: boolean;
  created_at: number;
  updated_at: number;
}

/** Access rights of an API credential (Personio: per credential, chosen when it is created). */
export type PersonioRight = 'employees:read' | 'attendances:read' | 'attendances:write' | 'absences:read' | 'absences:write';
export const ALL_RIGHTS: readonly PersonioRight[] = ['employees:read', 'attendances:read', 'attendances:write', 'absences:read', 'absences:write'];
