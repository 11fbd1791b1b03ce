import { I18N_NAMESPACE } from '@payam/core/text-template';
import { wordIssues } from '@payam/core/issue-text';
import type { Language } from '@payam/core/schemas/common';
import type * as z from 'zod/mini';
import { translateText } from './i18n.js';
import type { ShownProblem } from './errors.js';

/**
 * Validation issues in `lang`, worded with core's texts as the widgets load them. Apart from
 * `errors.ts` because core's issue texts are a good part of a widget's weight: a widget that
 * checks input only on an action (the report form) loads them with the checks.
 */
export function issueProblems(issues: readonly z.core.$ZodIssue[], lang: Language): ShownProblem[] {
  return wordIssues(issues, (key, params) => translateText(lang, `${I18N_NAMESPACE}:${key}`, params));
}
