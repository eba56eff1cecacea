import { describe, expect, it } from 'vitest';
import { nextDailyRun } from './worker.ts';

describe('nextDailyRun', () => {
  it('gives the next local 03:15 in Amsterdam, in winter and summer time', () => {
    expect(nextDailyRun(195, 'Europe/Amsterdam', new Date('2026-01-10T12:00:00Z')).toISOString()).toBe('2026-01-11T02:15:00.000Z');
    expect(nextDailyRun(195, 'Europe/Amsterdam', new Date('2026-07-10T12:00:00Z')).toISOString()).toBe('2026-07-11T01:15:00.000Z');
  });
  it('crosses the DST change to the right instant', () => {
    // Night of 2026-03-28 → 29 clocks go forward at 02:00; 03:15 on the 29th is CEST (UTC+2).
    expect(nextDailyRun(195, 'Europe/Amsterdam', new Date('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T01:15:00.000Z');
    // 2026-10-25 clocks go back; 03:15 that day is CET (UTC+1).
    expect(nextDailyRun(195, 'Europe/Amsterdam', new Date('2026-10-24T12:00:00Z')).toISOString()).toBe('2026-10-25T02:15:00.000Z');
  });
  it('returns today when the time is still ahead', () => {
    expect(nextDailyRun(23 * 60, 'Europe/Berlin', new Date('2026-05-05T08:00:00Z')).toISOString()).toBe('2026-05-05T21:00:00.000Z');
  });
});
