import type { HttpClient, HttpRequest, QueryValue } from '../http-client.ts';

/**
 * Walks a list paged by cursor through a next link, as Personio v2 does
 * (`{ _data: [...], _meta: { links: { next: { href } } } }`, the link absolute since 2024-09,
 * relative before). The link is resolved against the page it came from. The client sends
 * credentials with every request, so a link naming another host (a vendor that writes its public
 * host, `https://api.personio.de/…`, into links served through a proxy or a regional base URL) is
 * never followed there: its path and query are asked of the client's own origin instead. A link
 * that is not http(s) is refused; a link seen before ends the walk.
 */

export class ForeignNextLinkError extends Error {
  override readonly name = 'ForeignNextLinkError';
}

/** Personio v2: `_meta.links.next.href`; absent, null or "" on the last page. */
export function metaNextHref(body: unknown): string | null {
  const href = (body as { _meta?: { links?: { next?: { href?: unknown } } } } | null)?._meta?.links?.next?.href;
  return typeof href === 'string' && href !== '' ? href : null;
}

/** Personio v2 `_data`, else `data`, else a bare array; `_data`/`data` as an object holding exactly one list is that list. */
export function dataItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const b = body as { _data?: unknown; data?: unknown } | null;
  for (const v of [b?._data, b?.data]) {
    if (Array.isArray(v)) return v;
    if (v && typeof v === 'object') {
      const lists = Object.values(v).filter(Array.isArray);
      if (lists.length === 1) return lists[0] as unknown[];
    }
  }
  throw new Error('next-link page: no _data or data list');
}

export interface NextLinkPagerOptions<T> {
  http: HttpClient;
  /** The first page, relative to the client's base URL. */
  path: string;
  query?: Record<string, QueryValue>;
  request?: Pick<HttpRequest, 'routeClass' | 'accept' | 'headers'>;
  itemsOf?: (body: unknown) => unknown[];
  nextOf?: (body: unknown) => string | null;
  parse?: (raw: unknown) => T;
  idOf: (item: T) => string;
  /** Default 10 000. */
  maxPages?: number;
  onProgress?: (read: number) => void;
  signal?: AbortSignal;
}

export async function* pageByNextLink<T>(opts: NextLinkPagerOptions<T>): AsyncGenerator<T, void, undefined> {
  const origin = opts.http.origin;
  const itemsOf = opts.itemsOf ?? dataItems;
  const nextOf = opts.nextOf ?? metaNextHref;
  const seen = new Set<string>();
  const visited = new Set<string>();
  let yielded = 0;
  let next: URL | null = opts.http.url(opts.path, opts.query);
  for (let n = 0; next; n++) {
    if (n >= (opts.maxPages ?? 10_000)) throw new Error(`next-link pager: more than ${n} pages at ${opts.path}`);
    opts.signal?.throwIfAborted();
    const current: URL = next;
    visited.add(current.href);
    const res = await opts.http.request({ ...opts.request, url: current, ...(opts.signal ? { signal: opts.signal } : {}) });
    for (const raw of itemsOf(res.body)) {
      const item = opts.parse ? opts.parse(raw) : (raw as T);
      const id = opts.idOf(item);
      if (seen.has(id)) continue;
      seen.add(id);
      yielded++;
      yield item;
    }
    opts.onProgress?.(yielded);
    const href = nextOf(res.body);
    next = null;
    if (href !== null) {
      let url: URL;
      try {
        url = new URL(href, current);
      } catch {
        throw new ForeignNextLinkError('next link is not a URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ForeignNextLinkError(`next link is not http(s) (${url.protocol})`);
      // Only the origin is replaced: the link's path and query hold the cursor and the filters.
      if (url.origin !== origin) url = new URL(`${url.pathname}${url.search}`, origin);
      if (!visited.has(url.href)) next = url;
    }
  }
}
