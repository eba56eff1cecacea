import { sql } from 'kysely';
import { type Actor, inRoleGroup, requireRole } from '../../domain/actor.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import type { Database } from '../db/client.ts';

/**
 * Background jobs that did not succeed, for the tenant's admins (Settings → Background jobs): what failed, why,
 * and a retry. A job is a problem when it is dead (attempts used up, or a failure retrying cannot fix, such as no
 * mail transport) or when it failed and waits for its next attempt. Only the tenant's own jobs; installation jobs
 * (no tenant) are the operator's, in the logs.
 */
export type JobProblem = {
  id: number;
  name: string;
  status: 'dead' | 'retrying';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** What the error means, as a stable code the UI translates (the technical text stays in lastError). */
  reason: FailureReason;
  /** For a mail: to whom and what (never its text: it can hold a link with a token). */
  mail: { to: string; subject: string | null } | null;
  createdAt: Date;
  failedAt: Date | null;
  nextAttemptAt: Date | null;
};

export type FailureReason = 'mail_not_configured' | 'unreachable' | 'auth_failed' | 'refused' | 'other';

/** Reads the stored error text (a transport's message, e.g. nodemailer's) as one of a few reasons an admin can act on. */
export function failureReason(error: string | null): FailureReason {
  if (!error) return 'other';
  if (/No mail transport is configured|ENOTRANSPORT/.test(error)) return 'mail_not_configured';
  if (/EAUTH|Invalid login|\b53[45]\b/.test(error)) return 'auth_failed';
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ESOCKET|ECONNECTION|Greeting never received|Connection timeout/i.test(error)) return 'unreachable';
  // SMTP's own refusals: an envelope error, or a 5xx reply with an enhanced status code (550 5.1.1 …).
  if (/EENVELOPE|\b5\d\d[ -]5\.\d{1,3}\.\d{1,3}\b/.test(error)) return 'refused';
  return 'other';
}

/** A user's latest mail (invitation, password reset or any other): did it go out? */
export type MailState = 'sent' | 'pending' | 'failed';

type JobRowOut = {
  id: number | string;
  name: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  payload: unknown;
  created_at: Date;
  finished_at: Date | null;
  run_at: Date;
};

const PROBLEM = sql<boolean>`(status = 'dead' OR (status = 'queued' AND last_error IS NOT NULL))`;

function mailOf(payload: unknown): JobProblem['mail'] {
  const p = (payload ?? {}) as { to?: unknown; email?: unknown; subject?: unknown };
  const to = Array.isArray(p.to) ? p.to.filter((x) => typeof x === 'string').join(', ') : typeof p.to === 'string' ? p.to : typeof p.email === 'string' ? p.email : null;
  if (!to) return null;
  return { to, subject: typeof p.subject === 'string' ? p.subject : null };
}

/**
 * Account mails (invitation, reset: `auth.account-mail`) carry only a user id, never the address or the link; the
 * recipient shown is that user's address, looked up in the caller's tenant.
 */
async function recipientsOf(db: Database, tenantId: string, rows: JobRowOut[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      rows.flatMap((r) => {
        const id = (r.payload as { userId?: unknown } | null)?.userId;
        return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && !mailOf(r.payload) ? [id] : [];
      }),
    ),
  ];
  if (ids.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['id', 'email']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return new Map(users.map((u) => [u.id, u.email]));
}

function toProblem(r: JobRowOut, recipients: Map<string, string> = new Map()): JobProblem {
  const dead = r.status === 'dead';
  const userId = (r.payload as { userId?: unknown } | null)?.userId;
  const byUser = typeof userId === 'string' ? recipients.get(userId) : undefined;
  return {
    id: Number(r.id),
    name: r.name,
    status: dead ? 'dead' : 'retrying',
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    reason: failureReason(r.last_error),
    mail: mailOf(r.payload) ?? (byUser ? { to: byUser, subject: null } : null),
    createdAt: r.created_at,
    failedAt: dead ? r.finished_at : null,
    nextAttemptAt: dead ? null : r.run_at,
  };
}

/** Whether a mail someone asked for went out (issue 12 #6: the one who triggered a mail is told when it could not be sent). */
export type MailDelivery = {
  id: number;
  /** pending: queued or being sent; retrying: failed, another attempt is due; failed: no more attempts. */
  state: 'pending' | 'sent' | 'retrying' | 'failed';
  reason: FailureReason | null;
  attempts: number;
  maxAttempts: number;
  to: string | null;
};

