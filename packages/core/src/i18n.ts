import type * as z from 'zod/mini';
import faResources from './locales/fa.json';
import enResources from './locales/en.json';
import type { Language } from './schemas/common.js';
import { V } from './validation-messages.js';
import { toPersianDigits } from './text.js';
import { isMissingValue } from './input-issues.js';

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
 * zod's own wording, not a message a schema chose: worded again in Payam's locales. zod/mini on
 * its own loads no locale and says "Invalid input"; with classic zod loaded (it sets the English
 * locale for the whole process) the wording is English. What is wrong is read from the issue's
 * code and fields, not from this wording.
 */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (big|small):|Unrecognized key)/;

/** The `validation.generic.<key>` text for one of zod's generic issues, with its values. */
function genericMessage(issue: z.core.$ZodIssue): { key: string; params: Record<string, string | number> } {
  const bound = (value: unknown) => (typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0);
  switch (issue.code) {
    case 'too_big': {
      const params = { maximum: bound(issue.maximum) };
      if (issue.origin === 'string') return { key: 'tooLong', params };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return { key: 'tooLarge', params };
      return { key: 'tooMany', params };
    }
    case 'too_small': {
      const params = { minimum: bound(issue.minimum) };
      if (issue.origin === 'string') return { key: params.minimum <= 1 ? 'empty' : 'tooShort', params };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return { key: 'tooSmall', params };
      return { key: 'tooFew', params };
    }
    case 'invalid_type':
      if (isMissingValue(issue)) return { key: 'required', params: {} };
      if (issue.expected === 'int') return { key: 'wholeNumber', params: {} };
      if (issue.expected === 'number' || issue.expected === 'string' || issue.expected === 'boolean') {
        return { key: issue.expected, params: {} };
      }
      return { key: 'wrongType', params: {} };
    case 'invalid_value':
      return { key: 'choice', params: { values: issue.values.map(String).join('، ') } };
    case 'invalid_format':
      return { key: issue.format === 'email' || issue.format === 'url' ? issue.format : 'format', params: {} };
    case 'unrecognized_keys':
      return { key: 'unknownField', params: { keys: issue.keys.join(', ') } };
    default:
      return { key: 'wrongType', params: {} };
  }
}

/**
 * Puts zod issues into `lang`: Payam's own messages through `validation.<key>`, zod's generic
 * ones (a length, a type, a choice, a format) through `validation.generic.<key>`; a message some
 * other schema chose is kept as it is. A missing value is told apart from a wrong one when the
 * issues come from {@link safeParseInput} (or from a process that loaded classic zod's English
 * locale); otherwise it reads as a value of the wrong type.
 */
export function localizeIssues(issues: readonly z.core.$ZodIssue[], lang: Language): LocalizedIssue[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const key = keyByEnglish.get(issue.message);
    if (key) return { field, message: translate(lang, `validation.${key}`) };
    if (ZOD_DEFAULT_MESSAGE.test(issue.message)) {
      const generic = genericMessage(issue);
      return { field, message: translate(lang, `validation.generic.${generic.key}`, generic.params) };
    }
    return { field, message: issue.message };
  });
}
