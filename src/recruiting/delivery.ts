import { interpolate, t } from '../platform/i18n/catalog.ts';
import { outboundGuardFor } from '../connectors/kit/outbound-guard.ts';
import type { ProviderDeps } from '../connectors/kit/provider.ts';
import { systemActorFor } from '../platform/identity/tenants.service.ts';
import { simpleParser } from 'mailparser';
import type { Selectable } from 'kysely';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import { jobQueue } from '../platform/jobs/queue.ts';
import { type Mailer, recipientDomains, sendLogged } from '../platform/mail/mailer.ts';
import { type Logger, silentLogger } from '../platform/log/logger.ts';
import type { SecretBox } from '../platform/crypto.ts';
import type { RecruitingInterviewsTable, RecruitingParticipantsTable } from '../platform/db/recruiting-schema.ts';
import { buildInvitation, type Partstat, parseReply, partstatToStatus } from '../domain/ical/imip.ts';
import { koppelInterviews } from './calendar-data.ts';
import { createInterviewsService, enqueueDelivery } from './interviews.ts';
import { type ConnectionRow, calendarProviderFor, videoProviderFor } from './provider-registry.ts';
import type { CalendarEventInput, EventRef } from '../connectors/calendar/calendar-provider.ts';
import { ProviderError } from '../connectors/kit/provider.ts';
import { asLang, formatSpan, type Lang, mails } from './text.ts';

/**
 * The outside-world half of an interview, run by jobs: video meeting, the event in every
 * interviewer's calendar, the candidate's iMIP mail, cancellations, responses read back, iMIP
 * REPLYs from the mail catcher, decline notices and evaluation reminders. Everything is driven by
 * the stored state (SEQUENCE per participant), so a retried job only redoes what is missing.
 */

type Interview = Selectable<RecruitingInterviewsTable>;
type Participant = Selectable<RecruitingParticipantsTable>;
/**
 * `log` is the job's ctx.log (jobId, tenantId bound); delivery binds interviewId, participantId and provider.
 * It never logs names, addresses (recipient domains at most), mail texts or tokens. `attempt` is the job's.
 */
export type DeliveryDeps = { db: Database; box: SecretBox; config: Config; mailer: Mailer; log?: Logger; attempt?: number };
/** Reading responses and notifying only enqueues mail, so it needs no mailer. */
export type PollDeps = Omit<DeliveryDeps, 'mailer'>;

const PARTSTAT: Record<string, Partstat> = { needs_action: 'NEEDS-ACTION', accepted: 'ACCEPTED', declined: 'DECLINED', tentative: 'TENTATIVE', email_sent: 'NEEDS-ACTION' };

/** The address iMIP REPLYs go to: Koppel's own sender address, received by the mail catcher. */
/** What every provider call of a delivery shares: the outbound guard and the job's logger. */
const providerDeps = (deps: Pick<DeliveryDeps, 'config' | 'log'>): ProviderDeps => ({ urlGuard: outboundGuardFor(deps.config), ...(deps.log ? { logger: deps.log } : {}) });

export function replyAddress(config: Config): string {
  const m = /<([^>]+)>/.exec(config.mailFrom);
  return (m ? m[1]! : config.mailFrom).trim();
}

async function context(db: Database, iv: Interview) {
  const parts = await db.selectFrom('recruiting_participants').selectAll().where('interview_id', '=', iv.id).orderBy('created_at').orderBy('id').execute();
  const app = await db
    .selectFrom('recruiting_applications as a')
    .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
    .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
    .select(['j.title as job_title', 'c.name as candidate_name', 'c.email as candidate_email', 'c.language', 'c.time_zone'])
    .where('a.id', '=', iv.application_id)
    .executeTakeFirstOrThrow();
  const organizer = await db.selectFrom('users').select(['id', 'name', 'email', 'locale']).where('id', '=', iv.organizer_user_id).executeTakeFirstOrThrow();
  const tenant = await db.selectFrom('tenants').select(['name', 'locale']).where('id', '=', iv.tenant_id).executeTakeFirstOrThrow();
  const userIds = parts.map((p) => p.user_id).filter((x): x is string => x !== null);
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).execute() : [];
  const roomIds = parts.map((p) => p.room_id).filter((x): x is string => x !== null);
  const conns = await db
    .selectFrom('recruiting_connections')
    .selectAll()
    .where('tenant_id', '=', iv.tenant_id)
    .where((eb) => eb.or([eb('user_id', 'in', userIds.length ? userIds : ['00000000-0000-0000-0000-000000000000']), eb('room_id', 'in', roomIds.length ? roomIds : ['00000000-0000-0000-0000-000000000000'])]))
    .execute();
  const langOfUser = (userId: string | null): Lang => asLang(users.find((u) => u.id === userId)?.locale ?? tenant.locale);
  return { parts, app, organizer, tenant, conns, langOfUser };
}
type Ctx = Awaited<ReturnType<typeof context>>;

