import {
  cellsAround,
  describeSimilarity,
  duplicateDecision,
  isCandidate,
  matchingKeys,
  prepareForMatching,
  prepareFromWords,
  similarity,
  type DuplicatePolicy,
  type Language,
  type PreparedMessage,
  type SimilarityReason,
} from '@payam/core';
import type { Queryable } from '../db/database.js';
import type { Catalog } from '../config/catalog.js';
import { toIso } from '../engine/context.js';
import { duplicatePolicyOf, readWordsColumn, serviceGroupOf } from './matching.js';

/** A message row as duplicate search reads it. */
export interface MatchRow {
  id: string;
  system: string;
  service_code: string | null;
  description: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  region: string | null;
  registered_at: unknown;
  unit_id: string;
  private: boolean;
  first_message_id: string | null;
  state: string;
  /** The status the public sees (what the citizen writing a draft is offered depends on it). */
  public_status: string;
  /** Its matching words as kept (migration 021); a message not stored yet has none. */
  match_words?: string | null;
}

const MATCH_FIELDS = ['id', 'system', 'service_code', 'description', 'address', 'lat', 'long', 'region', 'registered_at', 'unit_id', 'private', 'first_message_id', 'state', 'public_status', 'match_words'] as const;
/** The columns of a {@link MatchRow}, read from `messages m`. */
const MATCH_COLUMNS = MATCH_FIELDS.map((field) => `m.${field}`).join(', ');
/** The row of a candidate's first message, read with it (`first_id`, `first_system`, …). */
const FIRST_COLUMNS = MATCH_FIELDS.map((field) => `f.${field} AS first_${field}`).join(', ');

/** A candidate of duplicate search, with the row of the first message it is linked to, if any. */
export interface CandidateRow extends MatchRow {
  /** The first message it is linked to (`null` when it is a first message itself, or that one is gone). */
  first: MatchRow | null;
}

/** Splits a row read with {@link FIRST_COLUMNS} into the candidate and its first message. */
function candidateOf(raw: Record<string, unknown>): CandidateRow {
  const row: Record<string, unknown> = {};
  const first: Record<string, unknown> = {};
  for (const field of MATCH_FIELDS) {
    row[field] = raw[field];
    first[field] = raw[`first_${field}`];
  }
  return { ...(row as unknown as MatchRow), first: first.id === null || first.id === undefined ? null : (first as unknown as MatchRow) };
}

/** Candidates of the grid cells scored at most: the likeliest by a first estimate made in the database. */
const CELL_CANDIDATES = 60;
/**
 * Messages of each grid cell and service group read at most on each side in time (before, after),
 * the nearest in time, before the estimate picks the {@link CELL_CANDIDATES}: a cell where one
 * matter was reported thousands of times costs no more to search than a quiet one.
 */
const CELL_READ = 50;
/**
 * Candidates of the region read at most on each side in time (before, after): the nearest in time
 * that share a word, of the message's privacy and service groups (checked in the words' index
 * before a message is read, migration 030).
 */
const REGION_CANDIDATES = 30;

/**
 * The service groups whose messages of a cell are read (`''` for no group): the message's own, no
 * group, and those of its related services; every group when the message has none, as any message
 * may then be its duplicate.
 */
function groupsToRead(catalog: Catalog, group: string | null, related: readonly string[]): string[] {
  const codes = group === null ? [...catalog.services.keys()] : related;
  return [...new Set([group ?? '', '', ...codes.map((code) => serviceGroupOf(catalog, code) ?? '')])];
}

/**
 * The messages that may be duplicates of `message`, found through the indexes of migrations 027 and 030:
 * the same system and privacy, registered within the policy's window of it, and either in its grid
 * cell or the eight around it, or — when either has no location — in its region with a word in
 * common. Service groups are checked here too; everything else is scored in {@link rankSimilar}.
 *
 * The set is bounded, so a matter reported thousands of times costs no more than a rare one: of the
 * cells, the {@link CELL_READ} nearest in time on each side in each cell and group, of which the
 * {@link CELL_CANDIDATES} likeliest by an estimate of the score made in the database (words in
 * common, distance, service, time: what the index scan read anyway, without the text); of the
 * region, the {@link REGION_CANDIDATES} nearest in time before and after it that share a word,
 * read from the region's words (migrations 027 and 030).
 */
