import { randomUUID } from 'node:crypto';
import { PROJECTS, TIME_OFF_TYPES } from './personio-emulator.catalog.ts';
import {
  createPersonFactory,
  generateAttendances,
  generateEmployees,
  generateTimeOffs,
  nextEmployeeId,
  type DuplicateKind,
  type PersonFactory,
  type ReportingLines,
} from './personio-emulator.data.ts';
import { berlinOffsetMinutes, isValidDate, isValidTime, timeToMinutes, utcDate } from './personio-emulator.dates.ts';
import { attributeKeyForField } from './personio-emulator.serialize.ts';
import type {
  AttendanceRecord,
  EmployeePatch,
  EmployeeRecord,
  ProjectRecord,
  TimeOffRecord,
  TimeOffType,
} from './personio-emulator.types.ts';

/**
 * The emulated account's data plus the mutation API tests use to change it between syncs. The
 * business rules Personio applies to writes (attendance overlap, partial commit of a batch) live
 * here so they can be unit-tested without HTTP; the server only translates to the wire.
 */

export interface StateOptions {
  seed: number;
  employees: number;
  /** The "today" the generated history is arranged around (`YYYY-MM-DD`). */
  referenceDate: string;
  clock: () => number;
  /** Pre-existing attendances: share of active employees, and how many days back. Default: none. */
  seedAttendances?: { employeeShare: number; days: number };
  /**
   * Share (0..1) of the records whose BSN fails the 11-proof, as they are stored in Personio (typos a
   * customer never fixed). A row warning, not a broken read: every read returns the same value.
   */
  invalidBsnShare?: number;
  /** Share (0..1) of the records whose e-mail address Personio stores in upper case. */
  upperCaseEmailShare?: number;
  /** Share (0..1) of records whose stored e-mail address is not an address (`… at …`). */
  invalidEmailShare?: number;
}

/** Input row of `POST /company/attendances` as sent: nothing is trusted. */
export interface AttendanceInput {
  employee?: unknown;
  date?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  break?: unknown;
  comment?: unknown;
  project_id?: unknown;
}

/** One entry of the batch result; its fields mirror the `detailed_message` rows of the 400 answer. */
export interface AttendanceRowResult {
  success: boolean;
  error_msg: string | null;
  id: number | null;
  employee: unknown;
  date: unknown;
  start_time: unknown;
  end_time: unknown;
  break: unknown;
  comment: unknown;
  project_id: unknown;
}

export type AttendanceUpdateResult =
  | { kind: 'ok'; record: AttendanceRecord }
  | { kind: 'not_found' }
  | { kind: 'invalid'; message: string; row: AttendanceRowResult };

export const OVERLAP_MESSAGE = 'Existing overlapping attendances periods';

const FIRST_TIME_OFF_ID = 5_000_000;
const FIRST_ATTENDANCE_ID = 70_000_000;

function isIntegerLike(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d+$/.test(v));
}

export class PersonioEmulatorState {
  readonly seed: number;
  readonly referenceDate: string;
  readonly timeOffTypes: readonly TimeOffType[] = TIME_OFF_TYPES;
  readonly projects: readonly ProjectRecord[];
  private readonly clock: () => number;
  private readonly factory: PersonFactory;
  private readonly usedEmails = new Set<string>();
  private readonly employeeMap = new Map<number, EmployeeRecord>();
  private employeeList: EmployeeRecord[] = [];
  private readonly timeOffMap = new Map<number, TimeOffRecord>();
  private readonly attendanceMap = new Map<number, AttendanceRecord>();
  private readonly periodMap = new Map<string, AttendancePeriodRecord>();
  /** Period ids per person, in insertion order: overlap checks and per-person lists stay O(one person's periods). */
  private readonly periodsByPerson = new Map<number, Set<string>>();
  // Indexes so overlap checks stay O(1) per row when a benchmark sends hundreds of thousands of periods.
  private readonly attendancesByDay = new Map<string, Set<number>>();
  private readonly timeOffsByEmployee = new Map<number, Set<number>>();
  private readonly duplicatePairs: Array<{ kind: DuplicateKind; ids: [number, number] }>;
  private readonly reporting: ReportingLines;
  private nextIndex: number;
  private nextTimeOffId: number;
  private nextAttendanceId: number;
  /** Bumped on every change, so a caching client or test can tell the account changed. */
  revision = 0;
  /**
   * How a period before midnight may end (UNCONFIRMED, §B1 "no crossing midnight — split at 00:00"):
   * `next_day_0000` (default) takes the next day's 00:00:00 as the day's end, and 23:59:59 too;
   * `same_date_only` refuses any end on another date than the start (a stand-in checking dates only).
   */
  periodMidnightEnd: 'next_day_0000' | 'same_date_only' = 'next_day_0000';

