-- Webhooks for apps: the holder of an API key registers a URL that receives the status changes of
-- the messages registered with that key, signed with a secret shown once (kept sealed with the
-- server's secret, since it signs every delivery). `registered_by` is the hash of the API key a
-- message was registered with (NULL for messages registered before this migration).
CREATE TABLE app_webhooks (
  id text COLLATE "C" PRIMARY KEY,
  api_key_hash text COLLATE "C" NOT NULL,
  url text NOT NULL,
  sealed_secret text NOT NULL,
  created_at timestamptz NOT NULL,
  removed_at timestamptz
);
CREATE INDEX app_webhooks_key ON app_webhooks (api_key_hash) WHERE removed_at IS NULL;
ALTER TABLE messages ADD COLUMN registered_by text COLLATE "C";
