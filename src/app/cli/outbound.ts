import type { Command } from 'commander';
import { systemActor } from '../../domain/actor.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/client.ts';
import { createOutboundService } from '../../integrations/outbound/outbound.service.ts';

/**
 * `koppel outbound …` (F-26): an integration's dead letters, and retry / dismiss of one, on the database
 * directly (like `koppel sync`; the embedded database is refused while `koppel serve` holds it — then use
 * the health page or POST /api/v1/integrations/{id}/outbound/items/{itemId}/retry with an API token).
 */
export function registerOutboundCommands(
  program: Command,
  deps: { config: (opts: { dataDir?: string }) => Config; withDatabase: <T>(c: Config, fn: (db: Database) => Promise<T>) => Promise<T> },
) {
  const outbound = program.command('outbound').description('Outbound journal: dead letters of an integration (F-26)');

  /** The integration's tenant acting as the CLI. */
  async function actorFor(db: Database, integrationId: string) {
    const row = await db
      .selectFrom('integrations')
      .innerJoin('tenants', 'tenants.id', 'integrations.tenant_id')
      .select(['integrations.tenant_id', 'tenants.time_zone'])
      .where('integrations.id', '=', integrationId)
      .executeTakeFirst();
    if (!row) throw new Error(`Integration not found: ${integrationId}`);
    return systemActor(row.tenant_id, row.time_zone, 'cli');
  }
  const uuid = (v: string) => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) throw new Error(`Not an id: ${v}`);
    return v;
  };

  outbound
    .command('dead-letters')
    .description('List the dead letters (gave up after retries) and refused items of an integration')
    .argument('<integrationId>', 'integration id')
    .option('--json', 'print JSON', false)
    .option('--data-dir <dir>', 'embedded database folder')
    .action(async (integrationId: string, opts) => {
      const c = deps.config(opts);
      const rows = await deps.withDatabase(c, async (db) => createOutboundService(db).deadLetters(await actorFor(db, uuid(integrationId)), integrationId));
      if (opts.json) return console.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return console.log('No dead letters.');
      for (const r of rows) {
        console.log(
          [r.id, r.status, r.kind, r.idempotencyKey, r.periodDate, `${r.attempts} attempt(s)`, r.error ? `${r.error.code}: ${r.error.message}` : '', r.updatedAt.toISOString()].join('\t'),
        );
      }
    });

  outbound
    .command('retry')
    .description('Put a dead letter back in the queue now (attempts afresh) and enqueue the outbound.retry-due job of its kind')
    .argument('<integrationId>', 'integration id')
    .argument('<itemId>', 'dead letter id (see koppel outbound dead-letters)')
    .option('--data-dir <dir>', 'embedded database folder')
    .action(async (integrationId: string, itemId: string, opts) => {
      const c = deps.config(opts);
      const r = await deps.withDatabase(c, async (db) => createOutboundService(db).retry(await actorFor(db, uuid(integrationId)), integrationId, uuid(itemId)));
      console.log(`Queued again (${r.kind}); retry job ${r.jobId}.`);
    });

  outbound
    .command('dismiss')
    .description('Set a dead letter aside: it is not sent again until its content changes')
    .argument('<integrationId>', 'integration id')
    .argument('<itemId>', 'dead letter id')
    .option('--data-dir <dir>', 'embedded database folder')
    .action(async (integrationId: string, itemId: string, opts) => {
      const c = deps.config(opts);
      await deps.withDatabase(c, async (db) => createOutboundService(db).dismiss(await actorFor(db, uuid(integrationId)), integrationId, uuid(itemId)));
      console.log('Dismissed.');
    });
}
