import { describe, expect, it } from 'vitest';
import { parseDateText, parseTimeText } from '../../web/src/lib/date-text.ts';

describe('typed dates and times (issue 15 item 14)', () => {
  it('reads dd-mm-jjjj, TT.MM.JJJJ, dd/mm/yyyy and ISO; refuses impossible dates', () => {
    expect(parseDateText('1-12-2026')).toBe('2026-12-01');
    expect(parseDateText('01.12.2026')).toBe('2026-12-01');
    expect(parseDateText('01/12/2026')).toBe('2026-12-01');
    expect(parseDateText('2026-12-01')).toBe('2026-12-01');
    expect(parseDateText('31-02-2026')).toBeNull();
    expect(parseDateText('12/31/2026')).toBeNull();
    expect(parseDateText('morgen')).toBeNull();
  });
  it('reads 24-hour times; no AM/PM', () => {
    expect(parseTimeText('9')).toBe('09:00');
    expect(parseTimeText('930')).toBe('09:30');
    expect(parseTimeText('17:45')).toBe('17:45');
    expect(parseTimeText('17.45')).toBe('17:45');
    expect(parseTimeText('25:00')).toBeNull();
    expect(parseTimeText('5:30 PM')).toBeNull();
  });
});
