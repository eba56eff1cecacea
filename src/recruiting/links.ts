import { interpolate } from '../platform/i18n/catalog.ts';
import { systemActorFor } from '../platform/identity/tenants.service.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import { jobQueue } from '../platform/jobs/queue.ts';
import { randomToken, type SecretBox, sha256 } from '../platform/crypto.ts';
import { AppError, invalidField, notFound } from '../domain/errors.ts';
import type { Actor, } from '../domain/actor.ts';
import { langOf, requireStaff } from './access.ts';
import type { InterviewMethod } from '../platform/db/recruiting-schema.ts';
import type { InterviewsService } from './interviews.ts';
import type { VideoProviderKind } from '../connectors/kit/provider.ts';
import { asLang, conflict, formatWhen, invalidState, mails } from './text.ts';

/** F-39: token-protected smart scheduling links; the public side lists free options and books one. */

export type LinkSettings = {
  interviewTypeId: string;
  organizerId: string;
  interviewerIds: string[];
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  days: number;
  roomId: string | null;
  method: InterviewMethod;
  videoProvider: VideoProviderKind | null;
  videoHostUserId: string | null;
  phoneNumber: string | null;
  candidateMessage: string | null;
};
export type LinkInput = Omit<LinkSettings, 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'days' | 'roomId' | 'videoProvider' | 'videoHostUserId' | 'phoneNumber' | 'candidateMessage'> &
  Partial<Pick<LinkSettings, 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'days' | 'roomId' | 'videoProvider' | 'videoHostUserId' | 'phoneNumber' | 'candidateMessage'>> & { sendMail?: boolean };

const DAY = 86_400_000;
/** Options start no earlier than this after "now", so nobody is booked for the next few minutes. */
const LEAD_MS = 4 * 3_600_000;
const MAX_OPTIONS = 300;

type LinkRow = { id: string; tenant_id: string; application_id: string; settings: unknown; status: 'active' | 'used' | 'revoked'; expires_at: Date; interview_id: string | null; created_at: Date; updated_at: Date };

function linkDto(r: LinkRow) {
  const s = r.settings as LinkSettings;
  const status: LinkRow['status'] | 'expired' = r.status === 'active' && r.expires_at.getTime() < Date.now() ? 'expired' : r.status;
  return {
    id: r.id,
    applicationId: r.application_id,
    status,
    expiresAt: r.expires_at,
    interviewId: r.interview_id,
    interviewTypeId: s.interviewTypeId,
    organizerId: s.organizerId,
    interviewerIds: s.interviewerIds,
    durationMinutes: s.durationMinutes,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    days: s.days,
    roomId: s.roomId,
    method: s.method,
    videoProvider: s.videoProvider,
    createdAt: r.created_at,
  };
}

