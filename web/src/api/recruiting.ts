import { useQuery } from '@tanstack/react-query';
import { type ApiError, api, asPage, type Page } from './client';
import { useApiMutation } from './hooks';
import type { BodyOf, ListItemOf, ResponseOf } from './openapi-helpers';

/**
 * Recruiting (F-30 … F-42), as docs/recruiting-api.md describes the REST contract. Base path /recruiting.
 * Instants are ISO UTC strings; local dates YYYY-MM-DD; zones IANA ids.
 */

const R = '/recruiting';

/* Shapes derived from the generated schema.gen.ts (npm run gen:api): the route schemas are the contract. */

export type Job = ResponseOf<'/recruiting/jobs/{id}'>;
export type JobStatus = Job['status'];
export type Candidate = ResponseOf<'/recruiting/candidates/{id}'>;
/** `candidateEmail` is null when the caller's recruiting role has no `candidateContact` permission. */
export type Application = ResponseOf<'/recruiting/applications/{id}'>;
export type ApplicationStage = Application['stage'];
export const APPLICATION_STAGES: ApplicationStage[] = ['applied', 'screening', 'interview', 'offer', 'hired', 'rejected'];
export type InterviewType = ResponseOf<'/recruiting/interview-types/{id}'>;
export type EvaluationForm = ResponseOf<'/recruiting/evaluation-forms/{id}'>;
type StoredQuestion = EvaluationForm['questions'][number];
export type QuestionKind = StoredQuestion['kind'];
export const QUESTION_KINDS: QuestionKind[] = ['text', 'rating', 'yes_no'];
/** A question as the form editor holds it: new questions have no id yet. */
export type Question = Omit<StoredQuestion, 'id'> & { id?: string };
export type RecruitingRole = ResponseOf<'/recruiting/roles/{id}'>;
export type RolePermissions = RecruitingRole['permissions'];
export const ROLE_PERMISSIONS: (keyof RolePermissions)[] = ['candidateContact', 'applicationNotes', 'otherEvaluations', 'interviewNotes'];
export type Room = ResponseOf<'/recruiting/rooms/{id}'>;

export type RecruitingUser = ListItemOf<'/recruiting/users'>;
export type CalendarKind = NonNullable<RecruitingUser['calendarKind']>;
export type VideoKind = RecruitingUser['videoProviders'][number];
export type Connection = ListItemOf<'/recruiting/connections'>;
export type ConnectionKind = Connection['kind'];

export type AvailabilityQuery = BodyOf<'/recruiting/availability', 'post'>;
export type Availability = ResponseOf<'/recruiting/availability', 'post'>;
/** `error` (`reconnect_needed`, `not_connected`, `unavailable`, …): this person's busy time is missing from `slots`. */
export type AvailabilityParticipant = Availability['participants'][number];
export type BusyBlock = AvailabilityParticipant['busy'][number];

export type Interview = ResponseOf<'/recruiting/interviews/{id}'>;
export type InterviewStatus = Interview['status'];
export type InterviewMethod = Interview['method'];
export const INTERVIEW_METHODS: InterviewMethod[] = ['in_person', 'phone', 'video'];
export type InterviewParticipant = Interview['participants'][number];
export type ParticipantStatus = InterviewParticipant['status'];
export type Delivery = Interview['delivery'];
/** `skipped`: nothing to write for this participant (e.g. no connected calendar: mail only). */
export type ParticipantDelivery = InterviewParticipant['delivery'];
export type InterviewInput = BodyOf<'/recruiting/interviews', 'post'>;
export type InterviewPatch = BodyOf<'/recruiting/interviews/{id}', 'patch'>;
export type ReplacementReason = 'outside_working_hours' | 'holiday' | 'absent' | 'busy' | 'not_connected';
export type Replacements = ResponseOf<'/recruiting/interviews/{id}/replacements'>;

