import { addDays, daysInclusive, isoWeekday, type LocalDate, maxDate, minDate } from './dates.ts';

export type LeaveContract = {
  startDate: LocalDate;
  endDate: LocalDate | null;
  weeklyHours: number;
  /** Weeks of leave per year for this contract's type; NL statutory minimum is 4. */
  leaveWeeks: number;
};

export type LeaveAbsence = {
  startDate: LocalDate;
  endDate: LocalDate;
  unit: 'days' | 'half_day' | 'hours';
  hours: number | null;
  status: 'pending' | 'approved' | 'rejected';
  deductsLeave: boolean;
};

export type LeaveBalance = {
  year: number;
  entitlementHours: number;
  adjustmentHours: number;
  takenHours: number;
  plannedHours: number;
  remainingHours: number;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Entitlement for a year: per contract, leaveWeeks × weekly hours, pro rata over the part of the
 * year the contract runs (days in the year / days of the year). Overlapping contracts each accrue.
 */
export function leaveEntitlement(year: number, contracts: LeaveContract[]): number {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const yearDays = daysInclusive(yearStart, yearEnd);
  let total = 0;
  for (const c of contracts) {
    const from = maxDate(c.startDate, yearStart);
    const to = minDate(c.endDate ?? yearEnd, yearEnd);
    if (to < from) continue;
    total += (c.leaveWeeks * c.weeklyHours * daysInclusive(from, to)) / yearDays;
  }
  return round2(total);
}

/** Scheduled hours on one date: weekly hours of the contracts active that day spread over Monday–Friday. */
export function dailyContractHours(date: LocalDate, contracts: LeaveContract[]): number {
  if (isoWeekday(date) > 5) return 0;
  let hours = 0;
  for (const c of contracts) {
    if (c.startDate <= date && (c.endDate === null || c.endDate >= date)) hours += c.weeklyHours / 5;
  }
  return hours;
}

/** Hours an absence takes within [from, to]: explicit hours for unit "hours", else the scheduled hours of its working days (half for half days). */
export function absenceHours(absence: LeaveAbsence, contracts: LeaveContract[], from?: LocalDate, to?: LocalDate): number {
  const start = from ? maxDate(absence.startDate, from) : absence.startDate;
  const end = to ? minDate(absence.endDate, to) : absence.endDate;
  if (end < start) return 0;
  if (absence.unit === 'hours') {
    // Spread explicit hours evenly over the absence's days, so a cross-year absence splits fairly.
    const share = daysInclusive(start, end) / daysInclusive(absence.startDate, absence.endDate);
    return round2((absence.hours ?? 0) * share);
  }
  let hours = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) hours += dailyContractHours(d, contracts);
  return round2(absence.unit === 'half_day' ? hours / 2 : hours);
}

/**
 * Leave balance (F-07). Taken: approved leave up to and including today. Planned: approved leave
 * after today plus pending requests. Rejected requests and non-leave absence types do not count.
 */
export function leaveBalance(
  year: number,
  contracts: LeaveContract[],
  absences: LeaveAbsence[],
  adjustmentHours: number,
  today: LocalDate,
): LeaveBalance {
  const entitlementHours = leaveEntitlement(year, contracts);
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  let taken = 0;
  let planned = 0;
  for (const a of absences) {
    if (!a.deductsLeave || a.status === 'rejected') continue;
    if (a.status === 'pending') {
      planned += absenceHours(a, contracts, yearStart, yearEnd);
      continue;
    }
    const pastEnd = minDate(today, yearEnd);
    taken += absenceHours(a, contracts, yearStart, pastEnd);
    const futureStart = maxDate(addDays(today, 1), yearStart);
    planned += absenceHours(a, contracts, futureStart, yearEnd);
  }
  return {
    year,
    entitlementHours,
    adjustmentHours: round2(adjustmentHours),
    takenHours: round2(taken),
    plannedHours: round2(planned),
    remainingHours: round2(entitlementHours + adjustmentHours - taken - planned),
  };
}
