import type { Hono, MiddlewareHandler } from 'hono';
import type { Language } from '@payam/core';
import { staffMay, type StaffMember, type StaffRight } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { matchRows, rankSimilar, similarView, type MatchRow } from '../duplicates/candidates.js';
import { text } from './i18n.js';
import { problem } from './problems.js';
import { serve } from './route.js';
import { dismissalSchema, similarApi, similarMessagesSchema } from './similar-api.js';

type SimilarEnv = { Variables: { staff: StaffMember; lang: Language } };

const scopedOf = (row: MatchRow) => ({ system: row.system, serviceCode: row.service_code, unitId: row.unit_id, private: row.private });

/**
 * Duplicate search in the staff API: `GET /messages/{id}/similar` (the messages like it that the
 * caller may see, each as the first message to link to, with its score, decision and reasons) and
 * `POST /messages/{id}/similar/{otherId}/dismiss` (staff say the two are not one matter: the pair
 * is recorded and never suggested again). Confirming is the `link` action; undoing a wrong link,
 * `unlink`. A message the caller may not see answers as a nonexistent one.
 */
export function similarRoutes<E extends SimilarEnv>(
  app: Hono<E>,
  ctx: ServerContext,
  may: (right: StaffRight) => { before: MiddlewareHandler<E>[] },
): void {
  serve(app, similarApi.similar, async (c, { params: { id }, lang }) => {
    const staff = c.get('staff');
    const message = (await matchRows(ctx.db, [id])).get(id);
    if (!message || !staffMay(ctx.catalog, staff, 'see', scopedOf(message))) throw problem(404, text(lang, 'requestNotFound'));
    const similar = await rankSimilar(ctx.db, ctx.catalog, message);
    const items = similar.filter((found) => staffMay(ctx.catalog, staff, 'see', scopedOf(found.row))).map((found) => similarView(found, lang));
    return c.json(similarMessagesSchema.parse({ items }));
  }, may('readMessages'));

  serve(app, similarApi.dismiss, async (c, { params: { id, otherId }, lang }) => {
    const staff = c.get('staff');
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
  }, may('act'));
}
