import { describe, expect, it } from 'vitest';
import { absenceHours, leaveBalance, leaveEntitlement } from './leave.ts';

const fullYear = { startDate: '2020-01-01', endDate: null, weeklyHours: 40, leaveWeeks: 4 };

describe('leave entitlement', () => {
  it('is 4 × weekly hours for a full year', () => {
    expect(leaveEntitlement(2026, [fullYear])).toBe(160);
  });
  it('is pro rata for a contract starting mid-year', () => {
    // 2026-07-01..2026-12-31 = 184 of 365 days
    expect(leaveEntitlement(2026, [{ ...fullYear, startDate: '2026-07-01' }])).toBeCloseTo((160 * 184) / 365, 2);
  });
  it('uses the contract type leave weeks and adds overlapping contracts', () => {
    const a = { startDate: '2026-01-01', endDate: null, weeklyHours: 20, leaveWeeks: 5 };
    const b = { startDate: '2026-01-01', endDate: '2026-06-30', weeklyHours: 10, leaveWeeks: 4 };
    expect(leaveEntitlement(2026, [a, b])).toBeCloseTo(100 + (40 * 181) / 365, 2);
  });
  it('is zero for contracts outside the year', () => {
    expect(leaveEntitlement(2026, [{ ...fullYear, endDate: '2025-12-31' }])).toBe(0);
  });
});

describe('absence hours and balance', () => {
  it('counts working days at weekly hours / 5, skipping weekends', () => {
    // Mon 2026-03-02 .. Sun 2026-03-08: 5 working days × 8h
    expect(absenceHours({ startDate: '2026-03-02', endDate: '2026-03-08', unit: 'days', hours: null, status: 'approved', deductsLeave: true }, [fullYear])).toBe(40);
    expect(absenceHours({ startDate: '2026-03-02', endDate: '2026-03-02', unit: 'half_day', hours: null, status: 'approved', deductsLeave: true }, [fullYear])).toBe(4);
    expect(absenceHours({ startDate: '2026-03-02', endDate: '2026-03-02', unit: 'hours', hours: 3, status: 'approved', deductsLeave: true }, [fullYear])).toBe(3);
  });
  it('splits taken (up to today) and planned (after today, and pending)', () => {
    const absences = [
      { startDate: '2026-03-02', endDate: '2026-03-06', unit: 'days' as const, hours: null, status: 'approved' as const, deductsLeave: true },
      { startDate: '2026-08-03', endDate: '2026-08-07', unit: 'days' as const, hours: null, status: 'approved' as const, deductsLeave: true },
      { startDate: '2026-09-01', endDate: '2026-09-01', unit: 'days' as const, hours: null, status: 'pending' as const, deductsLeave: true },
      { startDate: '2026-10-01', endDate: '2026-10-01', unit: 'days' as const, hours: null, status: 'rejected' as const, deductsLeave: true },
      { startDate: '2026-04-01', endDate: '2026-04-03', unit: 'days' as const, hours: null, status: 'approved' as const, deductsLeave: false },
    ];
    const b = leaveBalance(2026, [fullYear], absences, 8, '2026-06-01');
    expect(b).toEqual({ year: 2026, entitlementHours: 160, adjustmentHours: 8, takenHours: 40, plannedHours: 48, remainingHours: 80 });
  });
  it('counts only the part of a cross-year absence inside the year', () => {
    const a = { startDate: '2026-12-28', endDate: '2027-01-08', unit: 'days' as const, hours: null, status: 'approved' as const, deductsLeave: true };
    expect(leaveBalance(2026, [fullYear], [a], 0, '2027-02-01').takenHours).toBe(32); // Mon 28 – Thu 31
    expect(leaveBalance(2027, [fullYear], [a], 0, '2027-02-01').takenHours).toBe(48); // Fri 1 + Mon 4 – Fri 8 = 6 days
  });
});
