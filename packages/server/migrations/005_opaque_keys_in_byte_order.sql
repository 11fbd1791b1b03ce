-- Ids, hashes and idempotency keys are opaque ASCII: compared byte by byte ("C") their indexes give
-- the same answers as under the database's language collation, without the locale-aware
-- comparison (strcoll) on every index step. The same order also matches the server's own sort
-- when it locks several messages.
ALTER TABLE messages
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN citizen_token_hash TYPE text COLLATE "C",
  ALTER COLUMN unit_id TYPE text COLLATE "C",
  ALTER COLUMN first_message_id TYPE text COLLATE "C";
ALTER TABLE message_contacts ALTER COLUMN message_id TYPE text COLLATE "C";
ALTER TABLE timeline ALTER COLUMN message_id TYPE text COLLATE "C";
ALTER TABLE deadlines
  ALTER COLUMN id TYPE text COLLATE "C",
  ALTER COLUMN message_id TYPE text COLLATE "C";
ALTER TABLE outbox
  ALTER COLUMN message_id TYPE text COLLATE "C",
  ALTER COLUMN idempotency_key TYPE text COLLATE "C";
ALTER TABLE idempotency_keys
  ALTER COLUMN api_key_hash TYPE text COLLATE "C",
  ALTER COLUMN key TYPE text COLLATE "C",
  ALTER COLUMN message_id TYPE text COLLATE "C";
ALTER TABLE api_keys ALTER COLUMN key_hash TYPE text COLLATE "C";
ALTER TABLE staff_tokens ALTER COLUMN token_hash TYPE text COLLATE "C";
