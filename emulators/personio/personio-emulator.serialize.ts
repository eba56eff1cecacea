import {
  CONTRACT_TYPES,
  COST_CENTERS,
  DEPARTMENTS,
  DYNAMIC_ATTRIBUTES,
  HOLIDAY_CALENDARS,
  OFFICES,
  PROJECTS,
  SUBCOMPANIES,
  TEAMS,
  TIME_OFF_TYPES,
  VACATION_TYPE_ID,
} from './personio-emulator.catalog.ts';
import { dailyScheduleFor, daysCount } from './personio-emulator.data.ts';
import { formatBerlin, formatBerlinMidnight } from './personio-emulator.dates.ts';
import type { AttendanceRecord, EmployeeRecord, TimeOffRecord } from './personio-emulator.types.ts';

/**
 * Records → Personio v1 wire shapes (personio-personnel-data-api-oa3.yaml). The quirks live here
 * on purpose: every attribute wrapped in {label, value, type, universal_id}; weekly hours as a
 * string; dates of employees as `…T00:00:00+01:00` but of time-offs as `…+0100`; relations as
 * plain {type, attributes} objects; a supervisor as a nested Employee.
 */

export type AttributeType = 'standard' | 'date' | 'integer' | 'decimal' | 'list' | 'link' | 'tags' | 'multiline';

export interface WireAttribute {
  label: string;
  value: unknown;
  type: AttributeType;
  universal_id: string | null;
  currency?: string;
}

export interface WireEmployee {
  type: 'Employee';
  attributes: Record<string, WireAttribute>;
}

export interface SerializeContext {
  employeeById(id: number): EmployeeRecord | undefined;
  /** Custom attributes every employee row carries although the attribute catalogue does not list them (whatever the projection). */
  unlistedAttributes?: boolean;
}

/**
 * Custom attributes a company added after the client read the catalogue, or that the credential sees on rows only:
 * unknown keys, one of them with a type the documents do not list. Stable per employee (no change on a re-read).
 */
function unlistedAttributes(e: EmployeeRecord): Record<string, WireAttribute> {
  return {
    dynamic_9990001: { label: 'Schoenmaat', value: 38 + (e.id % 10), type: 'integer', universal_id: null },
    dynamic_9990002: { label: 'Parkeerplaats', value: { id: e.id % 7, label: `P${e.id % 7}` }, type: 'currency' as WireAttribute['type'], universal_id: null },
    dynamic_9990003: { label: 'Opmerking', value: null, type: 'multiline', universal_id: null },
  };
}

interface AttributeDef {
  key: string;
  label: string;
  type: AttributeType;
  universal_id: string | null;
  currency?: boolean;
  options?: readonly string[];
  value(e: EmployeeRecord, ctx: SerializeContext): unknown;
}

const byId = <T extends { id: number }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));
const subcompanies = byId(SUBCOMPANIES);
const offices = byId(OFFICES);
const departments = byId(DEPARTMENTS);
const teams = byId(TEAMS);
const costCenters = byId(COST_CENTERS);
const holidayCalendars = byId(HOLIDAY_CALENDARS);
const timeOffTypes = byId(TIME_OFF_TYPES);
const projects = byId(PROJECTS);

const date = (d: string | null) => (d ? formatBerlinMidnight(d) : null);
const named = (type: string, item: { id: number; name: string } | undefined) => (item ? { type, attributes: { id: item.id, name: item.name } } : null);

function workSchedule(hours: number) {
  const day = dailyScheduleFor(hours);
  const kind = hours === 0 ? 'Flexible, no fixed hours' : `${hours >= 36 ? 'Full-time' : 'Part-time'}, ${hours} hours`;
  return {
    type: 'WorkSchedule',
    attributes: {
      id: 97000 + Math.round(hours * 10),
      name: `${kind} (mon,tue,wed,thu,fri)`,
      valid_from: null,
      monday: day,
      tuesday: day,
      wednesday: day,
      thursday: day,
      friday: day,
      saturday: '00:00',
      sunday: '00:00',
    },
  };
}

export function shortEmployee(e: EmployeeRecord, idLabel = 'ID'): WireEmployee {
  return {
    type: 'Employee',
    attributes: {
      id: { label: idLabel, value: e.id, type: 'integer', universal_id: 'id' },
      first_name: { label: 'First name', value: e.first_name, type: 'standard', universal_id: 'first_name' },
      last_name: { label: 'Last name', value: e.last_name, type: 'standard', universal_id: 'last_name' },
      email: { label: 'Email', value: e.email, type: 'standard', universal_id: 'email' },
    },
  };
}

