import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { localeFromHeader, type Locale } from '../i18n/messages.ts';

/** The Fastify instance with zod schemas, as every route file receives it. */
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** The caller's language: the user's own setting, else Accept-Language. */
export function requestLocale(req: { actor?: { locale?: Locale } | null; headers: Record<string, unknown> }): Locale {
  return req.actor?.locale ?? localeFromHeader(req.headers['accept-language'] as string | undefined);
}
