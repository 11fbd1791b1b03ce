/**
 * The server's texts come from one i18next instance loaded with core's resources and its own:
 * the same strings as core's `translate` for every core key, every server key in both languages,
 * and the answers of a running server change when the instance's resources do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locales, translate, type Language, type TextTree } from '@payam/core';
import { errorText, coreText, serverI18n, serverLocales, SERVER_NAMESPACE, serverText } from '../src/texts.js';
import { startTestServer, type TestServer } from './support/harness.js';

/** Every leaf key of a text tree (`status.answered.label`, `linked_count_one`). */
function keysOf(tree: TextTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));
}

/** Values for every placeholder of a text, numbers where a count or amount is likely. */
function paramsFor(template: string): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [, name] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) params[name!] = name === 'count' || name === 'min' || name === 'max' ? 3 : `«${name}»`;
  return params;
}

const LANGUAGES: Language[] = ['fa', 'en'];

describe("the server's i18next instance", () => {
  it('gives a text worked out before the same again, and tells a number from the same digits as text', () => {
    const key = 'errors.tooManyRequests';
    const asNumber = serverText('fa', key, { seconds: 30 });
    expect(asNumber).toContain('۳۰');
    expect(serverText('fa', key, { seconds: 30 })).toBe(asNumber);
    // The same digits given as text are written as given, not in Persian digits.
    expect(serverText('fa', key, { seconds: '30' })).toContain('30');
    expect(serverText('fa', key, { seconds: '30' })).not.toBe(asNumber);
    // Parameters whose names or values hold the separators of another set are not mistaken for it.
    expect(serverText('en', key, { seconds: '1\u0000x' })).not.toBe(serverText('en', key, { seconds: '1', x: '' }));
    expect(serverText('en', key, { seconds: 7 })).toBe(serverI18n.t(key, { lng: 'en', replace: { seconds: '7' } }));
  });

  it("gives core's `translate` strings for every core key, plural forms and Persian digits included", () => {
    for (const lang of LANGUAGES) {
      for (const leaf of keysOf(locales[lang] as TextTree)) {
        const key = leaf.replace(/_(one|other|zero|two|few|many)$/, '');
        const template = leaf.split('.').reduce<unknown>((node, part) => (node as TextTree)[part], locales[lang]) as string;
        for (const count of [1, 3]) {
          const params = { ...paramsFor(template), ...('count' in paramsFor(template) ? { count } : {}) };
          expect(coreText(lang, key, params), `${lang} ${key}`).toBe(translate(lang, key, params));
        }
      }
    }
  });

  it('holds every server text in both languages with the same placeholders', () => {
    const fa = keysOf(serverLocales.fa as TextTree).sort();
    const en = keysOf(serverLocales.en as TextTree).sort();
    expect(fa).toEqual(en);
    const raw = (lang: Language, key: string) => key.split('.').reduce<unknown>((node, part) => (node as TextTree)[part], serverLocales[lang]) as string;
    for (const key of fa) {
      const placeholders = (lang: Language) => [...raw(lang, key).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders('fa'), key).toEqual(placeholders('en'));
      expect(serverText('fa', key)).not.toMatch(/\{\{/);
      expect(serverText('fa', key)).not.toBe(key);
      expect(serverText('en', key)).not.toBe(key);
    }
    expect(errorText('fa', 'internal', { id: 'e-7' })).toContain('e-7');
    expect(serverText('fa', 'feedbackReport.rating', { min: 1, max: 5 })).toContain('۱ تا ۵');
  });
});

/** The text of every TypeScript file under `dir`. */
function sourcesUnder(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourcesUnder(path);
      return entry.name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe("the server's own texts", () => {
  it('are each used by the server: a text nothing says is removed, not kept translated', () => {
    const source = sourcesUnder(join(import.meta.dirname, '..', 'src'));
    const unused = keysOf(serverLocales.en as TextTree).filter((key) => {
      const leaf = key.split('.').at(-1)!.replace(/_(one|other)$/, '');
      // Named as a string, a property (`texts.x`) or an object key (`{ x: … }` of a column list).
      return !new RegExp(`['"\`]${leaf}['"\`]|\\.${leaf}\\b|\\b${leaf}\\s*:`).test(source);
    });
    expect(unused).toEqual([]);
  });
});

describe('a running server speaks through the instance', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s.close());

  it('answers errors, statuses and OpenAPI texts from i18next resources', async () => {
    const original = serverI18n.getResource('en', SERVER_NAMESPACE, 'errors.serviceNotFound') as string;
    // Asked once before the change, so that a text kept from then would show.
    expect(JSON.stringify(await (await s.get('/open311/v2/services/no-such-service.json?lang=en')).json())).toContain(original);
    serverI18n.addResource('en', SERVER_NAMESPACE, 'errors.serviceNotFound', 'No such service here (from i18next).');
    try {
      const response = await s.get('/open311/v2/services/no-such-service.json?lang=en');
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).toContain('No such service here (from i18next).');
    } finally {
      serverI18n.addResource('en', SERVER_NAMESPACE, 'errors.serviceNotFound', original);
    }
    expect(JSON.stringify(await (await s.get('/open311/v2/services/no-such-service.json?lang=en')).json())).toContain(original);
    const { id } = await s.submit({ lang: 'en' });
    const [message] = (await (await s.get(`/open311/v2/requests/${id}.json?extensions=true&lang=fa`)).json()) as {
      extended_attributes: { detailed_status: string; detailed_status_label: string };
    }[];
    const status = message!.extended_attributes.detailed_status;
    expect(message!.extended_attributes.detailed_status_label).toBe(serverI18n.t(`payam:status.${status}.label`, { lng: 'fa' }));
    const fa = (await (await s.get('/openapi.json?lang=fa')).json()) as { paths: Record<string, { post?: { summary: string } }> };
    expect(fa.paths['/open311/v2/requests.{format}']!.post!.summary).toBe('ثبت پیام');
    const en = (await (await s.get('/openapi.json')).json()) as { paths: Record<string, { post?: { summary: string } }> };
    expect(en.paths['/open311/v2/requests.{format}']!.post!.summary).toBe('Register a message');
  });
});