function eventInput(iv: Interview, ctx: Ctx, config: Config, forHost: boolean): CalendarEventInput {
  const active = ctx.parts.filter((p) => p.active && p.kind !== 'candidate');
  const lang = asLang(ctx.tenant.locale);
  const lines = [
    `${ctx.app.candidate_name} — ${ctx.app.job_title}`,
    iv.notes ?? '',
    iv.video_join_url ? `Video: ${iv.video_join_url}` : '',
    iv.method === 'phone' && iv.phone_number ? interpolate(mails.where.phone[lang], { phone: iv.phone_number }) : '',
    `${config.publicUrl}/recruiting/interviews/${iv.id}`,
  ].filter(Boolean);
  const input: CalendarEventInput = {
    uid: iv.calendar_uid,
    sequence: iv.sequence,
    summary: t(lang, 'recruiting.event_summary', { candidate: ctx.app.candidate_name, job: ctx.app.job_title }),
    description: lines.join('\n'),
    start: iv.start_at.getTime(),
    end: iv.end_at.getTime(),
    timeZone: iv.time_zone,
    ...(iv.location ? { location: iv.location } : {}),
    organizer: { email: ctx.organizer.email, name: ctx.organizer.name },
    attendees: active.map((p) => ({ email: p.email, name: p.name, kind: p.kind === 'room' ? ('room' as const) : ('interviewer' as const) })),
  };
  if (iv.method === 'video' && iv.video_provider) {
    if (iv.video_join_url) input.conference = { provider: iv.video_provider, joinUrl: iv.video_join_url, ...(iv.video_meeting_id ? { externalId: iv.video_meeting_id } : {}) };
    else if (forHost && (iv.video_provider === 'google_meet' || iv.video_provider === 'teams')) input.createConference = { provider: iv.video_provider, requestId: iv.id };
  }
  return input;
}

function whereLine(iv: Interview, lang: Lang): string {
  if (iv.method === 'video' && iv.video_join_url) return interpolate(mails.where.video[lang], { url: iv.video_join_url });
  if (iv.method === 'phone' && iv.phone_number) return interpolate(mails.where.phone[lang], { phone: iv.phone_number });
  return iv.location ? interpolate(mails.where.in_person[lang], { location: iv.location }) : '';
}

async function sendIcs(deps: DeliveryDeps, log: Logger, iv: Interview, to: { email: string; name: string }, ics: string, method: 'REQUEST' | 'CANCEL', subject: string, text: string) {
  await sendLogged(deps.mailer, { to: to.email, subject, text, tenantId: iv.tenant_id, icalEvent: { method, filename: 'invite.ics', content: ics } }, log);
}

/** The candidate's own event (F-35): separate UID, attendee = the candidate, organizer = Koppel's reply address. */
async function mailCandidate(deps: DeliveryDeps, log: Logger, iv: Interview, ctx: Ctx, p: Participant, method: 'REQUEST' | 'CANCEL') {
  const lang = asLang(ctx.app.language);
  const zone = iv.time_zone;
  const params = {
    name: p.name,
    job: ctx.app.job_title,
    when: formatSpan(lang, iv, zone),
    zone,
    where: whereLine(iv, lang),
    message: iv.candidate_message ? `\n${iv.candidate_message}\n` : '',
    organizer: ctx.organizer.name,
    company: ctx.tenant.name,
  };
  const template = method === 'CANCEL' ? mails.candidateCancel[lang] : iv.sequence > 0 && p.synced_sequence !== null ? mails.candidateUpdate[lang] : mails.candidateInvite[lang];
  const ics = buildInvitation({
    method,
    uid: iv.candidate_uid,
    sequence: iv.sequence,
    start: iv.start_at.getTime(),
    end: iv.end_at.getTime(),
    timeZone: zone,
    summary: `${ctx.tenant.name}: ${ctx.app.job_title}`,
    description: [iv.candidate_message ?? '', whereLine(iv, lang)].filter(Boolean).join('\n\n'),
    location: iv.method === 'video' ? iv.video_join_url : iv.method === 'phone' ? iv.phone_number : iv.location,
    url: iv.method === 'video' ? iv.video_join_url : null,
    organizer: { email: replyAddress(deps.config), name: `${ctx.organizer.name} (${ctx.tenant.name})` },
    attendees: [{ email: p.email, name: p.name, partstat: method === 'CANCEL' ? undefined : PARTSTAT[p.status] }],
  });
  await sendIcs(deps, log, iv, p, ics, method, interpolate(template.subject, params), interpolate(template.body, params));
}

