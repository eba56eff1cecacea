import type { Database } from '../../platform/db/client.ts';
import { jobQueue } from '../../platform/jobs/queue.ts';

/** The outbound jobs' names and cadence (outbound.jobs.ts), apart so services can arm them without importing the jobs. */
export const RETRY_DUE_JOB = 'outbound.retry-due';
export const CONTINUOUS_JOB = 'outbound.attendance-continuous';
export const RETRY_EVERY_MS = 10 * 60_000;
export const CONTINUOUS_EVERY_MS = 60 * 60_000;

/**
 * Queues the next run of a self-arming chain, `everyMs` from now (or `delayMs`), one per time slot: arming twice in
 * the same slot is a no-op, so two chains collapse into one.
 */
export async function arm(db: Database, name: string, everyMs: number, delayMs = everyMs, now = Date.now()) {
  const runAt = now + delayMs;
  await jobQueue.enqueue(db, name, {}, { singletonKey: `${name}:${Math.floor(runAt / everyMs)}`, runAt: new Date(runAt) });
}
