-- One trigger function per table and kind of write, instead of one per concern: a statement that
-- registers messages called five trigger functions, and the duplicate search's terms of each
-- message were worked out by a function called once per message (its own executor each time:
-- about 16 µs a message, measured with track_functions under bench/server-api.mjs's load). Now:
-- - messages inserted: their terms and their counts, by one function, the terms in its statement;
-- - timeline entries inserted: one function, which returns at once when no entry is one the
--   feedback statistics count (a registration's entry never is);
-- - messages updated: one function, which returns at once when no row's counted keys changed
--   (a duplicate search marking messages searched, a snapshot written with the same status).
-- What each writes is unchanged.

CREATE FUNCTION messages_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  -- As duplicate_terms(match_cell IS NOT NULL, system, region, match_keys), for every row at once.
  INSERT INTO duplicate_words (term, registered_at, message_id)
  SELECT DISTINCT CASE WHEN a.match_cell IS NOT NULL THEN 'l ' ELSE 'u ' END || a.system || ' ' || a.region || ' ' || k, a.registered_at, a.id
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
DROP TRIGGER messages_counted ON messages;
DROP TRIGGER messages_duplicate_words ON messages;
DROP FUNCTION duplicate_words_added();
CREATE TRIGGER messages_added AFTER INSERT ON messages REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION messages_added();

CREATE FUNCTION timeline_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM added WHERE type IN ('answered', 'rejected', 'feedback', 'closed', 'reopened')) THEN RETURN NULL; END IF;
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' THEN RETURN NULL; END IF;
  -- The feedback summaries of the messages concerned (they lock the messages' rows first).
  PERFORM refresh_feedback_summaries(ARRAY(
    SELECT DISTINCT message_id FROM added WHERE type IN ('answered', 'rejected', 'feedback', 'closed', 'reopened')));
  -- Feedback written: counted under its message's system and unit.
  INSERT INTO feedback_entry_changes
  SELECT (e.at AT TIME ZONE zone)::date, m.system, m.unit_id, count(*), coalesce(sum((e.data->>'rating')::int), 0),
    count(*) FILTER (WHERE e.data->>'resolved' = 'yes'), count(*) FILTER (WHERE e.data->>'resolved' = 'partly'),
    count(*) FILTER (WHERE e.data->>'resolved' = 'no')
  FROM added e JOIN messages m ON m.id = e.message_id WHERE e.type = 'feedback' GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
DROP TRIGGER timeline_feedback_counted ON timeline;
DROP TRIGGER timeline_feedback_entries_counted ON timeline;
DROP FUNCTION timeline_feedback_changed();
DROP FUNCTION timeline_feedback_entries();
CREATE TRIGGER timeline_added AFTER INSERT ON timeline REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_added();

CREATE FUNCTION messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' THEN RETURN NULL; END IF;
  -- Only a row whose counted keys changed changes a count (a message's id never changes).
  IF NOT EXISTS (
    SELECT 1 FROM added a JOIN removed r ON r.id = a.id
    WHERE (a.registered_at, a.system, a.service_code, a.region, a.public_status, a.private, a.first_message_id IS NULL, a.unit_id)
      IS DISTINCT FROM (r.registered_at, r.system, r.service_code, r.region, r.public_status, r.private, r.first_message_id IS NULL, r.unit_id)
  ) THEN RETURN NULL; END IF;
  -- A message moved to another unit or system takes its feedback with it.
  INSERT INTO feedback_entry_changes
  SELECT (t.at AT TIME ZONE zone)::date, c.system, c.unit_id, c.sign * count(*), c.sign * coalesce(sum((t.data->>'rating')::int), 0),
    c.sign * count(*) FILTER (WHERE t.data->>'resolved' = 'yes'), c.sign * count(*) FILTER (WHERE t.data->>'resolved' = 'partly'),
    c.sign * count(*) FILTER (WHERE t.data->>'resolved' = 'no')
  FROM (
    SELECT r.id, r.system, r.unit_id, -1 AS sign FROM removed r JOIN added a ON a.id = r.id
    WHERE (a.system, a.unit_id) IS DISTINCT FROM (r.system, r.unit_id)
    UNION ALL
    SELECT a.id, a.system, a.unit_id, 1 FROM removed r JOIN added a ON a.id = r.id
    WHERE (a.system, a.unit_id) IS DISTINCT FROM (r.system, r.unit_id)
  ) AS c JOIN timeline t ON t.message_id = c.id AND t.type = 'feedback'
  GROUP BY 1, 2, 3, c.sign;
  -- A message referred to another unit, reclassified or moved counts under its new keys.
  PERFORM refresh_feedback_summaries(ARRAY(
    SELECT a.id FROM added a JOIN removed r ON r.id = a.id JOIN message_feedback_summaries s ON s.message_id = a.id
    WHERE (a.unit_id, a.system, a.service_code, a.region) IS DISTINCT FROM (r.unit_id, r.system, r.service_code, r.region)));
  -- The messages' counts under their old keys and their new ones.
  INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, matter, change)
  SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, matter, sum(change)
  FROM (SELECT registered_at, system, service_code, region, public_status, private, first_message_id IS NULL AS matter, -1 AS change FROM removed
        UNION ALL SELECT registered_at, system, service_code, region, public_status, private, first_message_id IS NULL, 1 FROM added) AS c
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(change) <> 0;
  RETURN NULL;
END $$;
DROP TRIGGER messages_feedback_entries_moved ON messages;
DROP TRIGGER messages_feedback_recounted ON messages;
DROP TRIGGER messages_recounted ON messages;
DROP FUNCTION messages_feedback_entries_moved();
DROP FUNCTION messages_feedback_changed();
CREATE TRIGGER messages_changed AFTER UPDATE ON messages REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION messages_changed();

-- No query reads the region's messages without a location through this index since migration 027.
DROP INDEX messages_match_region_unlocated;
