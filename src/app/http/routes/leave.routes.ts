import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, idParam } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** Leave balance (F-07) and leave corrections. */

const year = z.coerce.number().int().min(1900).max(2200);

const balanceDto = z.object({
  year: z.number().int(),
  entitlementHours: z.number(),
  adjustmentHours: z.number(),
  takenHours: z.number(),
  plannedHours: z.number(),
  remainingHours: z.number(),
});
const adjustmentDto = z.object({ id: z.string(), employeeId: z.string(), year: z.number().int(), hours: z.number(), reason: z.string(), createdAt: dateTime });

export function leaveRoutes(app: ZodApp, s: Services) {
  const tags = ['leave'];
  app.get(
    '/employees/:id/leave',
    {
      config: { access: 'workforceRead' },
      schema: {
        tags,
        summary: 'Leave balance for a year: entitlement from the contracts, taken (approved, up to today), planned (later or pending), remaining',
        params: idParam,
        querystring: z.object({ year }),
        response: { 200: balanceDto },
      },
    },
    async (req) => s.leave.balance(actorOf(req), req.params.id, req.query.year),
  );
  app.get(
    '/employees/:id/leave-adjustments',
    {
      config: { access: 'workforceRead' },
      schema: { tags, params: idParam, querystring: z.object({ year: year.optional() }), response: { 200: z.array(adjustmentDto) } },
    },
    async (req) => s.leave.listAdjustments(actorOf(req), req.params.id, req.query.year),
  );
  app.post(
    '/employees/:id/leave-adjustments',
    {
      config: { access: 'hr' },
      schema: {
        tags,
        summary: 'Correct the leave balance of a year (hours may be negative); Koppel-owned, never touched by a sync',
        params: idParam,
        body: z.object({
          year: z.number().int().min(1900).max(2200),
          hours: z.number().min(-10_000).max(10_000).multipleOf(0.01).refine((h) => h !== 0, { message: 'Must not be 0' }),
          reason: z.string().trim().min(1).max(500),
        }),
        response: { 201: adjustmentDto },
      },
    },
    async (req, reply) => reply.status(201).send(await s.leave.addAdjustment(actorOf(req), req.params.id, req.body)),
  );
}
