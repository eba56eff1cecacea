import { sql } from 'kysely';
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
 * (the first red one). Departments and functions are red while some are neither mapped (for functions: to a Koppel
 * function, or "create") nor excluded (F-12 mapping tab); labour agreements: Nmbrs REST offers no CAO endpoint we know of; employees: the red rows of the
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
            .select(['kind', 'external_id'])
            .where('tenant_id', '=', actor.tenantId)
            .where('integration_id', '=', integrationId)
            .where('kind', 'in', ['department', 'function'])
            .where((eb) => eb.or([eb('koppel_id', 'is not', null), eb('exclude', '=', true)]))
            .execute();
          const done = (kind: string) => new Set(mapped.filter((m) => m.kind === kind).map((m) => m.external_id));
          const doneDepartments = done('department');
          const openDepartments = org.departments.filter((d) => !doneDepartments.has(d.externalId)).length;
          steps.push({ step: 'departments', state: openDepartments ? 'red' : 'green', total: org.departments.length, open: openDepartments });
          // Functions (F-12): Nmbrs' functions read live, plus any a read employee holds that the list lacks (the sync
          // stored them; blocked and skipped rows left out), each red until it is mapped to a Koppel function, created
          // or excluded in the mapping tab. The sync sets no function that is not mapped.
          const functionIds = new Set((org.functions ?? []).map((f) => f.externalId));
          const held = await db
            .selectFrom('external_records')
            .select(sql<string | null>`data->'jobFunction'->>'externalId'`.as('functionId'))
            .distinct()
            .where('tenant_id', '=', actor.tenantId)
            .where('integration_id', '=', integrationId)
            .where('former', '=', false)
            .where('link_state', 'not in', ['excluded', 'skipped'])
            .execute();
          for (const r of held) if (r.functionId) functionIds.add(r.functionId);
          const doneFunctions = done('function');
          const openFunctions = [...functionIds].filter((id) => !doneFunctions.has(id)).length;
          steps.push({ step: 'functions', state: openFunctions ? 'red' : 'green', total: functionIds.size, open: openFunctions });
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
