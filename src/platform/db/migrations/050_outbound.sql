-- The outbound journal (F-26): every write Koppel makes to an external system is one item here, keyed by
-- an idempotency key that is stable across retries and runs (e.g. `shift:<uuid>:0`). One export run sends
-- one kind for one period of one integration; sent dates are locked so later edits become corrections (F-25).

CREATE TABLE outbound_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  -- what is exported, e.g. 'personio.attendance', 'nmbrs.hours', 'loket.payroll'
  kind text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','succeeded','partial','failed')),
  -- {created, updated, deleted, unchanged, failed, retrying, dead}
  counts jsonb NOT NULL DEFAULT '{}',
  requested_by text,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  -- touched after every batch; a running send without a heartbeat for minutes was abandoned (killed process)
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX outbound_runs_integration_idx ON outbound_runs (tenant_id, integration_id, started_at DESC);
-- Two sends of one kind for one integration at once give one send.
CREATE UNIQUE INDEX outbound_runs_active_key ON outbound_runs (integration_id, kind) WHERE status = 'running' AND NOT dry_run;

CREATE TABLE outbound_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  kind text NOT NULL,
  idempotency_key text NOT NULL,
  -- the Koppel object it comes from (a shift, an absence); no FK, the object may be deleted and the item must then be removed at the vendor
  subject_id uuid,
  -- the day the item belongs to (period selection, locks)
  period_date date NOT NULL,
  payload jsonb NOT NULL,
  payload_hash text NOT NULL,
  -- what the vendor holds for this key, as far as Koppel knows: the payload last confirmed and its external id
  sent_hash text,
  external_id text,
  -- pending: not sent yet · sent: the vendor holds payload · retrying: a transient failure, next_attempt_at set ·
  -- dead: gave up (dead letter) · refused: the vendor refused the data itself · dismissed: a dead letter the user set aside ·
  -- removing: to be deleted at the vendor · removed: deleted at the vendor
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','retrying','dead','refused','dismissed','removing','removed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error jsonb,
  last_run_id uuid REFERENCES outbound_runs(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (integration_id, idempotency_key)
);
CREATE INDEX outbound_items_period_idx ON outbound_items (tenant_id, integration_id, kind, period_date);
CREATE INDEX outbound_items_due_idx ON outbound_items (next_attempt_at) WHERE status = 'retrying';
CREATE INDEX outbound_items_dead_idx ON outbound_items (tenant_id, integration_id) WHERE status IN ('dead','refused');

CREATE TABLE outbound_attempts (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  item_id uuid NOT NULL REFERENCES outbound_items(id) ON DELETE CASCADE,
  run_id uuid REFERENCES outbound_runs(id) ON DELETE SET NULL,
  operation text NOT NULL CHECK (operation IN ('write','remove','read_back')),
  -- created | updated | unchanged | removed | failed
  outcome text NOT NULL,
  error_code text,
  message text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbound_attempts_item_idx ON outbound_attempts (item_id, id);

-- A day of one kind that has been sent: edits on it after this are corrections, carried by the next send.
CREATE TABLE outbound_period_locks (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  kind text NOT NULL,
  day date NOT NULL,
  run_id uuid REFERENCES outbound_runs(id) ON DELETE SET NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, kind, day)
);
CREATE INDEX outbound_period_locks_tenant_idx ON outbound_period_locks (tenant_id, day);
