/**
 * Public frequency statistics: how many public messages by region × service × period, on the
 * city's calendar, with small counts suppressed. The map dashboard and the transparency site read
 * them; nothing private is ever counted here (the access module decides what is public).
 */
import { z } from 'zod';
import {
  PERIOD_UNITS,
  PUBLIC_STATUSES,
  calendarPeriod,
  STATUSES_OF,
  parseStatisticsDate,
  periodStart,
  periodsBetween,
  type CalendarPeriod,
  type FrequencyStats,
  type PeriodUnit,
} from '@payam/core';
import { publicOnlySql } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { countsSql, foldStatistics, localDatesSql, wholeDays } from './rollups.js';

const DAY_MS = 86_400_000;

/** Query of GET /stats/frequency.json (wire names). */
export const frequencyQuerySchema = z.object({
  from: z.string().max(40).optional().describe('From this date (Jalali 1403-09-01, Gregorian 2024-11-21) or ISO instant; default: a span fit for the bucket'),
  to: z.string().max(40).optional().describe('Up to this date (inclusive) or ISO instant (exclusive); default: the end of today'),
  bucket: z.enum(PERIOD_UNITS).default('day').describe('day, week (Saturday–Friday), month (Jalali) or year (Jalali)'),
  jurisdiction_id: z.string().max(32).optional().describe('Only this system'),
  service_code: z.string().max(64).optional().describe('Only this service'),
  service_group: z.string().max(200).optional().describe('Only the services of this group (its Persian or English name)'),
  status: z.enum(['open', 'closed', ...PUBLIC_STATUSES]).optional().describe('open, closed or one public status'),
  region: z.string().max(64).optional().describe('Only this region'),
  count: z
    .enum(['messages', 'matters'])
    .default('messages')
    .describe('messages (default), or matters: first messages only, each matter once however many citizens raised it'),
});
/** A parsed frequency query. */
export type FrequencyQuery = z.infer<typeof frequencyQuerySchema>;

