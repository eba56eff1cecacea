import { randomBytes } from 'node:crypto';

/**
 * Bearer tokens as Personio hands them out (reference §1):
 * - `POST /v1/auth` returns a `papi-…` token that is STABLE for its lifetime (24 h): the same
 *   credentials get the same token back, and it may be used in parallel;
 * - data responses echo the token in a lowercase `authorization: Bearer …` header;
 * - optionally (`rotateTokens`), the historic behaviour: every call burns the token and the
 *   header carries the next one, which breaks clients that ignore the header or call in parallel.
 */

export interface TokenRecord {
  value: string;
  kind: 'v1' | 'v2';
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  /** Rotated away, revoked, or expired by a fault: answers like an expired token. */
  burned: boolean;
}

export type TokenCheck =
  | { ok: true; token: TokenRecord }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

export interface TokenStoreOptions {
  clientId: string;
  clientSecret: string;
  ttlMs: number;
  clock: () => number;
  rotateTokens: boolean;
  /** Tokens are refused (401) this long after they were issued, whatever lifetime was stated (a server that ends tokens early). */
  refuseAfterMs?: number;
  /** false: every `/auth` call mints a new token (default true: the same token within its lifetime, §1). */
  stable?: boolean;
}

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly current = new Map<string, TokenRecord>();
  private readonly opts: TokenStoreOptions;

  constructor(opts: TokenStoreOptions) {
    this.opts = opts;
  }

  get ttlSeconds(): number {
    return Math.round(this.opts.ttlMs / 1000);
  }

  credentialsMatch(clientId: unknown, clientSecret: unknown): boolean {
    return clientId === this.opts.clientId && clientSecret === this.opts.clientSecret;
  }

  private usable(t: TokenRecord | undefined): t is TokenRecord {
    const now = this.opts.clock();
    return !!t && !t.burned && now < t.expiresAt && (this.opts.refuseAfterMs === undefined || now < t.issuedAt + this.opts.refuseAfterMs);
  }

  private mint(kind: 'v1' | 'v2'): TokenRecord {
    const now = this.opts.clock();
    const token: TokenRecord = {
      value: `papi-${randomBytes(24).toString('base64url')}`,
      kind,
      clientId: this.opts.clientId,
      issuedAt: now,
      expiresAt: now + this.opts.ttlMs,
      burned: false,
    };
    this.tokens.set(token.value, token);
    this.current.set(kind, token);
    return token;
  }

  /** The credentials' current token if still good (stable within its lifetime), else a new one. */
  issue(kind: 'v1' | 'v2'): TokenRecord {
    const existing = this.current.get(kind);
    return this.opts.stable !== false && this.usable(existing) ? existing : this.mint(kind);
  }

  check(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return { ok: false, reason: 'invalid' };
    const token = this.tokens.get(m[1]!);
    if (!token) return { ok: false, reason: 'invalid' };
    if (!this.usable(token)) return { ok: false, reason: 'expired' };
    return { ok: true, token };
  }

  /** The token to put in the response header after a successful call. */
  afterUse(token: TokenRecord): TokenRecord {
    if (!this.opts.rotateTokens) return token;
    token.burned = true;
    return this.mint(token.kind);
  }

  expire(token: TokenRecord): void {
    token.burned = true;
  }

  expireAll(): void {
    for (const t of this.tokens.values()) t.burned = true;
  }

  revoke(value: string): boolean {
    const t = this.tokens.get(value);
    if (!t) return false;
    t.burned = true;
    return true;
  }

  /** Tokens handed out so far (a client that authenticates per request shows up here). */
  get issuedCount(): number {
    return this.tokens.size;
  }
}
