import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, eventually, login, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
import { userWithRole } from '../helpers/workforce.ts';

/** Mails that could not be sent are visible (issue 12, item 6): no transport configured → dead job, listed, retried. */
let k: TestKoppel;
beforeAll(async () => {
  // No SMTP_URL and no catcher: what `koppel serve` without SMTP_URL runs with.
  k = await startTestKoppel({ worker: true, mailCatcher: false });
});
afterAll(async () => {
  await k?.stop();
});

describe('mail delivery problems', () => {
  it('without a mail transport the invitation job fails (never "done"), admins see it with the reason, and may retry it', async () => {
    const { client: owner, tenant } = await createTenant(k, 'Mailless BV');
    const invited = await owner.post('/users', { email: 'nora.new@example.test', name: 'Nora New', role: 'planner' });
    expect(invited.status).toBe(201);
    const job = await eventually(() => k.db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenant.id).where('status', 'in', ['dead', 'done']).executeTakeFirst());
    expect(job.status).toBe('dead');
    expect(job.attempts).toBe(1);
    expect(job.last_error).toContain('SMTP_URL');

    const problems = await owner.get('/jobs/problems');
    expect(problems.status).toBe(200);
    expect(problems.body).toHaveLength(1);
    expect(problems.body[0]).toMatchObject({ id: Number(job.id), status: 'dead', reason: 'mail_not_configured', mail: { to: 'nora.new@example.test' }, lastError: expect.stringContaining('SMTP_URL') });
    // The mail's text (it holds the link with a token) is never part of the answer.
    expect(JSON.stringify(problems.body)).not.toMatch(/token=|reset-password/);

    // The one who invited sees it in the users list.
    const users = await owner.get('/users');
    expect(users.body.find((u: { email: string }) => u.email === 'nora.new@example.test').mail_state).toBe('failed');
    expect(users.body.find((u: { role: string }) => u.role === 'owner').mail_state).toBeNull();

    // Retry: runs again now with fresh attempts (and fails again, visibly: still no transport); audited.
    const retried = await owner.post(`/jobs/${job.id}/retry`);
    expect(retried.status).toBe(200);
    const again = await eventually(async () => {
      const row = await k.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      return row.status === 'dead' && row.finished_at && row.finished_at > job.finished_at! ? row : null;
    });
    expect(again.attempts).toBe(1);
    const audit = await k.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'job').where('entity_id', '=', String(job.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['retry']);
    // A job that did not fail cannot be "retried".
    await k.db.updateTable('jobs').set({ status: 'done', last_error: null }).where('id', '=', job.id).execute();
    expect((await owner.post(`/jobs/${job.id}/retry`)).status).toBe(409);
  });

  it('the one who asked for a mail is told when it could not be sent: a recruiter’s scheduling link (issue 12 #6)', async () => {
    const { client: owner } = await createTenant(k, 'Told BV');
    const PW = 'correct horse battery';
    const users: Record<string, string> = {};
    for (const [email, name] of [
      ['rita@told.test', 'Rita'],
      ['rob@told.test', 'Rob'],
    ] as const) {
      const r = await owner.post('/users', { email, name, role: 'recruiter', password: PW, locale: 'nl', timeZone: 'Europe/Amsterdam' });
      expect(r.status).toBe(201);
      users[name] = r.body.id;
    }
    const rita = await login(k, 'rita@told.test', PW, 'nl');
    const job = await rita.post('/recruiting/jobs', { title: 'Kok', responsibleUserId: users.Rita });
    const cand = await rita.post('/recruiting/candidates', { name: 'Eva Kandidaat', email: 'eva@kandidaat.test', language: 'nl', timeZone: 'Europe/Amsterdam' });
    const app = await rita.post('/recruiting/applications', { candidateId: cand.body.id, jobId: job.body.id });
    const type = await rita.post('/recruiting/interview-types', { name: 'Gesprek', defaultDurationMinutes: 30 });
    const link = await rita.post(`/recruiting/applications/${app.body.id}/scheduling-links`, {
      interviewTypeId: type.body.id,
      organizerId: users.Rita,
      interviewerIds: [users.Rita],
      durationMinutes: 30,
      method: 'in_person',
      sendMail: true,
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const deliveryId = link.body.mailDeliveryId as number;
    expect(deliveryId).toEqual(expect.any(Number));
    // No transport: the mail fails for good, and the recruiter who sent it reads why.
    const failed = await eventually(async () => {
      const d = await rita.get(`/mail-deliveries/${deliveryId}`);
      expect(d.status).toBe(200);
      return d.body.state === 'failed' ? d.body : null;
    }, 20_000);
    expect(failed).toEqual({ id: deliveryId, state: 'failed', reason: 'mail_not_configured', attempts: 1, maxAttempts: expect.any(Number), to: 'eva@kandidaat.test' });
    // Another recruiter does not read it; the owner (admin) does; another tenant does not; a bad id is a 400.
    const rob = await login(k, 'rob@told.test', PW);
    expect((await rob.get(`/mail-deliveries/${deliveryId}`)).status).toBe(404);
    expect((await owner.get(`/mail-deliveries/${deliveryId}`)).body.state).toBe('failed');
    const other = await createTenant(k, 'Nosy BV');
    expect((await other.client.get(`/mail-deliveries/${deliveryId}`)).status).toBe(404);
    expect((await rita.get('/mail-deliveries/abc')).status).toBe(400);
    // A job that is not a mail is not a mail delivery.
    const notMail = await k.db.selectFrom('jobs').select('id').where('name', '!=', 'mail.send').executeTakeFirst();
    if (notMail) expect((await owner.get(`/mail-deliveries/${notMail.id}`)).status).toBe(404);
    // Without a mail, no delivery to follow.
    const quiet = await rita.post(`/recruiting/applications/${app.body.id}/scheduling-links`, { interviewTypeId: type.body.id, organizerId: users.Rita, interviewerIds: [users.Rita], durationMinutes: 30, method: 'in_person', sendMail: false });
    expect(quiet.body.mailDeliveryId).toBeNull();
  });

  it('is admin-only and tenant-scoped', async () => {
    const a = await createTenant(k, 'Tenant A');
    const b = await createTenant(k, 'Tenant B');
    await a.client.post('/users', { email: 'ann.a@example.test', name: 'Ann A', role: 'interviewer' });
    const jobA = await eventually(async () => (await a.client.get('/jobs/problems')).body[0]);
    expect((await b.client.get('/jobs/problems')).body.find((j: { id: number }) => j.id === jobA.id)).toBeUndefined();
    expect((await b.client.post(`/jobs/${jobA.id}/retry`)).status).toBe(404);
    for (const role of ['hr_admin', 'planner', 'recruiter', 'interviewer'] as const) {
      const c = await userWithRole(k, a.client, role);
      expect((await c.get('/jobs/problems')).status, role).toBe(403);
      expect((await c.post(`/jobs/${jobA.id}/retry`)).status, role).toBe(403);
    }
    expect((await a.client.post('/jobs/not-a-number/retry')).status).toBe(400);
  });

  it('with the SMTP server unreachable, a failing mail shows as retrying with the reason before it is dead', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const unreachable = await startTestKoppel({ worker: true, mailCatcher: false, config: { smtpUrl: 'smtp://127.0.0.1:1' } });
    try {
      const { client: owner } = await createTenant(unreachable, 'Offline BV');
      await owner.post('/users', { email: 'otto.offline@example.test', name: 'Otto Offline', role: 'recruiter' });
      const problem = await eventually(async () => (await owner.get('/jobs/problems')).body[0], 15_000);
      expect(problem).toMatchObject({ status: 'retrying', reason: 'unreachable', mail: { to: 'otto.offline@example.test' }, lastError: expect.stringContaining('ECONNREFUSED') });
      expect(problem.nextAttemptAt).toBeTruthy();
      const users = await owner.get('/users');
      expect(users.body.find((u: { email: string }) => u.email === 'otto.offline@example.test').mail_state).toBe('failed');
    } finally {
      await unreachable.stop();
    }
  });
});
