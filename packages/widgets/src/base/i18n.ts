import { fillText, findText, I18N_NAMESPACE, type TextParams, type TextTree } from '@payam/core/text-template';
import type { Language } from '@payam/core/schemas/common';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TextKey } from './text-keys.js';

/** The namespace of the widgets' own UI strings; core's texts live in `payam` (`payam:status.answered.label`). */
export const WIDGETS_NAMESPACE = 'widgets';

export type { TextParams, TextTree };
export type { TextKey };

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

/**
 * The part of an i18next instance (i18next ≥ 21, as react-i18next and i18next-vue share it) the
 * widgets use when a host page hands them its own; see {@link useI18next}.
 */
export interface HostI18next {
  t(key: string, options: { lng: string; ns: string; count?: number; replace: Record<string, string> }): string;
  exists(key: string, options: { lng: string; ns: string }): boolean;
  addResourceBundle(lng: string, ns: string, resources: object, deep?: boolean, overwrite?: boolean): unknown;
  /** Its resource store, which says when texts are added. */
  store?: { on(event: 'added', listener: () => void): unknown };
}

let hostI18next: HostI18next | undefined;
/** The controllers of the widgets on the page, re-rendered when the host's texts change. */
const controllers = new Set<I18nController>();

/**
 * Lets the widgets speak through a host page's i18next instance (pass `undefined` to go back to
 * their built-in translator). The widgets' texts are added to it (namespaces `widgets` and
 * `payam`) without replacing any the host already has, so the host overrides any text by adding
 * its own, before or after: `useI18next(i18next)`.
 */
export function useI18next(instance: HostI18next | undefined): void {
  hostI18next = instance;
  if (instance) {
    for (const [lang, texts] of merged) addToHost(instance, lang, texts);
    instance.store?.on('added', () => {
      if (hostI18next === instance) rerenderAll();
    });
  }
  rerenderAll();
}

function addToHost(instance: HostI18next, lang: Language, texts: { widgets: TextTree; payam: TextTree }): void {
  instance.addResourceBundle(lang, WIDGETS_NAMESPACE, texts.widgets, true, false);
  instance.addResourceBundle(lang, I18N_NAMESPACE, texts.payam, true, false);
}

function rerenderAll(): void {
  for (const controller of controllers) controller.requestUpdate();
}

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
        if (hostI18next) addToHost(hostI18next, lang, texts);
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
 * a text (or texts not loaded yet) is shown as the key. With a host's i18next (see
 * {@link useI18next}) a key it has is translated by it.
 */
export function translateText(lang: Language, key: string, params: TextParams = {}): string {
  const colon = key.indexOf(':');
  const namespace = colon > 0 ? key.slice(0, colon) : WIDGETS_NAMESPACE;
  const path = colon > 0 ? key.slice(colon + 1) : key;
  if (hostI18next?.exists(path, { lng: lang, ns: namespace })) {
    const replace: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) replace[name] = typeof value === 'number' ? formatNumber(value, lang) : value;
    return hostI18next.t(path, { lng: lang, ns: namespace, ...(typeof params.count === 'number' ? { count: params.count } : {}), replace });
  }
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

  /** Renders the widget again (its texts changed). */
  requestUpdate(): void {
    this.host.requestUpdate();
  }

  /** The widget's language, `fa` unless it is `en`. */
  get lang(): Language {
    return this.host.lang === 'en' ? 'en' : 'fa';
  }

  /** Translates one of the widgets' own keys (`report.title`) or core's (`payam:status.answered.label`). */
  t(key: TextKey, params: TextParams = {}): string {
    return translateText(this.lang, key, params);
  }

  /** Formats a number with the language's digits. */
  number(value: number): string {
    return formatNumber(value, this.lang);
  }

  hostConnected(): void {
    controllers.add(this);
  }

  hostDisconnected(): void {
    controllers.delete(this);
  }
}
