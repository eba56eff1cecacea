/**
 * Where an OAuth2 credential lives between requests and processes: the port the OAuth2 auth
 * (oauth2.ts) refreshes through. A vendor with rotating refresh tokens (Microsoft, Zoom) accepts each
 * refresh token once, so two refreshers that both saw the same token expire must not both use it:
 * the second would be refused (`invalid_grant`) and the connection wrongly marked "reconnect needed".
 * `withLock` therefore serialises refreshes across processes (a row lock for the DB-backed store,
 * src/recruiting/provider-registry.ts), and the refresher re-reads under the lock.
 */

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** What a refresher may do while it holds the lock. */
export interface TokenStoreTx<T extends OAuthTokens> {
  /** The stored tokens as they are now (another process may have rotated them since we looked). */
  load(): Promise<T>;
  /** Stores a new pair; visible to others once the lock is released. */
  save(tokens: T): Promise<void>;
  /** The grant is gone (invalid_grant): only the user can fix it by connecting again. */
  markReconnectNeeded(reason: string): Promise<void>;
}

export interface TokenStore<T extends OAuthTokens = OAuthTokens> {
  load(): Promise<T>;
  /**
   * Runs `fn` holding the credential's lock. Whatever `fn` saved or marked is committed when it
   * returns; if it throws, the store may roll back — so report failures as values, throw after.
   */
  withLock<R>(fn: (tx: TokenStoreTx<T>) => Promise<R>): Promise<R>;
}

/** A FIFO async mutex: callers run one at a time in arrival order. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  async run<R>(fn: () => Promise<R>): Promise<R> {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * A TokenStore in memory: for tests, and for a provider built from bare credentials (the
 * `onSave` hook then persists what was refreshed). Shared between clients it behaves like the DB
 * store shared between processes.
 */
export class MemoryTokenStore<T extends OAuthTokens> implements TokenStore<T> {
  private readonly mutex = new AsyncMutex();
  /** Set once a refresh found the grant gone. */
  reconnectNeeded: string | null = null;
  saves = 0;

  constructor(
    private tokens: T,
    private readonly onSave?: (tokens: T) => Promise<void>,
  ) {}

  get current(): T {
    return this.tokens;
  }

  async load(): Promise<T> {
    return this.tokens;
  }

  withLock<R>(fn: (tx: TokenStoreTx<T>) => Promise<R>): Promise<R> {
    return this.mutex.run(() =>
      fn({
        load: async () => this.tokens,
        save: async (tokens) => {
          // Persist first: a rotated refresh token that was used but not stored locks the account out.
          await this.onSave?.(tokens);
          this.tokens = tokens;
          this.saves++;
        },
        markReconnectNeeded: async (reason) => {
          this.reconnectNeeded = reason;
        },
      }),
    );
  }
}
