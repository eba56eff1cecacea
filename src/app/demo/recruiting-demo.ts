import { systemActorFor } from '../../platform/identity/tenants.service.ts';
import type { Services } from '../container.ts';

/** The interviewers' and recruiter's own password (they are seeded by the service, like users made in the UI). */
export const RECRUITING_DEMO_PASSWORD = 'demo-password-123';
/** The recruiting demo's people; the e-mail domain is `example.com` in the demo (the emulators' demo accounts). */
export const RECRUITING_DEMO_USERS = [
  { local: 'rita.recruiter', name: 'Rita Recruiter', role: 'recruiter' as const, locale: 'nl' as const },
  { local: 'anna.jansen', name: 'Anna Jansen', role: 'interviewer' as const, locale: 'nl' as const },
  { local: 'bram.devries', name: 'Bram de Vries', role: 'interviewer' as const, locale: 'nl' as const },
  { local: 'clara.weber', name: 'Clara Weber', role: 'interviewer' as const, locale: 'de' as const },
];
export const RECRUITING_DEMO_DOMAIN = 'example.com';

/**
 * Demo data for recruiting (issue 4): a recruiter and interviewers, jobs, candidates in nl/de/en,
 * applications, interview types, evaluation forms, recruiting roles and rooms. Calendars are not
 * connected here: the demo connects them against its CalDAV/Google/Zoom stand-ins, or the user does.
 * Interviewer e-mails match the Google/Zoom emulators' demo accounts so OAuth pre-selects them.
 */
export async function seedRecruitingDemo(
  services: Services,
  tenantId: string,
  opts: { password?: string; emailDomain?: string; timeZone?: string } = {},
) {
  const actor = await systemActorFor(services.db, tenantId, 'demo');
  const r = services.recruiting;
  const password = opts.password ?? RECRUITING_DEMO_PASSWORD;
  const tz = opts.timeZone ?? 'Europe/Amsterdam';
  const domain = opts.emailDomain ?? RECRUITING_DEMO_DOMAIN;
  const existing = await services.db.selectFrom('users').select(['id', 'email']).where('tenant_id', '=', tenantId).execute();
  async function user(email: string, name: string, role: 'recruiter' | 'interviewer', locale: 'nl' | 'de' | 'en') {
    const found = existing.find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (found) return found.id;
    return (await services.users.create(actor, { email, name, role, locale, password, timeZone: tz })).id;
  }
  const ids: string[] = [];
  for (const u of RECRUITING_DEMO_USERS) ids.push(await user(`${u.local}@${domain}`, u.name, u.role, u.locale));
  const [rita, anna, bram, clara] = ids as [string, string, string, string];

  const tech = await r.evaluationForms.create(actor, {
    name: 'Technisch gesprek',
    questions: [
      { text: 'Technische kennis', kind: 'rating' },
      { text: 'Communicatie', kind: 'rating' },
      { text: 'Past in het team?', kind: 'yes_no' },
      { text: 'Toelichting', kind: 'text' },
    ],
  });
  const general = await r.evaluationForms.create(actor, { name: 'Kennismaking', questions: [{ text: 'Motivatie', kind: 'rating' }, { text: 'Indruk', kind: 'text' }] });
  const first = await r.interviewTypes.create(actor, { name: 'Kennismakingsgesprek', defaultDurationMinutes: 45, defaultEvaluationFormId: general.id });
  const technical = await r.interviewTypes.create(actor, { name: 'Technisch gesprek', defaultDurationMinutes: 90, defaultEvaluationFormId: tech.id });
  await r.interviewTypes.create(actor, { name: 'Telefonische screening', defaultDurationMinutes: 20 });
  await r.roles.create(actor, { name: 'Vakinhoudelijk interviewer', permissions: { candidateContact: false, applicationNotes: true, otherEvaluations: false, interviewNotes: true } });
  await r.roles.create(actor, { name: 'Hiring manager', permissions: { candidateContact: true, applicationNotes: true, otherEvaluations: true, interviewNotes: true } });
  const rooms = [
    await r.rooms.create(actor, { name: 'Vergaderruimte Amstel', email: `amstel@${domain}`, capacity: 6 }),
    await r.rooms.create(actor, { name: 'Spreekkamer IJ', email: `ij@${domain}`, capacity: 3 }),
  ];
  const jobs = [
    await r.jobs.create(actor, { title: 'Backend developer', location: 'Amsterdam', responsibleUserId: rita, description: 'TypeScript, PostgreSQL, API design.' }),
    await r.jobs.create(actor, { title: 'HR-adviseur', location: 'Utrecht', responsibleUserId: rita }),
    await r.jobs.create(actor, { title: 'Teamleider logistiek', location: 'Venlo', responsibleUserId: rita }),
  ];
  const people: Array<[string, string, 'nl' | 'de' | 'en', string]> = [
    ['Sanne de Boer', 'sanne.deboer@candidate.test', 'nl', 'Europe/Amsterdam'],
    ['Jonas Müller', 'jonas.mueller@candidate.test', 'de', 'Europe/Berlin'],
    ['Emily Clarke', 'emily.clarke@candidate.test', 'en', 'Europe/London'],
    ['Daan Visser', 'daan.visser@candidate.test', 'nl', 'Europe/Amsterdam'],
    ['Lena Schmidt', 'lena.schmidt@candidate.test', 'de', 'Europe/Berlin'],
  ];
  const candidates = [];
  for (const [name, email, language, timeZone] of people) candidates.push(await r.candidates.create(actor, { name, email, language, timeZone }));
  const applications = [];
  for (const [i, c] of candidates.entries()) {
    applications.push(await r.applications.create(actor, { candidateId: c.id, jobId: jobs[i % jobs.length]!.id, stage: i % 2 === 0 ? 'interview' : 'screening' }));
  }
  return { users: { rita, anna, bram, clara }, jobs, candidates, applications, interviewTypes: { first, technical }, evaluationForms: { tech, general }, rooms };
}
