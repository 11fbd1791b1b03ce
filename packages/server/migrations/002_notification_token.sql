-- The citizen token, sealed with the server's secret, so notifications can carry the link that
-- lets the citizen act. Kept with the contact details: only citizens who can be notified have one.
ALTER TABLE message_contacts ADD COLUMN sealed_token text;

-- Server secrets, generated at first start (the key that seals tokens for notification links).
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);
