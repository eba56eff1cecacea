import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, localDate } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/**
 * Outbound journal (F-26) and corrections (F-25): an integration's dead letters (items that gave up or that the
 * vendor refused) with their attempts, retry and dismiss; the corrections made on sent days; the sent days.
 */

const integrationParam = z.object({ id: z.string().uuid() });
const itemParam = z.object({ id: z.string().uuid(), itemId: z.string().uuid() });

const deadLetterDto = z.object({
  id: z.string(),
  kind: z.string().describe("What is exported, e.g. 'personio.attendance'"),
  idempotencyKey: z.string(),
  subjectId: z.string().nullable().describe('The Koppel object the item comes from (a shift, an absence)'),
  periodDate: z.string(),
  status: z.enum(['dead', 'refused']).describe('dead: gave up after retries · refused: the vendor refused the data itself'),
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  updatedAt: dateTime,
});
const attemptDto = z.object({
  operation: z.enum(['write', 'remove', 'read_back']),
  outcome: z.string(),
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
  at: dateTime,
});
const summary = z.record(z.string(), z.unknown()).nullable();
const correctionDto = z.object({
  id: z.string(),
  kind: z.string(),
  subjectType: z.enum(['shift', 'absence']),
  subjectId: z.string(),
  day: z.string(),
  action: z.enum(['create', 'update', 'delete', 'approve', 'reject', 'reopen', 'import']),
  actorName: z.string(),
  before: summary,
  after: summary,
  reason: z.string().nullable().describe('Why it was corrected, when a reason was asked (an approved shift)'),
  createdAt: dateTime,
  carriedAt: dateTime.nullable().describe('When a later send of this kind covering the day carried it; null while open'),
  carriedRunId: z.string().nullable(),
});
const lockedDayDto = z.object({ day: z.string(), integrationId: z.string(), integrationName: z.string(), kind: z.string(), sentAt: dateTime });

export function outboundRoutes(app: ZodApp, s: Services) {
  const tags = ['outbound'];
  app.get(
    '/integrations/:id/outbound/dead-letters',
    {
      config: { access: 'hours' },
      schema: { tags, summary: "The integration's dead letters: items that gave up after retries, or that the vendor refused", params: integrationParam, response: { 200: z.array(deadLetterDto) } },
    },
    async (req) => s.outbound.deadLetters(actorOf(req), req.params.id),
  );
  app.get(
    '/integrations/:id/outbound/items/:itemId/attempts',
    {
      config: { access: 'hours' },
      schema: { tags, summary: "An outbound item's attempts and the vendor's answers, oldest first", params: itemParam, response: { 200: z.array(attemptDto) } },
    },
    async (req) =>
      (await s.outbound.attempts(actorOf(req), req.params.id, req.params.itemId)).map((a) => ({
        operation: a.operation,
        outcome: a.outcome,
        errorCode: a.error_code,
        message: a.message,
        at: a.at,
      })),
  );
  app.post(
    '/integrations/:id/outbound/items/:itemId/retry',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Retry a dead letter now',
        description: 'Attempts count afresh; the job outbound.retry-due of its kind is enqueued (one per integration and kind). 409 when the item is not a dead letter.',
        params: itemParam,
        response: { 200: z.object({ kind: z.string(), jobId: z.number().int() }) },
      },
    },
    async (req) => s.outbound.retry(actorOf(req), req.params.id, req.params.itemId),
  );
  app.post(
    '/integrations/:id/outbound/items/:itemId/dismiss',
    {
      config: { access: 'hours' },
      schema: { tags, summary: 'Set a dead letter aside: not sent again until its content changes', params: itemParam, response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (req) => {
      await s.outbound.dismiss(actorOf(req), req.params.id, req.params.itemId);
      return { ok: true as const };
    },
  );
  app.get(
    '/integrations/:id/outbound/corrections',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Corrections: shifts and absences written on days this integration already sent (newest first, at most 200)',
        params: integrationParam,
        querystring: z.object({ state: z.enum(['open', 'carried', 'all']).default('all') }),
        response: { 200: z.array(correctionDto) },
      },
    },
    async (req) =>
      s.corrections.list(actorOf(req), req.params.id, req.query.state === 'all' ? {} : { open: req.query.state === 'open' }),
  );
  app.get(
    '/outbound/locked-days',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary: 'Sent days between two dates (at most 400 days), per integration and export kind',
        description: 'A write of a shift or absence on such a day is refused with 409 conflict (details.reason period_sent) unless confirmCorrection is true.',
        querystring: z
          .object({ from: localDate, to: localDate, subject: z.enum(['shift', 'absence']).optional() })
          .refine((q) => q.from <= q.to, { message: 'from after to', path: ['to'] })
          .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { message: 'at most 400 days', path: ['to'] }),
        response: { 200: z.array(lockedDayDto) },
      },
    },
    async (req) => s.corrections.lockedDays(actorOf(req), req.query.from, req.query.to, req.query.subject),
  );
}