/** An interviewer without a connected calendar still gets the interviewers' event, by iMIP mail. */
async function mailInterviewer(deps: DeliveryDeps, log: Logger, iv: Interview, ctx: Ctx, p: Participant, method: 'REQUEST' | 'CANCEL') {
  const lang = ctx.langOfUser(p.user_id);
  const input = eventInput(iv, ctx, deps.config, false);
  const ics = buildInvitation({
    method,
    uid: iv.calendar_uid,
    sequence: iv.sequence,
    start: input.start,
    end: input.end,
    timeZone: input.timeZone,
    summary: input.summary,
    description: input.description,
    location: input.location,
    organizer: { email: replyAddress(deps.config), name: ctx.organizer.name },
    attendees: input.attendees.map((a) => ({ email: a.email, name: a.name, cutype: a.kind === 'room' ? 'ROOM' : 'INDIVIDUAL' })),
  });
  const params = { name: p.name, candidate: ctx.app.candidate_name, job: ctx.app.job_title, when: formatSpan(lang, iv), zone: iv.time_zone, message: iv.cancel_reason ?? '' };
  const subject = method === 'CANCEL' ? interpolate(mails.interviewerCancel[lang].subject, params) : input.summary;
  const text = method === 'CANCEL' ? interpolate(mails.interviewerCancel[lang].body, params) : input.description;
  await sendIcs(deps, log, iv, p, ics, method, subject, text);
}

const errCode = (err: unknown) => (err instanceof ProviderError ? err.code : 'unavailable');
const asRef = (v: unknown) => v as EventRef;

async function setPart(db: Database, id: string, patch: Partial<Record<keyof Participant, unknown>>) {
  await db.updateTable('recruiting_participants').set({ ...(patch as object), updated_at: new Date() }).where('id', '=', id).execute();
}

