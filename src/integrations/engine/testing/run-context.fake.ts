import { silentLogger } from '../../../platform/log/logger.ts';
import type { IntegrationRow, SyncRunRow } from '../ports.ts';
import type { RunContext, SyncPhase } from '../run-context.ts';
import { emptyCounts, parseSettings } from '../sync.types.ts';

export const TENANT = '00000000-0000-4000-8000-000000000001';
export const INTEGRATION = '00000000-0000-4000-8000-0000000000a1';

/** A RunContext without a database: the steps it reports are kept in `steps`. */
export function fakeRunContext(runId: string, over: { onStep?: (phase: SyncPhase, done: number, total: number) => void } = {}) {
  const steps: [SyncPhase, number, number][] = [];
  const step = async (phase: SyncPhase, done: number, total: number) => {
    steps.push([phase, done, total]);
    over.onStep?.(phase, done, total);
  };
  const ctx: RunContext = {
    run: { id: runId, tenant_id: TENANT, integration_id: INTEGRATION, mode: 'apply' } as SyncRunRow,
    integration: { id: INTEGRATION, tenant_id: TENANT, vendor: 'personio', name: 'Test', health: 'healthy' } as IntegrationRow,
    settings: parseSettings({}),
    actor: { tenantId: TENANT, type: 'sync', id: INTEGRATION, name: 'Personio: Test', role: 'owner', timeZone: 'Europe/Amsterdam' },
    log: silentLogger,
    counts: emptyCounts(),
    warnings: [],
    errors: [],
    items: [],
    itemsDropped: 0,
    mailAdded: [],
    mailUpdated: [],
    step,
    progress: (phase, done, total) => step(phase, done, total),
  };
  return { ctx, steps };
}
