import { normalisePeriodEnd, spellMidnightEnd, type LocalDateTime } from '../../../domain/attendance-periods.ts';
import { HttpError, type HttpClient } from '../../kit/http-client.ts';
import { pageByNextLink } from '../../kit/paging/next-link.ts';
import { redactBsns } from '../../../domain/bsn.ts';
import type { OutboundSink, ReadBackItem, ReadBackQuery, RemoveItem, SinkError, SinkItem, SinkResult } from '../../kit/sink.ts';
import { isPersonioV2RouteMissing, personioV2ErrorMessage, type PersonioClient } from './personio.client.ts';

/**
 * Koppel's hours to Personio as v2 attendance periods (issue 9; nmbrs-rest-and-personio-time.md §B1).
 *
 * Personio chooses the ids of attendance periods, so the idempotency key travels in the period's
 * `comment` as a trailing marker `[koppel:<key>]` (the payload's own comment stays in front of it).
 * Writing:
 * - one list read first (per person, over the days the items touch) finds what Personio already holds
 *   for the keys: the same → `unchanged`; different → PATCH (`updated`);
 * - not found but an external id is known (Koppel's journal, or an earlier write of this sink) → PATCH
 *   by that id (restores the marker); Personio answers 404 → create;
 * - otherwise POST (`created`). A POST whose answer was lost is `maybe_committed` and is settled by
 *   `readBack`, never by a blind second POST.
 * Refusals of the data (overlap, crossing midnight, end before start, unknown person) are `rejected`,
 * not retryable, with Personio's error title, detail and trace id as message; one refused item never stops the others.
 */

export interface PersonioPeriodPayload {
  /** Personio's person id (v1 employee id). */
  personId: string;
  type: 'WORK' | 'BREAK';
  /** Local wall-clock time without offset, `YYYY-MM-DDTHH:MM:SS`. */
  start: LocalDateTime;
  end: LocalDateTime;
  /** Free text shown in Personio; the key marker is added after it. */
  comment: string;
  /**
   * Read back only (never sent): Personio's `approval.status` (PENDING, CONFIRMED, REJECTED, EXPIRED…) and
   * its `attribution_date` (the day Personio counts the period on; [REF-B] §B1 lists it in the object only).
   */
  approval?: string;
  attributionDate?: string;
}

/** A period an approver turned down (or let expire): its hours are not in Personio, whatever it says. */
export function isRefusedApproval(status: string | undefined): boolean {
  return status !== undefined && /^(REJECTED|EXPIRED|DECLINED)$/i.test(status);
}

export interface PersonioAttendanceSinkConfig {
  client: PersonioClient;
  /** Time zone the local date-times live in, for `readBack({from, to})`. Default Europe/Berlin. */
  timeZone?: string;
  /**
   * How many requests are in flight at the same time (default 4). One person's periods of one day always go
   * one after another, in input order, so an overlap inside a batch is refused for the later item; days
   * and people go side by side. The client's own v2 pacing still applies on top.
   */
  concurrency?: number;
  /**
   * How the end of a period that stops at midnight is spelled (UNCONFIRMED, §B1 "no crossing midnight —
   * split at 00:00"): `next_day_0000` (default, the split point the reference names: `D+1T00:00:00`) or
   * `same_day_235959` (`DT23:59:59`, for a Personio that wants start and end on one date). Reading back
   * accepts both.
   */
  midnightEnd?: 'next_day_0000' | 'same_day_235959';
  /**
   * `skip`: POST and PATCH ask Personio to skip the approval flow (`?skip_approval=true`; the placement is
   * UNCONFIRMED, §B1, v1 had it default true). `default` (default): Personio's company rules decide; a
   * period may stay PENDING (read back as `approval`).
   */
  approval?: 'default' | 'skip';
  /**
   * `readBack({keys})` for keys this sink never saw has no person or date to filter by and walks the
   * company's whole list: at most this many pages (default 20, i.e. 2 000 periods), then it fails with a
   * clear error instead of polling Personio for thousands of pages (§B3: repetitive polling is not permitted).
   */
  maxUnfilteredPages?: number;
}

type Json = Record<string, unknown>;

const PATH = '/v2/attendance-periods';
const MARKER = /\s*\[koppel:([^\]\n]+)\]\s*$/;
const PAGE_LIMIT = 100;

