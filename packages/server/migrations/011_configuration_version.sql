-- One counter that every configuration change (policies, and later forms, units, the calendar)
-- moves on in the same transaction; each server process compares it with the version it loaded
-- and reloads its configuration when it moved, so a change reaches every process within seconds.
CREATE TABLE configuration_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO configuration_version (id, version) VALUES (1, 0);
