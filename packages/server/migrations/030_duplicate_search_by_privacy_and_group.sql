-- Duplicate search reads only the messages it may keep: those of the new message's privacy and of
-- the service groups it may be matched with (its own, none, a related service's). Before, it
-- fetched every message of a grid cell, or every message of a region sharing a word, and dropped
-- most of them after the fetch (in a city of several service groups, about two in three); each
-- fetch is a page read when the message is not in memory. A message without a group is kept
-- under ''.

-- The located messages of a grid cell, by privacy and group, in time order.
DROP INDEX messages_match_cell;
CREATE INDEX messages_match_cell ON messages (system, private, match_cell, (coalesce(match_group, '')), registered_at)
  WHERE match_cell IS NOT NULL;

-- The words of a region's messages carry their privacy and group, checked in the index before
-- the message is read.
ALTER TABLE duplicate_words ADD COLUMN private boolean NOT NULL DEFAULT false;
ALTER TABLE duplicate_words ADD COLUMN service_group text COLLATE "C" NOT NULL DEFAULT '';
TRUNCATE duplicate_words;
DROP INDEX duplicate_words_term;
INSERT INTO duplicate_words (term, registered_at, message_id, private, service_group)
SELECT unnest(duplicate_terms(match_cell IS NOT NULL, system, region, match_keys)), registered_at, id, private, coalesce(match_group, '')
FROM messages WHERE region IS NOT NULL AND match_keys IS NOT NULL;
CREATE INDEX duplicate_words_term ON duplicate_words (term, registered_at) INCLUDE (message_id, private, service_group);

CREATE OR REPLACE FUNCTION messages_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  -- As duplicate_terms(match_cell IS NOT NULL, system, region, match_keys), for every row at once.
  INSERT INTO duplicate_words (term, registered_at, message_id, private, service_group)
  SELECT DISTINCT CASE WHEN a.match_cell IS NOT NULL THEN 'l ' ELSE 'u ' END || a.system || ' ' || a.region || ' ' || k,
    a.registered_at, a.id, a.private, coalesce(a.match_group, '')
  FROM added a CROSS JOIN LATERAL unnest(a.match_keys) AS k
  WHERE a.region IS NOT NULL;
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone <> '' THEN
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, matter, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, first_message_id IS NULL, count(*)
    FROM added GROUP BY 1, 2, 3, 4, 5, 6, 7;
  END IF;
  RETURN NULL;
END $$;

-- A message whose words, place, time, privacy or group are written again (reclassified, say).
CREATE OR REPLACE FUNCTION duplicate_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM duplicate_words
  WHERE term = ANY(duplicate_terms(OLD.match_cell IS NOT NULL, OLD.system, OLD.region, OLD.match_keys)) AND message_id = OLD.id;
  IF NEW.region IS NOT NULL AND NEW.match_keys IS NOT NULL THEN
    INSERT INTO duplicate_words (term, registered_at, message_id, private, service_group)
    SELECT unnest(duplicate_terms(NEW.match_cell IS NOT NULL, NEW.system, NEW.region, NEW.match_keys)), NEW.registered_at, NEW.id,
      NEW.private, coalesce(NEW.match_group, '');
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER messages_duplicate_words_changed ON messages;
CREATE TRIGGER messages_duplicate_words_changed
  AFTER UPDATE OF match_keys, match_cell, system, region, registered_at, private, match_group ON messages
  FOR EACH ROW WHEN ((OLD.match_keys, OLD.match_cell, OLD.system, OLD.region, OLD.registered_at, OLD.private, OLD.match_group)
    IS DISTINCT FROM (NEW.match_keys, NEW.match_cell, NEW.system, NEW.region, NEW.registered_at, NEW.private, NEW.match_group))
  EXECUTE FUNCTION duplicate_words_changed();
