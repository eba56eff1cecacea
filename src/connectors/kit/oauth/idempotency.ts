/**
 * For vendors without an idempotency key (Zoom, GoTo): what a requestId already created, kept
 * in-process and bounded. It covers a retry within the same Koppel process (a job re-run, a double
 * click); across restarts the caller's stored externalId is the record, and the providers fall back
 * to finding a write that may have landed.
 */
export class IdempotencyMemo<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly max = 5000) {}

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    // Map iterates in insertion order: the first key is the oldest.
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}
