-- Working hours per user for recruiting (availability, slot search, smart links): one local time range per ISO
-- weekday, in the user's own zone. No row = the default, 09:00–17:00 Monday to Friday.
CREATE TABLE recruiting_working_hours (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- [{ "weekday": 1..7, "start": "HH:MM", "end": "HH:MM" }], weekdays unique, start < end (checked by the service).
  days jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
