import type * as z from 'zod/mini';
import faResources from './locales/fa.json';
import enResources from './locales/en.json';
import type { Language } from './schemas/common.js';
import { toPersianDigits } from './text.js';
import { wordIssues, type LocalizedIssue } from './issue-text.js';
import { fillText, findText, type TextParams } from './text-template.js';

/** The locale resources, in i18next JSON v4 format (plural keys `_one`/`_other`). */
export const locales: { readonly fa: typeof faResources; readonly en: typeof enResources } = {
  fa: faResources,
  en: enResources,
};

/**
 * Translates `key` with i18next's rules for the subset Payam uses: nested keys, `{{name}}`
 * interpolation, `count` choosing `_one`/`_other`; falls back to English, then to the key.
 * Hosts that already run i18next can load {@link locales} into it instead.
 */
export function translate(lang: Language, key: string, params: TextParams = {}): string {
  const template = findText(locales[lang], lang, key, params) ?? findText(locales.en, 'en', key, params) ?? key;
  return fillText(template, params, (value) => (lang === 'fa' ? toPersianDigits(String(value)) : String(value)));
}

/** Puts zod issues into `lang` with Payam's locales (see `wordIssues`). */
export function localizeIssues(issues: readonly z.core.$ZodIssue[], lang: Language): LocalizedIssue[] {
  return wordIssues(issues, (key, params) => translate(lang, key, params));
}
