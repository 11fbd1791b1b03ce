import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import type { Database } from '../src/db/database.js';
import { sha256 } from '../src/config/catalog.js';
import { CREDENTIAL_CACHE_DEFAULTS, createCredentials } from '../src/http/credentials.js';
import { Clock } from './support/harness.js';

/** A member of staff with one token, written as the administration module stores them. */
async function storeToken(db: Database, token: string, name: string, role: string, unitId: string | null): Promise<void> {
  const id = `staff-${sha256(token).slice(0, 12)}`;
  await db.query('INSERT INTO staff_members (id, name, role, unit_id, created_at) VALUES ($1, $2, $3, $4, now())', [id, name, role, unitId]);
  await db.query('INSERT INTO staff_tokens (token_hash, id, member_id, created_at) VALUES ($1, $2, $3, now())', [sha256(token), `tok-${id}`, id]);
}

describe('the staff-token and API-key caches', () => {
  let db: Database;
  const clock = new Clock();
  beforeAll(async () => {
    db = await openDatabase({ dataDir: null, demo: true });
  });
  afterAll(() => db.close());

  it('never remember an unknown token, however many are tried', async () => {
    const { staffTokens, apiKeys } = createCredentials({ db, now: clock.now });
    for (let i = 0; i < 400; i++) {
      const hash = sha256(randomBytes(16).toString('hex'));
      expect(await staffTokens.find(hash)).toBeNull();
      expect(await apiKeys.find(hash)).toBeNull();
    }
    expect(staffTokens.size).toBe(0);
    expect(apiKeys.size).toBe(0);
    expect(await staffTokens.find(sha256('demo-admin'))).toMatchObject({ role: 'admin', unitId: null });
    expect(await apiKeys.find(sha256('demo'))).toEqual({ valid: true });
    expect([staffTokens.size, apiKeys.size]).toEqual([1, 1]);
  });

  it('remember at most `max` valid tokens, the least recently used going first', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `staff-${i}-${randomBytes(8).toString('hex')}`);
    for (const token of many) {
      await storeToken(db, token, 'Staff', 'handler', 'district-6');
    }
    const { staffTokens } = createCredentials({ db, now: clock.now }, { max: 8 });
    for (const token of many) expect(await staffTokens.find(sha256(token))).toMatchObject({ role: 'handler' });
    expect(staffTokens.size).toBe(8);
    expect(staffTokens.remembered(sha256(many[49]!))).toBeDefined();
    expect(staffTokens.remembered(sha256(many[0]!))).toBeUndefined();
    // Forgotten is not refused: the database is asked again.
    expect(await staffTokens.find(sha256(many[0]!))).toMatchObject({ role: 'handler' });
  });

  it('ask the database again after the time to live, so a revoked token stops working within it', async () => {
    const token = `revoked-${randomBytes(8).toString('hex')}`;
    await storeToken(db, token, 'Leaving', 'admin', null);
    const { staffTokens } = createCredentials({ db, now: clock.now });
    expect(await staffTokens.find(sha256(token))).toMatchObject({ role: 'admin' });
    await db.query('DELETE FROM staff_tokens WHERE token_hash = $1', [sha256(token)]);
    clock.advance(CREDENTIAL_CACHE_DEFAULTS.ttlMs - 1000);
    expect(await staffTokens.find(sha256(token))).toMatchObject({ role: 'admin' });
    clock.advance(1001);
    expect(await staffTokens.find(sha256(token))).toBeNull();
    expect(staffTokens.size).toBe(0);
  });
});
