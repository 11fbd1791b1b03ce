-- The words duplicate search compares, kept with each message as normalising its text gave them,
-- so the candidates of a new message are scored without normalising their texts again:
-- what it is about, a line break, then the words of the place it names (each list space-separated).
-- Messages stored before get theirs from the server at start, with their keys.
ALTER TABLE messages ADD COLUMN match_words text;
