import { z } from 'zod';
import { defineJob } from './job.ts';

/** Nightly housekeeping: expired sessions and reset tokens, finished jobs older than 30 days. */
export const cleanupJob = defineJob({
  name: 'system.cleanup',
  payload: z.object({}).passthrough(),
  async handler(ctx) {
    const now = new Date();
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
    const sessions = await ctx.db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
    const resets = await ctx.db.deleteFrom('password_resets').where('expires_at', '<', now).executeTakeFirst();
    const jobs = await ctx.db
      .deleteFrom('jobs')
      .where('status', '=', 'done')
      .where('finished_at', '<', monthAgo)
      .executeTakeFirst();
    return {
      sessions: Number(sessions.numDeletedRows),
      passwordResets: Number(resets.numDeletedRows),
      jobs: Number(jobs.numDeletedRows),
    };
  },
});
