-- Absence import from an HR system (F-22, issue 9). An imported absence keeps its source: the integration
-- and a key stable while the vendor absence keeps its shape (`<vendor absence id>#<first date of the piece>`).
-- Koppel's own absences have no source key and are never touched by an import (except not_plannable ones, which yield).
ALTER TABLE absences ADD COLUMN source_integration_id uuid REFERENCES integrations(id) ON DELETE SET NULL;
ALTER TABLE absences ADD COLUMN source_key text;
CREATE UNIQUE INDEX absences_source_key_idx ON absences (source_integration_id, source_key) WHERE source_key IS NOT NULL;

-- One row per import run: what it read, wrote and skipped (shown on the integration page).
CREATE TABLE absence_import_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  trigger text NOT NULL CHECK (trigger IN ('manual','schedule','cli','api')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','succeeded','failed')),
  window_from date,
  window_to date,
  -- {read, created, updated, removed, yielded, unchanged, skipped, writes}
  counts jsonb NOT NULL DEFAULT '{}',
  -- [{externalId, reason, employeeId?}], at most 200
  skipped jsonb NOT NULL DEFAULT '[]',
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX absence_import_runs_integration_idx ON absence_import_runs (tenant_id, integration_id, started_at DESC);
