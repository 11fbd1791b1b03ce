/**
 * Feedback analytics (seed §2.3): of the messages first answered in a period, how many citizens gave
 * feedback, how they judged the answer, how many windows closed without a word and how many
 * messages were reopened — by unit, service, region, system and Jalali period, over the messages
 * the caller's statistics may count (the access module decides which).
 */
import { z } from 'zod';
import { PERIOD_UNITS, parseStatisticsDate, periodsBetween, type CalendarPeriod, type FeedbackGroup } from '@payam/core';
import { staffMessagesSql, type StaffMember } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { defaultFrom, endOfToday, StatisticsQueryError, type CountingOptions } from './frequency.js';
import { FEEDBACK_ENTRIES_SQL, countsSql, foldStatistics, localDate, localDatesSql, wholeDays } from './rollups.js';

/** What feedback analytics can be broken down by. */
export const FEEDBACK_DIMENSIONS = ['unit', 'service', 'region', 'system', 'period'] as const;
/** One of {@link FEEDBACK_DIMENSIONS}. */
export type FeedbackDimension = (typeof FEEDBACK_DIMENSIONS)[number];

const COLUMN: Record<Exclude<FeedbackDimension, 'period'>, { sql: string; key: 'unit_id' | 'service_code' | 'region' | 'system' }> = {
  unit: { sql: 'unit_id', key: 'unit_id' },
  service: { sql: 'service_code', key: 'service_code' },
  region: { sql: 'region', key: 'region' },
  system: { sql: 'system', key: 'system' },
};