/** The comment Personio stores: the payload's comment, then the key marker. */
export function commentWithMarker(comment: string, key: string): string {
  const marker = `[koppel:${key}]`;
  return comment.trim() === '' ? marker : `${comment.trimEnd()} ${marker}`;
}

/** The key and the payload's comment of a stored comment, or null when the period carries no marker. */
export function parseMarker(stored: string | null | undefined): { key: string; comment: string } | null {
  if (!stored) return null;
  const m = MARKER.exec(stored);
  return m ? { key: m[1]!, comment: stored.slice(0, m.index) } : null;
}

/** Keys the marker can carry (no `]`, no line break, not empty). */
export function isMarkerSafeKey(key: string): boolean {
  return key.length > 0 && key.length <= 400 && !/[\]\n\r]/.test(key) && key.trim() === key;
}

const withSeconds = (v: string) => (v.length === 16 ? `${v}:00` : v);

/** An end as Koppel compares it: seconds added, `DT23:59:59` read as `D+1T00:00:00`. */
const endOf = (v: string) => (v === '' ? v : normalisePeriodEnd(withSeconds(v)));

/** Same period (a REJECTED/EXPIRED one never is: it is sent again, which asks for approval anew). */
export function samePersonioPeriod(a: PersonioPeriodPayload, b: PersonioPeriodPayload): boolean {
  if (isRefusedApproval(a.approval) || isRefusedApproval(b.approval)) return false;
  return a.personId === b.personId && a.type === b.type && withSeconds(a.start) === withSeconds(b.start) && endOf(a.end) === endOf(b.end) && a.comment.trim() === b.comment.trim();
}

/** A v2 period as the list or single read answers it → key, id and payload (null without marker). */
export function periodOf(row: Json): ReadBackItem<PersonioPeriodPayload> | null {
  const parsed = parseMarker(typeof row.comment === 'string' ? row.comment : null);
  const id = row.id;
  const start = (row.start as { date_time?: unknown } | null)?.date_time;
  const end = (row.end as { date_time?: unknown } | null)?.date_time;
  const person = (row.person as { id?: unknown } | null)?.id;
  const approval = (row.approval as { status?: unknown } | null)?.status ?? row.status;
  if (!parsed || typeof id !== 'string' || typeof start !== 'string' || (row.type !== 'WORK' && row.type !== 'BREAK')) return null;
  return {
    idempotencyKey: parsed.key,
    externalId: id,
    payload: {
      personId: String(person),
      type: row.type,
      start: withSeconds(start),
      end: typeof end === 'string' ? endOf(end) : '',
      comment: parsed.comment,
      ...(typeof approval === 'string' && approval ? { approval: approval.toUpperCase() } : {}),
      ...(typeof row.attribution_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(row.attribution_date) ? { attributionDate: row.attribution_date } : {}),
    },
  };
}

/**
 * What the admin reads of a refusal: `title: detail` of the first v2 error (the documented examples have
 * generic titles, the specifics are in `detail`), then Personio's `personio_trace_id` (support asks for it),
 * else the client's message. BSNs never reach it (the text is redacted, though Personio's texts do not carry
 * them). The trace id is appended after redacting: it is Personio's opaque id, and a run of digits in it that
 * happens to pass the 11-proof must reach support intact.
 */
export function refusalMessage(err: HttpError): string {
  const body = err.body as { errors?: Array<{ title?: unknown; detail?: unknown }>; personio_trace_id?: unknown } | null | undefined;
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  const text = [first?.title, first?.detail].filter((x): x is string => typeof x === 'string' && x.trim() !== '').join(': ') || (personioV2ErrorMessage(err.body) ?? err.message);
  const trace = typeof body?.personio_trace_id === 'string' && body.personio_trace_id ? ` (personio_trace_id ${body.personio_trace_id})` : '';
  return `${redactBsns(text)}${trace}`;
}

/**
 * A refusal of the item's data that another write of the same person may lift (an overlap with a period
 * not yet moved): any 4xx but 401/403/404/429. Personio's status for an overlap is undocumented (v1 used
 * 400, the emulator defaults to 422), so no title or status is keyed on.
 */
export function isRuleRefusal(err: unknown): boolean {
  return err instanceof HttpError && err.code === 'client_error' && err.status !== undefined && err.status >= 400 && err.status < 500 && ![401, 403, 404, 429].includes(err.status);
}

