import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

const jobProblemDto = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['dead', 'retrying']),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  reason: z.enum(['mail_not_configured', 'unreachable', 'auth_failed', 'refused', 'other']),
  mail: z.object({ to: z.string(), subject: z.string().nullable() }).nullable(),
  createdAt: dateTime,
  failedAt: dateTime.nullable(),
  nextAttemptAt: dateTime.nullable(),
});
const jobIdParam = z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) });

/** Background jobs that failed (mails first of all), for the tenant's admins: list and retry (Settings → Background jobs). */
export function jobsRoutes(app: ZodApp, s: Services) {
  const tags = ['jobs'];
  app.get(
    '/jobs/problems',
    { config: { access: 'admin' }, schema: { tags, summary: "The tenant's background jobs that failed or are dead (mails that were not sent), newest first", response: { 200: z.array(jobProblemDto) } } },
    async (req) => s.jobs.listProblems(actorOf(req)),
  );
  app.get(
    '/mail-deliveries/:id',
    {
      config: { access: 'everyone' },
      schema: {
        tags,
        summary: 'Whether a mail you asked for went out (the id a mailing answer names as deliveryId); admins may read any',
        params: jobIdParam,
        response: {
          200: z.object({
            id: z.number().int(),
            state: z.enum(['pending', 'sent', 'retrying', 'failed']),
            reason: z.enum(['mail_not_configured', 'unreachable', 'auth_failed', 'refused', 'other']).nullable(),
            attempts: z.number().int(),
            maxAttempts: z.number().int(),
            to: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => s.jobs.mailDelivery(actorOf(req), req.params.id),
  );
  app.post(
    '/jobs/:id/retry',
    { config: { access: 'admin' }, schema: { tags, summary: 'Run a failed or dead job again now, with fresh attempts', params: jobIdParam, response: { 200: jobProblemDto } } },
    async (req) => s.jobs.retry(actorOf(req), req.params.id),
  );
}
