import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the recruiting tables (migration 020_recruiting.sql); merged into DB in src/db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type CreatedAt = ColumnType<Date, never, never>;
type Json = ColumnType<unknown, string, string>;
type Lang = 'nl' | 'de' | 'en';

export type InterviewStatus = 'scheduled' | 'completed' | 'cancelled';
export type InterviewMethod = 'in_person' | 'phone' | 'video';
export type DeliveryState = 'pending' | 'done' | 'failed';
export type ConnectionKind = 'caldav' | 'google' | 'microsoft' | 'zoom' | 'gotomeeting';

export interface RecruitingJobsTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  description: string | null;
  location: string | null;
  responsible_user_id: string;
  status: Generated<'open' | 'closed'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingCandidatesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  email: string;
  phone: string | null;
  language: Generated<Lang>;
  time_zone: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingApplicationsTable {
  id: Generated<string>;
  tenant_id: string;
  candidate_id: string;
  job_id: string;
  stage: Generated<'applied' | 'screening' | 'interview' | 'offer' | 'hired' | 'rejected'>;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingEvaluationFormsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  questions: Json;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingInterviewTypesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  default_duration_minutes: number;
  default_evaluation_form_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingRolesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  permissions: Json;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingRoomsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  email: string;
  capacity: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingConnectionsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string | null;
  room_id: string | null;
  kind: ConnectionKind;
  category: 'calendar' | 'video';
  account: Generated<string>;
  credentials_encrypted: string;
  status: Generated<'connected' | 'reconnect_needed'>;
  last_error_code: string | null;
  last_error_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingOauthAppsTable {
  tenant_id: string;
  kind: 'google' | 'microsoft' | 'zoom' | 'gotomeeting';
  client_id: string;
  client_secret_encrypted: string;
  authorize_url: string;
  token_url: string;
  api_base_url: string;
  scopes: Generated<string>;
  updated_at: Timestamp;
}
export interface RecruitingOauthStatesTable {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: string;
  redirect_uri: string;
  code_verifier: string;
  expires_at: Timestamp;
}
export interface RecruitingSchedulingLinksTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  token_hash: string;
  settings: Json;
  status: Generated<'active' | 'used' | 'revoked'>;
  expires_at: Timestamp;
  interview_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingInterviewsTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  interview_type_id: string;
  organizer_user_id: string;
  organizer_attends: Generated<boolean>;
  status: Generated<InterviewStatus>;
  method: InterviewMethod;
  video_provider: 'google_meet' | 'teams' | 'zoom' | 'gotomeeting' | null;
  video_host_user_id: string | null;
  video_join_url: string | null;
  video_meeting_id: string | null;
  video_synced_sequence: number | null;
  phone_number: string | null;
  room_id: string | null;
  location: string | null;
  start_at: Timestamp;
  end_at: Timestamp;
  time_zone: string;
  sequence: Generated<number>;
  calendar_uid: string;
  candidate_uid: string;
  candidate_message: string | null;
  notes: string | null;
  evaluation_form_id: string | null;
  cancel_reason: string | null;
  delivery: Generated<DeliveryState>;
  delivery_error: string | null;
  reminder_sent_at: NullableTimestamp;
  scheduling_link_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingParticipantsTable {
  id: Generated<string>;
  tenant_id: string;
  interview_id: string;
  kind: 'interviewer' | 'candidate' | 'room';
  user_id: string | null;
  room_id: string | null;
  candidate_id: string | null;
  name: string;
  email: string;
  recruiting_role_id: string | null;
  status: Generated<'needs_action' | 'accepted' | 'declined' | 'tentative' | 'email_sent'>;
  active: Generated<boolean>;
  event_ref: Json | null;
  connection_id: string | null;
  synced_sequence: number | null;
  delivery: Generated<DeliveryState | 'skipped'>;
  delivery_error: string | null;
  responded_at: NullableTimestamp;
  decline_notified_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RecruitingEvaluationsTable {
  id: Generated<string>;
  tenant_id: string;
  interview_id: string;
  user_id: string;
  answers: Json;
  recommendation: 'strong_yes' | 'yes' | 'no' | 'strong_no' | null;
  submitted_at: NullableTimestamp;
  updated_at: Timestamp;
}
export interface RecruitingProcessedMailsTable {
  mail_id: number;
  interview_id: string | null;
  outcome: string;
  processed_at: CreatedAt;
}

/** Migration 021: a user's working hours (no row = 09:00–17:00 Monday to Friday). */
export interface RecruitingWorkingHoursTable {
  tenant_id: string;
  user_id: string;
  days: Json;
  updated_at: Timestamp;
}

export interface RecruitingTables {
  recruiting_working_hours: RecruitingWorkingHoursTable;
  recruiting_jobs: RecruitingJobsTable;
  recruiting_candidates: RecruitingCandidatesTable;
  recruiting_applications: RecruitingApplicationsTable;
  recruiting_evaluation_forms: RecruitingEvaluationFormsTable;
  recruiting_interview_types: RecruitingInterviewTypesTable;
  recruiting_roles: RecruitingRolesTable;
  recruiting_rooms: RecruitingRoomsTable;
  recruiting_connections: RecruitingConnectionsTable;
  recruiting_oauth_apps: RecruitingOauthAppsTable;
  recruiting_oauth_states: RecruitingOauthStatesTable;
  recruiting_scheduling_links: RecruitingSchedulingLinksTable;
  recruiting_interviews: RecruitingInterviewsTable;
  recruiting_participants: RecruitingParticipantsTable;
  recruiting_evaluations: RecruitingEvaluationsTable;
  recruiting_processed_mails: RecruitingProcessedMailsTable;
}
