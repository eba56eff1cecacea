import { outboundGuardFor } from '../../connectors/kit/outbound-guard.ts';
import type { Config } from '../../platform/config.ts';
import { SecretBox } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import { type Logger, silentLogger } from '../../platform/log/logger.ts';
import { createNmbrsHoursService, type NmbrsHoursRow } from '../../integrations/outbound/nmbrs-hours.service.ts';

/**
 * `koppel export nmbrs-hours <integration> --year Y --period P [--company C] [--dry-run] [--unprotected]` (issue 10,
 * F-24): the report of the payroll period, then (without --dry-run) "Send to Nmbrs", as lines for the terminal.
 * Throws an Error with a plain message for what the user got wrong; the service's AppErrors pass through.
 */
export interface NmbrsHoursCliOptions {
  year: string;
  period: string;
  company?: string;
  dryRun?: boolean;
  unprotected?: boolean;
}

const pad = (v: string, n: number) => (v.length >= n ? v : v + ' '.repeat(n - v.length));
const line = (r: NmbrsHoursRow & { outcome?: string; reason?: string | null }) =>
  [pad(r.employeeName ?? '?', 24), pad(r.nmbrsEmployeeId, 36), pad(`code ${r.hourCode}`, 12), pad(`${r.hours.toFixed(2)} h`, 9), r.outcome ?? r.state].join('  ') + (r.reason ? ` (${r.reason})` : '');

export async function exportNmbrsHours(db: Database, config: Config, integrationId: string, opts: NmbrsHoursCliOptions, log: Logger = silentLogger): Promise<{ lines: string[]; failed: boolean }> {
  const year = Number(opts.year);
  const period = Number(opts.period);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`--year must be a year such as 2026, got "${opts.year}"`);
  if (!Number.isInteger(period) || period < 1 || period > 53) throw new Error(`--period must be a payroll period number 1–53, got "${opts.period}"`);
  if (!/^[0-9a-f-]{36}$/i.test(integrationId)) throw new Error(`Integration not found: ${integrationId}`);
  const integration = await db.selectFrom('integrations').select(['tenant_id', 'name', 'vendor', 'account_scope']).where('id', '=', integrationId).executeTakeFirst();
  if (!integration) throw new Error(`Integration not found: ${integrationId}`);
  if (integration.vendor !== 'nmbrs') throw new Error(`Integration ${integrationId} is ${integration.vendor}, not Nmbrs`);
  const companies = ((integration.account_scope as { id: string; kind: string; name: string }[] | null) ?? []).filter((a) => a.kind === 'company');
  const company = opts.company ?? (companies.length === 1 ? companies[0]!.id : undefined);
  if (!company) throw new Error(`Name the company with --company (this integration covers: ${companies.map((c) => `${c.id} ${c.name}`).join(', ') || 'no company chosen yet'})`);
  const actor = await systemActorFor(db, integration.tenant_id, 'cli');
  const service = createNmbrsHoursService(db, new SecretBox(config.secret), { log, urlGuard: outboundGuardFor(config) });
  const q = { company, year, period };
  const lines: string[] = [];
  if (opts.dryRun) {
    const r = await service.report(actor, integrationId, q);
    lines.push(`Nmbrs hours ${integration.name} · ${r.company.name} · ${r.periodType}${r.periodTypeSource === 'nmbrs' ? '' : ` (${r.periodTypeSource}: Nmbrs did not state the type)`} period ${period}/${year} (${r.from} – ${r.to})${r.protected ? ' · PROTECTED: needs --unprotected' : ''} (dry run, nothing sent)`);
    for (const row of r.rows) lines.push(line(row));
    for (const u of r.unmapped) lines.push(`not sent: ${u.hours.toFixed(2)} h on ${u.name ?? 'no hour component'} (no Nmbrs hour code mapped)`);
    lines.push(`${r.rows.length} rows: ${r.counts.new} new · ${r.counts.changed} changed · ${r.counts.unchanged} unchanged · ${r.counts.removed} removed`);
    return { lines, failed: false };
  }
  const sent = await service.send(actor, integrationId, { ...q, ...(opts.unprotected ? { unprotected: true } : {}) });
  lines.push(`Sent to Nmbrs ${integration.name} · ${sent.company.name} · period ${period}/${year}: run ${sent.runId} ${sent.status}`);
  for (const row of sent.rows) lines.push(line(row));
  const c = sent.counts;
  lines.push(`${c.created} created · ${c.updated} updated · ${c.removed} removed · ${c.unchanged} unchanged · ${c.refused} refused · ${c.retrying} retrying · ${c.dead} dead`);
  return { lines, failed: sent.status === 'failed' };
}