/** One pass over an interview; returns whether everything was delivered. */
async function deliverOnce(deps: DeliveryDeps, interviewId: string): Promise<{ ok: boolean; sequence: number; status: string }> {
  const { db, box } = deps;
  let iv = await db.selectFrom('recruiting_interviews').selectAll().where('id', '=', interviewId).executeTakeFirst();
  const base = (deps.log ?? silentLogger).child({ interviewId });
  const attempt = deps.attempt;
  if (!iv) {
    base.info('interview gone; nothing to deliver');
    return { ok: true, sequence: -1, status: 'gone' };
  }
  const log = base.child({ sequence: iv.sequence });
  const ctx = await context(db, iv);
  const failures: string[] = [];
  const failed = (l: Logger, step: string, err: unknown) => l.warn({ step, reason: errCode(err), ...(err instanceof ProviderError && err.status ? { status: err.status } : {}), attempt }, `${step} failed`);
  const calendarOf = (p: Participant): ConnectionRow | undefined =>
    ctx.conns.find((c) => c.category === 'calendar' && ((p.user_id && c.user_id === p.user_id) || (p.room_id && c.room_id === p.room_id)));

  if (iv.status === 'cancelled') {
    if (iv.video_meeting_id && (iv.video_provider === 'zoom' || iv.video_provider === 'gotomeeting')) {
      const conn = ctx.conns.find((c) => c.user_id === iv!.video_host_user_id && c.kind === iv!.video_provider);
      try {
        if (!conn) throw new ProviderError('reconnect_needed', 'video connection removed', iv.video_provider);
        await videoProviderFor(db, box, conn, providerDeps(deps)).deleteMeeting(iv.video_meeting_id);
        await db.updateTable('recruiting_interviews').set({ video_meeting_id: null, video_synced_sequence: null }).where('id', '=', iv.id).execute();
        log.info({ provider: iv.video_provider, step: 'video_meeting' }, 'video meeting deleted');
      } catch (err) {
        failures.push(`video:${errCode(err)}`);
        failed(log.child({ provider: iv.video_provider }), 'video_meeting_delete', err);
      }
    }
  } else if (iv.method === 'video' && (iv.video_provider === 'zoom' || iv.video_provider === 'gotomeeting') && iv.video_synced_sequence !== iv.sequence) {
    // The meeting comes first so every calendar event and the candidate's mail carry its link.
    const conn = ctx.conns.find((c) => c.user_id === iv!.video_host_user_id && c.kind === iv!.video_provider && c.category === 'video');
    try {
      if (!conn) throw new ProviderError('reconnect_needed', 'video connection removed', iv.video_provider);
      const provider = videoProviderFor(db, box, conn, providerDeps(deps));
      const meetingInput = { topic: t(asLang(ctx.tenant.locale), 'recruiting.event_summary', { candidate: ctx.app.candidate_name, job: ctx.app.job_title }), start: iv.start_at.getTime(), durationMinutes: Math.round((iv.end_at.getTime() - iv.start_at.getTime()) / 60_000), timeZone: iv.time_zone, requestId: iv.id };
      if (!iv.video_meeting_id) {
        const m = await provider.createMeeting(meetingInput);
        await db.updateTable('recruiting_interviews').set({ video_meeting_id: m.externalId, video_join_url: m.joinUrl, video_synced_sequence: iv.sequence }).where('id', '=', iv.id).execute();
        log.info({ provider: iv.video_provider, step: 'video_meeting' }, 'video meeting created');
      } else {
        await provider.updateMeeting(iv.video_meeting_id, meetingInput);
        await db.updateTable('recruiting_interviews').set({ video_synced_sequence: iv.sequence }).where('id', '=', iv.id).execute();
        log.info({ provider: iv.video_provider, step: 'video_meeting' }, 'video meeting updated');
      }
    } catch (err) {
      failures.push(`video:${errCode(err)}`);
      failed(log.child({ provider: iv.video_provider }), 'video_meeting', err);
    }
    iv = await db.selectFrom('recruiting_interviews').selectAll().where('id', '=', interviewId).executeTakeFirstOrThrow();
  }

  // The host first: a Meet/Teams link is created by the host's calendar and then shared with the others.
  const ordered = [...ctx.parts].sort((a, b) => Number(b.user_id === iv!.video_host_user_id) - Number(a.user_id === iv!.video_host_user_id));
  for (const p of ordered) {
    if (p.kind === 'candidate') continue;
    const remove = iv.status === 'cancelled' || !p.active;
    const conn = calendarOf(p);
    const plog = log.child({ participantId: p.id, kind: p.kind, provider: conn?.kind ?? 'imip' });
    try {
      if (remove) {
        if (p.event_ref) {
          const c = ctx.conns.find((x) => x.id === p.connection_id) ?? conn;
          if (c) await calendarProviderFor(db, box, c, providerDeps(deps)).cancelEvent(asRef(p.event_ref), eventInput(iv, ctx, deps.config, false));
          await setPart(db, p.id, { event_ref: null, synced_sequence: null, delivery: 'done', delivery_error: null });
          plog.info({ step: 'calendar_event', provider: c?.kind ?? 'none' }, 'calendar event cancelled');
        } else if (p.synced_sequence !== null && p.kind === 'interviewer') {
          await mailInterviewer(deps, plog, iv, ctx, p, 'CANCEL');
          await setPart(db, p.id, { synced_sequence: null, delivery: 'done', delivery_error: null });
        }
        if (iv.status === 'cancelled' && p.kind === 'interviewer' && p.event_ref) {
          // Calendar cancellations may not mail anyone (Google/Graph only on request): tell the interviewer too.
          await mailInterviewer(deps, plog, iv, ctx, p, 'CANCEL');
        }
        if (!p.active) await db.deleteFrom('recruiting_participants').where('id', '=', p.id).execute();
        continue;
      }
      if (p.synced_sequence === iv.sequence && p.delivery === 'done') continue;
      // An invitation to a video interview without its link is useless and nothing would re-send it: everyone
      // but the host who creates the Meet/Teams link waits until the link exists (the job retries).
      const makesLink = p.user_id === iv.video_host_user_id && conn?.status === 'connected' && (iv.video_provider === 'google_meet' || iv.video_provider === 'teams');
      if (iv.method === 'video' && !iv.video_join_url && !makesLink) {
        failures.push('video:no_link');
        plog.info({ step: 'calendar_event', attempt }, 'waiting for the video link');
        continue;
      }
      // Before the room's own calendar holds this interview, so its busy time is only other bookings.
      if (p.kind === 'room') await answerForRoom(deps, iv, p, conn, eventInput(iv, ctx, deps.config, false).summary);
      if (conn && conn.status === 'connected') {
        const provider = calendarProviderFor(db, box, conn, providerDeps(deps));
        const input = eventInput(iv, ctx, deps.config, p.user_id === iv.video_host_user_id);
        const updating = Boolean(p.event_ref && p.connection_id === conn.id);
        const written = updating ? await provider.updateEvent(asRef(p.event_ref), input) : await provider.createEvent(input);
        const own = written.attendees?.find((a) => a.email.toLowerCase() === p.email.toLowerCase());
        await setPart(db, p.id, {
          event_ref: JSON.stringify(written.ref),
          connection_id: conn.id,
          synced_sequence: iv.sequence,
          delivery: 'done',
          delivery_error: null,
          ...(own && own.status !== 'needs_action' ? { status: own.status } : {}),
        });
        plog.info({ step: 'calendar_event', action: updating ? 'updated' : 'created', ...(written.conference ? { conference: written.conference.provider } : {}) }, 'calendar event written');
        if (written.conference && !iv.video_join_url) {
          await db.updateTable('recruiting_interviews').set({ video_join_url: written.conference.joinUrl, video_meeting_id: written.conference.externalId ?? null }).where('id', '=', iv.id).execute();
          iv = await db.selectFrom('recruiting_interviews').selectAll().where('id', '=', interviewId).executeTakeFirstOrThrow();
        }
      } else if (p.kind === 'interviewer') {
        await mailInterviewer(deps, plog, iv, ctx, p, 'REQUEST');
        await setPart(db, p.id, { synced_sequence: iv.sequence, delivery: 'done', delivery_error: conn ? 'reconnect_needed' : null, ...(p.status === 'needs_action' ? { status: 'email_sent' } : {}) });
      } else {
        // A room without its own calendar is an attendee of the interviewers' events only.
        await setPart(db, p.id, { synced_sequence: iv.sequence, delivery: 'skipped' });
      }
    } catch (err) {
      failures.push(`${p.id}:${errCode(err)}`);
      failed(plog, remove ? 'participant_cancel' : 'participant_delivery', err);
      await setPart(db, p.id, { delivery: 'failed', delivery_error: errCode(err) });
    }
  }

  if (iv.status !== 'cancelled' && iv.method === 'video' && !iv.video_join_url) failures.push('video:no_link');
  const cand = ctx.parts.find((p) => p.kind === 'candidate');
  if (cand) {
    const clog = log.child({ participantId: cand.id, kind: 'candidate', provider: 'imip' });
    try {
      if (iv.status === 'cancelled') {
        if (cand.synced_sequence !== null) {
          await mailCandidate(deps, clog, iv, ctx, cand, 'CANCEL');
          await setPart(db, cand.id, { synced_sequence: null, delivery: 'done', delivery_error: null });
        }
      } else if (cand.synced_sequence !== iv.sequence && !failures.some((f) => f.startsWith('video:'))) {
        await mailCandidate(deps, clog, iv, ctx, cand, 'REQUEST');
        const fresh = await db.selectFrom('recruiting_participants').select('status').where('id', '=', cand.id).executeTakeFirstOrThrow();
        await setPart(db, cand.id, { synced_sequence: iv.sequence, delivery: 'done', delivery_error: null, ...(fresh.status === 'needs_action' ? { status: 'email_sent' } : {}) });
      }
    } catch (err) {
      failures.push(`candidate:${errCode(err)}`);
      failed(clog, 'candidate_mail', err);
      await setPart(db, cand.id, { delivery: 'failed', delivery_error: 'mail_failed' });
    }
  }
  await db
    .updateTable('recruiting_interviews')
    .set({ delivery: failures.length ? 'failed' : 'done', delivery_error: failures.length ? [...new Set(failures)].join(', ').slice(0, 500) : null })
    .where('id', '=', iv.id)
    .where('sequence', '=', iv.sequence)
    .execute();
  const summary = { status: iv.status, failures: [...new Set(failures)], attempt };
  if (failures.length) log.warn(summary, 'delivery incomplete');
  else log.info(summary, 'delivery done');
  return { ok: failures.length === 0, sequence: iv.sequence, status: iv.status };
}

