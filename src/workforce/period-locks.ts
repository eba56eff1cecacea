import type { Database } from '../platform/db/client.ts';
import type { CorrectionAction, CorrectionSubject } from '../platform/db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { addDays } from '../domain/dates.ts';
import type { Actor } from '../domain/actor.ts';

/**
 * Sent periods (F-25), as the workforce sees them: a port the app wires to the outbound engine
 * (src/integrations/outbound/period-locks.ts), so workforce never imports integrations. A day that an
 * export sent is locked for the subjects that export carries; writing a shift or absence on it needs the
 * caller's confirmation (`confirmCorrection`) and leaves a correction for the next send of that export.
 */
export interface DayLock {
  integrationId: string;
  integrationName: string;
  kind: string;
  day: string;
  sentAt: Date;
}

export interface CorrectionEntry {
  lock: DayLock;
  subjectType: CorrectionSubject;
  subjectId: string;
  action: CorrectionAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Why it was corrected (an approved shift needs one), kept with the correction of the sent period. */
  reason?: string | null;
}

export interface PeriodLocks {
  /** Locks of exports that carry `subject` on any of `days` (within the caller's transaction). */
  lockedOn(db: Database, tenantId: string, subject: CorrectionSubject, days: readonly string[]): Promise<DayLock[]>;
  /** Records corrections in the caller's transaction. */
  recordCorrections(db: Database, actor: Actor, entries: readonly CorrectionEntry[]): Promise<void>;
}

/** No exports wired (unit tests, tools): nothing is ever locked. */
export const noPeriodLocks: PeriodLocks = {
  lockedOn: async () => [],
  recordCorrections: async () => {},
};

export type Touch = {
  subjectId: string;
  action: CorrectionAction;
  /** The days the write touches (before and after the change). */
  days: readonly string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The reason the user gave (correcting an approved shift), carried into the correction. */
  reason?: string | null;
};

/**
 * The rule every write on shifts and absences goes through: on no locked day, nothing happens; on a locked day
 * without confirmation, 409 `conflict` (reason `period_sent`, details naming the integration, kind, day and when
 * it was sent) before anything is written; with confirmation, one correction per touched lock.
 * `ask: false` records without asking (approval decisions, see docs/decisions/0015-period-locks-and-corrections.md).
 */
export async function guardSentDays(
  locks: PeriodLocks,
  trx: Database,
  actor: Actor,
  subjectType: CorrectionSubject,
  touches: readonly Touch[],
  o: { confirm: boolean; ask?: boolean },
): Promise<void> {
  const days = [...new Set(touches.flatMap((t) => t.days))];
  if (days.length === 0) return;
  const found = await locks.lockedOn(trx, actor.tenantId, subjectType, days);
  if (found.length === 0) return;
  if (!o.confirm && o.ask !== false) throw periodSent(found);
  const entries: CorrectionEntry[] = [];
  for (const t of touches) {
    for (const lock of found) {
      if (!t.days.includes(lock.day)) continue;
      entries.push({ lock, subjectType, subjectId: t.subjectId, action: t.action, before: t.before, after: t.after, reason: t.reason ?? null });
    }
  }
  await locks.recordCorrections(trx, actor, entries);
}

/** 409: the write touches sent days; `details.locks` lists them (first one named in the message). */
export function periodSent(found: readonly DayLock[]): AppError {
  const sorted = [...found].sort((a, b) => a.day.localeCompare(b.day) || a.integrationName.localeCompare(b.integrationName));
  const first = sorted[0]!;
  return new AppError(
    'conflict',
    { variant: 'period_sent', reason: 'period_sent', integration: first.integrationName, day: first.day, sentAt: first.sentAt.toISOString().slice(0, 10), count: sorted.length },
    {
      reason: 'period_sent',
      locks: sorted.slice(0, 100).map((l) => ({ integrationId: l.integrationId, integrationName: l.integrationName, kind: l.kind, day: l.day, sentAt: l.sentAt.toISOString() })),
    },
  );
}

/** Every date from `from` to `to` (inclusive) — absences touch each day of their span (capped at ten years). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 3700; d = addDays(d, 1)) out.push(d);
  return out;
}
