import { describe, expect, it } from 'vitest';
import { dateTimeText, numberText, shortDateText, spanText } from './date-text.ts';

// Wednesday 2 December 2026, 14:00–15:00 in Amsterdam (13:00–14:00 UTC).
const START = Date.UTC(2026, 11, 2, 13, 0);
const END = Date.UTC(2026, 11, 2, 14, 0);
const Z = 'Europe/Amsterdam';

describe('dates inside sentences (issue 15 item 13)', () => {
  it('a span reads as a native speaker writes it', () => {
    expect(spanText('de', START, END, Z)).toBe('Mittwoch, 2. Dezember 2026, 14:00–15:00 Uhr');
    expect(spanText('nl', START, END, Z)).toBe('woensdag 2 december 2026, 14:00–15:00');
    expect(spanText('en', START, END, Z)).toBe('Wednesday, 2 December 2026, 14:00–15:00');
  });

  it('a span across midnight names both days', () => {
    const late = Date.UTC(2026, 11, 2, 22, 0);
    const after = Date.UTC(2026, 11, 3, 0, 30);
    expect(spanText('de', late, after, Z)).toBe('Mittwoch, 2. Dezember 2026, 23:00 Uhr – Donnerstag, 3. Dezember 2026, 01:30 Uhr');
    expect(spanText('nl', late, after, Z)).toBe('woensdag 2 december 2026, 23:00 – donderdag 3 december 2026, 01:30');
  });

  it('one moment, in the given zone and 24 hours', () => {
    expect(dateTimeText('de', START, Z)).toBe('Mittwoch, 2. Dezember 2026, 14:00 Uhr');
    expect(dateTimeText('nl', START, Z)).toBe('woensdag 2 december 2026, 14:00');
    expect(dateTimeText('en', START, 'Europe/London')).toBe('Wednesday, 2 December 2026, 13:00');
    expect(dateTimeText('en', Date.UTC(2026, 11, 2, 23, 5), Z)).toBe('Thursday, 3 December 2026, 00:05');
  });

  it('short dates and numbers per language; anything not a date passes unchanged', () => {
    expect(shortDateText('de', '2026-12-01')).toBe('01.12.2026');
    expect(shortDateText('nl', '2026-12-01')).toBe('01-12-2026');
    expect(shortDateText('en', '2026-12-01')).toBe('01/12/2026');
    expect(shortDateText('de', '12-2026')).toBe('12-2026');
    expect(numberText('de', 38.5)).toBe('38,5');
    expect(numberText('nl', 38.5)).toBe('38,5');
    expect(numberText('en', 38.5)).toBe('38.5');
  });
});
