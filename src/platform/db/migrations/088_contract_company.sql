-- Issue 10 ("After apply"): the company ("werkmaatschappij") a contract is with, as the HR system names it (Nmbrs: the
-- company whose employee record the contract is synced from). Free text, at most 200 characters (checked by the
-- service); NULL = none known. A synced contract's company is overwritten by the next sync, as its function and
-- department are; a contract entered by hand keeps what the user typed.
ALTER TABLE contracts ADD COLUMN company text;