export async function candidateRows(db: Queryable, catalog: Catalog, message: MatchRow, policy: DuplicatePolicy): Promise<CandidateRow[]> {
  const at = Date.parse(toIso(message.registered_at));
  const window = policy.windowDays * 86_400_000;
  const params: (string | number | boolean | null)[] = [
    message.system,
    message.private,
    new Date(at - window).toISOString(),
    new Date(at + window).toISOString(),
    message.id,
    new Date(at).toISOString(),
  ];
  const bind = (value: string | number | boolean | null) => {
    params.push(value);
    return `$${params.length}`;
  };
  const keys = matchingKeys(message.address ? `${message.description} ${message.address}` : message.description);
  const located = message.lat !== null && message.long !== null;
  const group = serviceGroupOf(catalog, message.service_code);
  const related = policy.relatedServices.flatMap(([a, b]) => (a === message.service_code ? [b] : b === message.service_code ? [a] : []));
  // The groups to read, bound once where first used (a parameter no branch uses is refused).
  let groupParam: string | undefined;
  const groupArray = () => `ARRAY(SELECT jsonb_array_elements_text(${(groupParam ??= bind(JSON.stringify(groupsToRead(catalog, group, related))))}::jsonb))`;
  // Pairs staff dismissed are left out here (by the message a candidate would be linked to).
  const common = `m.system = $1 AND m.private = $2 AND m.id <> $5 AND coalesce(m.first_message_id, m.id) NOT IN (SELECT other FROM dismissed)${
    group
      ? ` AND (m.match_group IS NULL OR m.match_group = ${bind(group)} OR m.service_code = ANY(ARRAY(SELECT jsonb_array_elements_text(${bind(JSON.stringify(related))}::jsonb))))`
      : ''
  }`;
  // Each branch its own SELECT, so each uses its index (an OR of the two reads the whole table).
  const branches: string[] = [];
  if (located) {
    const lat = Number(message.lat);
    const long = Number(message.long);
    const cells = cellsAround({ lat, long });
    const keyArray = `ARRAY(SELECT jsonb_array_elements_text(${bind(JSON.stringify(keys))}::jsonb))`;
    // About the score core's similarity gives, from the columns alone: words in common (for the
    // text), metres on a flat Tehran (for the place), the service and the days apart.
    const metres = `sqrt(power((m.lat - ${bind(lat)}) * 111320, 2) + power((m.long - ${bind(long)}) * ${bind(111_320 * Math.cos((lat * Math.PI) / 180))}, 2))`;
    const shared = `(SELECT count(*) FROM unnest(m.match_keys) AS k WHERE k = ANY(${keyArray}))`;
    const estimate = `0.45 * 2 * ${shared} / greatest(1, ${bind(keys.length)} + coalesce(cardinality(m.match_keys), 0))
      + 0.3 * greatest(0, 1 - ${metres} / ${bind(policy.radiusMetres)})
      + 0.15 * (CASE WHEN m.service_code = ${bind(message.service_code)} THEN 1 ELSE 0.6 END)
      - 0.1 * abs(extract(epoch FROM m.registered_at - $6::timestamptz)) / ${bind(window / 1000)}`;
    // Each cell read through its index in time order from the message outwards, at most
    // CELL_READ rows a side: the estimate is worked out on those only.
    // Read by privacy, cell and group (migration 030): only what the conditions above may keep is fetched.
    const inCell = `SELECT ${MATCH_COLUMNS}, m.match_keys FROM messages m WHERE ${common} AND m.match_cell = c.cell AND coalesce(m.match_group, '') = g.grp`;
    branches.push(`SELECT ${MATCH_COLUMNS} FROM unnest(ARRAY(SELECT jsonb_array_elements_text(${bind(JSON.stringify(cells))}::jsonb))) AS c(cell)
      CROSS JOIN unnest(${groupArray()}) AS g(grp)
      CROSS JOIN LATERAL (
        (${inCell} AND m.registered_at BETWEEN $3::timestamptz AND $6::timestamptz ORDER BY m.registered_at DESC LIMIT ${CELL_READ})
        UNION ALL
        (${inCell} AND m.registered_at > $6::timestamptz AND m.registered_at <= $4::timestamptz ORDER BY m.registered_at LIMIT ${CELL_READ})
      ) AS m
      ORDER BY ${estimate} DESC, m.id LIMIT ${CELL_CANDIDATES}`);
  }
  if (message.region !== null && keys.length > 0) {
    // Without a location on one side: the same region and a word in common, the nearest in time,
    // read word by word from the terms of migration 027, of the message's privacy and groups (at
    // most REGION_CANDIDATES a word and a side), then the REGION_CANDIDATES nearest of those. A
    // located message looks only at the region's messages without a location.
    const terms = keys.flatMap((key) => (located ? ['u'] : ['u', 'l']).map((kind) => `${kind} ${message.system} ${message.region} ${key}`));
    const termList = bind(JSON.stringify(terms));
    const regionParam = bind(message.region);
    const ofGroups = group === null ? '' : ` AND d.service_group = ANY(${groupArray()})`;
    // Each message read by its id: LIMIT 1 keeps the planner from joining them to a read of the
    // whole table, as it would on a small one.
    const nearest = (time: string, order: 'ASC' | 'DESC') => `SELECT m.* FROM (
        SELECT w.message_id, ${order === 'DESC' ? 'max' : 'min'}(w.registered_at) AS registered_at
        FROM unnest(ARRAY(SELECT jsonb_array_elements_text(${termList}::jsonb))) AS t(term)
        CROSS JOIN LATERAL (SELECT d.message_id, d.registered_at FROM duplicate_words d WHERE d.term = t.term AND ${time.replaceAll('?', 'd.registered_at')}
          AND d.private = $2${ofGroups} ORDER BY d.registered_at ${order} LIMIT ${REGION_CANDIDATES}) AS w
        GROUP BY w.message_id ORDER BY 2 ${order} LIMIT ${REGION_CANDIDATES}
      ) AS near
      CROSS JOIN LATERAL (SELECT ${MATCH_COLUMNS} FROM messages m WHERE m.id = near.message_id AND ${common} AND m.region = ${regionParam} LIMIT 1) AS m
      ORDER BY m.registered_at ${order} LIMIT ${REGION_CANDIDATES}`;
    branches.push(nearest('? BETWEEN $3::timestamptz AND $6::timestamptz', 'DESC'));
    branches.push(nearest('? > $6::timestamptz AND ? <= $4::timestamptz', 'ASC'));
  }
  if (branches.length === 0) return [];
  const dismissed = `WITH dismissed AS (
    SELECT other_id AS other FROM duplicate_dismissals WHERE message_id = $5
    UNION SELECT message_id FROM duplicate_dismissals WHERE other_id = $5)`;
  // Each linked candidate's first message comes with it, read by its id (as above): ranking needs
  // no query of its own.
  const rows = await db.query<Record<string, unknown>>(
    `${dismissed}, found AS (${branches.map((branch) => `(${branch})`).join(' UNION ALL ')})
    SELECT found.*, f.* FROM found
    LEFT JOIN LATERAL (SELECT ${FIRST_COLUMNS} FROM messages f WHERE f.id = found.first_message_id LIMIT 1) AS f ON true`,
    params,
  );
  return rows.map(candidateOf);
}

