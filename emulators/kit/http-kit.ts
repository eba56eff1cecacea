import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { FaultInjector, FaultQueue, faultKindOf, isWrite, normalizeFaults, parseFaultRule, type FaultKind, type FaultProfile, type FaultRule } from './faults.ts';
import { RateLimiter, type RateRule } from './rate-limit.ts';
import { startServer } from './server.ts';

export { FaultQueue, type FaultProfile, type FaultRule } from './faults.ts';

/**
 * The small HTTP layer the calendar/video emulators share, on the kit's server start-up
 * (server.ts), fault profile and scripted faults (faults.ts) and rate limits (rate-limit.ts):
 * JSON/form bodies, a latency, faults, 429s with Retry-After. Each emulator supplies its routes and
 * its vendor's error body shape.
 */

export interface EmuRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON, parsed form (as a plain object), or undefined for an empty body. */
  body: unknown;
  rawBody: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as given (set content-type yourself for HTML). */
  body?: unknown;
}

export type Handler = (req: EmuRequest) => Promise<EmuResponse> | EmuResponse;

export class HttpFault extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface KitOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  /**
   * Scripted faults to start with (a list), or a random fault profile (a profile object, or a bare
   * rate split over 429 and 503 like `faultRate`).
   */
  faults?: FaultRule[] | FaultProfile | number;
  /** Chaos mode: this share (0..1) of API requests (not OAuth, not hooks) fails with 429 (Retry-After 1) or 503, seeded. */
  faultRate?: number;
  faultSeed?: number;
  /** Paths that random faults never hit (the OAuth endpoints, so a login always works). */
  faultExempt?: (path: string) => boolean;
  /** For `expiredToken` faults: expire the bearer token of this request; false when it carried none that was valid. */
  expireToken?: (req: EmuRequest) => boolean;
  /** Rate limits answered with 429 + Retry-After (per remote address). */
  rateLimits?: RateRule[];
  clock?: () => number;
  /** The vendor's error body for a scripted fault or an HttpFault. */
  errorBody: (status: number, message: string, extra: Record<string, unknown>) => unknown;
  handle: Handler;
}

export interface RunningKit {
  url: string;
  server: Server;
  /** The scripted one-off faults (add / clear / pending). */
  faults: FaultQueue;
  /** Replace the random fault profile (resets its per-request attempt counters). */
  setFaultProfile(profile: FaultProfile | number | undefined): void;
  setLatency(ms: number): void;
  /** Requests seen (method + path), newest last; status 0 = dropped or timed out without an answer. */
  requestLog: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

const FAULT_MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded',
  500: 'Backend Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpFault(400, 'Malformed JSON body', { reason: 'parseError' });
  }
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, out: EmuResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...out.headers };
  let payload: string | undefined;
  if (out.body !== undefined && out.body !== null) {
    if (typeof out.body === 'string') payload = out.body;
    else {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json; charset=UTF-8';
    }
  }
  res.writeHead(out.status, headers);
  res.end(payload);
}

/** The legacy chaos knob as a profile: half 429 (Retry-After 1), half 503, never after a commit. */
function chaosProfile(rate: number): FaultProfile {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`faultRate must be within 0..1, got ${rate}`);
  return { rate429: rate / 2, rate5xx: rate / 2, retryAfterSeconds: 1, failWritesAfterCommit: false };
}

function profileOf(input: FaultProfile | number | undefined): FaultProfile | undefined {
  return typeof input === 'number' ? chaosProfile(input) : input;
}

type Action =
  | { type: 'status'; status: number; retryAfterSeconds: number | undefined; afterCommit: boolean }
  | { type: 'timeout'; ms: number; afterCommit: boolean }
  | { type: 'drop' }
  | { type: 'expired' };

