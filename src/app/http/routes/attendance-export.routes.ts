import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { idParam, localDate } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';
import { MAX_EXPORT_DAYS } from '../../../integrations/outbound/personio-attendance.service.ts';

/**
 * Approved hours to Personio (F-20 report and send, F-25 reconciliation). The period is at most
 * MAX_EXPORT_DAYS days; the service checks the range (a field error on `to`), zod the dates.
 */

const tags = ['integrations'];

const period = z.object({ from: localDate, to: localDate, departmentId: z.string().uuid().optional() });

const rowState = z.enum(['new', 'changed', 'unchanged', 'removed', 'blocked']);
const rowReason = z.enum(['not_linked', 'break_too_long', 'not_contiguous', 'no_work', 'too_long', 'refused', 'failing']);
const rowDto = z.object({
  shiftId: z.string(),
  employeeId: z.string().nullable(),
  employeeName: z.string().nullable(),
  /** The Personio person the employee is linked to; null = not linked (the row is blocked). */
  personioId: z.string().nullable(),
  departmentId: z.string().nullable(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  breakMinutes: z.number().int(),
  state: rowState,
  reason: rowReason.nullable(),
  /** Personio's words for a refusal. */
  message: z.string().nullable(),
});
const stateCounts = z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), removed: z.number().int(), blocked: z.number().int() });
const reportDto = z.object({ from: z.string(), to: z.string(), departmentId: z.string().nullable(), counts: stateCounts, rows: z.array(rowDto) });

const outcome = z.enum(['sent', 'unchanged', 'removed', 'refused', 'retrying', 'blocked']);
const sendDto = z.object({
  runId: z.string(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  /** Per attendance period (a shift is one to five periods). */
  counts: z.object({ created: z.number().int(), updated: z.number().int(), removed: z.number().int(), unchanged: z.number().int(), refused: z.number().int(), retrying: z.number().int(), dead: z.number().int() }),
  /** Per shift. */
  outcomes: z.object({ sent: z.number().int(), unchanged: z.number().int(), removed: z.number().int(), refused: z.number().int(), retrying: z.number().int(), blocked: z.number().int() }),
  rows: z.array(rowDto.extend({ outcome })),
});

const tally = z.object({ workMinutes: z.number(), breakMinutes: z.number(), periods: z.number().int() });
const reconcileDto = z.object({
  from: z.string(),
  to: z.string(),
  /** Person-days on which Koppel and Personio hold the same periods. */
  matching: z.number().int(),
  differences: z.array(
    z.object({
      employeeId: z.string().nullable(),
      employeeName: z.string().nullable(),
      personioId: z.string(),
      date: z.string(),
      koppel: tally.nullable(),
      personio: tally.nullable(),
      difference: z.enum(['missing_in_personio', 'only_in_personio', 'different']),
    }),
  ),
});

export function attendanceExportRoutes(app: ZodApp, s: Services) {
  app.get(
    '/integrations/:id/attendance-export',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: `The Personio report: one row per approved shift of the period (at most ${MAX_EXPORT_DAYS} days) and what a send would do with it`,
        params: idParam,
        querystring: period,
        response: { 200: reportDto },
      },
    },
    async (req) => s.personioAttendance.report(actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/integrations/:id/attendance-export/send',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary:
          'Send the period to Personio: new and changed shifts are written, removed ones deleted, unchanged ones left alone; per row the outcome. it first reads the period back, so what was changed or deleted in Personio is written again; repair: false trusts Koppel’s journal alone (no reads)',
        params: idParam,
        body: period.extend({ repair: z.boolean().optional().describe('Default true: read the period back first. false: go by the journal only') }),
        response: { 200: sendDto },
      },
    },
    async (req) => s.personioAttendance.send(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/integrations/:id/attendance-export/reconciliation',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Per person and day, the periods Koppel holds next to those Personio holds (read back), and where they differ',
        params: idParam,
        querystring: period,
        response: { 200: reconcileDto },
      },
    },
    async (req) => s.personioAttendance.reconcile(actorOf(req), req.params.id, req.query),
  );
}
