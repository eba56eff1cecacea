-- Recruiting (F-30 … F-42): jobs, candidates, applications, interview types, evaluation forms, recruiting roles,
-- rooms, calendar/video connections, interviews with their participants and evaluations, smart scheduling links.
-- Every table is tenant-scoped; keys start with tenant_id. Instants are timestamptz (UTC) + an IANA zone column.

CREATE TABLE recruiting_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  title text NOT NULL,
  description text,
  location text,
  responsible_user_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recruiting_jobs_tenant_idx ON recruiting_jobs (tenant_id, title);

CREATE TABLE recruiting_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  email text NOT NULL,
  phone text,
  language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl','de','en')),
  time_zone text NOT NULL DEFAULT 'Europe/Amsterdam',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX recruiting_candidates_email_key ON recruiting_candidates (tenant_id, email);

CREATE TABLE recruiting_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  candidate_id uuid NOT NULL REFERENCES recruiting_candidates(id),
  job_id uuid NOT NULL REFERENCES recruiting_jobs(id),
  stage text NOT NULL DEFAULT 'applied' CHECK (stage IN ('applied','screening','interview','offer','hired','rejected')),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, candidate_id, job_id)
);
CREATE INDEX recruiting_applications_job_idx ON recruiting_applications (tenant_id, job_id);

CREATE TABLE recruiting_evaluation_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- [{id, text, kind: text|rating|yes_no}]
  questions jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE recruiting_interview_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  default_duration_minutes integer NOT NULL CHECK (default_duration_minutes BETWEEN 5 AND 480),
  default_evaluation_form_id uuid REFERENCES recruiting_evaluation_forms(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE recruiting_roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- {candidateContact, applicationNotes, otherEvaluations, interviewNotes}: what a participant with this role sees
  permissions jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE recruiting_rooms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  email text NOT NULL,
  capacity integer NOT NULL DEFAULT 4 CHECK (capacity BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

-- A user's (or a room's) calendar or video account. At most one calendar and one connection per video kind per owner.
CREATE TABLE recruiting_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  room_id uuid REFERENCES recruiting_rooms(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('caldav','google','microsoft','zoom','gotomeeting')),
  category text NOT NULL CHECK (category IN ('calendar','video')),
  account text NOT NULL DEFAULT '',
  -- SecretBox ciphertext of the provider credential JSON (CalendarCredentials | VideoCredentials); never returned.
  credentials_encrypted text NOT NULL,
  status text NOT NULL DEFAULT 'connected' CHECK (status IN ('connected','reconnect_needed')),
  last_error_code text,
  last_error_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (room_id IS NULL)),
  CHECK (room_id IS NULL OR category = 'calendar')
);
CREATE UNIQUE INDEX recruiting_connections_user_calendar_key ON recruiting_connections (tenant_id, user_id) WHERE user_id IS NOT NULL AND category = 'calendar';
CREATE UNIQUE INDEX recruiting_connections_user_video_key ON recruiting_connections (tenant_id, user_id, kind) WHERE user_id IS NOT NULL AND category = 'video';
CREATE UNIQUE INDEX recruiting_connections_room_key ON recruiting_connections (tenant_id, room_id) WHERE room_id IS NOT NULL;

-- Tenant-level OAuth app per provider (client id/secret and the provider's URLs, an emulator's in tests).
CREATE TABLE recruiting_oauth_apps (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('google','microsoft','zoom','gotomeeting')),
  client_id text NOT NULL,
  client_secret_encrypted text NOT NULL,
  authorize_url text NOT NULL,
  token_url text NOT NULL,
  api_base_url text NOT NULL,
  scopes text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kind)
);

