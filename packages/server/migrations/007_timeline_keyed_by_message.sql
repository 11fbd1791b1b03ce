-- Timeline entries are only ever read by message, in order: keyed by (message_id, id) the table
-- needs one index instead of a surrogate key's plus a second one by message, which every
-- registration and transition paid for.
ALTER TABLE timeline DROP CONSTRAINT timeline_pkey;
ALTER TABLE timeline ADD PRIMARY KEY (message_id, id);
DROP INDEX timeline_message;
