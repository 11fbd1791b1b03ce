-- Photos citizens attach to messages, re-encoded without their metadata. Uploaded first (by the
-- holder of an API key), attached to a message when it is registered; served only as the message
-- is (a private message's photos only to those who may read it). The bytes are kept here by default,
-- or as files in a configured folder (then `bytes` is NULL).
CREATE TABLE photos (
  id text COLLATE "C" PRIMARY KEY,
  api_key_hash text COLLATE "C" NOT NULL,
  message_id text COLLATE "C",
  position smallint,
  content_type text NOT NULL,
  size integer NOT NULL,
  bytes bytea,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX photos_message ON photos (message_id, position) WHERE message_id IS NOT NULL;
CREATE INDEX photos_unattached ON photos (uploaded_at) WHERE message_id IS NULL;
