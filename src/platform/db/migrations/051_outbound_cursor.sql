-- The continuous export (F-21) of one integration and kind: the moment its last complete pass started. The next pass
-- sends the days whose shifts changed since then (plus journal items whose shift vanished); a pass that failed part-way
-- leaves the cursor where it was, so no changed day is skipped.
CREATE TABLE outbound_cursors (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  kind text NOT NULL,
  changed_since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, kind)
);
