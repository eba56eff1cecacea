import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError, fieldError } from '../../domain/errors.ts';

/**
 * Text the database cannot store is refused at the boundary, for every route at once: a NUL character
 * (PostgreSQL text and jsonb have no room for U+0000) or a lone UTF-16 surrogate (no UTF-8 form) anywhere
 * in the body, the query or the path parameters — in values and in object keys — gives 400
 * `validation_failed` with a `text_not_storable` detail per field, before any schema or handler runs.
 */
export async function textGuardPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const found: FieldError[] = [];
    for (const [part, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      collectUnstorable(value, part === 'body' ? '' : part, found, 0);
      if (found.length >= MAX_REPORTED) break;
    }
    if (found.length) throw new AppError('validation_failed', {}, found);
  });
}
(textGuardPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

const MAX_REPORTED = 20;
/** Nested deeper than this is refused too: no route takes such a body, and walking it is the cost. */
const MAX_DEPTH = 64;

/** True when `s` holds a character no Koppel text column can store. */
export function isUnstorableText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function collectUnstorable(value: unknown, path: string, out: FieldError[], depth: number): void {
  if (out.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    if (isUnstorableText(value)) out.push(fieldError(path, 'text_not_storable'));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) {
    out.push(fieldError(path, 'request_malformed'));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectUnstorable(v, join(path, String(i)), out, depth + 1));
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = join(path, isUnstorableText(key) ? '?' : key);
    if (isUnstorableText(key)) out.push(fieldError(at, 'text_not_storable'));
    collectUnstorable(v, at, out, depth + 1);
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
