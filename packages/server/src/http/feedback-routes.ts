import { PassThrough, Readable } from 'node:stream';
import type { Hono, MiddlewareHandler } from 'hono';
import { feedbackStatsSchema, parseStatisticsDate, type FeedbackGroup, type FeedbackStats, type Language } from '@payam/core';
import { feedbackVisibility, staffMessagesSql, type StaffMember, type StaffRight } from '../access/index.js';
import { serve } from './route.js';
import { staffApi } from './staff-api.js';
import type { ServerContext } from '../engine/context.js';
import { feedbackAnalytics, feedbackTotals, type FeedbackAnalyticsQuery } from '../stats/feedback.js';
import { foldStatistics } from '../stats/rollups.js';
import { StatisticsQueryError } from '../stats/frequency.js';
import { serverText } from '../texts.js';
import { writeFeedbackReport, type FeedbackReportRow } from './feedback-report.js';
import { text } from './i18n.js';
import { problem } from './problems.js';
import { localized } from './views.js';

type FeedbackEnv = { Variables: { staff: StaffMember; lang: Language } };

type PageRow = FeedbackReportRow & { private: boolean; timeline_id: string; at_iso: string };

/** Rows of the report read at a time: the report's memory is bounded by one page. */
const PAGE = 2000;

function statisticsProblem(error: unknown, lang: Language): unknown {
  return error instanceof StatisticsQueryError ? problem(400, text(lang, error.reason), { field: error.field }) : error;
}

/** A value of a CSV cell: quoted, and never read as a formula by a spreadsheet. */
function csvCell(value: string | number | null | undefined): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(safe) || safe !== raw ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Feedback statistics, the feedback analytics (as JSON and CSV) and the Excel feedback report of
 * the staff API, each over the messages the caller's statistics may count. `may(right)`
 * enforces the roles.
 */
