import type { OutboundGuard } from '../../connectors/kit/outbound-guard.ts';
import type { OutboundSink } from '../../connectors/kit/sink.ts';
import { AppError } from '../../domain/errors.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import type { IntegrationRow } from '../engine/ports.ts';
import { integrationTokenStore } from '../integration-token-store.ts';
import { accountScopeIds, sinkFactoryFor } from '../registry.ts';

export interface SinkDeps {
  db: Database;
  box: SecretBox;
  log?: Logger;
  urlGuard?: OutboundGuard;
  /** Test and benchmark knobs for the vendor client (like the sync's connectorTuning). */
  connectorTuning?: Record<string, unknown>;
}

/**
 * An export kind's sink for one integration, built the way the sync builds its connector: the stored
 * credentials decrypted, the integration's token store, the outbound guard and the logger (issue 9).
 * Vendor-neutral: the registry line's `sinks` say which kinds a vendor takes.
 */
export function sinkForIntegration<Payload = unknown>(deps: SinkDeps, integration: IntegrationRow, kind: string, options: { unprotectedMode?: boolean } = {}): OutboundSink<Payload> {
  const factory = sinkFactoryFor(integration.vendor, kind);
  if (!factory) throw new AppError('invalid_state', { reason: 'export_not_supported' });
  const credentials = JSON.parse(deps.box.decrypt(integration.credentials_encrypted)) as Record<string, string>;
  const accountScope = accountScopeIds(integration.account_scope);
  const log = deps.log ?? silentLogger;
  return factory({
    log: log.child({ integrationId: integration.id, export: kind }),
    tokenStore: integrationTokenStore(deps.db, deps.box, integration.tenant_id, integration.id),
    ...(accountScope ? { accountScope } : {}),
    baseUrl: integration.base_url,
    credentials,
    ...(deps.connectorTuning ? { tuning: deps.connectorTuning } : {}),
    ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
    // Local date-times without offset (Personio): reading back a range of local days in UTC keeps them as they are.
    timeZone: 'UTC',
    ...options,
  }) as OutboundSink<Payload>;
}
