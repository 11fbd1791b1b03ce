-- Each system numbers its messages on its own (137-1000, 1888-1000, …), so the ids of one system
-- (gaps in public 137 ids) tell nothing of another's (how many complaints were filed, and when).
-- A server takes a block of numbers at a time; a crash leaves a gap, never a number given twice.
CREATE TABLE message_counters (
  system text COLLATE "C" PRIMARY KEY,
  next_number bigint NOT NULL
);
-- Systems that have messages already go on from above every number the shared sequence gave.
INSERT INTO message_counters (system, next_number)
SELECT s.id, GREATEST(1000, (SELECT last_value + 1 FROM message_seq)) FROM systems s;
DROP SEQUENCE message_seq;
