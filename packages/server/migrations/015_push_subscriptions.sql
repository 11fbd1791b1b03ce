-- Web Push subscriptions a citizen's page or app registered for one message (with its citizen
-- token). The push channel sends each notification of the message to every one of them; a push
-- service answering 404 or 410 gets its subscription deleted. The VAPID keys are kept in
-- server_secrets (generated once) unless the configuration gives them.
CREATE TABLE push_subscriptions (
  id bigserial PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL,
  endpoint text COLLATE "C" NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (message_id, endpoint)
);