export type SchedulingLink = ListItemOf<'/recruiting/scheduling-links'>;
export type SchedulingLinkStatus = SchedulingLink['status'];
/** The answer that creates a link is the only one with its `url` (the token is not stored readable). */
export type CreatedSchedulingLink = ResponseOf<'/recruiting/applications/{id}/scheduling-links', 'post'>;
export type SchedulingLinkInput = BodyOf<'/recruiting/applications/{id}/scheduling-links', 'post'>;
export type PublicScheduling = ResponseOf<'/recruiting/public/scheduling/{token}'>;
export type PublicBooking = ResponseOf<'/recruiting/public/scheduling/{token}/book', 'post'>;

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
    (body: BodyOf<'/recruiting/connections/caldav', 'post'>) => api.post<Connection>(`${R}/connections/caldav`, body),
    connectionKeys,
  );
}
export function useStartOAuth() {
  return useApiMutation(
    (body: BodyOf<'/recruiting/connections/oauth/start', 'post'>) => api.post<ResponseOf<'/recruiting/connections/oauth/start', 'post'>>(`${R}/connections/oauth/start`, body),
    [],
  );
}
export function useFinishOAuth() {
  return useApiMutation((body: BodyOf<'/recruiting/connections/oauth/callback', 'post'>) => api.post<Connection>(`${R}/connections/oauth/callback`, body), connectionKeys);
}
export function useVerifyConnection() {
  return useApiMutation((id: string) => api.post<Connection>(`${R}/connections/${id}/verify`), connectionKeys);
}
export function useDeleteConnection() {
  return useApiMutation((id: string) => api.delete(`${R}/connections/${id}`), connectionKeys);
}

export type WorkingHoursDto = ResponseOf<'/recruiting/users/{id}/working-hours'>;
/** Monday = 1 … Sunday = 7; local times in the user's own zone. A weekday that is absent is not worked. */
export type WorkingDay = WorkingHoursDto['days'][number];
export function useWorkingHours(userId: string | undefined) {
  return useQuery<WorkingHoursDto, ApiError>({ queryKey: ['recruiting', 'working-hours', userId], queryFn: () => api.get<WorkingHoursDto>(`${R}/users/${userId}/working-hours`), enabled: !!userId });
}
export function useSaveWorkingHours(userId: string) {
  // Availability and slots are computed from working hours, so they are stale after a change.
  return useApiMutation((body: BodyOf<'/recruiting/users/{id}/working-hours', 'put'>) => api.put<WorkingHoursDto>(`${R}/users/${userId}/working-hours`, body), [
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
  return useApiMutation((body: SchedulingLinkInput) => api.post<CreatedSchedulingLink>(`${R}/applications/${applicationId}/scheduling-links`, body), [['recruiting', 'scheduling-links']]);
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
    (body: BodyOf<'/recruiting/public/scheduling/{token}/book', 'post'>) => api.post<PublicBooking>(`${R}/public/scheduling/${encodeURIComponent(token)}/book`, body),
    [['public-scheduling', token]],
  );
}

/* ---------- evaluations (F-37) ---------- */

export type Evaluation = ListItemOf<'/recruiting/interviews/{id}/evaluations'>;
export type Recommendation = NonNullable<Evaluation['recommendation']>;
export const RECOMMENDATIONS: Recommendation[] = ['strong_yes', 'yes', 'no', 'strong_no'];
export type AnswerValue = Evaluation['answers'][number]['value'];
export type EvaluationInput = BodyOf<'/recruiting/interviews/{id}/evaluations/mine', 'put'>;

export function useEvaluations(interviewId: string | undefined) {
  return useQuery<Evaluation[], ApiError>({
    queryKey: ['recruiting', 'interviews', 'evaluations', interviewId],
    queryFn: () => api.get<Evaluation[]>(`${R}/interviews/${interviewId}/evaluations`),
    enabled: !!interviewId,
  });
}
export function useSaveMyEvaluation(interviewId: string) {
  return useApiMutation(
    (body: EvaluationInput) => api.put<Evaluation>(`${R}/interviews/${interviewId}/evaluations/mine`, body),
    [['recruiting', 'interviews', 'evaluations', interviewId]],
  );
}
