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