const standard = (key: string, label: string, value: AttributeDef['value'], type: AttributeType = 'standard'): AttributeDef => ({
  key,
  label,
  type,
  universal_id: key,
  value,
});

/** In the order Personio lists them (the spec's example response). */
export const EMPLOYEE_ATTRIBUTES: readonly AttributeDef[] = [
  standard('id', 'ID', (e) => e.id, 'integer'),
  standard('first_name', 'First name', (e) => e.first_name),
  standard('last_name', 'Last name', (e) => e.last_name),
  standard('preferred_name', 'Name (preferred)', (e) => e.preferred_name),
  standard('email', 'Email', (e) => e.email),
  standard('gender', 'Gender', (e) => e.gender),
  standard('status', 'Status', (e) => e.status),
  standard('position', 'Position', (e) => e.position),
  standard('supervisor', 'Supervisor', (e, ctx) => {
    const sup = e.supervisor_id === null ? undefined : ctx.employeeById(e.supervisor_id);
    return sup ? shortEmployee(sup) : null;
  }),
  standard('employment_type', 'Employment type', (e) => e.employment_type),
  // A string, not a number (reference §2): `'40'`, `'38.5'`.
  standard('weekly_working_hours', 'Weekly hours', (e) => String(e.weekly_working_hours)),
  standard('hire_date', 'Hire date', (e) => date(e.hire_date), 'date'),
  standard('contract_end_date', 'Contract ends', (e) => date(e.contract_end_date), 'date'),
  standard('termination_date', 'Termination date', (e) => date(e.termination_date), 'date'),
  standard('termination_type', 'Termination type', (e) => e.termination_type),
  standard('termination_reason', 'Termination reason', (e) => e.termination_reason),
  standard('probation_period_end', 'Probation period end', (e) => date(e.probation_period_end), 'date'),
  standard('created_at', 'created_at', (e) => formatBerlin(e.created_at), 'date'),
  standard('last_modified_at', 'Last modified', (e) => formatBerlin(e.last_modified_at), 'date'),
  standard('subcompany', 'Subcompany', (e) => named('Subcompany', subcompanies.get(e.subcompany_id))),
  standard('office', 'Office', (e) => named('Office', offices.get(e.office_id))),
  standard('department', 'Department', (e) => named('Department', departments.get(e.department_id))),
  standard('cost_centers', 'Cost center', (e) =>
    e.cost_centers.map((c) => ({ type: 'CostCenter', attributes: { id: c.id, name: costCenters.get(c.id)?.name ?? `Cost center ${c.id}`, percentage: c.percentage } })),
  ),
  standard('holiday_calendar', 'Public holidays', (e) => {
    const cal = holidayCalendars.get(offices.get(e.office_id)?.holidayCalendarId ?? -1);
    return cal ? { type: 'HolidayCalendar', attributes: { id: cal.id, name: cal.name, country: cal.country, state: cal.state } } : null;
  }),
  standard('absence_entitlement', 'Absence entitlement', (e) => {
    const t = timeOffTypes.get(VACATION_TYPE_ID)!;
    return [{ type: 'TimeOffType', attributes: { id: t.id, name: t.name, category: t.category, entitlement: e.vacation_entitlement } }];
  }),
  standard('work_schedule', 'Work schedule', (e) => workSchedule(e.weekly_working_hours)),
  { ...standard('fix_salary', 'Fix salary', (e) => e.fix_salary, 'decimal'), currency: true },
  standard('fix_salary_interval', 'Salary interval', (e) => e.fix_salary_interval),
  { ...standard('hourly_salary', 'Hourly salary', (e) => e.hourly_salary, 'decimal'), currency: true },
  standard('vacation_day_balance', 'Vacation day balance', (e) => e.vacation_day_balance, 'decimal'),
  standard('last_working_day', 'Last day of work', (e) => date(e.last_working_day), 'date'),
  standard('team', 'Team', (e) => named('Team', teams.get(e.team_id))),
  ...DYNAMIC_ATTRIBUTES.map(
    (d): AttributeDef => ({
      key: d.key,
      label: d.label,
      type: d.type,
      universal_id: d.universal_id,
      ...(d.field === 'contract_type' ? { options: CONTRACT_TYPES.map((c) => c.name) } : {}),
      value: (e) => e[d.field],
    }),
  ),
];