  constructor(opts: StateOptions) {
    this.seed = opts.seed;
    this.referenceDate = opts.referenceDate;
    this.clock = opts.clock;
    this.factory = createPersonFactory(opts.seed, opts.referenceDate);
    const company = generateEmployees(this.factory, opts.employees, this.usedEmails);
    this.employeeList = company.employees;
    for (const e of company.employees) this.employeeMap.set(e.id, e);
    this.duplicatePairs = company.duplicates;
    this.reporting = company.reporting;
    this.nextIndex = opts.employees;
    // A deterministic spread over the records; the values are stored that way from the start (no change timestamps move).
    const picked = (i: number, share: number | undefined, salt: number) => share !== undefined && share > 0 && ((i * 7919 + salt) % 1000) / 1000 < share;
    for (const [i, e] of company.employees.entries()) {
      // One digit changed by one breaks the 11-proof (each of the first eight digits has a weight 2…9, never a multiple of 11).
      if (e.bsn && picked(i, opts.invalidBsnShare, 17)) e.bsn = `${(Number(e.bsn[0]) + 1) % 10}${e.bsn.slice(1)}`;
      if (picked(i, opts.upperCaseEmailShare, 503)) e.email = e.email.toUpperCase();
      if (picked(i, opts.invalidEmailShare, 271)) e.email = e.email.replace('@', ' at ');
    }

    const timeOffs = generateTimeOffs(opts.seed, opts.referenceDate, company.employees, FIRST_TIME_OFF_ID);
    for (const t of timeOffs) this.putTimeOff(t);
    this.nextTimeOffId = FIRST_TIME_OFF_ID + timeOffs.length;

    const attendances = opts.seedAttendances ? generateAttendances(opts.seed, opts.referenceDate, company.employees, opts.seedAttendances, FIRST_ATTENDANCE_ID) : [];
    for (const a of attendances) this.putAttendance(a);
    this.nextAttendanceId = FIRST_ATTENDANCE_ID + attendances.length;

    const created = opts.clock() - 400 * 86_400_000;
    this.projects = PROJECTS.map((p) => ({ ...p, created_at: created, updated_at: created }));
  }

  now(): number {
    return this.clock();
  }

  /** Today's date in the company's time zone (Europe/Berlin). */
  today(): string {
    const now = this.clock();
    return utcDate(now + berlinOffsetMinutes(now) * 60_000);
  }

  // ── employees ────────────────────────────────────────────────────────────

  /** All records, former employees included, in id order (the order the list endpoint pages in). */
  listEmployees(): readonly EmployeeRecord[] {
    return this.employeeList;
  }

  getEmployee(id: number): EmployeeRecord | undefined {
    return this.employeeMap.get(id);
  }

  /** Ground truth for tests: which records belong to one person (Koppel must link them to one employee). */
  duplicates(): ReadonlyArray<{ kind: DuplicateKind; ids: [number, number] }> {
    return this.duplicatePairs;
  }

  /** A new hire, generated from the seed like the rest (so a test that adds one gets the same person every run). */
  addEmployee(patch: EmployeePatch = {}): EmployeeRecord {
    const index = this.nextIndex++;
    const lastId = this.employeeList.length ? this.employeeList[this.employeeList.length - 1]!.id : 1_099_999;
    const id = nextEmployeeId(this.seed, index, lastId);
    const record = this.factory.makePerson(index, id, this.usedEmails);
    const now = this.clock();
    record.status = 'active';
    record.hire_date = this.today();
    record.termination_date = null;
    record.last_working_day = null;
    record.termination_type = null;
    record.termination_reason = null;
    record.contract_end_date = null;
    record.probation_period_end = null;
    record.supervisor_id = this.reporting.headByDepartment.get(record.department_id) ?? this.reporting.directorId;
    record.created_at = now;
    record.last_modified_at = now;
    record.attribute_updated_at = {};
    if (patch.email && patch.email !== record.email) {
      this.usedEmails.delete(record.email);
      this.usedEmails.add(patch.email);
    }
    Object.assign(record, patch);
    this.employeeMap.set(id, record);
    this.employeeList.push(record);
    this.revision++;
    return record;
  }

