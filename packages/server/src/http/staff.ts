import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  feedbackStatsSchema,
  PUBLIC_STATUSES,
  STATUSES_OF,
  STAFF_ACTIONS,
  staffActionBodySchemas,
  type ActorRole,
  type FeedbackStats,
  type Language,
  type LifecycleEvent,
  type StaffAction,
} from '@payam/core';
import { routeMessage, sha256, unitAndDescendants } from '../config/catalog.js';
import {
  feedbackVisibility,
  hasRight,
  inUnits,
  isPrivate,
  linkDecision,
  referTargets,
  staffMay,
  staffMessagesSql,
  type ScopedMessage,
  type StaffMember,
  type StaffRight,
} from '../access/index.js';
import { policyRoutes } from './policies.js';
import { outboxRoutes } from './outbox-routes.js';
import { similarRoutes } from './similar.js';
import type { ServerContext } from '../engine/context.js';
import { applyEvent, inTransaction, type LockedMessage } from '../engine/transitions.js';
import type { Queryable } from '../db/database.js';
import { readBody } from './body.js';
import type { Credentials } from './credentials.js';
import { languageOf, text } from './i18n.js';
import { ApiProblem, problem } from './problems.js';
import { refusalProblem } from './open311.js';
import { referencedIds, STAFF_COLUMNS, STAFF_TIMELINE_SQL, staffMessageView, withoutUnseen, type StaffMessageRow } from './staff-views.js';
import { feedbackReport, type FeedbackReportRow } from './feedback-report.js';
import { issuesProblem } from './wire.js';

export type { StaffMember } from '../access/index.js';

type StaffEnv = { Variables: { staff: StaffMember; lang: Language } };

const queueQuerySchema = z.object({
  unit_id: z.string().max(100).optional(),
  status: z
    .string()
    .max(300)
    .optional()
    .transform((v) => (v === undefined ? [] : v.split(',').filter(Boolean)))
    .pipe(z.array(z.enum([...PUBLIC_STATUSES, 'open']))),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const dateParam = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)));
const feedbackQuerySchema = z.object({ from: dateParam.optional(), to: dateParam.optional(), jurisdiction_id: z.string().max(32).optional() });

function queryOf(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
}

function badQuery(lang: Language, error: z.ZodError): ApiProblem {
  return new ApiProblem(
    400,
    error.issues.map((issue) => ({ code: 400, description: `${text(lang, 'badQuery')} (${issue.message})`, field: issue.path.map(String).join('.') })),
  );
}

/**
 * The staff API under `/staff/v1` (bearer tokens, roles scoped to org units): queues, messages,
 * actions through the lifecycle, feedback statistics and the Excel report, policies.
 */
