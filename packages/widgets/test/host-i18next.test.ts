/**
 * A host page that runs i18next hands it to the widgets: they give the same strings through it as
 * with their built-in translator, for every key, and the host overrides any text.
 */
import { expect, fixture, html } from '@open-wc/testing';
import i18next from 'i18next';
import { I18N_NAMESPACE, type Language, type TextTree } from '@payam/core';
import '../src/index.js';
import { PayamFeedbackForm, PayamReportForm, PayamStatusTracker, translateText, useI18next, WIDGETS_NAMESPACE } from '../src/index.js';
import { loadTexts, type LanguageTexts } from '../src/base/i18n.js';
import { cannedClient } from './fixtures.js';
import { until } from './helpers.js';

/** Every leaf key of a text tree, with its text. */
function leaves(tree: TextTree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

/** Values for a text's placeholders: a number for a count, a number with digits for others. */
function paramsFor(template: string, count: number): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [, name] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) params[name!] = name === 'count' ? count : name === 'lat' ? 35.7 : `«${name}»`;
  return params;
}

const LANGUAGES: Language[] = ['fa', 'en'];
const WIDGETS = [PayamReportForm, PayamStatusTracker, PayamFeedbackForm];

/** Every text the widgets can show, loaded the way the widgets load them. */
async function allTexts(): Promise<Map<Language, LanguageTexts[]>> {
  const all = new Map<Language, LanguageTexts[]>();
  for (const lang of LANGUAGES) {
    const parts: LanguageTexts[] = [];
    for (const widget of WIDGETS) {
      const loader = widget.texts![lang];
      await loadTexts(lang, loader);
      parts.push((await loader()).default);
    }
    all.set(lang, parts);
  }
  return all;
}

describe("a host page's i18next", () => {
  afterEach(() => useI18next(undefined));

  it('gives the same string as the built-in translator for every key, in both languages', async () => {
    const texts = await allTexts();
    const keys: [Language, string, string][] = [];
    for (const [lang, parts] of texts) {
      for (const part of parts) {
        for (const [key, template] of leaves(part.widgets)) keys.push([lang, key, template]);
        for (const [key, template] of leaves(part.payam)) keys.push([lang, `${I18N_NAMESPACE}:${key}`, template]);
      }
    }
    expect(keys.length).to.be.greaterThan(150);
    const plain = (lang: Language, key: string, template: string, count: number) =>
      translateText(lang, key.replace(/_(zero|one|two|few|many|other)$/, ''), paramsFor(template, count));
    const builtIn = keys.map(([lang, key, template]) => [1, 2].map((count) => plain(lang, key, template, count)));
    const host = i18next.createInstance();
    await host.init({ lng: 'de', resources: {} });
    useI18next(host);
    const throughHost = keys.map(([lang, key, template]) => [1, 2].map((count) => plain(lang, key, template, count)));
    keys.forEach(([lang, key], i) => expect(throughHost[i], `${lang} ${key}`).to.deep.equal(builtIn[i]));
    // The widgets' texts went into the host's instance, in their own namespaces.
    expect(host.exists('tracker.title', { lng: 'fa', ns: WIDGETS_NAMESPACE })).to.equal(true);
    expect(host.t('status.answered.label', { lng: 'en', ns: I18N_NAMESPACE })).to.equal(translateText('en', 'payam:status.answered.label'));
  });

  it('lets the host override any text, before or after the widgets load, and go back', async () => {
    const host = i18next.createInstance();
    await host.init({
      lng: 'en',
      resources: { en: { [WIDGETS_NAMESPACE]: { tracker: { title: 'Follow your report' } } } },
    });
    useI18next(host);
    const el = await fixture<PayamStatusTracker>(html`<payam-status-tracker lang="en" .client=${cannedClient([])}></payam-status-tracker>`);
    await until(el, () => !!el.shadowRoot!.querySelector('h2'));
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Follow your report');
    // The host's own text stays; the widgets' other texts were added beside it.
    expect(el.shadowRoot!.querySelector('label[for="code"]')!.textContent).to.equal('Tracking code');
    host.addResource('en', WIDGETS_NAMESPACE, 'tracker.code', 'Your reference');
    await until(el, () => el.shadowRoot!.querySelector('label[for="code"]')!.textContent === 'Your reference');
    useI18next(undefined);
    await until(el, () => el.shadowRoot!.querySelector('h2')!.textContent === 'Track a message');
    await expect(el).to.be.accessible();
  });
});
