import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * The one outbound guard for every URL a user can set or a remote server can hand back: a CalDAV
 * URL and the principal / home-set / calendar URLs its server names, every redirect, an HR vendor's
 * base URL (Personio; Nmbrs and Loket to come), a tenant's OAuth app endpoints. Koppel fetches these
 * from its own network, so without a guard the forms would let a user (or a hostile server) probe
 * the installation's internal network (SSRF).
 *
 * When enabled (production by default, config.outboundGuard) a request goes out only if every
 * address its host resolves to is a public unicast address. Refused: loopback, private (RFC 1918),
 * shared/CGNAT, link-local (cloud metadata), unique-local, unspecified, multicast, reserved and
 * documentation ranges, and IPv4 addresses dressed as IPv6 in any spelling (mapped `::ffff:…`,
 * compatible `::a.b.c.d`, SIIT, NAT64, 6to4; Teredo outright). Hosts listed in
 * KOPPEL_PRIVATE_HOSTS (config.privateHosts; `host` or `host:port`) are allowed regardless.
 *
 * `guard.fetch` is the transport that keeps the promise: it resolves the host once, checks those
 * addresses and hands only them to the socket (a `lookup` of its own on the connection), so a DNS
 * answer that changes between check and connect (DNS rebinding) cannot steer it elsewhere. It never
 * follows a redirect without checking the next hop the same way. `guard.check` is the early answer
 * for forms (and the HttpClient's `urlGuard` on every request and redirect hop); the connection
 * itself is always made by `guard.fetch`.
 *
 * A refusal is an OutboundRefusedError (one code, `outbound_refused`); its detail (which address, why)
 * is for the server log. What the user sees must not tell a refused address, a closed port and a
 * service that answered something unexpected apart (see the callers' error mapping).
 */

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'unique_local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

function v4Class(a: number, b: number, c: number): AddressClass {
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'shared';
  if (a === 169 && b === 254) return 'link_local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  // IETF protocol assignments, documentation (TEST-NET-1/2/3), 6to4 relay anycast, benchmarking.
  if ((a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 192 && b === 88 && c === 99) || (a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return 'reserved';
  }
  return 'public';
}

function parseV4(s: string): [number, number, number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const o = m.slice(1).map(Number) as [number, number, number, number];
  return o.every((n) => n <= 255) ? o : null;
}

/** An IPv6 address in any textual form (`::`, embedded dotted IPv4, leading zeros, zone id) as 8 groups; null when it is not one. */
export function parseIPv6(input: string): number[] | null {
  let s = input.trim().toLowerCase().replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  if (s.slice(lastColon + 1).includes('.')) {
    // The dotted quad at the end stands for the last two groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const parse = (g: string) => (/^[0-9a-f]{1,4}$/.test(g) ? Number.parseInt(g, 16) : Number.NaN);
  const head = groups(halves[0]!).map(parse);
  const rest = halves.length === 2 ? groups(halves[1]!).map(parse) : [];
  if ([...head, ...rest].some(Number.isNaN)) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (head.length + rest.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

/** What kind of address this is. Anything unreadable counts as `reserved` (refused). */
export function classifyAddress(ip: string): AddressClass {
  const v4 = parseV4(ip.trim());
  if (v4) return v4Class(v4[0], v4[1], v4[2]);
  const h = parseIPv6(ip);
  if (!h) return 'reserved';
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  const embedded = (hi: number, lo: number) => v4Class(hi >> 8, hi & 0xff, lo >> 8);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && h[7] === 1) return 'loopback';
  if (zeros(0, 5) && h[5] === 0xffff) return embedded(h[6]!, h[7]!); // IPv4-mapped ::ffff:a.b.c.d
  if (zeros(0, 6)) return embedded(h[6]!, h[7]!); // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
  if (zeros(0, 4) && h[4] === 0xffff && h[5] === 0) return embedded(h[6]!, h[7]!); // SIIT ::ffff:0:a.b.c.d
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return embedded(h[6]!, h[7]!); // NAT64 64:ff9b::/96
  if (h[0] === 0x64 && h[1] === 0xff9b && h[2] === 1) return 'reserved'; // local-use NAT64 64:ff9b:1::/48
  if (h[0] === 0x2002) return embedded(h[1]!, h[2]!); // 6to4 2002:AABB:CCDD::/48
  if (h[0] === 0x2001 && h[1] === 0) return 'reserved'; // Teredo: the IPv4 inside is obfuscated; refused outright
  if (h[0] === 0x2001 && h[1] === 0xdb8) return 'reserved'; // documentation
  if ((h[0]! & 0xfe00) === 0xfc00) return 'unique_local';
  if ((h[0]! & 0xffc0) === 0xfe80) return 'link_local';
  if ((h[0]! & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((h[0]! & 0xff00) === 0xff00) return 'multicast';
  if ((h[0]! & 0xe000) !== 0x2000) return 'reserved'; // only 2000::/3 is global unicast
  return 'public';
}

export function isPrivateAddress(ip: string): boolean {
  return classifyAddress(ip) !== 'public';
}

/**
 * A host name as the guard compares it: lower case, without the trailing dot(s) of a fully qualified name
 * (`LocalHost.` and `localhost` are one host; so are `dav.example.` and `dav.example` in the allow-list).
 */
export function canonicalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}

/**
 * `localhost` and every name under `.localhost` are loopback by definition (RFC 6761 §6.3): refused without
 * asking DNS, so `localhost.` or `x.localhost` meet the same refusal as `localhost` whatever the resolver does.
 */
export function isLocalhostName(hostname: string): boolean {
  const h = canonicalHost(hostname);
  return h === 'localhost' || h.endsWith('.localhost');
}

/** The guard refused a URL. The message is for logs; users get a translated code, never this text. */
export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  readonly code = 'outbound_refused';
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`Outbound request to ${host} refused: ${reason}`);
  }
}

export interface OutboundPolicy {
  /** Off: every URL may be fetched (development, tests, the demo — their servers run on 127.0.0.1). */
  enabled: boolean;
  /** Hosts allowed even on a private address: `dav.intern.example`, `10.1.2.3`, `[fd00::1]`, or with a port `127.0.0.1:8090`. */
  allowHosts?: readonly string[];
}

export type ResolvedAddress = { address: string; family: number };
/** DNS seam: all addresses of a name (tests pass a fake; nothing is ever sent to what it returns unless it is loopback). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundGuard {
  readonly enabled: boolean;
  /** Resolves and checks the URL; throws OutboundRefusedError. A name that does not resolve passes (the request fails as unreachable). */
  check(url: URL | string): Promise<void>;
  /** fetch that connects only to addresses it checked itself and checks every redirect hop (followed by hand unless `redirect: 'manual'`). */
  fetch: typeof fetch;
}

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

export function createOutboundGuard(policy: OutboundPolicy, deps: { resolve?: Resolve } = {}): OutboundGuard {
  const resolve = deps.resolve ?? systemResolve;
  const allow = new Set((policy.allowHosts ?? []).map((h) => canonicalHost(h.trim())).filter(Boolean));
  const allowed = (url: URL) => allow.has(canonicalHost(url.hostname)) || allow.has(`${canonicalHost(url.hostname)}:${defaultPort(url)}`);
  const bare = (hostname: string) => canonicalHost(hostname).replace(/^\[|\]$/g, '');

  function refusedAmong(host: string, addresses: readonly ResolvedAddress[]): OutboundRefusedError | null {
    if (addresses.length === 0) return new OutboundRefusedError(host, 'no address');
    for (const a of addresses) {
      const kind = classifyAddress(a.address);
      if (kind !== 'public') return new OutboundRefusedError(host, `${a.address} is ${kind}`);
    }
    return null;
  }

  async function check(target: URL | string): Promise<void> {
    if (!policy.enabled) return;
    const url = typeof target === 'string' ? new URL(target) : target;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError(url.host, `scheme ${url.protocol}`);
    if (allowed(url)) return;
    const host = bare(url.hostname);
    if (isLocalhostName(host)) throw new OutboundRefusedError(host, 'a localhost name is loopback');
    if (isIP(host)) {
      const refused = refusedAmong(host, [{ address: host, family: isIP(host) }]);
      if (refused) throw refused;
      return;
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await resolve(host);
    } catch {
      return; // Unresolvable: the request itself fails as unreachable, like any other dead host.
    }
    const refused = refusedAmong(host, addresses);
    if (refused) throw refused;
  }

  if (!policy.enabled) return { enabled: false, check, fetch: (input, init) => fetch(input, init) };

  const agents = { 'http:': new http.Agent({ keepAlive: true, timeout: 5_000 }), 'https:': new https.Agent({ keepAlive: true, timeout: 5_000 }) };

  /** The socket's DNS: one resolution, checked, and only those addresses handed to connect. */
  const pinnedLookup = (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = refusedAmong(hostname, addresses);
        if (refused) return callback(refused);
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: unknown) => callback(err),
    );
  };

  function once(url: URL, method: string, headers: Record<string, string>, body: Uint8Array | undefined, signal: AbortSignal | undefined): Promise<Response> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new OutboundRefusedError(url.host, `scheme ${url.protocol}`));
    const pass = allowed(url);
    const host = bare(url.hostname);
    if (!pass && isLocalhostName(host)) return Promise.reject(new OutboundRefusedError(host, 'a localhost name is loopback'));
    if (!pass && isIP(host)) {
      // A literal address is never looked up by the socket: judged here.
      const refused = refusedAmong(host, [{ address: host, family: isIP(host) }]);
      if (refused) return Promise.reject(refused);
    }
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolvePromise, reject) => {
      const fail = (err: unknown) => reject(err instanceof OutboundRefusedError || (err as { name?: string })?.name === 'AbortError' ? err : new TypeError('fetch failed', { cause: err }));
      const req = lib.request(
        url,
        {
          method,
          headers: body ? { ...headers, 'content-length': String(body.byteLength) } : headers,
          agent: agents[url.protocol as 'http:' | 'https:'],
          ...(pass ? {} : { lookup: pinnedLookup as never }),
          ...(signal ? { signal } : {}),
        },
        (res) => {
          try {
            const status = res.statusCode ?? 0;
            const h = new Headers();
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
              try {
                h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
              } catch {
                /* a header fetch would refuse is dropped */
              }
            }
            const nullBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
            if (nullBody) {
              res.resume();
              return resolvePromise(new Response(null, { status, statusText: res.statusMessage ?? '', headers: h }));
            }
            const encoding = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
            const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
            const stream: Readable = decoder ? pipeline(res, decoder, () => {}) : res;
            resolvePromise(new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, statusText: res.statusMessage ?? '', headers: h }));
          } catch (err) {
            res.destroy();
            fail(err);
          }
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }

  const guardedFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('The guarded fetch takes a URL');
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let headers: Record<string, string> = Object.fromEntries(new Headers(init.headers));
    let body = toBytes(init.body);
    const signal = init.signal ?? undefined;
    for (let hop = 0; ; hop++) {
      const res = await once(url, method, headers, body, signal);
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location || init.redirect === 'manual') return res;
      await res.body?.cancel().catch(() => {});
      if (init.redirect === 'error' || hop >= 5) throw new TypeError('fetch failed', { cause: new Error('redirect refused or too many redirects') });
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie', 'proxy-authorization'].includes(k)));
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'content-type'));
      }
      url = next;
    }
  };
  return { enabled: true, check, fetch: guardedFetch as typeof fetch };
}

