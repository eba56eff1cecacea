import { z } from 'zod';
import { defineJob } from '../jobs/job.ts';

/** Outbound mail goes through the queue so an SMTP hiccup is retried instead of lost. */
export const sendMailJob = defineJob({
  name: 'mail.send',
  payload: z.object({
    to: z.union([z.string(), z.array(z.string())]),
    subject: z.string(),
    text: z.string(),
    html: z.string().optional(),
  }),
  async handler(ctx, mail) {
    return ctx.mailer.send({ ...mail, tenantId: ctx.tenantId });
  },
});
