import { LitElement, type PropertyValues } from 'lit';
import type { ClientOptions, PayamClient } from '@payam/client';
import type { Language } from '@payam/core/schemas/common';
import { hasTexts, I18nController, loadTexts, type TextKey, type TextParams, type WidgetTexts } from './i18n.js';
import { formatDateTime } from './dates.js';
import { describeFailure, type ShownProblem } from './errors.js';
import type * as z from 'zod/mini';

/** The client calls the widgets make: a `@payam/client` client, or anything shaped like one. */
export type WidgetClient = Pick<PayamClient, 'services' | 'requests'>;

/**
 * What every Payam widget shares: the `base-url` / `api-key` / `lang` / `system` attributes, the
 * client built from them, the widgets' own texts (loaded per language), and the direction that follows the language.
 * Widgets extend this class, never `LitElement` directly. `C` is the part of the client the widget
 * calls: each widget builds only that part (see {@link PayamElement.connect}), so a page ships no
 * client code the widget never runs.
 */
export abstract class PayamElement<C extends object = WidgetClient> extends LitElement {
  static override properties = {
    baseUrl: { attribute: 'base-url' },
    apiKey: { attribute: 'api-key' },
    lang: { reflect: true },
    system: {},
    client: { attribute: false },
  };

  /** Where the Payam API lives, e.g. `https://payam.example.city`. Default: this page's origin. */
  declare baseUrl: string;
  /** The API key the city gave this site. */
  declare apiKey: string;
  /** `fa` (Persian, right to left, Jalali dates; the default) or `en` (English). */
  declare lang: string;
  /** The system: `137` (the request line, default) or `1888` (the inspection/complaint line). */
  declare system: string;

  /** A ready client to use instead of one built from `base-url` and `api-key` (a `@payam/client` client, or anything shaped like the part the widget calls). */
  declare client: C | undefined;

  /** Where the widget's texts come from, per language; each widget class names its own. */
  static texts: WidgetTexts | undefined = undefined;

  /** Translations in the widget's language. */
  protected readonly i18n = new I18nController(this);
  private builtClient: { key: string; client: C } | undefined;

  constructor() {
    super();
    this.baseUrl = '';
    this.apiKey = '';
    this.lang = 'fa';
    this.system = '137';
    this.client = undefined;
  }

  /** The widget's language, `fa` unless `lang` is `en`. */
  protected get language(): Language {
    return this.i18n.lang;
  }

  /** Translates a key of the widgets' texts (or `payam:…` for core's). */
  protected t(key: TextKey, params?: TextParams): string {
    return this.i18n.t(key, params);
  }

  /** Whatever a client call threw, as problems the citizen can act on, in the widget's language. */
  protected describe(error: unknown): ShownProblem[] {
    return describeFailure(error, { lang: this.language, t: (key) => this.t(key), wordIssues: (issues) => this.wordIssues(issues) });
  }

  /**
   * Words the issues of a refusal the client made itself, in the widget's language (usually with
   * `issueProblems`); `undefined` shows the client's own descriptions. Each widget decides
   * whether it carries core's issue texts from the start.
   */
  protected wordIssues(_issues: readonly z.core.$ZodIssue[]): ShownProblem[] | undefined {
    return undefined;
  }

  /** An instant as a date and time in the widget's language and calendar. */
  protected date(when: Date | string, withTime = true): string {
    return formatDateTime(when, this.language, withTime);
  }

  /** Builds the part of the client the widget calls (e.g. with `@payam/client`'s `createRegistrationClient`). */
  protected abstract connect(options: ClientOptions): C;

  /** The client: the one given, or one built from the attributes (rebuilt when they change). */
  protected get api(): C {
    if (this.client) return this.client;
    const baseUrl = this.baseUrl || globalThis.location?.origin || '';
    const key = `${baseUrl}\n${this.apiKey}\n${this.language}`;
    if (this.builtClient?.key !== key) {
      this.builtClient = { key, client: this.connect({ baseUrl, apiKey: this.apiKey, lang: this.language }) };
    }
    return this.builtClient.client;
  }

  /** Renders only once the texts of the widget's language are loaded (at once when they are). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const lang = this.language;
    const loader = (this.constructor as typeof PayamElement).texts?.[lang];
    if (!loader || hasTexts(loader)) return super.scheduleUpdate();
    return loadTexts(lang, loader).then(
      () => super.scheduleUpdate(),
      (error: unknown) => {
        console.warn(`Payam: the ${lang} texts did not load; showing text keys.`, error);
        return super.scheduleUpdate();
      },
    );
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('lang')) {
      // The direction follows the language, so `:dir()` and logical properties do the rest.
      this.setAttribute('dir', this.language === 'fa' ? 'rtl' : 'ltr');
    }
  }

  /** Moves focus to an element of the shadow tree after the next render. */
  protected async focusAfterRender(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
