-- Corrections (F-25): a shift or absence written on a day that an export already sent (outbound_period_locks).
-- One row per lock it touches (integration + kind): who changed what on which day, before and after, and
-- which later send of that kind carried it (carried_at / carried_run_id stay null until then).

CREATE TABLE outbound_corrections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  kind text NOT NULL,
  subject_type text NOT NULL CHECK (subject_type IN ('shift','absence')),
  -- no FK: a deleted shift keeps its correction
  subject_id uuid NOT NULL,
  day date NOT NULL,
  action text NOT NULL CHECK (action IN ('create','update','delete','approve','reject','reopen','import')),
  actor_type text NOT NULL,
  actor_id text,
  actor_name text NOT NULL,
  -- small summaries of the subject before and after (null before a create, after a delete)
  before jsonb,
  after jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  carried_at timestamptz,
  carried_run_id uuid REFERENCES outbound_runs(id) ON DELETE SET NULL
);
CREATE INDEX outbound_corrections_list_idx ON outbound_corrections (tenant_id, integration_id, created_at DESC);
CREATE INDEX outbound_corrections_open_idx ON outbound_corrections (integration_id, kind, day) WHERE carried_at IS NULL;
