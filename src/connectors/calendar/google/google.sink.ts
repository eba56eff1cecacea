import { HttpClient, HttpError, type RetryPolicy } from '../../kit/http-client.ts';
import { guardedTransport } from '../../kit/outbound-guard.ts';
import { providerAuth, type OAuthCredentials, type ProviderRuntimeDeps } from '../../kit/oauth/provider-http.ts';
import type { OutboundSink, ReadBackItem, ReadBackQuery, SinkError, SinkItem, SinkResult } from '../../kit/sink.ts';

/**
 * Google Calendar event writes as an OutboundSink (capability `calendar:events:write`).
 *
 * Idempotency comes from Google itself: events.insert takes a client-chosen event id and answers 409
 * when that id exists. The id is the idempotency key itself, base32hex-encoded behind a `koppel:`
 * marker, so the same key always names the same event and a listing of a time range maps every
 * event this sink wrote back to its key (other events in the calendar do not decode and are skipped).
 *
 * Inserts are sent as NOT idempotent on purpose: a timeout or 5xx after the request left comes back
 * as `maybe_committed` (retryable) and is settled by readBack, never by a blind second insert
 * (see writeReconciled in kit/sink.ts). A 409 is "already there": the event is read and patched when
 * it differs (updated) or left alone (unchanged).
 */

export interface GoogleEventPayload {
  summary: string;
  description?: string;
  /** RFC 3339 instants. */
  start: string;
  end: string;
  /** IANA zone the event is shown in. */
  timeZone: string;
}

export interface GoogleEventSinkConfig {
  credentials: OAuthCredentials;
  deps?: ProviderRuntimeDeps;
  calendarId?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const MARKER = 'koppel:';
const B32HEX = '0123456789abcdefghijklmnopqrstuv';
/** Google ids are at most 1024 base32hex characters: 5 bits each. */
const MAX_KEY_BYTES = Math.floor((1024 * 5) / 8) - MARKER.length;

function base32hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32HEX[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32hex(text: string): Uint8Array | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const v = B32HEX.indexOf(c);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Uint8Array.from(bytes);
}

/** The Google event id for an idempotency key (deterministic, reversible). */
export function googleEventIdForKey(key: string): string {
  return base32hex(new TextEncoder().encode(`${MARKER}${key}`));
}

/** The idempotency key behind an event id this sink chose, or null for any other event. */
export function keyOfGoogleEventId(id: string): string | null {
  const bytes = fromBase32hex(id);
  if (!bytes) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return text.startsWith(MARKER) ? text.slice(MARKER.length) : null;
}

type Json = Record<string, unknown>;

function googleErrorMessage(body: unknown): string | null {
  const e = (body as { error?: { message?: unknown; errors?: Array<{ reason?: unknown }> } } | null)?.error;
  if (!e || typeof e !== 'object') return null;
  const reason = e.errors?.[0]?.reason;
  return `${typeof e.message === 'string' ? e.message : 'error'}${typeof reason === 'string' ? ` (${reason})` : ''}`;
}

const sameInstant = (a: unknown, b: string) => typeof a === 'string' && Date.parse(a) === Date.parse(b);

/** The payload an event resource says (instants normalised to UTC). */
export function googleEventPayloadOf(r: Json): GoogleEventPayload {
  const start = r.start as { dateTime?: string; timeZone?: string } | undefined;
  const end = r.end as { dateTime?: string } | undefined;
  return {
    summary: typeof r.summary === 'string' ? r.summary : '',
    ...(typeof r.description === 'string' ? { description: r.description } : {}),
    start: start?.dateTime ? new Date(Date.parse(start.dateTime)).toISOString() : '',
    end: end?.dateTime ? new Date(Date.parse(end.dateTime)).toISOString() : '',
    timeZone: start?.timeZone ?? '',
  };
}

export function sameGoogleEvent(wanted: GoogleEventPayload, held: GoogleEventPayload): boolean {
  return (
    wanted.summary === held.summary &&
    (wanted.description ?? '') === (held.description ?? '') &&
    sameInstant(held.start, wanted.start) &&
    sameInstant(held.end, wanted.end) &&
    wanted.timeZone === held.timeZone
  );
}

function errorOf(err: unknown): SinkError {
  if (!(err instanceof HttpError)) return { code: 'unexpected', message: err instanceof Error ? err.message : String(err), retryable: false };
  if (err.details.maybeCommitted) return { code: 'maybe_committed', message: err.message, retryable: true, maybeCommitted: true };
  switch (err.code) {
    case 'unauthorized':
      return { code: 'reconnect_needed', message: err.message, retryable: false };
    case 'rate_limited':
    case 'server_error':
    case 'timeout':
    case 'network':
    case 'invalid_response':
      return { code: 'unavailable', message: err.message, retryable: true };
    case 'forbidden':
      return { code: 'forbidden', message: err.message, retryable: false };
    default:
      return { code: 'rejected', message: err.message, retryable: false };
  }
}

export class GoogleEventSink implements OutboundSink<GoogleEventPayload> {
  readonly vendor = 'google';
  readonly http: HttpClient;
  private readonly calendarPath: string;

