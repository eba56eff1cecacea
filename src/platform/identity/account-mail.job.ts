import { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { User } from '../db/schema.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { t } from '../i18n/catalog.ts';
import { defineJob } from '../jobs/job.ts';
import { sendLogged } from '../mail/mailer.ts';
import { LOCALES } from '../../domain/locale.ts';

const localeSchema = z.enum(LOCALES);

export const ACCOUNT_MAIL_JOB = 'auth.account-mail';
const HOUR_MS = 3600_000;
/** Password-reset mails one account receives per hour at most, however many requests arrive (any process, any address). */
export const RESET_MAILS_PER_HOUR = 3;

const payload = z.union([
  // A reset asked for on the login page: only the address as typed, looked up when the job runs.
  z.object({ kind: z.literal('passwordReset'), email: z.string().max(254), locale: localeSchema }),
  // The invitation of a user an admin created without a password.
  z.object({ kind: z.literal('welcome'), userId: z.string().uuid(), locale: localeSchema }),
  // An admin of `company` tried to add an address that already has an account elsewhere: its owner is told.
  z.object({ kind: z.literal('addressTaken'), userId: z.string().uuid(), company: z.string().max(200), locale: localeSchema }),
]);
export type AccountMail = z.infer<typeof payload>;

/**
 * The mails that carry a sign-in link (password reset, invitation). The job holds only a reference (the
 * address or the user id): the token is made when the mail goes out and only its hash is stored, so no secret
 * ever sits in `jobs.payload`. The request that asked for a reset does the same work whether the address
 * exists or not (it only enqueues this job): its answer and its time tell nothing.
 */
export const accountMailJob = defineJob({
  name: ACCOUNT_MAIL_JOB,
  payload,
  async handler(ctx, mail) {
    const user = await findUser(ctx.db, mail);
    if (!user) return { sent: false };
    const lang = user.locale ?? mail.locale;
    const send = (subject: string, text: string) =>
      sendLogged(ctx.mailer, { to: user.email, subject, text, tenantId: user.tenant_id }, ctx.log, { attempt: ctx.attempt, kind: mail.kind });
    if (mail.kind === 'addressTaken') {
      const params = { name: user.name, email: user.email, company: mail.company };
      await send(t(lang, 'mail.address_taken.subject', params), t(lang, 'mail.address_taken.body', params));
      return { sent: true };
    }
    if (mail.kind === 'passwordReset' && (await recentResets(ctx.db, user.id)) >= RESET_MAILS_PER_HOUR) {
      ctx.log.info({ kind: mail.kind }, 'reset mail skipped: hourly bound reached');
      return { sent: false, reason: 'bounded' };
    }
    const token = randomToken();
    const id = sha256(token);
    const ttl = mail.kind === 'welcome' ? 7 * 24 * HOUR_MS : HOUR_MS;
    await ctx.db.insertInto('password_resets').values({ id, user_id: user.id, expires_at: new Date(Date.now() + ttl) }).execute();
    const link = `${ctx.config.publicUrl}/reset-password?token=${token}`;
    const key = mail.kind === 'welcome' ? 'mail.welcome' : 'mail.password_reset';
    try {
      await send(t(lang, `${key}.subject`), t(lang, `${key}.body`, { name: user.name, link, url: ctx.config.publicUrl }));
    } catch (err) {
      // Not sent: the token dies with it; the retry makes a new one.
      await ctx.db.deleteFrom('password_resets').where('id', '=', id).execute();
      throw err;
    }
    return { sent: true };
  },
});

async function findUser(db: Database, mail: AccountMail): Promise<User | undefined> {
  let q = db.selectFrom('users').selectAll().where('active', '=', true);
  q = mail.kind === 'passwordReset' ? q.where((eb) => eb(eb.fn('lower', ['email']), '=', mail.email.toLowerCase())) : q.where('id', '=', mail.userId);
  return q.executeTakeFirst();
}

async function recentResets(db: Database, userId: string): Promise<number> {
  const r = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', new Date(Date.now() - HOUR_MS))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
