/**
 * Shapes of the Koppel REST API (camelCase JSON), as the UI uses them. Derived from the generated
 * schema.gen.ts (npm run gen:api), so a change of a route schema shows up here as a type error.
 */
import type { BodyOf, ListItemOf, ResponseOf } from './openapi-helpers';

export type Me = ResponseOf<'/auth/me'>;
export type Role = Me['user']['role'];
export const ROLES: Role[] = ['owner', 'admin', 'hr_admin', 'planner', 'recruiter', 'interviewer'];
export type Locale = Me['tenant']['locale'];

/** The users API answers in snake_case (`time_zone`, `created_at`). */
export type User = ListItemOf<'/users'>;
export type JobProblem = ListItemOf<'/jobs/problems'>;

export type ApiToken = ListItemOf<'/api-tokens'>;
/** `token` is only in the answer that creates the token (shown once). */
export type CreatedApiToken = ResponseOf<'/api-tokens', 'post'>;

export type Employee = ResponseOf<'/employees/{id}'>;
/** One page of the employee list: `total` is null on keyset pages (asked with `after`), `nextCursor` null on the last page. */
export type EmployeePage = ResponseOf<'/employees'>;
export type EmployeeStatus = Employee['status'];

export type CostCenter = ListItemOf<'/cost-centers'>;
export type Department = ListItemOf<'/departments'>;
export type ContractType = ListItemOf<'/contract-types'>;
export type JobFunction = ListItemOf<'/functions'>;
export type HourComponent = ListItemOf<'/hour-components'>;
export type WageComponent = ListItemOf<'/wage-components'>;
export type HourComponentRule = ListItemOf<'/hour-component-rules'>;

export type Contract = ResponseOf<'/contracts/{id}'>;

export type Shift = ListItemOf<'/shifts'>;
export type ApprovalStatus = Shift['status'];
export type ShiftImportResult = ResponseOf<'/shifts/import', 'post'>;

export type AbsenceType = ListItemOf<'/absence-types'>;
export type AbsenceKind = AbsenceType['kind'];
export const ABSENCE_KINDS: AbsenceKind[] = ['vacation', 'sick', 'special_leave', 'not_plannable', 'other'];
export type Absence = ListItemOf<'/absences'>;
export type AbsenceUnit = Absence['unit'];

export type LeaveBalance = ResponseOf<'/employees/{id}/leave'>;
export type LeaveAdjustment = ListItemOf<'/employees/{id}/leave-adjustments'>;
export type NewLeaveAdjustment = BodyOf<'/employees/{id}/leave-adjustments', 'post'>;

export type AuditEntry = ListItemOf<'/audit'>;

export type CaughtMail = ResponseOf<'/mails/{id}'>;
