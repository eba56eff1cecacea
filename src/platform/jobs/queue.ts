import { sql } from 'kysely';
import type { Database } from '../db/client.ts';
import type { JobStatus } from '../db/schema.ts';

export type EnqueueOptions = {
  tenantId?: string | null;
  /** At most one queued-or-running job per key: a second enqueue returns the existing job. */
  singletonKey?: string;
  runAt?: Date;
  maxAttempts?: number;
};

export type JobRow = {
  id: number;
  name: string;
  tenant_id: string | null;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  singleton_key: string | null;
};

/**
 * A small job queue on the application's own PostgreSQL (embedded or server), see
 * docs/decisions/0002-job-queue.md. Claiming uses FOR UPDATE SKIP LOCKED so several worker
 * processes share one queue; a lease (locked_until) lets another worker take over a job whose
 * worker died.
 */
export const jobQueue = {
  async enqueue(db: Database, name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<{ id: number; created: boolean }> {
    // Raw SQL: ON CONFLICT must name the partial index's predicate literally for Postgres to infer it.
    const result = await sql<{ id: number }>`
      INSERT INTO jobs (name, tenant_id, payload, singleton_key, run_at, max_attempts)
      VALUES (${name}, ${opts.tenantId ?? null}, ${JSON.stringify(payload ?? {})}::jsonb, ${opts.singletonKey ?? null},
              ${opts.runAt ?? new Date()}, ${opts.maxAttempts ?? 5})
      ON CONFLICT (singleton_key) WHERE status IN ('queued','running') AND singleton_key IS NOT NULL DO NOTHING
      RETURNING id`.execute(db);
    const inserted = result.rows[0];
    if (inserted) return { id: Number(inserted.id), created: true };
    const existing = await db
      .selectFrom('jobs')
      .select('id')
      .where('singleton_key', '=', opts.singletonKey ?? '')
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (!existing) return this.enqueue(db, name, payload, opts); // the other one finished in between
    return { id: Number(existing.id), created: false };
  },

  /** Claims one due job for this worker, or a running job whose lease expired. */
  async claim(db: Database, workerId: string, names: string[], leaseMs: number): Promise<JobRow | null> {
    if (names.length === 0) return null;
    const row = await sql<JobRow>`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
             locked_until = now() + (${leaseMs} * interval '1 millisecond')
      WHERE id = (
        SELECT id FROM jobs
        WHERE name = ANY(${names}::text[])
          AND ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
        ORDER BY run_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, name, tenant_id, payload, status, attempts, max_attempts, singleton_key`.execute(db);
    const job = row.rows[0];
    return job ? { ...job, id: Number(job.id) } : null;
  },

  async complete(db: Database, id: number, workerId: string, result: unknown) {
    await db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: new Date(), locked_until: null, result: JSON.stringify(result ?? null) })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  },

  /** Retries with exponential backoff; after max_attempts the job is dead and stays visible. */
  async fail(db: Database, job: JobRow, workerId: string, error: string, opts: { permanent?: boolean } = {}) {
    const dead = opts.permanent || job.attempts >= job.max_attempts;
    const backoffMs = Math.min(60 * 60_000, 2 ** job.attempts * 1000);
    await db
      .updateTable('jobs')
      .set({
        status: dead ? 'dead' : 'queued',
        last_error: error.slice(0, 4000),
        locked_until: null,
        run_at: new Date(Date.now() + backoffMs),
        finished_at: dead ? new Date() : null,
      })
      .where('id', '=', job.id)
      .where('locked_by', '=', workerId)
      .execute();
  },

  async setProgress(db: Database, id: number, progress: unknown) {
    await db.updateTable('jobs').set({ progress: JSON.stringify(progress) }).where('id', '=', id).execute();
  },

  async extendLease(db: Database, id: number, workerId: string, leaseMs: number) {
    await sql`UPDATE jobs SET locked_until = now() + (${leaseMs} * interval '1 millisecond') WHERE id = ${id} AND locked_by = ${workerId}`.execute(db);
  },
};