export function createLinksService(db: Database, box: SecretBox, config: Config, interviews: InterviewsService) {
  async function byToken(token: string) {
    const row = await db.selectFrom('recruiting_scheduling_links').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!row) throw notFound('scheduling_link');
    const cand = await db
      .selectFrom('recruiting_applications as a')
      .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
      .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
      .innerJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['c.name', 'c.language', 'c.time_zone', 'j.title', 't.name as company'])
      .where('a.id', '=', row.application_id)
      .executeTakeFirstOrThrow();
    const lang = asLang(cand.language);
    if (row.status === 'used') throw invalidState(lang, 'link_used');
    if (row.status === 'revoked') throw invalidState(lang, 'link_revoked');
    if (row.expires_at.getTime() < Date.now()) throw invalidState(lang, 'link_expired');
    return { row, cand, lang, settings: row.settings as LinkSettings };
  }

  async function options(row: LinkRow, settings: LinkSettings) {
    const from = Math.max(Date.now() + LEAD_MS, row.created_at.getTime());
    const to = Math.min(row.expires_at.getTime(), from + settings.days * DAY);
    if (to <= from) return [];
    const { slots } = await interviews.findSlotsFor(
      row.tenant_id,
      {
        userIds: settings.interviewerIds,
        roomIds: settings.roomId ? [settings.roomId] : [],
        from: new Date(from),
        to: new Date(to),
        durationMinutes: settings.durationMinutes,
        bufferBeforeMinutes: settings.bufferBeforeMinutes,
        bufferAfterMinutes: settings.bufferAfterMinutes,
        maxSlots: MAX_OPTIONS,
      },
      'en',
    );
    // Half-hour starts are plenty for a candidate to pick from.
    return slots.filter((s) => new Date(s.start).getUTCMinutes() % 30 === 0).map((s) => ({ start: new Date(s.start), end: new Date(s.end) }));
  }

  return {
    async create(actor: Actor, applicationId: string, input: LinkInput) {
      requireStaff(actor);
      const app = await db
        .selectFrom('recruiting_applications as a')
        .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
        .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
        .select(['a.id', 'c.name', 'c.email', 'c.language', 'c.time_zone', 'j.title'])
        .where('a.tenant_id', '=', actor.tenantId)
        .where('a.id', '=', applicationId)
        .executeTakeFirst();
      if (!app) throw notFound('application');
      const days = input.days ?? 35;
      if (days < 1 || days > 35) throw invalidField('days', 'between', { min: 1, max: 35 });
      if (input.interviewerIds.length === 0) throw invalidField('interviewerIds', 'interviewer_required');
      const settings: LinkSettings = {
        interviewTypeId: input.interviewTypeId,
        organizerId: input.organizerId,
        interviewerIds: [...new Set(input.interviewerIds)],
        durationMinutes: input.durationMinutes,
        bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
        bufferAfterMinutes: input.bufferAfterMinutes ?? 0,
        days,
        roomId: input.roomId ?? null,
        method: input.method,
        videoProvider: input.videoProvider ?? null,
        videoHostUserId: input.videoHostUserId ?? null,
        phoneNumber: input.phoneNumber ?? null,
        candidateMessage: input.candidateMessage ?? null,
      };
      // Check the settings the way a booking will, on a time nobody is busy, so a bad link fails now and not for the candidate.
      for (const id of [settings.organizerId, ...settings.interviewerIds]) {
        const u = await db.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
        if (!u) throw invalidField(id === settings.organizerId ? 'organizerId' : 'interviewerIds', 'unknown', { entity: 'user' });
      }
      const type = await db.selectFrom('recruiting_interview_types').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', settings.interviewTypeId).executeTakeFirst();
      if (!type) throw invalidField('interviewTypeId', 'unknown', { entity: 'interview_type' });
      if (settings.roomId && !(await db.selectFrom('recruiting_rooms').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', settings.roomId).executeTakeFirst())) {
        throw invalidField('roomId', 'unknown', { entity: 'room' });
      }
      if (settings.method === 'video' && !settings.videoProvider) throw invalidField('videoProvider', 'required');
      // Everything else a booking checks (responsible organiser, active users, connected video host, phone number):
      // otherwise the candidate would be the first to find out.
      const probe = Date.now() + DAY;
      await interviews.validateBooking(
        actor.tenantId,
        {
          applicationId: app.id,
          interviewTypeId: settings.interviewTypeId,
          organizerId: settings.organizerId,
          interviewers: settings.interviewerIds.map((userId) => ({ userId })),
          start: new Date(probe),
          end: new Date(probe + settings.durationMinutes * 60_000),
          roomId: settings.roomId,
          method: settings.method,
          videoProvider: settings.videoProvider,
          videoHostUserId: settings.videoHostUserId,
          phoneNumber: settings.phoneNumber,
          candidateMessage: settings.candidateMessage,
        },
        langOf(actor),
      );
      const token = randomToken(32);
      const expiresAt = new Date(Date.now() + days * DAY);
      const row = await db
        .insertInto('recruiting_scheduling_links')
        .values({ tenant_id: actor.tenantId, application_id: app.id, token_hash: sha256(token), settings: JSON.stringify(settings), expires_at: expiresAt, created_by: actor.userId ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      const url = `${config.publicUrl}/schedule/${token}`;
      if (input.sendMail !== false) {
        const lang = asLang(app.language);
        const tenant = await db.selectFrom('tenants').select('name').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
        const params = { name: app.name, job: app.title, duration: String(settings.durationMinutes), link: url, until: formatWhen(lang, expiresAt.getTime(), app.time_zone || actor.timeZone), message: settings.candidateMessage ? `\n${settings.candidateMessage}\n` : '', company: tenant.name };
        // The link is the candidate's key to the booking page (only its hash is stored): the queued text is sealed.
        const text = interpolate(mails.schedulingLink[lang].body, params);
        const requester = actor.userId ?? actor.onBehalfOf;
        const job = await jobQueue.enqueue(
          db,
          'mail.send',
          { to: app.email, subject: interpolate(mails.schedulingLink[lang].subject, params), text: '', sealedText: box.encrypt(text), ...(requester ? { requestedBy: requester } : {}) },
          { tenantId: actor.tenantId },
        );
        // The recruiter follows the mail (GET /mail-deliveries/{id}): told when it could not be sent (issue 12 #6).
        return { ...linkDto(row), url, mailDeliveryId: job.id };
      }
      return { ...linkDto(row), url, mailDeliveryId: null };
    },

    async list(actor: Actor, applicationId?: string) {
      requireStaff(actor);
      let q = db.selectFrom('recruiting_scheduling_links').selectAll().where('tenant_id', '=', actor.tenantId);
      if (applicationId) q = q.where('application_id', '=', applicationId);
      return (await q.orderBy('created_at', 'desc').orderBy('id').execute()).map(linkDto);
    },

    async revoke(actor: Actor, id: string) {
      requireStaff(actor);
      const r = await db.updateTable('recruiting_scheduling_links').set({ status: 'revoked', updated_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) {
        const exists = await db.selectFrom('recruiting_scheduling_links').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
        if (!exists) throw notFound('scheduling_link');
      }
    },

    async publicView(token: string) {
      const { row, cand, settings } = await byToken(token);
      return {
        candidateName: cand.name,
        jobTitle: cand.title,
        companyName: cand.company,
        durationMinutes: settings.durationMinutes,
        timeZone: cand.time_zone,
        language: asLang(cand.language),
        options: await options(row as LinkRow, settings),
      };
    },

    async publicBook(token: string, start: Date) {
      const { row, settings, lang, cand } = await byToken(token);
      // Re-check: the chosen start must still be one of the free options right now.
      const free = await options(row as LinkRow, settings);
      if (!free.some((o) => o.start.getTime() === start.getTime())) throw conflict(lang, 'option_gone', {}, 'start');
      const actor: Actor = { ...await systemActorFor(db, row.tenant_id, 'scheduling link'), locale: lang };
      const id = await interviews.book(
        actor,
        {
          applicationId: row.application_id,
          interviewTypeId: settings.interviewTypeId,
          organizerId: settings.organizerId,
          interviewers: settings.interviewerIds.map((userId) => ({ userId })),
          start,
          end: new Date(start.getTime() + settings.durationMinutes * 60_000),
          roomId: settings.roomId,
          method: settings.method,
          videoProvider: settings.videoProvider,
          videoHostUserId: settings.videoHostUserId,
          phoneNumber: settings.phoneNumber,
          candidateMessage: settings.candidateMessage,
        },
        {
          lang,
          schedulingLinkId: row.id,
          async inTransaction(trx, interviewId) {
            // One booking per link, also when two requests race for it.
            const used = await trx
              .updateTable('recruiting_scheduling_links')
              .set({ status: 'used', interview_id: interviewId, updated_at: new Date() })
              .where('id', '=', row.id)
              .where('status', '=', 'active')
              .executeTakeFirst();
            if (Number(used.numUpdatedRows) === 0) throw invalidState(lang, 'link_used');
          },
        },
      ).catch((err: unknown) => {
        // The booking's own conflicts name interviewers and their busy state ({who}) and its validation
        // details are for staff: the public page only learns that this time is no longer available.
        if (err instanceof AppError && (err.code === 'conflict' || err.code === 'validation_failed')) throw conflict(lang, 'option_gone', {}, 'start');
        throw err;
      });
      const end = new Date(start.getTime() + settings.durationMinutes * 60_000);
      return { interviewId: id, start, end, timeZone: cand.time_zone };
    },
  };
}
export type LinksService = ReturnType<typeof createLinksService>;
