import i18next, { type FormatterModule, type i18n as I18n, type TFunction } from 'i18next';
import { I18N_NAMESPACE, locales, type Language } from '@payam/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import fa from '../locales/fa.json';
import en from '../locales/en.json';

/** The i18next namespace of the widgets' own UI strings (core's texts live in `payam`). */
export const WIDGETS_NAMESPACE = 'widgets';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Formats a number with the language's digits (Persian digits in `fa`). */
export function formatNumber(value: number, lang: Language): string {
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-US', { useGrouping: false, maximumFractionDigits: 6 });
    numberFormats.set(lang, format);
  }
  return format.format(value);
}

/** Every interpolated number is written with the language's digits (`{{count}}` included). */
const digits: FormatterModule = {
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  format: (value: unknown, _format: string | undefined, lng: string | undefined) =>
    typeof value === 'number' ? formatNumber(value, lng === 'en' ? 'en' : 'fa') : (value as string),
};

let instance: I18n | undefined;

/**
 * The widgets' private i18next instance: core's locales plus the widgets' UI strings, in fa and
 * en. It is never the host page's global i18next, so a page's own translations are untouched.
 */
export function widgetsI18n(): I18n {
  if (instance) return instance;
  instance = i18next.createInstance();
  void instance.use(digits).init({
    initAsync: false,
    lng: 'fa',
    fallbackLng: 'en',
    supportedLngs: ['fa', 'en'],
    ns: [WIDGETS_NAMESPACE, I18N_NAMESPACE],
    defaultNS: WIDGETS_NAMESPACE,
    resources: {
      fa: { [WIDGETS_NAMESPACE]: fa, [I18N_NAMESPACE]: locales.fa },
      en: { [WIDGETS_NAMESPACE]: en, [I18N_NAMESPACE]: locales.en },
    },
    // Lit renders every string as text, so i18next must not HTML-escape a second time.
    interpolation: { escapeValue: false, alwaysFormat: true },
  });
  return instance;
}

/** A host whose language decides the texts it shows. */
export interface LanguageHost extends ReactiveControllerHost {
  /** The widget's language. */
  lang: string;
}

/** Parameters of a translated text. Numbers are shown with the language's digits. */
export type TextParams = Record<string, string | number>;

/**
 * Translates texts for one widget in the widget's current language. Because the language is a
 * reactive property, changing it re-renders the widget in the new language.
 */
export class I18nController implements ReactiveController {
  private readonly fixed = new Map<string, TFunction>();

  constructor(private readonly host: LanguageHost) {
    host.addController(this);
  }

  /** The widget's language, `fa` unless it is `en`. */
  get lang(): Language {
    return this.host.lang === 'en' ? 'en' : 'fa';
  }

  /** Translates one of the widgets' own keys (`report.title`) or core's (`payam:status.answered.label`). */
  t(key: string, params: TextParams = {}): string {
    const lang = this.lang;
    let t = this.fixed.get(lang);
    if (!t) {
      t = widgetsI18n().getFixedT(lang, WIDGETS_NAMESPACE);
      this.fixed.set(lang, t);
    }
    return t(key, params) as string;
  }

  /** Formats a number with the language's digits. */
  number(value: number): string {
    return formatNumber(value, this.lang);
  }

  hostConnected(): void {}
}
