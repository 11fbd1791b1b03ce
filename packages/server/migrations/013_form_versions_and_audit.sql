-- Forms are versioned: every change of a service's definition is kept as a new version, and each
-- message records the version of its service's form it was registered with.
ALTER TABLE services ADD COLUMN form_version integer NOT NULL DEFAULT 1;

CREATE TABLE service_forms (
  service_code text NOT NULL,
  version integer NOT NULL,
  config jsonb NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (service_code, version)
);
INSERT INTO service_forms (service_code, version, config, changed_at) SELECT code, 1, config, now() FROM services;

ALTER TABLE messages ADD COLUMN form_version integer;
UPDATE messages SET form_version = 1 WHERE service_code IS NOT NULL;

-- Every administrative change: who, when, what (the state before and after, never a secret).
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_at ON audit_log (at, id);
