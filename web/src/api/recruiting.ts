import { useQuery } from '@tanstack/react-query';
import { type ApiError, api, asPage, type Page } from './client';
import { useApiMutation } from './hooks';
import type { Locale } from './types';

/**
 * Recruiting (F-30 … F-42), as docs/recruiting-api.md describes the REST contract. Base path /recruiting.
 * Instants are ISO UTC strings; local dates YYYY-MM-DD; zones IANA ids.
 */

const R = '/recruiting';

type Stamps = { id: string; createdAt: string; updatedAt: string };

export type JobStatus = 'open' | 'closed';
export type Job = Stamps & { title: string; description: string | null; location: string | null; responsibleUserId: string; responsibleUserName: string; status: JobStatus };
export type Candidate = Stamps & { name: string; email: string; phone: string | null; language: Locale; timeZone: string };
export type ApplicationStage = 'applied' | 'screening' | 'interview' | 'offer' | 'hired' | 'rejected';
export const APPLICATION_STAGES: ApplicationStage[] = ['applied', 'screening', 'interview', 'offer', 'hired', 'rejected'];
export type Application = Stamps & {
  candidateId: string;
  jobId: string;
  stage: ApplicationStage;
  notes: string | null;
  candidateName: string;
  /** null when the caller's recruiting role has no `candidateContact` permission. */
  candidateEmail: string | null;
  jobTitle: string;
  responsibleUserId: string;
};
export type InterviewType = Stamps & { name: string; defaultDurationMinutes: number; defaultEvaluationFormId: string | null };
export type QuestionKind = 'text' | 'rating' | 'yes_no';
export const QUESTION_KINDS: QuestionKind[] = ['text', 'rating', 'yes_no'];
export type Question = { id?: string; text: string; kind: QuestionKind };
export type EvaluationForm = Stamps & { name: string; questions: Question[] };
export type RolePermissions = { candidateContact: boolean; applicationNotes: boolean; otherEvaluations: boolean; interviewNotes: boolean };
export const ROLE_PERMISSIONS: (keyof RolePermissions)[] = ['candidateContact', 'applicationNotes', 'otherEvaluations', 'interviewNotes'];
export type RecruitingRole = Stamps & { name: string; permissions: RolePermissions };
export type Room = Stamps & { name: string; email: string; capacity: number; calendarConnectionId: string | null; calendarConnected: boolean };

