-- Staff members own their bearer tokens: a member's role and unit apply to every token of theirs.
-- Tokens and API keys get an id (to list and revoke them without their secret) and a revocation time.
CREATE TABLE staff_members (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL,
  unit_id text,
  created_at timestamptz NOT NULL,
  removed_at timestamptz
);

ALTER TABLE staff_tokens ADD COLUMN id text;
ALTER TABLE staff_tokens ADD COLUMN member_id text;
ALTER TABLE staff_tokens ADD COLUMN created_at timestamptz;
ALTER TABLE staff_tokens ADD COLUMN revoked_at timestamptz;
UPDATE staff_tokens SET id = 'tok-' || substr(token_hash, 1, 16), member_id = 'staff-' || substr(token_hash, 1, 16), created_at = now();
INSERT INTO staff_members (id, name, role, unit_id, created_at) SELECT member_id, name, role, unit_id, created_at FROM staff_tokens;
ALTER TABLE staff_tokens ALTER COLUMN id SET NOT NULL;
ALTER TABLE staff_tokens ALTER COLUMN member_id SET NOT NULL;
ALTER TABLE staff_tokens ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE staff_tokens DROP COLUMN name;
ALTER TABLE staff_tokens DROP COLUMN role;
ALTER TABLE staff_tokens DROP COLUMN unit_id;
CREATE UNIQUE INDEX staff_tokens_id ON staff_tokens (id);
CREATE INDEX staff_tokens_member ON staff_tokens (member_id);

ALTER TABLE api_keys ADD COLUMN id text;
ALTER TABLE api_keys ADD COLUMN created_at timestamptz;
ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;
UPDATE api_keys SET id = 'key-' || substr(key_hash, 1, 16), created_at = now();
ALTER TABLE api_keys ALTER COLUMN id SET DEFAULT 'key-' || md5(random()::text);
ALTER TABLE api_keys ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE api_keys ALTER COLUMN id SET NOT NULL;
ALTER TABLE api_keys ALTER COLUMN created_at SET NOT NULL;
CREATE UNIQUE INDEX api_keys_id ON api_keys (id);
