import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * The small HTTP layer the four calendar/video emulators share: node:http (no framework, so the
 * emulators stay independent of Koppel's own Fastify app), JSON/form bodies, a fixed latency, and
 * scripted faults. Each emulator supplies its routes and its vendor's error body shape.
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

/** A scripted failure: the next `times` requests matching method/path get `status` instead of an answer. */
export interface FaultRule {
  method?: string;
  /** Matches when the request path starts with this (or matches it, for a RegExp). */
  path?: string | RegExp;
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Sent as the Retry-After header (429/503). */
  retryAfterSeconds?: number;
  /** The request is processed first and only its answer is replaced by the fault: a write that landed although the client saw an error. */
  afterCommit?: boolean;
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
  faults?: FaultRule[];
  /** Chaos mode: this share (0..1) of API requests (not OAuth, not hooks) fails with 429 (Retry-After 1) or 503, seeded. */
  faultRate?: number;
  faultSeed?: number;
  /** Paths that random faults never hit (the OAuth endpoints, so a login always works). */
  faultExempt?: (path: string) => boolean;
  /** The vendor's error body for a scripted fault or an HttpFault. */
  errorBody: (status: number, message: string, extra: Record<string, unknown>) => unknown;
  handle: Handler;
}

export interface RunningKit {
  url: string;
  server: Server;
  faults: FaultQueue;
  /** Requests seen (method + path), newest last; for tests that assert call counts. */
  requestLog: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

export class FaultQueue {
  private rules: Array<FaultRule & { left: number }> = [];

  constructor(initial: FaultRule[] = []) {
    for (const r of initial) this.add(r);
  }

  add(rule: FaultRule): void {
    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) throw new Error(`A fault needs an HTTP error status, got ${rule.status}`);
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.reduce((n, r) => n + r.left, 0);
  }

  /** Consumes and returns the first rule matching this request, if any. */
  take(method: string, path: string): FaultRule | null {
    const i = this.rules.findIndex(
      (r) =>
        r.left > 0 &&
        (!r.method || r.method.toUpperCase() === method) &&
        (!r.path || (typeof r.path === 'string' ? path.startsWith(r.path) : r.path.test(path))),
    );
    if (i < 0) return null;
    const rule = this.rules[i]!;
    rule.left--;
    if (rule.left <= 0) this.rules.splice(i, 1);
    return rule;
  }
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

/** mulberry32: a tiny seeded PRNG, so a chaos run can be reproduced. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startKit(opts: KitOptions): Promise<RunningKit> {
  const faults = new FaultQueue(opts.faults);
  const rate = opts.faultRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new Error(`faultRate must be within 0..1, got ${rate}`);
  const random = seeded(opts.faultSeed ?? 1);
  const chaos = (path: string): FaultRule | null => {
    if (rate === 0 || opts.faultExempt?.(path)) return null;
    const r = random();
    if (r >= rate) return null;
    return r < rate / 2 ? { status: 429, retryAfterSeconds: 1 } : { status: 503 };
  };
  const requestLog: RunningKit['requestLog'] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const method = (req.method ?? 'GET').toUpperCase();
      let out: EmuResponse;
      try {
        const rawBody = await readRaw(req);
        if (opts.latencyMs && opts.latencyMs > 0) await delay(opts.latencyMs);
        // Test hooks never fault, so a test can always reach its controls.
        const fault = url.pathname.startsWith('/_emulator') ? null : (faults.take(method, url.pathname) ?? chaos(url.pathname));
        if (fault?.afterCommit) await opts.handle({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body: parseBody(rawBody, req.headers['content-type']), rawBody });
        if (fault) {
          out = {
            status: fault.status,
            headers: fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
            body: opts.errorBody(fault.status, FAULT_MESSAGES[fault.status] ?? 'Injected fault', { injected: true }),
          };
        } else {
          const body = parseBody(rawBody, req.headers['content-type']);
          out = await opts.handle({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody });
        }
      } catch (err) {
        if (err instanceof HttpFault) out = { status: err.status, headers: err.headers, body: opts.errorBody(err.status, err.message, err.extra) };
        else out = { status: 500, body: opts.errorBody(500, err instanceof Error ? err.message : String(err), {}) };
      }
      requestLog.push({ method, path: url.pathname, status: out.status });
      if (requestLog.length > 5000) requestLog.splice(0, 1000);
      send(res, out);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    server,
    faults,
    requestLog,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
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
  const b = asObject(body);
  const status = Number(b.status);
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new HttpFault(400, 'status must be an HTTP error status (400–599)');
  return {
    status,
    ...(typeof b.method === 'string' ? { method: b.method } : {}),
    ...(typeof b.path === 'string' ? { path: b.path } : {}),
    ...(b.times !== undefined ? { times: Number(b.times) } : {}),
    ...(b.retryAfterSeconds !== undefined ? { retryAfterSeconds: Number(b.retryAfterSeconds) } : {}),
    ...(b.afterCommit === true ? { afterCommit: true } : {}),
  };
}
