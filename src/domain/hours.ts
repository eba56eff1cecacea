import { isoWeekday, type LocalDate, timeToMinutes } from './dates.ts';

/**
 * Worked time of a shift. An end time at or before the start time means the shift runs past
 * midnight (22:00–06:00 is 8 hours). Breaks come off the total and may not exceed it.
 */
export function shiftMinutes(start: string, end: string, breakMinutes: number): number {
  const s = timeToMinutes(start);
  let e = timeToMinutes(end);
  if (e <= s) e += 24 * 60;
  return Math.max(0, e - s - breakMinutes);
}

export function shiftSpanMinutes(start: string, end: string): number {
  const s = timeToMinutes(start);
  let e = timeToMinutes(end);
  if (e <= s) e += 24 * 60;
  return e - s;
}

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

export type ShiftForSplit = {
  date: LocalDate;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  departmentId: string | null;
};

/**
 * Splits a shift's worked minutes over hour components (F-08). Each minute of the shift belongs to
 * the first matching rule (lowest priority number); minutes no rule claims go to the default
 * component. The break is taken off the default component's minutes first, then proportionally.
 */
export function splitShiftOverComponents(
  shift: ShiftForSplit,
  rules: HourComponentRule[],
  defaultComponentId: string,
  isPublicHoliday: (date: LocalDate) => boolean = () => false,
): Map<string, number> {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  const start = timeToMinutes(shift.startTime);
  const span = shiftSpanMinutes(shift.startTime, shift.endTime);
  const perComponent = new Map<string, number>();
  const nextDate = addOneDay(shift.date);
  for (let m = 0; m < span; m++) {
    const abs = start + m;
    const date = abs >= 1440 ? nextDate : shift.date;
    const minuteOfDay = abs % 1440;
    const rule = sorted.find((r) => ruleMatches(r, date, minuteOfDay, shift.departmentId, isPublicHoliday));
    const id = rule?.hourComponentId ?? defaultComponentId;
    perComponent.set(id, (perComponent.get(id) ?? 0) + 1);
  }
  let breakLeft = Math.min(shift.breakMinutes, span);
  const fromDefault = Math.min(breakLeft, perComponent.get(defaultComponentId) ?? 0);
  if (fromDefault > 0) {
    perComponent.set(defaultComponentId, (perComponent.get(defaultComponentId) ?? 0) - fromDefault);
    breakLeft -= fromDefault;
  }
  if (breakLeft > 0) {
    const total = [...perComponent.values()].reduce((a, b) => a + b, 0);
    let removed = 0;
    const entries = [...perComponent.entries()];
    entries.forEach(([id, minutes], i) => {
      const share = i === entries.length - 1 ? breakLeft - removed : Math.round((breakLeft * minutes) / total);
      removed += share;
      perComponent.set(id, minutes - share);
    });
  }
  for (const [id, minutes] of perComponent) if (minutes <= 0) perComponent.delete(id);
  return perComponent;
}

function addOneDay(date: LocalDate): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function ruleMatches(
  rule: HourComponentRule,
  date: LocalDate,
  minuteOfDay: number,
  departmentId: string | null,
  isPublicHoliday: (date: LocalDate) => boolean,
): boolean {
  if (rule.departmentId && rule.departmentId !== departmentId) return false;
  if (rule.publicHolidaysOnly && !isPublicHoliday(date)) return false;
  if (rule.weekdays.length > 0 && !rule.weekdays.includes(isoWeekday(date))) return false;
  if (rule.timeFrom && rule.timeTo) {
    const from = timeToMinutes(rule.timeFrom);
    const to = timeToMinutes(rule.timeTo);
    const inside = from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
    if (!inside) return false;
  }
  return true;
}

/** The part of a contract that decides a shift's department. */
export type ContractPeriod = { startDate: LocalDate; endDate: LocalDate | null; departmentId: string | null };

export type ResolvedShiftHours = {
  /** The shift's own department, else the department of the contract that runs on the shift's date. */
  departmentId: string | null;
  departmentFrom: 'shift' | 'contract' | null;
  /** Where the hour components come from: the planner's choice on the shift, or the rules (with the default component). */
  componentsFrom: 'shift' | 'rules';
  /** Worked minutes per hour component, most minutes first; null = no component (no default component set). */
  components: { hourComponentId: string | null; minutes: number }[];
};

/**
 * The department a shift's hours count for: the shift's own, else that of the contract running on the
 * shift's date (the latest-starting contract with a department wins). Part of resolveShiftHours, on its own
 * for callers that need only the department (export filters).
 */
export function resolveShiftDepartment(
  shift: { date: LocalDate; departmentId: string | null },
  contracts: readonly ContractPeriod[],
): Pick<ResolvedShiftHours, 'departmentId' | 'departmentFrom'> {
  if (shift.departmentId) return { departmentId: shift.departmentId, departmentFrom: 'shift' };
  const contract = contracts
    .filter((c) => c.departmentId && c.startDate <= shift.date && (c.endDate === null || c.endDate >= shift.date))
    .sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0))[0];
  return contract ? { departmentId: contract.departmentId, departmentFrom: 'contract' } : { departmentId: null, departmentFrom: null };
}

/**
 * The one place that decides what a shift is booked on (F-08): its department (the shift's own, else
 * its contract's on that date — the latest-starting contract with a department wins) and its worked
 * minutes per hour component (a component chosen on the shift takes everything; otherwise the rules
 * split the minutes, with the department as resolved here, and the default component takes the rest).
 */
export function resolveShiftHours(
  shift: ShiftForSplit & { hourComponentId: string | null },
  context: {
    contracts: ContractPeriod[];
    rules: HourComponentRule[];
    defaultComponentId: string | null;
    isPublicHoliday?: (date: LocalDate) => boolean;
  },
): ResolvedShiftHours {
  const { departmentId, departmentFrom } = resolveShiftDepartment(shift, context.contracts);
  const total = shiftMinutes(shift.startTime, shift.endTime, shift.breakMinutes);
  if (shift.hourComponentId) {
    return { departmentId, departmentFrom, componentsFrom: 'shift', components: total > 0 ? [{ hourComponentId: shift.hourComponentId, minutes: total }] : [] };
  }
  if (!context.defaultComponentId) {
    return { departmentId, departmentFrom, componentsFrom: 'rules', components: total > 0 ? [{ hourComponentId: null, minutes: total }] : [] };
  }
  const split = splitShiftOverComponents({ ...shift, departmentId }, context.rules, context.defaultComponentId, context.isPublicHoliday);
  const components = [...split.entries()].map(([hourComponentId, minutes]) => ({ hourComponentId, minutes })).sort((a, b) => b.minutes - a.minutes);
  return { departmentId, departmentFrom, componentsFrom: 'rules', components };
}
