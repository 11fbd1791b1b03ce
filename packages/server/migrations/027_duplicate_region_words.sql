-- The words of each message of a region, in time order, for the duplicate search of messages
-- without a location (and of the messages without one, for those with a location): the nearest
-- messages in time that share a word are read word by word from one index, a few dozen entries
-- each, instead of reading the region's messages one by one until enough share a word.
--
-- A term is `u` (no location) or `l` (located), the system, the region and the word, separated
-- by spaces. Kept by triggers, so every way a message is written keeps its terms.
CREATE TABLE duplicate_words (
  term text COLLATE "C" NOT NULL,
  registered_at timestamptz NOT NULL,
  message_id text COLLATE "C" NOT NULL
);
CREATE INDEX duplicate_words_term ON duplicate_words (term, registered_at) INCLUDE (message_id);

CREATE FUNCTION duplicate_terms(located boolean, system text, region text, keys text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ARRAY(SELECT DISTINCT CASE WHEN located THEN 'l ' ELSE 'u ' END || system || ' ' || region || ' ' || k FROM unnest(keys) AS k) $$;

INSERT INTO duplicate_words (term, registered_at, message_id)
SELECT unnest(duplicate_terms(match_cell IS NOT NULL, system, region, match_keys)), registered_at, id
FROM messages WHERE region IS NOT NULL AND match_keys IS NOT NULL;

CREATE FUNCTION duplicate_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO duplicate_words (term, registered_at, message_id)
  SELECT unnest(duplicate_terms(match_cell IS NOT NULL, system, region, match_keys)), registered_at, id
  FROM added WHERE region IS NOT NULL AND match_keys IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_duplicate_words AFTER INSERT ON messages REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION duplicate_words_added();

-- A message whose words, place or time are written again (its words filled in at start).
CREATE FUNCTION duplicate_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM duplicate_words
  WHERE term = ANY(duplicate_terms(OLD.match_cell IS NOT NULL, OLD.system, OLD.region, OLD.match_keys)) AND message_id = OLD.id;
  IF NEW.region IS NOT NULL AND NEW.match_keys IS NOT NULL THEN
    INSERT INTO duplicate_words (term, registered_at, message_id)
    SELECT unnest(duplicate_terms(NEW.match_cell IS NOT NULL, NEW.system, NEW.region, NEW.match_keys)), NEW.registered_at, NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_duplicate_words_changed AFTER UPDATE OF match_keys, match_cell, system, region, registered_at ON messages
  FOR EACH ROW WHEN ((OLD.match_keys, OLD.match_cell, OLD.system, OLD.region, OLD.registered_at) IS DISTINCT FROM (NEW.match_keys, NEW.match_cell, NEW.system, NEW.region, NEW.registered_at))
  EXECUTE FUNCTION duplicate_words_changed();

-- No query reads the words' index of migration 020 (its entries were the whole city's).
DROP INDEX messages_match_keys;
