-- A city's first configuration for Payam, loaded once into a fresh database after the server has
-- created its tables (start it once with PAYAM_DEMO=0: it applies the migrations at start):
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -v api_key="$API_KEY" -v admin_token="$ADMIN_TOKEN" -f docs/production/city.sql
--
-- It is an example to edit: one system (the 137 request line), a municipality with a call centre
-- and one district, one service, the policies (working week, escalation, feedback window,
-- routing), one API key for the city's own apps and one administrator's token. Keys and tokens
-- are stored only as SHA-256 hashes: keep the values you pass in a password manager.
-- Every running server process picks the new configuration up within a second (the last statement).
BEGIN;

INSERT INTO systems (id, config) VALUES ('137', '{
  "id": "137",
  "name": { "fa": "سامانه ۱۳۷", "en": "137 request line" },
  "serviceRequired": false,
  "intakeUnitId": "call-center",
  "confidential": false
}');

INSERT INTO org_units (id, position, config) VALUES
  ('municipality', 0, '{ "id": "municipality", "name": { "fa": "شهرداری", "en": "Municipality" }, "parentId": null }'),
  ('call-center', 1, '{ "id": "call-center", "name": { "fa": "مرکز ۱۳۷", "en": "137 call centre" }, "parentId": "municipality" }'),
  ('district-1', 2, '{ "id": "district-1", "name": { "fa": "منطقه ۱", "en": "District 1" }, "parentId": "municipality", "region": "1" }');

INSERT INTO services (code, system, position, config) VALUES ('pothole', '137', 0, '{
  "system": "137",
  "code": "pothole",
  "name": { "fa": "چاله در معبر", "en": "Pothole" },
  "description": { "fa": "چاله یا نشست در سواره‌رو یا پیاده‌رو.", "en": "A hole or a sunken patch in a road or pavement." },
  "keywords": ["چاله", "pothole"],
  "type": "realtime",
  "attributes": [],
  "requires": { "region": false, "address": false },
  "visibility": "public",
  "suggestionsAllowed": false
}');

INSERT INTO settings (key, value) VALUES
  ('calendar', '{ "timeZone": "Asia/Tehran", "holidays": [], "week": [
    { "day": 6, "start": "08:00", "end": "16:00" }, { "day": 0, "start": "08:00", "end": "16:00" },
    { "day": 1, "start": "08:00", "end": "16:00" }, { "day": 2, "start": "08:00", "end": "16:00" },
    { "day": 3, "start": "08:00", "end": "16:00" }, { "day": 4, "start": "08:00", "end": "12:00" } ] }'),
  ('escalation', '{ "default": { "match": {}, "supervisorUnitId": "municipality", "notifyCitizen": false, "stages": {
    "triage": { "businessHours": 8, "escalateTo": "parent" },
    "referral": { "businessHours": 16, "escalateTo": "parent" },
    "response": { "businessHours": 72, "escalateTo": "parent" } } }, "rules": [] }'),
  ('feedback', '{ "window": { "months": 1, "days": 0 }, "reopenOnUnresolved": true, "maxReopens": 2 }'),
  ('feedbackBySystem', '{}'),
  ('routing', '[ { "match": { "system": "137" }, "unitId": "district-{region}" } ]'),
  ('regions', 'null');

INSERT INTO api_keys (key_hash, name) VALUES (encode(sha256(convert_to(:'api_key', 'UTF8')), 'hex'), 'City apps');
INSERT INTO staff_members (id, name, role, unit_id, created_at) VALUES ('staff-administrator', 'Administrator', 'admin', NULL, now());
INSERT INTO staff_tokens (id, token_hash, member_id, created_at) VALUES ('tok-administrator', encode(sha256(convert_to(:'admin_token', 'UTF8')), 'hex'), 'staff-administrator', now());

UPDATE configuration_version SET version = version + 1 WHERE id = 1;
COMMIT;
