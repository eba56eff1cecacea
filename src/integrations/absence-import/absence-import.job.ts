import { z } from 'zod';
import { outboundGuardFor } from '../../connectors/kit/outbound-guard.ts';
import { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { defineJob } from '../../platform/jobs/job.ts';
import { jobQueue } from '../../platform/jobs/queue.ts';
import { parseSettings } from '../engine/sync.types.ts';
import { ABSENCE_IMPORT_JOB, absenceImportSingletonKey, createAbsenceImportService } from './absence-import.service.ts';

/**
 * One absence import run (F-22) for one integration: queued by "Import now" (UI, API) and, daily, right
 * after the integration's scheduled employee sync (so people linked tonight count tonight). The run
 * records its own outcome (absence_import_runs); a vendor failure is a failed run, not a job retry.
 */
export const absenceImportJob = defineJob({
  name: ABSENCE_IMPORT_JOB,
  leaseMs: 10 * 60_000,
  payload: z.object({
    tenantId: z.string().uuid(),
    integrationId: z.string().uuid(),
    trigger: z.enum(['manual', 'schedule', 'cli', 'api']).default('schedule'),
    requestedBy: z.string().max(200).optional(),
  }),
  async handler(ctx, p) {
    const service = createAbsenceImportService({ db: ctx.db, box: new SecretBox(ctx.config.secret), log: ctx.log, urlGuard: outboundGuardFor(ctx.config) });
    const run = await service.run(p.tenantId, p.integrationId, p.trigger, p.requestedBy ?? 'system');
    return { runId: run.id, status: run.status, counts: run.counts, error: run.error };
  },
});

/** After the nightly employee sync: queue the absence import when the integration has it on. */
export async function queueAbsenceImportAfterSync(db: Database, tenantId: string, integrationId: string): Promise<boolean> {
  const row = await db.selectFrom('integrations').select(['active', 'settings']).where('tenant_id', '=', tenantId).where('id', '=', integrationId).executeTakeFirst();
  if (!row?.active || !parseSettings(row.settings).timeExchange.absences) return false;
  await jobQueue.enqueue(db, ABSENCE_IMPORT_JOB, { tenantId, integrationId, trigger: 'schedule' }, { tenantId, singletonKey: absenceImportSingletonKey(tenantId, integrationId), maxAttempts: 2 });
  return true;
}
