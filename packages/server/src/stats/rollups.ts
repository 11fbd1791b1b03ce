/**
 * The statistics' daily counts (migrations 023, 024, 028): messages by day of registration (and
 * whether each is a matter, a first message), and answered
 * messages with what followed their first answer by day of that answer. Writes append signed
 * changes through triggers; this module folds them into the daily tables before a read, and
 * rebuilds the tables from the messages when the calendar's time zone is not the one they were
 * counted in. A read answers from the daily tables only for whole local days (every period bound
 * is a local midnight); any other range is counted from the messages themselves.
 */
import { periodStart, periodsBetween, type PeriodUnit } from '@payam/core';
import type { Database, Queryable } from '../db/database.js';

// One advisory lock serialises folding and rebuilding (the key is arbitrary but fixed).
const ROLLUP_LOCK = 1371889;

// `matter`: the message is a first message, not linked to another (migration 028).
const MESSAGE_KEYS = ['system', 'service_code', 'region', 'public_status', 'private', 'matter'] as const;
const FEEDBACK_KEYS = ['system', 'unit_id', 'service_code', 'region'] as const;
const FEEDBACK_MEASURES = ['answered', 'feedback', 'yes', 'partly', 'no', 'rating_sum', 'rating_count', 'closed_without_feedback', 'reopened'] as const;
const ENTRY_MEASURES = ['entries', 'rating_sum', 'yes', 'partly', 'no'] as const;

const list = (names: readonly string[], f: (name: string) => string = (n) => n) => names.map(f).join(', ');
const upsert = (table: string, keyColumn: string, keys: readonly string[], measures: readonly string[]) =>
  `INSERT INTO ${table} AS d (${keyColumn}, ${list(keys)}, ${list(measures)})`;
const onConflict = (keyColumn: string, keys: readonly string[], measures: readonly string[]) =>
  `ON CONFLICT (${keyColumn}, ${list(keys)}) DO UPDATE SET ${list(measures, (m) => `${m} = d.${m} + excluded.${m}`)}`;
const groupBy = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');

/**
 * The CTEs that move the pending changes of one kind (`name`) into its daily and monthly tables,
 * when `held` (a scalar subquery) is true.
 */
function foldCtes(name: string, held: string, changes: string, daily: string, monthly: string, keys: readonly string[], measures: readonly string[], changeColumns: readonly string[]): string {
  const sums = list(changeColumns, (m) => `sum(${m})`);
  return `${name}_moved AS (DELETE FROM ${changes} WHERE ${held} RETURNING *),
  ${name}_daily AS (
    ${upsert(daily, 'day', keys, measures)} SELECT day, ${list(keys)}, ${sums} FROM ${name}_moved GROUP BY ${groupBy(keys.length + 1)}
    ${onConflict('day', keys, measures)}
  )${
    monthly
      ? `,
  ${name}_monthly AS (
    ${upsert(monthly, 'month', keys, measures)} SELECT statistics_month(day), ${list(keys)}, ${sums} FROM ${name}_moved GROUP BY ${groupBy(keys.length + 1)}
    ${onConflict('month', keys, measures)}
  )`
      : ''
  }`;
}

const PENDING = ['message_count_changes', 'feedback_count_changes', 'feedback_entry_changes'].map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ');

/**
 * One statement, one round trip: the time zone the daily tables count in, and, when it is `$1`
 * and changes are pending, those changes folded into the daily and monthly tables. Folding takes
 * the rollup lock only if it is free: a read meanwhile needs no fold (it adds the pending changes
 * itself), so readers never queue behind one another, and the lock keeps two folds (or a fold and
 * a rebuild) from crossing. The CTEs run in one snapshot, each change row moved once.
 */
