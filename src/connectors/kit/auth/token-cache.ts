import type { RequestAuth } from './request-auth.ts';

/**
 * A bearer token that some issuer hands out (client credentials, a vendor's `/auth`), cached for
 * its lifetime, and the RequestAuth that sends it.
 */

export interface TokenProvider {
  getToken(): Promise<string>;
  /** The vendor rejected `token`: forget it (only if it is still the current one — a parallel call may have refreshed already). */
  invalidate(token: string): void;
  /** The vendor handed a (possibly new) token back on a response. */
  adopt?(token: string): void;
}

export interface IssuedToken {
  token: string;
  expiresInSeconds?: number;
}

export interface CachedTokenProviderOptions {
  now?: () => number;
  /**
   * Refresh this long before the stated expiry, so a token never dies mid-listing. Default 60 s, but
   * never more than a tenth of the token's lifetime: a vendor handing out 20-second tokens would
   * otherwise get a fresh token requested before every call (the token always looks "about to expire").
   */
  refreshMarginMs?: number;
  /** Lifetime assumed when the vendor states none. Default 1 h. */
  defaultTtlMs?: number;
}

/**
 * Caches one token and shares a single in-flight refresh between concurrent callers: vendors rate
 * limit their auth endpoints hard (Personio: 60/min then a 60 s cool-down), so authenticating per
 * request — or once per parallel request after an expiry — is the classic way to lock yourself out.
 */
export class CachedTokenProvider implements TokenProvider {
  private current: { token: string; expiresAt: number; lifetimeMs: number } | null = null;
  private pending: Promise<string> | null = null;
  private ttlMs: number;
  private readonly now: () => number;
  private readonly marginMs: number;
  /** Tokens obtained from the issuer. */
  issued = 0;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    opts: CachedTokenProviderOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.marginMs = opts.refreshMarginMs ?? 60_000;
    this.ttlMs = opts.defaultTtlMs ?? 3_600_000;
  }

  /**
   * The issuer handed back the token it had already given (Personio: "same credentials → same token
   * within the window"), with what is left of its life: refreshing before the expiry only buys the same
   * token again, so from then on a token is used up to its stated expiry (a refusal still renews it).
   */
  private stableTokens = false;

  getToken(): Promise<string> {
    const c = this.current;
    const margin = this.stableTokens ? 0 : Math.min(this.marginMs, c ? c.lifetimeMs / 10 : 0);
    if (c && this.now() < c.expiresAt - margin) return Promise.resolve(c.token);
    if (!this.pending) {
      const before = c?.token ?? this.lastToken;
      this.pending = this.issue()
        .then((t) => {
          const stated = t.expiresInSeconds !== undefined && t.expiresInSeconds > 0 ? t.expiresInSeconds * 1000 : null;
          if (t.token === before) {
            // The same token: its stated expiry is what is left of it, not a new lifetime.
            this.stableTokens = true;
            this.current = { token: t.token, expiresAt: this.now() + (stated ?? this.ttlMs), lifetimeMs: Math.max(this.ttlMs, stated ?? 0) };
          } else {
            if (stated !== null) this.ttlMs = stated;
            this.current = { token: t.token, expiresAt: this.now() + this.ttlMs, lifetimeMs: this.ttlMs };
          }
          this.lastToken = t.token;
          this.issued++;
          return t.token;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  /** The last token issued or adopted, kept after an expiry or a refusal to recognise a stable issuer. */
  private lastToken: string | null = null;

  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  adopt(token: string): void {
    // A rotated token starts a fresh lifetime; the same token keeps its expiry.
    if (this.current?.token !== token) {
      this.current = { token, expiresAt: this.now() + this.ttlMs, lifetimeMs: this.ttlMs };
      this.lastToken = token;
    }
  }

  clear(): void {
    this.current = null;
  }
}

/**
 * `Authorization: Bearer <token>` from a TokenProvider. A rejected token is invalidated and the
 * request retried with a fresh one (the transport caps how often per request).
 */
export function bearerAuth(tokens: TokenProvider, tokenFromResponse?: (headers: Headers) => string | null): RequestAuth {
  return {
    async apply(headers) {
      const token = await tokens.getToken();
      headers.authorization = `Bearer ${token}`;
      return token;
    },
    rejected(sent) {
      tokens.invalidate(sent as string);
      return true;
    },
    accepted(headers) {
      const fresh = tokenFromResponse?.(headers);
      if (fresh && tokens.adopt) tokens.adopt(fresh);
    },
  };
}
