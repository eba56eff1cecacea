import { silentLogger } from '../../src/platform/log/logger.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../src/platform/jobs/job.ts';
import { jobQueue } from '../../src/platform/jobs/queue.ts';
import { startWorker } from '../../src/platform/jobs/worker.ts';
import { eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

let k: TestKoppel;
beforeAll(async () => {
  k = await startTestKoppel();
});
afterAll(async () => {
  await k?.stop();
});

const silent = silentLogger;

describe('job queue', () => {
  it('keeps one queued-or-running job per singleton key', async () => {
    const a = await jobQueue.enqueue(k.db, 'test.noop', {}, { singletonKey: 'tenant:x:sync' });
    const b = await jobQueue.enqueue(k.db, 'test.noop', {}, { singletonKey: 'tenant:x:sync' });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const c = await jobQueue.enqueue(k.db, 'test.noop', {}, { singletonKey: 'tenant:y:sync' });
    expect(c.created).toBe(true);
  });

  it('runs every job exactly once with two workers sharing the queue', async () => {
    const runs: number[] = [];
    const def = defineJob({
      name: 'test.count',
      payload: z.object({ n: z.number() }),
      async handler(_ctx, p) {
        runs.push(p.n);
        await new Promise((r) => setTimeout(r, 5));
        return { n: p.n };
      },
    }) as JobDefinition;
    for (let n = 0; n < 30; n++) await jobQueue.enqueue(k.db, 'test.count', { n });
    const w1 = startWorker({ db: k.db, config: k.config, mailer: k.mailer, log: silent, definitions: [def] });
    const w2 = startWorker({ db: k.db, config: k.config, mailer: k.mailer, log: silent, definitions: [def] });
    await eventually(async () => {
      const r = await k.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', 'test.count').where('status', '=', 'done').executeTakeFirstOrThrow();
      return Number(r.n) === 30;
    });
    await Promise.all([w1.stop(), w2.stop()]);
    expect([...runs].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('retries a failing job with backoff and marks it dead after max attempts', async () => {
    const def = defineJob({
      name: 'test.fail',
      payload: z.object({}),
      async handler() {
        throw new Error('vendor down for employee 111222333');
      },
    }) as JobDefinition;
    const { id } = await jobQueue.enqueue(k.db, 'test.fail', {}, { maxAttempts: 2 });
    const w = startWorker({ db: k.db, config: k.config, mailer: k.mailer, log: silent, definitions: [def] });
    await eventually(async () => {
      const job = await k.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (job.status === 'queued' && job.attempts === 1) await sql`UPDATE jobs SET run_at = now() WHERE id = ${id}`.execute(k.db);
      return job.status === 'dead' ? job : null;
    });
    await w.stop();
    const job = await k.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(job.attempts).toBe(2);
    expect(job.last_error).toBe('vendor down for employee *********');
  });

  it('lets another worker take over a job whose worker died (lease expired)', async () => {
    const done: string[] = [];
    const def = defineJob({ name: 'test.lease', payload: z.object({}), async handler(ctx) { done.push(String(ctx.jobId)); return null; } }) as JobDefinition;
    const { id } = await jobQueue.enqueue(k.db, 'test.lease', {});
    const claimed = await jobQueue.claim(k.db, 'dead-worker', ['test.lease'], 1);
    expect(claimed?.id).toBe(id);
    await new Promise((r) => setTimeout(r, 20));
    const w = startWorker({ db: k.db, config: k.config, mailer: k.mailer, log: silent, definitions: [def] });
    await eventually(async () => done.length === 1);
    await w.stop();
    const job = await k.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(2);
  });
});
