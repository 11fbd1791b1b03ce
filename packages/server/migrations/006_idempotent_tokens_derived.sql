-- A citizen token of a message registered with an Idempotency-Key is now worked out again on a
-- retry (an HMAC of the server's secret), so new idempotency records hold no sealed copy; older
-- records keep theirs and are still opened with it.
ALTER TABLE idempotency_keys ALTER COLUMN sealed_token DROP NOT NULL;