/** A statistics query that cannot be answered as asked; `field` names the parameter. */
export class StatisticsQueryError extends Error {
  constructor(
    readonly field: 'from' | 'to' | 'bucket',
    readonly reason: 'statisticsDate' | 'rangeTooLong',
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The local midnight that ends the day of `now`: statistics include the whole of today by default. */
export function endOfToday(now: Date, timeZone: string): Date {
  return calendarPeriod(periodStart(now, 'day', timeZone), 'day', timeZone).end;
}

/** How far back the statistics reach when `from` is not given, by bucket. */
export function defaultFrom(to: Date, bucket: PeriodUnit, timeZone: string): Date {
  switch (bucket) {
    case 'day':
    case 'week':
      return periodStart(new Date(to.getTime() - 90 * DAY_MS), bucket, timeZone);
    case 'month':
      return periodStart(new Date(to.getTime() - 365 * DAY_MS), 'month', timeZone);
    case 'year':
      return periodStart(new Date(to.getTime() - 5 * 365 * DAY_MS), 'year', timeZone);
    default:
      return bucket satisfies never;
  }
}

function codesOfGroup(ctx: ServerContext, group: string): string[] {
  const wanted = group.trim().toLocaleLowerCase();
  return [...ctx.catalog.services.values()]
    .filter((s) => s.group && [s.group.fa, s.group.en].some((name) => name?.trim().toLocaleLowerCase() === wanted))
    .map((s) => s.code);
}

/** How a statistics function counts: from the daily counts when it can (default), or from the messages. */
export interface CountingOptions {
  /** Count from the messages themselves even for whole days (the daily counts' reference). */
  direct?: boolean;
  /** The caller folded the pending changes for this answer already (one fold for the reads of one request). */
  folded?: boolean;
}

/**
 * Counts public messages for the query, from the daily counts for whole local days and from the
 * messages otherwise; throws {@link StatisticsQueryError} for an impossible range.
 */
export async function frequencyStats(ctx: ServerContext, q: FrequencyQuery, options: CountingOptions = {}): Promise<FrequencyStats> {
  const timeZone = ctx.catalog.settings.calendar.timeZone;
  const minimumCount = ctx.catalog.settings.statistics.minimumCount;
  const to = q.to === undefined ? endOfToday(ctx.now(), timeZone) : parseStatisticsDate(q.to, timeZone, true);
  if (!to) throw new StatisticsQueryError('to', 'statisticsDate');
  const from = q.from === undefined ? defaultFrom(to, q.bucket, timeZone) : parseStatisticsDate(q.from, timeZone);
  if (!from) throw new StatisticsQueryError('from', 'statisticsDate');
  let periods: CalendarPeriod[];
  try {
    periods = from < to ? periodsBetween(from, to, q.bucket, timeZone, 4000) : [];
  } catch {
    throw new StatisticsQueryError('bucket', 'rangeTooLong');
  }
  const body: FrequencyStats = {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket: q.bucket,
    time_zone: timeZone,
    minimum_count: minimumCount,
    periods: periods.map((p) => ({ period: p.iso, period_jalali: p.jalali, from: p.start.toISOString(), to: p.end.toISOString() })),
    rows: [],
  };
  if (periods.length === 0) return body;

  const params: string[] = [];
  const bind = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  const daily = !options.direct && wholeDays(from, to, timeZone);
  if (daily && !options.folded) await foldStatistics(ctx.db, timeZone);
  // Period i (1-based) holds the instants in [bounds[i-1], bounds[i]): width_bucket finds it by binary search.
  const bounds = bind(JSON.stringify([...periods.map((p) => p.start.toISOString()), periods.at(-1)!.end.toISOString()]));
  const zone = daily ? bind(timeZone) : '';
  const where = [publicOnlySql(ctx.catalog, 'm', bind)];
  if (!daily) {
    where.push(`m.registered_at >= ${bind(from.toISOString())}::timestamptz`, `m.registered_at < ${bind(to.toISOString())}::timestamptz`);
  }
  if (q.jurisdiction_id !== undefined) where.push(`m.system = ${bind(q.jurisdiction_id)}`);
  if (q.service_code !== undefined) where.push(`m.service_code = ${bind(q.service_code)}`);
  if (q.region !== undefined) where.push(`m.region = ${bind(q.region)}`);
  if (q.service_group !== undefined) {
    where.push(`m.service_code IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify(codesOfGroup(ctx, q.service_group)))}::jsonb))`);
  }
  // A matter is its first message: the messages linked to it as duplicates are not counted again
  // (the daily counts say which counts are of first messages).
  if (q.count === 'matters') where.push(daily ? 'm.matter' : 'm.first_message_id IS NULL');
  if (q.status !== undefined) {
    const statuses = q.status === 'open' || q.status === 'closed' ? STATUSES_OF[q.status] : [q.status];
    where.push(`m.public_status IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify(statuses))}::jsonb))`);
  }
  const sql = daily
    ? `SELECT region, service_code, width_bucket(day, ${localDatesSql(bounds, zone)}) AS bucket, sum(count)::int AS count
       FROM ${countsSql('messages', { from, to, bucket: q.bucket, timeZone }, bind)} AS m WHERE ${where.join(' AND ')}
       GROUP BY 1, 2, 3 HAVING sum(count) > 0 ORDER BY 3, 1, 2 LIMIT 200000`
    : `SELECT region, service_code,
         width_bucket(registered_at, ARRAY(SELECT jsonb_array_elements_text(${bounds}::jsonb)::timestamptz)) AS bucket,
         count(*)::int AS count
       FROM messages AS m WHERE ${where.join(' AND ')}
       GROUP BY 1, 2, 3 ORDER BY 3, 1, 2 LIMIT 200000`;
  const rows = await ctx.db.query<{ region: string | null; service_code: string | null; bucket: number; count: number }>(sql, params);
  body.rows = rows.flatMap((r) => {
    const period = periods[Number(r.bucket) - 1];
    if (!period) return [];
    const suppressed = r.count < minimumCount;
    return [{ region: r.region, service_code: r.service_code, period: period.iso, period_jalali: period.jalali, count: suppressed ? null : r.count, suppressed }];
  });
  return body;
}
