import {
  cellsAround,
  describeSimilarity,
  duplicateDecision,
  isCandidate,
  matchingKeys,
  prepareForMatching,
  similarity,
  type DuplicatePolicy,
  type Language,
  type PreparedMessage,
  type SimilarityReason,
} from '@payam/core';
import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/database.js';
import type { Catalog } from '../config/catalog.js';
import { toIso } from '../engine/context.js';
import { duplicatePolicyOf, serviceGroupOf } from './matching.js';

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
}

const MATCH_COLUMNS = 'm.id, m.system, m.service_code, m.description, m.address, m.lat, m.long, m.region, m.registered_at, m.unit_id, m.private, m.first_message_id, m.state';

/** The candidates a search stops reading at: a matter reported more often than this is found among the first anyway. */
const MAX_CANDIDATES = 400;

/**
 * The messages that may be duplicates of `message`, found through the indexes of migration 020:
 * the same system and privacy, registered within the policy's window of it, and either in its grid
 * cell or the eight around it, or — when either has no location — in its region with a word in
 * common. Service groups are checked here too; everything else is scored in {@link rankSimilar}.
 */
export async function candidateRows(db: Queryable, catalog: Catalog, message: MatchRow, policy: DuplicatePolicy): Promise<MatchRow[]> {
  const at = Date.parse(toIso(message.registered_at));
  const window = policy.windowDays * 86_400_000;
  const params: (string | boolean | null)[] = [
    message.system,
    message.private,
    new Date(at - window).toISOString(),
    new Date(at + window).toISOString(),
    message.id,
  ];
  const bind = (value: string | boolean | null) => {
    params.push(value);
    return `$${params.length}`;
  };
  const keys = matchingKeys(message.address ? `${message.description} ${message.address}` : message.description);
  const located = message.lat !== null && message.long !== null;
  const group = serviceGroupOf(catalog, message.service_code);
  const related = policy.relatedServices.flatMap(([a, b]) => (a === message.service_code ? [b] : b === message.service_code ? [a] : []));
  const common = `m.system = $1 AND m.private = $2 AND m.registered_at BETWEEN $3::timestamptz AND $4::timestamptz AND m.id <> $5${
    group
      ? ` AND (m.match_group IS NULL OR m.match_group = ${bind(group)} OR m.service_code = ANY(ARRAY(SELECT jsonb_array_elements_text(${bind(JSON.stringify(related))}::jsonb))))`
      : ''
  }`;
  // Each branch its own SELECT, so each uses its index (an OR of the two reads the whole table).
  const branches: string[] = [];
  if (located) {
    const cells = cellsAround({ lat: Number(message.lat), long: Number(message.long) });
    branches.push(`SELECT ${MATCH_COLUMNS} FROM messages m WHERE ${common}
      AND m.match_cell = ANY(ARRAY(SELECT jsonb_array_elements_text(${bind(JSON.stringify(cells))}::jsonb)))`);
  }
  if (message.region !== null && keys.length > 0) {
    // Without a location on one side: the same region and a word in common.
    branches.push(`SELECT ${MATCH_COLUMNS} FROM messages m WHERE ${common}
      AND m.region = ${bind(message.region)}${located ? ' AND m.match_cell IS NULL' : ''}
      AND m.match_keys && ARRAY(SELECT jsonb_array_elements_text(${bind(JSON.stringify(keys))}::jsonb))`);
  }
  if (branches.length === 0) return [];
  return db.query<MatchRow>(`${branches.map((branch) => `(${branch} LIMIT ${MAX_CANDIDATES})`).join(' UNION ALL ')}`, params);
}

/**
 * Prepared messages by what matching reads of them: normalising a text costs more than comparing two, and the same candidates come
 * back for every message registered near them.
 */
const prepared = new LRUCache<string, PreparedMessage>({ max: 50_000 });

/** A message row as core's matching takes it. */
export function preparedRow(catalog: Catalog, row: MatchRow): PreparedMessage {
  // Keyed by everything matching reads, so two databases in one process never share an entry.
  const key = [row.id, row.system, row.service_code, row.region, row.lat, row.long, toIso(row.registered_at), row.address, row.description].join('\n');
  const known = prepared.get(key);
  if (known) return known;
  const message = prepareRow(catalog, row);
  prepared.set(key, message);
  return message;
}

function prepareRow(catalog: Catalog, row: MatchRow): PreparedMessage {
  return prepareForMatching({
    id: row.id,
    system: row.system,
    serviceCode: row.service_code,
    serviceGroup: serviceGroupOf(catalog, row.service_code),
    description: row.description,
    address: row.address,
    location: row.lat !== null && row.long !== null ? { lat: Number(row.lat), long: Number(row.long) } : null,
    region: row.region,
    registeredAt: toIso(row.registered_at),
  });
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
  const best = new Map<string, { row: MatchRow; score: number; reasons: SimilarityReason[] }>();
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
  const dismissed = await db.query<{ other: string }>(
    `SELECT other_id AS other FROM duplicate_dismissals WHERE message_id = $1
     UNION SELECT message_id FROM duplicate_dismissals WHERE other_id = $1`,
    [message.id],
  );
  for (const { other } of dismissed) best.delete(other);
  const firsts = await matchRows(db, [...best.keys()].filter((id) => best.get(id)?.row.id !== id));
  const similar: SimilarMessage[] = [];
  for (const [id, found] of best) {
    const row = found.row.id === id ? found.row : firsts.get(id);
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