  constructor(config: GoogleEventSinkConfig) {
    const deps = config.deps ?? {};
    this.http = new HttpClient({
      baseUrl: `${config.credentials.baseUrl.replace(/\/+$/, '')}/calendar/v3`,
      timeoutMs: config.timeoutMs ?? 20_000,
      retry: { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 4_000, rateLimitFloorMs: 500, maxRetryAfterMs: 30_000, maxTokenRefreshes: 1, ...deps.retry, ...config.retry },
      auth: providerAuth(config.credentials, deps, 'client_secret_post'),
      errorMessageOf: googleErrorMessage,
      ...guardedTransport(deps.urlGuard, deps.fetch),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });
    this.calendarPath = `/calendars/${encodeURIComponent(config.calendarId ?? 'primary')}/events`;
  }

  samePayload(wanted: GoogleEventPayload, held: GoogleEventPayload): boolean {
    return sameGoogleEvent(wanted, held);
  }

  private body(p: GoogleEventPayload): Json {
    return {
      summary: p.summary,
      ...(p.description !== undefined ? { description: p.description } : {}),
      start: { dateTime: p.start, timeZone: p.timeZone },
      end: { dateTime: p.end, timeZone: p.timeZone },
    };
  }

  async write(items: readonly SinkItem<GoogleEventPayload>[], opts: { signal?: AbortSignal } = {}): Promise<SinkResult[]> {
    const out: SinkResult[] = [];
    // One at a time: Google's per-user quota is small and the order of results is the order of items.
    for (const item of items) out.push(await this.writeOne(item, opts.signal));
    return out;
  }

  private async writeOne(item: SinkItem<GoogleEventPayload>, signal: AbortSignal | undefined): Promise<SinkResult> {
    const key = item.idempotencyKey;
    if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) return { idempotencyKey: key, outcome: 'failed', error: { code: 'key_too_long', message: `idempotency key over ${MAX_KEY_BYTES} bytes`, retryable: false } };
    const id = googleEventIdForKey(key);
    const s = signal ? { signal } : {};
    try {
      const res = await this.http.request<Json>({
        method: 'POST',
        path: this.calendarPath,
        query: { sendUpdates: 'none' },
        json: { id, ...this.body(item.payload) },
        acceptStatuses: [409],
        ...s,
      });
      if (res.status !== 409) return { idempotencyKey: key, outcome: 'created', externalId: id };
      // Already there (an earlier run, or an earlier attempt whose answer was lost): converge on the payload.
      const current = await this.http.request<Json>({ path: `${this.calendarPath}/${id}`, ...s });
      if (current.body.status === 'cancelled') return { idempotencyKey: key, externalId: id, outcome: 'failed', error: { code: 'deleted', message: 'the event was deleted in Google Calendar', retryable: false } };
      if (sameGoogleEvent(item.payload, googleEventPayloadOf(current.body))) return { idempotencyKey: key, outcome: 'unchanged', externalId: id };
      await this.http.request<Json>({ method: 'PATCH', path: `${this.calendarPath}/${id}`, query: { sendUpdates: 'none' }, json: this.body(item.payload), ...s });
      return { idempotencyKey: key, outcome: 'updated', externalId: id };
    } catch (err) {
      if (err instanceof HttpError && err.code === 'aborted') throw err;
      return { idempotencyKey: key, outcome: 'failed', ...(err instanceof HttpError && err.details.maybeCommitted ? { externalId: id } : {}), error: errorOf(err) };
    }
  }

  async readBack(query: ReadBackQuery, opts: { signal?: AbortSignal } = {}): Promise<ReadBackItem<GoogleEventPayload>[]> {
    const s = opts.signal ? { signal: opts.signal } : {};
    const out: ReadBackItem<GoogleEventPayload>[] = [];
    if ('keys' in query) {
      for (const key of query.keys) {
        const id = googleEventIdForKey(key);
        const res = await this.http.request<Json>({ path: `${this.calendarPath}/${id}`, acceptStatuses: [404, 410], ...s });
        if (res.status !== 200 || res.body.status === 'cancelled') continue;
        out.push({ idempotencyKey: key, externalId: id, payload: googleEventPayloadOf(res.body) });
      }
      return out;
    }
    let pageToken: string | undefined;
    do {
      const res = await this.http.request<{ items?: Json[]; nextPageToken?: string }>({
        path: this.calendarPath,
        query: { timeMin: query.from.toISOString(), timeMax: query.to.toISOString(), maxResults: 250, ...(pageToken ? { pageToken } : {}) },
        ...s,
      });
      for (const ev of res.body.items ?? []) {
        const key = typeof ev.id === 'string' ? keyOfGoogleEventId(ev.id) : null;
        if (key === null || ev.status === 'cancelled') continue;
        out.push({ idempotencyKey: key, externalId: ev.id as string, payload: googleEventPayloadOf(ev) });
      }
      pageToken = res.body.nextPageToken;
    } while (pageToken);
    return out;
  }
}
