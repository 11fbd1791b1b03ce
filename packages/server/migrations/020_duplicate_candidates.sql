-- Duplicate search finds its candidates through indexes, never by reading every message:
-- the grid cell of a located message (0.005° of latitude and longitude, see core `cellOf`), the
-- group of its service, and the words it is about (core `matchingKeys`) for messages without a
-- location, which are found by region.
ALTER TABLE messages ADD COLUMN match_cell text;
ALTER TABLE messages ADD COLUMN match_group text;
ALTER TABLE messages ADD COLUMN match_keys text[];
-- Messages stored before: their cell and group (their words are written by the server at start).
UPDATE messages SET match_cell = floor(lat / 0.005)::bigint::text || ':' || floor(long / 0.005)::bigint::text
WHERE lat IS NOT NULL AND long IS NOT NULL;
UPDATE messages m SET match_group = COALESCE(s.config -> 'group' ->> 'en', s.config -> 'group' ->> 'fa')
FROM services s WHERE s.code = m.service_code;
CREATE INDEX messages_match_cell ON messages (system, match_cell, registered_at) WHERE match_cell IS NOT NULL;
CREATE INDEX messages_match_region ON messages (system, region, registered_at) WHERE region IS NOT NULL;
CREATE INDEX messages_match_region_unlocated ON messages (system, region, registered_at) WHERE region IS NOT NULL AND match_cell IS NULL;
CREATE INDEX messages_match_keys ON messages USING gin (match_keys);

-- A pair staff said are not duplicates: never suggested again (in either order).
CREATE TABLE duplicate_dismissals (
  message_id text NOT NULL,
  other_id text NOT NULL,
  dismissed_by text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (message_id, other_id)
);
CREATE INDEX duplicate_dismissals_other ON duplicate_dismissals (other_id);
