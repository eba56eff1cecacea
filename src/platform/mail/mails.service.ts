import type { Database } from '../db/client.ts';
import { notFound } from '../../domain/errors.ts';
import { type Actor, requireRole } from '../../domain/actor.ts';

/** Read access to the mail catcher's inbox, limited to mails Koppel sent for the actor's tenant. */
export function createMailsService(db: Database) {
  return {
    async list(actor: Actor, limit: number, offset: number) {
      requireRole(actor, 'admin');
      const q = db.selectFrom('caught_mails').where('tenant_id', '=', actor.tenantId);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },
    async get(actor: Actor, id: number) {
      requireRole(actor, 'admin');
      const row = await db.selectFrom('caught_mails').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('mail');
      return row;
    },
  };
}
