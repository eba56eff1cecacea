import { z } from 'zod';
import { SecretBox } from '../platform/crypto.ts';
import { deliverInterview, pollAll, sendReminders } from './delivery.ts';
import { DELIVER_JOB, enqueuePoll, POLL_JOB, REMINDER_JOB } from './interviews.ts';
import { defineJob } from '../platform/jobs/job.ts';

/** Recruiting's background work (issue 4): provider writes + iMIP mails, response polling, evaluation reminders. */

/** Video meeting, calendar events, candidate mail for one interview; failures retry with backoff and show as delivery "failed". */
export const recruitingDeliverJob = defineJob({
  name: DELIVER_JOB,
  payload: z.object({ interviewId: z.string().uuid() }),
  leaseMs: 10 * 60_000,
  async handler(ctx, { interviewId }) {
    return deliverInterview({ db: ctx.db, config: ctx.config, mailer: ctx.mailer, box: new SecretBox(ctx.config.secret), log: ctx.log, attempt: ctx.attempt }, interviewId);
  },
});

/** Mailed iMIP replies + calendar responses of upcoming interviews; re-arms itself while there is something to watch. */
export const recruitingPollJob = defineJob({
  name: POLL_JOB,
  payload: z.object({}).passthrough(),
  async handler(ctx) {
    const result = await pollAll({ db: ctx.db, config: ctx.config, box: new SecretBox(ctx.config.secret), log: ctx.log });
    if (result.more) await enqueuePoll(ctx.db);
    return result;
  },
});

/** F-37: after the interview, remind the interviewers to fill in the evaluation form. */
export const recruitingReminderJob = defineJob({
  name: REMINDER_JOB,
  payload: z.object({ interviewId: z.string().uuid() }),
  async handler(ctx, { interviewId }) {
    return sendReminders({ db: ctx.db, config: ctx.config, box: new SecretBox(ctx.config.secret), log: ctx.log }, interviewId);
  },
});

export const recruitingJobs = [recruitingDeliverJob, recruitingPollJob, recruitingReminderJob];
