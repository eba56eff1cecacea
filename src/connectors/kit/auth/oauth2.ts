import { createHash, randomBytes } from 'node:crypto';
import { buildAuthorizeUrl, exchangeCode, type AuthorizeUrlInput, type ExchangeCodeInput, type TokenSet } from '../oauth/oauth.ts';
import type { RequestAuth } from './request-auth.ts';
import type { OAuthTokens, TokenStore } from './token-store.ts';

/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636, S256) and refresh through a TokenStore.
 *
 * Refreshing a rotating refresh token is a read-modify-write on shared state: under the store's lock
 * the refresher re-reads the stored pair and refreshes only if it is still the one it saw expire (or
 * be rejected); otherwise another process rotated it already and its access token is used. The new
 * pair is stored before the lock is released and before it is used. A refused refresh
 * (`invalid_grant`) marks the credential "reconnect needed" in the store and throws.
 */

// ── PKCE ─────────────────────────────────────────────────────────────────────

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** 32 random bytes, base64url: 43 characters from the RFC 7636 §4.1 alphabet. */
export function createPkceVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** S256: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  if (!VERIFIER.test(verifier)) throw new RangeError('A PKCE code verifier is 43–128 characters of [A-Za-z0-9-._~]');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The authorize URL with `code_challenge` + `code_challenge_method=S256`; keep the verifier (server side, with the state) for the exchange. */
export function buildPkceAuthorizeUrl(input: AuthorizeUrlInput & { codeVerifier: string }): string {
  const { codeVerifier, ...rest } = input;
  return buildAuthorizeUrl({ ...rest, extraParams: { ...rest.extraParams, code_challenge: pkceChallenge(codeVerifier), code_challenge_method: 'S256' } });
}

/** The code exchange with the verifier that belongs to the authorize request. */
export function exchangeCodeWithPkce(input: ExchangeCodeInput & { codeVerifier: string }): Promise<TokenSet> {
  pkceChallenge(input.codeVerifier);
  return exchangeCode(input);
}

// ── the auth ─────────────────────────────────────────────────────────────────

export class ReconnectNeededError extends Error {
  override readonly name = 'ReconnectNeededError';
  readonly code = 'reconnect_needed';
}

export interface OAuth2AuthOptions<T extends OAuthTokens> {
  store: TokenStore<T>;
  /** Calls the token endpoint with `current.refreshToken`. A rotating vendor answers with a new refresh token. */
  refresh: (current: T) => Promise<OAuthTokens>;
  /** The tokens as last read (saves a first load). */
  initial?: T;
  /** Whether a refresh failure means the grant is gone. Default: an error with code `reconnect_needed` or `invalid_grant`. */
  isGrantGone?: (err: unknown) => boolean;
  now?: () => number;
  /** Refresh this long before expiry. Default 120 s. */
  refreshMarginMs?: number;
}

type RenewOutcome = { ok: true; token: string } | { ok: false; error: unknown };

const defaultGrantGone = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'reconnect_needed' || code === 'invalid_grant';
};

export class OAuth2Auth<T extends OAuthTokens> implements RequestAuth {
  private current: T | undefined;
  private rejectedToken: string | null = null;
  private pending: Promise<string> | null = null;
  /** Refreshes this instance made at the vendor. */
  refreshes = 0;

  constructor(private readonly opts: OAuth2AuthOptions<T>) {
    this.current = opts.initial;
  }

  /** The tokens in use (after a refresh: the new ones). */
  get credentials(): T | undefined {
    return this.current;
  }

  private usable(t: T): boolean {
    const margin = this.opts.refreshMarginMs ?? 120_000;
    return !!t.accessToken && t.accessToken !== this.rejectedToken && (this.opts.now ?? Date.now)() < t.expiresAt - margin;
  }

  async getToken(): Promise<string> {
    this.current ??= await this.opts.store.load();
    if (this.usable(this.current)) return this.current.accessToken;
    const seen = this.current;
    this.pending ??= this.renew(seen).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async renew(seen: T): Promise<string> {
    const outcome = await this.opts.store.withLock(async (tx): Promise<RenewOutcome> => {
      const stored = await tx.load();
      const same = stored.accessToken === seen.accessToken && stored.refreshToken === seen.refreshToken;
      // Rotated by someone else while we waited for the lock: theirs is good, and our refresh token is spent.
      if (!same && this.usable(stored)) {
        this.current = stored;
        return { ok: true, token: stored.accessToken };
      }
      let next: OAuthTokens;
      try {
        next = await this.opts.refresh(stored);
      } catch (error) {
        if ((this.opts.isGrantGone ?? defaultGrantGone)(error)) await tx.markReconnectNeeded(error instanceof Error ? error.message : 'refresh refused');
        // Reported after the lock: a store may roll back what a throwing callback did.
        return { ok: false, error };
      }
      const merged = { ...stored, accessToken: next.accessToken, refreshToken: next.refreshToken, expiresAt: next.expiresAt } as T;
      await tx.save(merged);
      this.current = merged;
      this.rejectedToken = null;
      this.refreshes++;
      return { ok: true, token: merged.accessToken };
    });
    if (outcome.ok) return outcome.token;
    const { error } = outcome;
    if ((this.opts.isGrantGone ?? defaultGrantGone)(error) && (error as { code?: unknown }).code !== 'reconnect_needed') {
      throw new ReconnectNeededError(error instanceof Error ? error.message : 'The authorization was revoked: connect again', { cause: error });
    }
    throw error;
  }

  async apply(headers: Record<string, string>): Promise<unknown> {
    const token = await this.getToken();
    headers.authorization = `Bearer ${token}`;
    return token;
  }

  rejected(sent: unknown): boolean {
    if (this.current?.accessToken === sent) this.rejectedToken = sent as string;
    return true;
  }
}
