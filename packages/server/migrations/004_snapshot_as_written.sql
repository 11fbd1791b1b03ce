-- A message's lifecycle snapshot is read and written whole by the server and never queried inside
-- (state, unit, first message and suggestion have their own columns), so it is stored as the JSON
-- text the server wrote: no conversion to jsonb's binary form on every write, nor back to text on
-- every read.
ALTER TABLE messages ALTER COLUMN snapshot TYPE json USING snapshot::json;
