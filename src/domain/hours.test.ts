import { describe, expect, it } from 'vitest';
import { type HourComponentRule, shiftMinutes, splitShiftOverComponents } from './hours.ts';

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
