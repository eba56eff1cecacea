import { type Actor, requireRole } from '../domain/actor.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { createNmbrsConnector } from '../connectors/hr/nmbrs/nmbrs.registration.ts';
import type { OutboundGuard } from '../connectors/kit/outbound-guard.ts';
import type { SecretBox } from '../platform/crypto.ts';
import type { Database } from '../platform/db/client.ts';
import { type Logger, silentLogger } from '../platform/log/logger.ts';
import { integrationTokenStore } from './integration-token-store.ts';
import { accountScopeIds } from './registry.ts';
import { isCredentialFailure } from './engine/sync-failures.ts';

/**
 * The seed's sync steps for Nmbrs (F-13): companies, departments, functions, labour agreements, employees —
 * each green (nothing to do), red (action needed, with a count) or not offered, and which one to open first
 * (the first red one). Departments are red while some are neither mapped nor excluded (F-12 mapping tab);
 * functions are red while the read employees hold Nmbrs functions Koppel does not know yet (the apply creates
 * them); labour agreements: Nmbrs REST offers no CAO endpoint we know of; employees: the red rows of the
 * review list.
 */

export type StepState = 'green' | 'red' | 'not_offered';
export type SyncStep = { step: 'companies' | 'departments' | 'functions' | 'labour_agreements' | 'employees'; state: StepState; total: number; open: number };

export function createNmbrsStepsService(db: Database, box: SecretBox, deps: { log?: Logger; urlGuard?: OutboundGuard; connectorTuning?: Record<string, unknown> } = {}) {
  const log = deps.log ?? silentLogger;
  return {
    async steps(actor: Actor, integrationId: string): Promise<{ steps: SyncStep[]; first: SyncStep['step'] | null }> {
      requireRole(actor, 'hr');
      const integration = await db.selectFrom('integrations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', integrationId).executeTakeFirst();
      if (!integration) throw notFound('integration');
      if (integration.vendor !== 'nmbrs') throw new AppError('invalid_state', { reason: 'export_not_supported' });
      const scope = accountScopeIds(integration.account_scope) ?? [];
      const connector = createNmbrsConnector({
        baseUrl: integration.base_url,
        credentials: JSON.parse(box.decrypt(integration.credentials_encrypted)) as Record<string, string>,
        tokenStore: integrationTokenStore(db, box, integration.tenant_id, integration.id),
        accountScope: scope,
        tuning: { retry: { rateLimitPatienceMs: 0 }, ...deps.connectorTuning },
        ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}),
        log,
      });
      const steps: SyncStep[] = [{ step: 'companies', state: scope.length ? 'green' : 'red', total: scope.length, open: scope.length ? 0 : 1 }];
      if (scope.length) {
        try {
          const org = await connector.listOrganisation();
          const mapped = await db
            .selectFrom('integration_mappings')
            .select(['external_id'])
            .where('tenant_id', '=', actor.tenantId)
            .where('integration_id', '=', integrationId)
            .where('kind', '=', 'department')
            .where((eb) => eb.or([eb('koppel_id', 'is not', null), eb('exclude', '=', true)]))
            .execute();
          const done = new Set(mapped.map((m) => m.external_id));
          const openDepartments = org.departments.filter((d) => !done.has(d.externalId)).length;
          steps.push({ step: 'departments', state: openDepartments ? 'red' : 'green', total: org.departments.length, open: openDepartments });
          // The functions the read employees hold (their current Nmbrs function), as the sync stored them; blocked and
          // skipped rows are left out (no apply creates their functions).
          const positions = await db
            .selectFrom('external_records')
            .select('data')
            .where('tenant_id', '=', actor.tenantId)
            .where('integration_id', '=', integrationId)
            .where('former', '=', false)
            .where('link_state', 'not in', ['excluded', 'skipped'])
            .execute();
          const names = new Set(positions.map((r) => String((r.data as { position?: unknown } | null)?.position ?? '').trim().toLowerCase()));
          names.delete('');
          const known = new Set((await db.selectFrom('job_functions').select('name').where('tenant_id', '=', actor.tenantId).execute()).map((f) => f.name.trim().toLowerCase()));
          const missing = [...names].filter((n) => !known.has(n)).length;
          steps.push({ step: 'functions', state: missing ? 'red' : 'green', total: names.size, open: missing });
        } catch (err) {
          log.warn({ integrationId, err: err instanceof Error ? err.message : String(err) }, 'nmbrs steps: live read failed');
          if (isCredentialFailure(err)) throw new AppError('integration_credentials_invalid', { vendor: 'Nmbrs' }, [], { cause: err });
          throw new AppError('integration_unreachable', { vendor: 'Nmbrs' }, [], { cause: err });
        }
      }
      steps.push({ step: 'labour_agreements', state: 'not_offered', total: 0, open: 0 });
      const rec = await db
        .selectFrom('external_records')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('id').filterWhere('needs_action', '=', true).as('red')])
        .where('tenant_id', '=', actor.tenantId)
        .where('integration_id', '=', integrationId)
        .where('former', '=', false)
        .executeTakeFirstOrThrow();
      steps.push({ step: 'employees', state: Number(rec.red) ? 'red' : 'green', total: Number(rec.n), open: Number(rec.red) });
      return { steps, first: steps.find((s) => s.state === 'red')?.step ?? null };
    },
  };
}
