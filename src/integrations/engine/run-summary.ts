import type { RecordStatus, RecordVerdict, SyncCounts } from './sync.types.ts';

/**
 * The figures of a run, each meaning one thing (issue 15). Preview and apply count ROWS — one row per
 * HR record, the rows the run's list and the review lists show — so a figure always equals the rows
 * behind its filter:
 * - read:      rows the HR system sent in this run (an incremental read gets only what changed)
 * - checked:   rows the plan went through: every stored record of the integration, read now or earlier;
 *              the sum of the row figures below (and failed)
 * - added … former: checked rows by what happens to them (two rows of one new person are two "added"
 *              rows and make one employee)
 * - failed:    rows whose employee could not be written (apply)
 * Undo counts EMPLOYEES: reverted (fields put back) and removed (employees the run had added, deleted).
 */
export const ROW_COUNT: Record<RecordStatus, keyof SyncCounts> = {
  add: 'added',
  link: 'linked',
  update: 'updated',
  unchanged: 'unchanged',
  excluded: 'excluded',
  needs_action: 'needsAction',
  skipped: 'skipped',
  former: 'former',
};

/** Counts the plan's rows into `counts` (checked and one figure per row status). */
export function countRows(counts: SyncCounts, verdicts: readonly Pick<RecordVerdict, 'status'>[]) {
  for (const v of verdicts) {
    counts[ROW_COUNT[v.status]]++;
    counts.checked++;
  }
}

/** Rows whose employee failed to apply move from their figure to failed. */
export function countFailedRows(counts: SyncCounts, statuses: readonly RecordStatus[]) {
  for (const s of statuses) {
    counts[ROW_COUNT[s]]--;
    counts.failed++;
  }
}

/** One change-log row of the run, as far as the figures need it. */
type LoggedChange = { action: 'add' | 'update' | 'link'; entity: 'employee' | 'contract' | 'record'; record_id: string | null; employee_id: string | null; field?: string | null; new_value?: unknown };

/**
 * A run restarted after its process died (same run, planned again): what the killed attempt had already
 * written is "unchanged" to the new plan, yet this run did it. Those rows are counted by what the run's
 * change log says was done to them (added, linked, updated), so the run's figures cover the whole run.
 */
export function creditEarlierAttempts(counts: SyncCounts, verdicts: readonly Pick<RecordVerdict, 'recordId' | 'status'>[], changes: readonly LoggedChange[]) {
  const rank: Record<'add' | 'link' | 'update', number> = { add: 3, link: 2, update: 1 };
  const done = new Map<string, 'add' | 'link' | 'update'>();
  const note = (recordId: string | null | undefined, what: 'add' | 'link' | 'update') => {
    if (!recordId) return;
    const had = done.get(recordId);
    if (!had || rank[what] > rank[had]) done.set(recordId, what);
  };
  // Records linked to an employee the run added are "added" rows too (two rows of one new person are two "added").
  const added = new Set(changes.filter((c) => c.action === 'add' && c.entity === 'employee' && c.employee_id).map((c) => c.employee_id));
  for (const c of changes) {
    if (c.action === 'add' && c.entity === 'employee') {
      // A bulk add names every record it linked; a single add links them in separate rows (below).
      const ids = (c.new_value as { recordIds?: unknown } | null)?.recordIds;
      for (const id of Array.isArray(ids) ? ids : [c.record_id]) note(typeof id === 'string' ? id : null, 'add');
    } else if (c.action === 'link' && c.entity === 'record' && !c.field) note(c.record_id, added.has(c.employee_id) ? 'add' : 'link');
    else note(c.record_id, 'update');
  }
  for (const v of verdicts) {
    const what = v.status === 'unchanged' ? done.get(v.recordId) : undefined;
    if (!what) continue;
    counts.unchanged--;
    counts[ROW_COUNT[what]]++;
  }
}