/** Query of the feedback analytics (wire names). */
export const feedbackAnalyticsQuerySchema = z.object({
  from: z.string().max(40).optional().describe('From this date (Jalali 1403-09-01, Gregorian 2024-11-21) or ISO instant; default: a span fit for the bucket'),
  to: z.string().max(40).optional().describe('Up to this date (inclusive) or ISO instant (exclusive); default: the end of today'),
  jurisdiction_id: z.string().max(32).optional().describe('Only this system'),
  by: z
    .string()
    .max(100)
    .default('unit')
    .transform((value) => [...new Set(value.split(',').map((d) => d.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(FEEDBACK_DIMENSIONS)).max(FEEDBACK_DIMENSIONS.length))
    .describe('Comma-separated: unit, service, region, system, period (default unit)'),
  bucket: z.enum(PERIOD_UNITS).default('month').describe('day, week (Saturday–Friday), month (Jalali) or year (Jalali)'),
});
/** A parsed feedback analytics query. */
export type FeedbackAnalyticsQuery = z.infer<typeof feedbackAnalyticsQuerySchema>;

interface GroupRow {
  unit_id?: string;
  service_code?: string | null;
  region?: string | null;
  system?: string;
  bucket?: number;
  answered: number;
  feedback: number;
  yes: number;
  partly: number;
  no: number;
  rating: string | number | null;
  closed_without_feedback: number;
  reopened: number;
}

/**
 * The analytics for `staff`, one group for each combination of the dimensions asked for. A message
 * counts in the period of its first answer (or rejection), with everything that followed it; whole
 * local days are read from the daily counts, other ranges from the timeline.
 */
export async function feedbackAnalytics(
  ctx: ServerContext,
  staff: StaffMember,
  q: FeedbackAnalyticsQuery,
  options: CountingOptions = {},
): Promise<{ from: string; to: string; by: FeedbackDimension[]; bucket: FeedbackAnalyticsQuery['bucket']; groups: FeedbackGroup[] }> {
  const timeZone = ctx.catalog.settings.calendar.timeZone;
  const to = q.to === undefined ? endOfToday(ctx.now(), timeZone) : parseStatisticsDate(q.to, timeZone, true);
  if (!to) throw new StatisticsQueryError('to', 'statisticsDate');
  const from = q.from === undefined ? defaultFrom(to, q.bucket, timeZone) : parseStatisticsDate(q.from, timeZone);
  if (!from) throw new StatisticsQueryError('from', 'statisticsDate');
  const result = { from: from.toISOString(), to: to.toISOString(), by: q.by, bucket: q.bucket, groups: [] as FeedbackGroup[] };
  if (from >= to) return result;

  const params: string[] = [];
  const bind = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  const daily = !options.direct && wholeDays(from, to, timeZone);
  if (daily && !options.folded) await foldStatistics(ctx.db, timeZone);
  let periods: CalendarPeriod[] = [];
  const keys: string[] = [];
  for (const dimension of q.by) {
    if (dimension !== 'period') {
      keys.push(COLUMN[dimension].sql);
      continue;
    }
    try {
      periods = periodsBetween(from, to, q.bucket, timeZone, 4000);
    } catch {
      throw new StatisticsQueryError('bucket', 'rangeTooLong');
    }
    const bounds = bind(JSON.stringify([...periods.map((p) => p.start.toISOString()), periods.at(-1)!.end.toISOString()]));
    keys.push(
      daily
        ? `width_bucket(day, ${localDatesSql(bounds, bind(timeZone))}) AS bucket`
        : `width_bucket(answered_at, ARRAY(SELECT jsonb_array_elements_text(${bounds}::jsonb)::timestamptz)) AS bucket`,
    );
  }
  const where = ['true'];
  const scope = staffMessagesSql(ctx.catalog, staff, 'count', 'm', bind);
  if (scope) where.push(scope);
  if (q.jurisdiction_id !== undefined) where.push(`m.system = ${bind(q.jurisdiction_id)}`);
  const groupBy = keys.map((_, i) => String(i + 1)).join(', ');
  const rows = await ctx.db.query<GroupRow>(daily ? dailySql(keys, where, groupBy, countsSql('feedback', { from, to, bucket: q.by.includes('period') ? q.bucket : 'year', timeZone }, bind)) : directSql(keys, where, groupBy, from, to, bind), params);
  result.groups = rows.map((r): FeedbackGroup => {
    const group: FeedbackGroup = {
      answered: r.answered,
      feedback: r.feedback,
      responseRate: r.answered === 0 ? null : Math.round((r.feedback / r.answered) * 1000) / 1000,
      resolved: { yes: r.yes, partly: r.partly, no: r.no },
      averageRating: r.rating === null ? null : Number(r.rating),
      closedWithoutFeedback: r.closed_without_feedback,
      reopened: r.reopened,
    };
    for (const dimension of q.by) {
      if (dimension === 'period') {
        const period = periods[Number(r.bucket) - 1];
        group.period = period?.iso ?? null;
        group.period_jalali = period?.jalali ?? null;
      } else {
        const { key } = COLUMN[dimension];
        group[key] = r[key] ?? null;
      }
    }
    return group;
  });
  return result;
}

type Bind = (value: string) => string;

/** The analytics from the daily and monthly counts (whole local days only). */
function dailySql(keys: string[], where: string[], groupBy: string, counts: string): string {
  return `SELECT ${keys.length > 0 ? `${keys.join(', ')}, ` : ''}
       coalesce(sum(answered), 0)::int AS answered, coalesce(sum(feedback), 0)::int AS feedback,
       coalesce(sum(yes), 0)::int AS yes, coalesce(sum(partly), 0)::int AS partly, coalesce(sum(no), 0)::int AS no,
       round(sum(rating_sum) / nullif(sum(rating_count), 0), 2) AS rating,
       coalesce(sum(closed_without_feedback), 0)::int AS closed_without_feedback, coalesce(sum(reopened), 0)::int AS reopened
     FROM ${counts} AS m WHERE ${where.join(' AND ')}
     ${groupBy ? `GROUP BY ${groupBy} HAVING sum(answered) > 0 ORDER BY ${groupBy}` : ''}`;
}

/** The analytics counted from the timeline: one row a message first answered in the range, with what followed it. */
function directSql(keys: string[], where: string[], groupBy: string, from: Date, to: Date, bind: Bind): string {
  const fromParam = bind(from.toISOString());
  const toParam = bind(to.toISOString());
  return `WITH answered AS (
       SELECT message_id, min(at) AS answered_at FROM timeline
       WHERE type IN ('answered', 'rejected') AND message_id IN (
         SELECT message_id FROM timeline WHERE type IN ('answered', 'rejected') AND at >= ${fromParam}::timestamptz AND at < ${toParam}::timestamptz)
       GROUP BY message_id HAVING min(at) >= ${fromParam}::timestamptz
     ), per_message AS (
       SELECT m.unit_id, m.service_code, m.region, m.system, a.answered_at,
         count(*) FILTER (WHERE t.type IN ('answered', 'rejected')) AS answers,
         count(*) FILTER (WHERE t.type = 'feedback') AS feedbacks,
         (array_agg(t.data->>'resolved' ORDER BY t.at DESC, t.id DESC) FILTER (WHERE t.type = 'feedback'))[1] AS resolved,
         avg((t.data->>'rating')::numeric) FILTER (WHERE t.type = 'feedback') AS rating,
         bool_or(t.type = 'closed') AS closed,
         count(*) FILTER (WHERE t.type = 'reopened') AS reopens
       FROM answered a
       JOIN messages m ON m.id = a.message_id
       JOIN timeline t ON t.message_id = a.message_id AND t.type IN ('answered', 'rejected', 'feedback', 'closed', 'reopened')
       WHERE ${where.join(' AND ')}
       GROUP BY m.id, a.answered_at
     )
     SELECT ${keys.length > 0 ? `${keys.join(', ')}, ` : ''}
       count(*)::int AS answered,
       count(*) FILTER (WHERE feedbacks > 0)::int AS feedback,
       count(*) FILTER (WHERE resolved = 'yes')::int AS yes,
       count(*) FILTER (WHERE resolved = 'partly')::int AS partly,
       count(*) FILTER (WHERE resolved = 'no')::int AS no,
       round(avg(rating), 2) AS rating,
       count(*) FILTER (WHERE closed AND feedbacks < answers)::int AS closed_without_feedback,
       count(*) FILTER (WHERE reopens > 0)::int AS reopened
     FROM per_message
     ${groupBy ? `GROUP BY ${groupBy} ORDER BY ${groupBy}` : ''}`;
}

/** The feedback given in a range under one system: how much, the sum of its ratings, how it judged the answers. */
export interface FeedbackTotals {
  system: string;
  total: number;
  ratings: number;
  yes: number;
  partly: number;
  no: number;
}

/**
 * The feedback given between `from` and `to` (each optional: unbounded), by system, over the
 * messages the caller's statistics may count: from the daily counts for whole local days, from the
 * timeline otherwise.
 */
export async function feedbackTotals(ctx: ServerContext, staff: StaffMember, q: Pick<FeedbackAnalyticsQuery, 'from' | 'to' | 'jurisdiction_id'>, options: CountingOptions = {}): Promise<FeedbackTotals[]> {
  const timeZone = ctx.catalog.settings.calendar.timeZone;
  const from = q.from === undefined ? undefined : parseStatisticsDate(q.from, timeZone);
  if (from === null) throw new StatisticsQueryError('from', 'statisticsDate');
  const to = q.to === undefined ? undefined : parseStatisticsDate(q.to, timeZone, true);
  if (to === null) throw new StatisticsQueryError('to', 'statisticsDate');
  const daily = !options.direct && [from, to].every((d) => d === undefined || wholeDays(d, d, timeZone));
  const params: string[] = [];
  const bind = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (daily) {
    if (!options.folded) await foldStatistics(ctx.db, timeZone);
    if (from) where.push(`m.day >= ${bind(localDate(from, timeZone))}::date`);
    if (to) where.push(`m.day < ${bind(localDate(to, timeZone))}::date`);
  } else {
    where.push("t.type = 'feedback'");
    if (from) where.push(`t.at >= ${bind(from.toISOString())}::timestamptz`);
    if (to) where.push(`t.at < ${bind(to.toISOString())}::timestamptz`);
  }
  if (q.jurisdiction_id !== undefined) where.push(`m.system = ${bind(q.jurisdiction_id)}`);
  const scope = staffMessagesSql(ctx.catalog, staff, 'count', 'm', bind);
  if (scope) where.push(scope);
  const conditions = where.length > 0 ? where.join(' AND ') : 'true';
  return ctx.db.query<FeedbackTotals>(
    daily
      ? `SELECT m.system, sum(entries)::int AS total, sum(rating_sum)::int AS ratings, sum(yes)::int AS yes, sum(partly)::int AS partly, sum(no)::int AS no
         FROM ${FEEDBACK_ENTRIES_SQL} AS m WHERE ${conditions} GROUP BY m.system HAVING sum(entries) > 0 ORDER BY m.system`
      : `SELECT m.system, count(*)::int AS total, coalesce(sum((t.data->>'rating')::int), 0)::int AS ratings,
           count(*) FILTER (WHERE t.data->>'resolved' = 'yes')::int AS yes,
           count(*) FILTER (WHERE t.data->>'resolved' = 'partly')::int AS partly,
           count(*) FILTER (WHERE t.data->>'resolved' = 'no')::int AS no
         FROM timeline t JOIN messages m ON m.id = t.message_id WHERE ${conditions} GROUP BY m.system ORDER BY m.system`,
    params,
  );
}
