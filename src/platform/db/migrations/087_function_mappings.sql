-- Issue 10, F-12 for Nmbrs functions: a vendor's job functions (Nmbrs keeps a catalogue per debtor, each function with
-- its own id) are mapped to Koppel's functions in the same mapping table as departments and cost centers, kind
-- 'function'; koppel_id is then a job_functions id. The sync sets a contract's function from this mapping (no longer
-- by matching or creating names, for vendors that give the function's id); "create" in the mapping tab creates the
-- Koppel function when the tab is saved and stores its id here.
ALTER TABLE integration_mappings DROP CONSTRAINT integration_mappings_kind_check;
ALTER TABLE integration_mappings ADD CONSTRAINT integration_mappings_kind_check CHECK (kind IN ('department','cost_center','contract_type_in','contract_type_out','function'));