export async function deliverInterview(deps: DeliveryDeps, interviewId: string) {
  for (let round = 0; round < 3; round++) {
    const r = await deliverOnce(deps, interviewId);
    const now = await deps.db.selectFrom('recruiting_interviews').select(['sequence', 'status']).where('id', '=', interviewId).executeTakeFirst();
    // A reschedule that landed while this job ran (its enqueue met this running job's singleton key): go again.
    if (now && (now.sequence !== r.sequence || now.status !== r.status)) continue;
    if (!r.ok) throw new Error(`recruiting delivery incomplete for ${interviewId}`);
    return { rounds: round + 1 };
  }
  throw new Error(`recruiting delivery kept changing for ${interviewId}`);
}

/**
 * Rooms never answer an invitation (CalDAV servers do not auto-accept for rooms, reference): Koppel answers
 * for the room from its busy time at the interview (its calendar, if connected, and Koppel's own bookings).
 * Free → accepted, busy → declined (F-41 then proposes a free room). An unreadable calendar leaves the answer as it was.
 */
async function answerForRoom(deps: PollDeps, iv: Interview, p: Participant, conn: ConnectionRow | undefined, ownSummary: string): Promise<boolean> {
  const start = iv.start_at.getTime();
  const end = iv.end_at.getTime();
  let busy = (await koppelInterviews(deps.db, iv.tenant_id, { start, end }, { roomIds: [p.room_id!] }, iv.id)).length > 0;
  if (!busy && conn && conn.status === 'connected') {
    try {
      // Details are needed to tell this interview's own event (same title) from someone else's booking.
      const r = await calendarProviderFor(deps.db, deps.box, conn, providerDeps(deps)).freeBusy({ from: start, to: end, timeZone: iv.time_zone, keepPrivateDetails: true });
      busy = r.busy.some((b) => b.start < end && b.end > start && b.summary !== ownSummary);
    } catch {
      return false;
    }
  }
  return applyStatus(deps, iv, p, busy ? 'declined' : 'accepted');
}

