import { type Logger, silentLogger } from '../platform/log/logger.ts';
import { outboundGuardFor } from '../connectors/kit/outbound-guard.ts';
import { tenantTimeZone } from '../platform/identity/tenants.service.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../platform/config.ts';
import { auditRepository } from '../platform/audit/audit.repository.ts';
import type { Database } from '../platform/db/client.ts';
import { jobQueue } from '../platform/jobs/queue.ts';
import type { SecretBox } from '../platform/crypto.ts';
import { AppError, invalidField, notFound } from '../domain/errors.ts';
import { type Actor, ROLE_GROUPS } from '../domain/actor.ts';
import { isAdmin, isStaff, langOf, mayOrganiseAny, requireStaff } from './access.ts';
import {
  absencesByEmail,
  calendarBusy,
  calendarConnections,
  DEFAULT_HOURS,
  holidaysFor,
  koppelInterviews,
  loadUsers,
  tenantCountry,
  workingFor,
} from './calendar-data.ts';
import type { InterviewMethod } from '../platform/db/recruiting-schema.ts';
import { CALENDAR_CONFERENCES } from './provider-registry.ts';
import type { CalendarProviderKind, VideoProviderKind } from '../connectors/kit/provider.ts';
import { SlotSearchError } from '../domain/slots/slot-error.ts';
import { loadWorkingHours } from './working-hours.ts';
import { findSlots, type SlotParticipant, suggestReplacement, suggestReplacementRooms } from '../domain/slots/slot-search.ts';
import { epochToWall, ianaZone } from '../domain/time/zone-rules.ts';
import { calendarErrorMessage, conflict, type Lang } from './text.ts';

/** F-32 … F-38, F-40, F-41: availability, booking with re-check and lock, reschedule, cancel, status, evaluations. */

const DAY = 86_400_000;
export const DELIVER_JOB = 'recruiting.deliver';
export const POLL_JOB = 'recruiting.poll';
export const REMINDER_JOB = 'recruiting.reminder';
const POLL_EVERY_MS = 2 * 60_000;

export async function enqueueDelivery(db: Database, tenantId: string, interviewId: string) {
  await jobQueue.enqueue(db, DELIVER_JOB, { interviewId }, { tenantId, singletonKey: `${DELIVER_JOB}:${interviewId}`, maxAttempts: 8 });
}
/** The poll chain: one job per 2-minute bucket, so re-enqueueing from a running poll is never swallowed by its own singleton. */
export async function enqueuePoll(db: Database, runAt = Date.now() + POLL_EVERY_MS) {
  await jobQueue.enqueue(db, POLL_JOB, {}, { singletonKey: `${POLL_JOB}:${Math.floor(runAt / POLL_EVERY_MS)}`, runAt: new Date(runAt) });
}

export type BookInput = {
  applicationId: string;
  interviewTypeId: string;
  organizerId: string;
  organizerAttends?: boolean;
  interviewers: Array<{ userId: string; recruitingRoleId?: string | null }>;
  start: Date;
  end: Date;
  roomId?: string | null;
  method: InterviewMethod;
  videoProvider?: VideoProviderKind | null;
  videoHostUserId?: string | null;
  phoneNumber?: string | null;
  location?: string | null;
  candidateMessage?: string | null;
  notes?: string | null;
  evaluationFormId?: string | null;
};

export type AvailabilityInput = {
  userIds: string[];
  roomIds?: string[];
  from: Date;
  to: Date;
  durationMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  showPrivateTitles?: boolean;
  excludeInterviewId?: string | null;
  maxSlots?: number;
};

