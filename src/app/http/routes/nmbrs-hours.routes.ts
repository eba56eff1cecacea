import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { idParam } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/**
 * Hours to Nmbrs (F-24): the hour-code mapping (live codes of a company), the report of one payroll
 * period and "Send to Nmbrs" (only the difference; a protected period needs `unprotected: true`).
 */

const tags = ['integrations'];
const company = z.string().trim().min(1).max(100);
const periodQuery = z.object({ company, year: z.coerce.number().int().min(2000).max(2100), period: z.coerce.number().int().min(1).max(53) });
const rowState = z.enum(['new', 'changed', 'unchanged', 'removed']);
const row = z.object({ employeeId: z.string().nullable(), employeeName: z.string().nullable(), nmbrsEmployeeId: z.string(), hourCode: z.number().int(), hours: z.number(), state: rowState });
const header = {
  company: z.object({ id: z.string(), name: z.string() }),
  periodType: z.enum(['monthly', 'four_weekly', 'weekly']),
  /** Where the period type came from: Nmbrs' answer, the integration's setting for this company (settings.payrollPeriodTypes), or assumed monthly. */
  periodTypeSource: z.enum(['nmbrs', 'configured', 'assumed']),
  year: z.number().int(),
  period: z.number().int(),
  from: z.string(),
  to: z.string(),
  currentPeriod: z.object({ year: z.number().int(), period: z.number().int() }),
  /** Before the company's current period: a send needs the unprotected-mode confirmation. */
  protected: z.boolean(),
  /** Hours on components without a mapped hour code (not sent). */
  unmapped: z.array(z.object({ hourComponentId: z.string().nullable(), name: z.string().nullable(), hours: z.number() })),
};
const outcome = z.enum(['pending', 'sent', 'retrying', 'dead', 'refused', 'dismissed', 'removing', 'removed']);

export function nmbrsHoursRoutes(app: ZodApp, s: Services) {
  app.get(
    '/integrations/:id/nmbrs-hours/codes',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: "A company's Nmbrs hour codes (read live), Koppel's hour components and the code each is sent as",
        params: idParam,
        querystring: z.object({ company }),
        response: {
          200: z.object({
            hourCodes: z.array(z.object({ code: z.number().int(), description: z.string() })),
            components: z.array(z.object({ id: z.string(), name: z.string(), code: z.string().nullable(), hourCode: z.number().int().nullable() })),
          }),
        },
      },
    },
    async (req) => s.nmbrsHours.codes(actorOf(req), req.params.id, req.query.company),
  );
  app.put(
    '/integrations/:id/nmbrs-hours/mapping',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Which Nmbrs hour code each Koppel hour component is sent as (replaces the mapping)',
        params: idParam,
        body: z.object({ items: z.array(z.object({ hourComponentId: z.string().uuid(), hourCode: z.number().int().min(0).max(999_999) })).max(500) }),
        response: { 200: z.object({ items: z.array(z.object({ hourComponentId: z.string(), hourCode: z.number().int() })) }) },
      },
    },
    async (req) => s.nmbrsHours.putMapping(actorOf(req), req.params.id, req.body.items),
  );
  app.get(
    '/integrations/:id/nmbrs-hours',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'The report of one payroll period of the company: approved hours per employee and mapped hour code, and what a send would do',
        params: idParam,
        querystring: periodQuery,
        response: { 200: z.object({ ...header, counts: z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), removed: z.number().int() }), rows: z.array(row) }) },
      },
    },
    async (req) => s.nmbrsHours.report(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/integrations/:id/nmbrs-hours/send',
    {
      config: { access: 'hours' },
      schema: {
        tags,
        summary: 'Send the period to Nmbrs: per employee and hour code only the difference to what Nmbrs holds; a period before the current one only with unprotected: true; refusals per row',
        params: idParam,
        body: periodQuery.extend({ unprotected: z.boolean().optional() }),
        response: {
          200: z.object({
            ...header,
            runId: z.string(),
            status: z.enum(['running', 'succeeded', 'partial', 'failed']),
            counts: z.object({ created: z.number().int(), updated: z.number().int(), removed: z.number().int(), unchanged: z.number().int(), refused: z.number().int(), retrying: z.number().int(), dead: z.number().int() }),
            rows: z.array(row.extend({ outcome, reason: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => s.nmbrsHours.send(actorOf(req), req.params.id, req.body),
  );
}
