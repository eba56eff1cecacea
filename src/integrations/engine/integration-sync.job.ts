import { tenantTimeZone } from '../../platform/identity/tenants.service.ts';
import { z } from 'zod';
import { todayIn } from '../../domain/dates.ts';
import { SecretBox } from '../../platform/crypto.ts';
import { INTEGRATION_SYNC_JOB } from './sync-keys.ts';
import { applyConcurrencyFor, createSyncEngine } from './sync.service.ts';
import { outboundGuardFor } from '../../connectors/kit/outbound-guard.ts';
import { parseSettings } from './sync.types.ts';
import { defineJob } from '../../platform/jobs/job.ts';
import { queueAbsenceImportAfterSync } from '../absence-import/absence-import.job.ts';

/**
 * One integration's sync (F-14). Enqueued with the singleton key `${tenantId}:${integrationId}:sync`
 * by "sync now", apply and undo (payload with the run they created), and by the nightly schedule
 * (payload without a run: the handler creates one, or leaves it when the integration already has
 * one queued or running). Idempotent: a finished run is not run again; a run whose worker died is
 * planned and applied again from the start, which converges (see ./sync.service.ts).
 */
export const integrationSyncJob = defineJob({
  name: INTEGRATION_SYNC_JOB,
  leaseMs: 5 * 60_000,
  payload: z.object({
    tenantId: z.string().uuid(),
    integrationId: z.string().uuid(),
    runId: z.string().uuid().optional(),
    trigger: z.enum(['manual', 'schedule', 'cli', 'api']).optional(),
  }),
  async handler(ctx, p) {
    const engine = createSyncEngine({ db: ctx.db, box: new SecretBox(ctx.config.secret), log: ctx.log, urlGuard: outboundGuardFor(ctx.config), applyConcurrency: applyConcurrencyFor(ctx.config) });
    let runId = p.runId;
    if (!runId) {
      const integration = await engine.loadIntegration(p.tenantId, p.integrationId).catch(() => null);
      if (!integration || !integration.active) return { skipped: 'inactive or removed' };
      const settings = parseSettings(integration.settings);
      if (settings.syncStartDate && settings.syncStartDate > todayIn(await tenantTimeZone(ctx.db, p.tenantId))) return { skipped: 'before the sync start date' };
      const { run, created } = await engine.createRun(integration, { mode: 'apply', trigger: p.trigger ?? 'schedule' });
      if (!created) return { skipped: 'a run is already queued or running', runId: run.id };
      runId = run.id;
    }
    await engine.setRunJob(p.tenantId, runId, ctx.jobId);
    const run = await engine.executeRun(p.tenantId, runId, {}, ctx.progress);
    // The nightly sync (no run in the payload) is followed by the absence import (F-22), when on.
    if (!p.runId) await queueAbsenceImportAfterSync(ctx.db, p.tenantId, p.integrationId);
    return { runId, status: run.status, mode: run.mode };
  },
});
