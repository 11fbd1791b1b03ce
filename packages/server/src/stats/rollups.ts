/**
 * The statistics' daily counts (migration 023): messages by day of registration, and answered
 * messages with what followed their first answer by day of that answer. Writes append signed
 * changes through triggers; this module folds them into the daily tables before a read, and
 * rebuilds the tables from the messages when the calendar's time zone is not the one they were
 * counted in. A read answers from the daily tables only for whole local days (every period bound
 * is a local midnight); any other range is counted from the messages themselves.
 */
import { periodStart } from '@payam/core';
import type { Database, Queryable } from '../db/database.js';

// One advisory lock serialises folding and rebuilding (the key is arbitrary but fixed).
const ROLLUP_LOCK = 1371889;

const FOLD_MESSAGE_COUNTS = `
WITH moved AS (DELETE FROM message_count_changes RETURNING *)
INSERT INTO message_counts AS d (day, system, service_code, region, public_status, private, count)
SELECT day, system, service_code, region, public_status, private, sum(change) FROM moved GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (day, system, service_code, region, public_status, private) DO UPDATE SET count = d.count + excluded.count`;

const FEEDBACK_MEASURES = ['answered', 'feedback', 'yes', 'partly', 'no', 'rating_sum', 'rating_count', 'closed_without_feedback', 'reopened'] as const;

const FOLD_FEEDBACK_COUNTS = `
WITH moved AS (DELETE FROM feedback_count_changes RETURNING *)
INSERT INTO feedback_counts AS d (day, system, unit_id, service_code, region, ${FEEDBACK_MEASURES.join(', ')})
SELECT day, system, unit_id, service_code, region, ${FEEDBACK_MEASURES.map((m) => `sum(${m})`).join(', ')}
FROM moved GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (day, system, unit_id, service_code, region) DO UPDATE SET ${FEEDBACK_MEASURES.map((m) => `${m} = d.${m} + excluded.${m}`).join(', ')}`;

/** The statements that count everything again in `$1` (a time zone), in order. */
const REBUILD = [
  'DELETE FROM message_count_changes',
  'DELETE FROM message_counts',
  'DELETE FROM feedback_count_changes',
  'DELETE FROM feedback_counts',
  'DELETE FROM message_feedback_summaries',
  'UPDATE statistics_calendar SET time_zone = $1',
  `INSERT INTO message_counts (day, system, service_code, region, public_status, private, count)
   SELECT (registered_at AT TIME ZONE $1::text)::date, system, service_code, region, public_status, private, count(*)
   FROM messages GROUP BY 1, 2, 3, 4, 5, 6`,
  `INSERT INTO message_feedback_summaries
   SELECT m.id, s.answered_at, (s.answered_at AT TIME ZONE $1::text)::date, m.system, m.unit_id, m.service_code, m.region,
     s.feedbacks > 0, s.resolved, s.rating, s.closed AND s.feedbacks < s.answers, s.reopens > 0
   FROM (
     SELECT t.message_id,
       min(t.at) FILTER (WHERE t.type IN ('answered', 'rejected')) AS answered_at,
       count(*) FILTER (WHERE t.type IN ('answered', 'rejected')) AS answers,
       count(*) FILTER (WHERE t.type = 'feedback') AS feedbacks,
       (array_agg(t.data->>'resolved' ORDER BY t.at DESC, t.id DESC) FILTER (WHERE t.type = 'feedback'))[1] AS resolved,
       avg((t.data->>'rating')::numeric) FILTER (WHERE t.type = 'feedback') AS rating,
       coalesce(bool_or(t.type = 'closed'), false) AS closed,
       count(*) FILTER (WHERE t.type = 'reopened') AS reopens
     FROM timeline t WHERE t.type IN ('answered', 'rejected', 'feedback', 'closed', 'reopened')
     GROUP BY t.message_id
   ) AS s JOIN messages m ON m.id = s.message_id
   WHERE s.answers > 0`,
  `INSERT INTO feedback_counts (day, system, unit_id, service_code, region, ${FEEDBACK_MEASURES.join(', ')})
   SELECT day, system, unit_id, service_code, region, count(*), count(*) FILTER (WHERE feedback),
     count(*) FILTER (WHERE resolved = 'yes'), count(*) FILTER (WHERE resolved = 'partly'), count(*) FILTER (WHERE resolved = 'no'),
     coalesce(sum(rating), 0), count(rating), count(*) FILTER (WHERE closed_without_feedback), count(*) FILTER (WHERE reopened)
   FROM message_feedback_summaries GROUP BY 1, 2, 3, 4, 5`,
  'ANALYZE message_counts',
  'ANALYZE feedback_counts',
];

/**
 * Counts every message again into the daily tables, in `timeZone`'s days. Writers wait meanwhile:
 * the calendar row is locked first, and every write's trigger reads it.
 */
export async function rebuildStatistics(db: Database, timeZone: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    await tx.query('LOCK TABLE statistics_calendar IN ACCESS EXCLUSIVE MODE');
    for (const statement of REBUILD) {
      if (statement.startsWith('ANALYZE')) continue;
      await tx.query(statement, statement.includes('$1') ? [timeZone] : []);
    }
  });
  for (const statement of REBUILD.filter((s) => s.startsWith('ANALYZE'))) await db.query(statement);
}

/** The time zone the daily tables count in ('' before their first build). */
async function countedTimeZone(db: Queryable): Promise<string> {
  const [row] = await db.query<{ time_zone: string }>('SELECT time_zone FROM statistics_calendar');
  return row?.time_zone ?? '';
}

/** Builds the daily tables when they are not counted in `timeZone` (first start, or a changed calendar). */
export async function prepareStatistics(db: Database, timeZone: string): Promise<void> {
  if ((await countedTimeZone(db)) !== timeZone) await rebuildStatistics(db, timeZone);
}

/**
 * Folds the pending changes into the daily tables, rebuilding them first if they are counted in
 * another time zone. Reads that follow see the daily tables plus what was written since.
 */
export async function foldStatistics(db: Database, timeZone: string): Promise<void> {
  await prepareStatistics(db, timeZone);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    await tx.query(FOLD_MESSAGE_COUNTS);
    await tx.query(FOLD_FEEDBACK_COUNTS);
  });
}

/** Whether `from` and `to` are local midnights in `timeZone`, so the daily tables answer exactly. */
export function wholeDays(from: Date, to: Date, timeZone: string): boolean {
  return [from, to].every((d) => periodStart(d, 'day', timeZone).getTime() === d.getTime());
}

/** The daily message counts with the changes not folded yet, as one relation (same columns, `count`). */
export const MESSAGE_COUNTS_SQL = `(SELECT day, system, service_code, region, public_status, private, count FROM message_counts
  UNION ALL SELECT day, system, service_code, region, public_status, private, change FROM message_count_changes)`;

/** The daily feedback counts with the changes not folded yet, as one relation. */
export const FEEDBACK_COUNTS_SQL = `(SELECT day, system, unit_id, service_code, region, ${FEEDBACK_MEASURES.join(', ')} FROM feedback_counts
  UNION ALL SELECT day, system, unit_id, service_code, region, ${FEEDBACK_MEASURES.join(', ')} FROM feedback_count_changes)`;

/** SQL for the local dates of a JSON array of instants bound at `param`, in the zone bound at `zoneParam`. */
export function localDatesSql(param: string, zoneParam: string): string {
  return `ARRAY(SELECT (jsonb_array_elements_text(${param}::jsonb)::timestamptz AT TIME ZONE ${zoneParam}::text)::date)`;
}
