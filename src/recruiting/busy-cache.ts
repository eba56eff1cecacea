import { createHash } from 'node:crypto';
import { expandIcs } from '../domain/ical/ical-expand.ts';
import type { IcsExpander, IcsSource } from '../connectors/kit/provider.ts';

/**
 * Busy time of unchanged calendars is not parsed again (issue 13). A slot search reads every interviewer's
 * calendar on each look; the CalDAV provider hands each iCalendar resource it reads to the expander of this
 * cache (ProviderDeps.expandIcs), which answers from memory while the resource is unchanged.
 *
 * - Scope: tenant + connection + resource (href). Version: the resource's ETag when the server sent one,
 *   else a SHA-1 of the text. A new version of a resource drops everything cached for its old one.
 * - An entry is the expansion for one window and one set of options (owner zone, owner addresses, private
 *   details, …). A later window inside a cached one is answered by filtering the cached intervals with the
 *   expansion's own rule (overlapping [from, to), unclipped), unless that expansion reported warnings (a
 *   budget or a broken event may depend on the window: then only the exact window is reused).
 * - Bounded LRU by entries and by the number of cached intervals. One cache per process; nothing is shared
 *   between tenants (the scope starts with the tenant id) and the text itself is never kept.
 */

type Expansion = ReturnType<typeof expandIcs>;
type Options = Parameters<typeof expandIcs>[1];

interface Entry {
  readonly scope: Scope;
  readonly optionsKey: string;
  readonly from: number;
  readonly to: number;
  readonly result: Expansion;
}

interface Scope {
  readonly key: string;
  version: string;
  entries: Entry[];
}

export interface BusyCacheOptions {
  /** Most entries kept (windows × resources). Default 5 000. */
  maxEntries?: number;
  /** Most busy intervals kept over all entries. Default 200 000 (a few tens of MB). */
  maxIntervals?: number;
  /** The expansion itself (tests count calls through it). Default expandIcs. */
  expand?: (ics: string, options: Options) => Expansion;
}

export interface BusyCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  entries: number;
  intervals: number;
}

export interface BusyCache {
  /** The expander for one connection of one tenant, to hand to the provider as ProviderDeps.expandIcs. */
  expanderFor(tenantId: string, connectionId: string): IcsExpander;
  readonly stats: Readonly<BusyCacheStats>;
  clear(): void;
}

const epoch = (v: Options['from']): number => (typeof v === 'number' ? v : v instanceof Date ? v.getTime() : Date.parse(String(v)));

function optionsKey(o: Options): string {
  const owners = o.ownerEmails ? [...o.ownerEmails].map((e) => e.toLowerCase()).sort().join(',') : '';
  return JSON.stringify([o.timeZone, owners, o.keepPrivateDetails === true, o.preferShippedTimezones === true, o.onInvalidEvent ?? 'throw', o.maxIterationsPerRule ?? null]);
}

export function createBusyCache(options: BusyCacheOptions = {}): BusyCache {
  const maxEntries = options.maxEntries ?? 5_000;
  const maxIntervals = options.maxIntervals ?? 200_000;
  const expand = options.expand ?? expandIcs;
  const scopes = new Map<string, Scope>();
  /** Least recently used first (a Set keeps insertion order; a hit moves the entry to the end). */
  const lru = new Set<Entry>();
  const stats: BusyCacheStats = { hits: 0, misses: 0, evictions: 0, entries: 0, intervals: 0 };

  function drop(entry: Entry): void {
    if (!lru.delete(entry)) return;
    stats.entries--;
    stats.intervals -= entry.result.busy.length;
    const list = entry.scope.entries;
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0 && scopes.get(entry.scope.key) === entry.scope) scopes.delete(entry.scope.key);
  }

  function insert(entry: Entry): void {
    entry.scope.entries.push(entry);
    lru.add(entry);
    stats.entries++;
    stats.intervals += entry.result.busy.length;
    for (const oldest of lru) {
      if (stats.entries <= maxEntries && stats.intervals <= maxIntervals) break;
      if (oldest === entry && stats.entries === 1) break; // one oversized expansion is still kept until the next one
      drop(oldest);
      stats.evictions++;
    }
  }

  function lookup(scope: Scope, key: string, from: number, to: number): Expansion | undefined {
    let cover: Entry | undefined;
    for (const e of scope.entries) {
      if (e.optionsKey !== key) continue;
      if (e.from === from && e.to === to) {
        cover = e;
        break;
      }
      if (e.from <= from && e.to >= to && e.result.warnings.length === 0) cover ??= e;
    }
    if (!cover) return undefined;
    lru.delete(cover);
    lru.add(cover);
    if (cover.from === from && cover.to === to) return cover.result;
    return { busy: cover.result.busy.filter((b) => b.end > from && b.start < to), warnings: [] };
  }

  function expanderFor(tenantId: string, connectionId: string): IcsExpander {
    return (ics: string, o: Options, source: IcsSource): Expansion => {
      const from = epoch(o.from);
      const to = epoch(o.to);
      // Whatever expandIcs would refuse (bad window, empty text) goes straight to it, uncached.
      if (!Number.isFinite(from) || !Number.isFinite(to) || !(from < to) || typeof ics !== 'string') return expand(ics, o);
      const scopeKey = `${tenantId}\u0000${connectionId}\u0000${source.resource}`;
      const version = source.etag ? `etag:${source.etag}` : `sha1:${createHash('sha1').update(ics).digest('base64')}`;
      let scope = scopes.get(scopeKey);
      if (scope && scope.version !== version) {
        for (const e of [...scope.entries]) drop(e);
        scope = undefined;
      }
      const key = optionsKey(o);
      if (scope) {
        const hit = lookup(scope, key, from, to);
        if (hit) {
          stats.hits++;
          return hit;
        }
      }
      stats.misses++;
      const result = expand(ics, o); // throws as expandIcs does: nothing is cached then
      if (!scope) {
        scope = { key: scopeKey, version, entries: [] };
        scopes.set(scopeKey, scope);
      }
      insert({ scope, optionsKey: key, from, to, result });
      return result;
    };
  }

  return {
    expanderFor,
    stats,
    clear() {
      for (const e of [...lru]) drop(e);
      scopes.clear();
    },
  };
}
