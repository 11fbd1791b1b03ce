-- The 1888 inspection line is confidential: every message of it is private, whatever its service.
UPDATE systems SET config = jsonb_set(config, '{confidential}', 'true') WHERE id = '1888' AND NOT (config ? 'confidential');
-- Messages stored before: private when their system is confidential or their service private.
UPDATE messages SET private = true
WHERE NOT private AND (
  system IN (SELECT id FROM systems WHERE (config ->> 'confidential')::boolean)
  OR service_code IN (SELECT code FROM services WHERE config ->> 'visibility' = 'private'));
-- A message joined to a private first message received its answer: it becomes private too.
UPDATE messages SET private = true
WHERE NOT private AND first_message_id IN (SELECT id FROM messages WHERE private);