/**
 * A message row as core's matching takes it, its words read from the row's `match_words` (kept
 * with the message) rather than normalised again. Not cached: a row is prepared in a few
 * microseconds, while a cache of prepared rows kept most of them alive past the next collection,
 * which made every collection of the search's short-lived objects slower (p95 about 1.6× in
 * `bench/duplicates-scale.mjs`).
 */
export function preparedRow(catalog: Catalog, row: MatchRow): PreparedMessage {
  const message = {
    id: row.id,
    system: row.system,
    serviceCode: row.service_code,
    serviceGroup: serviceGroupOf(catalog, row.service_code),
    description: row.description,
    address: row.address,
    location: row.lat !== null && row.long !== null ? { lat: Number(row.lat), long: Number(row.long) } : null,
    region: row.region,
    registeredAt: toIso(row.registered_at),
  };
  // The words kept with the message spare normalising its text again.
  return row.match_words ? prepareFromWords(message, readWordsColumn(row.match_words)) : prepareForMatching(message);
}

/** One message found similar: the first message to link to, how alike, and why. */
export interface SimilarMessage {
  /** The message to link to: the candidate, or the first message it is linked to. */
  id: string;
  /** Its row (for scope checks). */
  row: MatchRow;
  /** 0–1. */
  score: number;
  /** `link` from the policy's `linkAt`, `suggest` from its `suggestAt`. */
  decision: 'link' | 'suggest';
  /** Why. */
  reasons: SimilarityReason[];
}

