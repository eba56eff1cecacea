import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { redactBsns } from '../../../domain/bsn.ts';
import type { HrConnector, InvalidExternalRow } from '../../../connectors/kit/hr-connector.ts';
import type { SecretBox } from '../../../platform/crypto.ts';
import type { ExternalRecordWrite, IntegrationRow, RecordStore } from '../ports.ts';
import type { RunContext } from '../run-context.ts';
import { toStoredRecord } from '../sync-records.ts';

/**
 * Ingest: the connector's listing into the record store. Upserts by (integration, external id) and
 * rewrites only records whose content hash moved, so an unchanged second sync writes no business rows.
 */

/** How often a complete listing (which notices deletions and re-reads everything) is forced. */
export const FULL_LISTING_EVERY_MS = 7 * 86_400_000;
/** updated_since is asked from a bit before the last listing began: clocks and vendor time zones are vague (a superset is safe). */
export const CURSOR_MARGIN_MS = 10 * 60_000;
const UPSERT_BATCH = 500;
/** Rows stored between two turns of the event loop (about 2 ms of work). */
const YIELD_EVERY_ROWS = 20;
/** Fewer new rows than this leave the table's statistics to autovacuum. */
const ANALYZE_AFTER_ROWS = 1000;

export type IngestResult = {
  read: number;
  invalid: number;
  withWarnings: number;
  missing: number;
  short: boolean;
  resumed: boolean;
  /** The connector's change position this listing covers (null: it reported none). */
  changeCursor: string | null;
};

/** Where a listing resumes (a stopped one of the same kind) and how it reports its progress for the next resume. */
export type IngestResume = {
  /** The stopped listing's position and filter; undefined = start from the beginning. */
  from?: { position: string; updatedSince: Date | null };
  /** After every page stored: the position a new run would continue from, and the filter in use. */
  onCheckpoint?: (position: string, updatedSince: Date | null) => void;
};

/** Complete or incremental: complete without a cursor, when asked, or when the last complete one is a week old. */
export function wantsFullListing(integration: Pick<IntegrationRow, 'sync_cursor' | 'last_full_listing_at'>, asked: boolean, startedAt: Date): boolean {
  const last = integration.last_full_listing_at;
  return asked || !integration.sync_cursor || !last || startedAt.getTime() - last.getTime() > FULL_LISTING_EVERY_MS;
}

