import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCandidate, matchingKeys } from '@payam/core';
import { openDatabase } from '../src/server.js';
import type { Database } from '../src/db/database.js';
import { loadCatalog, type Catalog } from '../src/config/catalog.js';
import { candidateRows, preparedRow, type MatchRow } from '../src/duplicates/candidates.js';
import { duplicatePolicyOf, matchingColumns } from '../src/duplicates/matching.js';
import { BACKENDS, newPostgresDatabase } from './support/harness.js';

const DAY = 86_400_000;
/** Words the generated texts are made of: some shared, some not. */
const WORDS = ['چاله', 'عمیق', 'چراغ', 'خاموش', 'زباله', 'انباشته', 'درخت', 'شکسته', 'آبگرفتگی', 'جوی'];
/** Services of both systems, of several groups (garbage and flooding are related in the demo policy), and none. */
const SERVICES = { '137': ['pothole', 'streetlight', 'garbage', 'flooding', 'trees', null], '1888': ['bribery', null] } as const;

/** A generated message: a place near one point of the city (within a few grid cells) or none, a region or none, a time, words. */
const messageArbitrary = fc.record({
  system: fc.constantFrom('137', '1888'),
  service: fc.nat(5),
  private: fc.boolean(),
  place: fc.option(fc.record({ north: fc.integer({ min: -12, max: 12 }), east: fc.integer({ min: -12, max: 12 }) }), { freq: 3 }),
  region: fc.constantFrom('6', '7', null),
  days: fc.integer({ min: -40, max: 40 }),
  words: fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
});
type Generated = typeof messageArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The generated message as a stored row, at `base` (each run its own time, far from the others'). */
function rowOf(generated: Generated, id: string, base: number): MatchRow {
  const services = SERVICES[generated.system as keyof typeof SERVICES];
  const place = generated.place ? { lat: 35.7 + generated.place.north * 0.001, long: 51.4 + generated.place.east * 0.001 } : null;
  return {
    id,
    system: generated.system,
    service_code: services[generated.service % services.length] ?? null,
    description: generated.words.join(' '),
    address: null,
    lat: place?.lat ?? null,
    long: place?.long ?? null,
    region: generated.region,
    registered_at: new Date(base + generated.days * DAY).toISOString(),
    unit_id: 'call-center-137',
    private: generated.private,
    first_message_id: null,
    state: 'registered',
    public_status: 'received',
  };
}

async function store(db: Database, catalog: Catalog, rows: readonly MatchRow[]): Promise<void> {
  for (const row of rows) {
    const columns = matchingColumns(catalog, {
      serviceCode: row.service_code,
      description: row.description,
      address: row.address,
      location: row.lat !== null && row.long !== null ? { lat: row.lat, long: row.long } : null,
    });
    await db.query(
      `INSERT INTO messages (id, system, service_code, description, lat, long, region, lang, citizen_token_hash, registered_at, updated_at,
         state, public_status, unit_id, snapshot, private, match_cell, match_group, match_keys, match_words)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'fa', $1, $8, $8, 'registered', 'received', 'call-center-137', '{}'::jsonb, $9, $10, $11,
         ARRAY(SELECT jsonb_array_elements_text($12::jsonb)), $13)`,
      [row.id, row.system, row.service_code, row.description, row.lat, row.long, row.region, row.registered_at as string, row.private,
        columns.match_cell, columns.match_group, JSON.stringify(columns.match_keys), columns.match_words],
    );
  }
}

describe.each(BACKENDS)('duplicate candidates read from the database, on %s', (backend) => {
  let db: Database;
  let catalog: Catalog;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: null, databaseUrl: backend === 'postgres' ? await newPostgresDatabase() : undefined, demo: true });
    catalog = await loadCatalog(db);
  });
  afterAll(() => db.close());

  // The indexes are read by cell, privacy, service group and the region's words; whatever they
  // read, core's rule decides. Below the query's bounds (a few dozen messages a cell and a side),
  // the database must find every message the rule accepts: the same system and privacy, within the
  // window, a service that may be the same matter, and in the grid cells around it, or, when either
  // has no location, in its region with a word in common.
  it('finds every stored message core\'s rule makes a candidate, of the same privacy, and no message of another system, privacy or time', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(messageArbitrary, fc.array(messageArbitrary, { minLength: 1, maxLength: 20 }), async (probeAt, storedAt) => {
        run += 1;
        // Each run a thousand days after the one before: earlier runs' messages are outside every window.
        const base = Date.parse('2000-01-01T00:00:00Z') + run * 1000 * DAY;
        const probe = rowOf(probeAt, `p${run}-probe`, base);
        const stored = storedAt.map((generated, i) => rowOf(generated, `p${run}-${i}`, base));
        await store(db, catalog, stored);
        const policy = duplicatePolicyOf(catalog, probe.system);
        const found = await candidateRows(db, catalog, probe, policy);
        const self = preparedRow(catalog, probe);
        const keys = new Set(matchingKeys(probe.description));
        const expected = stored.filter((row) => {
          if (row.private !== probe.private || !isCandidate(self, preparedRow(catalog, row), policy)) return false;
          // Both located: by grid cell. Otherwise by region and a word in common.
          return (row.lat !== null && probe.lat !== null) || matchingKeys(row.description).some((key) => keys.has(key));
        });
        const kept = found.filter((row) => isCandidate(self, preparedRow(catalog, row), policy));
        expect(kept.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
        for (const row of found) {
          expect(row.system).toBe(probe.system);
          expect(row.private).toBe(probe.private);
          expect(Math.abs(new Date(row.registered_at as string | Date).getTime() - Date.parse(probe.registered_at as string))).toBeLessThanOrEqual(policy.windowDays * DAY);
        }
      }),
      { numRuns: 60 },
    );
  });
});