export function createInterviewsService(db: Database, box: SecretBox, config: Config, log: Logger = silentLogger) {
  const providerDeps = { urlGuard: outboundGuardFor(config), logger: log };
  /** Everything the availability view and the slot search need, per participant and room. */
  async function availability(tenantId: string, input: AvailabilityInput, opts: { keepPrivate: boolean; lang: Lang }) {
    // Someone without a valid zone of their own works in the tenant's zone.
    const tenantZone = await tenantTimeZone(db, tenantId);
    const window = { start: input.from.getTime(), end: input.to.getTime() };
    if (!(window.end > window.start)) throw invalidField('to', 'end_before_start');
    if (window.end - window.start > 42 * DAY) throw invalidField('to', 'window_too_long', { max: 42 });
    const users = await loadUsers(db, tenantId, input.userIds);
    for (const [i, id] of input.userIds.entries()) if (!users.some((u) => u.id === id)) throw invalidField(`userIds.${i}`, 'unknown', { entity: 'user' });
    const ordered = input.userIds.map((id) => users.find((u) => u.id === id)!);
    const roomIds = input.roomIds ?? [];
    const rooms = roomIds.length
      ? await db.selectFrom('recruiting_rooms').select(['id', 'name', 'email']).where('tenant_id', '=', tenantId).where('id', 'in', roomIds).execute()
      : [];
    for (const [i, id] of roomIds.entries()) if (!rooms.some((r) => r.id === id)) throw invalidField(`roomIds.${i}`, 'unknown', { entity: 'room' });
    const conns = await calendarConnections(db, tenantId, { userIds: input.userIds, roomIds });
    const booked = await koppelInterviews(db, tenantId, window, { userIds: input.userIds, roomIds }, input.excludeInterviewId);
    const country = await tenantCountry(db, tenantId);
    const hours = await loadWorkingHours(db, tenantId, input.userIds);
    const pad = { start: window.start - DAY, end: window.end + DAY };
    const absences = await absencesByEmail(db, tenantId, ordered.map((u) => u.email), new Date(pad.start).toISOString().slice(0, 10), new Date(pad.end).toISOString().slice(0, 10));
    // The interview being rescheduled is in its participants' calendars too: its old time is not "busy".
    const excluded = input.excludeInterviewId
      ? await db.selectFrom('recruiting_interviews').select(['start_at', 'end_at']).where('tenant_id', '=', tenantId).where('id', '=', input.excludeInterviewId).executeTakeFirst()
      : undefined;
    const isOwnEvent = (b: { start: number; end: number }) => excluded !== undefined && b.start === excluded.start_at.getTime() && b.end === excluded.end_at.getTime();

    const participants = await Promise.all(
      ordered.map(async (u) => {
        const conn = conns.find((c) => c.user_id === u.id);
        const cal = await calendarBusy(db, box, conn, window, u.time_zone, opts.keepPrivate, providerDeps);
        const busy = [
          ...cal.busy
            .filter((b) => !isOwnEvent(b))
            .map((b) => ({
              start: new Date(b.start),
              end: new Date(b.end),
              title: b.private && !opts.keepPrivate ? null : (b.summary ?? null),
              private: b.private ?? false,
              tentative: b.tentative ?? false,
              allDay: b.allDay ?? false,
              source: 'calendar' as const,
            })),
          ...booked
            .filter((k) => k.userId === u.id)
            .map((k) => ({ start: new Date(k.start), end: new Date(k.end), title: null, private: true, tentative: false, allDay: false, source: 'interview' as const })),
        ].sort((a, b) => a.start.getTime() - b.start.getTime());
        const abs = absences.get(u.email.toLowerCase()) ?? [];
        const zone = ianaZone(u.time_zone) ? u.time_zone : tenantZone;
        const slotParticipant: SlotParticipant = {
          id: u.id,
          timeZone: zone,
          workingHours: hours.get(u.id) ?? DEFAULT_HOURS,
          busy: busy.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() })),
          absences: abs,
          holidayRegion: { country },
        };
        const zoneRules = ianaZone(zone)!;
        const absenceIntervals = abs.map((a) => {
          const s = Date.parse(`${a.startDate}T00:00:00Z`);
          const e = Date.parse(`${a.endDate}T00:00:00Z`) + DAY;
          return { start: new Date(s - zoneRules.offsetAt(s)), end: new Date(e - zoneRules.offsetAt(e)), kind: a.kind, label: a.label };
        });
        return {
          view: {
            userId: u.id,
            name: u.name,
            email: u.email,
            timeZone: zone,
            calendarConnected: cal.connected && cal.error === null,
            error: cal.error,
            busy,
            absences: absenceIntervals,
            holidays: holidaysFor(country, zone, window).map((h) => ({ ...h, start: new Date(h.start), end: new Date(h.end) })),
            working: workingFor(zone, window, hours.get(u.id)).map((w) => ({ start: new Date(w.start), end: new Date(w.end) })),
          },
          slotParticipant,
          failed: cal.error !== null && cal.error.code !== 'not_connected',
        };
      }),
    );
    const roomViews = await Promise.all(
      rooms.map(async (r) => {
        const conn = conns.find((c) => c.room_id === r.id);
        const cal = conn ? await calendarBusy(db, box, conn, window, 'UTC', false, providerDeps) : { busy: [], error: null, connected: false };
        const busy = [
          ...cal.busy.filter((b) => !isOwnEvent(b)).map((b) => ({ start: b.start, end: b.end })),
          ...booked.filter((k) => k.roomId === r.id).map((k) => ({ start: k.start, end: k.end })),
        ].sort((a, b) => a.start - b.start);
        return { roomId: r.id, name: r.name, busy, error: cal.error };
      }),
    );
    return { participants, rooms: roomViews };
  }

  async function findSlotsFor(tenantId: string, input: AvailabilityInput, lang: Lang) {
    const a = await availability(tenantId, input, { keepPrivate: false, lang });
    const window = futureWindow(input);
    const slots = input.durationMinutes && window
      ? safeFindSlots({
          participants: a.participants.map((p) => p.slotParticipant),
          window,
          durationMinutes: input.durationMinutes,
          bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
          bufferAfterMinutes: input.bufferAfterMinutes ?? 0,
          stepMinutes: 15,
          maxResults: input.maxSlots ?? 200,
          ...(input.roomIds?.length ? { rooms: a.rooms.map((r) => ({ id: r.roomId, busy: r.busy })) } : {}),
        })
      : [];
    return { a, slots };
  }

  /** Validation shared by the API and the smart link; returns what the insert needs. */
  async function prepare(tenantId: string, input: BookInput, lang: Lang, excludeInterviewId?: string, checkCalendars = true) {
    const app = await db
      .selectFrom('recruiting_applications as a')
      .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
      .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
      .select(['a.id', 'a.candidate_id', 'j.responsible_user_id', 'j.title', 'c.name as candidate_name', 'c.email as candidate_email'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.id', '=', input.applicationId)
      .executeTakeFirst();
    if (!app) throw invalidField('applicationId', 'unknown', { entity: 'application' });
    const type = await db.selectFrom('recruiting_interview_types').selectAll().where('tenant_id', '=', tenantId).where('id', '=', input.interviewTypeId).executeTakeFirst();
    if (!type) throw invalidField('interviewTypeId', 'unknown', { entity: 'interview_type' });
    const [organizer] = await loadUsers(db, tenantId, [input.organizerId]);
    if (!organizer) throw invalidField('organizerId', 'unknown', { entity: 'user' });
    // The organizer is the job's responsible recruiter; HR and admins may organise any job (F-32).
    if (organizer.id !== app.responsible_user_id && !mayOrganiseAny(organizer.role)) throw invalidField('organizerId', 'organizer_not_responsible');
    const interviewerIds = input.interviewers.map((i) => i.userId);
    if (input.organizerAttends && !interviewerIds.includes(organizer.id)) input.interviewers = [...input.interviewers, { userId: organizer.id }];
    const ids = input.interviewers.map((i) => i.userId);
    if (ids.length === 0) throw invalidField('interviewers', 'interviewer_required');
    if (new Set(ids).size !== ids.length) throw invalidField('interviewers', 'interviewer_twice');
    const users = await loadUsers(db, tenantId, ids);
    for (const [i, id] of ids.entries()) if (!users.some((u) => u.id === id)) throw invalidField(`interviewers.${i}.userId`, 'unknown', { entity: 'user' });
    for (const [i, iv] of input.interviewers.entries()) {
      if (iv.recruitingRoleId) {
        const role = await db.selectFrom('recruiting_roles').select('id').where('tenant_id', '=', tenantId).where('id', '=', iv.recruitingRoleId).executeTakeFirst();
        if (!role) throw invalidField(`interviewers.${i}.recruitingRoleId`, 'unknown', { entity: 'recruiting_role' });
      }
    }
    const room = input.roomId
      ? await db.selectFrom('recruiting_rooms').selectAll().where('tenant_id', '=', tenantId).where('id', '=', input.roomId).executeTakeFirst()
      : undefined;
    if (input.roomId && !room) throw invalidField('roomId', 'unknown', { entity: 'room' });
    if (input.evaluationFormId) {
      const f = await db.selectFrom('recruiting_evaluation_forms').select('id').where('tenant_id', '=', tenantId).where('id', '=', input.evaluationFormId).executeTakeFirst();
      if (!f) throw invalidField('evaluationFormId', 'unknown', { entity: 'evaluation_form' });
    }
    const start = input.start.getTime();
    const end = input.end.getTime();
    if (!(end > start)) throw invalidField('end', 'end_before_start');
    if (end - start > 12 * 3_600_000) throw invalidField('end', 'interview_too_long', { max: 12 });
    let host: string | null = null;
    if (input.method === 'video') {
      if (!input.videoProvider) throw invalidField('videoProvider', 'required');
      host = input.videoHostUserId ?? ids[0]!;
      if (!ids.includes(host)) throw invalidField('videoHostUserId', 'host_not_interviewer');
      // A provider is offered only when the host has it connected (F-34).
      const conns = await db.selectFrom('recruiting_connections').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', host).where('status', '=', 'connected').execute();
      const offered = new Set<string>();
      for (const c of conns) {
        if (c.category === 'video') offered.add(c.kind);
        else for (const k of CALENDAR_CONFERENCES[c.kind as CalendarProviderKind]) offered.add(k);
      }
      if (!offered.has(input.videoProvider)) throw invalidField('videoProvider', 'host_video_not_connected');
    }
    if (input.method === 'phone' && !input.phoneNumber) throw invalidField('phoneNumber', 'required');
    if (!checkCalendars) return { app, type, organizer, users, room, host, ids };
    // Re-check the calendars right before booking (outside the lock: it is network I/O).
    const roomIds = room ? [room.id] : [];
    const { a } = await findSlotsFor(tenantId, { userIds: ids, roomIds, from: new Date(start), to: new Date(end), excludeInterviewId }, lang);
    const overlapping = (b: { start: Date | number; end: Date | number }) => +b.start < end && +b.end > start;
    for (const p of a.participants) {
      if (p.view.busy.some((b) => b.source === 'calendar' && overlapping(b))) {
        throw conflict(lang, 'calendar_busy', { who: p.view.name }, 'interviewers');
      }
    }
    for (const r of a.rooms) if (r.busy.some(overlapping)) throw conflict(lang, 'slot_taken', { who: r.name }, 'roomId');
    return { app, type, organizer, users, room, host, ids };
  }

  /** Serialises bookings per person and room, then re-checks Koppel's own interviews inside the transaction. */
  async function lockAndCheck(trx: Database, tenantId: string, lang: Lang, p: { ids: string[]; roomId: string | null; host: string | null; start: number; end: number; users: { id: string; name: string }[]; roomName?: string }, excludeInterviewId?: string) {
    const keys = [...p.ids.map((id) => `user:${id}`), ...(p.roomId ? [`room:${p.roomId}`] : [])].sort();
    for (const key of keys) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`recruiting:${tenantId}:${key}`}, 0))`.execute(trx);
    const clash = await koppelInterviews(trx, tenantId, { start: p.start, end: p.end }, { userIds: p.ids, roomIds: p.roomId ? [p.roomId] : [] }, excludeInterviewId);
    const person = clash.find((c) => c.userId);
    if (person) throw conflict(lang, 'slot_taken', { who: p.users.find((u) => u.id === person.userId)?.name ?? '' }, 'interviewers');
    if (clash.some((c) => c.roomId)) throw conflict(lang, 'slot_taken', { who: p.roomName ?? '' }, 'roomId');
    if (p.host) {
      // One conference at a time per host (F-34), also when the host is not an interviewer there.
      let q = trx
        .selectFrom('recruiting_interviews')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'scheduled')
        .where('method', '=', 'video')
        .where('video_host_user_id', '=', p.host)
        .where('start_at', '<', new Date(p.end))
        .where('end_at', '>', new Date(p.start));
      if (excludeInterviewId) q = q.where('id', '<>', excludeInterviewId);
      if (await q.executeTakeFirst()) throw conflict(lang, 'host_busy', { who: p.users.find((u) => u.id === p.host)?.name ?? '' }, 'videoHostUserId');
    }
  }

  async function book(actor: Actor, input: BookInput, opts: { lang: Lang; schedulingLinkId?: string; inTransaction?: (trx: Database, interviewId: string) => Promise<void> }) {
    const tenantId = actor.tenantId;
    // Booking in the past would still send live invitations; a few minutes' slack for a slow form.
    if (input.start.getTime() < Date.now() - 5 * 60_000) throw invalidField('start', 'start_in_past');
    const prep = await prepare(tenantId, input, opts.lang);
    const start = input.start.getTime();
    const end = input.end.getTime();
    const id = await db.transaction().execute(async (trx) => {
      await lockAndCheck(trx, tenantId, opts.lang, { ids: prep.ids, roomId: prep.room?.id ?? null, host: prep.host, start, end, users: prep.users, roomName: prep.room?.name });
      const candidate = await trx.selectFrom('recruiting_candidates').selectAll().where('tenant_id', '=', tenantId).where('id', '=', prep.app.candidate_id).executeTakeFirstOrThrow();
      const domain = hostOf(config.publicUrl);
      const row = await trx
        .insertInto('recruiting_interviews')
        .values({
          tenant_id: tenantId,
          application_id: prep.app.id,
          interview_type_id: prep.type.id,
          organizer_user_id: prep.organizer.id,
          organizer_attends: prep.ids.includes(prep.organizer.id),
          method: input.method,
          video_provider: input.method === 'video' ? input.videoProvider! : null,
          video_host_user_id: prep.host,
          phone_number: input.method === 'phone' ? (input.phoneNumber ?? null) : null,
          room_id: prep.room?.id ?? null,
          location: input.location ?? prep.room?.name ?? null,
          start_at: input.start,
          end_at: input.end,
          time_zone: ianaZone(prep.organizer.time_zone) ? prep.organizer.time_zone : actor.timeZone,
          calendar_uid: `${randomUUID()}@${domain}`,
          candidate_uid: `${randomUUID()}@${domain}`,
          candidate_message: input.candidateMessage ?? null,
          notes: input.notes ?? null,
          evaluation_form_id: input.evaluationFormId ?? prep.type.default_evaluation_form_id,
          scheduling_link_id: opts.schedulingLinkId ?? null,
          created_by: actor.userId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertParticipants(trx, tenantId, row.id, input.interviewers, prep.users, prep.room ?? null);
      await trx
        .insertInto('recruiting_participants')
        .values({ tenant_id: tenantId, interview_id: row.id, kind: 'candidate', candidate_id: candidate.id, name: candidate.name, email: candidate.email })
        .execute();
      await opts.inTransaction?.(trx, row.id);
      await auditRepository.record(trx, actor, 'schedule', 'interview', row.id, { start: { old: null, new: input.start.toISOString() }, method: { old: null, new: input.method } });
      // The provider writes and the mail run as jobs in the same commit: retried on failure, never lost.
      await enqueueDelivery(trx, tenantId, row.id);
      await jobQueue.enqueue(trx, REMINDER_JOB, { interviewId: row.id }, { tenantId, singletonKey: `${REMINDER_JOB}:${row.id}`, runAt: input.end });
      await enqueuePoll(trx);
      return row.id;
    });
    return id;
  }

  async function insertParticipants(trx: Database, tenantId: string, interviewId: string, list: BookInput['interviewers'], users: { id: string; name: string; email: string }[], room: { id: string; name: string; email: string } | null) {
    for (const iv of list) {
      const u = users.find((x) => x.id === iv.userId)!;
      await trx
        .insertInto('recruiting_participants')
        .values({ tenant_id: tenantId, interview_id: interviewId, kind: 'interviewer', user_id: u.id, name: u.name, email: u.email.toLowerCase(), recruiting_role_id: iv.recruitingRoleId ?? null })
        .execute();
    }
    if (room) {
      await trx.insertInto('recruiting_participants').values({ tenant_id: tenantId, interview_id: interviewId, kind: 'room', room_id: room.id, name: room.name, email: room.email }).execute();
    }
  }

  async function loadForWrite(trx: Database, actor: Actor, id: string) {
    const row = await trx.selectFrom('recruiting_interviews').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('interview');
    return row;
  }

  return {
    availability,
    findSlotsFor,
    book,
    /** A booking's checks without the calendars: for settings saved now and booked later (smart links). */
    validateBooking: async (tenantId: string, input: BookInput, lang: Lang) => {
      await prepare(tenantId, input, lang, undefined, false);
    },

    /** `lang`: the caller's language (their locale, else Accept-Language) for the per-participant error messages. */
    async availabilityView(actor: Actor, input: AvailabilityInput, lang: Lang = langOf(actor)) {
      // Staff plan interviews; others would only use this to read colleagues' calendars and absences.
      requireStaff(actor);
      if (input.userIds.length === 0) throw invalidField('userIds', 'participant_required');
      const keepPrivate = Boolean(input.showPrivateTitles) && isAdmin(actor);
      const a = await availability(actor.tenantId, input, { keepPrivate, lang });
      const seesAbsenceKinds = (ROLE_GROUPS.workforceRead as readonly string[]).includes(actor.role);
      // A participant whose calendar could not be read is reported and left out of the search.
      const readable = a.participants.filter((p) => !p.failed);
      const window = futureWindow(input);
      const slots = input.durationMinutes && readable.length > 0 && window
        ? safeFindSlots({
            participants: readable.map((p) => p.slotParticipant),
            window,
            durationMinutes: input.durationMinutes,
            bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
            bufferAfterMinutes: input.bufferAfterMinutes ?? 0,
            maxResults: input.maxSlots ?? 200,
            ...(input.roomIds?.length ? { rooms: a.rooms.map((r) => ({ id: r.roomId, busy: r.busy })) } : {}),
          })
        : [];
      return {
        participants: a.participants.map((p) => ({
          ...p.view,
          // The kind of absence (sick, …) is HR data: the planning calendar only needs to know someone is away.
          absences: seesAbsenceKinds ? p.view.absences : p.view.absences.map((x) => ({ ...x, kind: 'absent', label: '' })),
          error: p.view.error ? { code: p.view.error.code, message: calendarErrorMessage(lang, p.view.error.code) } : null })),
        rooms: a.rooms.map((r) => ({ roomId: r.roomId, name: r.name, error: r.error ? { code: r.error.code, message: calendarErrorMessage(lang, r.error.code) } : null, busy: r.busy.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })) })),
        slots: slots.map((s) => ({ start: new Date(s.start), end: new Date(s.end), roomIds: [...s.rooms] })),
      };
    },

    async create(actor: Actor, input: BookInput) {
      requireStaff(actor);
      const id = await book(actor, input, { lang: langOf(actor) });
      return this.get(actor, id);
    },

    async list(actor: Actor, filter: { applicationId?: string; from?: Date; to?: Date; status?: 'scheduled' | 'completed' | 'cancelled' }) {
      let q = db.selectFrom('recruiting_interviews').select('id').where('tenant_id', '=', actor.tenantId);
      if (filter.applicationId) q = q.where('application_id', '=', filter.applicationId);
      if (filter.from) q = q.where('end_at', '>', filter.from);
      if (filter.to) q = q.where('start_at', '<', filter.to);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (!isStaff(actor)) {
        // An API token is nobody: it organises and attends nothing, so outside staff roles it sees no interview.
        const uid = actor.userId;
        if (!uid) return [];
        q = q.where((eb) =>
          eb.or([
            eb('organizer_user_id', '=', uid),
            eb.exists(
              eb.selectFrom('recruiting_participants as p').select('p.id').whereRef('p.interview_id', '=', 'recruiting_interviews.id').where('p.user_id', '=', uid),
            ),
          ]),
        );
      }
      const ids = (await q.orderBy('start_at').orderBy('id').limit(500).execute()).map((r) => r.id);
      return loadInterviewDtos(db, actor, ids);
    },

    async get(actor: Actor, id: string) {
      const [dto] = await loadInterviewDtos(db, actor, [id]);
      if (!dto) throw notFound('interview');
      // F-41 for rooms: a declined room comes with the free rooms that could take over (only here, not in lists: it reads calendars).
      const room = dto.participants.find((p) => p.kind === 'room' && p.status === 'declined');
      if (room && dto.status === 'scheduled' && (isStaff(actor) || dto.organizer.userId === actor.userId)) {
        dto.roomReplacements = (await roomReplacementsFor(actor.tenantId, { id, start_at: dto.start, end_at: dto.end }, room.roomId!)).available;
      }
      return dto;
    },

    async reschedule(actor: Actor, id: string, patch: { start?: Date; end?: Date; roomId?: string | null; interviewers?: BookInput['interviewers']; candidateMessage?: string | null; notes?: string | null; evaluationFormId?: string | null }) {
      requireStaff(actor);
      const lang = langOf(actor);
      const current = await db.selectFrom('recruiting_interviews').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('interview');
      if (current.status !== 'scheduled') throw new AppError('invalid_state', { reason: 'interview_closed', status: current.status });
      const parts = await db.selectFrom('recruiting_participants').selectAll().where('tenant_id', '=', actor.tenantId).where('interview_id', '=', id).where('active', '=', true).execute();
      const interviewers = patch.interviewers ?? parts.filter((p) => p.kind === 'interviewer').map((p) => ({ userId: p.user_id!, recruitingRoleId: p.recruiting_role_id }));
      const input: BookInput = {
        applicationId: current.application_id,
        interviewTypeId: current.interview_type_id,
        organizerId: current.organizer_user_id,
        interviewers,
        start: patch.start ?? current.start_at,
        end: patch.end ?? (patch.start ? new Date(patch.start.getTime() + (current.end_at.getTime() - current.start_at.getTime())) : current.end_at),
        roomId: patch.roomId === undefined ? current.room_id : patch.roomId,
        method: current.method,
        videoProvider: current.video_provider,
        videoHostUserId: current.video_host_user_id,
        phoneNumber: current.phone_number,
        evaluationFormId: patch.evaluationFormId === undefined ? current.evaluation_form_id : patch.evaluationFormId,
      };
      // The video host keeps hosting (same meeting, same link, F-38) and must stay an interviewer.
      if (input.videoHostUserId && !interviewers.some((i) => i.userId === input.videoHostUserId)) throw invalidField('interviewers', 'video_host_must_stay');
      const prep = await prepare(actor.tenantId, input, lang, id);
      const start = input.start.getTime();
      const end = input.end.getTime();
      const timeChanged = start !== current.start_at.getTime() || end !== current.end_at.getTime();
      await db.transaction().execute(async (trx) => {
        const row = await loadForWrite(trx, actor, id);
        if (row.status !== 'scheduled') throw new AppError('invalid_state', { reason: 'interview_closed', status: row.status });
        await lockAndCheck(trx, actor.tenantId, lang, { ids: prep.ids, roomId: prep.room?.id ?? null, host: prep.host, start, end, users: prep.users, roomName: prep.room?.name }, id);
        const active = await trx.selectFrom('recruiting_participants').selectAll().where('interview_id', '=', id).where('active', '=', true).execute();
        const keep = new Set(prep.ids);
        // Removed interviewers: their events are cancelled by the delivery job, then the rows go.
        for (const p of active) {
          if ((p.kind === 'interviewer' && !keep.has(p.user_id!)) || (p.kind === 'room' && p.room_id !== (prep.room?.id ?? null))) {
            await trx.updateTable('recruiting_participants').set({ active: false, updated_at: new Date() }).where('id', '=', p.id).execute();
          }
        }
        const existing = new Set(active.filter((p) => p.kind === 'interviewer').map((p) => p.user_id));
        const added = input.interviewers.filter((i) => !existing.has(i.userId));
        await insertParticipants(trx, actor.tenantId, id, added, prep.users, prep.room && !active.some((p) => p.kind === 'room' && p.room_id === prep.room!.id) ? prep.room : null);
        await trx
          .updateTable('recruiting_interviews')
          .set({
            start_at: input.start,
            end_at: input.end,
            room_id: prep.room?.id ?? null,
            location: prep.room?.name ?? row.location,
            ...(patch.candidateMessage !== undefined ? { candidate_message: patch.candidateMessage } : {}),
            ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
            evaluation_form_id: input.evaluationFormId ?? null,
            sequence: row.sequence + 1,
            delivery: 'pending',
            delivery_error: null,
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        // A new time asks everyone again (RFC 5546: a rescheduled REQUEST resets PARTSTAT).
        if (timeChanged) {
          await trx.updateTable('recruiting_participants').set({ status: 'needs_action', responded_at: null, decline_notified_at: null }).where('interview_id', '=', id).where('active', '=', true).execute();
        }
        await auditRepository.record(trx, actor, 'reschedule', 'interview', id, { start: { old: row.start_at.toISOString(), new: input.start.toISOString() }, sequence: { old: row.sequence, new: row.sequence + 1 } });
        await enqueueDelivery(trx, actor.tenantId, id);
        if (timeChanged) {
          await trx.updateTable('jobs').set({ run_at: input.end }).where('singleton_key', '=', `${REMINDER_JOB}:${id}`).where('status', '=', 'queued').execute();
        }
      });
      return this.get(actor, id);
    },

    async cancel(actor: Actor, id: string, reason?: string | null) {
      requireStaff(actor);
      await db.transaction().execute(async (trx) => {
        const row = await loadForWrite(trx, actor, id);
        if (row.status !== 'scheduled') throw new AppError('invalid_state', { reason: 'interview_closed', status: row.status });
        await trx
          .updateTable('recruiting_interviews')
          .set({ status: 'cancelled', cancel_reason: reason ?? null, sequence: row.sequence + 1, delivery: 'pending', updated_at: new Date() })
          .where('id', '=', id)
          .execute();
        await auditRepository.record(trx, actor, 'cancel', 'interview', id, { status: { old: row.status, new: 'cancelled' } });
        await enqueueDelivery(trx, actor.tenantId, id);
      });
      return this.get(actor, id);
    },

    async complete(actor: Actor, id: string) {
      requireStaff(actor);
      await db.transaction().execute(async (trx) => {
        const row = await loadForWrite(trx, actor, id);
        if (row.status !== 'scheduled') throw new AppError('invalid_state', { reason: 'interview_closed', status: row.status });
        await trx.updateTable('recruiting_interviews').set({ status: 'completed', updated_at: new Date() }).where('id', '=', id).execute();
        await auditRepository.record(trx, actor, 'complete', 'interview', id, { status: { old: row.status, new: 'completed' } });
        // Reminders go out now rather than at the planned end.
        await trx.updateTable('jobs').set({ run_at: new Date() }).where('singleton_key', '=', `${REMINDER_JOB}:${id}`).where('status', '=', 'queued').execute();
      });
      return this.get(actor, id);
    },

    /** F-41: who could take over from a participant for the booked slot. */
    async replacements(actor: Actor, id: string, participantId: string) {
      requireStaff(actor);
      const iv = await db.selectFrom('recruiting_interviews').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!iv) throw notFound('interview');
      const parts = await db.selectFrom('recruiting_participants').selectAll().where('interview_id', '=', id).where('active', '=', true).execute();
      const room = parts.find((p) => p.id === participantId && p.kind === 'room');
      if (room) return roomReplacementsFor(actor.tenantId, iv, room.room_id!);
      const declined = parts.find((p) => p.id === participantId && p.kind === 'interviewer');
      if (!declined) throw invalidField('participantId', 'not_a_participant');
      return replacementsFor(actor.tenantId, iv, declined.user_id!, parts.filter((p) => p.user_id).map((p) => p.user_id!));
    },

    async evaluations(actor: Actor, id: string) {
      const dto = await this.get(actor, id);
      const rows = await db
        .selectFrom('recruiting_evaluations as e')
        .innerJoin('users as u', 'u.id', 'e.user_id')
        .selectAll('e')
        .select('u.name as user_name')
        .where('e.tenant_id', '=', actor.tenantId)
        .where('e.interview_id', '=', id)
        .orderBy('u.name')
        .execute();
      const mine = dto.participants.find((p) => p.userId === actor.userId);
      const roleRow = mine?.recruitingRoleId ? await db.selectFrom('recruiting_roles').select('permissions').where('id', '=', mine.recruitingRoleId).executeTakeFirst() : undefined;
      const seeOthers = isStaff(actor) || Boolean((roleRow?.permissions as { otherEvaluations?: boolean } | undefined)?.otherEvaluations);
      return rows
        .filter((r) => seeOthers || r.user_id === actor.userId)
        .map((r) => ({ id: r.id, userId: r.user_id, userName: r.user_name, answers: r.answers as Array<{ questionId: string; value: string | number | boolean }>, recommendation: r.recommendation, submittedAt: r.submitted_at }));
    },

    async saveMyEvaluation(actor: Actor, id: string, input: { answers: Array<{ questionId: string; value: string | number | boolean }>; recommendation?: 'strong_yes' | 'yes' | 'no' | 'strong_no' | null; submit: boolean }) {
      const dto = await this.get(actor, id);
      if (!dto.participants.some((p) => p.kind === 'interviewer' && p.userId === actor.userId)) throw new AppError('forbidden');
      if (!dto.evaluationFormId) throw invalidField('evaluationFormId', 'no_evaluation_form');
      const form = await db.selectFrom('recruiting_evaluation_forms').select('questions').where('id', '=', dto.evaluationFormId).executeTakeFirstOrThrow();
      const questions = form.questions as Array<{ id: string; kind: string }>;
      for (const [i, a] of input.answers.entries()) {
        const q = questions.find((x) => x.id === a.questionId);
        if (!q) throw invalidField(`answers.${i}.questionId`, 'unknown', { entity: 'question' });
        if (q.kind === 'rating' && !(typeof a.value === 'number' && Number.isInteger(a.value) && a.value >= 1 && a.value <= 5)) throw invalidField(`answers.${i}.value`, 'rating_range', { min: 1, max: 5 });
        if (q.kind === 'yes_no' && typeof a.value !== 'boolean') throw invalidField(`answers.${i}.value`, 'yes_or_no');
        if (q.kind === 'text' && typeof a.value !== 'string') throw invalidField(`answers.${i}.value`, 'text_expected');
      }
      const values = { answers: JSON.stringify(input.answers), recommendation: input.recommendation ?? null, submitted_at: input.submit ? new Date() : null, updated_at: new Date() };
      await db
        .insertInto('recruiting_evaluations')
        .values({ tenant_id: actor.tenantId, interview_id: id, user_id: actor.userId!, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'interview_id', 'user_id']).doUpdateSet(values))
        .execute();
      return (await this.evaluations(actor, id)).find((e) => e.userId === actor.userId)!;
    },
  };

  /** F-41 for rooms: the tenant's other rooms free for the booked slot (their calendars and Koppel's own bookings). */
  async function roomReplacementsFor(tenantId: string, iv: { id: string; start_at: Date; end_at: Date }, declinedRoomId: string) {
    const others = (await db.selectFrom('recruiting_rooms').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').limit(50).execute()).filter((r) => r.id !== declinedRoomId);
    if (others.length === 0) return { available: [], unavailable: [] };
    const start = iv.start_at.getTime();
    const end = iv.end_at.getTime();
    const a = await availability(tenantId, { userIds: [], roomIds: others.map((r) => r.id), from: new Date(start), to: new Date(end), excludeInterviewId: iv.id }, { keepPrivate: false, lang: 'en' });
    // A room whose calendar cannot be read is not proposed: its "free" would be a guess.
    const readable = a.rooms.filter((r) => r.error === null);
    const free = new Set(suggestReplacementRooms({ slot: { start, end }, declinedRoomId, rooms: readable.map((r) => ({ id: r.roomId, busy: r.busy })) }));
    return {
      available: a.rooms.filter((r) => free.has(r.roomId)).map((r) => ({ roomId: r.roomId, name: r.name })),
      unavailable: a.rooms.filter((r) => !free.has(r.roomId)).map((r) => ({ roomId: r.roomId, name: r.name, reason: r.error ? r.error.code : 'busy' })),
    };
  }

  async function replacementsFor(tenantId: string, iv: { start_at: Date; end_at: Date }, declinedUserId: string, excludeIds: string[]) {
    const pool = await db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('active', '=', true)
      .where('role', 'in', ['owner', 'admin', 'hr_admin', 'recruiter', 'interviewer'])
      .orderBy('name')
      .limit(30)
      .execute();
    const ids = pool.map((p) => p.id).filter((x) => x !== declinedUserId && !excludeIds.includes(x));
    if (ids.length === 0) return { available: [], unavailable: [] };
    const start = iv.start_at.getTime();
    const end = iv.end_at.getTime();
    const a = await availability(tenantId, { userIds: ids, from: new Date(start - DAY), to: new Date(end + DAY) }, { keepPrivate: false, lang: 'en' });
    const connected = a.participants.filter((p) => p.view.calendarConnected);
    const r = suggestReplacement({ slot: { start, end }, declinedId: declinedUserId, candidates: connected.map((p) => p.slotParticipant), excludeIds });
    const name = (id: string) => a.participants.find((p) => p.view.userId === id)!.view.name;
    return {
      available: r.available.map((userId) => ({ userId, name: name(userId) })),
      unavailable: [
        ...r.unavailable.map((u) => ({ userId: u.id, name: name(u.id), reason: u.reason as string })),
        ...a.participants.filter((p) => !p.view.calendarConnected).map((p) => ({ userId: p.view.userId, name: p.view.name, reason: 'not_connected' })),
      ],
    };
  }
}
export type InterviewsService = ReturnType<typeof createInterviewsService>;

/**
 * The part of a search window a slot may be offered in: never the past (a booking there is refused as
 * `start_in_past`). Starts at the next quarter hour from now; null when nothing of the window is left.
 */
export function futureWindow(input: { from: Date; to: Date }, now = Date.now()): { from: number; to: number } | null {
  const step = 15 * 60_000;
  const from = Math.max(input.from.getTime(), Math.ceil(now / step) * step);
  const to = input.to.getTime();
  return to > from ? { from, to } : null;
}

/** Slot-search input errors are the caller's (a window, a duration), not the server's. */
function safeFindSlots(input: Parameters<typeof findSlots>[0]) {
  try {
    return findSlots(input);
  } catch (err) {
    if (err instanceof SlotSearchError) throw invalidField(err.field, 'invalid_input', { reason: err.reason });
    throw err;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'koppel.local';
  } catch {
    return 'koppel.local';
  }
}

/** 'YYYY-MM-DDTHH:MM' in a zone. */
export function localText(epochMs: number, timeZone: string): string {
  const zone = ianaZone(timeZone);
  return new Date(zone ? epochToWall(zone, epochMs) : epochMs).toISOString().slice(0, 16);
}

export async function loadInterviewDtos(db: Database, actor: Actor | null, ids: string[]) {
  if (ids.length === 0) return [];
  const tenantId = actor?.tenantId;
  let q = db
    .selectFrom('recruiting_interviews as i')
    .innerJoin('recruiting_applications as a', 'a.id', 'i.application_id')
    .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
    .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
    .innerJoin('recruiting_interview_types as t', 't.id', 'i.interview_type_id')
    .innerJoin('users as o', 'o.id', 'i.organizer_user_id')
    .leftJoin('recruiting_rooms as r', 'r.id', 'i.room_id')
    .selectAll('i')
    .select([
      'c.id as candidate_id',
      'c.name as candidate_name',
      'c.email as candidate_email',
      'c.language as candidate_language',
      'c.time_zone as candidate_time_zone',
      'j.id as job_id',
      'j.title as job_title',
      't.name as type_name',
      'o.name as organizer_name',
      'o.email as organizer_email',
      'r.name as room_name',
    ])
    .where('i.id', 'in', ids);
  if (tenantId) q = q.where('i.tenant_id', '=', tenantId);
  const rows = await q.execute();
  const parts = await db.selectFrom('recruiting_participants').selectAll().where('interview_id', 'in', ids).orderBy('kind').orderBy('created_at').orderBy('id').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Recruiting roles decide what a (non-staff) interviewer sees of the candidate and the interview notes.
  const roleIds = [...new Set(parts.filter((p) => actor && p.user_id === actor.userId && p.recruiting_role_id).map((p) => p.recruiting_role_id!))];
  const rolePerms = new Map(
    roleIds.length ? (await db.selectFrom('recruiting_roles').select(['id', 'permissions']).where('id', 'in', roleIds).execute()).map((x) => [x.id, (x.permissions ?? {}) as { candidateContact?: boolean; interviewNotes?: boolean }]) : [],
  );
  const allows = (interviewId: string, perm: 'candidateContact' | 'interviewNotes') =>
    parts.some((p) => p.interview_id === interviewId && p.active && actor && p.user_id === actor.userId && p.recruiting_role_id && rolePerms.get(p.recruiting_role_id)?.[perm] === true);
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .filter((r) => !actor || isStaff(actor) || r.organizer_user_id === actor.userId || parts.some((p) => p.interview_id === r.id && p.user_id === actor.userId))
    .map((r) => {
      const mine = parts.filter((p) => p.interview_id === r.id);
      const staffView = !actor || isStaff(actor) || r.organizer_user_id === actor.userId;
      const seesContact = staffView || allows(r.id, 'candidateContact');
      return {
        id: r.id,
        applicationId: r.application_id,
        candidate: { id: r.candidate_id, name: r.candidate_name, email: seesContact ? r.candidate_email : null, language: r.candidate_language, timeZone: r.candidate_time_zone },
        job: { id: r.job_id, title: r.job_title },
        interviewTypeId: r.interview_type_id,
        interviewTypeName: r.type_name,
        status: r.status,
        method: r.method,
        videoProvider: r.video_provider,
        videoJoinUrl: r.video_join_url,
        videoHostUserId: r.video_host_user_id,
        phoneNumber: r.phone_number,
        roomId: r.room_id,
        roomName: r.room_name,
        location: r.location,
        start: r.start_at,
        end: r.end_at,
        timeZone: r.time_zone,
        startLocal: localText(r.start_at.getTime(), r.time_zone),
        endLocal: localText(r.end_at.getTime(), r.time_zone),
        organizer: { userId: r.organizer_user_id, name: r.organizer_name, email: r.organizer_email, attends: r.organizer_attends },
        participants: mine
          .filter((p) => p.active)
          .map((p) => ({
            id: p.id,
            kind: p.kind,
            userId: p.user_id,
            roomId: p.room_id,
            name: p.name,
            email: p.kind === 'candidate' && !seesContact ? null : p.email,
            status: p.status,
            recruitingRoleId: p.recruiting_role_id,
            delivery: p.delivery,
            deliveryError: p.delivery_error,
          })),
        delivery: r.delivery,
        deliveryError: r.delivery_error,
        roomReplacements: null as Array<{ roomId: string; name: string }> | null,
        sequence: r.sequence,
        evaluationFormId: r.evaluation_form_id,
        candidateMessage: r.candidate_message,
        notes: staffView || allows(r.id, 'interviewNotes') ? r.notes : null,
        cancelReason: r.cancel_reason,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
}
export type InterviewDto = Awaited<ReturnType<typeof loadInterviewDtos>>[number];
