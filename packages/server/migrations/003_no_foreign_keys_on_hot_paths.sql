-- Timeline, deadline and contact rows are written only in the statement or transaction that writes
-- their message, so the foreign keys guarded nothing the code does not; their per-row checks were
-- a large part of a registration's cost.
ALTER TABLE timeline DROP CONSTRAINT timeline_message_id_fkey;
ALTER TABLE deadlines DROP CONSTRAINT deadlines_message_id_fkey;
ALTER TABLE message_contacts DROP CONSTRAINT message_contacts_message_id_fkey;
