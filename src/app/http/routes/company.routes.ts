import { z } from 'zod';
import { actorOf } from '../../../platform/http/auth.ts';
import { ianaZoneSchema, localeSchema } from '../../../platform/http/schemas.ts';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import type { Services } from '../../container.ts';

/** The company's own settings: name, language, country and the time zone that decides its local dates. */
const companyDto = z.object({ name: z.string(), locale: localeSchema, country: z.enum(['NL', 'DE']), timeZone: z.string() });

export function companyRoutes(app: ZodApp, s: Services) {
  app.get(
    '/company',
    { config: { access: 'authenticated' }, schema: { tags: ['company'], summary: "The company's settings", response: { 200: companyDto } } },
    async (req) => s.company.get(actorOf(req)),
  );
  app.patch(
    '/company',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['company'],
        summary: "Change the company's settings (admins); a new time zone moves its schedules to the same local time",
        body: z.object({
          name: z.string().trim().min(1).max(200).optional(),
          locale: localeSchema.optional(),
          country: z.enum(['NL', 'DE']).optional(),
          timeZone: ianaZoneSchema.optional(),
        }),
        response: { 200: companyDto },
      },
    },
    async (req) => s.company.update(actorOf(req), req.body),
  );
}
