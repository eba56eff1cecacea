/**
 * How the transport (http-client.ts) authenticates a request: a small object it asks to decorate
 * every attempt and tells about a rejection. Kept apart from the transport so an auth scheme is a
 * file of its own (client credentials, OAuth2 + PKCE with rotating refresh tokens, API-key header,
 * HTTP basic) and schemes combine (Nmbrs: subscription key header + OAuth2 bearer).
 */
export interface RequestAuth {
  /**
   * Adds credentials to the headers of one attempt. Returns what was sent (an opaque value the
   * transport hands back to `rejected`), so a parallel refresh is not undone by a late rejection.
   */
  apply(headers: Record<string, string>): Promise<unknown>;
  /**
   * The vendor refused what `apply` sent (401, or the client's `isTokenRejected`). `true`: fresh
   * credentials may help, the transport retries; `false` (or no method): the request fails as
   * `unauthorized`. May throw (e.g. `reconnect_needed` when the refresh grant is gone).
   */
  rejected?(sent: unknown): boolean | Promise<boolean>;
  /** Every accepted response: a vendor that hands a new token back in a header (Personio v1). */
  accepted?(headers: Headers): void;
}

/** Several schemes on one request, e.g. an API-key header next to an OAuth2 bearer token. */
export function combineAuth(...parts: RequestAuth[]): RequestAuth {
  return {
    async apply(headers) {
      const sent: unknown[] = [];
      for (const p of parts) sent.push(await p.apply(headers));
      return sent;
    },
    async rejected(sent) {
      const all = sent as unknown[];
      let retry = false;
      // Every part hears about it (each may drop its cached credential); one that can refresh is enough to retry.
      for (const [i, p] of parts.entries()) if (p.rejected && (await p.rejected(all[i]))) retry = true;
      return retry;
    },
    accepted(headers) {
      for (const p of parts) p.accepted?.(headers);
    },
  };
}
