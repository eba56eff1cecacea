import { describe, expect, it } from 'vitest';
import { countRows, creditEarlierAttempts } from './run-summary.ts';
import { emptyCounts } from './sync.types.ts';

describe('creditEarlierAttempts (a run restarted after its process died)', () => {
  it('counts the rows the interrupted attempt wrote by what it did, the rest as planned now', () => {
    const verdicts = [
      { recordId: 'bulk-a', status: 'unchanged' as const },
      { recordId: 'bulk-b', status: 'unchanged' as const },
      { recordId: 'single', status: 'unchanged' as const },
      { recordId: 'single-2nd', status: 'unchanged' as const },
      { recordId: 'linked', status: 'unchanged' as const },
      { recordId: 'updated', status: 'unchanged' as const },
      { recordId: 'untouched', status: 'unchanged' as const },
      { recordId: 'still-to-add', status: 'add' as const },
      { recordId: 'former', status: 'former' as const },
    ];
    const counts = emptyCounts();
    countRows(counts, verdicts);
    creditEarlierAttempts(counts, verdicts, [
      // A bulk add names every record it linked.
      { action: 'add', entity: 'employee', record_id: 'bulk-a', employee_id: 'e1', new_value: { name: 'A', recordIds: ['bulk-a', 'bulk-b'] } },
      // A single add, its two records linked in rows of their own: both are added rows.
      { action: 'add', entity: 'employee', record_id: 'single', employee_id: 'e2', new_value: { name: 'S' } },
      { action: 'link', entity: 'record', record_id: 'single', employee_id: 'e2' },
      { action: 'link', entity: 'record', record_id: 'single-2nd', employee_id: 'e2' },
      { action: 'link', entity: 'record', record_id: 'linked', employee_id: 'e3' },
      // Adopting a contract is no link of the record.
      { action: 'link', entity: 'record', record_id: 'updated', employee_id: 'e4', field: 'contract' },
      { action: 'update', entity: 'contract', record_id: 'updated', employee_id: 'e4' },
      // A row whose plan is no longer "unchanged" is counted as planned.
      { action: 'update', entity: 'employee', record_id: 'former', employee_id: 'e5' },
    ]);
    expect(counts).toMatchObject({ checked: 9, added: 5, linked: 1, updated: 1, unchanged: 1, former: 1 });
  });

  it('changes nothing without a change log', () => {
    const counts = emptyCounts();
    countRows(counts, [{ status: 'unchanged' }, { status: 'add' }]);
    const before = { ...counts };
    creditEarlierAttempts(counts, [{ recordId: 'x', status: 'unchanged' }], []);
    expect(counts).toEqual(before);
  });
});
