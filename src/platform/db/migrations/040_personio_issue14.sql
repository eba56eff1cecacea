-- Issue 14.
-- 1. A listing that stopped (the vendor kept refusing, e.g. another tool of the customer used up the
--    shared rate limit) resumes where it stopped: {position, full, startedAt, updatedSince?} of the
--    listing, kept until a listing completes. NULL = nothing to resume.
ALTER TABLE integrations ADD COLUMN sync_resume jsonb;

-- 2. Cost centers as the HR system splits them (Personio: 60 % here, 40 % there), per contract:
--    [{externalId, name, percentage}] in the vendor's order; NULL = none known. Read-only in Koppel
--    (the HR system owns it); the department mapping still picks one department per contract.
ALTER TABLE contracts ADD COLUMN cost_centers jsonb;
