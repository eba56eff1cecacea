import { describe, expect, it } from 'vitest';
import { rangeText } from '../../web/src/lib/range-text.ts';

// Wednesday 2 December 2026, 14:00–15:00 in Berlin and Amsterdam (13:00–14:00 UTC).
const S = '2026-12-02T13:00:00.000Z';
const E = '2026-12-02T14:00:00.000Z';

describe('an interview time on screen (issue 15 item 13: booking confirmation, interview page, lists)', () => {
  it('inside a sentence: the long date, the span, "Uhr" in German, the zone in one pair of brackets', () => {
    expect(rangeText('de', S, E, 'Europe/Berlin', 'long')).toBe('Mittwoch, 2. Dezember 2026, 14:00–15:00 Uhr (Europe/Berlin, MEZ)');
    expect(rangeText('nl', S, E, 'Europe/Amsterdam', 'long')).toBe('woensdag 2 december 2026, 14:00–15:00 (Europe/Amsterdam, CET)');
    expect(rangeText('en', S, E, 'Europe/London', 'long')).toBe('Wednesday, 2 December 2026, 13:00–14:00 (Europe/London, GMT)');
  });

  it('in lists: the short date with four-digit year, 24 hours', () => {
    expect(rangeText('de', S, E, 'Europe/Berlin')).toBe('Mi., 02.12.2026, 14:00–15:00 Uhr (Europe/Berlin, MEZ)');
    expect(rangeText('nl', S, E, 'Europe/Amsterdam')).toBe('wo 02-12-2026, 14:00–15:00 (Europe/Amsterdam, CET)');
    expect(rangeText('en', '2026-12-02T17:30:00.000Z', '2026-12-02T18:15:00.000Z', 'Europe/London')).toBe('Wed, 02/12/2026, 17:30–18:15 (Europe/London, GMT)');
  });

  it('a span past midnight names both days', () => {
    expect(rangeText('de', '2026-12-02T22:00:00.000Z', '2026-12-03T00:30:00.000Z', 'Europe/Berlin', 'long')).toBe('Mittwoch, 2. Dezember 2026, 23:00 Uhr – Donnerstag, 3. Dezember 2026, 01:30 Uhr (Europe/Berlin, MEZ)');
  });
});