  /**
   * Changes fields as an HR admin would in the Personio UI (so, unlike the API, email too).
   * Only fields whose value really changes count as updated, for `last_modified_at` and for
   * `updated_since` + `attributes[]`.
   */
  updateEmployee(id: number, patch: EmployeePatch): EmployeeRecord {
    const record = this.employeeMap.get(id);
    if (!record) throw new Error(`No employee ${id} in the emulator`);
    const now = this.clock();
    let changed = false;
    for (const [field, value] of Object.entries(patch)) {
      const current = (record as unknown as Record<string, unknown>)[field];
      if (JSON.stringify(current) === JSON.stringify(value)) continue;
      if (field === 'email' && typeof value === 'string') {
        this.usedEmails.delete(record.email);
        this.usedEmails.add(value);
      }
      (record as unknown as Record<string, unknown>)[field] = value;
      const key = attributeKeyForField(field);
      if (key) record.attribute_updated_at[key] = now;
      changed = true;
    }
    if (changed) {
      record.last_modified_at = now;
      this.revision++;
    }
    return record;
  }

  /**
   * Ends employment. Personio keeps the record: its status turns `inactive` once the termination
   * date has passed; a future termination leaves it `active` with a termination date.
   */
  terminate(id: number, opts: { date?: string; type?: string; reason?: string } = {}): EmployeeRecord {
    const date = opts.date ?? this.today();
    return this.updateEmployee(id, {
      termination_date: date,
      last_working_day: date,
      termination_type: opts.type ?? 'Resignation',
      termination_reason: opts.reason ?? 'Eigen verzoek',
      ...(date <= this.today() ? { status: 'inactive' as const } : {}),
    });
  }

  /** Hard delete (e.g. a GDPR erasure). Later records shift one place down in record-offset paging. */
  removeEmployee(id: number): boolean {
    if (!this.employeeMap.delete(id)) return false;
    this.employeeList = this.employeeList.filter((e) => e.id !== id);
    for (const t of [...this.timeOffMap.values()]) if (t.employee === id) this.dropTimeOff(t.id);
    for (const a of [...this.attendanceMap.values()]) if (a.employee === id) this.dropAttendance(a.id);
    this.revision++;
    return true;
  }

  // ── time-offs (day-based absences) ──────────────────────────────────────

  private putTimeOff(t: TimeOffRecord): void {
    this.timeOffMap.set(t.id, t);
    let set = this.timeOffsByEmployee.get(t.employee);
    if (!set) this.timeOffsByEmployee.set(t.employee, (set = new Set()));
    set.add(t.id);
  }

  private dropTimeOff(id: number): boolean {
    const t = this.timeOffMap.get(id);
    if (!t) return false;
    this.timeOffMap.delete(id);
    this.timeOffsByEmployee.get(t.employee)?.delete(id);
    return true;
  }

  listTimeOffs(): TimeOffRecord[] {
    return [...this.timeOffMap.values()];
  }

  getTimeOff(id: number): TimeOffRecord | undefined {
    return this.timeOffMap.get(id);
  }

  addTimeOff(input: Pick<TimeOffRecord, 'employee' | 'time_off_type_id' | 'start_date' | 'end_date'> & Partial<TimeOffRecord>): TimeOffRecord {
    const now = this.clock();
    const record: TimeOffRecord = {
      status: 'approved',
      half_day_start: false,
      half_day_end: false,
      comment: '',
      certificate_status: 'not-required',
      created_by: 'API',
      created_at: now,
      updated_at: now,
      ...input,
      id: this.nextTimeOffId++,
    };
    this.putTimeOff(record);
    this.revision++;
    return record;
  }

  updateTimeOff(id: number, patch: Partial<Omit<TimeOffRecord, 'id'>>): TimeOffRecord {
    const record = this.timeOffMap.get(id);
    if (!record) throw new Error(`No time-off ${id} in the emulator`);
    this.dropTimeOff(id);
    Object.assign(record, patch, { updated_at: this.clock() });
    this.putTimeOff(record);
    this.revision++;
    return record;
  }

  /** Deleting or rejecting a time-off makes it vanish from the API without a trace (reference §4: no tombstones). */
  removeTimeOff(id: number): boolean {
    const removed = this.dropTimeOff(id);
    if (removed) this.revision++;
    return removed;
  }

