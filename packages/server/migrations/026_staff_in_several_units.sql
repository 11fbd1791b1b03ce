-- A member of staff may work in several units (a district office and the inspection team it lends
-- staff to): their units are one array; NULL still means every unit, and an empty list is refused.
ALTER TABLE staff_members ADD COLUMN unit_ids text[];
UPDATE staff_members SET unit_ids = ARRAY[unit_id] WHERE unit_id IS NOT NULL;
ALTER TABLE staff_members DROP COLUMN unit_id;
ALTER TABLE staff_members ADD CONSTRAINT staff_members_units_not_empty CHECK (unit_ids IS NULL OR cardinality(unit_ids) > 0);
