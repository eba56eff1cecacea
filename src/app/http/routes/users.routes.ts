import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { actorOf } from '../../../platform/http/auth.ts';
import { perAccountLimit } from '../../../platform/http/rate-limit.ts';
import { dateTime, ianaZoneSchema, idParam, localeSchema, ok, roleSchema } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

const userDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema.nullable(),
  time_zone: z.string(),
  active: z.boolean(),
  created_at: dateTime,
});
const tokenDto = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema,
  created_at: dateTime,
  last_used_at: dateTime.nullable().optional(),
  revoked_at: dateTime.nullable().optional(),
});

export function usersRoutes(app: ZodApp, s: Services) {
  // Guessing the current password through an open session: limited per user as well as per address.
  const passwordPerUser = perAccountLimit(app, 'password', 10, '15 minutes', (req) => req.actor?.userId);
  app.get(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: "List users of the tenant, with the state of each one's latest mail (failed: an invitation or reset that could not be sent)",
        response: { 200: z.array(userDto.extend({ mail_state: z.enum(['sent', 'pending', 'failed']).nullable() })) },
      },
    },
    async (req) => s.users.list(actorOf(req)),
  );
  app.post(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Create a user; without a password they get a mail to choose one',
        body: z.object({
          email: z.string().email().max(254),
          name: z.string().min(1).max(200),
          role: roleSchema,
          locale: localeSchema.nullish(),
          password: z.string().min(10).max(200).optional(),
          timeZone: ianaZoneSchema.optional(),
        }),
        response: { 201: userDto },
      },
    },
    async (req, reply) => reply.status(201).send(await s.users.create(actorOf(req), req.body)),
  );
  app.get(
    '/users/:id',
    { config: { access: 'authenticated' }, schema: { tags: ['users'], params: idParam, response: { 200: userDto } } },
    async (req) => s.users.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/users/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'Change name, role, language, time zone or active state (role and active: admins only)',
        params: idParam,
        body: z.object({
          name: z.string().min(1).max(200).optional(),
          role: roleSchema.optional(),
          locale: localeSchema.nullish(),
          timeZone: ianaZoneSchema.optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: userDto },
      },
    },
    async (req) => {
      await s.users.update(actorOf(req), req.params.id, req.body);
      return s.users.get(actorOf(req), req.params.id);
    },
  );
  app.post(
    '/me/password',
    {
      config: { access: 'authenticated', rateLimit: { max: 10, timeWindow: '1 minute' } },
      preHandler: passwordPerUser,
      schema: {
        tags: ['users'],
        summary: 'Change your own password: needs the current one; your other sessions end, this one stays',
        body: z.object({ currentPassword: z.string().min(1).max(200), password: z.string().min(10).max(200) }),
        response: { 200: ok },
      },
    },
    async (req) => {
      await s.users.changePassword(actorOf(req), req.body, req.sessionToken);
      return { ok: true as const };
    },
  );

  app.get(
    '/api-tokens',
    { config: { access: 'admin' }, schema: { tags: ['api tokens'], response: { 200: z.array(tokenDto) } } },
    async (req) => s.tokens.list(actorOf(req)),
  );
  app.post(
    '/api-tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['api tokens'],
        summary: 'Create an API token; the token is returned only once',
        body: z.object({ name: z.string().min(1).max(100), role: roleSchema }),
        response: { 201: tokenDto.extend({ token: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await s.tokens.create(actorOf(req), req.body.name, req.body.role)),
  );
  app.delete(
    '/api-tokens/:id',
    { config: { access: 'admin' }, schema: { tags: ['api tokens'], summary: 'Revoke a token', params: idParam, response: { 200: ok } } },
    async (req) => {
      await s.tokens.revoke(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
