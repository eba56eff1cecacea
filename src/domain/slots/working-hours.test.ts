import { describe, expect, it } from 'vitest';
import { SlotSearchError } from './slot-error.ts';
import { blockIntervals, weekdayHours, type WorkingHours, workingIntervals } from './working-hours.ts';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const win = (from: string, to: string) => ({ start: Date.parse(from), end: Date.parse(to) });
const show = (list: { start: number; end: number }[]) => list.map((i) => `${iso(i.start)}/${iso(i.end)}`);
const everyDay = (start: string, end: string): WorkingHours => weekdayHours(start, end, [1, 2, 3, 4, 5, 6, 7]);

describe('working hours per local date', () => {
  it('Mon–Fri 09:00–17:00 Europe/Amsterdam moves one hour in UTC across 2026-03-29', () => {
    const list = workingIntervals(weekdayHours(), 'Europe/Amsterdam', win('2026-03-26T00:00:00Z', '2026-04-01T00:00:00Z'));
    expect(show(list)).toEqual([
      '2026-03-26T08:00:00.000Z/2026-03-26T16:00:00.000Z', // Thu, CET
      '2026-03-27T08:00:00.000Z/2026-03-27T16:00:00.000Z', // Fri
      '2026-03-30T07:00:00.000Z/2026-03-30T15:00:00.000Z', // Mon, CEST
      '2026-03-31T07:00:00.000Z/2026-03-31T15:00:00.000Z',
    ]);
  });

  it('a whole local day is 23 hours on 2026-03-29 and 25 hours on 2026-10-25 (Europe/Amsterdam)', () => {
    const spring = workingIntervals({ weekly: {}, dates: { '2026-03-29': [{ start: '00:00', end: '24:00' }] } }, 'Europe/Amsterdam', win('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'));
    expect(show(spring)).toEqual(['2026-03-28T23:00:00.000Z/2026-03-29T22:00:00.000Z']);
    expect(spring[0]!.end - spring[0]!.start).toBe(23 * H);
    const autumn = workingIntervals({ weekly: {}, dates: { '2026-10-25': [{ start: '00:00', end: '24:00' }] } }, 'Europe/Amsterdam', win('2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z'));
    expect(show(autumn)).toEqual(['2026-10-24T22:00:00.000Z/2026-10-25T23:00:00.000Z']);
    expect(autumn[0]!.end - autumn[0]!.start).toBe(25 * H);
  });

  it("resolves non-existent and repeated local times 'compatible' (gap → later, overlap → earlier)", () => {
    const hours: WorkingHours = {
      weekly: {},
      dates: {
        '2026-03-29': [{ start: '02:30', end: '04:00' }], // 02:30 does not exist: starts 03:30 CEST
        '2026-10-25': [{ start: '02:30', end: '03:30' }], // 02:30 happens twice: starts at the first (CEST)
      },
    };
    const list = workingIntervals(hours, 'Europe/Amsterdam', win('2026-03-01T00:00:00Z', '2026-11-01T00:00:00Z'));
    expect(show(list)).toEqual([
      '2026-03-29T01:30:00.000Z/2026-03-29T02:00:00.000Z',
      '2026-10-25T00:30:00.000Z/2026-10-25T02:30:00.000Z', // 2 real hours
    ]);
  });

  it('America/New_York 09:00–17:00 across 2026-03-08 and 2026-11-01', () => {
    const list = workingIntervals(everyDay('09:00', '17:00'), 'America/New_York', win('2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'));
    expect(show(list)).toEqual([
      '2026-03-07T14:00:00.000Z/2026-03-07T22:00:00.000Z',
      '2026-03-08T13:00:00.000Z/2026-03-08T21:00:00.000Z',
      '2026-03-09T13:00:00.000Z/2026-03-09T21:00:00.000Z',
    ]);
    const fall = workingIntervals(everyDay('09:00', '17:00'), 'America/New_York', win('2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z'));
    expect(fall.map((i) => iso(i.start))).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('Asia/Kolkata has no DST: 09:00 IST is 03:30Z all year', () => {
    for (const day of ['2026-01-15', '2026-03-30', '2026-07-15', '2026-10-26']) {
      const [iv] = workingIntervals(everyDay('09:00', '17:30'), 'Asia/Kolkata', win(`${day}T00:00:00Z`, `${day}T23:00:00Z`));
      expect(show([iv!])).toEqual([`${day}T03:30:00.000Z/${day}T12:00:00.000Z`]);
    }
  });

  it('supports ranges across midnight, several ranges a day, date overrides and clipping', () => {
    const hours: WorkingHours = {
      weekly: { 1: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }], 5: [{ start: '22:00', end: '06:00' }] },
      dates: { '2026-06-08': [] },
    };
    const list = workingIntervals(hours, 'UTC', win('2026-06-01T10:00:00Z', '2026-06-09T00:00:00Z'));
    expect(show(list)).toEqual([
      '2026-06-01T10:00:00.000Z/2026-06-01T12:00:00.000Z',
      '2026-06-01T13:00:00.000Z/2026-06-01T17:00:00.000Z',
      '2026-06-05T22:00:00.000Z/2026-06-06T06:00:00.000Z',
    ]);
  });

  it('turns local absences and half days into instants in the person’s zone', () => {
    const list = blockIntervals(
      [
        { startDate: '2026-03-27', endDate: '2026-03-30' },
        { startDate: '2026-04-02', endDate: '2026-04-02', startTime: '12:00' },
      ],
      'Europe/Amsterdam',
    );
    expect(show(list)).toEqual(['2026-03-26T23:00:00.000Z/2026-03-30T22:00:00.000Z', '2026-04-02T10:00:00.000Z/2026-04-02T22:00:00.000Z']);
  });

  it('rejects bad times, dates and zones with a typed error', () => {
    const w = win('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z');
    expect(() => workingIntervals(weekdayHours('9am', '17:00'), 'UTC', w)).toThrow(SlotSearchError);
    expect(() => workingIntervals(weekdayHours('09:00', '25:00'), 'UTC', w)).toThrow(/expected HH:MM/);
    expect(() => workingIntervals(weekdayHours(), 'Europe/Atlantis', w)).toThrow(/unknown IANA time zone/);
    expect(() => blockIntervals([{ startDate: '2026-02-30', endDate: '2026-03-01' }], 'UTC')).toThrow(/YYYY-MM-DD/);
    expect(() => blockIntervals([{ startDate: '2026-03-02', endDate: '2026-03-01' }], 'UTC')).toThrow(/endDate before startDate/);
  });
});
