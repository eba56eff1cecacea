import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, eventually, startTestKoppel, type TestKoppel } from '../helpers/harness.ts';
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
