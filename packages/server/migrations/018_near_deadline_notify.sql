-- A deadline written to fall due within ten minutes is announced on the channel `payam_deadline`
-- (its due time as the payload), so the workers of every process listening on PostgreSQL wake for
-- it at once instead of at their next regular look. Notifications with the same payload in one
-- transaction are sent once.
CREATE FUNCTION payam_announce_near_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('payam_deadline', to_char(NEW.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  RETURN NULL;
END
$$;
CREATE TRIGGER deadlines_near AFTER INSERT OR UPDATE OF due_at ON deadlines
  FOR EACH ROW WHEN (NEW.due_at <= now() + interval '10 minutes') EXECUTE FUNCTION payam_announce_near_deadline();
