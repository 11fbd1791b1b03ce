import { Hono, type Context } from 'hono';
import {
  feedbackStatsSchema,
  STATUSES_OF,
  STAFF_ACTIONS,
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
import { adminRoutes } from './admin.js';
import type { ServerContext } from '../engine/context.js';
import { applyEvent, inTransaction, linkEvent, type LockedMessage } from '../engine/transitions.js';
import type { Queryable } from '../db/database.js';
import type { Credentials } from './credentials.js';
import { languageOf, text } from './i18n.js';
import { problem } from './problems.js';
import { refusalProblem } from './open311.js';
import { referencedIds, STAFF_COLUMNS, STAFF_TIMELINE_SQL, staffMessageView, withoutUnseen, type StaffMessageRow } from './staff-views.js';
import { feedbackRoutes } from './feedback-routes.js';
import { guard, serve, type InputOf } from './route.js';
import { staffApi } from './staff-api.js';

export type { StaffMember } from '../access/index.js';

type StaffEnv = { Variables: { staff: StaffMember; lang: Language } };

/**
 * The staff API under `/staff/v1` (bearer tokens, roles scoped to org units): queues, messages,
 * actions through the lifecycle, feedback statistics and the Excel report, policies, and the
 * administration API under `/admin`.
 */
export function staffRoutes(ctx: ServerContext, credentials: Pick<Credentials, 'staffTokens' | 'forgetAll'>): Hono<StaffEnv> {
  const { staffTokens } = credentials;
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
  /** Refuses a caller without `right` (403) before the input is checked. */
  const may = (right: StaffRight) => guard<StaffEnv>((c) => requireRight(c, right));

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

  serve(app, staffApi.queue, async (c, { query: q, lang }) => {
    const staff = c.get('staff');
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
    // Linked messages the caller may not see are left out of the list and so of the count: a
    // count of them all would say that messages exist beyond what they may read.
    const items = (await seenOnly(ctx.db, staff, rows.map((r) => staffMessageView(r)))).map((view) => ({ ...view, linkedCount: view.linkedMessageIds.length }));
    return c.json({ items, total: total[0]?.n ?? 0 });
  }, may('readMessages'));

  /** A message with its timeline, read through `db`, or `null` when there is none. */
  async function readStaffMessage(db: Queryable, id: string) {
    const [row] = await db.query<StaffMessageRow & { private: boolean }>(
      `SELECT ${STAFF_COLUMNS}, m.private, ${STAFF_TIMELINE_SQL} AS timeline FROM messages m WHERE m.id = $1`,
      [id],
    );
    return row ? { view: staffMessageView(row, true), private: row.private } : null;
  }

  serve(app, staffApi.message, async (c, { params }) => {
    const found = await readStaffMessage(ctx.db, params.id);
    // Out of scope answers exactly as nonexistent.
    if (!found || !staffMay(ctx.catalog, c.get('staff'), 'see', { ...found.view, private: found.private })) {
      throw problem(404, text(c.get('lang'), 'requestNotFound'));
    }
    const [view] = await seenOnly(ctx.db, c.get('staff'), [found.view]);
    return c.json(view);
  }, may('readMessages'));

  /** Carries out one staff action on message `id` through the lifecycle. */
  const act = async (c: Context<StaffEnv>, action: StaffAction, { params, body: parsed }: InputOf<(typeof staffApi.actions)[StaffAction]>) => {
    const lang = c.get('lang');
    const staff = c.get('staff');
    const body = parsed as Record<string, string | undefined>;
    const id = params.id;
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
            return linkEvent(first, first.id, actorRole, at);
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
  };
  for (const action of STAFF_ACTIONS) serve(app, staffApi.actions[action], (c, input) => act(c, action, input), may('act'));

  feedbackRoutes(app, ctx, may);

  policyRoutes(app, ctx, (c, write) => requireRight(c, write ? 'changePolicies' : 'readPolicies'));
  similarRoutes(app, ctx, may);
  outboxRoutes(app, ctx, (c) => requireRight(c, 'readDeliveries'));
  adminRoutes(app, ctx, credentials);

  return app;
}
