-- A unit's contact details (地址、电话、办公时间): every printed notice names the office the person is asked to come to,
-- with its address and phone, and an office keeps its own details up to date (audited in the app). Empty until set.
ALTER TABLE org_units ADD COLUMN address TEXT NULL;
ALTER TABLE org_units ADD COLUMN phone TEXT NULL;
ALTER TABLE org_units ADD COLUMN office_hours TEXT NULL;