-- Pending OAuth authorisations; id = sha256 of the state parameter.
CREATE TABLE recruiting_oauth_states (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  redirect_uri text NOT NULL,
  code_verifier text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE recruiting_scheduling_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  application_id uuid NOT NULL REFERENCES recruiting_applications(id) ON DELETE CASCADE,
  -- sha256 of the token in the URL; the token itself is never stored.
  token_hash text NOT NULL UNIQUE,
  -- interviewTypeId, organizerId, interviewerIds, durationMinutes, buffers, days, roomId, method, videoProvider, …
  settings jsonb NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','used','revoked')),
  expires_at timestamptz NOT NULL,
  interview_id uuid,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recruiting_scheduling_links_app_idx ON recruiting_scheduling_links (tenant_id, application_id);

CREATE TABLE recruiting_interviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  application_id uuid NOT NULL REFERENCES recruiting_applications(id),
  interview_type_id uuid NOT NULL REFERENCES recruiting_interview_types(id),
  organizer_user_id uuid NOT NULL REFERENCES users(id),
  organizer_attends boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','completed','cancelled')),
  method text NOT NULL CHECK (method IN ('in_person','phone','video')),
  video_provider text CHECK (video_provider IN ('google_meet','teams','zoom','gotomeeting')),
  video_host_user_id uuid REFERENCES users(id),
  video_join_url text,
  video_meeting_id text,
  -- The SEQUENCE the video meeting was last created/updated for.
  video_synced_sequence integer,
  phone_number text,
  room_id uuid REFERENCES recruiting_rooms(id),
  location text,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  -- The organizer's IANA zone: DTSTART;TZID and the times shown in the status view.
  time_zone text NOT NULL,
  sequence integer NOT NULL DEFAULT 0,
  -- Two distinct events (F-35): the interviewers' event and the candidate's invitation have their own UIDs.
  calendar_uid text NOT NULL UNIQUE,
  candidate_uid text NOT NULL UNIQUE,
  candidate_message text,
  notes text,
  evaluation_form_id uuid REFERENCES recruiting_evaluation_forms(id),
  cancel_reason text,
  delivery text NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending','done','failed')),
  delivery_error text,
  reminder_sent_at timestamptz,
  scheduling_link_id uuid REFERENCES recruiting_scheduling_links(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at),
  CHECK (method <> 'video' OR video_provider IS NOT NULL)
);
CREATE INDEX recruiting_interviews_time_idx ON recruiting_interviews (tenant_id, start_at);
CREATE INDEX recruiting_interviews_app_idx ON recruiting_interviews (tenant_id, application_id);

-- Interviewers, the candidate and the room of an interview, with their response and the provider's event ref.
CREATE TABLE recruiting_participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  interview_id uuid NOT NULL REFERENCES recruiting_interviews(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('interviewer','candidate','room')),
  user_id uuid REFERENCES users(id),
  room_id uuid REFERENCES recruiting_rooms(id),
  candidate_id uuid REFERENCES recruiting_candidates(id),
  name text NOT NULL,
  email text NOT NULL,
  recruiting_role_id uuid REFERENCES recruiting_roles(id),
  status text NOT NULL DEFAULT 'needs_action' CHECK (status IN ('needs_action','accepted','declined','tentative','email_sent')),
  -- false once removed by a reschedule; the row stays until its calendar event is cancelled.
  active boolean NOT NULL DEFAULT true,
  -- EventRef of the event in this participant's calendar (externalId, href, etag, calendarId) and its connection.
  event_ref jsonb,
  connection_id uuid REFERENCES recruiting_connections(id) ON DELETE SET NULL,
  -- The interview SEQUENCE last written to this participant's calendar (or mailed to the candidate); null = never.
  synced_sequence integer,
  delivery text NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending','done','failed','skipped')),
  delivery_error text,
  responded_at timestamptz,
  decline_notified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recruiting_participants_interview_idx ON recruiting_participants (tenant_id, interview_id);
CREATE INDEX recruiting_participants_user_idx ON recruiting_participants (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX recruiting_participants_user_key ON recruiting_participants (tenant_id, interview_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE recruiting_evaluations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  interview_id uuid NOT NULL REFERENCES recruiting_interviews(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  answers jsonb NOT NULL DEFAULT '[]',
  recommendation text CHECK (recommendation IN ('strong_yes','yes','no','strong_no')),
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, interview_id, user_id)
);

-- Caught mails already read for iMIP replies (the catcher's table is shared with every other mail).
CREATE TABLE recruiting_processed_mails (
  mail_id bigint PRIMARY KEY,
  interview_id uuid,
  outcome text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);
