import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../log/logger.ts';

export type JobContext = {
  db: Database;
  /** Child of the process logger, bound to this job (jobId, job, tenantId). */
  log: Logger;
  config: Config;
  mailer: Mailer;
  jobId: number;
  tenantId: string | null;
  attempt: number;
  /** Stored on the job row so the UI can show a progress bar. */
  progress(done: number, total: number, label?: string): Promise<void>;
};

/** One file per job under definitions/: a name, a payload schema, and an idempotent handler. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  leaseMs?: number;
  handler(ctx: JobContext, payload: z.infer<S>): Promise<unknown>;
};

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>) => def;

/**
 * A handler's error with `permanent: true` (e.g. no mail transport configured) will not go away by trying again:
 * the worker marks the job dead at once instead of retrying; an admin can retry it (Settings → Background jobs).
 */
export const isPermanentFailure = (err: unknown): boolean => (err as { permanent?: unknown } | null)?.permanent === true;
