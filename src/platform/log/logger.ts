import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactBsns } from '../../domain/bsn.ts';

/**
 * The one structured logger (pino) of a process: HTTP requests (Fastify uses it), jobs, syncs,
 * deliveries and every outbound HTTP call of the connector kit get a child of it with their own
 * bindings (`reqId`, `jobId`, `runId`, `integrationId`, `vendor`). Level from LOG_LEVEL.
 *
 * Nothing secret reaches the output: keys that name secrets are censored wherever they sit, and every
 * string is passed through the BSN redactor (an 11-proof 9-digit number becomes `*********`), so a
 * vendor error message that quotes a BSN cannot leak it either.
 */
export type { Logger };

export const REDACTED_KEYS = [
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'token',
  'authorization',
  'cookie',
  'apiKey',
  'subscriptionKey',
  'bsn',
  'bsnEncrypted',
  'bsn_encrypted',
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`]);

function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactBsns(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  // An Error's own properties are not enumerable: serialise it first (message, stack, code, cause), then redact.
  if (value instanceof Error) return redactStrings(pino.stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactStrings(v, depth + 1);
  return out;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (obj) => redactStrings(obj) as Record<string, unknown> },
    hooks: {
      // The message text too: `log.warn('… %s', vendorText)` must not carry a BSN.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactBsns(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

/** For tests and library defaults: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Standard error: CLI commands keep standard output for their own result lines. */
export const stderrDestination = (): DestinationStream => pino.destination(2);