export function sinkErrorOf(err: unknown): SinkError {
  if (!(err instanceof HttpError)) return { code: 'unexpected', message: err instanceof Error ? err.message : String(err), retryable: false };
  if (err.details.maybeCommitted) return { code: 'maybe_committed', message: err.message, retryable: true, maybeCommitted: true };
  switch (err.code) {
    case 'unauthorized':
      return { code: 'reconnect_needed', message: err.message, retryable: false };
    case 'forbidden':
      return { code: 'forbidden', message: refusalMessage(err), retryable: false };
    case 'rate_limited':
      return { code: 'rate_limited', message: err.message, retryable: true };
    case 'server_error':
    case 'timeout':
    case 'network':
    case 'invalid_response':
      return { code: 'unavailable', message: err.message, retryable: true };
    default:
      // 400/404/422: overlap, crossing midnight, end before start, unknown person, bad content.
      return { code: 'rejected', message: refusalMessage(err), retryable: false };
  }
}

/** A local date-time of `instant` in `timeZone`, `YYYY-MM-DDTHH:MM:SS`. */
function localOf(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * A 404 is "the period is gone" only when Personio says so (a v2 not-found of the record); a 404 of a
 * missing route (another service at the base URL, a route not offered) is the endpoint being unavailable:
 * the period may still exist, so it is neither marked removed nor created anew.
 */
function routeMissing(method: 'PATCH' | 'DELETE', res: { status: number; body: unknown; attempts?: number }): void {
  if (!isPersonioV2RouteMissing(res.body)) return;
  throw new HttpError('invalid_response', `${method} ${PATH}/{id} answered 404 for a missing endpoint, not for a missing period`, { method, path: `${PATH}/{id}`, status: 404, attempts: res.attempts ?? 1, maybeCommitted: false }, res.body);
}

/**
 * The id of a created period: [CC2] `CreatedObject` `{id, _meta{links}}`; tolerated too: the object wrapped
 * in `_data`/`data` (as the single read answers), the last segment of `_meta.links.self.href`, a `Location`
 * header. Numbers become strings.
 */
export function createdIdOf(body: unknown, headers?: { get(name: string): string | null }): string | null {
  const b = body as { id?: unknown; _data?: { id?: unknown }; data?: { id?: unknown }; _meta?: { links?: { self?: { href?: unknown } } } } | null | undefined;
  const direct = [b?.id, b?._data?.id, b?.data?.id].find((v) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v)));
  if (direct !== undefined) return String(direct);
  const lastSegment = (href: unknown): string | null => {
    if (typeof href !== 'string' || href === '') return null;
    const path = href.split(/[?#]/)[0]!.replace(/\/+$/, '');
    const m = /\/v2\/attendance-periods\/([^/]+)$/.exec(path);
    return m ? decodeURIComponent(m[1]!) : null;
  };
  return lastSegment(b?._meta?.links?.self?.href) ?? lastSegment(headers?.get('location'));
}

/** Where a key's period lives: its person and the days it was seen on (a moved period is found on its old day too). */
interface Where {
  personId: string;
  from: string;
  to: string;
}

export class PersonioAttendanceSink implements OutboundSink<PersonioPeriodPayload> {
  readonly vendor = 'personio';
  private readonly http: HttpClient;
  private readonly timeZone: string;
  private readonly concurrency: number;
  private readonly midnightEnd: 'next_day_0000' | 'same_day_235959';
  private readonly writeQuery: Record<string, string>;
  private readonly maxUnfilteredPages: number;
  /** What this sink learned about keys (where a period lives, its id): narrows read-backs and finds a period whose marker was edited away. */
  private readonly known = new Map<string, Where & { externalId?: string }>();

  constructor(config: PersonioAttendanceSinkConfig) {
    this.http = config.client.v2Http();
    this.timeZone = config.timeZone ?? 'Europe/Berlin';
    this.concurrency = Math.max(1, config.concurrency ?? 4);
    this.midnightEnd = config.midnightEnd ?? 'next_day_0000';
    this.writeQuery = config.approval === 'skip' ? { skip_approval: 'true' } : {};
    this.maxUnfilteredPages = Math.max(1, config.maxUnfilteredPages ?? 20);
  }

  samePayload(wanted: PersonioPeriodPayload, held: PersonioPeriodPayload): boolean {
    return samePersonioPeriod(wanted, held);
  }

  private remember(key: string, payload: PersonioPeriodPayload, externalId?: string): void {
    const prev = this.known.get(key);
    const id = externalId ?? prev?.externalId;
    const date = payload.start.slice(0, 10);
    const span = prev && prev.personId === payload.personId ? { from: prev.from < date ? prev.from : date, to: prev.to > date ? prev.to : date } : { from: date, to: date };
    this.known.set(key, { personId: payload.personId, ...span, ...(id ? { externalId: id } : {}) });
  }

  private body(key: string, p: PersonioPeriodPayload, withPerson: boolean): Json {
    return {
      ...(withPerson ? { person: { id: p.personId } } : {}),
      type: p.type,
      start: { date_time: withSeconds(p.start) },
      end: { date_time: spellMidnightEnd(withSeconds(p.start), withSeconds(p.end), this.midnightEnd) },
      comment: commentWithMarker(p.comment, key),
    };
  }

  async write(items: readonly SinkItem<PersonioPeriodPayload>[], opts: { signal?: AbortSignal } = {}): Promise<SinkResult[]> {
    const s = opts.signal ? { signal: opts.signal } : {};
    const valid = items.filter((i) => isMarkerSafeKey(i.idempotencyKey));
    for (const i of valid) this.remember(i.idempotencyKey, i.payload, i.externalId);
    // One read for the whole batch: what Personio holds for these keys. A key the caller's journal proves
    // fresh (never handed to a sink) cannot be held, so it costs no read: a first send is writes only.
    let held: Map<string, ReadBackItem<PersonioPeriodPayload>>;
    try {
      const unsure = valid.filter((i) => !i.fresh).map((i) => i.idempotencyKey);
      held = new Map((unsure.length > 0 ? await this.readBack({ keys: unsure }, s) : []).map((h) => [h.idempotencyKey, h]));
    } catch (err) {
      if (err instanceof HttpError && err.code === 'aborted') throw err;
      const error = sinkErrorOf(err);
      // Nothing was sent: a failed read never means "maybe committed".
      const readError: SinkError = { ...error, code: error.code === 'maybe_committed' ? 'unavailable' : error.code, maybeCommitted: false };
      return items.map((i) => ({ idempotencyKey: i.idempotencyKey, outcome: 'failed', error: readError }));
    }
    const out: SinkResult[] = new Array(items.length);
    const byPerson = new Map<string, number[]>();
    items.forEach((item, i) => {
      const list = byPerson.get(item.payload.personId);
      if (list) list.push(i);
      else byPerson.set(item.payload.personId, [i]);
    });
    // At most `concurrency` requests in flight, whoever they are for (the client paces them on top).
    let free = this.concurrency;
    const waiting: Array<() => void> = [];
    const slot = async <T>(fn: () => Promise<T>): Promise<T> => {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    };
    // A shift that moves keeps its periods in a row: moved later, its last period must go first (each then
    // moves into room its successor has left), moved earlier the first. Periods Personio already holds go in
    // that order, earlier moves first; everything else after them, in input order.
    const movesFirst = (group: number[]) => {
      const from = (i: number) => held.get(items[i]!.idempotencyKey)?.payload.start;
      const to = (i: number) => withSeconds(items[i]!.payload.start);
      const earlier = group.filter((i) => from(i) !== undefined && to(i) < from(i)!).sort((a, b) => (to(a) < to(b) ? -1 : to(a) > to(b) ? 1 : a - b));
      const later = group.filter((i) => from(i) !== undefined && to(i) > from(i)!).sort((a, b) => (to(a) > to(b) ? -1 : to(a) < to(b) ? 1 : a - b));
      const moving = new Set([...earlier, ...later]);
      return [...earlier, ...later, ...group.filter((i) => !moving.has(i))];
    };
    let seq = 0;
    const person = async (indices: number[]) => {
      // One person's periods of one day go one after another, in input order (an overlap inside the batch is
      // refused for the later item); their days, and other people, go side by side (periods never cross midnight).
      // A changed shift moves its periods past each other (the break moves with the middle): the first PATCH can
      // overlap the shift's own next period, still at its old place. An item refused for a rule (any 4xx but 401/403/404/429: the status is undocumented) is tried
      // again when another item of the same person went through after the refusal, which may have freed its place;
      // otherwise its refusal is final. Bounded: each pass needs progress.
      let pending = indices;
      while (pending.length > 0) {
        const refusedAt = new Map<number, number>();
        let lastSuccess = -1;
        const byDay = new Map<string, number[]>();
        for (const i of pending) {
          const day = items[i]!.payload.start.slice(0, 10);
          const list = byDay.get(day);
          if (list) list.push(i);
          else byDay.set(day, [i]);
        }
        await Promise.all(
          [...byDay.values()].map(async (group) => {
            for (const i of movesFirst(group)) {
              const { result, ruleRefusal } = await slot(() => this.writeOne(items[i]!, held.get(items[i]!.idempotencyKey), s));
              const at = seq++;
              out[i] = result;
              if (ruleRefusal) refusedAt.set(i, at);
              else if (result.outcome !== 'failed') lastSuccess = at;
            }
          }),
        );
        pending = pending.filter((i) => (refusedAt.get(i) ?? Infinity) < lastSuccess);
      }
    };
    await Promise.all([...byPerson.values()].map(person));
    return out;
  }

  private async writeOne(item: SinkItem<PersonioPeriodPayload>, held: ReadBackItem<PersonioPeriodPayload> | undefined, s: { signal?: AbortSignal }): Promise<{ result: SinkResult; ruleRefusal?: boolean }> {
    try {
      return { result: await this.writeOneRaw(item, held, s) };
    } catch (err) {
      if (err instanceof HttpError && err.code === 'aborted') throw err;
      // The id the journal should keep: the period patched, or none when a create failed.
      const target = this.known.get(item.idempotencyKey)?.externalId;
      const ruleRefusal = isRuleRefusal(err);
      return { result: { idempotencyKey: item.idempotencyKey, outcome: 'failed', ...(target ? { externalId: target } : {}), error: sinkErrorOf(err) }, ruleRefusal };
    }
  }

  /** Throws the HttpError of a failed request (writeOne turns it into a result). */
  private async writeOneRaw(item: SinkItem<PersonioPeriodPayload>, held: ReadBackItem<PersonioPeriodPayload> | undefined, s: { signal?: AbortSignal }): Promise<SinkResult> {
    const key = item.idempotencyKey;
    if (!isMarkerSafeKey(key)) return { idempotencyKey: key, outcome: 'failed', error: { code: 'bad_key', message: 'idempotency key cannot be carried in a Personio comment marker', retryable: false } };
    const target = held?.externalId ?? item.externalId ?? this.known.get(key)?.externalId;
    if (held && samePersonioPeriod(item.payload, held.payload)) {
      this.remember(key, item.payload, held.externalId);
      return { idempotencyKey: key, outcome: 'unchanged', externalId: held.externalId };
    }
    // A period moves only within its person; another person means a new period (the old one is the journal's to remove).
    if (target && (!held || held.payload.personId === item.payload.personId)) {
      const res = await this.http.request<Json>({ method: 'PATCH', path: `${PATH}/${encodeURIComponent(target)}`, query: this.writeQuery, json: this.body(key, item.payload, false), acceptStatuses: [404], ...s });
      if (res.status === 404) routeMissing('PATCH', res);
      if (res.status !== 404) {
        this.remember(key, item.payload, target);
        return { idempotencyKey: key, outcome: 'updated', externalId: target };
      }
      // Gone in Personio: forget the id, create anew.
      const k = this.known.get(key);
      if (k) delete k.externalId;
    }
    const res = await this.http.request<Json>({ method: 'POST', path: PATH, query: this.writeQuery, json: this.body(key, item.payload, true), ...s });
    const id = createdIdOf(res.body, res.headers);
    if (!id) return { idempotencyKey: key, outcome: 'failed', error: { code: 'maybe_committed', message: 'POST /v2/attendance-periods answered without an id', retryable: true, maybeCommitted: true } };
    this.remember(key, item.payload, id);
    return { idempotencyKey: key, outcome: 'created', externalId: id };
  }

  /**
   * Every period of one list query, following `_meta.links.next.href` with the kit's pager: relative and
   * absolute links (both documented, §B2 "Paging by version"), `_data` or `data`, only on the client's
   * own origin (the token goes with every request), a link seen before ends the walk.
   */
  private async list(query: Record<string, string>, s: { signal?: AbortSignal }, maxPages?: number): Promise<Json[]> {
    const rows: Json[] = [];
    let pages = 0;
    const pager = pageByNextLink<Json>({ http: this.http, path: PATH, query: { ...query, limit: PAGE_LIMIT }, idOf: (r) => String(r?.id), onProgress: () => pages++, ...(maxPages ? { maxPages } : {}), ...s });
    try {
      for await (const row of pager) rows.push(row);
    } catch (err) {
      if (maxPages && pages >= maxPages && !(err instanceof HttpError)) {
        throw new Error(`reading back periods of unknown keys without a person or date: more than ${maxPages} pages of ${PATH}; not walking the whole company (give a date range)`, { cause: err });
      }
      throw err;
    }
    return rows;
  }

  async readBack(query: ReadBackQuery, opts: { signal?: AbortSignal } = {}): Promise<ReadBackItem<PersonioPeriodPayload>[]> {
    const s = opts.signal ? { signal: opts.signal } : {};
    const found: ReadBackItem<PersonioPeriodPayload>[] = [];
    const seen = new Set<string>();
    const collect = (rows: Json[], keep: (key: string) => boolean) => {
      for (const row of rows) {
        const p = periodOf(row);
        if (!p || !keep(p.idempotencyKey) || seen.has(p.externalId)) continue;
        seen.add(p.externalId);
        found.push(p);
      }
    };
    if ('keys' in query) {
      if (query.keys.length === 0) return [];
      const wanted = new Set(query.keys);
      // Per person, the days the known keys live on: one (paged) list each. Keys never seen by this sink need the whole list.
      const ranges = new Map<string, { from: string; to: string }>();
      let unknown = false;
      for (const key of wanted) {
        const w = this.known.get(key);
        if (!w) {
          unknown = true;
          continue;
        }
        const r = ranges.get(w.personId);
        ranges.set(w.personId, r ? { from: w.from < r.from ? w.from : r.from, to: w.to > r.to ? w.to : r.to } : { from: w.from, to: w.to });
      }
      if (unknown) collect(await this.list({}, s, this.maxUnfilteredPages), (k) => wanted.has(k));
      else {
        // People side by side, like writes; each list is collected whole, so the result does not depend on timing.
        const queries = [...ranges].map(([personId, r]) => ({ 'person.id': personId, 'start.date_time.gte': `${r.from}T00:00:00`, 'start.date_time.lte': `${r.to}T23:59:59` }));
        const lists: Json[][] = new Array(queries.length);
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < queries.length; i = next++) lists[i] = await this.list(queries[i]!, s);
        };
        await Promise.all(Array.from({ length: Math.min(this.concurrency, queries.length) }, worker));
        for (const rows of lists) collect(rows, (k) => wanted.has(k));
      }
      for (const f of found) this.remember(f.idempotencyKey, f.payload, f.externalId);
      return found;
    }
    collect(await this.list({ 'start.date_time.gte': localOf(query.from, this.timeZone), 'start.date_time.lte': localOf(query.to, this.timeZone) }, s), () => true);
    return found;
  }

  async remove(items: readonly RemoveItem[], opts: { signal?: AbortSignal } = {}): Promise<SinkResult[]> {
    const s = opts.signal ? { signal: opts.signal } : {};
    const out: SinkResult[] = new Array(items.length);
    // Deletes are independent of each other: `concurrency` at a time (the client paces them on top).
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < items.length; i = next++) {
        const item = items[i]!;
        try {
          // DELETE is idempotent: a repeat after a lost answer sees 404, the same end state.
          const res = await this.http.request({ method: 'DELETE', path: `${PATH}/${encodeURIComponent(item.externalId)}`, acceptStatuses: [404], ...s });
          // A 404 of a missing route is not "already gone" (review9 2.5).
          if (res.status === 404) routeMissing('DELETE', res);
          this.known.delete(item.idempotencyKey);
          out[i] = { idempotencyKey: item.idempotencyKey, outcome: 'removed', externalId: item.externalId };
        } catch (err) {
          if (err instanceof HttpError && err.code === 'aborted') throw err;
          out[i] = { idempotencyKey: item.idempotencyKey, outcome: 'failed', externalId: item.externalId, error: sinkErrorOf(err) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
    return out;
  }
}
