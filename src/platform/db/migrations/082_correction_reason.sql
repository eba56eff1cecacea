-- Issue 15 item 3: an approved shift is corrected only with a reason; when its day was already sent, the
-- correction of that sent period keeps the reason too, so the payroll side sees why (null: no reason given,
-- e.g. a pending shift or an approval decision).
ALTER TABLE outbound_corrections ADD COLUMN reason text;