/** Applies a response to a participant; a new decline by an interviewer notifies the organizer (F-38, F-41). */
async function applyStatus(deps: PollDeps, iv: Interview, p: Participant, status: 'needs_action' | 'accepted' | 'declined' | 'tentative') {
  if (status === 'needs_action' && p.status === 'email_sent') return false;
  if (p.status === status) return false;
  await setPart(deps.db, p.id, { status, responded_at: new Date() });
  if (status === 'declined' && p.kind === 'interviewer' && !p.decline_notified_at) await notifyDecline(deps, iv, p);
  return true;
}

async function notifyDecline(deps: PollDeps, iv: Interview, p: Participant) {
  const { db } = deps;
  // Claimed first: the poll job and a refresh may read the same decline at once; only one tells the organizer.
  const claimed = await db.updateTable('recruiting_participants').set({ decline_notified_at: new Date() }).where('id', '=', p.id).where('decline_notified_at', 'is', null).returning('id').executeTakeFirst();
  if (!claimed) return;
  try {
    await sendDeclineNotice(deps, iv, p);
  } catch (err) {
    await setPart(db, p.id, { decline_notified_at: null });
    throw err;
  }
}

async function sendDeclineNotice(deps: PollDeps, iv: Interview, p: Participant) {
  const { db } = deps;
  const ctx = await context(db, iv);
  const lang = ctx.langOfUser(ctx.organizer.id);
  let replacements: string = mails.replacementsNone[lang];
  try {
    const svc = createInterviewsService(db, deps.box, deps.config);
    const r = await svc.replacements(await systemActorFor(db, iv.tenant_id), iv.id, p.id);
    if (r.available.length) replacements = interpolate(mails.replacementsFound[lang], { names: r.available.map((a) => a.name).join(', ') });
  } catch {
    // Replacements are a suggestion; the notice itself must still go out.
  }
  const params = {
    name: ctx.organizer.name,
    who: p.name,
    candidate: ctx.app.candidate_name,
    job: ctx.app.job_title,
    when: formatSpan(lang, iv),
    zone: iv.time_zone,
    replacements,
    link: `${deps.config.publicUrl}/recruiting/interviews/${iv.id}`,
  };
  await jobQueue.enqueue(db, 'mail.send', { to: ctx.organizer.email, subject: interpolate(mails.declined[lang].subject, params), text: interpolate(mails.declined[lang].body, params) }, { tenantId: iv.tenant_id });
  (deps.log ?? silentLogger).info({ interviewId: iv.id, participantId: p.id, recipientDomains: recipientDomains(ctx.organizer.email) }, 'decline notice queued');
}

