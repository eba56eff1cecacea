import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecruitingDemo } from '../../src/app/demo/recruiting-demo.ts';
import { GOOGLE_DEFAULT_CLIENT, type GoogleEmulator, startGoogleCalendarEmulator } from '../../emulators/google/google-emulator.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Recruiting flows on the Google Calendar emulator (issue 4): a Meet link made by the host's
 * calendar and shared with an interviewer who has no calendar (iMIP by mail), evaluation
 * reminders and forms (F-37), a revoked token showing "reconnect needed" (F-31), the demo seed.
 */

let k: TestKoppel;
let google: GoogleEmulator;
let rita: Client;
let gina: Client;
let nico: Client;
let owner: Client;
const ids: Record<string, string> = {};
const PW = 'correct horse battery';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();
const DAY = '2026-12-08'; // a Tuesday

async function caughtTo(email: string, subject?: RegExp) {
  const rows = await k.db.selectFrom('caught_mails').selectAll().orderBy('id').execute();
  return rows.filter((m) => m.rcpt_to.includes(email) && (!subject || subject.test(m.subject)));
}

beforeAll(async () => {
  google = await startGoogleCalendarEmulator({ autoApprove: true, users: [{ email: 'gina@example.com', name: 'Gina Google', timeZone: 'Europe/Amsterdam' }] });
  k = await startTestKoppel({ worker: true });
  ({ client: owner } = await createTenant(k, 'Flows BV'));
  for (const [email, name, role] of [
    ['rita@example.com', 'Rita Recruiter', 'recruiter'],
    ['gina@example.com', 'Gina Google', 'interviewer'],
    ['nico@example.com', 'Nico Nocal', 'interviewer'],
  ] as const) {
    const r = await owner.post('/users', { email, name, role, password: PW, locale: 'en', timeZone: 'Europe/Amsterdam' });
    expect(r.status).toBe(201);
    ids[name.split(' ')[0]!.toLowerCase()] = r.body.id;
  }
  rita = await login(k, 'rita@example.com', PW);
  gina = await login(k, 'gina@example.com', PW);
  nico = await login(k, 'nico@example.com', PW);
  await owner.put('/recruiting/oauth-apps', { kind: 'google', clientId: GOOGLE_DEFAULT_CLIENT.clientId, clientSecret: GOOGLE_DEFAULT_CLIENT.clientSecret, authorizeUrl: google.authorizeUrl, tokenUrl: google.tokenUrl, apiBaseUrl: google.url });
  const start = await gina.post('/recruiting/connections/oauth/start', { kind: 'google', redirectUri: 'http://localhost:3000/cb' });
  const res = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
  const back = new URL(res.headers.get('location')!);
  const done = await gina.post('/recruiting/connections/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  ids.connection = done.body.id;
  const job = await rita.post('/recruiting/jobs', { title: 'Data engineer', responsibleUserId: ids.rita });
  const cand = await rita.post('/recruiting/candidates', { name: 'Eva English', email: 'eva@candidate.test', language: 'en', timeZone: 'Europe/London' });
  const app = await rita.post('/recruiting/applications', { candidateId: cand.body.id, jobId: job.body.id });
  const form = await rita.post('/recruiting/evaluation-forms', { name: 'Panel form', questions: [{ id: 'skill', text: 'Skill', kind: 'rating' }, { id: 'hire', text: 'Hire?', kind: 'yes_no' }] });
  const type = await rita.post('/recruiting/interview-types', { name: 'Panel', defaultDurationMinutes: 60, defaultEvaluationFormId: form.body.id });
  const role = await rita.post('/recruiting/roles', { name: 'Peer', permissions: { candidateContact: false, applicationNotes: false, otherEvaluations: false, interviewNotes: false } });
  Object.assign(ids, { application: app.body.id, type: type.body.id, role: role.body.id });
}, 120_000);

afterAll(async () => {
  await k?.stop();
  await google?.close();
});

describe('video through the calendar, interviewer without a calendar', () => {
  it('creates a Meet on the host calendar and mails the other interviewer the same event', async () => {
    const users = (await rita.get('/recruiting/users')).body as Array<{ id: string; calendarConnected: boolean; videoProviders: string[] }>;
    expect(users.find((u) => u.id === ids.nico)?.calendarConnected).toBe(false);
    const noTeams = await rita.post('/recruiting/interviews', { applicationId: ids.application, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.gina }], start: at(DAY, '10:00'), end: at(DAY, '11:00'), method: 'video', videoProvider: 'teams' });
    expect(noTeams.status).toBe(400);
    const r = await rita.post('/recruiting/interviews', {
      applicationId: ids.application,
      interviewTypeId: ids.type,
      organizerId: ids.rita,
      interviewers: [{ userId: ids.gina }, { userId: ids.nico, recruitingRoleId: ids.role }],
      start: at(DAY, '10:00'),
      end: at(DAY, '11:00'),
      method: 'video',
      videoProvider: 'google_meet',
      videoHostUserId: ids.gina,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.interview = r.body.id;
    const iv = await eventually(async () => {
      const x = await rita.get(`/recruiting/interviews/${ids.interview}`);
      return x.body.delivery === 'done' ? x.body : undefined;
    }, 30_000);
    expect(iv.videoJoinUrl).toMatch(/meet\.google\.com/);
    const nicoPart = iv.participants.find((p: { userId: string }) => p.userId === ids.nico);
    expect(nicoPart.status).toBe('email_sent');
    const mail = await eventually(async () => (await caughtTo('nico@example.com'))[0]);
    const parsed = await simpleParser(mail.raw);
    const ics = parsed.attachments.find((a) => /text\/calendar/.test(a.contentType))!.content.toString('utf8');
    const ev = new ICAL.Component(ICAL.parse(ics) as unknown[]).getFirstSubcomponent('vevent')!;
    const row = await k.db.selectFrom('recruiting_interviews').select(['calendar_uid', 'candidate_uid']).where('id', '=', ids.interview).executeTakeFirstOrThrow();
    expect(ev.getFirstPropertyValue('uid')).toBe(row.calendar_uid);
    expect(String(ev.getFirstPropertyValue('description'))).toContain(iv.videoJoinUrl);
    // Nico (a peer without candidateContact) sees the interview but not the candidate's address.
    const asNico = await nico.get(`/recruiting/interviews/${ids.interview}`);
    expect(asNico.status).toBe(200);
    expect(asNico.body.candidate.email).toBeNull();
    expect((await nico.get('/recruiting/interviews')).body).toHaveLength(1);
  });

  it('refuses a second interview for the same host at an overlapping time', async () => {
    const r = await rita.post('/recruiting/interviews', { applicationId: ids.application, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.gina }], start: at(DAY, '10:30'), end: at(DAY, '11:30'), method: 'video', videoProvider: 'google_meet' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
  });
});

describe('evaluations and reminders (F-37)', () => {
  it('completing sends the reminder mails; answers are validated against the form', async () => {
    const done = await rita.post(`/recruiting/interviews/${ids.interview}/complete`);
    expect(done.body.status).toBe('completed');
    const reminder = await eventually(async () => (await caughtTo('gina@example.com', /evaluation/))[0]);
    expect(reminder.text_body).toContain(`/recruiting/interviews/${ids.interview}/evaluation`);
    await eventually(async () => (await caughtTo('nico@example.com', /evaluation/)).length > 0);
    const bad = await gina.put(`/recruiting/interviews/${ids.interview}/evaluations/mine`, { answers: [{ questionId: 'skill', value: 9 }], submit: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('answers.0.value');
    const ok = await gina.put(`/recruiting/interviews/${ids.interview}/evaluations/mine`, { answers: [{ questionId: 'skill', value: 4 }, { questionId: 'hire', value: true }], recommendation: 'yes', submit: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.submittedAt).toBeTruthy();
    await nico.put(`/recruiting/interviews/${ids.interview}/evaluations/mine`, { answers: [{ questionId: 'skill', value: 3 }], submit: false });
    // Nico's role does not allow other evaluations; the recruiter sees both.
    expect((await nico.get(`/recruiting/interviews/${ids.interview}/evaluations`)).body).toHaveLength(1);
    expect((await rita.get(`/recruiting/interviews/${ids.interview}/evaluations`)).body).toHaveLength(2);
    expect((await rita.put(`/recruiting/interviews/${ids.interview}/evaluations/mine`, { answers: [], submit: true })).status).toBe(403);
  });
});

describe('reconnect needed (F-31)', () => {
  it('a revoked Google grant marks the connection and shows per participant, never silently', async () => {
    google.revoke('gina@example.com');
    google.expireAccessTokens('gina@example.com');
    const r = await rita.post('/recruiting/availability', { userIds: [ids.gina, ids.nico], from: at(DAY, '00:00'), to: at('2026-12-09', '00:00'), durationMinutes: 30 });
    expect(r.status).toBe(200);
    expect(r.body.participants[0].error).toMatchObject({ code: 'reconnect_needed' });
    expect(r.body.participants[0].error.message).toMatch(/opnieuw|reconnected|neu verbunden/);
    const conns = (await gina.get('/recruiting/connections')).body;
    expect(conns[0]).toMatchObject({ status: 'reconnect_needed', lastErrorCode: 'reconnect_needed' });
    const users = (await rita.get('/recruiting/users')).body as Array<{ id: string; calendarConnected: boolean; calendarStatus: string }>;
    expect(users.find((u) => u.id === ids.gina)).toMatchObject({ calendarConnected: false, calendarStatus: 'reconnect_needed' });
  });
});

describe('HR absences block slots (F-40)', () => {
  it('an approved absence of the employee with the interviewer\'s e-mail shows and removes the day', async () => {
    const emp = await owner.post('/employees', { firstName: 'Nico', lastName: 'Nocal', email: 'NICO@example.com' });
    expect(emp.status, JSON.stringify(emp.body)).toBe(201);
    const type = await owner.post('/absence-types', { name: 'Vakantie', kind: 'vacation' });
    const abs = await owner.post('/absences', { employeeId: emp.body.id, absenceTypeId: type.body.id, startDate: '2026-12-10', endDate: '2026-12-10', unit: 'days' });
    expect(abs.status, JSON.stringify(abs.body)).toBe(201);
    const window = { userIds: [ids.nico], from: at('2026-12-10', '00:00'), to: at('2026-12-12', '00:00'), durationMinutes: 60 };
    // Pending leave does not block yet; approved leave does.
    const pending = await rita.post('/recruiting/availability', window);
    expect(pending.body.participants[0].absences).toEqual([]);
    expect((await owner.post(`/absences/${abs.body.id}/approve`)).status).toBe(200);
    const r = await rita.post('/recruiting/availability', window);
    // A recruiter sees that Nico is away, not why (HR data); the owner sees the kind.
    expect(r.body.participants[0].absences).toEqual([{ start: at('2026-12-10', '00:00'), end: at('2026-12-11', '00:00'), kind: 'absent', label: '' }]);
    expect((await owner.post('/recruiting/availability', window)).body.participants[0].absences).toEqual([{ start: at('2026-12-10', '00:00'), end: at('2026-12-11', '00:00'), kind: 'vacation', label: 'Vakantie' }]);
    const days = new Set((r.body.slots as Array<{ start: string }>).map((x) => x.start.slice(0, 10)));
    expect(days.has('2026-12-10')).toBe(false);
    expect(days.has('2026-12-11')).toBe(true);
  });
});

describe('demo seed', () => {
  it('seeds jobs, candidates, applications, types, forms and rooms', async () => {
    const t = await createTenant(k, 'Demo BV');
    const seeded = await seedRecruitingDemo(k.services, t.tenant.id, { emailDomain: 'demo-flows.test' });
    expect(seeded.jobs).toHaveLength(3);
    const apps = await t.client.get('/recruiting/applications');
    expect(apps.body).toHaveLength(5);
    expect((await t.client.get('/recruiting/rooms')).body).toHaveLength(2);
    expect((await t.client.get('/recruiting/interview-types')).body).toHaveLength(3);
  });
});
