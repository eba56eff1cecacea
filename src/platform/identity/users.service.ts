import type { Database } from '../db/client.ts';
import type { Locale, Role } from '../db/schema.ts';
import { auditRepository, diffRecords } from '../audit/audit.repository.ts';
import { randomUUID } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { jobQueue } from '../jobs/queue.ts';
import { ACCOUNT_MAIL_JOB, type AccountMail } from './account-mail.job.ts';
import { AppError, invalidField, notFound } from '../../domain/errors.ts';
import { isIanaZone } from '../../domain/tenant-zone.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { type Actor, ROLE_RANK, requireRole } from '../../domain/actor.ts';
import type { AuthService } from './auth.service.ts';
import { hashPassword } from './password.ts';
import { latestMailStates } from '../jobs/jobs.service.ts';

const PUBLIC_COLUMNS = ['id', 'email', 'name', 'role', 'locale', 'time_zone', 'active', 'created_at'] as const;

export type UserInput = { email: string; name: string; role: Role; locale?: Locale | null; password?: string; timeZone?: string };

export function createUsersService(db: Database, auth: AuthService) {
  function assertCanGrant(actor: Actor, role: Role) {
    if (ROLE_RANK[role] > ROLE_RANK[actor.role]) throw new AppError('role_too_high');
  }
  async function ownerCount(trx: Database, tenantId: string) {
    const r = await trx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('role', '=', 'owner')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * The address belongs to a user of another tenant (one login per address, docs/decisions/0003-auth.md). The
   * admin gets the answer a new address gets, and nothing is created; the address's owner is told by mail who
   * tried (docs/decisions/0009-accounts-and-sign-in-links.md).
   */
  async function addressTakenElsewhere(actor: Actor, holderId: string, input: UserInput) {
    const tenant = await db.selectFrom('tenants').select('name').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
    const holder = await db.selectFrom('users').select('tenant_id').where('id', '=', holderId).executeTakeFirstOrThrow();
    const mail: AccountMail = { kind: 'addressTaken', userId: holderId, company: tenant.name, locale: actor.locale ?? 'en' };
    await jobQueue.enqueue(db, ACCOUNT_MAIL_JOB, mail, { tenantId: holder.tenant_id });
    return {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      locale: input.locale ?? null,
      time_zone: input.timeZone ?? 'Europe/Amsterdam',
      active: true,
      created_at: new Date(),
    };
  }

  return {
    /** With the state of each user's latest mail (an invitation that could not be sent shows as `failed`). */
    async list(actor: Actor) {
      requireRole(actor, 'admin');
      const users = await db.selectFrom('users').select(PUBLIC_COLUMNS).where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
      const mail = await latestMailStates(db, actor.tenantId, users);
      return users.map((u) => ({ ...u, mail_state: mail.get(u.id) ?? null }));
    },

    async get(actor: Actor, id: string) {
      if (actor.userId !== id) requireRole(actor, 'admin');
      const user = await db
        .selectFrom('users')
        .select(PUBLIC_COLUMNS)
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!user) throw notFound('user');
      return user;
    },

    async create(actor: Actor, input: UserInput) {
      requireRole(actor, 'admin');
      assertCanGrant(actor, input.role);
      const exists = await db
        .selectFrom('users')
        .select(['id', 'tenant_id'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
        .executeTakeFirst();
      // Your own tenant's users you can list anyway; that an address has an account elsewhere is not yours to
      // know. The operator (CLI, system actor) sees every tenant anyway and is told plainly.
      if (exists && (exists.tenant_id === actor.tenantId || actor.type === 'system')) throw new AppError('duplicate', { entity: 'user', field: 'email' });
      checkZone(input.timeZone);
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      if (exists) return addressTakenElsewhere(actor, exists.id, input);
      const user = await db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('users')
          .values({
            tenant_id: actor.tenantId,
            email: input.email,
            name: input.name,
            role: input.role,
            locale: input.locale ?? null,
            time_zone: input.timeZone,
            password_hash: passwordHash,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await auditRepository.record(trx, actor, 'create', 'user', created.id, { email: created.email, role: created.role });
        return created;
      });
      if (!input.password) await auth.sendResetMail(user, 'welcome', actor.locale ?? 'en');
      return this.get(actor, user.id);
    },

    async update(actor: Actor, id: string, patch: Partial<Omit<UserInput, 'email' | 'password'>> & { active?: boolean }) {
      const self = actor.userId === id;
      if (!self || patch.role !== undefined || patch.active !== undefined) requireRole(actor, 'admin');
      if (patch.role) assertCanGrant(actor, patch.role);
      checkZone(patch.timeZone);
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('users')
          .selectAll()
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('user');
        if (ROLE_RANK[before.role] > ROLE_RANK[actor.role]) throw new AppError('role_too_high');
        const demotesOwner = before.role === 'owner' && ((patch.role && patch.role !== 'owner') || patch.active === false);
        if (demotesOwner && (await ownerCount(trx, actor.tenantId)) <= 1) throw new AppError('last_owner');
        const after = await trx
          .updateTable('users')
          .set({
            name: patch.name,
            role: patch.role,
            locale: patch.locale,
            time_zone: patch.timeZone,
            active: patch.active,
            updated_at: new Date(),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (patch.active === false) {
          // A deactivated user's sessions end and the API tokens they made stop for good.
          await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
          await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('created_by', '=', id).where('revoked_at', 'is', null).execute();
          // Open reset and invitation links die too: reactivating the account does not bring them back.
          await trx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', id).where('used_at', 'is', null).execute();
        }
        await auditRepository.record(trx, actor, 'update', 'user', id, diffRecords(before, after));
        const { password_hash: _p, ...rest } = after;
        return rest;
      });
    },

    /**
     * Needs the current password (a session left open or stolen does not suffice) and ends the user's other
     * sessions; `keepSession` (the caller's own session token) stays logged in.
     */
    async changePassword(actor: Actor, input: { currentPassword: string; password: string }, keepSession: string | null) {
      if (!actor.userId) throw new AppError('forbidden');
      const user = await db.selectFrom('users').select(['password_hash']).where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirst();
      if (!user) throw notFound('user');
      const ok = user.password_hash ? await verify(user.password_hash, input.currentPassword).catch(() => false) : false;
      if (!ok) throw invalidField('currentPassword', 'wrong_password');
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', actor.userId!).execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', actor.userId!);
        if (keepSession) others = others.where('id', '!=', sha256(keepSession));
        await others.execute();
        // Open reset and invitation links were made for the old password: they die with it.
        await trx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', actor.userId!).where('used_at', 'is', null).execute();
        await auditRepository.record(trx, actor, 'password_change', 'user', actor.userId!);
      });
    },
  };
}