export type CalendarKind = 'caldav' | 'google' | 'microsoft';
export type VideoKind = 'zoom' | 'gotomeeting' | 'google_meet' | 'teams';
export type ConnectionKind = CalendarKind | 'zoom' | 'gotomeeting';
export type RecruitingUser = {
  id: string;
  name: string;
  email: string;
  role: string;
  timeZone: string;
  calendarConnected: boolean;
  calendarKind: CalendarKind | null;
  calendarStatus: 'connected' | 'reconnect_needed' | null;
  videoProviders: VideoKind[];
};
export type Connection = {
  id: string;
  ownerType: 'user' | 'room';
  userId: string | null;
  roomId: string | null;
  kind: ConnectionKind;
  category: 'calendar' | 'video';
  account: string;
  status: 'connected' | 'reconnect_needed';
  lastErrorCode: string | null;
  lastErrorAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type BusyBlock = { start: string; end: string; title: string | null; private: boolean; tentative: boolean; allDay: boolean; source: 'calendar' | 'interview' };
export type AvailabilityParticipant = {
  userId: string;
  name: string;
  email: string;
  timeZone: string;
  calendarConnected: boolean;
  /** `reconnect_needed`, `not_connected`, `unavailable`, …: this person's busy time is missing from `slots`. */
  error: null | { code: string; message?: string };
  busy: BusyBlock[];
  absences: Array<{ start: string; end: string; kind: string; label: string }>;
  holidays: Array<{ date: string; name: string; start: string; end: string }>;
  working: Array<{ start: string; end: string }>;
};
export type Availability = {
  participants: AvailabilityParticipant[];
  rooms: Array<{ roomId: string; name: string; busy: Array<{ start: string; end: string }>; error: null | { code: string; message?: string } }>;
  slots: Array<{ start: string; end: string; roomIds: string[] }>;
};
export type AvailabilityQuery = {
  userIds: string[];
  roomIds: string[];
  from: string;
  to: string;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  showPrivateTitles?: boolean;
  excludeInterviewId?: string | null;
  maxSlots?: number;
};

export type InterviewStatus = 'scheduled' | 'completed' | 'cancelled';
export type InterviewMethod = 'in_person' | 'phone' | 'video';
export const INTERVIEW_METHODS: InterviewMethod[] = ['in_person', 'phone', 'video'];
export type ParticipantStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative' | 'email_sent';
export type Delivery = 'pending' | 'done' | 'failed';
/** `skipped`: nothing to write for this participant (e.g. no connected calendar: mail only). */
export type ParticipantDelivery = Delivery | 'skipped';
export type InterviewParticipant = {
  id: string;
  kind: 'interviewer' | 'candidate' | 'room';
  userId: string | null;
  roomId: string | null;
  name: string;
  email: string | null;
  status: ParticipantStatus;
  recruitingRoleId: string | null;
  delivery: ParticipantDelivery;
  deliveryError: string | null;
};
export type Interview = {
  id: string;
  applicationId: string;
  candidate: { id: string; name: string; email: string | null; language: Locale; timeZone: string };
  job: { id: string; title: string };
  interviewTypeId: string;
  interviewTypeName: string;
  status: InterviewStatus;
  method: InterviewMethod;
  videoProvider: VideoKind | null;
  videoJoinUrl: string | null;
  videoHostUserId: string | null;
  phoneNumber: string | null;
  roomId: string | null;
  roomName: string | null;
  location: string | null;
  start: string;
  end: string;
  timeZone: string;
  startLocal: string;
  endLocal: string;
  organizer: { userId: string; name: string; email: string; attends: boolean };
  participants: InterviewParticipant[];
  delivery: Delivery;
  deliveryError: string | null;
  sequence: number;
  evaluationFormId: string | null;
  candidateMessage: string | null;
  notes: string | null;
  cancelReason: string | null;
  /** Free rooms when the room declined (staff and the organizer only; null otherwise and in lists). */
  roomReplacements: Array<{ roomId: string; name: string }> | null;
  createdAt: string;
  updatedAt: string;
};
export type InterviewInput = {
  applicationId: string;
  interviewTypeId: string;
  organizerId: string;
  organizerAttends: boolean;
  interviewers: Array<{ userId: string; recruitingRoleId?: string | null }>;
  start: string;
  end: string;
  roomId?: string | null;
  method: InterviewMethod;
  videoProvider?: VideoKind | null;
  videoHostUserId?: string | null;
  phoneNumber?: string | null;
  candidateMessage?: string | null;
  notes?: string | null;
  evaluationFormId?: string | null;
};
export type InterviewPatch = Partial<Pick<InterviewInput, 'start' | 'end' | 'roomId' | 'interviewers' | 'candidateMessage' | 'notes' | 'evaluationFormId'>>;
export type ReplacementReason = 'outside_working_hours' | 'holiday' | 'absent' | 'busy' | 'not_connected';
export type Replacements = { available: Array<{ userId: string; name: string }>; unavailable: Array<{ userId: string; name: string; reason: ReplacementReason | string }> };

export type SchedulingLinkStatus = 'active' | 'used' | 'expired' | 'revoked';
export type SchedulingLink = {
  id: string;
  applicationId: string;
  url?: string;
  status: SchedulingLinkStatus;
  expiresAt: string;
  durationMinutes: number;
  interviewId: string | null;
  createdAt?: string;
};
export type SchedulingLinkInput = {
  interviewTypeId: string;
  organizerId: string;
  interviewerIds: string[];
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  days?: number;
  roomId?: string | null;
  method: InterviewMethod;
  videoProvider?: VideoKind | null;
  videoHostUserId?: string | null;
  candidateMessage?: string | null;
  sendMail?: boolean;
};
export type PublicScheduling = {
  candidateName: string;
  jobTitle: string;
  companyName: string;
  durationMinutes: number;
  timeZone: string;
  language: Locale;
  options: Array<{ start: string; end: string }>;
};

/* ---------- catalogues (F-30) ---------- */

export type CatalogResource = 'jobs' | 'candidates' | 'applications' | 'interview-types' | 'evaluation-forms' | 'roles' | 'rooms';
export type CatalogRow = {
  jobs: Job;
  candidates: Candidate;
  applications: Application;
  'interview-types': InterviewType;
  'evaluation-forms': EvaluationForm;
  roles: RecruitingRole;
  rooms: Room;
};

type Query = Record<string, string | number | boolean | null | undefined>;

export function useCatalog<K extends CatalogResource>(resource: K, query?: Query, enabled = true) {
  return useQuery<Page<CatalogRow[K]>, ApiError>({
    queryKey: ['recruiting', resource, query ?? {}],
    queryFn: async () => asPage(await api.get<CatalogRow[K][] | Page<CatalogRow[K]>>(`${R}/${resource}`, query)),
    enabled,
  });
}

export function useCatalogItem<K extends CatalogResource>(resource: K, id: string | undefined) {
  return useQuery<CatalogRow[K], ApiError>({
    queryKey: ['recruiting', resource, 'item', id],
    queryFn: () => api.get<CatalogRow[K]>(`${R}/${resource}/${id}`),
    enabled: !!id,
  });
}

export function useCatalogMutations(resource: CatalogResource) {
  const keys = [['recruiting', resource]];
  return {
    create: useApiMutation((body: Record<string, unknown>) => api.post<{ id: string }>(`${R}/${resource}`, body), keys),
    update: useApiMutation(({ id, ...body }: { id: string } & Record<string, unknown>) => api.patch(`${R}/${resource}/${id}`, body), keys),
    remove: useApiMutation((id: string) => api.delete(`${R}/${resource}/${id}`), keys),
  };
}

/* ---------- users and connections (F-31) ---------- */

export function useRecruitingUsers() {
  return useQuery<RecruitingUser[], ApiError>({ queryKey: ['recruiting', 'users'], queryFn: () => api.get<RecruitingUser[]>(`${R}/users`), staleTime: 30_000 });
}

export function useConnections(query: { userId?: string; roomId?: string } = {}) {
  return useQuery<Connection[], ApiError>({ queryKey: ['recruiting', 'connections', query], queryFn: () => api.get<Connection[]>(`${R}/connections`, query) });
}

const connectionKeys = [['recruiting', 'connections'], ['recruiting', 'users'], ['recruiting', 'rooms']];
export function useConnectCaldav() {
  return useApiMutation(
    (body: { url: string; username: string; password: string; calendarUrl?: string; roomId?: string }) => api.post<Connection>(`${R}/connections/caldav`, body),
    connectionKeys,
  );
}
export function useStartOAuth() {
  return useApiMutation(
    (body: { kind: 'google' | 'microsoft' | 'zoom' | 'gotomeeting'; redirectUri: string }) => api.post<{ authorizeUrl: string; state: string }>(`${R}/connections/oauth/start`, body),
    [],
  );
}
export function useFinishOAuth() {
  return useApiMutation((body: { state: string; code: string }) => api.post<Connection>(`${R}/connections/oauth/callback`, body), connectionKeys);
}
export function useVerifyConnection() {
  return useApiMutation((id: string) => api.post<Connection>(`${R}/connections/${id}/verify`), connectionKeys);
}
export function useDeleteConnection() {
  return useApiMutation((id: string) => api.delete(`${R}/connections/${id}`), connectionKeys);
}

/** Monday = 1 … Sunday = 7; local times in the user's own zone. A weekday that is absent is not worked. */
export type WorkingDay = { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; start: string; end: string };
export type WorkingHoursDto = { userId: string; timeZone: string; isDefault: boolean; days: WorkingDay[] };
export function useWorkingHours(userId: string | undefined) {
  return useQuery<WorkingHoursDto, ApiError>({ queryKey: ['recruiting', 'working-hours', userId], queryFn: () => api.get<WorkingHoursDto>(`${R}/users/${userId}/working-hours`), enabled: !!userId });
}
export function useSaveWorkingHours(userId: string) {
  // Availability and slots are computed from working hours, so they are stale after a change.
  return useApiMutation((body: { days: WorkingDay[] }) => api.put<WorkingHoursDto>(`${R}/users/${userId}/working-hours`, body), [
    ['recruiting', 'working-hours', userId],
    ['recruiting', 'availability'],
  ]);
}

/* ---------- availability and interviews (F-32 … F-38) ---------- */

export function useAvailability(query: AvailabilityQuery | null) {
  return useQuery<Availability, ApiError>({
    queryKey: ['recruiting', 'availability', query],
    queryFn: () => api.post<Availability>(`${R}/availability`, query),
    enabled: !!query && query.userIds.length > 0,
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
}

export function useInterviews(query: { applicationId?: string; from?: string; to?: string; status?: string } = {}, opts: { refetchInterval?: number | false } = {}) {
  return useQuery<Interview[], ApiError>({
    queryKey: ['recruiting', 'interviews', query],
    queryFn: () => api.get<Interview[]>(`${R}/interviews`, query),
    refetchInterval: opts.refetchInterval,
  });
}

export function useInterview(id: string | undefined, opts: { refetchInterval?: number | false | ((data: Interview | undefined) => number | false) } = {}) {
  return useQuery<Interview, ApiError>({
    queryKey: ['recruiting', 'interviews', 'item', id],
    queryFn: () => api.get<Interview>(`${R}/interviews/${id}`),
    enabled: !!id,
    refetchInterval: typeof opts.refetchInterval === 'function' ? (q) => (opts.refetchInterval as (d: Interview | undefined) => number | false)(q.state.data) : opts.refetchInterval,
  });
}

const interviewKeys = [['recruiting', 'interviews'], ['recruiting', 'availability']];
export function useCreateInterview() {
  return useApiMutation((body: InterviewInput) => api.post<Interview>(`${R}/interviews`, body), interviewKeys);
}
export function useUpdateInterview(id: string) {
  return useApiMutation((body: InterviewPatch) => api.patch<Interview>(`${R}/interviews/${id}`, body), interviewKeys);
}
export function useCancelInterview(id: string) {
  return useApiMutation((body: { reason?: string }) => api.post<Interview>(`${R}/interviews/${id}/cancel`, body), interviewKeys);
}
export function useCompleteInterview(id: string) {
  return useApiMutation(() => api.post<Interview>(`${R}/interviews/${id}/complete`), interviewKeys);
}
export function useRefreshInterview(id: string) {
  return useApiMutation(() => api.post<Interview>(`${R}/interviews/${id}/refresh`), interviewKeys);
}
export function useReplacements(interviewId: string, participantId: string | null) {
  return useQuery<Replacements, ApiError>({
    queryKey: ['recruiting', 'interviews', 'replacements', interviewId, participantId],
    queryFn: () => api.get<Replacements>(`${R}/interviews/${interviewId}/replacements`, { participantId: participantId ?? undefined }),
    enabled: !!participantId,
  });
}

/* ---------- smart scheduling links (F-39) ---------- */

export function useSchedulingLinks(applicationId: string) {
  return useQuery<SchedulingLink[], ApiError>({
    queryKey: ['recruiting', 'scheduling-links', applicationId],
    queryFn: () => api.get<SchedulingLink[]>(`${R}/scheduling-links`, { applicationId }),
  });
}
export function useCreateSchedulingLink(applicationId: string) {
  return useApiMutation((body: SchedulingLinkInput) => api.post<SchedulingLink>(`${R}/applications/${applicationId}/scheduling-links`, body), [['recruiting', 'scheduling-links']]);
}
export function useRevokeSchedulingLink() {
  return useApiMutation((id: string) => api.delete(`${R}/scheduling-links/${id}`), [['recruiting', 'scheduling-links']]);
}
export function usePublicScheduling(token: string) {
  return useQuery<PublicScheduling, ApiError>({
    queryKey: ['public-scheduling', token],
    queryFn: () => api.get<PublicScheduling>(`${R}/public/scheduling/${encodeURIComponent(token)}`),
    retry: false,
  });
}
export function useBookPublicScheduling(token: string) {
  return useApiMutation(
    (body: { start: string }) => api.post<{ interviewId: string; start: string; end: string; timeZone: string }>(`${R}/public/scheduling/${encodeURIComponent(token)}/book`, body),
    [['public-scheduling', token]],
  );
}

/* ---------- evaluations (F-37) ---------- */

export type Recommendation = 'strong_yes' | 'yes' | 'no' | 'strong_no';
export const RECOMMENDATIONS: Recommendation[] = ['strong_yes', 'yes', 'no', 'strong_no'];
export type AnswerValue = string | number | boolean;
export type Evaluation = {
  id: string;
  userId: string;
  userName: string;
  answers: Array<{ questionId: string; value: AnswerValue }>;
  recommendation: Recommendation | null;
  submittedAt: string | null;
};

export function useEvaluations(interviewId: string | undefined) {
  return useQuery<Evaluation[], ApiError>({
    queryKey: ['recruiting', 'interviews', 'evaluations', interviewId],
    queryFn: () => api.get<Evaluation[]>(`${R}/interviews/${interviewId}/evaluations`),
    enabled: !!interviewId,
  });
}
export function useSaveMyEvaluation(interviewId: string) {
  return useApiMutation(
    (body: { answers: Array<{ questionId: string; value: AnswerValue }>; recommendation?: Recommendation | null; submit: boolean }) => api.put<Evaluation>(`${R}/interviews/${interviewId}/evaluations/mine`, body),
    [['recruiting', 'interviews', 'evaluations', interviewId]],
  );
}
