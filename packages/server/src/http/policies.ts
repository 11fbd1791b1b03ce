import type { Context, Hono } from 'hono';
import type { Language } from '@payam/core';
import { loadCatalog } from '../config/catalog.js';
import { configurationChanged } from '../config/catalog-watch.js';
import { mergePatch, OPTIONAL_SETTINGS_KEYS, SETTINGS_KEYS, settingsDocumentSchema, type Settings } from '../config/policies.js';
import type { ServerContext } from '../engine/context.js';
import { inTransaction } from '../engine/transitions.js';
import { text } from './i18n.js';
import { ApiProblem } from './problems.js';
import { guard, serve } from './route.js';
import { staffApi } from './staff-api.js';
import { issuesProblem } from './validation.js';
import type { StaffMember } from '../access/index.js';
import { recordAudit } from '../admin/index.js';

type PolicyEnv = { Variables: { lang: Language; staff: StaffMember } };

/**
 * The policy document under `/policies` of the staff API: `GET` reads it, `PUT` replaces it whole
 * (a document missing a part is refused), `PATCH` merges the parts given (JSON Merge Patch,
 * RFC 7396). A change is written with the configuration version in one transaction, so every
 * server process picks it up within seconds. `authorize(c, write)` enforces the roles.
 */
export function policyRoutes<E extends PolicyEnv>(
  app: Hono<E>,
  ctx: ServerContext,
  authorize: (c: Context<E>, write: boolean) => void,
): void {
  const may = (write: boolean) => guard<E>((c) => authorize(c, write));

  serve(app, staffApi.policies, (c) => c.json(ctx.catalog.settings), may(false));

  const save = async (c: Context<E>, lang: Language, document: unknown, action: string) => {
    const staff = c.get('staff');
    const parsed = settingsDocumentSchema.safeParse(document);
    if (!parsed.success) throw issuesProblem(parsed.error.issues, lang);
    const before = ctx.catalog.settings;
    await inTransaction(ctx, async (tx) => {
      await recordAudit(
        tx,
        { now: ctx.now, actor: { id: `staff:${staff.id ?? staff.name}`, role: staff.role } },
        { action, target: 'policies', before, after: parsed.data },
      );
      for (const key of SETTINGS_KEYS) {
        // A part left out goes back to its default.
        if (parsed.data[key] === undefined) {
          await tx.query('DELETE FROM settings WHERE key = $1', [key]);
          continue;
        }
        await tx.query(
          'INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
          [key, JSON.stringify(parsed.data[key])],
        );
      }
      await configurationChanged(tx);
    });
    ctx.catalog = await loadCatalog(ctx.db);
    return ctx.catalog.settings;
  };

  serve(
    app,
    staffApi.replacePolicies,
    async (c, { body, lang }) => {
      const settings = await save(c, lang, body, 'policies.replace');
      ctx.log.info('policies replaced', {});
      return c.json(settings);
    },
    {
      ...may(true),
      // A missing part is named as such before the document is checked.
      decodeBody: (fields, _c, lang) => {
        const missing = SETTINGS_KEYS.filter((key) => !OPTIONAL_SETTINGS_KEYS.has(key) && !(key in fields));
        if (missing.length > 0) {
          throw new ApiProblem(
            400,
            missing.map((key) => ({
              code: 400,
              description: text(lang, 'policiesIncomplete', { part: key }),
              field: key,
            })),
          );
        }
        return settingsDocumentSchema.safeParse(fields);
      },
    },
  );

  serve(
    app,
    staffApi.changePolicies,
    async (c, { body: patch, lang }) => {
      const current: Settings = ctx.catalog.settings;
      const settings = await save(c, lang, mergePatch(current, patch), 'policies.change');
      ctx.log.info('policies changed', { keys: Object.keys(patch).join(',') });
      return c.json(settings);
    },
    may(true),
  );
}
