import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { redactBsns } from '../../domain/bsn.ts';
import { errorMessage, issueMessage, type Locale, t, translateDetail } from '../../platform/i18n/messages.ts';
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import type { Services } from '../container.ts';
import { requestLocale, } from '../../platform/http/zod-app.ts';
import { API_PREFIX, authPlugin } from '../../platform/http/auth.ts';
import { textGuardPlugin } from '../../platform/http/text-guard.ts';
import { registerRoutes } from './routes.ts';


const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_bsn: 400,
  csv_invalid: 400,
  not_found: 404,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_reset_token: 400,
  forbidden: 403,
  csrf_failed: 403,
  role_too_high: 403,
  last_owner: 409,
  rate_limited: 429,
  conflict: 409,
  duplicate: 409,
  in_use: 409,
  invalid_state: 409,
  integration_credentials_invalid: 400,
  integration_missing_rights: 400,
  integration_unreachable: 400,
  integration_endpoint_unavailable: 400,
  integration_rate_limited: 503,
  integration_inactive: 409,
  absence_type_synced: 409,
};


export async function buildApp(services: Services, opts: { log?: Logger; webDist?: string } = {}) {
  const app = Fastify({
    // Without a logger (tests, benchmarks) Fastify's own no-op logger: no child logger per request.
    ...(opts.log && opts.log !== silentLogger ? { loggerInstance: opts.log } : { logger: false }),
    // Off unless configured (KOPPEL_TRUST_PROXY): otherwise any caller could pick its own address with X-Forwarded-For.
    trustProxy: services.config.trustProxy,
    // Request lines are written by the hooks below, from plain values (see requestForLog).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array' } },
    // A path Fastify cannot decode (e.g. `%ED%A0%80`, a lone surrogate's bytes) is refused before any hook runs:
    // answered in Koppel's own error shape and language instead of Fastify's English `FST_ERR_BAD_URL` text.
    frameworkErrors: (err, req, reply) => {
      req.log.info({ reason: redactBsns(err.message) }, 'request refused');
      const locale = requestLocale(req as never);
      setSecurityHeaders(req, reply, { https: services.config.publicUrl.startsWith('https:') });
      return (reply as unknown as FastifyReply)
        .status(400)
        .send({ error: { code: 'validation_failed', message: errorMessage(locale, 'validation_failed'), details: translateDetails(locale, [{ code: 'request_malformed' }]) } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    const locale = requestLocale(req as never);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: String(v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.'),
        // The issue's code sits in `keyword`, its other properties in `params`.
        message: issueMessage(locale, { ...(v.params as object), code: v.keyword }, v.message ?? ''),
      }));
      return reply.status(400).send({ error: { code: 'validation_failed', message: errorMessage(locale, 'validation_failed'), details } });
    }
    if (err instanceof AppError) {
      return reply
        .status(STATUS[err.code] ?? 400)
        .send({
          error: {
            code: err.code,
            message: errorMessage(locale, err.code, err.params),
            details: translateDetails(locale, err.details),
          },
        });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: errorMessage(locale, 'rate_limited') } });
    }
    if (status && status >= 400 && status < 500) {
      // Fastify's own text (e.g. a body that is not JSON) is English and technical: it goes to the log, the caller gets a code.
      req.log.info({ status, reason: redactBsns((err as Error).message) }, 'request refused');
      return reply
        .status(status)
        .send({ error: { code: 'validation_failed', message: errorMessage(locale, 'validation_failed'), details: translateDetails(locale, [{ code: 'request_malformed' }]) } });
    }
    req.log.error({ err: redactBsns(String((err as Error).stack ?? err)) }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: t(locale, 'errors.internal') } });
  });

  securityHeaders(app as never, { https: services.config.publicUrl.startsWith('https:') });
  // One line per request at info, and every server error at error whatever produced it (the error
  // handler above adds the stack of a thrown one). The path has long tokens masked, the query only its keys.
  app.addHook('onRequest', async (req) => {
    // Not even built when nothing would write it (LOG_LEVEL above info): the list API's hot path (issue 13).
    if ((req.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info') === false) return;
    req.log.info({ req: requestForLog(req) }, 'incoming request');
  });
  app.addHook('onResponse', async (req, reply) => {
    const line = { res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 500) req.log.error({ ...line, method: req.method, route: req.routeOptions.url ?? null }, 'request answered with a server error');
    else req.log.info(line, 'request completed');
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Koppel API', version: '1', description: 'Every action of the Koppel web UI goes through this API.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (kpl_…) created under Settings → API tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'koppel_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(authPlugin, { auth: services.auth });
  await app.register(textGuardPlugin);
  await app.register(async (api) => registerRoutes(api as never, services), { prefix: API_PREFIX });

  // The machine-readable description at /api/docs, a browsable one at /api/docs/ui.
  await app.register(swaggerUi, { routePrefix: '/api/docs/ui' });
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerHealth(app as never, services);

  const webDist = opts.webDist ?? path.resolve('web/dist');
  if (existsSync(webDist)) {
    // wildcard: files are looked up per request, so a rebuilt web/dist is served without a restart.
    await app.register(fastifyStatic, { root: webDist, wildcard: true });
    app.setNotFoundHandler((req, reply) => {
      // The web app's pages are read, never posted to: any other method, and every spelling of an API path
      // (doubled slashes, upper case), answers the JSON 404 whether or not web/dist was built.
      const p = decodedPath(req.url).replace(/\/{2,}/g, '/').toLowerCase();
      if (p.startsWith('/api/') || (req.method !== 'GET' && req.method !== 'HEAD')) {
        return reply.status(404).send({ error: { code: 'not_found', message: errorMessage(requestLocale(req as never), 'not_found') } });
      }
      return reply.sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ error: { code: 'not_found', message: errorMessage(requestLocale(req as never), 'not_found') } }),
    );
  }
  await app.ready();
  return app;
}

/** The path as the router reads it (percent-decoded), so `/%61pi/…` is answered like `/api/…`. */
function decodedPath(url: string): string {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '');
  } catch {
    return url;
  }
}

