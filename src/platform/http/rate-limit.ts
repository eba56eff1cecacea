import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';

/**
 * A second limit keyed by the account (the e-mail address as typed, or the logged-in user), on top of the
 * per-address limit of the route: a caller who changes address (many machines, or X-Forwarded-For from a
 * trusted proxy) still meets it. It answers the same for addresses with and without an account.
 */
export function perAccountLimit(app: Pick<FastifyInstance, 'createRateLimit'>, name: string, max: number, timeWindow: string, key: (req: FastifyRequest) => string | undefined) {
  const limiter = app.createRateLimit({ max, timeWindow, keyGenerator: (req) => `${name}:${key(req) ?? ''}` });
  return async (req: FastifyRequest) => {
    if (!key(req)) return;
    const r = await limiter(req);
    if (!r.isAllowed && r.isExceeded) throw new AppError('rate_limited');
  };
}
