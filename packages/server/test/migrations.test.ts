import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/index.js';
import { migrationsDir } from '../src/db/migrate.js';
import { openPglite } from '../src/db/pglite.js';
import { fillMatchingKeys } from '../src/duplicates/auto-link.js';
import { cellOf } from '@payam/core';

describe('migrating a database that holds messages already', () => {
  it('numbers each system on from above the shared sequence, and makes confidential messages private', async () => {
    const db = await openPglite(null);
    try {
      // The schema as it was before: the migrations up to 007, applied by hand.
      const before = readdirSync(migrationsDir())
        .filter((name) => name.endsWith('.sql') && name < '008')
        .sort();
      await db.exec(
        before.map((name) => readFileSync(join(migrationsDir(), name), 'utf8')).join('\n'),
      );
      await db.query(
        'CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const name of before)
        await db.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      await db.query(`INSERT INTO systems (id, config) VALUES
        ('137', '{"id":"137","name":{"fa":"۱۳۷"},"intakeUnitId":"call-center-137"}'),
        ('1888', '{"id":"1888","name":{"fa":"۱۸۸۸"},"intakeUnitId":"inspection-intake"}')`);
      await db.query(
        `INSERT INTO services (code, system, config) VALUES ('bribery', '1888', '{"visibility":"private"}')`,
      );
      await db.query("SELECT setval('message_seq', 1041)");
      const insert = (id: string, system: string, service: string | null, first: string | null) =>
        db.query(
          `INSERT INTO messages (id, system, service_code, description, lang, citizen_token_hash, registered_at, updated_at, state, public_status, unit_id, first_message_id, snapshot)
           VALUES ($1, $2, $3, 'x', 'fa', $1, now(), now(), 'registered', 'received', 'u', $4, '{}')`,
          [id, system, service, first],
        );
      await insert('1888-1040', '1888', null, null);
      await insert('1888-1041', '1888', 'bribery', null);
      await insert('137-1039', '137', 'pothole', '1888-1040');
      await insert('137-1038', '137', 'pothole', null);
      await db.query(`INSERT INTO services (code, system, config) VALUES ('pothole', '137', '{"group":{"fa":"معابر","en":"Roads"}}')`);
      await db.query(`UPDATE messages SET lat = 35.7251, long = 51.4021, region = '6', description = 'چاله‌های بزرگ در خیابان ولیعصر' WHERE id = '137-1038'`);
      await db.query("INSERT INTO staff_tokens (token_hash, name, role, unit_id) VALUES ('h-handler', 'A handler', 'handler', 'district-6')");
      await db.query("INSERT INTO api_keys (key_hash, name) VALUES ('h-app', 'An app')");

      expect(await migrate(db)).toEqual([
        '008_message_numbers_per_system.sql',
        '009_confidential_messages.sql',
        '010_rate_limits.sql',
        '011_configuration_version.sql',
        '012_outbox_outcomes_and_dead_letters.sql',
        '013_form_versions_and_audit.sql',
        '014_staff_members_and_credential_ids.sql',
        '015_push_subscriptions.sql',
        '016_photos.sql',
        '017_app_webhooks.sql',
        '018_near_deadline_notify.sql',
        '020_duplicate_candidates.sql',
        '021_duplicate_words.sql',
        '022_duplicate_search_pending.sql',
        '023_statistics_rollups.sql',
        '024_statistics_months_and_feedback_entries.sql',
        '026_staff_in_several_units.sql',
        '027_duplicate_region_words.sql',
        '028_statistics_matters.sql',
        '029_one_trigger_per_write.sql',
        '030_duplicate_search_by_privacy_and_group.sql',
      ]);
      // Duplicate search finds the messages stored before: their cell and group from SQL, their words at start.
      expect(await fillMatchingKeys(db)).toBe(4);
      const [located] = await db.query<{ match_cell: string; match_group: string; match_keys: string[]; match_words: string }>(
        "SELECT match_cell, match_group, match_keys, match_words FROM messages WHERE id = '137-1038'",
      );
      expect(located).toEqual({
        match_cell: cellOf({ lat: 35.7251, long: 51.4021 }),
        match_group: 'Roads',
        match_keys: ['بزرگ', 'چاله'],
        match_words: 'چاله بزرگ\nخیابان ولیعصر',
      });
      // Its words by region (migration 027), written by the trigger when its keys were filled in.
      const terms = await db.query<{ term: string }>("SELECT term FROM duplicate_words WHERE message_id = '137-1038' ORDER BY term");
      expect(terms.map((t) => t.term)).toEqual(['l 137 6 بزرگ', 'l 137 6 چاله']);
      expect(await fillMatchingKeys(db)).toBe(0);
      const counters = await db.query<{ system: string; next_number: number }>(
        'SELECT system, next_number::int AS next_number FROM message_counters ORDER BY system',
      );
      expect(counters).toEqual([
        { system: '137', next_number: 1042 },
        { system: '1888', next_number: 1042 },
      ]);
      const rows = await db.query<{ id: string; private: boolean }>(
        'SELECT id, private FROM messages ORDER BY id',
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.private]))).toEqual({
        '137-1038': false,
        // Joined to a complaint, it carried the complaint's answer: private from now on.
        '137-1039': true,
        '1888-1040': true,
        '1888-1041': true,
      });
      const [system] = await db.query<{ confidential: boolean }>(
        "SELECT (config ->> 'confidential')::boolean AS confidential FROM systems WHERE id = '1888'",
      );
      expect(system?.confidential).toBe(true);
      // Messages of a service were written on its first form; existing forms are version 1.
      const versions = await db.query<{ id: string; form_version: number | null }>('SELECT id, form_version FROM messages ORDER BY id');
      expect(Object.fromEntries(versions.map((r) => [r.id, r.form_version]))).toEqual({ '137-1038': 1, '137-1039': 1, '1888-1040': null, '1888-1041': 1 });
      expect(await db.query('SELECT service_code, version FROM service_forms ORDER BY service_code')).toEqual([
        { service_code: 'bribery', version: 1 },
        { service_code: 'pothole', version: 1 },
      ]);
      // Each token became a member of staff with that token, their unit the one of their list; each
      // key got an id, and both still work.
      const [member] = await db.query<{ name: string; role: string; unit_ids: string[] }>(
        "SELECT m.name, m.role, m.unit_ids FROM staff_tokens t JOIN staff_members m ON m.id = t.member_id WHERE t.token_hash = 'h-handler' AND t.revoked_at IS NULL",
      );
      expect(member).toEqual({ name: 'A handler', role: 'handler', unit_ids: ['district-6'] });
      const keys = await db.query<{ id: string }>("SELECT id FROM api_keys WHERE key_hash = 'h-app' AND revoked_at IS NULL");
      expect(keys[0]?.id).toMatch(/^key-/);
    } finally {
      await db.close();
    }
    // Starting PGlite is most of the time; a loaded machine may take long.
  }, 120_000);
});
