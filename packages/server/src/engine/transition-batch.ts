import type { Queryable } from '../db/database.js';
import { statusChangesSql } from '../webhooks/app-webhooks.js';
import { writeTransition, type TransitionWrite } from './transitions.js';

// Every row comes from one JSON parameter per table; a message's timeline, deadline and outbox
// rows are written only if its update found it (joined to `m`), as for a single transition.
// The messages' snapshots stay the text Node wrote (`json_to_recordset` keeps a json value's text).
const WRITE_TRANSITIONS = `
WITH w AS (
  SELECT * FROM json_to_recordset($1::json) AS w(id text, snapshot json, public_status text, at timestamptz, state text,
    unit_id text, first_message_id text, service_code text, suggestion_published_at timestamptz, suggestion_url text, private boolean,
    status_changed boolean, changed_at text,
    match_group text)
), m AS (
  UPDATE messages SET snapshot = w.snapshot, state = w.state, public_status = w.public_status, unit_id = w.unit_id,
    first_message_id = w.first_message_id, updated_at = w.at, service_code = COALESCE(w.service_code, messages.service_code),
    suggestion_published_at = w.suggestion_published_at, suggestion_url = w.suggestion_url, private = messages.private OR w.private,
    match_group = CASE WHEN w.service_code IS NULL THEN messages.match_group ELSE w.match_group END
  FROM w WHERE messages.id = w.id RETURNING messages.id
), x AS (
  DELETE FROM deadlines WHERE id IN (SELECT jsonb_array_elements_text($2::jsonb))
), t AS (
  INSERT INTO timeline (message_id, type, at, actor_role, visibility, text, data)
  SELECT r.message_id, r.type, r.at, r.actor_role, r.visibility, r.text, r.data
  FROM jsonb_to_recordset($3::jsonb) AS r(n int, message_id text, type text, at timestamptz, actor_role text, visibility text, text text, data jsonb)
  JOIN m ON m.id = r.message_id ORDER BY r.n
), d AS (
  INSERT INTO deadlines (id, message_id, stage, due_at)
  SELECT r.id, r.message_id, r.stage, r.due_at
  FROM jsonb_to_recordset($4::jsonb) AS r(id text, message_id text, stage text, due_at timestamptz)
  JOIN m ON m.id = r.message_id
  ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at
), o AS (
  INSERT INTO outbox (kind, message_id, idempotency_key, payload, next_attempt_at)
  SELECT r.kind, r.message_id, r.idempotency_key, r.payload, r.at
  FROM jsonb_to_recordset($5::jsonb) AS r(n int, kind text, message_id text, idempotency_key text, payload jsonb, at timestamptz)
  JOIN m ON m.id = r.message_id ORDER BY r.n
  ON CONFLICT (idempotency_key) DO NOTHING
), h AS (
  ${statusChangesSql('(SELECT w.id AS message_id, w.public_status AS status, w.changed_at AS at FROM w JOIN m ON m.id = w.id WHERE w.status_changed) c')}
)
SELECT count(*)::int AS n FROM m`;

/**
 * Gathers the transitions of one transaction and writes them in one statement, instead of one
 * statement each: what makes feeding thousands of due deadlines back affordable. A second
 * transition of a message already gathered first writes what is gathered, so the rows of one
 * statement never touch a message twice. Call {@link flush} before the transaction commits.
 */
export class TransitionBatch {
  private writes: TransitionWrite[] = [];
  private readonly messages = new Set<string>();

  constructor(private readonly tx: Queryable) {}

  /** Gathers one transition (the `write` argument of `applyEventToLocked`). */
  readonly write = async (transition: TransitionWrite): Promise<void> => {
    if (this.messages.has(transition.id)) await this.flush();
    this.writes.push(transition);
    this.messages.add(transition.id);
  };

  /** How many transitions are gathered and not written yet. */
  get size(): number {
    return this.writes.length;
  }

  /** Writes what is gathered. */
  async flush(): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    this.messages.clear();
    if (writes.length === 0) return;
    if (writes.length === 1) return writeTransition(this.tx, writes[0]!);
    const messages = writes.map((w) => ({
      id: w.id,
      public_status: w.publicStatus,
      at: w.at,
      state: w.state,
      unit_id: w.unitId,
      first_message_id: w.firstMessageId,
      service_code: w.serviceCode,
      suggestion_published_at: w.suggestionPublishedAt,
      suggestion_url: w.suggestionUrl,
      private: w.private,
      status_changed: w.statusChanged,
      changed_at: w.at,
      match_group: w.matchGroup,
    }));
    let n = 0;
    const timeline = writes.flatMap((w) => w.rows.timeline.map((row) => ({ n: n++, message_id: w.id, ...row })));
    const deadlines = writes.flatMap((w) => w.rows.deadlines.map((row) => ({ message_id: w.id, ...row })));
    const outbox = writes.flatMap((w) => w.rows.outbox.map((row) => ({ n: n++, message_id: w.id, at: w.at, ...row })));
    const [written] = await this.tx.query<{ n: number }>(WRITE_TRANSITIONS, [
      withSnapshots(writes, messages),
      JSON.stringify(writes.flatMap((w) => w.rows.cancelled)),
      JSON.stringify(timeline),
      JSON.stringify(deadlines),
      JSON.stringify(outbox),
    ]);
    if (written?.n !== writes.length) throw new Error(`Wrote ${written?.n ?? 0} of ${writes.length} transitions.`);
  }
}

/** The messages' rows as one JSON array, each with its snapshot as the very text Node wrote. */
function withSnapshots(writes: readonly TransitionWrite[], rows: readonly Record<string, unknown>[]): string {
  return `[${rows.map((row, i) => `{"snapshot":${writes[i]!.snapshot},${JSON.stringify(row).slice(1)}`).join(',')}]`;
}
