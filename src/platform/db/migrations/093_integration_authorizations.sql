-- One authorization-code connect for every HR/payroll vendor (decision 0028): Nmbrs' consent page and Loket's login
-- page now share one state store. integration_consents (migration 061) already had the shape — the state only as a
-- sha256, tenant and user, vendor, the integration a reconnect is for, name, base URL, redirect URI, the form and the
-- PKCE verifier SecretBox-encrypted, 15 minutes, one use — so it is renamed, not copied: a connect under way while this
-- runs keeps its row and finishes. actor_id binds the state to whoever started it (a user, or an API token, which has
-- no user id); for the rows already there it is their user.
ALTER TABLE integration_consents RENAME TO integration_authorizations;
ALTER TABLE integration_authorizations RENAME CONSTRAINT integration_consents_pkey TO integration_authorizations_pkey;
ALTER INDEX integration_consents_expiry_idx RENAME TO integration_authorizations_expiry_idx;
ALTER TABLE integration_authorizations ADD COLUMN actor_id text;
UPDATE integration_authorizations SET actor_id = user_id::text WHERE actor_id IS NULL AND user_id IS NOT NULL;
