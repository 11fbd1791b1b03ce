import type { Context, Hono } from 'hono';
import type { Language } from '@payam/core';
import { loadCatalog } from '../config/catalog.js';
import { configurationChanged } from '../config/catalog-watch.js';
import { mergePatch, OPTIONAL_SETTINGS_KEYS, SETTINGS_KEYS, settingsDocumentSchema, type Settings } from '../config/policies.js';
import type { ServerContext } from '../engine/context.js';
import { inTransaction } from '../engine/transitions.js';
import { readBody } from './body.js';
import { text } from './i18n.js';
import { ApiProblem } from './problems.js';
import { issuesProblem } from './wire.js';

type PolicyEnv = { Variables: { lang: Language } };

/**
 * The policy document under `/policies` of the staff API: `GET` reads it, `PUT` replaces it whole
 * (a document missing a part is refused), `PATCH` merges the parts given (JSON Merge Patch,
 * RFC 7396). A change is written with the configuration version in one transaction, so every
 * server process picks it up within seconds. `authorize(c, write)` enforces the roles.
 */
export function policyRoutes<E extends PolicyEnv>(app: Hono<E>, ctx: ServerContext, authorize: (c: Context<E>, write: boolean) => void): void {
  app.get('/policies', (c) => {
    authorize(c, false);
    return c.json(ctx.catalog.settings);
  });

  const save = async (c: Context<E>, document: unknown) => {
    const lang = c.get('lang');
    const parsed = settingsDocumentSchema.safeParse(document);
    if (!parsed.success) throw issuesProblem(parsed.error.issues, lang, (path) => path.map(String).join('.'));
    await inTransaction(ctx, async (tx) => {
      for (const key of SETTINGS_KEYS) {
        // A part left out goes back to its default.
        if (parsed.data[key] === undefined) {
          await tx.query('DELETE FROM settings WHERE key = $1', [key]);
          continue;
        }
        await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(parsed.data[key])]);
      }
      await configurationChanged(tx);
    });
    ctx.catalog = await loadCatalog(ctx.db);
    return ctx.catalog.settings;
  };

  app.put('/policies', async (c) => {
    const lang = c.get('lang');
    authorize(c, true);
    const fields = await readBody(c, lang);
    const missing = SETTINGS_KEYS.filter((key) => !OPTIONAL_SETTINGS_KEYS.has(key) && !(key in fields));
    if (missing.length > 0) {
      throw new ApiProblem(400, missing.map((key) => ({ code: 400, description: text(lang, 'policiesIncomplete', { part: key }), field: key })));
    }
    const settings = await save(c, fields);
    ctx.log.info('policies replaced', {});
    return c.json(settings);
  });

  app.patch('/policies', async (c) => {
    const lang = c.get('lang');
    authorize(c, true);
    const patch = await readBody(c, lang);
    const current: Settings = ctx.catalog.settings;
    const settings = await save(c, mergePatch(current, patch));
    ctx.log.info('policies changed', { keys: Object.keys(patch).join(',') });
    return c.json(settings);
  });
}
