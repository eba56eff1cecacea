import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Guard for URLs a user types in and Koppel then fetches from its own network (a CalDAV server, say):
 * with `privateHosts: 'deny'` a host that resolves to a loopback, private, link-local (cloud metadata),
 * CGNAT, unique-local or unspecified address is refused, so the connect form cannot be used to probe
 * the installation's internal network. Development, tests and the demo talk to local servers, so the
 * default (config) is `deny` only in production.
 */
export type PrivateHostPolicy = 'allow' | 'deny';

export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return (
      a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff');
}

/** Resolves the URL's host; returns the offending address when the policy refuses it, else null. */
export async function refusedAddress(url: string, policy: PrivateHostPolicy, resolve: typeof lookup = lookup): Promise<string | null> {
  if (policy === 'allow') return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host }] : await resolve(host, { all: true, verbatim: true }).catch(() => []);
  return addresses.find((a) => isPrivateAddress(a.address))?.address ?? null;
}