  /** An approved day-based absence covering `date`, if any (sets `is_on_time_off` on attendances). */
  private onTimeOff(employee: number, date: string): boolean {
    for (const id of this.timeOffsByEmployee.get(employee) ?? []) {
      const t = this.timeOffMap.get(id)!;
      if (t.status === 'approved' && t.start_date <= date && t.end_date >= date) return true;
    }
    return false;
  }

  // ── attendances ──────────────────────────────────────────────────────────

  private putAttendance(a: AttendanceRecord): void {
    this.attendanceMap.set(a.id, a);
    const key = `${a.employee}|${a.date}`;
    let set = this.attendancesByDay.get(key);
    if (!set) this.attendancesByDay.set(key, (set = new Set()));
    set.add(a.id);
  }

  private dropAttendance(id: number): boolean {
    const a = this.attendanceMap.get(id);
    if (!a) return false;
    this.attendanceMap.delete(id);
    this.attendancesByDay.get(`${a.employee}|${a.date}`)?.delete(id);
    return true;
  }

  listAttendances(): AttendanceRecord[] {
    return [...this.attendanceMap.values()];
  }

  getAttendance(id: number): AttendanceRecord | undefined {
    return this.attendanceMap.get(id);
  }

  /** Checks one row (after applying a PATCH, or as sent in a batch); returns the error text or null. */
  private validateAttendance(row: AttendanceInput, ignoreId: number | null): string | null {
    if (!isIntegerLike(row.employee)) return 'The employee field is required and must be an integer.';
    const employee = this.employeeMap.get(Number(row.employee));
    if (!employee) return 'Employee not found.';
    if (!isValidDate(row.date)) return 'The date must be a valid date (YYYY-MM-DD).';
    if (!isValidTime(row.start_time)) return 'The start time must be in the format HH:mm.';
    if (row.end_time !== null && row.end_time !== undefined && !isValidTime(row.end_time)) return 'The end time must be in the format HH:mm.';
    if (!isIntegerLike(row.break) || Number(row.break) < 0) return 'The break field is required and must be a non-negative integer.';
    if (row.comment !== undefined && row.comment !== null && typeof row.comment !== 'string') return 'The comment must be a string.';
    if (row.project_id !== undefined && row.project_id !== null && !this.projects.some((p) => p.id === Number(row.project_id))) return 'Project not found.';
    const start = timeToMinutes(row.start_time);
    const end = typeof row.end_time === 'string' ? timeToMinutes(row.end_time) : 24 * 60;
    // v1 periods live within one day; a night shift is sent as two periods.
    if (end <= start) return 'The end time must be after the start time.';
    if (Number(row.break) > end - start) return 'The break cannot be longer than the attendance period.';
    // Emulator rule (UNCONFIRMED wording): Personio refuses periods outside the employment.
    if (row.date < employee.hire_date || (employee.termination_date && row.date > employee.termination_date)) {
      return 'The attendance date is outside of the employment period.';
    }
    for (const otherId of this.attendancesByDay.get(`${employee.id}|${row.date}`) ?? []) {
      const other = this.attendanceMap.get(otherId)!;
      if (other.id === ignoreId || other.status === 'rejected') continue;
      const oStart = timeToMinutes(other.start_time);
      const oEnd = other.end_time ? timeToMinutes(other.end_time) : 24 * 60;
      if (start < oEnd && oStart < end) return OVERLAP_MESSAGE;
    }
    return null;
  }

  /**
   * The batch semantics of `POST /company/attendances` (reference §3): rows are inserted one by
   * one; a row that fails (overlap, bad data) is reported, the rows that succeeded STAY
   * (partial commit). Later rows are checked against earlier rows of the same batch.
   */
  createAttendances(rows: readonly AttendanceInput[], opts: { skipApproval?: boolean } = {}): AttendanceRowResult[] {
    const now = this.clock();
    const results: AttendanceRowResult[] = [];
    for (const raw of rows) {
      const row: AttendanceInput = raw && typeof raw === 'object' ? raw : {};
      const echo = {
        employee: row.employee ?? null,
        date: row.date ?? null,
        start_time: row.start_time ?? null,
        end_time: row.end_time ?? null,
        break: row.break ?? null,
        comment: row.comment ?? '',
        project_id: row.project_id ?? null,
      };
      const error = this.validateAttendance(row, null);
      if (error) {
        results.push({ success: false, error_msg: error, id: null, ...echo });
        continue;
      }
      const record: AttendanceRecord = {
        id: this.nextAttendanceId++,
        employee: Number(row.employee),
        date: row.date as string,
        start_time: row.start_time as string,
        end_time: typeof row.end_time === 'string' ? row.end_time : null,
        break: Number(row.break),
        comment: typeof row.comment === 'string' ? row.comment : '',
        // skip_approval defaults to true (spec); false → pending, as if an approval rule applied.
        status: opts.skipApproval === false ? 'pending' : 'confirmed',
        project_id: row.project_id === undefined || row.project_id === null ? null : Number(row.project_id),
        is_holiday: false,
        is_on_time_off: this.onTimeOff(Number(row.employee), row.date as string),
        updated_at: now,
      };
      this.putAttendance(record);
      this.revision++;
      results.push({ success: true, error_msg: null, id: record.id, ...echo });
    }
    return results;
  }

