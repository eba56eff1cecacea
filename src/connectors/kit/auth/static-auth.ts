import type { RequestAuth } from './request-auth.ts';

/**
 * Credentials that never change during a run: an API-key header (Nmbrs' `X-Subscription-Key`) and
 * HTTP basic (CalDAV). A rejection cannot be cured by asking again, so `rejected` says no: the
 * request fails as `unauthorized` and the caller reports "check the credentials".
 */

export function apiKeyAuth(header: string, key: string): RequestAuth {
  const name = header.toLowerCase();
  return {
    async apply(headers) {
      headers[name] = key;
      return undefined;
    },
  };
}

/** RFC 7617; user and password as UTF-8. Never put them in the URL: userinfo ends up in logs. */
export function basicAuth(username: string, password: string): RequestAuth {
  const value = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return {
    async apply(headers) {
      headers.authorization = value;
      return undefined;
    },
  };
}