export function staffRoutes(ctx: ServerContext, { staffTokens }: Pick<Credentials, 'staffTokens'>): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use(async (c, next) => {
    const lang = languageOf(c);
    c.set('lang', lang);
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw problem(401, text(lang, 'staffUnauthorized'));
    const member = await staffTokens.find(sha256(match[1] ?? ''));
    if (!member) throw problem(401, text(lang, 'staffUnauthorized'));
    c.set('staff', member);
    await next();
  });

  const requireRight = (c: Context<StaffEnv>, right: StaffRight) => {
    if (!hasRight(c.get('staff').role, right)) throw problem(403, text(c.get('lang'), 'staffForbidden'));
  };

  /** The views with the other messages they name left out where `staff` may not see them. */
  async function seenOnly<V extends Parameters<typeof referencedIds>[0]>(db: Queryable, staff: StaffMember, views: V[]): Promise<V[]> {
    const ids = [...new Set(views.flatMap(referencedIds))];
    if (ids.length === 0) return views;
    const rows = await db.query<{ id: string; system: string; service_code: string | null; unit_id: string; private: boolean }>(
      'SELECT id, system, service_code, unit_id, private FROM messages WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))',
      [JSON.stringify(ids)],
    );
    const shown = new Set(
      rows.filter((r) => staffMay(ctx.catalog, staff, 'see', { system: r.system, serviceCode: r.service_code, unitId: r.unit_id, private: r.private })).map((r) => r.id),
    );
    return views.map((view) => withoutUnseen(view, (id) => shown.has(id)));
  }

  app.get('/queue', async (c) => {
    const lang = c.get('lang');
    requireRight(c, 'readMessages');
    const staff = c.get('staff');
    const parsed = queueQuerySchema.safeParse(queryOf(c));
    if (!parsed.success) throw badQuery(lang, parsed.error);
    const q = parsed.data;
    const where: string[] = [];
    const params: string[] = [];
    const bind = (value: string) => {
      params.push(value);
      return `$${params.length}`;
    };
    const scope = staffMessagesSql(ctx.catalog, staff, 'see', 'm', bind);
    if (scope) where.push(scope);
    if (q.unit_id !== undefined) {
      if (!ctx.catalog.units.has(q.unit_id)) throw problem(400, text(lang, 'badQuery'), { field: 'unit_id' });
      if (!inUnits(ctx.catalog, staff, q.unit_id)) throw problem(403, text(lang, 'staffForbidden'), { field: 'unit_id' });
      where.push(`m.unit_id IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify([...unitAndDescendants(ctx.catalog.units, q.unit_id)]))}::jsonb))`);
    }
    if (q.status.length > 0) {
      const statuses = q.status.flatMap((s) => (s === 'open' ? STATUSES_OF.open : [s]));
      where.push(`m.public_status IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify(statuses))}::jsonb))`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, total] = await Promise.all([
      ctx.db.query<StaffMessageRow>(
        `SELECT ${STAFF_COLUMNS} FROM messages m LEFT JOIN deadlines d ON d.message_id = m.id ${filter}
         ORDER BY d.due_at ASC NULLS LAST, m.registered_at ASC, m.id LIMIT ${q.limit} OFFSET ${q.offset}`,
        params,
      ),
      ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages m ${filter}`, params),
    ]);
    return c.json({ items: await seenOnly(ctx.db, staff, rows.map((r) => staffMessageView(r))), total: total[0]?.n ?? 0 });
  });

  /** A message with its timeline, read through `db`, or `null` when there is none. */
  async function readStaffMessage(db: Queryable, id: string) {
    const [row] = await db.query<StaffMessageRow & { private: boolean }>(
      `SELECT ${STAFF_COLUMNS}, m.private, ${STAFF_TIMELINE_SQL} AS timeline FROM messages m WHERE m.id = $1`,
      [id],
    );
    return row ? { view: staffMessageView(row, true), private: row.private } : null;
  }

  app.get('/messages/:id', async (c) => {
    requireRight(c, 'readMessages');
    const found = await readStaffMessage(ctx.db, c.req.param('id'));
    // Out of scope answers exactly as nonexistent.
    if (!found || !staffMay(ctx.catalog, c.get('staff'), 'see', { ...found.view, private: found.private })) {
      throw problem(404, text(c.get('lang'), 'requestNotFound'));
    }
    const [view] = await seenOnly(ctx.db, c.get('staff'), [found.view]);
    return c.json(view);
  });

  app.post('/messages/:id/actions/:action', async (c) => {
    const lang = c.get('lang');
    const staff = c.get('staff');
    requireRight(c, 'act');
    const action = c.req.param('action') as StaffAction;
    if (!STAFF_ACTIONS.includes(action)) throw problem(404, text(lang, 'actionUnknown'));
    const fields = await readBody(c, lang);
    const parsed = staffActionBodySchemas[action].safeParse(fields);
    if (!parsed.success) throw issuesProblem(parsed.error.issues, lang, (path) => path.map(String).join('.'));
    const body = parsed.data as Record<string, string | undefined>;
    const id = c.req.param('id');
    const actorRole = staff.role as ActorRole;
    const firstId = action === 'link' ? String(body.firstMessageId) : null;

    const scoped = (m: LockedMessage): ScopedMessage => ({ system: m.snapshot.context.system, serviceCode: m.snapshot.context.serviceCode, unitId: m.snapshot.context.unitId, private: m.private });
    const result = await inTransaction(ctx, async (tx) => {
      const build = (locked: Map<string, LockedMessage>): LifecycleEvent => {
        const message = locked.get(id);
        // Out of scope answers exactly as nonexistent.
        if (!message || !staffMay(ctx.catalog, staff, 'act', scoped(message))) throw problem(404, text(lang, 'requestNotFound'));
        const context = message.snapshot.context;
        const at = ctx.now().toISOString();
        switch (action) {
          case 'triage':
            return { type: 'TAKE_FOR_TRIAGE', actorRole, at };
          case 'refer': {
            if (body.serviceCode !== undefined) {
              const service = ctx.catalog.services.get(body.serviceCode);
              if (!service || service.system !== context.system) throw problem(400, text(lang, 'serviceNotFound'), { field: 'serviceCode' });
            }
            const region = message.region;
            const serviceCode = body.serviceCode ?? context.serviceCode;
            const unitId = body.unitId ?? routeMessage(ctx.catalog, { system: context.system, serviceCode, region });
            if (!unitId) throw problem(400, text(lang, 'noRoute'), { field: 'unitId' });
            // An unknown unit is the lifecycle's refusal; a known one must be within reach.
            if (ctx.catalog.units.has(unitId) && !referTargets(ctx.catalog, staff, { ...scoped(message), region }, serviceCode).has(unitId)) {
              throw problem(403, text(lang, 'referOutOfReach'), { field: 'unitId' });
            }
            const linked = context.firstMessageId !== null || context.linkedMessageIds.length > 0;
            if (linked && isPrivate(ctx.catalog, { system: context.system, serviceCode, private: message.private }) !== message.private) {
              throw problem(409, text(lang, 'reclassifyLinked'), { field: 'serviceCode' });
            }
            return { type: 'REFER', unitId, actorRole, at, ...(body.serviceCode ? { serviceCode: body.serviceCode } : {}), ...(body.note ? { note: body.note } : {}) };
          }
          case 'start':
            return { type: 'START', actorRole, at, ...(body.note ? { note: body.note } : {}) };
          case 'answer':
            return { type: 'ANSWER', text: String(body.text), actorRole, at };
          case 'reject':
            return { type: 'REJECT', text: String(body.text), actorRole, at };
          case 'link': {
            const first = firstId ? locked.get(firstId) : undefined;
            const decision = linkDecision(ctx.catalog, staff, scoped(message), first && scoped(first));
            if (!first || decision === 'missing') throw problem(404, text(lang, 'firstMessageMissing'), { field: 'firstMessageId' });
            if (decision === 'across') throw problem(409, text(lang, 'linkAcross'), { field: 'firstMessageId' });
            const f = first.snapshot.context;
            return {
              type: 'LINK',
              actorRole,
              at,
              first: { messageId: first.id, closed: first.snapshot.state === 'closed', firstMessageId: f.firstMessageId, answer: f.answer },
            };
          }
          case 'unlink':
            return { type: 'UNLINK', actorRole, at };
          case 'contact-attempt':
            return { type: 'CONTACT_ATTEMPT', outcome: body.outcome as 'reached' | 'no_answer' | 'unreachable', actorRole, at, ...(body.note ? { note: body.note } : {}) };
          case 'note':
            return { type: 'NOTE', text: String(body.text), actorRole, at };
        }
      };
      const outcome = await applyEvent(ctx, tx, id, build, firstId ? [firstId] : []);
      if (outcome.ok && action === 'triage' && body.note) {
        await applyEvent(ctx, tx, id, { type: 'NOTE', text: body.note, actorRole, at: ctx.now().toISOString() });
      }
      // The answer is the message as this action left it, read under the same lock: the actor
      // could see it when acting, even when the action moved it beyond their units.
      const found = outcome.ok ? await readStaffMessage(tx, id) : null;
      return outcome.ok ? { ...outcome, view: found ? (await seenOnly(tx, staff, [found.view]))[0] : undefined } : outcome;
    });
    if (!result.ok) {
      if (result.refusal) throw refusalProblem(result.refusal, lang, ctx.catalog.settings.calendar.timeZone);
      throw problem(404, text(lang, 'requestNotFound'));
    }
    if (!result.view) throw new Error('The message vanished after an action.');
    ctx.log.info('staff action', { messageId: id, action, role: staff.role });
    return c.json(result.view);
  });

  async function feedbackRows(c: Context<StaffEnv>) {
    const lang = c.get('lang');
    const parsed = feedbackQuerySchema.safeParse(queryOf(c));
    if (!parsed.success) throw badQuery(lang, parsed.error);
    const q = parsed.data;
    const params: string[] = [];
    const where = ["t.type = 'feedback'"];
    if (q.from) {
      params.push(new Date(q.from).toISOString());
      where.push(`t.at >= $${params.length}::timestamptz`);
    }
    if (q.to) {
      params.push(new Date(q.to).toISOString());
      where.push(`t.at < $${params.length}::timestamptz`);
    }
    if (q.jurisdiction_id) {
      params.push(q.jurisdiction_id);
      where.push(`m.system = $${params.length}`);
    }
    const staff = c.get('staff');
    const scope = staffMessagesSql(ctx.catalog, staff, 'count', 'm', (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    if (scope) where.push(scope);
    const rows = await ctx.db.query<FeedbackReportRow & { private: boolean }>(
      `SELECT m.id, m.system, m.service_code, m.region, m.unit_id, m.registered_at, t.at, t.data->>'resolved' AS resolved,
         (t.data->>'rating')::int AS rating, t.text AS comment, m.private
       FROM timeline t JOIN messages m ON m.id = t.message_id WHERE ${where.join(' AND ')} ORDER BY t.at, t.id LIMIT 100000`,
      params,
    );
    return rows.flatMap(({ private: isPrivateRow, ...row }): FeedbackReportRow[] => {
      const shown = feedbackVisibility(ctx.catalog, staff, { system: row.system, serviceCode: row.service_code, unitId: row.unit_id, private: isPrivateRow });
      if (shown === 'none') return [];
      return [shown === 'all' ? row : { ...row, id: '', comment: null }];
    });
  }

  app.get('/stats/feedback', async (c) => {
    requireRight(c, 'feedbackStats');
    const rows = await feedbackRows(c);
    const average = (list: typeof rows) => (list.length === 0 ? null : Math.round((list.reduce((s, r) => s + r.rating, 0) / list.length) * 100) / 100);
    const systems = [...new Set(rows.map((r) => r.system))].sort();
    const stats: FeedbackStats = {
      total: rows.length,
      averageRating: average(rows),
      byResolved: {
        yes: rows.filter((r) => r.resolved === 'yes').length,
        partly: rows.filter((r) => r.resolved === 'partly').length,
        no: rows.filter((r) => r.resolved === 'no').length,
      },
      bySystem: systems.map((system) => {
        const list = rows.filter((r) => r.system === system);
        return { system, total: list.length, averageRating: average(list) };
      }),
    };
    return c.json(feedbackStatsSchema.parse(stats));
  });

  app.get('/reports/feedback.xlsx', async (c) => {
    requireRight(c, 'feedbackReport');
    const rows = await feedbackRows(c);
    const buffer = await feedbackReport(ctx.catalog, rows, c.req.query('lang') === 'en' ? 'en' : 'fa');
    return c.body(new Uint8Array(buffer), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="payam-feedback.xlsx"',
    });
  });

  policyRoutes(app, ctx, (c, write) => requireRight(c, write ? 'changePolicies' : 'readPolicies'));
  similarRoutes(app, ctx, requireRight);
  outboxRoutes(app, ctx, (c) => requireRight(c, 'readDeliveries'));

  return app;
}