export function createJobsService(db: Database) {
  return {
    /**
     * A mail job's delivery, for the user who asked for it (payload.requestedBy) or the tenant's admins; anybody else,
     * another tenant and other kinds of jobs get 404. Never the text or the attachments.
     */
    async mailDelivery(actor: Actor, id: number): Promise<MailDelivery> {
      const row = await db
        .selectFrom('jobs')
        .select(['id', 'status', 'attempts', 'max_attempts', 'last_error', 'payload'])
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .where('name', '=', 'mail.send')
        .executeTakeFirst();
      const requestedBy = (row?.payload as { requestedBy?: unknown } | undefined)?.requestedBy;
      const mine = row !== undefined && typeof requestedBy === 'string' && requestedBy === (actor.userId ?? actor.onBehalfOf);
      if (!row || !(mine || inRoleGroup(actor, 'admin'))) throw notFound('mail');
      const failed = row.last_error !== null;
      const state: MailDelivery['state'] = row.status === 'done' ? 'sent' : row.status === 'dead' ? 'failed' : failed && row.status === 'queued' ? 'retrying' : 'pending';
      return {
        id: Number(row.id),
        state,
        reason: state === 'failed' || state === 'retrying' ? failureReason(row.last_error) : null,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        to: mailOf(row.payload)?.to ?? null,
      };
    },

    async listProblems(actor: Actor, filter: { limit?: number } = {}): Promise<JobProblem[]> {
      requireRole(actor, 'admin');
      const rows = await db
        .selectFrom('jobs')
        .select(['id', 'name', 'status', 'attempts', 'max_attempts', 'last_error', 'payload', 'created_at', 'finished_at', 'run_at'])
        .where('tenant_id', '=', actor.tenantId)
        .where(PROBLEM)
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 200)
        .execute();
      const recipients = await recipientsOf(db, actor.tenantId, rows as JobRowOut[]);
      return rows.map((r) => toProblem(r as JobRowOut, recipients));
    },

    /** Runs a dead or failing job again now, with a fresh set of attempts; audited. */
    async retry(actor: Actor, id: number): Promise<JobProblem> {
      requireRole(actor, 'admin');
      return db.transaction().execute(async (trx) => {
        const job = await trx.selectFrom('jobs').select(['id', 'name', 'status', 'last_error']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!job) throw notFound('job');
        if (!(job.status === 'dead' || (job.status === 'queued' && job.last_error !== null))) throw new AppError('invalid_state', { reason: 'job_not_failed' });
        const after = await trx
          .updateTable('jobs')
          .set({ status: 'queued', attempts: 0, run_at: new Date(), finished_at: null, locked_by: null, locked_until: null })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returning(['id', 'name', 'status', 'attempts', 'max_attempts', 'last_error', 'payload', 'created_at', 'finished_at', 'run_at'])
          .executeTakeFirstOrThrow();
        await auditRepository.record(trx, actor, 'retry', 'job', String(id), { name: { old: null, new: job.name }, status: { old: job.status, new: 'queued' } });
        return toProblem(after as JobRowOut, await recipientsOf(trx, actor.tenantId, [after as JobRowOut]));
      });
    },
  };
}

/**
 * The state of the latest mail job to each of these users (by address, or by user id for jobs that carry one),
 * tenant-scoped: `failed` when it is dead or waiting to retry after a failure. Users without a mail job are absent.
 */
export async function latestMailStates(db: Database, tenantId: string, users: Array<{ id: string; email: string }>): Promise<Map<string, MailState>> {
  const out = new Map<string, MailState>();
  if (users.length === 0) return out;
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.id]));
  const ids = new Set(users.map((u) => u.id));
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'status', 'last_error', sql<string | null>`lower(payload->>'to')`.as('to'), sql<string | null>`payload->>'userId'`.as('user_id')])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb(sql`lower(payload->>'to')`, 'in', [...byEmail.keys()]),
        eb(sql`payload->>'userId'`, 'in', [...ids]),
      ]),
    )
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    const userId = (r.user_id && ids.has(r.user_id) ? r.user_id : null) ?? (r.to ? byEmail.get(r.to) : undefined);
    if (!userId || out.has(userId)) continue;
    const failed = r.status === 'dead' || (r.status === 'queued' && r.last_error !== null);
    out.set(userId, failed ? 'failed' : r.status === 'done' ? 'sent' : 'pending');
  }
  return out;
}
