import type { z } from 'zod';
import faResources from './locales/fa.json';
import enResources from './locales/en.json';
import type { Language } from './schemas/common.js';
import { V } from './validation-messages.js';
import { toPersianDigits } from './text.js';

/** The locale resources, in i18next JSON v4 format (plural keys `_one`/`_other`). */
export const locales: { readonly fa: typeof faResources; readonly en: typeof enResources } = {
  fa: faResources,
  en: enResources,
};

/** The i18next namespace Payam's resources live in. */
export const I18N_NAMESPACE = 'payam';

type Tree = { readonly [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/**
 * Translates `key` with i18next's rules for the subset Payam uses: nested keys, `{{name}}`
 * interpolation, `count` choosing `_one`/`_other`; falls back to English, then to the key.
 * Hosts that already run i18next can load {@link locales} into it instead.
 */
export function translate(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const tree = locales[lang] as Tree;
  let template: string | undefined;
  if (typeof params.count === 'number') {
    let rules = pluralRules.get(lang);
    if (!rules) {
      rules = new Intl.PluralRules(lang);
      pluralRules.set(lang, rules);
    }
    const form = rules.select(params.count);
    template = lookup(tree, `${key}_${form}`) ?? lookup(tree, `${key}_other`);
  }
  template ??= lookup(tree, key) ?? lookup(locales.en as Tree, key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return '';
    return lang === 'fa' && typeof value === 'number' ? toPersianDigits(String(value)) : String(value);
  });
}

const keyByEnglish = new Map<string, string>(Object.entries(V).map(([key, text]) => [text, key]));

/** One validation problem, located and in words a person can act on. */
export interface LocalizedIssue {
  /** Where: dotted path such as `attributes.depth` (empty for the whole input). */
  field: string;
  /** What is wrong and what to do, in the requested language. */
  message: string;
}

/**
 * Puts zod issues into `lang`: Payam's own messages through `validation.<key>`, zod's generic
 * ones as zod words them (hosts may parse with zod's own locale for those).
 */
export function localizeIssues(issues: readonly z.core.$ZodIssue[], lang: Language): LocalizedIssue[] {
  return issues.map((issue) => {
    const key = keyByEnglish.get(issue.message);
    return {
      field: issue.path.map(String).join('.'),
      message: key ? translate(lang, `validation.${key}`) : issue.message,
    };
  });
}
