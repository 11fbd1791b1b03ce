-- The counters of the abuse limits (rate-limiter-flexible's PostgreSQL layout: key, points used,
-- expiry in epoch ms), shared by every server process on one database.
CREATE TABLE rate_limits (
  key text COLLATE "C" PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
