-- The daily and monthly message counts also say whether the messages are matters (first messages,
-- not linked to another), so frequency statistics count matters from them as they count messages.
-- The tables are made again with the key, and the server counts everything again at its next start.
DROP TABLE message_counts, message_count_changes, message_counts_monthly;
CREATE TABLE message_counts (
  day date NOT NULL,
  system text NOT NULL,
  service_code text,
  region text,
  public_status text NOT NULL,
  private boolean NOT NULL,
  matter boolean NOT NULL,
  count integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, system, service_code, region, public_status, private, matter)
);
CREATE TABLE message_count_changes (
  day date NOT NULL,
  system text NOT NULL,
  service_code text,
  region text,
  public_status text NOT NULL,
  private boolean NOT NULL,
  matter boolean NOT NULL,
  change integer NOT NULL
);
CREATE TABLE message_counts_monthly (
  month date NOT NULL,
  system text NOT NULL,
  service_code text,
  region text,
  public_status text NOT NULL,
  private boolean NOT NULL,
  matter boolean NOT NULL,
  count integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (month, system, service_code, region, public_status, private, matter)
);

-- As in migration 023, with the matter: a message linked or unlinked moves between the two.
CREATE OR REPLACE FUNCTION count_message_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE zone text;
BEGIN
  SELECT time_zone INTO zone FROM statistics_calendar;
  IF zone = '' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, matter, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, first_message_id IS NULL, count(*)
    FROM added GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, matter, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, first_message_id IS NULL, -count(*)
    FROM removed GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSE
    INSERT INTO message_count_changes (day, system, service_code, region, public_status, private, matter, change)
    SELECT (registered_at AT TIME ZONE zone)::date, system, service_code, region, public_status, private, matter, sum(change)
    FROM (SELECT registered_at, system, service_code, region, public_status, private, first_message_id IS NULL AS matter, -1 AS change FROM removed
          UNION ALL SELECT registered_at, system, service_code, region, public_status, private, first_message_id IS NULL, 1 FROM added) AS c
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(change) <> 0;
  END IF;
  RETURN NULL;
END $$;

-- Counted again by the server at its next start (the calendar's zone is asked for again).
UPDATE statistics_calendar SET time_zone = '';