export const EMPLOYEE_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(EMPLOYEE_ATTRIBUTES.map((a) => a.key));

/** Record field → the attribute key that shows it (for per-attribute change tracking). */
export function attributeKeyForField(field: string): string | null {
  switch (field) {
    case 'supervisor_id':
      return 'supervisor';
    case 'subcompany_id':
      return 'subcompany';
    case 'office_id':
      return 'office';
    case 'department_id':
      return 'department';
    case 'team_id':
      return 'team';
    case 'vacation_entitlement':
      return 'absence_entitlement';
    case 'country':
      return null;
    default: {
      const dyn = DYNAMIC_ATTRIBUTES.find((d) => d.field === field);
      if (dyn) return dyn.key;
      return EMPLOYEE_ATTRIBUTE_KEYS.has(field) ? field : null;
    }
  }
}

/**
 * @param visible which attribute keys to include; `id` is always included (Personio does the same
 * when a projection or a restrictive whitelist leaves nothing else — reference §2 "silently absent").
 */
export function serializeEmployee(e: EmployeeRecord, ctx: SerializeContext, visible?: (key: string) => boolean): WireEmployee {
  const attributes: Record<string, WireAttribute> = {};
  for (const def of EMPLOYEE_ATTRIBUTES) {
    if (def.key !== 'id' && visible && !visible(def.key)) continue;
    const attr: WireAttribute = { label: def.label, value: def.value(e, ctx), type: def.type, universal_id: def.universal_id };
    if (def.currency) attr.currency = 'EUR';
    attributes[def.key] = attr;
  }
  if (ctx.unlistedAttributes) Object.assign(attributes, unlistedAttributes(e));
  return { type: 'Employee', attributes };
}

/** `GET /company/employees/attributes`. */
export function serializeAttributeList(visible?: (key: string) => boolean) {
  return EMPLOYEE_ATTRIBUTES.filter((d) => !visible || d.key === 'id' || visible(d.key)).map((d) => ({
    key: d.key,
    label: d.label,
    type: d.type,
    universal_id: d.universal_id,
    options: d.options ?? [],
  }));
}

export function serializeProject(id: number | null) {
  const p = id === null ? undefined : projects.get(id);
  return p ? { id: p.id, type: 'Project', attributes: { name: p.name, active: p.active } } : null;
}

export function serializeAttendance(a: AttendanceRecord) {
  return {
    id: a.id,
    type: 'AttendancePeriod',
    attributes: {
      employee: a.employee,
      date: a.date,
      start_time: a.start_time,
      end_time: a.end_time,
      break: a.break,
      comment: a.comment,
      updated_at: formatBerlin(a.updated_at),
      status: a.status,
      is_holiday: a.is_holiday,
      is_on_time_off: a.is_on_time_off,
      project: serializeProject(a.project_id),
    },
  };
}

export function serializeTimeOff(t: TimeOffRecord, employee: EmployeeRecord | undefined) {
  const type = timeOffTypes.get(t.time_off_type_id);
  return {
    type: 'TimeOffPeriod',
    attributes: {
      id: t.id,
      status: t.status,
      // `+0100` without a colon here, unlike employee dates (reference §4, pitfall 5).
      start_date: formatBerlinMidnight(t.start_date, 'compact'),
      end_date: formatBerlinMidnight(t.end_date, 'compact'),
      days_count: daysCount(t.start_date, t.end_date, t.half_day_start, t.half_day_end),
      half_day_start: t.half_day_start,
      half_day_end: t.half_day_end,
      time_off_type: { type: 'TimeOffType', attributes: { id: t.time_off_type_id, name: type?.name ?? '', category: type?.category ?? 'other' } },
      employee: employee
        ? shortEmployee(employee, 'id')
        : { type: 'Employee', attributes: { id: { label: 'id', value: t.employee, type: 'integer' as const, universal_id: 'id' } } },
      certificate: { status: t.certificate_status },
      created_at: formatBerlin(t.created_at, 'compact'),
      created_by: t.created_by,
      updated_at: formatBerlin(t.updated_at, 'compact'),
    },
  };
}
