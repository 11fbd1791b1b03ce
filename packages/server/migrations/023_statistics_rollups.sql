-- Statistics at a city's scale: daily counts kept beside the messages, so a year's frequency and
-- feedback statistics read a few hundred thousand counters instead of millions of messages.
--
-- Every write of messages or timeline appends signed changes (statement triggers, one row per
-- changed key, nothing locked); the server folds them into the daily tables before it reads, and
-- reads the daily tables plus what is still unfolded. Days are local to the calendar's time zone,
-- kept in statistics_calendar: an empty zone means "not built yet", and the server rebuilds the
-- tables from the messages whenever the zone differs from its calendar's (and at the first start).

CREATE TABLE statistics_calendar (time_zone text NOT NULL);
INSERT INTO statistics_calendar (time_zone) VALUES ('');

-- Messages by local day of registration, system, service, region, public status and privacy.
CREATE TABLE message_counts (
  day date NOT NULL,
  system text NOT NULL,
  service_code text,
  region text,
  public_status text NOT NULL,
  private boolean NOT NULL,
  count integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, system, service_code, region, public_status, private)
);
CREATE TABLE message_count_changes (
  day date NOT NULL,
  system text NOT NULL,
  service_code text,
  region text,
  public_status text NOT NULL,
  private boolean NOT NULL,
  change integer NOT NULL
);

-- What followed the first answer of each answered message (the feedback statistics' unit of count).
CREATE TABLE message_feedback_summaries (
  message_id text PRIMARY KEY,
  answered_at timestamptz NOT NULL,
  day date NOT NULL,
  system text NOT NULL,
  unit_id text NOT NULL,
  service_code text,
  region text,
  feedback boolean NOT NULL,
  resolved text,
  rating numeric,
  closed_without_feedback boolean NOT NULL,
  reopened boolean NOT NULL
);
-- Answered messages by local day of their first answer, system, unit, service and region.
CREATE TABLE feedback_counts (
  day date NOT NULL,
  system text NOT NULL,
  unit_id text NOT NULL,
  service_code text,
  region text,
  answered integer NOT NULL,
  feedback integer NOT NULL,
  yes integer NOT NULL,
  partly integer NOT NULL,
  no integer NOT NULL,
  rating_sum numeric NOT NULL,
  rating_count integer NOT NULL,
  closed_without_feedback integer NOT NULL,
  reopened integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, system, unit_id, service_code, region)
);
CREATE TABLE feedback_count_changes (
  day date NOT NULL,
  system text NOT NULL,
  unit_id text NOT NULL,
  service_code text,
  region text,
  answered integer NOT NULL,
  feedback integer NOT NULL,
  yes integer NOT NULL,
  partly integer NOT NULL,
  no integer NOT NULL,
  rating_sum numeric NOT NULL,
  rating_count integer NOT NULL,
  closed_without_feedback integer NOT NULL,
  reopened integer NOT NULL
);

-- The counted keys of the messages a statement removed (-1) and wrote (+1), netted per key.
CREATE FUNCTION count_message_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, count(*)
    FROM added GROUP BY 1, 2, 3, 4, 5, 6;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, -count(*)
    FROM removed GROUP BY 1, 2, 3, 4, 5, 6;
  ELSE
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, sum(change)
    FROM (SELECT registered_at, system, service_code, region, public_status, private, -1 AS change FROM removed
          UNION ALL SELECT registered_at, system, service_code, region, public_status, private, 1 FROM added) AS c
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(change) <> 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_counted AFTER INSERT ON messages REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION count_message_changes();
CREATE TRIGGER messages_recounted AFTER UPDATE ON messages REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION count_message_changes();
CREATE TRIGGER messages_uncounted AFTER DELETE ON messages REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION count_message_changes();

-- Recomputes the feedback summaries of `ids` from their timelines and records the change
-- (the old summaries subtracted, the new ones added).
CREATE FUNCTION refresh_feedback_summaries(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- The messages' rows are locked first, so two writers of one message's timeline take turns.
  PERFORM 1 FROM messages WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  INSERT INTO feedback_count_changes
  SELECT day, system, unit_id, service_code, region, -1, -feedback::int, -(resolved IS NOT DISTINCT FROM 'yes')::int, -(resolved IS NOT DISTINCT FROM 'partly')::int,
    -(resolved IS NOT DISTINCT FROM 'no')::int, -coalesce(rating, 0), -(rating IS NOT NULL)::int, -closed_without_feedback::int, -reopened::int
  FROM message_feedback_summaries WHERE message_id = ANY(ids);
  DELETE FROM message_feedback_summaries WHERE message_id = ANY(ids);
  INSERT INTO message_feedback_summaries
  SELECT m.id, s.answered_at, (s.answered_at AT TIME ZONE zone)::date, m.system, m.unit_id, m.service_code, m.region,
    s.feedbacks > 0, s.resolved, s.rating, s.closed AND s.feedbacks < s.answers, s.reopens > 0
  FROM messages m CROSS JOIN LATERAL (
    SELECT min(t.at) FILTER (WHERE t.type IN ('answered', 'rejected')) AS answered_at,
      count(*) FILTER (WHERE t.type IN ('answered', 'rejected')) AS answers,
      count(*) FILTER (WHERE t.type = 'feedback') AS feedbacks,
      (array_agg(t.data->>'resolved' ORDER BY t.at DESC, t.id DESC) FILTER (WHERE t.type = 'feedback'))[1] AS resolved,
      avg((t.data->>'rating')::numeric) FILTER (WHERE t.type = 'feedback') AS rating,
      coalesce(bool_or(t.type = 'closed'), false) AS closed,
      count(*) FILTER (WHERE t.type = 'reopened') AS reopens
    FROM timeline t WHERE t.message_id = m.id AND t.type IN ('answered', 'rejected', 'feedback', 'closed', 'reopened')
  ) AS s
  WHERE m.id = ANY(ids) AND s.answers > 0;
  INSERT INTO feedback_count_changes
  SELECT day, system, unit_id, service_code, region, 1, feedback::int, (resolved IS NOT DISTINCT FROM 'yes')::int, (resolved IS NOT DISTINCT FROM 'partly')::int,
    (resolved IS NOT DISTINCT FROM 'no')::int, coalesce(rating, 0), (rating IS NOT NULL)::int, closed_without_feedback::int, reopened::int
  FROM message_feedback_summaries WHERE message_id = ANY(ids);
END $$;

CREATE FUNCTION timeline_feedback_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_feedback_summaries(ARRAY(
    SELECT DISTINCT message_id FROM added WHERE type IN ('answered', 'rejected', 'feedback', 'closed', 'reopened')));
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_feedback_counted AFTER INSERT ON timeline REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_feedback_changed();

-- A message referred to another unit, reclassified or moved counts under its new keys.
CREATE FUNCTION messages_feedback_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_feedback_summaries(ARRAY(
    SELECT a.id FROM added a JOIN removed r ON r.id = a.id JOIN message_feedback_summaries s ON s.message_id = a.id
    WHERE (a.unit_id, a.system, a.service_code, a.region) IS DISTINCT FROM (r.unit_id, r.system, r.service_code, r.region)));
  RETURN NULL;
END $$;
CREATE TRIGGER messages_feedback_recounted AFTER UPDATE ON messages REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION messages_feedback_changed();
