import { randomUUID } from 'node:crypto';
import type { Database } from '../platform/db/client.ts';
import { AppError, fieldError, invalidField, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/actor.ts';
import { isStaff } from './access.ts';
import { ianaZone } from '../domain/time/zone-rules.ts';
import { createCrud, existsInTenant } from './crud.ts';

/** F-30: jobs, candidates, applications, interview types, evaluation forms, recruiting roles, rooms. */

export type JobInput = { title: string; description?: string | null; location?: string | null; responsibleUserId: string; status?: 'open' | 'closed' };
export type CandidateInput = { name: string; email: string; phone?: string | null; language: 'nl' | 'de' | 'en'; timeZone: string };
export type ApplicationInput = { candidateId: string; jobId: string; stage?: 'applied' | 'screening' | 'interview' | 'offer' | 'hired' | 'rejected'; notes?: string | null };
export type InterviewTypeInput = { name: string; defaultDurationMinutes: number; defaultEvaluationFormId?: string | null };
export type Question = { id: string; text: string; kind: 'text' | 'rating' | 'yes_no' };
export type EvaluationFormInput = { name: string; questions: Array<Omit<Question, 'id'> & { id?: string }> };
export type Permissions = { candidateContact: boolean; applicationNotes: boolean; otherEvaluations: boolean; interviewNotes: boolean };
export type RoleInput = { name: string; permissions: Permissions };
export type RoomInput = { name: string; email: string; capacity: number };


function checkZone(timeZone: unknown) {
  if (typeof timeZone === 'string' && !ianaZone(timeZone)) throw invalidField('timeZone', 'unknown_time_zone');
}

export function createRecruitingCatalogs(db: Database) {
  const jobs = createCrud<JobInput, ReturnType<typeof jobDto>>(db, {
    table: 'recruiting_jobs',
    entity: 'job_position',
    fields: { title: 'title', description: 'description', location: 'location', responsibleUserId: 'responsible_user_id', status: 'status' },
    async load(d, tenantId, list) {
      let q = d
        .selectFrom('recruiting_jobs as j')
        .innerJoin('users as u', 'u.id', 'j.responsible_user_id')
        .selectAll('j')
        .select('u.name as responsible_user_name')
        .where('j.tenant_id', '=', tenantId);
      if (list) q = q.where('j.id', 'in', list);
      return (await q.orderBy('j.title').orderBy('j.id').execute()).map(jobDto);
    },
    async prepare({ trx, tenantId }, c) {
      if (c.responsible_user_id !== undefined && !(await existsInTenant(trx, 'users', tenantId, String(c.responsible_user_id)))) {
        throw invalidField('responsibleUserId', 'unknown', { entity: 'user' });
      }
    },
    references: [{ table: 'recruiting_applications', column: 'job_id' }],
  });

  const candidates = createCrud<CandidateInput, ReturnType<typeof candidateDto>>(db, {
    table: 'recruiting_candidates',
    entity: 'candidate',
    fields: { name: 'name', email: 'email', phone: 'phone', language: 'language', timeZone: 'time_zone' },
    async load(d, tenantId, list) {
      let q = d.selectFrom('recruiting_candidates').selectAll().where('tenant_id', '=', tenantId);
      if (list) q = q.where('id', 'in', list);
      return (await q.orderBy('name').orderBy('id').execute()).map(candidateDto);
    },
    async prepare(_ctx, c) {
      checkZone(c.time_zone);
      if (typeof c.email === 'string') c.email = c.email.trim().toLowerCase();
    },
    references: [{ table: 'recruiting_applications', column: 'candidate_id' }],
    staffRead: true,
  });

  const applications = createCrud<ApplicationInput, ReturnType<typeof applicationDto>>(db, {
    table: 'recruiting_applications',
    entity: 'application',
    fields: { candidateId: 'candidate_id', jobId: 'job_id', stage: 'stage', notes: 'notes' },
    uniqueField: { candidate_id: 'candidateId', job_id: 'jobId' },
    load: (d, tenantId, list) => loadApplications(d, tenantId, list ? { ids: list } : {}),
    async prepare({ trx, tenantId }, c) {
      if (c.candidate_id !== undefined && !(await existsInTenant(trx, 'recruiting_candidates', tenantId, String(c.candidate_id)))) {
        throw invalidField('candidateId', 'unknown', { entity: 'candidate' });
      }
      if (c.job_id !== undefined && !(await existsInTenant(trx, 'recruiting_jobs', tenantId, String(c.job_id)))) throw invalidField('jobId', 'unknown', { entity: 'job_position' });
      // One application per candidate and job: say whose and for which job, not only that "an application" exists.
      if (c.candidate_id !== undefined && c.job_id !== undefined) {
        const twin = await trx
          .selectFrom('recruiting_applications as a')
          .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
          .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
          .select(['c.name as candidate', 'j.title as job'])
          .where('a.tenant_id', '=', tenantId)
          .where('a.candidate_id', '=', String(c.candidate_id))
          .where('a.job_id', '=', String(c.job_id))
          .executeTakeFirst();
        if (twin) throw new AppError('duplicate', { entity: 'application', field: 'jobId', variant: 'application', candidate: twin.candidate, job: twin.job }, [fieldError('jobId', 'already_applied')]);
      }
    },
    references: [{ table: 'recruiting_interviews', column: 'application_id' }],
  });

  const evaluationForms = createCrud<EvaluationFormInput, ReturnType<typeof formDto>>(db, {
    table: 'recruiting_evaluation_forms',
    entity: 'evaluation_form',
    fields: { name: 'name', questions: 'questions' },
    async load(d, tenantId, list) {
      let q = d.selectFrom('recruiting_evaluation_forms').selectAll().where('tenant_id', '=', tenantId);
      if (list) q = q.where('id', 'in', list);
      return (await q.orderBy('name').orderBy('id').execute()).map(formDto);
    },
    async prepare(_ctx, c) {
      if (c.questions !== undefined) {
        // Question ids stay stable over edits so stored answers keep pointing at their question.
        const qs = (c.questions as EvaluationFormInput['questions']).map((q) => ({ id: q.id ?? randomUUID(), text: q.text, kind: q.kind }));
        if (new Set(qs.map((q) => q.id)).size !== qs.length) throw invalidField('questions', 'question_ids_unique');
        c.questions = JSON.stringify(qs);
      }
    },
    references: [
      { table: 'recruiting_interview_types', column: 'default_evaluation_form_id' },
      { table: 'recruiting_interviews', column: 'evaluation_form_id' },
    ],
  });

  const interviewTypes = createCrud<InterviewTypeInput, ReturnType<typeof typeDto>>(db, {
    table: 'recruiting_interview_types',
    entity: 'interview_type',
    fields: { name: 'name', defaultDurationMinutes: 'default_duration_minutes', defaultEvaluationFormId: 'default_evaluation_form_id' },
    async load(d, tenantId, list) {
      let q = d.selectFrom('recruiting_interview_types').selectAll().where('tenant_id', '=', tenantId);
      if (list) q = q.where('id', 'in', list);
      return (await q.orderBy('name').orderBy('id').execute()).map(typeDto);
    },
    async prepare({ trx, tenantId }, c) {
      const form = c.default_evaluation_form_id;
      if (typeof form === 'string' && !(await existsInTenant(trx, 'recruiting_evaluation_forms', tenantId, form))) {
        throw invalidField('defaultEvaluationFormId', 'unknown', { entity: 'evaluation_form' });
      }
    },
    references: [{ table: 'recruiting_interviews', column: 'interview_type_id' }],
  });

  const roles = createCrud<RoleInput, ReturnType<typeof roleDto>>(db, {
    table: 'recruiting_roles',
    entity: 'recruiting_role',
    fields: { name: 'name', permissions: 'permissions' },
    json: ['permissions'],
    async load(d, tenantId, list) {
      let q = d.selectFrom('recruiting_roles').selectAll().where('tenant_id', '=', tenantId);
      if (list) q = q.where('id', 'in', list);
      return (await q.orderBy('name').orderBy('id').execute()).map(roleDto);
    },
    references: [{ table: 'recruiting_participants', column: 'recruiting_role_id' }],
  });

  const rooms = createCrud<RoomInput, ReturnType<typeof roomDto>>(db, {
    table: 'recruiting_rooms',
    entity: 'room',
    fields: { name: 'name', email: 'email', capacity: 'capacity' },
    async load(d, tenantId, list) {
      let q = d
        .selectFrom('recruiting_rooms as r')
        .leftJoin('recruiting_connections as c', (j) => j.onRef('c.room_id', '=', 'r.id').onRef('c.tenant_id', '=', 'r.tenant_id'))
        .selectAll('r')
        .select(['c.id as connection_id', 'c.status as connection_status'])
        .where('r.tenant_id', '=', tenantId);
      if (list) q = q.where('r.id', 'in', list);
      return (await q.orderBy('r.name').orderBy('r.id').execute()).map(roomDto);
    },
    async prepare(_ctx, c) {
      if (typeof c.email === 'string') c.email = c.email.trim().toLowerCase();
    },
    references: [{ table: 'recruiting_interviews', column: 'room_id' }],
  });

  /**
   * Staff see every application. Anyone else sees only the applications of interviews they organise
   * or take part in, with the candidate's e-mail and the notes only where a recruiting role of theirs
   * on one of those interviews allows it (`candidateContact`, `applicationNotes`); the organiser sees all.
   */
  async function applicationsFor(actor: Actor, f: { ids?: string[]; jobId?: string; candidateId?: string }) {
    const all = await loadApplications(db, actor.tenantId, f);
    if (isStaff(actor)) return all;
    // An API token is nobody: it organises and attends nothing, so outside staff roles it sees no application.
    const uid = actor.userId;
    if (!uid) return [];
    const links = await db
      .selectFrom('recruiting_interviews as i')
      .leftJoin('recruiting_participants as p', (j) => j.onRef('p.interview_id', '=', 'i.id').on('p.user_id', '=', uid).on('p.active', '=', true))
      .leftJoin('recruiting_roles as r', 'r.id', 'p.recruiting_role_id')
      .select(['i.application_id', 'i.organizer_user_id', 'p.id as participant_id', 'r.permissions'])
      .where('i.tenant_id', '=', actor.tenantId)
      .where((eb) => eb.or([eb('i.organizer_user_id', '=', uid), eb('p.id', 'is not', null)]))
      .execute();
    const allowed = new Map<string, Pick<Permissions, 'candidateContact' | 'applicationNotes'>>();
    for (const l of links) {
      const perms = l.organizer_user_id === uid ? { candidateContact: true, applicationNotes: true } : { ...NO_PERMISSIONS, ...(l.permissions as Partial<Permissions> | null) };
      const prev = allowed.get(l.application_id) ?? { candidateContact: false, applicationNotes: false };
      allowed.set(l.application_id, { candidateContact: prev.candidateContact || perms.candidateContact, applicationNotes: prev.applicationNotes || perms.applicationNotes });
    }
    return all.flatMap((a) => {
      const p = allowed.get(a.id);
      return p ? [{ ...a, candidateEmail: p.candidateContact ? a.candidateEmail : null, notes: p.applicationNotes ? a.notes : null }] : [];
    });
  }

  return {
    jobs,
    candidates,
    applications: {
      ...applications,
      async get(actor: Actor, id: string) {
        const [dto] = await applicationsFor(actor, { ids: [id] });
        if (!dto) throw notFound('application');
        return dto;
      },
    },
    evaluationForms,
    interviewTypes,
    roles,
    rooms,
    listApplications: (actor: Actor, f: { jobId?: string; candidateId?: string }) => applicationsFor(actor, f),
  };
}
export type RecruitingCatalogs = ReturnType<typeof createRecruitingCatalogs>;

async function loadApplications(d: Database, tenantId: string, f: { ids?: string[]; jobId?: string; candidateId?: string }) {
  let q = d
    .selectFrom('recruiting_applications as a')
    .innerJoin('recruiting_candidates as c', 'c.id', 'a.candidate_id')
    .innerJoin('recruiting_jobs as j', 'j.id', 'a.job_id')
    .selectAll('a')
    .select(['c.name as candidate_name', 'c.email as candidate_email', 'j.title as job_title', 'j.responsible_user_id'])
    .where('a.tenant_id', '=', tenantId);
  if (f.ids) q = q.where('a.id', 'in', f.ids);
  if (f.jobId) q = q.where('a.job_id', '=', f.jobId);
  if (f.candidateId) q = q.where('a.candidate_id', '=', f.candidateId);
  return (await q.orderBy('a.created_at', 'desc').orderBy('a.id').execute()).map(applicationDto);
}

const times = (r: { created_at: Date; updated_at: Date }) => ({ createdAt: r.created_at, updatedAt: r.updated_at });

function jobDto(r: { id: string; title: string; description: string | null; location: string | null; responsible_user_id: string; responsible_user_name: string; status: 'open' | 'closed'; created_at: Date; updated_at: Date }) {
  return { id: r.id, title: r.title, description: r.description, location: r.location, responsibleUserId: r.responsible_user_id, responsibleUserName: r.responsible_user_name, status: r.status, ...times(r) };
}
function candidateDto(r: { id: string; name: string; email: string; phone: string | null; language: 'nl' | 'de' | 'en'; time_zone: string; created_at: Date; updated_at: Date }) {
  return { id: r.id, name: r.name, email: r.email, phone: r.phone, language: r.language, timeZone: r.time_zone, ...times(r) };
}
function applicationDto(r: { id: string; candidate_id: string; job_id: string; stage: ApplicationInput['stage'] & string; notes: string | null; candidate_name: string; candidate_email: string; job_title: string; responsible_user_id: string; created_at: Date; updated_at: Date }) {
  return {
    id: r.id,
    candidateId: r.candidate_id,
    jobId: r.job_id,
    stage: r.stage,
    notes: r.notes,
    candidateName: r.candidate_name,
    candidateEmail: r.candidate_email,
    jobTitle: r.job_title,
    responsibleUserId: r.responsible_user_id,
    ...times(r),
  };
}
function formDto(r: { id: string; name: string; questions: unknown; created_at: Date; updated_at: Date }) {
  return { id: r.id, name: r.name, questions: (r.questions ?? []) as Question[], ...times(r) };
}
function typeDto(r: { id: string; name: string; default_duration_minutes: number; default_evaluation_form_id: string | null; created_at: Date; updated_at: Date }) {
  return { id: r.id, name: r.name, defaultDurationMinutes: r.default_duration_minutes, defaultEvaluationFormId: r.default_evaluation_form_id, ...times(r) };
}
const NO_PERMISSIONS: Permissions = { candidateContact: false, applicationNotes: false, otherEvaluations: false, interviewNotes: false };
function roleDto(r: { id: string; name: string; permissions: unknown; created_at: Date; updated_at: Date }) {
  return { id: r.id, name: r.name, permissions: { ...NO_PERMISSIONS, ...(r.permissions as Partial<Permissions>) }, ...times(r) };
}
function roomDto(r: { id: string; name: string; email: string; capacity: number; connection_id: string | null; connection_status: string | null; created_at: Date; updated_at: Date }) {
  return { id: r.id, name: r.name, email: r.email, capacity: r.capacity, calendarConnected: r.connection_id !== null && r.connection_status === 'connected', calendarConnectionId: r.connection_id, ...times(r) };
}
