import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app.ts';
import { requestLocale } from '../../../platform/http/zod-app.ts';
import { actorOf, SESSION_COOKIE } from '../../../platform/http/auth.ts';
import { perAccountLimit } from '../../../platform/http/rate-limit.ts';
import { localeSchema, ok, roleSchema } from '../../../platform/http/schemas.ts';
import type { Services } from '../../container.ts';

/** Reset requests one e-mail address may make per 15 minutes (the mails themselves: RESET_MAILS_PER_HOUR). */
const RESET_REQUESTS_PER_ACCOUNT = 3;

const me = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    locale: localeSchema.nullable(),
    timeZone: z.string(),
  }),
  tenant: z.object({ id: z.string(), name: z.string(), locale: localeSchema, timeZone: z.string() }),
  csrfToken: z.string().nullable(),
  mailCatcher: z.boolean(),
});

const emailOf = (req: FastifyRequest) => (req.body as { email?: string } | undefined)?.email?.trim().toLowerCase();

export function authRoutes(app: ZodApp, s: Services) {
  const loginPerAccount = perAccountLimit(app, 'login', s.config.loginRateLimit, '5 minutes', emailOf);
  const resetPerAccount = perAccountLimit(app, 'reset', RESET_REQUESTS_PER_ACCOUNT, '15 minutes', emailOf);
  const cookieOptions = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: s.config.cookieSecure,
    maxAge: 7 * 24 * 3600,
  });

  async function meFor(userId: string, tenantId: string, csrfToken: string | null) {
    const user = await s.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const tenant = await s.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, timeZone: user.time_zone },
      tenant: { id: tenant.id, name: tenant.name, locale: tenant.locale, timeZone: tenant.time_zone },
      csrfToken,
      mailCatcher: Boolean(s.config.smtpUrl?.startsWith('smtp://127.0.0.1')),
    };
  }

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: { max: s.config.loginRateLimit, timeWindow: '1 minute' } },
      preHandler: loginPerAccount,
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; sets the session cookie',
        body: z.object({ email: z.string().email().max(254), password: z.string().min(1).max(200) }),
        response: { 200: me },
      },
    },
    async (req, reply) => {
      const result = await s.auth.login(req.body.email, req.body.password);
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions());
      return meFor(result.user.id, result.user.tenant_id, result.csrfToken);
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'End the session', response: { 200: ok } } },
    async (req, reply) => {
      if (req.sessionToken) await s.auth.logout(req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The logged-in user, tenant and CSRF token', response: { 200: me } } },
    async (req) => {
      const actor = actorOf(req);
      if (!actor.userId) {
        const tenant = await s.db.selectFrom('tenants').selectAll().where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
        return {
          user: { id: actor.id ?? '', email: '', name: actor.name, role: actor.role, locale: null, timeZone: actor.timeZone },
          tenant: { id: tenant.id, name: tenant.name, locale: tenant.locale, timeZone: tenant.time_zone },
          csrfToken: null,
          mailCatcher: false,
        };
      }
      return meFor(actor.userId, actor.tenantId, req.csrfToken);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
      preHandler: resetPerAccount,
      schema: {
        tags: ['auth'],
        summary: 'Mail a password reset link (always answers ok)',
        body: z.object({ email: z.string().email().max(254) }),
        response: { 200: ok },
      },
    },
    async (req) => {
      await s.auth.requestPasswordReset(req.body.email, requestLocale(req as never));
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Choose a new password with the mailed token',
        body: z.object({ token: z.string().min(10).max(200), password: z.string().min(10).max(200) }),
        response: { 200: ok },
      },
    },
    async (req) => {
      await s.auth.resetPassword(req.body.token, req.body.password);
      return { ok: true as const };
    },
  );
}