/** What a request line says about the request: no query values, no tokens (a scheduling link's token sits in its path). */
export function requestForLog(req: { method: string; url: string; ip?: string }) {
  const [pathPart = '', query] = req.url.split('?', 2) as [string, string | undefined];
  const path = pathPart
    .split('/')
    .map((seg) => (seg.length >= 32 && /^[A-Za-z0-9_~.%-]+$/.test(seg) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg) ? '[token]' : seg))
    .join('/');
  const keys = query ? [...new URLSearchParams(query).keys()] : [];
  return { method: req.method, url: keys.length ? `${path}?${[...new Set(keys)].map((k) => `${k}=…`).join('&')}` : path, remoteAddress: req.ip };
}

/**
 * Security headers on every answer, pages and API alike. The web app is one origin serving its own
 * bundle, so its pages allow scripts, fonts, images and fetches from 'self' only (Mantine sets inline
 * style attributes and one <style> of CSS variables: styles also 'unsafe-inline'; no inline script
 * anywhere, Swagger UI's included). API answers allow nothing at all. No page may be framed.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function securityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  app.addHook('onSend', async (req, reply, payload) => {
    setSecurityHeaders(req, reply, opts);
    return payload;
  });
}

/** The headers above on one answer; also called for answers Fastify sends without hooks (an undecodable path). */
function setSecurityHeaders(req: { url: string }, reply: { header(name: string, value: string): unknown; getHeader(name: string): unknown }, opts: { https: boolean }) {
  // The web app's files (served as a stream, their type set later) and Swagger UI get the page policy; API answers the other.
  // The path as the router reads it: `/%61pi/v1/…` is an API answer too.
  const path = decodedPath(req.url);
  const page = String(reply.getHeader('content-type') ?? '').startsWith('text/html') || !(path.startsWith('/api/') || path === '/healthz' || path === '/readyz') || path.startsWith('/api/docs/ui');
  reply.header('content-security-policy', page ? PAGE_CSP : API_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('x-content-type-options', 'nosniff');
  // Scheduling links carry their token in the path: never hand it on to another site.
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (opts.https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

/**
 * `/healthz`: liveness — the process answers (no database call; a load balancer restarting a web
 * process because PostgreSQL is down would not help). `/readyz`: readiness — the database answers a
 * query within 2 s; 503 while it does not (during a PostgreSQL restart or failover), so traffic goes
 * to processes that can serve it.
 */
function registerHealth(app: FastifyInstance, services: Services) {
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, summary: 'Liveness: the process answers (does not ask the database)', response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));
  app.get(
    '/readyz',
    { schema: { tags, summary: 'Readiness: the database answers; 503 while it does not', response: { 200: z.object({ ok: z.literal(true) }), 503: z.object({ ok: z.literal(false) }) } } },
    async (req, reply) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          sql`SELECT 1`.execute(services.db),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('database did not answer within 2 s')), 2_000);
          }),
        ]);
        return { ok: true as const };
      } catch (err) {
        req.log.warn({ err: redactBsns(err instanceof Error ? err.message : String(err)) }, 'readiness check failed');
        return reply.status(503).send({ ok: false as const });
      } finally {
        clearTimeout(timer);
      }
    },
  );
}

/**
 * Field details raised by services carry a code and params (`{ field, code, params }`, see FieldError); the
 * caller reads `{ field, message }` in their language. Details that are not an array pass unchanged.
 */
function translateDetails(locale: Locale, details: unknown): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) => translateDetail(locale, d));
}
