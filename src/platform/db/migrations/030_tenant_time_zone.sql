-- The tenant's own IANA zone decides local dates (today, schedules, mails); it used to be guessed from the
-- country or hard-coded. Existing tenants get the zone of their country.
ALTER TABLE tenants ADD COLUMN time_zone text;
UPDATE tenants SET time_zone = CASE country WHEN 'DE' THEN 'Europe/Berlin' ELSE 'Europe/Amsterdam' END;
ALTER TABLE tenants ALTER COLUMN time_zone SET NOT NULL;
