-- Employee list at 10 000+ employees (issue 13): indexes for search, filters and keyset paging.

-- Search: search_text LIKE '%…%' through a trigram index. pg_trgm is a trusted extension (PostgreSQL 13+), so the
-- database owner may install it; it goes into public so dropping one schema (tests, benchmarks) never drops it.
-- Without the right to install it the list still works, searching without the index.
DO $$
DECLARE
  ext_schema text;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
  EXCEPTION WHEN insufficient_privilege OR invalid_schema_name OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm not available (%): employee search runs without a trigram index', SQLERRM;
  END;
  SELECT n.nspname INTO ext_schema FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm';
  IF ext_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX employees_search_trgm_idx ON employees USING gin (search_text %I.gin_trgm_ops)', ext_schema);
  END IF;
END $$;

-- Sort orders other than the name (employees_tenant_name_idx), walked in order by keyset pages.
CREATE INDEX employees_tenant_number_idx ON employees (tenant_id, personnel_number, id);
CREATE INDEX employees_tenant_created_idx ON employees (tenant_id, created_at DESC, id);

-- Department filter: the employees with a contract in one department, read from the index alone.
CREATE INDEX contracts_department_employee_idx ON contracts (tenant_id, department_id, employee_id) INCLUDE (start_date, end_date);
DROP INDEX contracts_department_idx;