export function createTokensService(db: Database) {
  return {
    async list(actor: Actor) {
      requireRole(actor, 'admin');
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at', 'revoked_at'])
        .where('tenant_id', '=', actor.tenantId)
        .orderBy('created_at', 'desc')
        .execute();
    },
    /** The token is shown once; only its hash is stored. */
    async create(actor: Actor, name: string, role: Role) {
      requireRole(actor, 'admin');
      if (ROLE_RANK[role] > ROLE_RANK[actor.role]) throw new AppError('role_too_high');
      const token = `kpl_${randomToken(30)}`;
      const row = await db
        .insertInto('api_tokens')
        .values({
          tenant_id: actor.tenantId,
          name,
          role,
          token_hash: sha256(token),
          prefix: token.slice(0, 10),
          // A token made by a token belongs to the same person, so it follows that person's role too.
          created_by: actor.userId ?? actor.onBehalfOf ?? null,
        })
        .returning(['id', 'name', 'prefix', 'role', 'created_at'])
        .executeTakeFirstOrThrow();
      await auditRepository.record(db, actor, 'create', 'api_token', row.id, { name, role });
      return { ...row, token };
    },
    /** Nobody revokes a token that outranks them: by its role or its creator's (an admin cannot revoke an owner's token). */
    async revoke(actor: Actor, id: string) {
      requireRole(actor, 'admin');
      const token = await db
        .selectFrom('api_tokens')
        .leftJoin('users as creator', 'creator.id', 'api_tokens.created_by')
        .select(['api_tokens.role', 'creator.role as creator_role'])
        .where('api_tokens.tenant_id', '=', actor.tenantId)
        .where('api_tokens.id', '=', id)
        .executeTakeFirst();
      if (!token) throw notFound('api_token');
      if (ROLE_RANK[token.role] > ROLE_RANK[actor.role] || (token.creator_role && ROLE_RANK[token.creator_role] > ROLE_RANK[actor.role])) {
        throw new AppError('role_too_high');
      }
      const row = await db
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!row) throw notFound('api_token');
      await auditRepository.record(db, actor, 'revoke', 'api_token', id);
    },
  };
}

/** A user's zone decides their working hours and mail times: only real IANA zones (the HTTP schema checks it too). */
function checkZone(zone: string | undefined) {
  if (zone !== undefined && !isIanaZone(zone)) throw invalidField('timeZone', 'unknown_time_zone');
}
