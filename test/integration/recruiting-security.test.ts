import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/platform/crypto.ts';
import { createPkceVerifier } from '../../src/connectors/kit/auth/oauth2.ts';
import { exchangeCode } from '../../src/connectors/kit/oauth/oauth.ts';
import { pollAll, STALE_DELIVERY_MS } from '../../src/recruiting/delivery.ts';
import { GOOGLE_DEFAULT_CLIENT, type GoogleEmulator, startGoogleCalendarEmulator } from '../../emulators/google/google-emulator.ts';
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

const replyIcs = (uid: string, sequence: number, attendee: string, partstat: string) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Mail client//EN', 'METHOD:REPLY', 'BEGIN:VEVENT', `UID:${uid}`, `SEQUENCE:${sequence}`, 'DTSTAMP:20261125T100000Z', `ATTENDEE;PARTSTAT=${partstat}:mailto:${attendee}`, 'ORGANIZER:mailto:no-reply@koppel.local', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

/** A reply as many mail clients send it: the calendar part base64-encoded, only its header in plain text. */
function base64Reply(from: string, ics: string) {
  const body = Buffer.from(ics, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = [
    `From: ${from}`, 'To: no-reply@koppel.local', 'Subject: Reply', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'See the attached reply.',
    '--b1', 'Content-Type: text/calendar; charset=utf-8; method=REPLY', 'Content-Transfer-Encoding: base64', '', body,
    '--b1--', '',
  ].join('\r\n');
  return { envelope: { from, to: ['no-reply@koppel.local'] }, raw };
}

describe('I3/I4: mailed replies', () => {
  it('reads a base64-encoded REPLY and tells the organizer about a mailed decline once, even when two refreshes race', async () => {
    const appId = await application('Erik Encoded', 'erik@candidate.test');
    const iv = await rita.post('/recruiting/interviews', {
      applicationId: appId, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.ivo }],
      start: at('2026-12-16', '10:00'), end: at('2026-12-16', '11:00'), method: 'in_person',
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    await eventually(async () => (await rita.get(`/recruiting/interviews/${iv.body.id}`)).body.delivery === 'done', 30_000);
    const row = await k.db.selectFrom('recruiting_interviews').selectAll().where('id', '=', iv.body.id).executeTakeFirstOrThrow();
    const transport = nodemailer.createTransport(k.config.smtpUrl!);
    await transport.sendMail(base64Reply('erik@candidate.test', replyIcs(row.candidate_uid, row.sequence, 'erik@candidate.test', 'ACCEPTED')));
    await transport.sendMail(base64Reply('ivo@example.com', replyIcs(row.calendar_uid, row.sequence, 'ivo@example.com', 'DECLINED')));
    transport.close();
    const raws = await eventually(async () => { const r = (await mailsTo('no-reply@koppel.local')).map((m) => m.raw); return r.length >= 2 ? r : undefined; });
    expect(raws.some((r) => /METHOD:REPLY/.test(r))).toBe(false);
    const [a, b] = await Promise.all([rita.post(`/recruiting/interviews/${iv.body.id}/refresh`), rita.post(`/recruiting/interviews/${iv.body.id}/refresh`)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const dto = (await rita.get(`/recruiting/interviews/${iv.body.id}`)).body;
    const outcomes = await k.db.selectFrom('recruiting_processed_mails').select('outcome').execute();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied:accepted', 'applied:declined']);
    expect(dto.participants.find((p: { kind: string }) => p.kind === 'candidate').status).toBe('accepted');
    expect(dto.participants.find((p: { kind: string }) => p.kind === 'interviewer').status).toBe('declined');
    const notices = async () => (await mailsTo('rita@example.com')).filter((m) => /Ivo Interviewer.*Erik Encoded/.test(m.subject));
    await eventually(async () => (await notices()).length > 0, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await notices()).toHaveLength(1);
  });
});

describe('I1: reconnecting a calendar', () => {
  it('keeps the connection row, so responses of already-delivered events are still read', async () => {
    const first = await connectGoogle(gina);
    const appId = await application('Fay Follow', 'fay@candidate.test');
    const iv = await rita.post('/recruiting/interviews', {
      applicationId: appId, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.gina }],
      start: at('2026-12-17', '10:00'), end: at('2026-12-17', '11:00'), method: 'in_person',
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    await eventually(async () => (await rita.get(`/recruiting/interviews/${iv.body.id}`)).body.delivery === 'done', 30_000);
    const again = await connectGoogle(gina);
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('connected');
    const part = await k.db.selectFrom('recruiting_participants').select(['connection_id', 'event_ref']).where('interview_id', '=', iv.body.id).where('kind', '=', 'interviewer').executeTakeFirstOrThrow();
    expect(part.connection_id).toBe(first.id);
    // Gina declines in her calendar (the emulator answers on her latest event, this interview's).
    google.respond('gina@example.com', { responseStatus: 'declined' });
    const after = await rita.post(`/recruiting/interviews/${iv.body.id}/refresh`);
    expect(after.body.participants.find((p: { kind: string }) => p.kind === 'interviewer').status).toBe('declined');
  });
});

describe('C2: video interview invitations carry the link', () => {
  it('holds the candidate back until the Meet link exists, then sends it with the link', async () => {
    const appId = await application('Gwen Video', 'gwen@candidate.test');
    // The host's event insert (which creates the Meet) fails once; the job retries.
    google.injectFault({ method: 'POST', path: /\/calendars\/[^/]+\/events/, status: 400, times: 1 });
    const iv = await rita.post('/recruiting/interviews', {
      applicationId: appId, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.gina }, { userId: ids.ivo }],
      start: at('2026-12-18', '10:00'), end: at('2026-12-18', '11:00'), method: 'video', videoProvider: 'google_meet', videoHostUserId: ids.gina,
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    const done = await eventually(async () => {
      const dto = (await rita.get(`/recruiting/interviews/${iv.body.id}`)).body;
      return dto.delivery === 'done' ? dto : undefined;
    }, 90_000);
    expect(done.videoJoinUrl).toMatch(/meet\.google\.com/);
    const toCandidate = await eventually(async () => { const m = await mailsTo('gwen@candidate.test'); return m.length ? m : undefined; }, 30_000);
    const toIvo = (await mailsTo('ivo@example.com')).filter((m) => m.raw.includes('Gwen Video') || /Gwen Video/.test(m.subject));
    expect(toIvo.length).toBeGreaterThan(0);
    for (const m of [...toCandidate, ...toIvo]) {
      const parsed = await simpleParser(m.raw);
      const ics = parsed.attachments.filter((x) => /text\/calendar/i.test(x.contentType)).map((x) => x.content.toString('utf8')).join('\n');
      expect(`${parsed.text}\n${ics}`).toContain(done.videoJoinUrl);
    }
  }, 120_000);
});

describe('I2: a change whose delivery enqueue was swallowed', () => {
  it('is delivered by the poller once it has been pending too long', async () => {
    const appId = await application('Hanna Hidden', 'hanna@candidate.test');
    const iv = await rita.post('/recruiting/interviews', {
      applicationId: appId, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.ivo }],
      start: at('2026-12-21', '10:00'), end: at('2026-12-21', '11:00'), method: 'in_person',
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    await eventually(async () => (await rita.get(`/recruiting/interviews/${iv.body.id}`)).body.delivery === 'done', 30_000);
    // What the race leaves behind: a reschedule committed (new time, SEQUENCE+1, delivery pending) while the
    // delivery job was running, so its enqueue met that job's singleton key and no job is queued for it.
    await k.db
      .updateTable('recruiting_interviews')
      .set({ start_at: new Date(at('2026-12-21', '14:00')), end_at: new Date(at('2026-12-21', '15:00')), sequence: 1, delivery: 'pending', updated_at: new Date(Date.now() - STALE_DELIVERY_MS - 60_000) })
      .where('id', '=', iv.body.id)
      .execute();
    const before = (await mailsTo('hanna@candidate.test')).length;
    const r = await pollAll({ db: k.db, config: k.config, box: new SecretBox(k.config.secret) });
    expect(r.redelivered).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await rita.get(`/recruiting/interviews/${iv.body.id}`)).body.delivery === 'done', 30_000);
    const mails = await mailsTo('hanna@candidate.test');
    expect(mails.length).toBe(before + 1);
    const ics = (await simpleParser(mails.at(-1)!.raw)).attachments.find((x) => /text\/calendar/i.test(x.contentType))!.content.toString('utf8');
    expect(ics).toMatch(/SEQUENCE:1/);
  });
});

describe('I7/M1/M11: public booking errors, names, past bookings', () => {
  it('checks smart-link settings at creation, and a public booking that fails inside names nobody', async () => {
    const appId = await application('Iris Intake', 'iris@candidate.test');
    const linkBody = { interviewTypeId: ids.type, organizerId: ids.rita, interviewerIds: [ids.ivo], durationMinutes: 30, days: 14, method: 'in_person' };
    // Settings a booking would refuse fail now, not for the candidate.
    const notResponsible = await rita.post(`/recruiting/applications/${appId}/scheduling-links`, { ...linkBody, organizerId: ids.ivo });
    expect(notResponsible.status).toBe(400);
    expect(notResponsible.body.error.details).toEqual([expect.objectContaining({ field: 'organizerId' })]);
    const noHost = await rita.post(`/recruiting/applications/${appId}/scheduling-links`, { ...linkBody, method: 'video', videoProvider: 'zoom', videoHostUserId: ids.ivo });
    expect(noHost.status).toBe(400);
    expect(noHost.body.error.details).toEqual([expect.objectContaining({ field: 'videoProvider' })]);
    const noPhone = await rita.post(`/recruiting/applications/${appId}/scheduling-links`, { ...linkBody, method: 'phone' });
    expect(noPhone.status).toBe(400);
    // A valid link whose booking later fails inside (the job changed hands): the public page learns nothing internal.
    const ownJob = await rita.post('/recruiting/jobs', { title: 'Chef', responsibleUserId: ids.rita });
    const cand = await rita.post('/recruiting/candidates', { name: 'Kees Kok', email: 'kees@candidate.test', language: 'nl', timeZone: 'Europe/Amsterdam' });
    const app2 = await rita.post('/recruiting/applications', { candidateId: cand.body.id, jobId: ownJob.body.id });
    const link = await rita.post(`/recruiting/applications/${app2.body.id}/scheduling-links`, linkBody);
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect((await owner.patch(`/recruiting/jobs/${ownJob.body.id}`, { responsibleUserId: ids.sam })).status).toBe(200);
    const token = link.body.url.split('/').pop();
    const view = await k.app.inject({ method: 'GET', url: `/api/v1/recruiting/public/scheduling/${token}`, headers: { 'accept-language': 'nl' } });
    expect(view.statusCode, view.body).toBe(200);
    const start = view.json().options[0].start;
    const res = await k.app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${token}/book`, headers: { 'accept-language': 'nl' }, payload: { start } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(res.body).not.toMatch(/Ivo|responsible|organizerId/i);
  });

  it('refuses control characters in names and bookings in the past', async () => {
    const bad = await rita.post('/recruiting/candidates', { name: 'Eve\r\nATTENDEE:mailto:x@evil.test', email: 'eve@candidate.test', language: 'en', timeZone: 'Europe/Amsterdam' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const appId = await application('Jan Past', 'jan@candidate.test');
    const past = await rita.post('/recruiting/interviews', {
      applicationId: appId, interviewTypeId: ids.type, organizerId: ids.rita, interviewers: [{ userId: ids.ivo }],
      start: new Date(Date.now() - 86_400_000).toISOString(), end: new Date(Date.now() - 82_800_000).toISOString(), method: 'in_person',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([expect.objectContaining({ field: 'start' })]);
  });
});

describe('I5: public link rate limit', () => {
  it('counts per link, so varying X-Forwarded-For does not get around it', async () => {
    const token = 'A'.repeat(43);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await k.app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${token}/book`, headers: { 'x-forwarded-for': `203.0.113.${i + 1}` }, payload: { start: '2026-12-22T09:00:00.000Z' } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const other = await k.app.inject({ method: 'POST', url: `/api/v1/recruiting/public/scheduling/${'B'.repeat(43)}/book`, headers: { 'x-forwarded-for': '203.0.113.1' }, payload: { start: '2026-12-22T09:00:00.000Z' } });
    expect(other.statusCode).toBe(404);
  });
});

describe('I6: a CalDAV URL may not point into the installation network when private hosts are denied', () => {
  it('refuses loopback and private addresses with a translated field error and stores nothing', async () => {
    const guarded = await startTestKoppel({ config: { outboundGuard: true, privateHosts: [] } });
    try {
      const { client } = await createTenant(guarded, 'Afgeschermd BV');
      for (const url of ['http://127.0.0.1:8090/caldav.php/', 'http://localhost:8090/dav/', 'http://[::1]/dav/']) {
        const res = await client.post('/recruiting/connections/caldav', { url, username: 'x', password: 'y' }, { 'accept-language': 'nl' });
        expect(res.status, url).toBe(400);
        expect(res.body.error.details).toEqual([{ field: 'url', message: 'Een adres in een privé- of lokaal netwerk is niet toegestaan.' }]);
      }
      expect((await client.get('/recruiting/connections')).body).toEqual([]);
    } finally {
      await guarded.stop();
    }
  });
});

describe('PKCE on the OAuth connect flow (RFC 7636)', () => {
  const consent = async (client: Client) => {
    const start = await client.post('/recruiting/connections/oauth/start', { kind: 'google', redirectUri: REDIRECT });
    expect(start.status).toBe(200);
    const back = new URL((await fetch(start.body.authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
    return { authorizeUrl: new URL(start.body.authorizeUrl as string), state: back.searchParams.get('state')!, code: back.searchParams.get('code')! };
  };
  const stateRow = (state: string) => k.db.selectFrom('recruiting_oauth_states').selectAll().where('id', '=', createHash('sha256').update(state).digest('hex'));
  const connections = async () => (await k.db.selectFrom('recruiting_connections').select('id').execute()).length;

  it('sends an S256 challenge and keeps the verifier encrypted with the state', async () => {
    const { authorizeUrl, state } = await consent(gina);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const challenge = authorizeUrl.searchParams.get('code_challenge')!;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await stateRow(state).executeTakeFirstOrThrow();
    const verifier = k.services.box.decrypt(row.code_verifier);
    expect(row.code_verifier).not.toContain(verifier);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(challenge);
  });

  it('a code is refused without its verifier (an intercepted code is useless)', async () => {
    const { code } = await consent(gina);
    const without = exchangeCode({ tokenUrl: google.tokenUrl, clientId: GOOGLE_DEFAULT_CLIENT.clientId, clientSecret: GOOGLE_DEFAULT_CLIENT.clientSecret, code, redirectUri: REDIRECT });
    await expect(without).rejects.toMatchObject({ code: 'reconnect_needed' });
  });

  it('the callback fails with a wrong or missing stored verifier and saves no connection', async () => {
    const before = await connections();
    const wrong = await consent(gina);
    await k.db.updateTable('recruiting_oauth_states').set({ code_verifier: k.services.box.encrypt(createPkceVerifier()) }).where('id', '=', createHash('sha256').update(wrong.state).digest('hex')).execute();
    const refused = await gina.post('/recruiting/connections/oauth/callback', { state: wrong.state, code: wrong.code });
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400);
    expect(refused.body.error.code).toBe('integration_credentials_invalid');
    const missing = await consent(gina);
    await k.db.updateTable('recruiting_oauth_states').set({ code_verifier: '' }).where('id', '=', createHash('sha256').update(missing.state).digest('hex')).execute();
    const expired = await gina.post('/recruiting/connections/oauth/callback', { state: missing.state, code: missing.code });
    expect(expired.status, JSON.stringify(expired.body)).toBe(400);
    expect(await connections()).toBe(before);
    // The right verifier still connects.
    const right = await consent(gina);
    const done = await gina.post('/recruiting/connections/oauth/callback', { state: right.state, code: right.code });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
  });
});
