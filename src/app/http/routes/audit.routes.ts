import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { dateTime, pageOf, paging } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** The audit log (F-55). */

const auditDto = z.object({
  id: z.number().int(),
  actorType: z.enum(['user', 'api_token', 'sync', 'system']),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  createdAt: dateTime,
});

export function auditRoutes(app: ZodApp, s: Services) {
  app.get(
    '/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first',
        querystring: z.object({ ...paging, entityType: z.string().max(60).optional(), entityId: z.string().max(100).optional() }),
        response: { 200: pageOf(auditDto) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const result = await s.audit.list(actorOf(req), { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
      return { ...result, page, pageSize };
    },
  );
}
