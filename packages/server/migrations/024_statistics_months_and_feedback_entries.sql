-- Monthly counts beside the daily ones, so a year by month reads twelve rows a key instead of 365,
-- and the feedback given (by the day it was given) for the feedback totals.
--
-- The months are the calendar's (Jalali): their first local days are kept in
-- statistics_month_starts, written by the server with the time zone (see statistics_calendar).

CREATE TABLE statistics_month_starts (start date PRIMARY KEY);

-- The first day of the calendar month holding `d`.
CREATE FUNCTION statistics_month(d date) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT max(start) FROM statistics_month_starts WHERE start <= d
$$;

CREATE TABLE message_counts_monthly (
  month date NOT NULL,
  system text NOT NULL,
  service_code text,
  region text,
  public_status text NOT NULL,
  private boolean NOT NULL,
  count integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (month, system, service_code, region, public_status, private)
);
CREATE TABLE feedback_counts_monthly (
  month date NOT NULL,
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
  UNIQUE NULLS NOT DISTINCT (month, system, unit_id, service_code, region)
);

-- Feedback given, by local day, system and the message's unit; `rated` counts the entries with a rating.
CREATE TABLE feedback_entry_counts (
  day date NOT NULL,
  system text NOT NULL,
  unit_id text NOT NULL,
  entries integer NOT NULL,
  rating_sum bigint NOT NULL,
  yes integer NOT NULL,
  partly integer NOT NULL,
  no integer NOT NULL,
  UNIQUE (day, system, unit_id)
);
CREATE TABLE feedback_entry_changes (
  day date NOT NULL,
  system text NOT NULL,
  unit_id text NOT NULL,
  entries integer NOT NULL,
  rating_sum bigint NOT NULL,
  yes integer NOT NULL,
  partly integer NOT NULL,
  no integer NOT NULL
);

-- Feedback written: counted under its message's system and unit (the message is locked by the
-- summaries' refresh, so a referral of the same message waits its turn).
CREATE FUNCTION timeline_feedback_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' THEN RETURN NULL; END IF;
  INSERT INTO feedback_entry_changes
  SELECT (e.at AT TIME ZONE zone)::date, m.system, m.unit_id, count(*), coalesce(sum((e.data->>'rating')::int), 0),
    count(*) FILTER (WHERE e.data->>'resolved' = 'yes'), count(*) FILTER (WHERE e.data->>'resolved' = 'partly'),
    count(*) FILTER (WHERE e.data->>'resolved' = 'no')
  FROM added e JOIN messages m ON m.id = e.message_id WHERE e.type = 'feedback' GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_feedback_entries_counted AFTER INSERT ON timeline REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_feedback_entries();

-- A message moved to another unit or system takes its feedback with it.
CREATE FUNCTION messages_feedback_entries_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' THEN RETURN NULL; END IF;
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
  RETURN NULL;
END $$;
CREATE TRIGGER messages_feedback_entries_moved AFTER UPDATE ON messages REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION messages_feedback_entries_moved();

-- Built by the server at its next start (the calendar's zone is asked for again).
UPDATE statistics_calendar SET time_zone = '';