export async function startKit(opts: KitOptions): Promise<RunningKit> {
  const scripted = Array.isArray(opts.faults) ? opts.faults : [];
  const faults = new FaultQueue(scripted);
  const seed = opts.faultSeed ?? 1;
  const newInjector = (p: FaultProfile | undefined) => {
    const n = normalizeFaults(p, ['429', '5xx']);
    return new FaultInjector(n, n.seed ?? seed);
  };
  let injector = newInjector(Array.isArray(opts.faults) || opts.faults === undefined ? (opts.faultRate ? chaosProfile(opts.faultRate) : undefined) : profileOf(opts.faults));
  const limiter = opts.rateLimits?.length ? new RateLimiter(opts.rateLimits, opts.clock) : null;
  const requestLog: RunningKit['requestLog'] = [];
  const log = (method: string, path: string, status: number) => {
    requestLog.push({ method, path, status });
    if (requestLog.length > 5000) requestLog.splice(0, 1000);
  };

  function decide(method: string, url: URL, hasBearer: boolean): Action | null {
    const rule = faults.take(method, url.pathname);
    if (rule) {
      const kind = faultKindOf(rule);
      if (kind === 'status') return { type: 'status', status: rule.status!, retryAfterSeconds: rule.retryAfterSeconds, afterCommit: !!rule.afterCommit };
      if (kind === 'timeout') return { type: 'timeout', ms: rule.timeoutMs ?? injector.profile.timeoutMs, afterCommit: !!rule.afterCommit };
      if (kind === 'drop_after_commit') return { type: 'drop' };
      if (kind === 'expired_token') return { type: 'expired' };
      return null; // malformed: these emulators have no row corruptors
    }
    if (opts.faultExempt?.(url.pathname)) return null;
    const applicable = new Set<FaultKind>(['429', '5xx', 'timeout']);
    if (opts.expireToken && hasBearer) applicable.add('expiredToken');
    if (isWrite(method)) applicable.add('dropAfterCommit');
    const d = injector.decide(`${method} ${url.pathname}${url.search}`, applicable, { method, path: url.pathname });
    const p = injector.profile;
    const afterCommit = isWrite(method) && p.failWritesAfterCommit && d.detail2 < 0.5;
    switch (d.kind) {
      case '429':
        return { type: 'status', status: 429, retryAfterSeconds: p.retryAfterSeconds, afterCommit: false };
      case '5xx':
        return { type: 'status', status: 503, retryAfterSeconds: undefined, afterCommit };
      case 'timeout':
        return { type: 'timeout', ms: p.timeoutMs, afterCommit };
      case 'dropAfterCommit':
        return { type: 'drop' };
      case 'expiredToken':
        return { type: 'expired' };
      default:
        return null;
    }
  }

  const srv = await startServer({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1', latencyMs: opts.latencyMs ?? 0 }, (srv) => async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    let out: EmuResponse;
    try {
      const rawBody = await readRaw(req);
      await srv.delay();
      if (srv.closed) return;
      const request = (): EmuRequest => ({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body: parseBody(rawBody, req.headers['content-type']), rawBody });
      // Test hooks never fault and are never limited, so a test can always reach its controls.
      const hook = url.pathname.startsWith('/_emulator');
      const verdict = hook || !limiter ? null : limiter.check(method, url.pathname, req.socket.remoteAddress ?? '');
      const action = hook || (verdict && !verdict.allowed) ? null : decide(method, url, /^Bearer\s/i.test(String(req.headers.authorization ?? '')));
      if (verdict && !verdict.allowed) {
        out = { status: 429, headers: { 'retry-after': String(verdict.retryAfterSeconds ?? 1) }, body: opts.errorBody(429, FAULT_MESSAGES[429]!, { rateLimit: verdict.rule }) };
      } else if (!action) {
        out = await opts.handle(request());
      } else if (action.type === 'expired') {
        const r = request();
        out = opts.expireToken?.(r) ? { status: 401, body: opts.errorBody(401, 'Request had invalid authentication credentials.', { injected: true }) } : await opts.handle(r);
      } else if (action.type === 'drop' || action.afterCommit) {
        // The write is carried out; only the answer goes missing or wrong.
        out = await Promise.resolve()
          .then(() => opts.handle(request()))
          .catch((err: unknown): EmuResponse => {
          if (action.type === 'drop' || action.type === 'timeout') return { status: 0 };
          throw err;
        });
        if (action.type === 'drop') {
          log(method, url.pathname, 0);
          return srv.drop(req);
        }
        if (action.type === 'timeout') {
          log(method, url.pathname, 0);
          return srv.hang(req, action.ms);
        }
        out = injected(action.status, action.retryAfterSeconds);
      } else if (action.type === 'timeout') {
        log(method, url.pathname, 0);
        return srv.hang(req, action.ms);
      } else {
        out = injected(action.status, action.retryAfterSeconds);
      }
    } catch (err) {
      if (err instanceof HttpFault) out = { status: err.status, headers: err.headers, body: opts.errorBody(err.status, err.message, err.extra) };
      else out = { status: 500, body: opts.errorBody(500, err instanceof Error ? err.message : String(err), {}) };
    }
    log(method, url.pathname, out.status);
    send(res, out);
  });

  function injected(status: number, retryAfterSeconds: number | undefined): EmuResponse {
    return {
      status,
      headers: retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {},
      body: opts.errorBody(status, FAULT_MESSAGES[status] ?? 'Injected fault', { injected: true }),
    };
  }

  return {
    url: srv.url,
    server: srv.server,
    faults,
    setFaultProfile: (p) => {
      injector = newInjector(profileOf(p));
    },
    setLatency: (ms) => {
      srv.latencyMs = ms;
    },
    requestLog,
    close: () => srv.close(),
  };
}

// ── small helpers for handlers ───────────────────────────────────────────────

export function json(status: number, body?: unknown, headers?: Record<string, string>): EmuResponse {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function html(status: number, body: string): EmuResponse {
  return { status, body, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

export function redirect(location: string): EmuResponse {
  return { status: 302, headers: { location } };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpFault(400, 'A JSON object body is required', { reason: 'required' });
  return body as Record<string, unknown>;
}

/** Matches `pattern` like `/calendar/v3/calendars/:cal/events/:id` against a path; params are URI-decoded. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) {
      if (!a[i]) return null;
      try {
        out[p[i]!.slice(1)] = decodeURIComponent(a[i]!);
      } catch {
        return null;
      }
    } else if (p[i] !== a[i]) return null;
  }
  return out;
}

/** A fault rule as posted to `/_emulator/faults` (path given as a prefix string). */
export function faultFromJson(body: unknown): FaultRule {
  try {
    return parseFaultRule(asObject(body));
  } catch (err) {
    if (err instanceof HttpFault) throw err;
    throw new HttpFault(400, (err as Error).message);
  }
}
