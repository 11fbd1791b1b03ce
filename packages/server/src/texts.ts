/**
 * Every text the server sends (API errors, statuses and timeline entries, SMS and push texts, the
 * Excel report) comes from one i18next instance loaded with core's resources (namespace `payam`)
 * and the server's own (namespace `server`), both i18next JSON v4.
 */
import { createInstance, type i18n, type TFunction } from 'i18next';
import { LRUCache } from 'lru-cache';
import { describeIssues, I18N_NAMESPACE, locales, toPersianDigits, type Language, type LocalizedIssue, type TextParams } from '@payam/core';
import type * as z from 'zod/mini';
import fa from './locales/fa.json';
import en from './locales/en.json';
import openApiFa from './locales/openapi.fa.json';

/** The namespace of the server's own texts (`server:errors.notFound`); core's are in `payam`. */
export const SERVER_NAMESPACE = 'server';

/**
 * The namespace of the OpenAPI document's summaries and descriptions. Its keys are the English
 * texts themselves (a missing translation reads as English); `openapi.fa.json` gives Persian.
 */
export const OPENAPI_NAMESPACE = 'openapi';

/** The server's own texts, per language. */
export const serverLocales: { readonly fa: typeof fa; readonly en: typeof en } = { fa, en };

/** A key of the server's API errors. */
export type ErrorTextKey = keyof typeof fa.errors;

/** Builds an i18next instance with core's and the server's resources, ready at once (no async loading). */
export function createServerI18n(): i18n {
  const instance = createInstance();
  void instance.init({
    initAsync: false,
    lng: 'fa',
    fallbackLng: 'en',
    supportedLngs: ['fa', 'en'],
    ns: [SERVER_NAMESPACE, I18N_NAMESPACE, OPENAPI_NAMESPACE],
    defaultNS: SERVER_NAMESPACE,
    resources: {
      fa: { [SERVER_NAMESPACE]: fa, [I18N_NAMESPACE]: locales.fa, [OPENAPI_NAMESPACE]: openApiFa },
      en: { [SERVER_NAMESPACE]: en, [I18N_NAMESPACE]: locales.en, [OPENAPI_NAMESPACE]: {} },
    },
    // Texts go into JSON, XML, SMS and spreadsheets, never into HTML as markup.
    // A placeholder without a value reads as nothing, as in core's `translate`.
    interpolation: { escapeValue: false },
    missingInterpolationHandler: () => '',
  });
  return instance;
}

/** The server's instance. */
export const serverI18n: i18n = createServerI18n();
const fixed: Record<Language, TFunction> = { fa: serverI18n.getFixedT('fa'), en: serverI18n.getFixedT('en') };

/**
 * A text in `lang`: `key` in the server's namespace (`errors.notFound`) or another one
 * (`payam:status.answered.label`). Numbers in `params` are written with the language's digits;
 * `count` also chooses the plural form.
 */
export function serverText(lang: Language, key: string, params: TextParams = {}): string {
  // The same few texts come back request after request (a status's label and explanation): each is
  // worked out by i18next once (about a seventh of a status read's time went to i18next).
  let cacheKey = `${lang}\u0000${key}`;
  // JSON keeps a number apart from its digits as text, and writes no NUL of its own.
  for (const name in params) cacheKey += `\u0000${JSON.stringify(name)}:${JSON.stringify(params[name])}`;
  let text = workedOut.get(cacheKey);
  if (text === undefined) {
    text = translated(lang, key, params);
    workedOut.set(cacheKey, text);
  }
  return text;
}

function translated(lang: Language, key: string, params: TextParams): string {
  const replace: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    replace[name] = typeof value === 'number' && lang === 'fa' ? toPersianDigits(String(value)) : String(value);
  }
  const count = typeof params.count === 'number' ? { count: params.count } : {};
  return fixed[lang](key, { ...count, replace });
}

/** Texts {@link serverText} has worked out, by language, key and parameters; forgotten when the instance's texts change. */
const workedOut = new LRUCache<string, string>({ max: 4096, maxSize: 2_000_000, sizeCalculation: (text, key) => text.length + key.length });
serverI18n.store.on('added', () => workedOut.clear());
serverI18n.store.on('removed', () => workedOut.clear());

/** One of core's texts (`status.answered.label`) in `lang`, through the server's instance. */
export function coreText(lang: Language, key: string, params: TextParams = {}): string {
  return serverText(lang, `${I18N_NAMESPACE}:${key}`, params);
}

/** An API error text in `lang`. */
export function errorText(lang: Language, key: ErrorTextKey, params: TextParams = {}): string {
  return serverText(lang, `errors.${key}`, params);
}

/** A summary or description of the OpenAPI document in `lang` (its English text is its key). */
export function documentText(lang: Language, english: string): string {
  return fixed[lang](english, { ns: OPENAPI_NAMESPACE, keySeparator: false, nsSeparator: false, defaultValue: english });
}

const errorKeyByEnglish = new Map<string, ErrorTextKey>(Object.entries(en.errors).map(([key, english]) => [english, key as ErrorTextKey]));

/**
 * The message a server schema gives an issue (`z.string().refine(…, { error: issueMessage('badDate') })`):
 * the English text of one of the server's errors, worded again in the caller's language by
 * {@link issueTexts}.
 */
export function issueMessage(key: ErrorTextKey): string {
  return en.errors[key];
}

/**
 * Zod issues worded in `lang`: core's validation texts, the server's own errors (see
 * {@link issueMessage}), and zod's generic ones (a length, a type, a choice) with their values.
 * A message some other schema chose is never passed on as it is: it is worded by the issue's kind.
 */
export function issueTexts(issues: readonly z.core.$ZodIssue[], lang: Language): LocalizedIssue[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const server = errorKeyByEnglish.get(issue.message);
    if (server) return { field, message: errorText(lang, server) };
    const [described] = describeIssues([issue]);
    // zod's own wording ("Invalid …") makes `describeIssues` read the issue's kind and values.
    const { key, params } = described?.key === undefined ? describeIssues([{ ...issue, message: 'Invalid input' }])[0]! : described;
    return { field, message: coreText(lang, key ?? 'validation.generic.wrongType', params) };
  });
}
