import { redactBsns } from '../../domain/bsn.ts';
import { AppError } from '../../domain/errors.ts';
import { HttpError } from '../../connectors/kit/http-client.ts';

/** Thrown from a hook to simulate the process dying: the engine lets it through without recording anything. */
export class SyncKilled extends Error {
  override readonly name = 'SyncKilled';
}

/** A per-employee failure the engine foresees, with the stable `field:code` the run log and UI carry. */
export class SyncRowError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'SyncRowError';
  }
}

/**
 * The vendor refused the credentials or the token themselves, so only the user can fix it (new
 * credentials, connect again): a 401 that survived the token refreshes, a refused client
 * (invalid_client, the token endpoint's 401), or a refresh grant that is gone (`reconnect_needed`,
 * the kit's ReconnectNeededError — recognised by its stable code, not its class). A 403 is not one
 * of them: the credentials work but lack a right.
 */
export function isCredentialFailure(err: unknown): boolean {
  if (err instanceof HttpError) return err.code === 'unauthorized';
  return (err as { code?: unknown } | null)?.code === 'reconnect_needed';
}

/**
 * A per-employee failure as messages for the run log: a stable `field:code` the UI translates,
 * and for the unforeseen the (BSN-redacted) technical text after it.
 */
export function rowFailureMessages(err: unknown): string[] {
  if (err instanceof SyncRowError) return [err.code];
  if (err instanceof AppError) return [`row:${err.code}`];
  if ((err as { code?: unknown })?.code === '23505') return ['row:duplicate'];
  return ['row:failed', redactBsns(err instanceof Error ? err.message : String(err)).slice(0, 500)];
}

/**
 * Why a run failed, as the stable code kept in `integrations.health_detail` and at the start of
 * `sync_runs.error` (`code: detail`); the UI translates it (`integrations.runErrors.*`).
 */
export function runFailureCode(err: unknown): string {
  if (isCredentialFailure(err)) return 'reconnect_needed';
  if (err instanceof HttpError) {
    if (err.code === 'rate_limited') return 'vendor_rate_limited';
    if (err.code === 'timeout' || err.code === 'network') return 'vendor_unreachable';
    if (err.code === 'server_error') return 'vendor_error';
    if (err.code === 'invalid_response') return 'vendor_invalid_response';
    return 'vendor_refused';
  }
  if (err instanceof AppError) return err.code;
  return 'unexpected';
}
