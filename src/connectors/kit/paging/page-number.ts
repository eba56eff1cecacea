import type { HttpClient, HttpRequest, QueryValue } from '../http-client.ts';

/**
 * Walks a list paged by page number (`pageNumber=2&pageSize=250`), as Loket and Nmbrs page.
 * Reads the envelope of either vendor (readPageEnvelope) or one the caller describes, yields
 * items once each (dedupe by id: a record inserted mid-walk shifts another onto the next page
 * again), and stops at the stated last page, on an empty page, on a short page when the server
 * states no total, or when a full page brings nothing new (a server that ignores the page number
 * would otherwise loop forever).
 */

export interface NumberedPage {
  items: unknown[];
  /** The server's page count, if it states one. */
  totalPages: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/**
 * - Loket: `{ totalSize, pageSize, totalPages, currentPage, _embedded: [...] }`;
 * - Nmbrs: `{ data: [...], pagination: { pageNumber | page, pageSize, totalPages, nextPage } }`
 *   (`nextPage` null or "" on the last page);
 * - a bare array (no total).
 */
export function readPageEnvelope(body: unknown): NumberedPage {
  if (Array.isArray(body)) return { items: body, totalPages: null };
  if (!body || typeof body !== 'object') throw new Error('page envelope: not an object');
  const b = body as Record<string, unknown>;
  if (Array.isArray(b._embedded)) return { items: b._embedded, totalPages: num(b.totalPages) };
  const items = Array.isArray(b.data) ? b.data : Array.isArray(b.items) ? b.items : null;
  if (!items) throw new Error('page envelope: no _embedded, data or items list');
  const p = b.pagination && typeof b.pagination === 'object' ? (b.pagination as Record<string, unknown>) : null;
  let totalPages = num(p?.totalPages ?? b.totalPages);
  // Nmbrs: an explicit "no next page" ends the walk even when totalPages is missing.
  if (p && 'nextPage' in p && (p.nextPage === null || p.nextPage === '')) {
    const page = num(p.pageNumber ?? p.page);
    if (page !== null) totalPages = totalPages === null ? page : Math.min(totalPages, Math.max(page, 1));
  }
  return { items, totalPages };
}

export interface PageNumberPagerOptions<T> {
  http: HttpClient;
  path: string;
  query?: Record<string, QueryValue>;
  /** Route class, Accept (a versioned media type), headers, … for every page request. */
  request?: Pick<HttpRequest, 'routeClass' | 'accept' | 'headers'>;
  pageSize: number;
  /** Default `pageNumber` (Loket, Nmbrs). */
  pageParam?: string;
  /** Default `pageSize`. */
  sizeParam?: string;
  /** Default 1. */
  firstPage?: number;
  readPage?: (body: unknown) => NumberedPage;
  /** Raw item → T (validation). Default: the raw item. */
  parse?: (raw: unknown) => T;
  idOf: (item: T) => string;
  /** Pages read before giving up on a server that never ends. Default 10 000. */
  maxPages?: number;
  onProgress?: (read: number, totalPages?: number) => void;
  signal?: AbortSignal;
}

export async function* pageByNumber<T>(opts: PageNumberPagerOptions<T>): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  const readPage = opts.readPage ?? readPageEnvelope;
  const first = opts.firstPage ?? 1;
  const maxPages = opts.maxPages ?? 10_000;
  let yielded = 0;
  for (let page = first; page < first + maxPages; page++) {
    opts.signal?.throwIfAborted();
    const res = await opts.http.request({
      ...opts.request,
      path: opts.path,
      query: { ...opts.query, [opts.pageParam ?? 'pageNumber']: page, [opts.sizeParam ?? 'pageSize']: opts.pageSize },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const { items, totalPages } = readPage(res.body);
    let fresh = 0;
    for (const raw of items) {
      const item = opts.parse ? opts.parse(raw) : (raw as T);
      const id = opts.idOf(item);
      if (seen.has(id)) continue;
      seen.add(id);
      fresh++;
      yielded++;
      yield item;
    }
    opts.onProgress?.(yielded, totalPages ?? undefined);
    const last = items.length === 0 || (totalPages !== null ? page - first + 1 >= totalPages : items.length < opts.pageSize) || fresh === 0;
    if (last) return;
  }
  throw new Error(`page-number pager: more than ${maxPages} pages at ${opts.path}`);
}
