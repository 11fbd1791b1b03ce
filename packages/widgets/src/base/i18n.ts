import { fillText, findText, I18N_NAMESPACE, type Language, type TextParams, type TextTree } from '@payam/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The namespace of the widgets' own UI strings; core's texts live in `payam` (`payam:status.answered.label`). */
export const WIDGETS_NAMESPACE = 'widgets';

export type { TextParams, TextTree };

/** The texts of one language a widget speaks: the widgets' own sections and core's. */
export interface LanguageTexts {
  /** The widgets' UI strings, by section (`common`, `report`, …). */
  readonly widgets: TextTree;
  /** Core's texts, by section (`status`, `validation`, …): read as `payam:…`. */
  readonly payam: TextTree;
}

/** Loads one language's texts of one widget (a dynamic import, so each is its own chunk). */
export type TextsLoader = () => Promise<{ readonly default: LanguageTexts }>;

/** Where a widget's texts come from, per language. */
export type WidgetTexts = Readonly<Record<Language, TextsLoader>>;

/** What the loaded parts of a language add up to; a section several widgets load (`common`, `validation`) is the same in each. */
const merged = new Map<Language, { widgets: Record<string, string | TextTree>; payam: Record<string, string | TextTree> }>();
const loaded = new Set<TextsLoader>();
const loading = new Map<TextsLoader, Promise<void>>();

/** Whether the texts `loader` brings are loaded. */
export function hasTexts(loader: TextsLoader): boolean {
  return loaded.has(loader);
}

/**
 * Loads the texts of `lang` that `loader` brings, once for every widget on the page; a widget
 * does it before it first renders in a language. A failed download (offline, a deploy in
 * between) is tried again next time.
 */
export function loadTexts(lang: Language, loader: TextsLoader): Promise<void> {
  if (loaded.has(loader)) return Promise.resolve();
  let pending = loading.get(loader);
  if (!pending) {
    pending = loader().then(
      ({ default: texts }) => {
        const into = merged.get(lang) ?? { widgets: {}, payam: {} };
        Object.assign(into.widgets, texts.widgets);
        Object.assign(into.payam, texts.payam);
        merged.set(lang, into);
        loaded.add(loader);
        loading.delete(loader);
      },
      (error: unknown) => {
        loading.delete(loader);
        throw error;
      },
    );
    loading.set(loader, pending);
  }
  return pending;
}

const numberFormats = new Map<Language, Intl.NumberFormat>();

/** Formats a number with the language's digits (Persian digits in `fa`). */
export function formatNumber(value: number, lang: Language): string {
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-US', { useGrouping: false, maximumFractionDigits: 6 });
    numberFormats.set(lang, format);
  }
  return format.format(value);
}

/**
 * Translates `key` (`report.title`, or `payam:status.answered.label` for core's texts) with the
 * i18next JSON v4 rules the locales use: nested keys, `count` choosing the plural form of the
 * language, `{{name}}` filled from `params` with numbers in the language's digits. A key without
 * a text (or texts not loaded yet) is shown as the key.
 */
export function translateText(lang: Language, key: string, params: TextParams = {}): string {
  const colon = key.indexOf(':');
  const namespace = colon > 0 ? key.slice(0, colon) : WIDGETS_NAMESPACE;
  const path = colon > 0 ? key.slice(colon + 1) : key;
  const texts = merged.get(lang);
  const tree = namespace === I18N_NAMESPACE ? texts?.payam : namespace === WIDGETS_NAMESPACE ? texts?.widgets : undefined;
  const template = findText(tree, lang, path, params) ?? key;
  return fillText(template, params, (value) => formatNumber(value, lang));
}

/** A host whose language decides the texts it shows. */
export interface LanguageHost extends ReactiveControllerHost {
  /** The widget's language. */
  lang: string;
}

/**
 * Translates texts for one widget in the widget's current language. Because the language is a
 * reactive property, changing it re-renders the widget in the new language.
 */
export class I18nController implements ReactiveController {
  constructor(private readonly host: LanguageHost) {
    host.addController(this);
  }

  /** The widget's language, `fa` unless it is `en`. */
  get lang(): Language {
    return this.host.lang === 'en' ? 'en' : 'fa';
  }

  /** Translates one of the widgets' own keys (`report.title`) or core's (`payam:status.answered.label`). */
  t(key: string, params: TextParams = {}): string {
    return translateText(this.lang, key, params);
  }

  /** Formats a number with the language's digits. */
  number(value: number): string {
    return formatNumber(value, this.lang);
  }

  hostConnected(): void {}
}
