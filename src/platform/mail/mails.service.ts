import type { Database } from '../db/client.ts';
import type { Selectable } from 'kysely';
import type { CaughtMailsTable } from '../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { type Actor, requireRole } from '../../domain/actor.ts';

/** A sign-in link (password reset, invitation): whoever holds it can take over the account it was sent to. */
const SIGN_IN_LINK = /(\/reset-password\?token=)[A-Za-z0-9_-]+/g;
export const HIDDEN_TOKEN = 'hidden';

type CaughtMail = Selectable<CaughtMailsTable>;
export type ViewedMail = CaughtMail & { linksHidden: boolean };

/**
 * Read access to the mail catcher's inbox, limited to mails Koppel sent for the actor's tenant. Sign-in links
 * (reset, invitation) are shown only to their recipient; everybody else, admins and owners included, sees
 * them hidden (docs/decisions/0009-accounts-and-sign-in-links.md).
 */
export function createMailsService(db: Database) {
  async function viewerEmail(actor: Actor): Promise<string | null> {
    if (!actor.userId) return null;
    const u = await db.selectFrom('users').select('email').where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirst();
    return u?.email.toLowerCase() ?? null;
  }
  function view(mail: CaughtMail, viewer: string | null): ViewedMail {
    if (viewer && mail.rcpt_to.some((r) => r.toLowerCase() === viewer)) return { ...mail, linksHidden: false };
    const hide = (body: string | null) => body?.replace(SIGN_IN_LINK, `$1${HIDDEN_TOKEN}`) ?? null;
    const text_body = hide(mail.text_body);
    const html_body = hide(mail.html_body);
    const linksHidden = text_body !== mail.text_body || html_body !== mail.html_body;
    return { ...mail, text_body, html_body, raw: linksHidden ? '' : mail.raw, linksHidden };
  }
  return {
    async list(actor: Actor, limit: number, offset: number) {
      requireRole(actor, 'admin');
      const q = db.selectFrom('caught_mails').where('tenant_id', '=', actor.tenantId);
      const [rows, count, viewer] = await Promise.all([
        q.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        viewerEmail(actor),
      ]);
      return { rows: rows.map((r) => view(r, viewer)), total: Number(count.n) };
    },
    async get(actor: Actor, id: number) {
      requireRole(actor, 'admin');
      const row = await db.selectFrom('caught_mails').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('mail');
      return view(row, await viewerEmail(actor));
    },
  };
}
