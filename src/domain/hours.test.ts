import { describe, expect, it } from 'vitest';
import { type HourComponentRule, resolveShiftHours, shiftMinutes, splitShiftOverComponents } from './hours.ts';

const rule = (p: Partial<HourComponentRule> & { hourComponentId: string }): HourComponentRule => ({
  id: p.hourComponentId,
  priority: 100,
  weekdays: [],
  timeFrom: null,
  timeTo: null,
  departmentId: null,
  publicHolidaysOnly: false,
  ...p,
});

describe('shift minutes', () => {
  it('subtracts the break and handles shifts past midnight', () => {
    expect(shiftMinutes('09:00', '17:30', 30)).toBe(480);
    expect(shiftMinutes('22:00', '06:00', 0)).toBe(480);
    expect(shiftMinutes('09:00', '10:00', 90)).toBe(0);
  });
});

describe('hour component split', () => {
  const night = rule({ hourComponentId: 'night', priority: 10, timeFrom: '22:00', timeTo: '06:00' });
  const weekend = rule({ hourComponentId: 'weekend', priority: 20, weekdays: [6, 7] });
  it('puts minutes in the night window under the night component', () => {
    // Wed 2026-03-04 20:00 – Thu 02:00: 2h regular, 4h night
    const split = splitShiftOverComponents({ date: '2026-03-04', startTime: '20:00', endTime: '02:00', breakMinutes: 0, departmentId: null }, [night, weekend], 'regular');
    expect(Object.fromEntries(split)).toEqual({ regular: 120, night: 240 });
  });
  it('uses the calendar day of each minute for weekday rules', () => {
    // Fri 2026-03-06 20:00 – Sat 01:00: Fri 20–22 regular, 22–01 night (night wins by priority)
    const split = splitShiftOverComponents({ date: '2026-03-06', startTime: '20:00', endTime: '01:00', breakMinutes: 0, departmentId: null }, [weekend, night], 'regular');
    expect(Object.fromEntries(split)).toEqual({ regular: 120, night: 180 });
  });
  it('takes the break from the default component first and never loses minutes', () => {
    const split = splitShiftOverComponents({ date: '2026-03-07', startTime: '09:00', endTime: '17:00', breakMinutes: 30, departmentId: null }, [weekend], 'regular');
    expect(Object.fromEntries(split)).toEqual({ weekend: 450 });
  });
  it('honours department-specific rules', () => {
    const kitchen = rule({ hourComponentId: 'kitchen', departmentId: 'dep-k' });
    const a = splitShiftOverComponents({ date: '2026-03-04', startTime: '09:00', endTime: '10:00', breakMinutes: 0, departmentId: 'dep-k' }, [kitchen], 'regular');
    const b = splitShiftOverComponents({ date: '2026-03-04', startTime: '09:00', endTime: '10:00', breakMinutes: 0, departmentId: 'dep-x' }, [kitchen], 'regular');
    expect(Object.fromEntries(a)).toEqual({ kitchen: 60 });
    expect(Object.fromEntries(b)).toEqual({ regular: 60 });
  });
});

describe('resolving a shift (department and components)', () => {
  const night = rule({ hourComponentId: 'night', priority: 10, timeFrom: '22:00', timeTo: '06:00' });
  const kitchenOnly = rule({ hourComponentId: 'kitchen', priority: 5, departmentId: 'kitchen' });
  const contracts = [
    { startDate: '2025-01-01', endDate: '2025-12-31', departmentId: 'bar' },
    { startDate: '2026-01-01', endDate: null, departmentId: 'kitchen' },
    { startDate: '2026-02-01', endDate: null, departmentId: null },
  ];
  const shift = { date: '2026-03-04', startTime: '22:00', endTime: '06:00', breakMinutes: 30, departmentId: null, hourComponentId: null };

  it('takes the department of the contract running on the date, and lets the rules see it', () => {
    const r = resolveShiftHours(shift, { contracts, rules: [night, kitchenOnly], defaultComponentId: 'regular' });
    expect(r).toMatchObject({ departmentId: 'kitchen', departmentFrom: 'contract', componentsFrom: 'rules' });
    expect(r.components).toEqual([{ hourComponentId: 'kitchen', minutes: 450 }]);
    expect(resolveShiftHours({ ...shift, date: '2025-06-04' }, { contracts, rules: [night, kitchenOnly], defaultComponentId: 'regular' })).toMatchObject({
      departmentId: 'bar',
      components: [{ hourComponentId: 'night', minutes: 450 }],
    });
  });

  it('keeps the shift’s own department and component, and reports no component without a default', () => {
    expect(resolveShiftHours({ ...shift, departmentId: 'bar', hourComponentId: 'holiday' }, { contracts, rules: [night], defaultComponentId: 'regular' })).toEqual({
      departmentId: 'bar',
      departmentFrom: 'shift',
      componentsFrom: 'shift',
      components: [{ hourComponentId: 'holiday', minutes: 450 }],
    });
    expect(resolveShiftHours({ ...shift, date: '2024-01-01' }, { contracts, rules: [night], defaultComponentId: null })).toEqual({
      departmentId: null,
      departmentFrom: null,
      componentsFrom: 'rules',
      components: [{ hourComponentId: null, minutes: 450 }],
    });
  });
});
