-- The administrations an integration covers (an Nmbrs debtor has several companies, a Loket login
-- several employers): the accounts the user picked after connecting, as [{id, name, kind, parentId?}]
-- with the names as the vendor gave them then. NULL = not chosen yet; the connector then reads what
-- the credential's default is. Personio credentials see exactly one company: existing Personio
-- integrations get it.
ALTER TABLE integrations ADD COLUMN account_scope jsonb;
UPDATE integrations SET account_scope = '[{"id":"company","name":"Personio company","kind":"company"}]'::jsonb WHERE vendor = 'personio';
