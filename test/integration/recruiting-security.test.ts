import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_DEFAULT_CLIENT, type GoogleEmulator, startGoogleCalendarEmulator } from '../../src/recruiting/providers/google/emulator/google-emulator.ts';
import { type Client, createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Findings of the recruiting security review (issue 4, /tmp/review-recruiting.md), each through the
 * HTTP API: C1 staff-only personal data and recruiting-role permissions, C2 no video invitation
 * without its link, I1 reconnecting keeps participants attached, I3 encoded mailed replies.
 */

let k: TestKoppel;
let google: GoogleEmulator;
let owner: Client;
let rita: Client;
let ivo: Client;
let gina: Client;
const ids: Record<string, string> = {};
const PW = 'correct horse battery';
const REDIRECT = 'http://localhost:3000/recruiting/oauth/callback';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

async function connectGoogle(client: Client) {
  const start = await client.post('/recruiting/connections/oauth/start', { kind: 'google', redirectUri: REDIRECT });
  expect(start.status).toBe(200);
  const back = new URL((await fetch(start.body.authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
  const done = await client.post('/recruiting/connections/oauth/callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  return done.body;
}
const mailsTo = async (email: string) => (await k.db.selectFrom('caught_mails').selectAll().orderBy('id').execute()).filter((m) => m.rcpt_to.includes(email));

beforeAll(async () => {
  google = await startGoogleCalendarEmulator({ autoApprove: true, users: [{ email: 'gina@example.com', name: 'Gina Google', timeZone: 'Europe/Amsterdam' }] });
  k = await startTestKoppel({ worker: true });
  ({ client: owner } = await createTenant(k, 'Veilig BV'));
  for (const [email, name, role] of [
    ['rita@example.com', 'Rita Recruiter', 'recruiter'],
    ['ivo@example.com', 'Ivo Interviewer', 'interviewer'],
    ['sam@example.com', 'Sam Sick', 'planner'],
    ['gina@example.com', 'Gina Google', 'interviewer'],
  ] as const) {
    const r = await owner.post('/users', { email, name, role, password: PW, locale: 'en', timeZone: 'Europe/Amsterdam' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[name.split(' ')[0]!.toLowerCase()] = r.body.id;
  }
  rita = await login(k, 'rita@example.com', PW);
  ivo = await login(k, 'ivo@example.com', PW);
  gina = await login(k, 'gina@example.com', PW);
  await owner.put('/recruiting/oauth-apps', { kind: 'google', clientId: GOOGLE_DEFAULT_CLIENT.clientId, clientSecret: GOOGLE_DEFAULT_CLIENT.clientSecret, authorizeUrl: google.authorizeUrl, tokenUrl: google.tokenUrl, apiBaseUrl: google.url });
  const job = await rita.post('/recruiting/jobs', { title: 'Engineer', responsibleUserId: ids.rita });
  ids.job = job.body.id;
  const type = await rita.post('/recruiting/interview-types', { name: 'Panel', defaultDurationMinutes: 60 });
  ids.type = type.body.id;
}, 120_000);

afterAll(async () => {
  await k?.stop();
  await google?.close();
});

async function application(name: string, email: string, notes: string | null = null) {
  const cand = await rita.post('/recruiting/candidates', { name, email, phone: '+31 6 1234 5678', language: 'en', timeZone: 'Europe/Amsterdam' });
  expect(cand.status, JSON.stringify(cand.body)).toBe(201);
  const app = await rita.post('/recruiting/applications', { candidateId: cand.body.id, jobId: ids.job, notes });
  expect(app.status, JSON.stringify(app.body)).toBe(201);
  return app.body.id as string;
}

describe('C1: candidate data, availability and recruiting-role permissions', () => {
  it('an interviewer who takes part in nothing reads no candidate, application or availability', async () => {
    const appId = await application('Cora Candidate', 'cora@private.example', 'Salary expectation 95k');
    expect((await ivo.get('/recruiting/candidates')).status).toBe(403);
    const list = await ivo.get('/recruiting/applications');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    expect((await ivo.get(`/recruiting/applications/${appId}`)).status).toBe(404);
    const av = await ivo.post('/recruiting/availability', { userIds: [ids.sam], from: '2026-12-09T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' });
    expect(av.status).toBe(403);
    // Staff still read everything.
    expect((await rita.get('/recruiting/candidates')).body.some((c: { email: string }) => c.email === 'cora@private.example')).toBe(true);
  });

  it('the kind and label of a colleague absence are for HR only; a recruiter sees "absent"', async () => {
    const emp = await owner.post('/employees', { firstName: 'Sam', lastName: 'Sick', email: 'sam@example.com' });
    expect(emp.status, JSON.stringify(emp.body)).toBe(201);
    const type = await owner.post('/absence-types', { name: 'Ziekte (burn-out)', kind: 'sick' });
    const abs = await owner.post('/absences', { employeeId: emp.body.id, absenceTypeId: type.body.id, startDate: '2026-12-10', endDate: '2026-12-11', unit: 'days' });
    expect(abs.status, JSON.stringify(abs.body)).toBe(201);
    await owner.post(`/absences/${abs.body.id}/approve`);
    const body = { userIds: [ids.sam], from: '2026-12-09T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' };
    const hr = await owner.post('/recruiting/availability', body);
    expect(hr.status).toBe(200);
    expect(hr.body.participants[0].absences).toEqual([expect.objectContaining({ kind: 'sick', label: 'Ziekte (burn-out)' })]);
    const rec = await rita.post('/recruiting/availability', body);
    expect(rec.status).toBe(200);
    expect(rec.body.participants[0].absences).toHaveLength(1);
    expect(rec.body.participants[0].absences[0]).toMatchObject({ kind: 'absent', label: '' });
    expect(JSON.stringify(rec.body)).not.toMatch(/"sick"|burn-out/i);
  });

  it('an interviewer sees contact details and notes only as far as the recruiting role allows', async () => {
    const appId = await application('Dirk Doe', 'dirk@private.example', 'Wants 4 days a week');
    const role = await rita.post('/recruiting/roles', { name: 'Panel member', permissions: { candidateContact: false, applicationNotes: false, otherEvaluations: false, interviewNotes: false } });
    expect(role.status).toBe(201);
    const iv = await rita.post('/recruiting/interviews', {
      applicationId: appId, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.ivo, recruitingRoleId: role.body.id }],
      start: at('2026-12-15', '10:00'), end: at('2026-12-15', '11:00'), method: 'in_person', notes: 'Ask about the gap in 2024',
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    const seen = async () => ({ iv: (await ivo.get(`/recruiting/interviews/${iv.body.id}`)).body, app: await ivo.get(`/recruiting/applications/${appId}`), list: (await ivo.get('/recruiting/applications')).body });
    let v = await seen();
    expect(v.iv.candidate.email).toBeNull();
    expect(v.iv.participants.find((p: { kind: string }) => p.kind === 'candidate').email).toBeNull();
    expect(v.iv.notes).toBeNull();
    expect(v.app.status).toBe(200);
    expect(v.app.body).toMatchObject({ candidateName: 'Dirk Doe', candidateEmail: null, notes: null });
    expect(v.list.map((a: { id: string }) => a.id)).toEqual([appId]);

    const upd = await rita.patch(`/recruiting/roles/${role.body.id}`, { permissions: { candidateContact: true, applicationNotes: true, otherEvaluations: false, interviewNotes: true } });
    expect(upd.status).toBe(200);
    v = await seen();
    expect(v.iv.candidate.email).toBe('dirk@private.example');
    expect(v.iv.notes).toBe('Ask about the gap in 2024');
    expect(v.app.body).toMatchObject({ candidateEmail: 'dirk@private.example', notes: 'Wants 4 days a week' });
    // Candidates themselves stay staff-only even then.
    expect((await ivo.get('/recruiting/candidates')).status).toBe(403);
  });
});
