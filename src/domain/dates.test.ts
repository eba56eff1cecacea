import { describe, expect, it } from 'vitest';
import { todayIn } from './dates.ts';

describe('todayIn', () => {
  it('turns the day at local midnight, even when asked again within the same second (reused answers)', () => {
    // Amsterdam in winter is UTC+1: midnight is 23:00 UTC.
    expect(todayIn('Europe/Amsterdam', new Date('2026-01-14T22:59:59.000Z'))).toBe('2026-01-14');
    expect(todayIn('Europe/Amsterdam', new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(todayIn('Europe/Amsterdam', new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(todayIn('America/New_York', new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-14');
    expect(todayIn('Europe/Amsterdam', new Date('2026-01-14T23:00:00.500Z'))).toBe('2026-01-15');
  });

  it('refuses an unknown zone every time', () => {
    expect(() => todayIn('Mars/Olympus')).toThrow();
    expect(() => todayIn('Mars/Olympus')).toThrow();
  });
});
