import { verify } from '@node-rs/argon2';
import { hashPassword } from './password.ts';
import { tenantTimeZone } from './tenants.service.ts';
import type { Database } from '../db/client.ts';
import type { Locale, Role, User } from '../db/schema.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { jobQueue } from '../jobs/queue.ts';
import { ACCOUNT_MAIL_JOB, type AccountMail } from './account-mail.job.ts';
import { AppError } from '../../domain/errors.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { type Actor, lowerRole } from '../../domain/actor.ts';

const SESSION_TTL_MS = 7 * 24 * 3600_000;
// argon2id, OWASP's second recommended profile (19 MiB, t=2, p=1).
let dummyHash: Promise<string> | undefined;


export type SessionInfo = { actor: Actor; csrfToken: string; user: User };

export function createAuthService(db: Database) {
  function actorFor(user: User, timeZone: string): Actor {
    return {
      timeZone,
      tenantId: user.tenant_id,
      type: 'user',
      id: user.id,
      userId: user.id,
      name: user.name,
      role: user.role,
      locale: user.locale ?? undefined,
    };
  }

  async function createSession(user: User) {
    const token = randomToken();
    const csrfToken = randomToken(24);
    await db
      .insertInto('sessions')
      .values({
        id: sha256(token),
        tenant_id: user.tenant_id,
        user_id: user.id,
        csrf_token: csrfToken,
        expires_at: new Date(Date.now() + SESSION_TTL_MS),
      })
      .execute();
    return { token, csrfToken };
  }

  /** Queues the invitation or reset mail; the job makes the token when it sends (account-mail.job.ts). */
  async function sendResetMail(user: User, kind: 'passwordReset' | 'welcome', locale: Locale) {
    const mail: AccountMail = kind === 'welcome' ? { kind, userId: user.id, locale } : { kind, email: user.email, locale };
    await jobQueue.enqueue(db, ACCOUNT_MAIL_JOB, mail, { tenantId: user.tenant_id });
  }

  return {
    actorFor,
    sendResetMail,

    async login(email: string, password: string) {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst();
      if (!user || !user.active || !user.password_hash) {
        // Same work as a real check, so response time does not reveal which emails exist.
        dummyHash ??= hashPassword('not-a-real-password');
        await verify(await dummyHash, password).catch(() => false);
        throw new AppError('invalid_credentials');
      }
      const ok = await verify(user.password_hash, password).catch(() => false);
      if (!ok) throw new AppError('invalid_credentials');
      const session = await createSession(user);
      await auditRepository.record(db, actorFor(user, await tenantTimeZone(db, user.tenant_id)), 'login', 'user', user.id);
      return { ...session, user };
    },

    async session(token: string | undefined): Promise<SessionInfo | null> {
      if (!token) return null;
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.expires_at', 'tenants.time_zone as tenant_time_zone'])
        .where('sessions.id', '=', sha256(token))
        .executeTakeFirst();
      if (!row || new Date(row.expires_at) < new Date() || !row.active) return null;
      const { csrf_token, expires_at: _e, tenant_time_zone, ...user } = row;
      return { actor: actorFor(user as User, tenant_time_zone), csrfToken: csrf_token, user: user as User };
    },

    async logout(token: string) {
      await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
    },

    /**
     * A token acts with the lower of its own role and its creator's current role, and stops working when its
     * creator is deactivated or gone (docs/decisions/0003-auth.md).
     */
    async apiTokenActor(token: string): Promise<Actor | null> {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('tenants', 'tenants.id', 'api_tokens.tenant_id')
        .innerJoin('users as creator', (j) => j.onRef('creator.id', '=', 'api_tokens.created_by').onRef('creator.tenant_id', '=', 'api_tokens.tenant_id'))
        .selectAll('api_tokens')
        .select(['tenants.time_zone as tenant_time_zone', 'creator.role as creator_role', 'creator.active as creator_active'])
        .where('token_hash', '=', sha256(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row || !row.created_by || !row.creator_active) return null;
      await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
      return {
        tenantId: row.tenant_id,
        type: 'api_token',
        id: row.id,
        name: `API token ${row.name}`,
        role: lowerRole(row.role, row.creator_role),
        onBehalfOf: row.created_by,
        timeZone: row.tenant_time_zone,
      };
    },

    /**
     * Always answers the same, in the same time: the request only queues the job, which looks the address up
     * (account-mail.job.ts). Nothing here tells whether the address has an account.
     */
    async requestPasswordReset(email: string, locale: Locale) {
      const mail: AccountMail = { kind: 'passwordReset', email, locale };
      await jobQueue.enqueue(db, ACCOUNT_MAIL_JOB, mail);
    },

    async resetPassword(token: string, password: string) {
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const reset = await trx
          .selectFrom('password_resets')
          .selectAll()
          .where('id', '=', sha256(token))
          .forUpdate()
          .executeTakeFirst();
        if (!reset || reset.used_at || new Date(reset.expires_at) < new Date()) throw new AppError('invalid_reset_token');
        // A deactivated account cannot be given a password by a link (not even one mailed before it was deactivated).
        const holder = await trx.selectFrom('users').select('active').where('id', '=', reset.user_id).executeTakeFirst();
        if (!holder?.active) throw new AppError('invalid_reset_token');
        // Using one link kills every other open link of this user (older resets, a pending invitation).
        await trx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', reset.user_id).where('used_at', 'is', null).execute();
        const user = await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, updated_at: new Date() })
          .where('id', '=', reset.user_id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // A reset ends every other session of this user.
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
        await auditRepository.record(trx, actorFor(user, await tenantTimeZone(trx, user.tenant_id)), 'password_reset', 'user', user.id);
      });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
export type { Role };
