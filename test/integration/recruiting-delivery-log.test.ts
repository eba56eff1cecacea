import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SecretBox } from '../../src/platform/crypto.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import type { OutgoingMail } from '../../src/platform/mail/mailer.ts';
import { deliverInterview } from '../../src/recruiting/delivery.ts';
import { createTenant, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';

/**
 * Delivery logs each step on the job's logger with the ids bound (interviewId, participantId, provider) and
 * never a name, address, mail text or token. No worker: the test runs the delivery itself with a capturing logger.
 */
let k: TestKoppel;
const PW = 'correct horse battery';
const ids: Record<string, string> = {};

beforeAll(async () => {
  k = await startTestKoppel({ worker: false });
  const { client: owner } = await createTenant(k, 'Logs BV');
  for (const [email, name, role] of [
    ['rita@example.com', 'Rita Recruiter', 'recruiter'],
    ['nico@interviewers.test', 'Nico Nocal', 'interviewer'],
  ] as const) {
    const r = await owner.post('/users', { email, name, role, password: PW, locale: 'en', timeZone: 'Europe/Amsterdam' });
    expect(r.status).toBe(201);
    ids[name.split(' ')[0]!.toLowerCase()] = r.body.id;
  }
  const rita = await login(k, 'rita@example.com', PW);
  const job = await rita.post('/recruiting/jobs', { title: 'Data engineer', responsibleUserId: ids.rita });
  const cand = await rita.post('/recruiting/candidates', { name: 'Eva Candidate', email: 'eva@candidate.test', language: 'en', timeZone: 'Europe/London' });
  const app = await rita.post('/recruiting/applications', { candidateId: cand.body.id, jobId: job.body.id });
  const type = await rita.post('/recruiting/interview-types', { name: 'Panel', defaultDurationMinutes: 60 });
  const r = await rita.post('/recruiting/interviews', {
    applicationId: app.body.id,
    interviewTypeId: type.body.id,
    organizerId: ids.rita,
    interviewers: [{ userId: ids.nico }],
    start: '2026-12-08T10:00:00+01:00',
    end: '2026-12-08T11:00:00+01:00',
    method: 'in_person',
    location: 'Room 4',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids.interview = r.body.id;
}, 120_000);

afterAll(async () => {
  await k?.stop();
});

it('logs the iMIP mail per participant and the candidate mail with ids and recipient domains only', async () => {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger('debug', new Writable({ write(chunk, _e, done) { raw.push(String(chunk)); lines.push(JSON.parse(String(chunk))); done(); } }));
  const sent: OutgoingMail[] = [];
  const mailer = { send: async (m: OutgoingMail) => (sent.push(m), { messageId: `<${sent.length}@test>` }), close() {} };
  await deliverInterview({ db: k.db, config: k.config, mailer, box: new SecretBox(k.config.secret), log, attempt: 1 }, ids.interview!);

  expect(sent).toHaveLength(2);
  const parts = await k.db.selectFrom('recruiting_participants').select(['id', 'kind']).where('interview_id', '=', ids.interview!).execute();
  const nico = parts.find((p) => p.kind === 'interviewer')!;
  const eva = parts.find((p) => p.kind === 'candidate')!;
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'mail sent', interviewId: ids.interview, participantId: nico.id, provider: 'imip', ical: 'REQUEST', recipientDomains: ['interviewers.test'] }));
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'mail sent', interviewId: ids.interview, participantId: eva.id, kind: 'candidate', recipientDomains: ['candidate.test'] }));
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'delivery done', interviewId: ids.interview, failures: [], attempt: 1 }));
  const all = raw.join('');
  for (const secret of ['eva@candidate.test', 'nico@interviewers.test', 'Eva Candidate', 'Nico Nocal', 'Data engineer', 'Room 4', 'BEGIN:VCALENDAR']) expect(all).not.toContain(secret);
});

it('logs a failed candidate mail with its reason and attempt', async () => {
  await k.db.updateTable('recruiting_participants').set({ synced_sequence: null, delivery: 'pending' }).where('interview_id', '=', ids.interview!).where('kind', '=', 'candidate').execute();
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('debug', new Writable({ write(chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  const mailer = { send: async () => Promise.reject(Object.assign(new Error('421 try later for eva@candidate.test'), { code: 'ECONNECTION' })), close() {} };
  await expect(deliverInterview({ db: k.db, config: k.config, mailer, box: new SecretBox(k.config.secret), log, attempt: 3 }, ids.interview!)).rejects.toThrow(/incomplete/);
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'mail failed', reason: 'ECONNECTION', kind: 'candidate', recipientDomains: ['candidate.test'] }));
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'candidate_mail failed', step: 'candidate_mail', reason: 'unavailable', attempt: 3 }));
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'delivery incomplete', failures: ['candidate:unavailable'], attempt: 3 }));
  expect(JSON.stringify(lines)).not.toContain('eva@candidate.test');
});
