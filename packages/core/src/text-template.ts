import type { Language } from './schemas/common.js';

/** The i18next namespace Payam's resources live in (`payam:status.answered.label`). */
export const I18N_NAMESPACE = 'payam';

/** Texts in i18next JSON v4 format: nested keys, `{{name}}` placeholders, plural keys `_one`/`_other`. */
export interface TextTree {
  readonly [key: string]: string | TextTree;
}

/** Values for a text's `{{name}}` placeholders; `count` also chooses the plural form. */
export type TextParams = Readonly<Record<string, string | number>>;

function lookup(tree: TextTree, key: string): string | undefined {
  let node: string | TextTree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/**
 * The text of `key` (dotted) in `tree`, with i18next's plural rule: when `params.count` is a
 * number, the language's plural form (`key_one`, `key_other`, …) comes first, then `key_other`,
 * then `key` itself. `undefined` when the tree has none.
 */
export function findText(tree: TextTree | undefined, lang: Language, key: string, params: TextParams = {}): string | undefined {
  if (!tree) return undefined;
  if (typeof params.count === 'number') {
    let rules = pluralRules.get(lang);
    if (!rules) {
      rules = new Intl.PluralRules(lang);
      pluralRules.set(lang, rules);
    }
    const plural = lookup(tree, `${key}_${rules.select(params.count)}`) ?? lookup(tree, `${key}_other`);
    if (plural !== undefined) return plural;
  }
  return lookup(tree, key);
}

/** Fills a text's `{{name}}` placeholders from `params` (a missing one becomes empty), numbers through `formatNumber`. */
export function fillText(template: string, params: TextParams, formatNumber: (value: number) => string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return '';
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}
