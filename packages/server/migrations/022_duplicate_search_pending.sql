-- A message whose duplicate search has not run yet. Set at registration when messages are linked
-- automatically and cleared once its search ran, so a search a stopped process never ran (or one
-- its queue had no room for) is run later by the worker of any process.
ALTER TABLE messages ADD COLUMN match_pending boolean NOT NULL DEFAULT false;
CREATE INDEX messages_match_pending ON messages (registered_at) WHERE match_pending;