/** F-36: re-reads the responses of one interview from the calendars it was written to. */
export async function refreshResponses(deps: PollDeps, interviewId: string): Promise<{ changed: number; errors: string[] }> {
  const { db, box } = deps;
  const iv = await db.selectFrom('recruiting_interviews').selectAll().where('id', '=', interviewId).executeTakeFirst();
  if (!iv || iv.status !== 'scheduled') return { changed: 0, errors: [] };
  const parts = await db.selectFrom('recruiting_participants').selectAll().where('interview_id', '=', iv.id).where('active', '=', true).execute();
  const conns = await db.selectFrom('recruiting_connections').selectAll().where('tenant_id', '=', iv.tenant_id).where('category', '=', 'calendar').execute();
  let changed = 0;
  const errors: string[] = [];
  let ownSummary: string | undefined;
  for (const p of parts) {
    if (p.kind === 'room') {
      // Re-checked on every poll: a room booked elsewhere meanwhile turns to declined.
      ownSummary ??= eventInput(iv, await context(db, iv), deps.config, false).summary;
      const roomConn = conns.find((c) => c.room_id === p.room_id);
      if (await answerForRoom(deps, iv, p, roomConn, ownSummary)) changed++;
      continue;
    }
    if (!p.event_ref || !p.connection_id) continue;
    const conn = conns.find((c) => c.id === p.connection_id);
    if (!conn || conn.status !== 'connected') continue;
    try {
      const responses = await calendarProviderFor(db, box, conn, providerDeps(deps)).readResponses(asRef(p.event_ref));
      const own = responses.find((r) => r.email.toLowerCase() === p.email.toLowerCase());
      if (own && own.status !== 'email_sent' && (await applyStatus(deps, iv, p, own.status))) changed++;
    } catch (err) {
      errors.push(`${p.id}:${errCode(err)}`);
      (deps.log ?? silentLogger).warn({ interviewId, participantId: p.id, provider: conn.kind, step: 'read_responses', reason: errCode(err) }, 'reading responses failed');
    }
  }
  return { changed, errors };
}

/** iMIP REPLYs that reached Koppel's reply address (the mail catcher); From must be the replying ATTENDEE. */
export async function processInbox(deps: PollDeps, limit = 200): Promise<number> {
  const { db } = deps;
  const mailsIn = await db
    .selectFrom('caught_mails as m')
    .select(['m.id', 'm.raw', 'm.mail_from'])
    // Not only '%METHOD:REPLY%': a base64 or quoted-printable calendar part hides that text; its plain
    // Content-Type header still says method=REPLY (RFC 6047 §2.4).
    .where((eb) => eb.or([eb('m.raw', 'ilike', '%METHOD:REPLY%'), eb('m.raw', 'ilike', '%method=REPLY%'), eb('m.raw', 'ilike', '%method="REPLY"%')]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('recruiting_processed_mails as x').select('x.mail_id').whereRef('x.mail_id', '=', 'm.id'))))
    .orderBy('m.id')
    .limit(limit)
    .execute();
  let applied = 0;
  for (const m of mailsIn) {
    // Claim the mail before acting on it: the poll job and a refresh may run this at the same time.
    const claim = await db.insertInto('recruiting_processed_mails').values({ mail_id: Number(m.id), interview_id: null, outcome: 'processing' }).onConflict((oc) => oc.column('mail_id').doNothing()).returning('mail_id').executeTakeFirst();
    if (!claim) continue;
    let outcome = 'ignored';
    let interviewId: string | null = null;
    try {
      const parsed = await simpleParser(m.raw);
      const from = (parsed.from?.value?.[0]?.address ?? m.mail_from).toLowerCase();
      const texts = [
        ...parsed.attachments.filter((a) => /text\/calendar/i.test(a.contentType)).map((a) => a.content.toString('utf8')),
        ...(typeof parsed.text === 'string' && parsed.text.includes('BEGIN:VCALENDAR') ? [parsed.text] : []),
      ];
      for (const t of texts) {
        const reply = parseReply(t);
        if (!reply) continue;
        const iv = await db
          .selectFrom('recruiting_interviews')
          .selectAll()
          .where((eb) => eb.or([eb('candidate_uid', '=', reply.uid), eb('calendar_uid', '=', reply.uid)]))
          .executeTakeFirst();
        if (!iv) {
          outcome = 'unknown_uid';
          continue;
        }
        interviewId = iv.id;
        const attendee = reply.attendees.find((a) => a.email === from);
        if (!attendee) {
          outcome = 'sender_not_attendee';
          continue;
        }
        if (reply.sequence < iv.sequence) {
          outcome = 'stale_sequence';
          continue;
        }
        const kind = reply.uid === iv.candidate_uid ? 'candidate' : 'interviewer';
        const p = await db.selectFrom('recruiting_participants').selectAll().where('interview_id', '=', iv.id).where('kind', '=', kind).where('active', '=', true).where('email', '=', from).executeTakeFirst();
        const status = partstatToStatus(attendee.partstat);
        if (!p || !status) {
          outcome = 'no_participant';
          continue;
        }
        if (iv.status === 'scheduled') await applyStatus(deps, iv, p, status);
        outcome = `applied:${status}`;
        applied++;
      }
    } catch {
      outcome = 'unreadable';
    }
    await db.updateTable('recruiting_processed_mails').set({ interview_id: interviewId, outcome }).where('mail_id', '=', Number(m.id)).execute();
    (deps.log ?? silentLogger).info({ mailId: Number(m.id), interviewId, outcome }, 'iMIP reply processed');
  }
  return applied;
}

