import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { redactBsns } from '../../domain/bsn.ts';
import type { Mailer } from '../mail/mailer.ts';
import { isPermanentFailure, type JobDefinition } from './job.ts';
import { jobQueue } from './queue.ts';

import type { Logger } from '../log/logger.ts';

/** Next instant at which the local clock in `timeZone` shows `minuteOfDay`, after `after`. */
export function nextDailyRun(minuteOfDay: number, timeZone: string, after: Date): Date {
  // Walk forward day by day in local terms; resolve the local wall time to UTC by offset probing (DST-safe).
  for (let dayOffset = 0; dayOffset < 3; dayOffset++) {
    const probe = new Date(after.getTime() + dayOffset * 86_400_000);
    const local = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(probe);
    const candidate = zonedToUtc(local, minuteOfDay, timeZone);
    if (candidate > after) return candidate;
  }
  return new Date(after.getTime() + 86_400_000);
}

function zonedToUtc(date: string, minuteOfDay: number, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000;
  const offsetAt = (t: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return asUtc - t;
  };
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first));
}

/** A job the installation runs every day at a local time (housekeeping, polls). */
export interface SystemSchedule {
  key: string;
  name: string;
  dailyAtMinute: number;
}

/**
 * Installation-wide schedules have no tenant, so no tenant zone: they run in the installation's zone
 * (config.timeZone), which only decides at which hour the housekeeping happens.
 */
export async function installSchedules(db: Database, schedules: readonly SystemSchedule[], timeZone: string) {
  for (const s of schedules) {
    await db
      .insertInto('job_schedules')
      .values({
        key: s.key,
        name: s.name,
        payload: '{}',
        daily_at_minute: s.dailyAtMinute,
        time_zone: timeZone,
        next_run_at: nextDailyRun(s.dailyAtMinute, timeZone, new Date()),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

/**
 * Polls the queue and runs jobs, one at a time per worker. Runs in-process with `koppel serve`
 * (embedded default) or as its own `koppel worker` processes against a PostgreSQL server.
 */
export function startWorker(deps: { db: Database; config: Config; mailer: Mailer; log: Logger; definitions: readonly JobDefinition[] }) {
  const defs = new Map(deps.definitions.map((d) => [d.name, d]));
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;

  async function fireSchedules() {
    const due = await sql<{ key: string; name: string; tenant_id: string | null; payload: unknown; daily_at_minute: number; time_zone: string }>`
      SELECT key, name, tenant_id, payload, daily_at_minute, time_zone FROM job_schedules
      WHERE enabled AND next_run_at <= now() FOR UPDATE SKIP LOCKED`.execute(deps.db);
    for (const s of due.rows) {
      await jobQueue.enqueue(deps.db, s.name, s.payload, { tenantId: s.tenant_id, singletonKey: `schedule:${s.key}` });
      await deps.db
        .updateTable('job_schedules')
        .set({ next_run_at: nextDailyRun(s.daily_at_minute, s.time_zone, new Date()) })
        .where('key', '=', s.key)
        .execute();
    }
  }

  async function runOne(): Promise<boolean> {
    const job = await jobQueue.claim(deps.db, workerId, [...defs.keys()], 5 * 60_000);
    if (!job) return false;
    const def = defs.get(job.name)!;
    const log = deps.log.child({ jobId: job.id, job: job.name, ...(job.tenant_id ? { tenantId: job.tenant_id } : {}) });
    const startedAt = Date.now();
    const leaseMs = def.leaseMs ?? 5 * 60_000;
    const heartbeat = setInterval(() => {
      jobQueue.extendLease(deps.db, job.id, workerId, leaseMs).catch(() => {});
    }, leaseMs / 3);
    try {
      const payload = def.payload.parse(job.payload);
      log.debug({ attempt: job.attempts }, 'job started');
      const result = await def.handler(
        {
          log,
          db: deps.db,
          config: deps.config,
          mailer: deps.mailer,
          jobId: job.id,
          tenantId: job.tenant_id,
          attempt: job.attempts,
          progress: (done, total, label) => jobQueue.setProgress(deps.db, job.id, { done, total, label }),
        },
        payload,
      );
      await jobQueue.complete(deps.db, job.id, workerId, result);
      log.info({ durationMs: Date.now() - startedAt }, 'job done');
    } catch (err) {
      const message = redactBsns(err instanceof Error ? err.message : String(err));
      await jobQueue.fail(deps.db, job, workerId, message, { permanent: isPermanentFailure(err) });
      log.error({ attempt: job.attempts, durationMs: Date.now() - startedAt, err: message }, 'job failed');
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }

  async function loop() {
    while (!stopped) {
      try {
        await fireSchedules();
        while (!stopped && (await runOne())) {}
      } catch (err) {
        deps.log.error({ err: redactBsns(String(err)) }, 'worker loop error');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, deps.config.workerPollMs);
      });
    }
  }
  running = loop();
  return {
    id: workerId,
    /** Checks the queue now instead of at the next poll. */
    poke() {
      if (timer) clearTimeout(timer);
      wake?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
export type Worker = ReturnType<typeof startWorker>;