export function feedbackRoutes(
  app: Hono<FeedbackEnv>,
  ctx: ServerContext,
  may: (right: StaffRight) => { before: MiddlewareHandler<FeedbackEnv>[] },
): void {
  /** The condition on feedback entries `t` of messages `m` in the range that the caller's statistics count. */
  function feedbackWhere(staff: StaffMember, q: FeedbackAnalyticsQuery, bind: (value: string) => string): string {
    const timeZone = ctx.catalog.settings.calendar.timeZone;
    const where = ["t.type = 'feedback'"];
    if (q.from !== undefined) {
      const from = parseStatisticsDate(q.from, timeZone);
      if (!from) throw new StatisticsQueryError('from', 'statisticsDate');
      where.push(`t.at >= ${bind(from.toISOString())}::timestamptz`);
    }
    if (q.to !== undefined) {
      const to = parseStatisticsDate(q.to, timeZone, true);
      if (!to) throw new StatisticsQueryError('to', 'statisticsDate');
      where.push(`t.at < ${bind(to.toISOString())}::timestamptz`);
    }
    if (q.jurisdiction_id !== undefined) where.push(`m.system = ${bind(q.jurisdiction_id)}`);
    const scope = staffMessagesSql(ctx.catalog, staff, 'count', 'm', bind);
    if (scope) where.push(scope);
    return where.join(' AND ');
  }

  /** The feedback given in the range, page by page, in the order it was given, as the caller may see it. */
  async function* feedbackPages(staff: StaffMember, q: FeedbackAnalyticsQuery): AsyncGenerator<FeedbackReportRow[]> {
    const params: string[] = [];
    const where = feedbackWhere(staff, q, (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const page: string[] = [...params];
      const keyset: string = after ? ` AND (t.at, t.id) > ($${page.push(after.at)}::timestamptz, $${page.push(after.id)}::bigint)` : '';
      const rows: PageRow[] = await ctx.db.query<PageRow>(
        `SELECT m.id, m.system, m.service_code, m.region, m.unit_id, m.registered_at, t.at, t.data->>'resolved' AS resolved,
           (t.data->>'rating')::int AS rating, t.text AS comment, m.private, t.id::text AS timeline_id,
           to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_iso
         FROM timeline t JOIN messages m ON m.id = t.message_id WHERE ${where}${keyset}
         ORDER BY t.at, t.id LIMIT ${PAGE}`,
        page,
      );
      if (rows.length === 0) return;
      const last: PageRow = rows.at(-1)!;
      after = { at: last.at_iso, id: last.timeline_id };
      yield rows.flatMap(({ private: isPrivateRow, timeline_id: _id, at_iso: _at, ...row }): FeedbackReportRow[] => {
        const shown = feedbackVisibility(ctx.catalog, staff, { system: row.system, serviceCode: row.service_code, unitId: row.unit_id, private: isPrivateRow });
        if (shown === 'none') return [];
        return [shown === 'all' ? row : { ...row, id: '', comment: null }];
      });
      if (rows.length < PAGE) return;
    }
  }

  serve(app, staffApi.feedbackStats, async (c, { query: q, lang }) => {
    const staff = c.get('staff');
    try {
      // One fold of the pending changes for both reads.
      await foldStatistics(ctx.db, ctx.catalog.settings.calendar.timeZone);
      // Counted in the database, a row a system: the statistics never hold the feedback itself.
      const totals = await feedbackTotals(ctx, staff, q, { folded: true });
      const sum = (pick: (row: (typeof totals)[number]) => number) => totals.reduce((n, row) => n + pick(row), 0);
      const total = sum((r) => r.total);
      const mean = (ratings: number, n: number) => (n === 0 ? null : Math.round((ratings / n) * 100) / 100);
      const analytics = await feedbackAnalytics(ctx, staff, q, { folded: true });
      const stats: FeedbackStats = {
        total,
        averageRating: mean(sum((r) => r.ratings), total),
        byResolved: { yes: sum((r) => r.yes), partly: sum((r) => r.partly), no: sum((r) => r.no) },
        bySystem: totals.map((r) => ({ system: r.system, total: r.total, averageRating: mean(r.ratings, r.total) })),
        ...analytics,
      };
      return c.json(feedbackStatsSchema.parse(stats));
    } catch (error) {
      throw statisticsProblem(error, lang);
    }
  }, may('feedbackStats'));

  serve(app, staffApi.feedbackCsv, async (c, { query: q, lang }) => {
    let groups: FeedbackGroup[];
    try {
      groups = (await feedbackAnalytics(ctx, c.get('staff'), q)).groups;
    } catch (error) {
      throw statisticsProblem(error, lang);
    }
    const header = (key: string) => serverText(lang, `feedbackReport.${key}`);
    const dimensions = q.by.flatMap((d) => (d === 'period' ? ['period', 'period_jalali'] : [d]));
    const measures = ['answered', 'feedback', 'responseRate', 'resolvedYes', 'resolvedPartly', 'resolvedNo', 'averageRating', 'closedWithoutFeedback', 'reopened'];
    const lines = [[...dimensions.map((d) => (d === 'period_jalali' ? `${header('period')} (Jalali)` : header(d))), ...measures.map(header)]];
    for (const g of groups) {
      const named: Record<string, string | number | null | undefined> = {
        unit: g.unit_id ? localized(ctx.catalog.units.get(g.unit_id)?.name ?? { fa: g.unit_id, en: g.unit_id }, lang) : '',
        service: g.service_code ? localized(ctx.catalog.services.get(g.service_code)?.name ?? { fa: g.service_code, en: g.service_code }, lang) : '',
        region: g.region,
        system: g.system,
        period: g.period,
        period_jalali: g.period_jalali,
        answered: g.answered,
        feedback: g.feedback,
        responseRate: g.responseRate,
        resolvedYes: g.resolved.yes,
        resolvedPartly: g.resolved.partly,
        resolvedNo: g.resolved.no,
        averageRating: g.averageRating,
        closedWithoutFeedback: g.closedWithoutFeedback,
        reopened: g.reopened,
      };
      lines.push([...dimensions, ...measures].map((key) => String(named[key] ?? '')));
    }
    // A byte-order mark, so that spreadsheet programs read the Persian names as UTF-8.
    const body = `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
    return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="payam-feedback-stats.csv"' });
  }, may('feedbackStats'));

  serve(app, staffApi.feedbackReport, async (c, { query: q }) => {
    const lang: Language = q.lang === 'en' ? 'en' : 'fa';
    const staff = c.get('staff');
    let summary: FeedbackGroup[];
    try {
      summary = (await feedbackAnalytics(ctx, staff, { ...q, by: ['unit', 'service'] })).groups;
    } catch (error) {
      throw statisticsProblem(error, c.get('lang'));
    }
    const output = new PassThrough();
    writeFeedbackReport(ctx.catalog, summary, feedbackPages(staff, q), output, lang).catch((error: unknown) => {
      ctx.log.error('feedback report failed', { error: error instanceof Error ? error.message : String(error) });
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return c.body(Readable.toWeb(output) as ReadableStream<Uint8Array>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="payam-feedback.xlsx"',
    });
  }, may('feedbackReport'));
}
