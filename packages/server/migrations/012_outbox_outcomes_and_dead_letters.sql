-- What each channel of an outbox row did (delivered, skipped), so a retry sends only what is left,
-- and when a row was given up after too many attempts (a dead letter, shown to staff).
ALTER TABLE outbox ADD COLUMN outcome jsonb NOT NULL DEFAULT '{}';
ALTER TABLE outbox ADD COLUMN given_up_at timestamptz;
UPDATE outbox SET given_up_at = now() WHERE sent_at IS NULL AND next_attempt_at = 'infinity';
CREATE INDEX outbox_given_up ON outbox (given_up_at) WHERE given_up_at IS NOT NULL;