  /** `PATCH /company/attendances/{id}`: absent fields keep their value; the employee cannot change. */
  updateAttendance(id: number, patch: AttendanceInput & { skip_approval?: unknown }): AttendanceUpdateResult {
    const current = this.attendanceMap.get(id);
    if (!current) return { kind: 'not_found' };
    const merged: AttendanceInput = {
      employee: current.employee,
      date: patch.date ?? current.date,
      start_time: patch.start_time ?? current.start_time,
      end_time: patch.end_time === undefined ? current.end_time : patch.end_time,
      break: patch.break ?? current.break,
      comment: patch.comment === undefined ? current.comment : patch.comment,
      project_id: patch.project_id === undefined ? current.project_id : patch.project_id,
    };
    const error = this.validateAttendance(merged, id);
    if (error) {
      return {
        kind: 'invalid',
        message: error,
        row: { success: false, error_msg: error, id: null, ...merged, employee: current.employee, comment: merged.comment ?? '', project_id: merged.project_id ?? null } as AttendanceRowResult,
      };
    }
    this.dropAttendance(id);
    current.date = merged.date as string;
    current.start_time = merged.start_time as string;
    current.end_time = typeof merged.end_time === 'string' ? merged.end_time : null;
    current.break = Number(merged.break);
    current.comment = typeof merged.comment === 'string' ? merged.comment : '';
    current.project_id = merged.project_id === null || merged.project_id === undefined ? null : Number(merged.project_id);
    if (patch.skip_approval === false) current.status = 'pending';
    current.is_on_time_off = this.onTimeOff(current.employee, current.date);
    current.updated_at = this.clock();
    this.putAttendance(current);
    this.revision++;
    return { kind: 'ok', record: current };
  }

  deleteAttendance(id: number): boolean {
    const removed = this.dropAttendance(id);
    if (removed) this.revision++;
    return removed;
  }

  // ── v2 attendance periods (written through /v2/attendance-periods, UUID ids) ──

  listPeriods(): AttendancePeriodRecord[] {
    return [...this.periodMap.values()];
  }

  /** One person's periods, in the order `listPeriods` gives them. */
  listPeriodsOf(person: number): AttendancePeriodRecord[] {
    return [...(this.periodsByPerson.get(person) ?? [])].map((id) => this.periodMap.get(id)!);
  }

  getPeriod(id: string): AttendancePeriodRecord | undefined {
    return this.periodMap.get(id);
  }

  private indexPeriod(person: number, id: string): void {
    const ids = this.periodsByPerson.get(person);
    if (ids) ids.add(id);
    else this.periodsByPerson.set(person, new Set([id]));
  }

  /**
   * The v2 rules a period must meet (nmbrs-rest-and-personio-time.md §B1; the error titles are the
   * emulator's, Personio's own are UNCONFIRMED): local date-times, end after start, not past
   * midnight (an end at the next day's 00:00:00 is the day's end), no overlap with another period of
   * the same person (end exclusive). Returns the refusal, or null.
   */
  checkPeriod(p: PeriodInput, exceptId?: string): PeriodRefusal | null {
    if (!this.employeeMap.has(p.person)) return { kind: 'unknown_person', title: 'Person not found', detail: `The person ${p.person} was not found.` };
    if (!isLocalDateTime(p.start) || (p.end !== null && !isLocalDateTime(p.end))) {
      return { kind: 'invalid', title: 'Invalid request content', detail: 'start.date_time and end.date_time must be local date-times (YYYY-MM-DDTHH:MM:SS) without offset.' };
    }
    if (p.end === null) return null;
    const start = withSeconds(p.start);
    const end = withSeconds(p.end);
    if (end <= start) return { kind: 'invalid', title: 'Invalid attendance period', detail: 'The end of the period must be after its start.' };
    const sameDay = end.slice(0, 10) === start.slice(0, 10);
    const endsAtMidnight = this.periodMidnightEnd === 'next_day_0000' && end.slice(11) === '00:00:00' && end.slice(0, 10) === nextDate(start.slice(0, 10));
    if (!sameDay && !endsAtMidnight) return { kind: 'invalid', title: 'Attendance period crosses midnight', detail: 'An attendance period must not go past midnight; split it at 00:00.' };
    for (const otherId of this.periodsByPerson.get(p.person) ?? []) {
      const other = this.periodMap.get(otherId)!;
      if (other.id === exceptId) continue;
      const oEnd = other.end ?? '9999-12-31T23:59:59';
      if (start < oEnd && other.start < end) {
        return { kind: 'overlap', title: 'Overlapping attendance periods', detail: `The period overlaps the attendance period ${other.id} of the same person.` };
      }
    }
    return null;
  }

