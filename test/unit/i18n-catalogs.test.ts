import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// The UI catalogs must stay in step: same keys in nl/de/en, no empty value, the same placeholders,
// and every literal t('key') in web/src must exist.
it('web translations are complete in nl, de and en', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'web/scripts/check-i18n.ts'], { encoding: 'utf8' });
  expect(out).toMatch(/^i18n ok/);
});

/**
 * Issue 15 item 15: a Dutch or German text that is still the English one is a missing translation, unless it is the
 * same word in that language (Status, Name, Week), a product or vendor name (Zoom, Personio, BSN) or a vendor's own
 * term (Client secret). A new entry here is a decision, not a default.
 */
const SAME_AS_ENGLISH: Record<'nl' | 'de', string[]> = {
  nl: [
    'auditFields.account', 'auditFields.account_scope', 'auditFields.bsn', 'auditFields.code', 'auditFields.status', 'common.status',
    'contracts.costCenterShare', 'corrections.open', 'dashboard.title', 'deadLetters.kind', 'employees.fields.bsn',
    'employees.fields.status', 'employees.status', 'entityTypes.contract', 'fields.code', 'hoursExport.breakMinutes',
    'hoursExport.mode.week', 'hoursExport.reconcile.koppel', 'hoursExport.reconcile.personio', 'integrations.appCenter.title',
    'integrations.credentialFields.clientId', 'integrations.credentialFields.clientSecret',
    'integrations.credentialFields.subscriptionKey', 'integrations.credentialFields.token', 'integrations.credentialsHint',
    'integrations.diffFields.bsn', 'integrations.diffFields.contract', 'integrations.diffFields.id', 'integrations.diffFields.row',
    'integrations.diffFields.status', 'integrations.history.details', 'integrations.reasons.bsn', 'integrations.trigger.api',
    'jobs.names.mail_send', 'loket.mapping.koppel', 'mails.html', 'nav.appCenter', 'nav.dashboard', 'recruiting.applications.title',
    'recruiting.calendar.week', 'recruiting.common.minutes', 'recruiting.connections.account', 'recruiting.connections.kinds.caldav',
    'recruiting.connections.kinds.gotomeeting', 'recruiting.connections.kinds.microsoft', 'recruiting.connections.kinds.zoom',
    'recruiting.connections.videoProviders', 'recruiting.fields.interviewers', 'recruiting.jobStatus.open',
    'recruiting.participantKind.interviewer', 'recruiting.stages.screening', 'recruiting.video.google_meet',
    'recruiting.video.gotomeeting', 'recruiting.video.teams', 'recruiting.video.zoom', 'roles.interviewer', 'roles.planner',
    'roles.recruiter', 'sources.api', 'sources.loket', 'sources.nmbrs', 'sources.personio', 'tokens.prefix',
  ],
  de: [
    'actorTypes.system', 'auditFields.bsn', 'auditFields.code', 'auditFields.name', 'auditFields.sequence', 'auditFields.status',
    'common.status', 'common.timePlaceholder', 'contracts.costCenterShare', 'deadLetters.integration', 'deadLetters.kind',
    'employees.fields.bsn', 'employees.fields.status', 'employees.name', 'employees.sections.name', 'employees.sortName',
    'employees.status', 'entityTypes.integration', 'fields.code', 'fields.name', 'hoursExport.col.name', 'hoursExport.reconcile.koppel',
    'hoursExport.reconcile.personio', 'integrations.credentialFields.token', 'integrations.diffFields.bsn', 'integrations.diffFields.id',
    'integrations.diffFields.status', 'integrations.fields.name', 'integrations.fields.vendor', 'integrations.history.details',
    'integrations.reasons.bsn', 'integrations.trigger.api', 'jobs.names.mail_send', 'loket.mapping.koppel', 'loket.report.administration',
    'mails.html', 'mails.text', 'nav.organisation', 'recruiting.applications.title', 'recruiting.connections.kinds.caldav',
    'recruiting.connections.kinds.gotomeeting', 'recruiting.connections.kinds.microsoft', 'recruiting.connections.kinds.zoom',
    'recruiting.connections.videoProviders', 'recruiting.fields.name', 'recruiting.nav', 'recruiting.title',
    'recruiting.video.google_meet', 'recruiting.video.gotomeeting', 'recruiting.video.teams', 'recruiting.video.zoom',
    'shiftImport.problem', 'sources.api', 'sources.loket', 'sources.nmbrs', 'sources.personio', 'tokens.prefix',
  ],
};

function flat(o: unknown, prefix = ''): Array<[string, unknown]> {
  if (o && typeof o === 'object') return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, o]];
}

it('has no Dutch or German web text that is still the English text, except the allow-list', () => {
  const read = (l: string) => new Map(flat(JSON.parse(readFileSync(`web/src/i18n/${l}.json`, 'utf8'))));
  const en = read('en');
  for (const l of ['nl', 'de'] as const) {
    const same = [...read(l)].filter(([k, v]) => typeof v === 'string' && en.get(k) === v).map(([k]) => k.replace(/\.(\d+)$/, '[$1]'));
    expect(same.sort(), l).toEqual([...SAME_AS_ENGLISH[l]].sort());
  }
});
