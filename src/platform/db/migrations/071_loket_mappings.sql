-- Loket.nl (issue 11, F-11/F-12): what a Koppel department, hour component or wage component is called in
-- Loket — a cost center code, or a payroll component NUMBER (the seed: "the code, not the name").
-- One row per integration, kind and Koppel object; no row = not mapped (left out of the Loket report).

CREATE TABLE loket_mappings (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('cost_center','hour_component','wage_component')),
  -- a department, hour component or wage component of the tenant (checked by the service)
  koppel_id uuid NOT NULL,
  loket_code text NOT NULL CHECK (length(loket_code) BETWEEN 1 AND 20),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, kind, koppel_id)
);
CREATE INDEX loket_mappings_tenant_idx ON loket_mappings (tenant_id, integration_id);