/** F-37: after the interview, the evaluation reminder to each interviewer; the interview counts as completed. */
export async function sendReminders(deps: PollDeps, interviewId: string) {
  const { db } = deps;
  const iv = await db.selectFrom('recruiting_interviews').selectAll().where('id', '=', interviewId).executeTakeFirst();
  if (!iv || iv.status === 'cancelled' || iv.reminder_sent_at) return { sent: 0 };
  if (iv.status === 'scheduled' && iv.end_at.getTime() > Date.now()) return { sent: 0, early: true };
  if (iv.status === 'scheduled') await db.updateTable('recruiting_interviews').set({ status: 'completed', updated_at: new Date() }).where('id', '=', iv.id).execute();
  let sent = 0;
  if (iv.evaluation_form_id) {
    const ctx = await context(db, iv);
    const form = await db.selectFrom('recruiting_evaluation_forms').select('name').where('id', '=', iv.evaluation_form_id).executeTakeFirstOrThrow();
    for (const p of ctx.parts.filter((x) => x.kind === 'interviewer' && x.active && x.status !== 'declined')) {
      const lang = ctx.langOfUser(p.user_id);
      const params = { name: p.name, candidate: ctx.app.candidate_name, job: ctx.app.job_title, when: formatSpan(lang, iv), form: form.name, link: `${deps.config.publicUrl}/recruiting/interviews/${iv.id}/evaluation` };
      await jobQueue.enqueue(db, 'mail.send', { to: p.email, subject: interpolate(mails.evaluationReminder[lang].subject, params), text: interpolate(mails.evaluationReminder[lang].body, params) }, { tenantId: iv.tenant_id });
      (deps.log ?? silentLogger).info({ interviewId: iv.id, participantId: p.id, recipientDomains: recipientDomains(p.email) }, 'evaluation reminder queued');
      sent++;
    }
  }
  await db.updateTable('recruiting_interviews').set({ reminder_sent_at: new Date() }).where('id', '=', iv.id).execute();
  return { sent };
}

/** Upcoming delivered interviews whose responses are polled. */
/** How long a change may sit undelivered before the poller hands it to the delivery job again. */
export const STALE_DELIVERY_MS = 5 * 60_000;

export async function pollAll(deps: PollDeps) {
  const replies = await processInbox(deps);
  const now = Date.now();
  // A reschedule/cancel that commits while its interview's delivery job is still running has its enqueue
  // swallowed by that job's singleton key (and the job's last re-check may have run already). Such a change
  // stays 'pending': enqueue it again. A queued or running delivery absorbs this, so it never runs twice at once.
  const stale = await deps.db
    .selectFrom('recruiting_interviews')
    .select(['id', 'tenant_id'])
    .where('delivery', '=', 'pending')
    .where('updated_at', '<', new Date(now - STALE_DELIVERY_MS))
    .limit(100)
    .execute();
  for (const r of stale) await enqueueDelivery(deps.db, r.tenant_id, r.id);
  const rows = await deps.db
    .selectFrom('recruiting_interviews')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('end_at', '>', new Date(now - 3_600_000))
    .where('start_at', '<', new Date(now + 60 * 86_400_000))
    .orderBy('start_at')
    .limit(500)
    .execute();
  let changed = 0;
  for (const r of rows) changed += (await refreshResponses(deps, r.id)).changed;
  return { replies, interviews: rows.length, changed, redelivered: stale.length, more: rows.length > 0 || stale.length > 0 };
}
