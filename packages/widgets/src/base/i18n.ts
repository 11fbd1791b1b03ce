import { fillText, findText, type Language, type TextParams, type TextTree } from '@payam/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The namespace of the widgets' own UI strings; core's texts live in `payam` (`payam:status.answered.label`). */
export const WIDGETS_NAMESPACE = 'widgets';

export type { TextParams, TextTree };

/** Every text of one language: the widgets' own and core's. */
export interface LanguageTexts {
  /** The widgets' UI strings (`report.title`). */
  readonly widgets: TextTree;
  /** Core's texts: statuses, timeline, validation, feedback (`payam:…`). */
  readonly payam: TextTree;
}

// Each language is its own module, so a page downloads only the languages its widgets speak.
const loaders: Record<Language, () => Promise<{ default: LanguageTexts }>> = {
  fa: () => import('../locales/fa.js'),
  en: () => import('../locales/en.js'),
};

const loaded = new Map<Language, LanguageTexts>();
const loading = new Map<Language, Promise<LanguageTexts>>();

/**
 * Loads the texts of `lang` once for every widget on the page. Widgets call it before their
 * first render in a language; a host may call it early to have the texts ready sooner.
 */
export function loadTexts(lang: Language): Promise<LanguageTexts> {
  const ready = loaded.get(lang);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(lang);
  if (!pending) {
    pending = loaders[lang]().then(
      (module) => {
        loaded.set(lang, module.default);
        return module.default;
      },
      (error: unknown) => {
        // A failed download (offline, a deploy in between) is tried again next time.
        loading.delete(lang);
        throw error;
      },
    );
    loading.set(lang, pending);
  }
  return pending;
}

/** The texts of `lang` if they are loaded, else `undefined`. */
export function loadedTexts(lang: Language): LanguageTexts | undefined {
  return loaded.get(lang);
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
  const texts = loaded.get(lang);
  const tree = namespace === 'payam' ? texts?.payam : namespace === WIDGETS_NAMESPACE ? texts?.widgets : undefined;
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