const FOLD = `WITH calendar AS (SELECT time_zone FROM statistics_calendar),
  fold AS (SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS held FROM calendar WHERE time_zone = $1 AND (${PENDING})),
  ${foldCtes('messages', '(SELECT held FROM fold)', 'message_count_changes', 'message_counts', 'message_counts_monthly', MESSAGE_KEYS, ['count'], ['change'])},
  ${foldCtes('feedback', '(SELECT held FROM fold)', 'feedback_count_changes', 'feedback_counts', 'feedback_counts_monthly', FEEDBACK_KEYS, FEEDBACK_MEASURES, FEEDBACK_MEASURES)},
  ${foldCtes('entries', '(SELECT held FROM fold)', 'feedback_entry_changes', 'feedback_entry_counts', '', ['system', 'unit_id'], ENTRY_MEASURES, ENTRY_MEASURES)}
SELECT time_zone FROM calendar`;

/** The statements that count everything again in `$1` (a time zone), in order. */
const REBUILD = [
  'DELETE FROM statistics_month_starts',
  `INSERT INTO statistics_month_starts SELECT DISTINCT (jsonb_array_elements_text($2::jsonb)::timestamptz AT TIME ZONE $1::text)::date`,
  'DELETE FROM message_counts_monthly',
  'DELETE FROM feedback_counts_monthly',
  'DELETE FROM feedback_entry_changes',
  'DELETE FROM feedback_entry_counts',
  'DELETE FROM message_count_changes',
  'DELETE FROM message_counts',
  'DELETE FROM feedback_count_changes',
  'DELETE FROM feedback_counts',
  'DELETE FROM message_feedback_summaries',
  'UPDATE statistics_calendar SET time_zone = $1',
  `INSERT INTO message_counts (day, system, service_code, region, public_status, private, matter, count)
   SELECT (registered_at AT TIME ZONE $1::text)::date, system, service_code, region, public_status, private, first_message_id IS NULL, count(*)
   FROM messages GROUP BY 1, 2, 3, 4, 5, 6, 7`,
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
  `INSERT INTO message_counts_monthly SELECT statistics_month(day), ${list(MESSAGE_KEYS)}, sum(count) FROM message_counts GROUP BY ${groupBy(MESSAGE_KEYS.length + 1)}`,
  `INSERT INTO feedback_counts_monthly SELECT statistics_month(day), ${list(FEEDBACK_KEYS)}, ${list(FEEDBACK_MEASURES, (m) => `sum(${m})`)}
   FROM feedback_counts GROUP BY ${groupBy(FEEDBACK_KEYS.length + 1)}`,
  `INSERT INTO feedback_entry_counts
   SELECT (t.at AT TIME ZONE $1::text)::date, m.system, m.unit_id, count(*), coalesce(sum((t.data->>'rating')::int), 0),
     count(*) FILTER (WHERE t.data->>'resolved' = 'yes'), count(*) FILTER (WHERE t.data->>'resolved' = 'partly'),
     count(*) FILTER (WHERE t.data->>'resolved' = 'no')
   FROM timeline t JOIN messages m ON m.id = t.message_id WHERE t.type = 'feedback' GROUP BY 1, 2, 3`,
  'ANALYZE',
];

/**
 * Counts every message again into the daily tables, in `timeZone`'s days. Writers wait meanwhile:
 * the calendar row is locked first, and every write's trigger reads it.
 */
export async function rebuildStatistics(db: Database, timeZone: string): Promise<void> {
  // The calendar's months from 1971 to 2121, as instants; the database keeps their local first days.
  const monthStarts = JSON.stringify(periodsBetween(new Date('1971-03-21T00:00:00Z'), new Date('2121-03-21T00:00:00Z'), 'month', timeZone, 2000).map((p) => p.start.toISOString()));
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    await tx.query('LOCK TABLE statistics_calendar IN ACCESS EXCLUSIVE MODE');
    for (const statement of REBUILD) {
      if (statement.startsWith('ANALYZE')) continue;
      const params = statement.includes('$2') ? [timeZone, monthStarts] : statement.includes('$1') ? [timeZone] : [];
      await tx.query(statement, params);
    }
  });
  for (const table of ['message_counts', 'message_counts_monthly', 'feedback_counts', 'feedback_counts_monthly', 'feedback_entry_counts']) {
    await db.query(`ANALYZE ${table}`);
  }
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
 * another time zone. Reads that follow see the daily tables plus what was written since. One
 * round trip when the tables are counted in `timeZone` (every read but the first after a change
 * of calendar), whether or not anything was pending.
 */
