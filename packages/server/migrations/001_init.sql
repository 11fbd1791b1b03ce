-- Payam's schema. The same SQL runs on PGlite and PostgreSQL.

-- Configuration: systems, services, org units, policies, credentials.
CREATE TABLE systems (
  id text PRIMARY KEY,
  config jsonb NOT NULL
);

CREATE TABLE services (
  code text PRIMARY KEY,
  system text NOT NULL REFERENCES systems (id),
  position integer NOT NULL DEFAULT 0,
  config jsonb NOT NULL
);

CREATE TABLE org_units (
  id text PRIMARY KEY,
  position integer NOT NULL DEFAULT 0,
  config jsonb NOT NULL
);

-- Policies and other settings, one JSON document per key (calendar, escalation, feedback, routing, regions).
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

-- API keys and staff tokens are stored as SHA-256 hashes only.
CREATE TABLE api_keys (
  key_hash text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE staff_tokens (
  token_hash text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL,
  unit_id text
);

-- Messages. Contact details live in message_contacts, never joined into public reads.
CREATE SEQUENCE message_seq START 1000;

CREATE TABLE messages (
  id text PRIMARY KEY,
  system text NOT NULL,
  service_code text,
  description text NOT NULL,
  lat double precision,
  long double precision,
  address text,
  region text,
  attributes jsonb NOT NULL DEFAULT '{}',
  media_url text,
  lang text NOT NULL,
  private boolean NOT NULL DEFAULT false,
  suggestion boolean NOT NULL DEFAULT false,
  citizen_token_hash text NOT NULL UNIQUE,
  registered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  state text NOT NULL,
  public_status text NOT NULL,
  unit_id text NOT NULL,
  first_message_id text,
  suggestion_published_at timestamptz,
  suggestion_url text,
  snapshot jsonb NOT NULL
);
CREATE INDEX messages_registered_at ON messages (registered_at);
CREATE INDEX messages_unit ON messages (unit_id, registered_at);
CREATE INDEX messages_suggestions ON messages (suggestion_published_at) WHERE suggestion_published_at IS NOT NULL;

CREATE TABLE message_contacts (
  message_id text PRIMARY KEY REFERENCES messages (id),
  phone text,
  first_name text,
  last_name text,
  email text,
  device_id text
);

-- The history of every message; `visibility` separates what the citizen sees from staff entries.
CREATE TABLE timeline (
  id bigserial PRIMARY KEY,
  message_id text NOT NULL REFERENCES messages (id),
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor_role text NOT NULL,
  visibility text NOT NULL,
  text text,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_message ON timeline (message_id, id);
CREATE INDEX timeline_feedback ON timeline (at) WHERE type = 'feedback';

-- The one pending deadline of each message, drained by workers with FOR UPDATE SKIP LOCKED.
CREATE TABLE deadlines (
  id text PRIMARY KEY,
  message_id text NOT NULL REFERENCES messages (id),
  stage text NOT NULL,
  due_at timestamptz NOT NULL
);
CREATE INDEX deadlines_due ON deadlines (due_at);

-- Notifications and suggestions waiting to leave; delivered at least once, with an idempotency key.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  message_id text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  sent_at timestamptz,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- POST retries: the same API key and Idempotency-Key give the same message and token.
-- The token is kept encrypted with a key derived from the API key and the idempotency key.
CREATE TABLE idempotency_keys (
  api_key_hash text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  message_id text NOT NULL,
  sealed_token text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (api_key_hash, key)
);
