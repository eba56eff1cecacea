-- HR/payroll integrations (F-10 … F-19): connections, mappings, the external records they read,
-- sync runs and the per-field changes a run made (for undo and the notification mail).

CREATE TABLE integrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  vendor text NOT NULL,
  name text NOT NULL,
  base_url text NOT NULL,
  -- SecretBox ciphertext of the vendor's credential JSON; never returned by the API.
  credentials_encrypted text NOT NULL,
  -- What the UI may show of the credentials, e.g. "abcd…wxyz" of a client id.
  credentials_hint text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  -- contractFields, employeeFields, autoAddEmployees, notificationEmails, syncTime, syncStartDate
  settings jsonb NOT NULL DEFAULT '{}',
  health text NOT NULL DEFAULT 'healthy' CHECK (health IN ('healthy','warnings','failing','reconnect_needed')),
  health_detail text,
  last_success_at timestamptz,
  -- Start of the last successful listing: the next incremental listing asks for changes since then.
  sync_cursor timestamptz,
  last_full_listing_at timestamptz,
  first_sync_applied boolean NOT NULL DEFAULT false,
  -- What a connector learnt about the account and may reuse (e.g. Personio's custom-field keys); no secrets.
  vendor_state jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX integrations_tenant_idx ON integrations (tenant_id, created_at);

CREATE TABLE integration_mappings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('department','cost_center','contract_type_in','contract_type_out')),
  external_id text NOT NULL,
  external_name text NOT NULL DEFAULT '',
  -- department id (department, cost_center) or contract type id (contract_type_*); null = not mapped
  koppel_id uuid,
  exclude boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- contract_type_out maps Koppel → vendor: one row per Koppel type, so external_id repeats there.
  CHECK (kind <> 'contract_type_out' OR koppel_id IS NOT NULL)
);
CREATE UNIQUE INDEX integration_mappings_in_key ON integration_mappings (integration_id, kind, external_id) WHERE kind <> 'contract_type_out';
CREATE UNIQUE INDEX integration_mappings_out_key ON integration_mappings (integration_id, kind, koppel_id) WHERE kind = 'contract_type_out';

CREATE TABLE external_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  vendor text NOT NULL,
  external_id text NOT NULL,
  -- The vendor-neutral employee WITHOUT the BSN; the BSN lives only in the three columns below.
  data jsonb NOT NULL,
  bsn_encrypted text,
  bsn_hash text,
  bsn_last3 text,
  -- Copied out of data for the cross-connection uniqueness check (same vendor, same tenant).
  personnel_number text,
  data_hash text NOT NULL,
  link_state text NOT NULL DEFAULT 'unlinked' CHECK (link_state IN ('unlinked','linked','excluded','skipped')),
  -- A user's decision for an unlinked record, carried out by the next apply ('add').
  decision text CHECK (decision IN ('add')),
  employee_id uuid REFERENCES employees(id) ON DELETE SET NULL,
  -- The Koppel contract this record's contract fields are synced into.
  contract_id uuid REFERENCES contracts(id) ON DELETE SET NULL,
  -- {action, employeeId?, employeeIds?, reasons[], strength?} from the matcher, refreshed by every plan
  proposal jsonb,
  -- The plan's verdict for the review lists: needs action (red) and why; excluded by a mapping rule.
  needs_action boolean NOT NULL DEFAULT false,
  issues jsonb NOT NULL DEFAULT '[]',
  rule_excluded boolean NOT NULL DEFAULT false,
  former boolean NOT NULL DEFAULT false,
  -- Set when a full listing no longer returns the record (deletions are only visible that way).
  missing_since timestamptz,
  sort_name text NOT NULL DEFAULT '',
  last_seen_run uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (integration_id, external_id)
);
CREATE INDEX external_records_list_idx ON external_records (tenant_id, integration_id, former, link_state);
CREATE INDEX external_records_employee_idx ON external_records (tenant_id, employee_id);
CREATE INDEX external_records_pn_idx ON external_records (tenant_id, vendor, personnel_number) WHERE personnel_number IS NOT NULL;

CREATE TABLE sync_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  trigger text NOT NULL CHECK (trigger IN ('manual','schedule','cli','api')),
  mode text NOT NULL CHECK (mode IN ('preview','apply','undo')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','succeeded','failed')),
  -- 'full' lists every record (and notices deletions); 'incremental' asks for changes since the cursor; 'stored' re-plans what was read before
  listing text,
  requested_by text,
  started_at timestamptz,
  finished_at timestamptz,
  counts jsonb NOT NULL DEFAULT '{"read":0,"added":0,"updated":0,"unchanged":0,"excluded":0,"failed":0,"needsAction":0}',
  api_calls integer NOT NULL DEFAULT 0,
  -- [{externalId, name, messages[]}], BSN-free
  warnings jsonb NOT NULL DEFAULT '[]',
  errors jsonb NOT NULL DEFAULT '[]',
  -- {items: [{recordId, externalId, name, action, employeeId, changes[], issues[]}], truncated}
  plan jsonb,
  progress jsonb,
  job_id bigint,
  error text,
  preview_run_id uuid REFERENCES sync_runs(id) ON DELETE SET NULL,
  applied_run_id uuid REFERENCES sync_runs(id) ON DELETE SET NULL,
  undo_of_run_id uuid REFERENCES sync_runs(id) ON DELETE SET NULL,
  undone_by_run_id uuid REFERENCES sync_runs(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_runs_integration_idx ON sync_runs (tenant_id, integration_id, created_at DESC);
-- Two triggers for one integration give one run: at most one queued-or-running run each.
CREATE UNIQUE INDEX sync_runs_active_key ON sync_runs (integration_id) WHERE status IN ('queued','running');

CREATE TABLE sync_changes (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  run_id uuid NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  record_id uuid REFERENCES external_records(id) ON DELETE SET NULL,
  -- No FK: an undo may delete the employee the change belongs to, and the history stays.
  employee_id uuid,
  entity text NOT NULL CHECK (entity IN ('employee','contract','record')),
  entity_id uuid,
  action text NOT NULL CHECK (action IN ('add','update','link')),
  field text,
  -- JSON values; BSN changes carry {masked, encrypted, hash, last3}, never the clear number
  old_value jsonb,
  new_value jsonb,
  -- The database columns this change set and the values they had, for undo ("still as we left it?")
  old_columns jsonb,
  new_columns jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_changes_run_idx ON sync_changes (run_id, id);
CREATE INDEX sync_changes_employee_idx ON sync_changes (tenant_id, employee_id);
