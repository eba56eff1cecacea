import { z } from 'zod';
import { SecretBox } from '../crypto.ts';
import { defineJob } from '../jobs/job.ts';
import { sendLogged } from './mailer.ts';

/** Outbound mail goes through the queue so an SMTP hiccup is retried instead of lost. */
export const sendMailJob = defineJob({
  name: 'mail.send',
  payload: z.object({
    to: z.union([z.string(), z.array(z.string())]),
    subject: z.string(),
    text: z.string(),
    /**
     * The text SecretBox-sealed instead of `text` (which is then empty): for mails that carry a link with a token
     * (a candidate's scheduling link), so no usable secret sits in `jobs.payload` (issue 12 #7).
     */
    sealedText: z.string().optional(),
    html: z.string().optional(),
    /** Small text attachments (the Loket CSV of one period). */
    attachments: z.array(z.object({ filename: z.string(), content: z.string(), contentType: z.string().optional() })).max(5).optional(),
    /** The user who asked for this mail: they may follow its delivery (GET /mail-deliveries/{id}, issue 12 #6). */
    requestedBy: z.string().optional(),
  }),
  // Logged on the job's logger (jobId, tenantId bound): recipient domains and the attempt, never the text.
  async handler(ctx, { sealedText, requestedBy: _requestedBy, ...mail }) {
    const text = sealedText === undefined ? mail.text : new SecretBox(ctx.config.secret).decrypt(sealedText);
    return sendLogged(ctx.mailer, { ...mail, text, tenantId: ctx.tenantId }, ctx.log, { attempt: ctx.attempt });
  },
});
