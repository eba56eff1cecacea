import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './hr-connector.ts';

/** What Date makes of it: a day that exists in the proleptic Gregorian calendar comes back unchanged. */
const byDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};

describe('isCalendarDate', () => {
  it('agrees with Date on every month and day of leap, century and ordinary years', () => {
    const wrong: string[] = [];
    for (const y of [0, 1, 4, 100, 400, 1582, 1900, 1999, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          if (isCalendarDate(s) !== byDate(s)) wrong.push(s);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(['2024-02-29', '2000-02-29', '2023-12-31'])('accepts %s', (s) => expect(isCalendarDate(s)).toBe(true));
  it.each(['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-2-01', ' 2024-02-01', '2024-02-01T00:00', '2024-02-01\n', ''])('refuses %j', (s) =>
    expect(isCalendarDate(s)).toBe(false),
  );
});
