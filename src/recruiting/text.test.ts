import { describe, expect, it } from 'vitest';
import { calendarErrorMessage } from './text.ts';

describe('calendarErrorMessage', () => {
  it("names a calendar that could not be expanded in time (ProviderError 'unreadable', issue 13) in nl, de and en", () => {
    expect(calendarErrorMessage('nl', 'unreadable')).toMatch(/^De agenda kon niet worden gelezen/);
    expect(calendarErrorMessage('de', 'unreadable')).toMatch(/^Der Kalender konnte nicht gelesen werden/);
    expect(calendarErrorMessage('en', 'unreadable')).toMatch(/^The calendar could not be read/);
    // an unknown code still reads as "not reachable", never as an empty text
    expect(calendarErrorMessage('en', 'something_new')).toBe('The calendar could not be reached.');
  });
});
