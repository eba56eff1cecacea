-- Workforce core: tenants, users, auth, organisation, employees, contracts, hours, absences, leave, components, audit, jobs.
-- Every business table carries tenant_id; repositories filter on it first.

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  locale text NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl','de','en')),
  country text NOT NULL DEFAULT 'NL' CHECK (country IN ('NL','DE')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  role text NOT NULL CHECK (role IN ('owner','admin','hr_admin','planner','recruiter','interviewer')),
  locale text CHECK (locale IN ('nl','de','en')),
  time_zone text NOT NULL DEFAULT 'Europe/Amsterdam',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One login identity per email across the installation, so the login form needs no tenant field.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_tenant_idx ON users (tenant_id);

CREATE TABLE sessions (
  id text PRIMARY KEY,               -- sha256 of the cookie value; the cookie itself is never stored
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE password_resets (
  id text PRIMARY KEY,               -- sha256 of the mailed token
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner','admin','hr_admin','planner','recruiter','interviewer')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_tenant_idx ON api_tokens (tenant_id);

CREATE TABLE cost_centers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);

CREATE TABLE departments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  code text,
  cost_center_id uuid REFERENCES cost_centers(id) ON DELETE SET NULL,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE contract_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Statutory minimum in NL is 4 x weekly hours; a contract type may grant more (or less for DE specifics).
  leave_weeks numeric(5,2) NOT NULL DEFAULT 4 CHECK (leave_weeks >= 0 AND leave_weeks <= 52),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE job_functions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE employees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  first_name text NOT NULL,
  prefix text,
  last_name text NOT NULL,
  initials text,
  email text,
  -- BSN is encrypted at rest; bsn_hash is an HMAC blind index for exact matching; bsn_last3 feeds the mask.
  bsn_encrypted text,
  bsn_hash text,
  bsn_last3 text,
  personnel_number text,
  birth_date date,
  street text,
  house_number text,
  postal_code text,
  city text,
  country text,
  phone text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','former')),
  source text NOT NULL DEFAULT 'manual',
  manager_id uuid REFERENCES employees(id) ON DELETE SET NULL,
  notes text,
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employees_tenant_name_idx ON employees (tenant_id, last_name, first_name, id);
CREATE UNIQUE INDEX employees_personnel_number_key ON employees (tenant_id, personnel_number) WHERE personnel_number IS NOT NULL;
CREATE INDEX employees_tenant_email_idx ON employees (tenant_id, lower(email));
CREATE INDEX employees_tenant_bsn_idx ON employees (tenant_id, bsn_hash);

CREATE TABLE contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  contract_type_id uuid REFERENCES contract_types(id) ON DELETE RESTRICT,
  department_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
  function_id uuid REFERENCES job_functions(id) ON DELETE RESTRICT,
  start_date date NOT NULL,
  end_date date,
  weekly_hours numeric(5,2) NOT NULL DEFAULT 0 CHECK (weekly_hours >= 0 AND weekly_hours <= 80),
  hourly_wage numeric(10,2) CHECK (hourly_wage IS NULL OR hourly_wage >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX contracts_employee_idx ON contracts (tenant_id, employee_id, start_date);
CREATE INDEX contracts_department_idx ON contracts (tenant_id, department_id);

CREATE TABLE hour_components (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  -- percentage paid, e.g. 100 regular, 125 overtime
  rate_percent numeric(6,2) NOT NULL DEFAULT 100,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);

CREATE TABLE hour_component_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  hour_component_id uuid NOT NULL REFERENCES hour_components(id) ON DELETE CASCADE,
  priority integer NOT NULL DEFAULT 100,
  -- ISO weekdays 1..7 the rule applies to; empty = every day
  weekdays integer[] NOT NULL DEFAULT '{}',
  -- local wall-clock window; from > to wraps past midnight (night allowance 22:00-06:00)
  time_from time,
  time_to time,
  department_id uuid REFERENCES departments(id) ON DELETE CASCADE,
  public_holidays_only boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wage_components (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);

CREATE TABLE shifts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  date date NOT NULL,
  start_time time NOT NULL,
  end_time time NOT NULL,
  break_minutes integer NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
  department_id uuid REFERENCES departments(id) ON DELETE SET NULL,
  hour_component_id uuid REFERENCES hour_components(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  approved_by uuid REFERENCES users(id) ON DELETE SET NULL,
  approved_at timestamptz,
  note text,
  source text NOT NULL DEFAULT 'manual',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shifts_tenant_date_idx ON shifts (tenant_id, date);
CREATE INDEX shifts_employee_idx ON shifts (tenant_id, employee_id, date);

CREATE TABLE absence_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('vacation','sick','special_leave','not_plannable','other')),
  -- whether hours of this type are deducted from the leave balance
  deducts_leave boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE absences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  absence_type_id uuid NOT NULL REFERENCES absence_types(id) ON DELETE RESTRICT,
  start_date date NOT NULL,
  end_date date NOT NULL,
  unit text NOT NULL CHECK (unit IN ('days','half_day','hours')),
  hours numeric(6,2),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  source text NOT NULL DEFAULT 'manual',
  comment text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date),
  CHECK (unit <> 'hours' OR hours IS NOT NULL)
);
CREATE INDEX absences_employee_idx ON absences (tenant_id, employee_id, start_date);

CREATE TABLE leave_adjustments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  year integer NOT NULL,
  hours numeric(7,2) NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leave_adjustments_employee_idx ON leave_adjustments (tenant_id, employee_id, year);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  actor_type text NOT NULL CHECK (actor_type IN ('user','api_token','sync','system')),
  actor_id text,
  actor_name text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  changes jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id);

-- Background jobs, on the same database (see docs/decisions/0002-job-queue.md).
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed','dead')),
  singleton_key text,
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  locked_by text,
  locked_until timestamptz,
  progress jsonb,
  last_error text,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_due_idx ON jobs (status, run_at) WHERE status IN ('queued','running');
-- Two triggers for the same key never both wait or run.
CREATE UNIQUE INDEX jobs_singleton_key ON jobs (singleton_key) WHERE status IN ('queued','running') AND singleton_key IS NOT NULL;

CREATE TABLE job_schedules (
  key text PRIMARY KEY,
  name text NOT NULL,
  tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
  payload jsonb NOT NULL DEFAULT '{}',
  -- minutes after midnight in time_zone, daily
  daily_at_minute integer NOT NULL CHECK (daily_at_minute BETWEEN 0 AND 1439),
  time_zone text NOT NULL DEFAULT 'Europe/Amsterdam',
  next_run_at timestamptz NOT NULL,
  enabled boolean NOT NULL DEFAULT true
);

-- Mails caught by the built-in SMTP catcher (demo and tests only).
CREATE TABLE caught_mails (
  id bigserial PRIMARY KEY,
  -- from the X-Koppel-Tenant header Koppel puts on its own mails, so each tenant sees only its mails
  tenant_id uuid,
  message_id text,
  mail_from text NOT NULL,
  rcpt_to text[] NOT NULL,
  subject text NOT NULL DEFAULT '',
  text_body text,
  html_body text,
  raw text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX caught_mails_tenant_idx ON caught_mails (tenant_id, received_at DESC);