  /** Stores a period after `checkPeriod` (or directly, as a test hook: entered in the Personio UI). */
  insertPeriod(p: PeriodInput & { status?: AttendancePeriodStatus; id?: string }): AttendancePeriodRecord {
    const now = this.clock();
    const record: AttendancePeriodRecord = {
      id: p.id ?? randomUUID(),
      person: p.person,
      type: p.type,
      start: withSeconds(p.start),
      end: p.end === null ? null : withSeconds(p.end),
      comment: p.comment,
      status: p.status ?? 'CONFIRMED',
      created_at: now,
      updated_at: now,
    };
    this.periodMap.set(record.id, record);
    this.indexPeriod(record.person, record.id);
    this.revision++;
    return record;
  }

  /** Overwrites fields of a period (no checks: the API checks first; a test hook may do as the UI would). */
  updatePeriod(id: string, patch: Partial<Omit<AttendancePeriodRecord, 'id' | 'created_at'>>): AttendancePeriodRecord | undefined {
    const p = this.periodMap.get(id);
    if (!p) return undefined;
    if (patch.person !== undefined && patch.person !== p.person) {
      this.periodsByPerson.get(p.person)?.delete(id);
      this.indexPeriod(patch.person, id);
    }
    Object.assign(p, patch, { updated_at: patch.updated_at ?? this.clock() });
    if (patch.start) p.start = withSeconds(patch.start);
    if (patch.end) p.end = withSeconds(patch.end);
    this.revision++;
    return p;
  }

  deletePeriod(id: string): boolean {
    const p = this.periodMap.get(id);
    const removed = this.periodMap.delete(id);
    if (p) this.periodsByPerson.get(p.person)?.delete(id);
    if (removed) this.revision++;
    return removed;
  }

  /** Test helper: put an attendance straight into the account (as if entered in the Personio UI). */
  insertAttendance(input: Omit<AttendanceRecord, 'id' | 'updated_at' | 'is_holiday' | 'is_on_time_off'> & Partial<AttendanceRecord>): AttendanceRecord {
    const record: AttendanceRecord = { is_holiday: false, is_on_time_off: false, updated_at: this.clock(), ...input, id: this.nextAttendanceId++ };
    this.putAttendance(record);
    this.revision++;
    return record;
  }
}

export type AttendancePeriodStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED';

/** A v2 attendance period; date-times local, `YYYY-MM-DDTHH:MM:SS`, no offset. */
export interface AttendancePeriodRecord {
  id: string;
  person: number;
  type: 'WORK' | 'BREAK';
  start: string;
  end: string | null;
  comment: string;
  status: AttendancePeriodStatus;
  created_at: number;
  updated_at: number;
}

export interface PeriodInput {
  person: number;
  type: 'WORK' | 'BREAK';
  start: string;
  end: string | null;
  comment: string;
}

export interface PeriodRefusal {
  kind: 'unknown_person' | 'invalid' | 'overlap';
  title: string;
  detail: string;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/** `YYYY-MM-DDTHH:MM[:SS]` without offset or `Z`, a real calendar date and a time before 24:00. */
export function isLocalDateTime(v: string): boolean {
  if (!LOCAL_DATE_TIME.test(v) || !isValidDate(v.slice(0, 10))) return false;
  const [h, m, s] = v.slice(11).split(':').map(Number);
  return h! < 24 && m! < 60 && (s ?? 0) < 60;
}

const withSeconds = (v: string) => (v.length === 16 ? `${v}:00` : v);

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