export async function ingest(
  ctx: RunContext,
  ports: { records: RecordStore; box: SecretBox },
  connector: HrConnector,
  full: boolean,
  resume: IngestResume = {},
): Promise<IngestResult> {
  const { integration, run } = ctx;
  const { records, box } = ports;
  const stored = await records.hashes(integration);
  const invalid: InvalidExternalRow[] = [];
  const seen = new Set<string>();
  let batch = new Map<string, ExternalRecordWrite>();
  let read = 0;
  /** The vendor's own count of the listing, when it reports one. */
  let total: number | null = null;
  let withWarnings = 0;
  let upserted = 0;
  /**
   * One batch is written while the next one is read: the write overlaps the vendor's round trips
   * and rate-limit waits instead of adding to them. At most one write is in flight (back-pressure),
   * and its failure is kept and rethrown here rather than left as an unhandled rejection.
   */
  let writing: Promise<unknown> | null = null;
  /**
   * Many new rows and no statistics yet: without fresh ones the planner scans the whole table for every batch of
   * the link and verdict updates that follow (seen at 100 000 records on a PostgreSQL server). The statistics are
   * taken while the listing runs, each time the stored rows have doubled, so they cost no time at its end: the
   * planner scales them to the table's real size, and a listing's last rows are then at most half of the table.
   */
  let analyzedAt = 0;
  const wantsAnalyze = () => upserted > ANALYZE_AFTER_ROWS && upserted >= 2 * analyzedAt;
  const settle = async () => {
    const failure = await writing;
    writing = null;
    if (failure) throw failure;
  };
  const flush = async () => {
    await settle();
    if (batch.size === 0) return;
    upserted += batch.size;
    const rows = [...batch.values()];
    batch = new Map();
    const analyze = wantsAnalyze();
    if (analyze) analyzedAt = upserted;
    writing = records
      .upsert(integration, run.id, rows)
      .then(() => (analyze ? records.analyze() : undefined))
      .then(
        () => null,
        (err: unknown) => err ?? new Error('external_records upsert failed'),
      );
  };

  // A resumed listing keeps the filter it started with; its first part is stored already.
  const resumed = resume.from !== undefined;
  const updatedSince = resume.from ? (resume.from.updatedSince ?? undefined) : full || !integration.sync_cursor ? undefined : new Date(integration.sync_cursor.getTime() - CURSOR_MARGIN_MS);
  /** The position after the last page whose rows all reached the batch; reported once they are stored, never before. */
  let pending: string | null = null;
  /** A page of the listing was just gone through (the connector reports each one as a checkpoint). */
  let pageDone = false;
  const checkpoint = () => {
    if (pending !== null) resume.onCheckpoint?.(pending, updatedSince ?? null);
  };
  // The connector's own change feed: only an incremental listing continues from the stored position (a resumed
  // one too: the position moves only when a listing ends clean, so it is still the one the stopped listing had).
  const changeCursor = !full && integration.sync_change_cursor ? integration.sync_change_cursor : undefined;
  let coveredCursor: string | null = null;
  try {
    for await (const e of connector.listEmployees({
      ...(updatedSince ? { updatedSince } : {}),
      ...(changeCursor ? { changeCursor } : {}),
      onChangeCursor: (cursor) => {
        coveredCursor = cursor;
      },
      ...(resume.from ? { resumeFrom: resume.from.position } : {}),
      onCheckpoint: (position) => {
        pending = position;
        pageDone = true;
      },
      onProgress: (_n, t) => {
        if (t !== undefined) total = t;
      },
      onInvalidRow: (row) => invalid.push(row),
    })) {
      // Near the end of a listing whose total is known, each page is stored as soon as it is through (while the next
      // one is on its way): what is left to write after the last answer is then one page, not up to UPSERT_BATCH rows.
      if (pageDone && total !== null && total - read <= UPSERT_BATCH && batch.size > 0) await flush();
      pageDone = false;
      read++;
      seen.add(e.externalId);
      if (e.warnings.length) withWarnings++;
      const prev = stored.get(e.externalId);
      const values = toStoredRecord(e, box, prev);
      if (!prev || prev.hash !== values.hash || prev.missing) batch.set(e.externalId, values);
      if (batch.size >= UPSERT_BATCH) await flush();
      await ctx.progress('read', read, Math.max(total ?? 0, read));
      // A page's rows arrive together and each is only promise work: without a pause the event loop would not
      // write the next requests (their rate-limit slots are due) nor take in answers until the whole page is stored.
      if (read % YIELD_EVERY_ROWS === 0) await setImmediatePromise();
    }
  } catch (err) {
    // The listing stopped (the vendor kept refusing, the connection died): store what was read, so the
    // next run resumes after it instead of reading it again.
    const saved = await flush().then(
      async () => (await writing) === null,
      () => false,
    );
    writing = null;
    if (saved) checkpoint();
    throw err;
  }
  await flush();
  await settle();
  checkpoint();
  // Rows stored since the last statistics (or none were taken): take them now, before anything plans on this table.
  if (wantsAnalyze()) await records.analyze();
  for (const row of invalid) if (row.externalId) seen.add(row.externalId);

  // Deletions are only visible to a complete listing, and only one without broken rows is complete.
  // A listing that ended short of the vendor's own total (a stand-in that pages differently, a walk
  // cut off) is not complete either: marking the unread as gone would turn them into former staff.
  const short = !resumed && total !== null && seen.size < total;
  if (full && short) ctx.warnings.push({ name: '—', messages: ['listing:incomplete'] });
  let missing = 0;
  if (full && !resumed && invalid.length === 0 && !short) {
    const gone = [...stored.entries()].filter(([id, s]) => !seen.has(id) && !s.missing).map(([id]) => id);
    for (let i = 0; i < gone.length; i += UPSERT_BATCH) await records.markMissing(integration, gone.slice(i, i + UPSERT_BATCH));
    missing = gone.length;
  }
  ctx.counts.read = read;
  for (const row of invalid) {
    ctx.warnings.push({ ...(row.externalId ? { externalId: row.externalId } : {}), name: row.externalId ?? '?', messages: [redactBsns(row.error)] });
  }
  return { read, invalid: invalid.length, withWarnings, missing, short, resumed, changeCursor: coveredCursor };
}