/**
 * The messages whose duplicate search is still to run (marked `match_pending`), oldest first, at
 * most `limit`: those registered before `before` (left behind), or from `since` on (read back).
 */
export async function pendingMatchRows(db: Queryable, range: { before: string } | { since: string }, limit: number): Promise<MatchRow[]> {
  const [bound, time] = 'before' in range ? ['<', range.before] : ['>=', range.since];
  return db.query<MatchRow>(
    `SELECT ${MATCH_COLUMNS} FROM messages m WHERE m.match_pending AND m.registered_at ${bound} $1::timestamptz ORDER BY m.registered_at LIMIT $2`,
    [time, limit],
  );
}

/** Reads the message rows of `ids`. */
export async function matchRows(db: Queryable, ids: readonly string[]): Promise<Map<string, MatchRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<MatchRow>(
    `SELECT ${MATCH_COLUMNS} FROM messages m WHERE m.id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify([...new Set(ids)])],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The messages like `message`, best first, each as the first message to link to: candidates found
 * by {@link candidateRows}, scored by core's `similarity`, a linked candidate counted for its first
 * message; without the message's own first message and duplicates, closed messages, and pairs
 * staff dismissed.
 */
export async function rankSimilar(db: Queryable, catalog: Catalog, message: MatchRow): Promise<SimilarMessage[]> {
  const policy = duplicatePolicyOf(catalog, message.system);
  if (!policy.enabled) return [];
  const rows = await candidateRows(db, catalog, message, policy);
  if (rows.length === 0) return [];
  const self = preparedRow(catalog, message);
  const best = new Map<string, { row: CandidateRow; score: number; reasons: SimilarityReason[] }>();
  for (const row of rows) {
    const other = preparedRow(catalog, row);
    if (!isCandidate(self, other, policy)) continue;
    const result = similarity(self, other, policy);
    if (!result || duplicateDecision(result.score, policy) === null) continue;
    const target = row.first_message_id ?? row.id;
    const current = best.get(target);
    if (!current || result.score > current.score) best.set(target, { row, score: result.score, reasons: result.reasons });
  }
  // Neither the message itself, its own first message, nor what is linked to it already.
  best.delete(message.id);
  if (message.first_message_id) best.delete(message.first_message_id);
  for (const [target, found] of best) if (found.row.first_message_id === message.id) best.delete(target);
  if (best.size === 0) return [];
  const similar: SimilarMessage[] = [];
  for (const [id, found] of best) {
    const row = found.row.id === id ? found.row : found.row.first;
    // A first message of another privacy (or gone) is no link target; nor is a closed one.
    if (!row || row.private !== message.private || row.system !== message.system || row.state === 'closed') continue;
    similar.push({ id, row, score: found.score, decision: duplicateDecision(found.score, policy) ?? 'suggest', reasons: found.reasons });
  }
  return similar.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** The public shape of a similar message (`GET /staff/v1/messages/{id}/similar`). */
export function similarView(found: SimilarMessage, lang: Language) {
  return { id: found.id, score: found.score, decision: found.decision, reasons: found.reasons, summary: describeSimilarity(found.reasons, lang) };
}
