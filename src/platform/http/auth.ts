import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { type Actor, ROLE_GROUPS, type RoleGroup } from '../../domain/actor.ts';
import type { createAuthService } from '../identity/auth.service.ts';
import type { Role } from '../db/schema.ts';
import { isLocale } from '../../domain/locale.ts';
import { writeVersion } from '../db/write-versions.ts';

export const SESSION_COOKIE = 'koppel_session';
export const CSRF_HEADER = 'x-csrf-token';
/**
 * The language Koppel's own web UI shows right now (its language switcher, `?lang=`, or the browser). Answers and
 * messages of a cookie session follow it, so what the user reads never switches language between the page and the
 * server's messages, whatever the profile says.
 */
export const UI_LANGUAGE_HEADER = 'x-koppel-language';

/** Who may call a route: 'public', any logged-in 'authenticated' caller, or a named role group. */
export type Access = 'public' | 'authenticated' | RoleGroup;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

/**
 * Resolves the caller once per request (session cookie or Bearer API token), then enforces the
 * route's access: 401 without a caller, 403 for a missing role or CSRF token. Routes without an
 * explicit access setting are refused, so a forgotten check fails closed.
 */
export async function authPlugin(app: FastifyInstance, opts: { auth: Pick<ReturnType<typeof createAuthService>, 'apiTokenActor' | 'session'> }) {
  const { auth } = opts;
  const sessionOf = cachedSessions(auth.session);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.actor = await auth.apiTokenActor(header.slice(7).trim());
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const session = await sessionOf(token);
      if (session) {
        const shown = req.headers[UI_LANGUAGE_HEADER];
        req.actor = isLocale(shown) ? { ...session.actor, locale: shown } : session.actor;
        req.sessionToken = token;
        req.csrfToken = session.csrfToken;
      }
    }
  });

  app.addHook('preHandler', async (req: FastifyRequest, _reply: FastifyReply) => {
    // Decided on the route Fastify matched, never on the raw URL: `/%61pi/v1/…` reaches the same handlers.
    if (!isApiRoute(req)) return;
    const access = req.routeOptions.config?.access;
    if (access === 'public') return;
    if (!access) throw new AppError('forbidden');
    if (!req.actor) throw new AppError('unauthenticated');
    // Cookie sessions must echo the CSRF token on every state-changing request; API tokens are not ambient credentials.
    if (req.sessionToken && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      if (req.headers[CSRF_HEADER] !== req.csrfToken) throw new AppError('csrf_failed');
    }
    if (access !== 'authenticated' && !(ROLE_GROUPS[access] as readonly Role[]).includes(req.actor.role)) {
      throw new AppError('forbidden');
    }
  });
}
/**
 * Whether the matched route belongs to the API (its pattern, e.g. `/api/v1/users/:id`, or an access setting).
 * Unmatched requests (404) run no handler. Routes outside the API (docs, health, static files) carry no access.
 */
export function isApiRoute(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (route === undefined) return false;
  return route === API_PREFIX || route.startsWith(`${API_PREFIX}/`) || req.routeOptions.config?.access !== undefined;
}
export const API_PREFIX = '/api/v1';

(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}

type SessionLookup = ReturnType<typeof createAuthService>['session'];

/**
 * The session behind a cookie, looked up at most every SESSION_REUSE_MS per token (issue 13: no per-request work
 * that can be cached). An answer is dropped as soon as this process writes sessions, users or tenants (login,
 * logout, role or password change, deactivation: write-versions.ts), so here a change counts at once; a change
 * made by another process, or the session's expiry, counts within SESSION_REUSE_MS.
 */
const SESSION_REUSE_MS = 2_000;
const SESSION_CACHE_MAX = 10_000;

function cachedSessions(lookup: SessionLookup): SessionLookup {
  const cache = new Map<string, { at: number; version: number; value: Awaited<ReturnType<SessionLookup>> }>();
  return async (token) => {
    if (!token) return lookup(token);
    const now = Date.now();
    const version = writeVersion('sessions', 'users', 'tenants');
    const hit = cache.get(token);
    if (hit && hit.version === version && now - hit.at < SESSION_REUSE_MS && hit.value) return hit.value;
    const value = await lookup(token);
    cache.delete(token);
    if (value) {
      if (cache.size >= SESSION_CACHE_MAX) cache.delete(cache.keys().next().value as string);
      cache.set(token, { at: now, version, value });
    }
    return value;
  };
}
