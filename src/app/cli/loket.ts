import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { systemActor } from '../../domain/actor.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/client.ts';
import { createServices } from '../container.ts';

/**
 * `koppel export loket <integration> --year Y --period P [--administration ID] [--csv FILE | --send]` (issue 11,
 * F-23): the Loket report of one payroll period as Loket's CSV, or sent through Loket's API (outbound engine).
 * Without --csv or --send it prints the preview. On the database directly, like `koppel sync`.
 */
export type LoketExportArgs = { integrationId: string; year: number; period: number; administrationId?: string; csv?: string; send?: boolean };

export async function runLoketExport(db: Database, config: Config, args: LoketExportArgs): Promise<string[]> {
  const row = await db
    .selectFrom('integrations')
    .innerJoin('tenants', 'tenants.id', 'integrations.tenant_id')
    .select(['integrations.tenant_id', 'integrations.vendor', 'tenants.time_zone'])
    .where('integrations.id', '=', args.integrationId)
    .executeTakeFirst();
  if (!row || row.vendor !== 'loket') throw new Error(`Loket integration not found: ${args.integrationId}`);
  const actor = systemActor(row.tenant_id, row.time_zone, 'cli');
  const s = createServices(db, config).loketExport;
  let administrationId = args.administrationId;
  if (!administrationId) {
    const admins = (await s.periods(actor, args.integrationId, args.year)).items;
    if (admins.length !== 1) throw new Error(`Choose the administration with --administration (${admins.map((a) => `${a.id} ${a.name}`).join(', ') || 'none found'})`);
    administrationId = admins[0]!.id;
  }
  const ref = { administrationId, year: args.year, period: args.period };
  if (args.csv) {
    const { stream } = await s.csv(actor, args.integrationId, ref);
    await pipeline(stream, createWriteStream(args.csv));
    return [`Wrote ${args.csv}. Import it in Loket.nl under "collectieve mutaties": year ${args.year}, period ${args.period}, type CSV, action "Overschrijven", verdelingseenheid "Ja".`];
  }
  if (args.send) {
    const r = await s.send(actor, args.integrationId, ref);
    const c = r.counts;
    const lines = [`Sent: ${c.created} new, ${c.updated} changed, ${c.removed} deleted, ${c.unchanged} unchanged, ${c.refused} refused, ${c.retrying} retrying, ${c.dead} dead (run ${r.runId}).`];
    for (const i of r.items) if (i.errorCode) lines.push(`  ${i.name ?? i.subjectId ?? ''}\t${i.idempotencyKey}\t${i.status}\t${i.errorCode}`);
    return lines;
  }
  const p = await s.preview(actor, args.integrationId, ref);
  const lines = [`${p.administration.employerName} / ${p.administration.name}: ${p.period.year} period ${p.period.period} (${p.period.startDate} … ${p.period.endDate}); components ${p.components.join(', ') || '-'}`];
  for (const r of p.rows) lines.push(`  ${r.personnelNumber}\t${r.name}\t${r.values.map((v) => `${v.component}=${v.hours} (${v.state})`).join('  ')}${r.issues.length ? `\t! ${r.issues.map((i) => i.code).join(', ')}` : ''}`);
  if (p.removed) lines.push(`  ${p.removed} value(s) sent earlier would be deleted.`);
  for (const u of p.unmapped) lines.push(`  not mapped: hour component ${u.code}, ${u.hours} h (left out)`);
  return lines;
}

export function registerLoketCommands(
  program: Command,
  deps: { config: (opts: { dataDir?: string }) => Config; withDatabase: <T>(c: Config, fn: (db: Database) => Promise<T>) => Promise<T> },
) {
  const exp = program.commands.find((c) => c.name() === 'export') ?? program.command('export').description('Payroll exports of an integration');
  exp
    .command('loket')
    .description('The Loket report of one payroll period: preview, --csv FILE, or --send through the Loket API')
    .argument('<integrationId>', 'integration id')
    .requiredOption('--year <year>', 'payroll year')
    .requiredOption('--period <period>', 'payroll period number')
    .option('--administration <id>', 'payroll administration id (needed when the integration covers several)')
    .option('--csv <file>', "write Loket's CSV (collectieve mutaties) to this file")
    .option('--send', "send through Loket's API (only what changed; dropped values are deleted)", false)
    .option('--data-dir <dir>', 'embedded database folder')
    .action(async (integrationId: string, opts) => {
      if (opts.csv && opts.send) throw new Error('Choose --csv or --send, not both.');
      const c = deps.config(opts);
      const lines = await deps.withDatabase(c, (db) =>
        runLoketExport(db, c, { integrationId, year: Number(opts.year), period: Number(opts.period), ...(opts.administration ? { administrationId: opts.administration } : {}), ...(opts.csv ? { csv: opts.csv } : {}), send: Boolean(opts.send) }),
      );
      for (const l of lines) console.log(l);
    });
}
