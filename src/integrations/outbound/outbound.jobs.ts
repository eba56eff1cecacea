import { sql } from 'kysely';
import { z } from 'zod';
import { todayIn } from '../../domain/dates.ts';
import { outboundGuardFor } from '../../connectors/kit/outbound-guard.ts';
import { SecretBox } from '../../platform/crypto.ts';
import { systemActorFor, tenantTimeZone } from '../../platform/identity/tenants.service.ts';
import { defineJob } from '../../platform/jobs/job.ts';
import { arm, CONTINUOUS_EVERY_MS, CONTINUOUS_JOB, RETRY_DUE_JOB, RETRY_EVERY_MS } from './outbound-job-names.ts';
import { sinkFactoryFor } from '../registry.ts';
import { createOutboundService } from './outbound.service.ts';
import { sinkForIntegration } from './outbound-sinks.ts';
import { CONTINUOUS_EXPORT_ACTOR, createPersonioAttendanceService } from './personio-attendance.service.ts';

/**
 * The outbound engine's background work (issue 9, F-21, F-26):
 * - `outbound.retry-due` with {tenantId, integrationId, kind}: sends again the journal items of that integration
 *   and kind whose back-off has passed (also what "retry" on the health page enqueues); with an empty payload it
 *   sweeps every integration that has due items, then arms itself again in RETRY_EVERY_MS.
 * - `outbound.attendance-continuous`: every hour, each integration whose settings.attendanceExport.continuous is on
 *   sends its approved hours from the start date on, the days that changed since its last run only.
 * Both chains are restarted by a daily system schedule (job-registry.ts), so a restart never loses them.
 */
export { CONTINUOUS_EVERY_MS, CONTINUOUS_JOB, RETRY_DUE_JOB, RETRY_EVERY_MS } from './outbound-job-names.ts';

export const outboundRetryDueJob = defineJob({
  name: RETRY_DUE_JOB,
  leaseMs: 10 * 60_000,
  payload: z.object({ tenantId: z.string().uuid().optional(), integrationId: z.string().uuid().optional(), kind: z.string().min(1).max(100).optional() }),
  async handler(ctx, p) {
    const deps = { db: ctx.db, box: new SecretBox(ctx.config.secret), log: ctx.log, urlGuard: outboundGuardFor(ctx.config) };
    const outbound = createOutboundService(ctx.db);
    const one = async (tenantId: string, integrationId: string, kind: string) => {
      const integration = await ctx.db.selectFrom('integrations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', integrationId).executeTakeFirst();
      if (!integration || !integration.active) return { integrationId, kind, skipped: 'inactive or removed' };
      if (!sinkFactoryFor(integration.vendor, kind)) return { integrationId, kind, skipped: 'no sink for this kind' };
      return { integrationId, kind, ...(await outbound.retryDue(tenantId, integrationId, kind, sinkForIntegration(deps, integration, kind))) };
    };
    if (p.tenantId && p.integrationId && p.kind) return one(p.tenantId, p.integrationId, p.kind);
    // The sweep: every integration and kind with an item whose back-off has passed.
    const due = await ctx.db
      .selectFrom('outbound_items')
      .select(['tenant_id', 'integration_id', 'kind'])
      .distinct()
      .where('status', 'in', ['retrying', 'removing'])
      .where('next_attempt_at', '<=', new Date())
      .execute();
    const results = [];
    for (const d of due) {
      try {
        results.push(await one(d.tenant_id, d.integration_id, d.kind));
      } catch (err) {
        ctx.log.warn({ err, integrationId: d.integration_id, kind: d.kind }, 'outbound retry failed');
        results.push({ integrationId: d.integration_id, kind: d.kind, error: err instanceof Error ? err.message : String(err) });
      }
    }
    await arm(ctx.db, RETRY_DUE_JOB, RETRY_EVERY_MS);
    return { integrations: results.length, results };
  },
});

export const attendanceContinuousJob = defineJob({
  name: CONTINUOUS_JOB,
  leaseMs: 30 * 60_000,
  payload: z.object({ tenantId: z.string().uuid().optional(), integrationId: z.string().uuid().optional() }).passthrough(),
  async handler(ctx, p) {
    const service = createPersonioAttendanceService(ctx.db, new SecretBox(ctx.config.secret), { log: ctx.log, urlGuard: outboundGuardFor(ctx.config) });
    let q = ctx.db
      .selectFrom('integrations')
      .select(['id', 'tenant_id', 'vendor'])
      .where('active', '=', true)
      .where(sql<boolean>`(settings -> 'attendanceExport' ->> 'continuous') = 'true'`);
    if (p.integrationId) q = q.where('id', '=', p.integrationId);
    if (p.tenantId) q = q.where('tenant_id', '=', p.tenantId);
    const integrations = (await q.execute()).filter((i) => sinkFactoryFor(i.vendor, service.kind));
    const results = [];
    for (const i of integrations) {
      try {
        const actor = await systemActorFor(ctx.db, i.tenant_id, CONTINUOUS_EXPORT_ACTOR);
        results.push({ integrationId: i.id, ...(await service.continuous(actor, i.id, todayIn(await tenantTimeZone(ctx.db, i.tenant_id)))) });
      } catch (err) {
        ctx.log.warn({ err, integrationId: i.id }, 'continuous attendance export failed');
        results.push({ integrationId: i.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    // A run for one integration (a test, "export now") does not arm the hourly chain.
    if (!p.integrationId) await arm(ctx.db, CONTINUOUS_JOB, CONTINUOUS_EVERY_MS);
    return { integrations: results.length, results };
  },
});

export const outboundJobs = [outboundRetryDueJob, attendanceContinuousJob];
