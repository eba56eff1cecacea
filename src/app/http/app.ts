import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
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
import { authPlugin } from '../../platform/http/auth.ts';
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
  integration_inactive: 409,
};


export async function buildApp(services: Services, opts: { log?: Logger; webDist?: string } = {}) {
  const app = Fastify({
    // Without a logger (tests, benchmarks) Fastify's own no-op logger: no child logger per request.
    ...(opts.log && opts.log !== silentLogger ? { loggerInstance: opts.log } : { logger: false }),
    trustProxy: true,
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array' } },
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
  await app.register(async (api) => registerRoutes(api as never, services), { prefix: '/api/v1' });

  // The machine-readable description at /api/docs, a browsable one at /api/docs/ui.
  await app.register(swaggerUi, { routePrefix: '/api/docs/ui' });
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  const webDist = opts.webDist ?? path.resolve('web/dist');
  if (existsSync(webDist)) {
    // wildcard: files are looked up per request, so a rebuilt web/dist is served without a restart.
    await app.register(fastifyStatic, { root: webDist, wildcard: true });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) {
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

/**
 * Field details raised by services carry a code and params (`{ field, code, params }`, see FieldError); the
 * caller reads `{ field, message }` in their language. Details that are not an array pass unchanged.
 */
function translateDetails(locale: Locale, details: unknown): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) => translateDetail(locale, d));
}