function toBytes(body: RequestInit['body']): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('The guarded fetch sends string, URLSearchParams or byte bodies');
}

const shared = new Map<string, OutboundGuard>();

/** The installation's guard from its configuration (config.outboundGuard, config.privateHosts); one per setting, so keep-alive sockets are shared. */
export function outboundGuardFor(config: { outboundGuard: boolean; privateHosts: readonly string[] }): OutboundGuard {
  const key = `${config.outboundGuard}|${[...config.privateHosts].sort().join(',')}`;
  let guard = shared.get(key);
  if (!guard) shared.set(key, (guard = createOutboundGuard({ enabled: config.outboundGuard, allowHosts: config.privateHosts })));
  return guard;
}

/** The guard switched off (tests and tools that build connectors without an installation). */
export const OPEN_GUARD: OutboundGuard = createOutboundGuard({ enabled: false });

/** HttpClient options that put a client behind the guard: every request and redirect hop checked, connections made by `guard.fetch`. */
export function guardedTransport(guard: OutboundGuard | undefined, fetchOverride?: typeof fetch): { urlGuard?: (url: URL) => Promise<void>; fetch?: typeof fetch } {
  if (!guard?.enabled) return fetchOverride ? { fetch: fetchOverride } : {};
  return { urlGuard: (url) => guard.check(url), fetch: fetchOverride ?? guard.fetch };
}
