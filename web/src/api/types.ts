/** Shapes of the Koppel REST API (camelCase JSON), as the UI uses them. */

export type Role = 'owner' | 'admin' | 'hr_admin' | 'planner' | 'recruiter' | 'interviewer';
export const ROLES: Role[] = ['owner', 'admin', 'hr_admin', 'planner', 'recruiter', 'interviewer'];
export type Locale = 'nl' | 'de' | 'en';

export type Me = {
  user: { id: string; email: string; name: string; role: Role; locale: Locale | null; timeZone: string };
  tenant: { id: string; name: string; locale: Locale };
  csrfToken: string | null;
  mailCatcher: boolean;
};

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale | null;
  time_zone?: string;
  timeZone?: string;
  active: boolean;
  created_at?: string;
  createdAt?: string;
};

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_at?: string;
  createdAt?: string;
  last_used_at?: string | null;
  lastUsedAt?: string | null;
  revoked_at?: string | null;
  revokedAt?: string | null;
  token?: string;
};

export type EmployeeStatus = 'active' | 'former';
export type Employee = {
  id: string;
  firstName: string;
  prefix: string | null;
  lastName: string;
  displayName: string;
  initials: string | null;
  email: string | null;
  bsnMasked: string | null;
  personnelNumber: string | null;
  birthDate: string | null;
  street: string | null;
  houseNumber: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  phone: string | null;
  status: EmployeeStatus;
  source: string;
  managerId: string | null;
  notes: string | null;
  departments: string | null;
  createdAt: string;
  updatedAt: string;
};

export type CostCenter = { id: string; code: string; name: string };
export type Department = { id: string; name: string; code: string | null; costCenterId: string | null; archived?: boolean };
export type ContractType = { id: string; name: string; leaveWeeks: number | string };
export type JobFunction = { id: string; name: string };
export type HourComponent = { id: string; code: string; name: string; ratePercent: number | string; isDefault: boolean };
export type WageComponent = { id: string; code: string; name: string };
export type HourComponentRule = {
  id: string;
  hourComponentId: string;
  priority: number;
  weekdays: number[];
  timeFrom: string | null;
  timeTo: string | null;
  departmentId: string | null;
  publicHolidaysOnly: boolean;
};

export type Contract = {
  id: string;
  employeeId: string;
  contractTypeId: string | null;
  departmentId: string | null;
  functionId: string | null;
  startDate: string;
  endDate: string | null;
  weeklyHours: number | string;
  hourlyWage: number | string | null;
  contractTypeName?: string | null;
  departmentName?: string | null;
  functionName?: string | null;
};

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export type Shift = {
  id: string;
  employeeId: string;
  employeeName?: string | null;
  employee?: { id: string; displayName?: string; name?: string } | null;
  date: string;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  departmentId: string | null;
  departmentName?: string | null;
  hourComponentId: string | null;
  hourComponentName?: string | null;
  hourComponentCode?: string | null;
  status: ApprovalStatus;
  note?: string | null;
  source?: string;
  hours?: number | string | null;
  workedMinutes?: number | null;
  personnelNumber?: string | null;
  approvedByName?: string | null;
  approvedAt?: string | null;
};

export type AbsenceKind = 'vacation' | 'sick' | 'special_leave' | 'not_plannable' | 'other';
export const ABSENCE_KINDS: AbsenceKind[] = ['vacation', 'sick', 'special_leave', 'not_plannable', 'other'];
export type AbsenceType = { id: string; name: string; kind: AbsenceKind; deductsLeave: boolean };
export type AbsenceUnit = 'days' | 'half_day' | 'hours';
export type Absence = {
  id: string;
  employeeId: string;
  employeeName?: string | null;
  employee?: { id: string; displayName?: string; name?: string } | null;
  absenceTypeId: string;
  absenceTypeName?: string | null;
  startDate: string;
  endDate: string;
  unit: AbsenceUnit;
  hours: number | string | null;
  status: ApprovalStatus;
  source?: string;
  comment?: string | null;
};

export type LeaveBalance = {
  year: number;
  entitlementHours: number;
  adjustmentHours: number;
  takenHours: number;
  plannedHours: number;
  remainingHours: number;
};
export type LeaveAdjustment = { id: string; year: number; hours: number | string; reason: string; createdAt?: string };

export type AuditEntry = {
  id: string | number;
  actorType: string;
  actorId?: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  createdAt: string;
};

export type CaughtMail = {
  id: string | number;
  mailFrom: string;
  rcptTo: string[];
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  receivedAt: string;
};

export type ShiftImportResult = {
  imported?: number;
  valid?: number;
  rows?: number;
  count?: number;
  dryRun?: boolean;
  [key: string]: unknown;
};