export async function foldStatistics(db: Database, timeZone: string): Promise<void> {
  const [row] = await db.query<{ time_zone: string }>(FOLD, [timeZone]);
  if (row?.time_zone === timeZone) return;
  await rebuildStatistics(db, timeZone);
  await db.query(FOLD, [timeZone]);
}

/** Whether `from` and `to` are local midnights in `timeZone`, so the daily tables answer exactly. */
export function wholeDays(from: Date, to: Date, timeZone: string): boolean {
  return [from, to].every((d) => periodStart(d, 'day', timeZone).getTime() === d.getTime());
}

/** The local date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A range of whole local days, and the bucket its counts are grouped by. */
export interface CountsRange {
  from: Date;
  to: Date;
  bucket: PeriodUnit;
  timeZone: string;
}

const MESSAGE_COLUMNS = [...MESSAGE_KEYS, 'count'];
const FEEDBACK_COLUMNS = [...FEEDBACK_KEYS, ...FEEDBACK_MEASURES];

/**
 * A relation `(day, …keys, …measures)` of the counts in the range: monthly rows (dated on the
 * month's first day) for the whole calendar months inside it when the bucket is a month or a
 * year, daily rows for the days around them, and the changes not folded yet.
 */
export function countsSql(kind: 'messages' | 'feedback', range: CountsRange, bind: (value: string) => string): string {
  const { from, to, bucket, timeZone } = range;
  const months = bucket === 'month' || bucket === 'year' ? periodsBetween(from, to, 'month', timeZone, 4000).filter((p) => p.start >= from && p.end <= to) : [];
  const inner = months.length > 0 ? [months[0]!.start, months.at(-1)!.end] : [to, to];
  const [d1, d2, d3, d4] = [from, ...inner, to].map((d) => `${bind(localDate(d, timeZone))}::date`);
  const [daily, monthly, changes, columns, changed] =
    kind === 'messages'
      ? ['message_counts', 'message_counts_monthly', 'message_count_changes', list(MESSAGE_COLUMNS), list(MESSAGE_KEYS) + ', change']
      : ['feedback_counts', 'feedback_counts_monthly', 'feedback_count_changes', list(FEEDBACK_COLUMNS), list(FEEDBACK_COLUMNS)];
  return `(SELECT month AS day, ${columns} FROM ${monthly} WHERE month >= ${d2} AND month < ${d3}
    UNION ALL SELECT day, ${columns} FROM ${daily} WHERE (day >= ${d1} AND day < ${d2}) OR (day >= ${d3} AND day < ${d4})
    UNION ALL SELECT day, ${changed} FROM ${changes} WHERE day >= ${d1} AND day < ${d4})`;
}

/** The feedback given, by day, system and unit, with the changes not folded yet (columns `day, system, unit_id, entries, rating_sum, yes, partly, no`). */
export const FEEDBACK_ENTRIES_SQL = `(SELECT day, system, unit_id, ${list(ENTRY_MEASURES)} FROM feedback_entry_counts
  UNION ALL SELECT day, system, unit_id, ${list(ENTRY_MEASURES)} FROM feedback_entry_changes)`;

/** SQL for the local dates of a JSON array of instants bound at `param`, in the zone bound at `zoneParam`. */
export function localDatesSql(param: string, zoneParam: string): string {
  return `ARRAY(SELECT (jsonb_array_elements_text(${param}::jsonb)::timestamptz AT TIME ZONE ${zoneParam}::text)::date)`;
}
