import type { RequestAuth } from './request-auth.ts';
import { bearerAuth, CachedTokenProvider, type CachedTokenProviderOptions, type IssuedToken } from './token-cache.ts';

/**
 * Client-credentials style auth (OAuth2 `client_credentials`, or a vendor's own `POST /auth` with
 * id and secret, as Personio v1): the token is issued by `issue`, cached for its lifetime with one
 * shared in-flight refresh, sent as a bearer token, dropped when the vendor rejects it, and replaced
 * by a token the vendor hands back on a response (`tokenFromResponse`).
 */
export interface ClientCredentialsAuthOptions extends CachedTokenProviderOptions {
  issue: () => Promise<IssuedToken>;
  tokenFromResponse?: (headers: Headers) => string | null;
}

export class ClientCredentialsAuth implements RequestAuth {
  private readonly tokens: CachedTokenProvider;
  private readonly bearer: RequestAuth;

  constructor(opts: ClientCredentialsAuthOptions) {
    const { issue, tokenFromResponse, ...cache } = opts;
    this.tokens = new CachedTokenProvider(issue, cache);
    this.bearer = bearerAuth(this.tokens, tokenFromResponse);
  }

  /** Tokens obtained from the issuer so far. */
  get issued(): number {
    return this.tokens.issued;
  }

  /** Drops the cached token and authenticates now (a live credential check). */
  async authenticate(): Promise<void> {
    this.tokens.clear();
    await this.tokens.getToken();
  }

  apply(headers: Record<string, string>): Promise<unknown> {
    return this.bearer.apply(headers);
  }

  rejected(sent: unknown): boolean | Promise<boolean> {
    return this.bearer.rejected!(sent);
  }

  accepted(headers: Headers): void {
    this.bearer.accepted!(headers);
  }
}
