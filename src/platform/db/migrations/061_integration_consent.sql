-- F-10 for HR/payroll vendors connected through the vendor's consent page (Nmbrs: OAuth2 authorization code with
-- PKCE). Between "go to the consent page" and the callback the pending connect waits here: the state only as a hash,
-- the form (subscription key, OAuth client) and the PKCE verifier encrypted with the SecretBox. integration_id is set
-- when an existing integration reconnects. Rows live 15 minutes.
CREATE TABLE integration_consents (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  vendor text NOT NULL,
  integration_id uuid REFERENCES integrations(id) ON DELETE CASCADE,
  name text NOT NULL,
  base_url text NOT NULL,
  redirect_uri text NOT NULL,
  secrets_encrypted text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX integration_consents_expiry_idx ON integration_consents (expires_at);

-- F-24: which Nmbrs (payroll) hour code each Koppel hour component is sent as, per integration.
CREATE TABLE outbound_hour_codes (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  hour_component_id uuid NOT NULL REFERENCES hour_components(id) ON DELETE CASCADE,
  hour_code text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, hour_component_id)
);
