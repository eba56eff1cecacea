import { describe, expect, it } from 'vitest';
import { commentWithMarker } from '../../connectors/hr/personio/personio.attendance-sink.ts';
import { shiftsToDesiredItems, type OutboundShift } from './personio-periods.ts';

const shift = (over: Partial<OutboundShift> = {}): OutboundShift => ({ id: 's1', employee_id: 'e1', date: '2026-06-01', start_time: '08:00:00', end_time: '16:30:00', break_minutes: 30, ...over });
const persons: Record<string, string> = { e1: '101', e2: '102' };

describe('shiftsToDesiredItems', () => {
  it('turns a shift with a break into WORK, BREAK, WORK keyed shift:<id>:<n>, for the employee’s Personio person', () => {
    const items = shiftsToDesiredItems([shift()], (e) => persons[e]);
    expect(items).toEqual([
      { idempotencyKey: 'shift:s1:0', subjectId: 's1', periodDate: '2026-06-01', payload: { personId: '101', type: 'WORK', start: '2026-06-01T08:00:00', end: '2026-06-01T12:00:00', comment: '' } },
      { idempotencyKey: 'shift:s1:1', subjectId: 's1', periodDate: '2026-06-01', payload: { personId: '101', type: 'BREAK', start: '2026-06-01T12:00:00', end: '2026-06-01T12:30:00', comment: '' } },
      { idempotencyKey: 'shift:s1:2', subjectId: 's1', periodDate: '2026-06-01', payload: { personId: '101', type: 'WORK', start: '2026-06-01T12:30:00', end: '2026-06-01T16:30:00', comment: '' } },
    ]);
  });

  it('a night shift is split at midnight and every part counts on the shift’s date; a comment may be given', () => {
    const items = shiftsToDesiredItems([shift({ id: 'n', employee_id: 'e2', start_time: '22:00', end_time: '06:00', break_minutes: 0 })], (e) => persons[e], { comment: () => 'Nachtdienst' });
    expect(items.map((i) => [i.idempotencyKey, i.payload.start, i.payload.end, i.periodDate, i.payload.comment])).toEqual([
      ['shift:n:0', '2026-06-01T22:00:00', '2026-06-02T00:00:00', '2026-06-01', 'Nachtdienst'],
      ['shift:n:1', '2026-06-02T00:00:00', '2026-06-02T06:00:00', '2026-06-01', 'Nachtdienst'],
    ]);
    expect(items.every((i) => i.payload.personId === '102')).toBe(true);
  });

  it('skips, and reports, shifts of employees without a Personio person and shifts whose break is as long as the shift', () => {
    const skipped: Array<[string, string]> = [];
    const items = shiftsToDesiredItems(
      [shift({ id: 'a', employee_id: 'unknown' }), shift({ id: 'b', start_time: '08:00', end_time: '08:30', break_minutes: 30 }), shift({ id: 'c', break_minutes: 0 })],
      (e) => persons[e] ?? null,
      { onSkipped: (id, reason) => skipped.push([id, reason]) },
    );
    expect(skipped).toEqual([
      ['a', 'not_linked'],
      ['b', 'break_too_long'],
    ]);
    expect(items.map((i) => i.idempotencyKey)).toEqual(['shift:c:0']);
  });

  it('caps a long comment so comment and key marker fit in 255 characters (review9 2.17)', () => {
    const id = '0b6f3c1e-5d2a-4e8b-9c7d-1a2b3c4d5e6f';
    const [item] = shiftsToDesiredItems([shift({ id, break_minutes: 0 })], (e) => persons[e], { comment: () => 'x'.repeat(400) });
    expect(item!.payload.comment.length).toBe(200);
    expect(commentWithMarker(item!.payload.comment, item!.idempotencyKey).length).toBeLessThanOrEqual(255);
  });
});

