import { describe, expect, it } from 'vitest';
import { periodTypeOf } from './nmbrs-hours.service.ts';

describe("Nmbrs' period type names (UNCONFIRMED spelling)", () => {
  it('reads REST words, SOAP codes and numbers; anything else or nothing is unknown (null), never silently monthly', () => {
    for (const m of ['Monthly', 'month', 'M', '1']) expect(periodTypeOf(m)).toBe('monthly');
    for (const f of ['FourWeekly', 'four_weekly', '4-Weekly', '4weekly', 'W4', '2']) expect(periodTypeOf(f)).toBe('four_weekly');
    for (const w of ['Weekly', 'week', 'W1', '3']) expect(periodTypeOf(w)).toBe('weekly');
    for (const x of [null, '', '  ', 'Quarterly', '4', 'daily']) expect(periodTypeOf(x)).toBeNull();
  });
});
