import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Language } from '@payam/core';
import { staffMay, type StaffMember, type StaffRight } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { matchRows, rankSimilar, similarView, type MatchRow } from '../duplicates/candidates.js';
import { text } from './i18n.js';
import { problem } from './problems.js';

type SimilarEnv = { Variables: { staff: StaffMember; lang: Language } };

/** The path parameters of `GET /messages/{id}/similar`. */
export const similarParamsSchema = z.object({ id: z.string().min(1).max(100) });
/** The path parameters of `POST /messages/{id}/similar/{otherId}/dismiss`. */
export const dismissParamsSchema = z.object({ id: z.string().min(1).max(100), otherId: z.string().min(1).max(100) });

/** One reason two messages look alike. */
export const similarityReasonSchema = z.object({
  code: z.enum(['service', 'distance', 'region', 'place', 'time', 'text']),
  value: z.union([z.string(), z.number()]),
});

/** The answer of `GET /staff/v1/messages/{id}/similar`: the messages like it, best first. */
export const similarMessagesSchema = z.object({
  items: z.array(
    z.object({
      /** The message to link to (a first message, never a duplicate). */
      id: z.string(),
      score: z.number().min(0).max(1),
      /** `link`: above the system's link threshold; `suggest`: between the two thresholds. */
      decision: z.enum(['link', 'suggest']),
      reasons: z.array(similarityReasonSchema),
      /** The reasons in a sentence, in the caller's language. */
      summary: z.string(),
    }),
  ),
});
/** The messages like one. */
export type SimilarMessages = z.infer<typeof similarMessagesSchema>;

/** The answer of a dismissal: the pair, never suggested again. */
export const dismissalSchema = z.object({ messageId: z.string(), otherId: z.string(), dismissedAt: z.string() });

const scopedOf = (row: MatchRow) => ({ system: row.system, serviceCode: row.service_code, unitId: row.unit_id, private: row.private });

/**
 * Duplicate search in the staff API: `GET /messages/{id}/similar` (the messages like it that the
 * caller may see, each as the first message to link to, with its score, decision and reasons) and
 * `POST /messages/{id}/similar/{otherId}/dismiss` (staff say the two are not one matter: the pair
 * is recorded and never suggested again). Confirming is the `link` action; undoing a wrong link,
 * `unlink`. A message the caller may not see answers as a nonexistent one.
 */
export function similarRoutes<E extends SimilarEnv>(app: Hono<E>, ctx: ServerContext, authorize: (c: Context<E>, right: StaffRight) => void): void {
  app.get('/messages/:id/similar', async (c) => {
    authorize(c, 'readMessages');
    const lang = c.get('lang');
    const staff = c.get('staff');
    const params = similarParamsSchema.safeParse(c.req.param());
    const id = params.success ? params.data.id : '';
    const message = id ? (await matchRows(ctx.db, [id])).get(id) : undefined;
    if (!message || !staffMay(ctx.catalog, staff, 'see', scopedOf(message))) throw problem(404, text(lang, 'requestNotFound'));
    const similar = await rankSimilar(ctx.db, ctx.catalog, message);
    const items = similar.filter((found) => staffMay(ctx.catalog, staff, 'see', scopedOf(found.row))).map((found) => similarView(found, lang));
    return c.json(similarMessagesSchema.parse({ items }));
  });

  app.post('/messages/:id/similar/:otherId/dismiss', async (c) => {
    authorize(c, 'act');
    const lang = c.get('lang');
    const staff = c.get('staff');
    const params = dismissParamsSchema.safeParse(c.req.param());
    if (!params.success) throw problem(404, text(lang, 'requestNotFound'));
    const { id, otherId } = params.data;
    const rows = await matchRows(ctx.db, [id, otherId]);
    const message = rows.get(id);
    const other = rows.get(otherId);
    if (!message || !staffMay(ctx.catalog, staff, 'act', scopedOf(message))) throw problem(404, text(lang, 'requestNotFound'));
    // Another system or privacy is never a candidate: it answers as a message that does not exist.
    if (!other || id === otherId || other.system !== message.system || other.private !== message.private || !staffMay(ctx.catalog, staff, 'see', scopedOf(other))) {
      throw problem(404, text(lang, 'requestNotFound'), { field: 'otherId' });
    }
    const at = ctx.now().toISOString();
    await ctx.db.query(
      'INSERT INTO duplicate_dismissals (message_id, other_id, dismissed_by, at) VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING',
      [id, otherId, staff.name, at],
    );
    ctx.log.info('duplicate suggestion dismissed', { messageId: id, otherId, role: staff.role });
    return c.json(dismissalSchema.parse({ messageId: id, otherId, dismissedAt: at }));
  });
}
