/**
 * Feedback analytics (seed §2.3): of the messages answered in a period, how many citizens gave
 * feedback, how they judged the answer, how many windows closed without a word and how many
 * messages were reopened — by unit, service, region, system and Jalali period, over the messages
 * the caller's statistics may count (the access module decides which).
 */
import { z } from 'zod';
import { PERIOD_UNITS, parseStatisticsDate, periodsBetween, type CalendarPeriod, type FeedbackGroup } from '@payam/core';
import { staffMessagesSql, type StaffMember } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { defaultFrom, endOfToday, StatisticsQueryError } from './frequency.js';

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

/** The analytics for `staff`, one group for each combination of the dimensions asked for. */
export async function feedbackAnalytics(
  ctx: ServerContext,
  staff: StaffMember,
  q: FeedbackAnalyticsQuery,
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
    keys.push(`width_bucket(answered_at, ARRAY(SELECT jsonb_array_elements_text(${bounds}::jsonb)::timestamptz)) AS bucket`);
  }
  const where = ['true'];
  const scope = staffMessagesSql(ctx.catalog, staff, 'count', 'm', bind);
  if (scope) where.push(scope);
  if (q.jurisdiction_id !== undefined) where.push(`m.system = ${bind(q.jurisdiction_id)}`);
  const fromParam = bind(from.toISOString());
  const toParam = bind(to.toISOString());
  const groupBy = keys.map((_, i) => String(i + 1)).join(', ');
  // One row a message answered in the range (its first answer there), with what followed it.
  const rows = await ctx.db.query<GroupRow>(
    `WITH answered AS (
       SELECT message_id, min(at) AS answered_at FROM timeline
       WHERE type IN ('answered', 'rejected') AND at >= ${fromParam}::timestamptz AND at < ${toParam}::timestamptz
       GROUP BY message_id
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
     ${groupBy ? `GROUP BY ${groupBy} ORDER BY ${groupBy}` : ''}`,
    params,
  );
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
