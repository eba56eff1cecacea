-- Issue 11, closing gaps:
-- 1. A Koppel department maps to a Loket cost center (its key, chosen from the administration's live list) AND a
--    distribution unit ("verdelingseenheid", its UUID key — longer than the 20 characters allowed so far).
ALTER TABLE loket_mappings DROP CONSTRAINT loket_mappings_kind_check;
ALTER TABLE loket_mappings ADD CONSTRAINT loket_mappings_kind_check CHECK (kind IN ('cost_center','distribution_unit','hour_component','wage_component'));
ALTER TABLE loket_mappings DROP CONSTRAINT loket_mappings_loket_code_check;
ALTER TABLE loket_mappings ADD CONSTRAINT loket_mappings_loket_code_check CHECK (length(loket_code) BETWEEN 1 AND 40);

-- 2. The sync engine's vendor change cursor: an opaque position in the vendor's own change feed (Loket: the highest
--    "last modified version number" the last clean listing covered), handed back to the connector on the next
--    incremental listing. NULL = none (the next listing reads everything it is asked to).
ALTER TABLE integrations ADD COLUMN sync_change_cursor text;
