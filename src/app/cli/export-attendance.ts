import { daysInclusive, isValidDate } from '../../domain/dates.ts';
import { outboundGuardFor } from '../../connectors/kit/outbound-guard.ts';
import type { Config } from '../../platform/config.ts';
import { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { type AttendanceRow, createPersonioAttendanceService, MAX_EXPORT_DAYS } from '../../integrations/outbound/personio-attendance.service.ts';

/**
 * `koppel export personio-attendance <integration> --from … --to … [--dry-run]` (issue 9): the report of the
 * period, then (without --dry-run) the send, as lines for the terminal. Throws an Error with a plain message
 * for what the user got wrong (unknown integration, bad dates); the service's AppErrors pass through.
 */
export interface ExportCliOptions {
  from: string;
  to: string;
  dryRun?: boolean;
  department?: string;
}

const pad = (v: string, n: number) => (v.length >= n ? v : v + ' '.repeat(n - v.length));

function rowLine(r: AttendanceRow & { outcome?: string }): string {
  const why = r.reason ? ` (${r.reason}${r.message ? `: ${r.message}` : ''})` : '';
  return [pad(r.date, 10), pad(r.employeeName ?? '?', 24), pad(r.personioId ?? '-', 10), `${r.startTime}-${r.endTime}`, pad(`break ${r.breakMinutes}m`, 10), r.outcome ?? r.state].join('  ') + why;
}

export async function exportPersonioAttendance(db: Database, config: Config, integrationId: string, opts: ExportCliOptions, log: Logger = silentLogger): Promise<{ lines: string[]; failed: boolean }> {
  for (const [name, v] of [['--from', opts.from], ['--to', opts.to]] as const) if (!/^\d{4}-\d{2}-\d{2}$/.test(v ?? '') || !isValidDate(v)) throw new Error(`${name} must be a date as YYYY-MM-DD, got "${v ?? ''}"`);
  if (opts.to < opts.from) throw new Error(`--to (${opts.to}) lies before --from (${opts.from})`);
  if (daysInclusive(opts.from, opts.to) > MAX_EXPORT_DAYS) throw new Error(`At most ${MAX_EXPORT_DAYS} days at once (${opts.from} – ${opts.to} is ${daysInclusive(opts.from, opts.to)})`);
  if (!/^[0-9a-f-]{36}$/i.test(integrationId)) throw new Error(`Integration not found: ${integrationId}`);
  const integration = await db.selectFrom('integrations').select(['tenant_id', 'name', 'vendor']).where('id', '=', integrationId).executeTakeFirst();
  if (!integration) throw new Error(`Integration not found: ${integrationId}`);
  if (integration.vendor !== 'personio') throw new Error(`Integration ${integrationId} is ${integration.vendor}, not Personio`);
  const actor = await systemActorFor(db, integration.tenant_id, 'cli');
  const service = createPersonioAttendanceService(db, new SecretBox(config.secret), { log, urlGuard: outboundGuardFor(config) });
  const q = { from: opts.from, to: opts.to, ...(opts.department ? { departmentId: opts.department } : {}) };
  const lines: string[] = [];
  if (opts.dryRun) {
    const report = await service.report(actor, integrationId, q);
    lines.push(`Personio report ${integration.name} ${opts.from} – ${opts.to} (dry run, nothing sent)`);
    for (const r of report.rows) lines.push(rowLine(r));
    const c = report.counts;
    lines.push(`${report.rows.length} shifts: ${c.new} new · ${c.changed} changed · ${c.unchanged} unchanged · ${c.removed} removed · ${c.blocked} cannot go`);
    return { lines, failed: false };
  }
  const sent = await service.send(actor, integrationId, q);
  lines.push(`Sent to Personio ${integration.name} ${opts.from} – ${opts.to}: run ${sent.runId} ${sent.status}`);
  for (const r of sent.rows) lines.push(rowLine(r));
  const o = sent.outcomes;
  lines.push(`${sent.rows.length} shifts: ${o.sent} sent · ${o.unchanged} unchanged · ${o.removed} removed · ${o.refused} refused · ${o.retrying} to retry · ${o.blocked} cannot go`);
  const c = sent.counts;
  lines.push(`Periods: ${c.created} created · ${c.updated} updated · ${c.removed} deleted · ${c.unchanged} unchanged · ${c.refused} refused · ${c.retrying} retrying · ${c.dead} dead`);
  return { lines, failed: sent.status === 'failed' };
}
