import { describe, expect, it } from 'vitest';
import { isPublicHoliday } from './public-holidays.ts';

describe('public holidays', () => {
  it('knows King’s Day in NL and German Unity Day in DE, not the other way round', () => {
    expect(isPublicHoliday('NL', '2024-04-27')).toBe(true);
    expect(isPublicHoliday('DE', '2024-04-27')).toBe(false);
    expect(isPublicHoliday('DE', '2024-10-03')).toBe(true);
    expect(isPublicHoliday('NL', '2024-10-03')).toBe(false);
  });
  it('ignores observances and school holidays', () => {
    expect(isPublicHoliday('NL', '2024-05-04')).toBe(false); // Remembrance of the Dead
    expect(isPublicHoliday('NL', '2024-03-29')).toBe(false); // Good Friday is no public holiday in NL
    expect(isPublicHoliday('DE', '2024-03-29')).toBe(true); // but it is in DE
  });
});
