import type * as z from 'zod/mini';
import { inputMessages } from './validation-messages.js';
import { isMissingValue } from './input-issues.js';
import type { TextParams } from './text-template.js';

const textKeyByEnglish = new Map<string, string>(Object.entries(inputMessages).map(([key, text]) => [text, `validation.${key}`]));

/** A city's setup gives the key of its text as the message (see `configuration-messages.ts`). */
const CONFIGURATION_KEY = /^configuration\.\w+$/;

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

/** A validation problem as a text of Payam's locales, so any translator can word it. */
export interface IssueDescription {
  /** Where: dotted path such as `attributes.depth` (empty for the whole input). */
  field: string;
  /**
   * The key of its text in Payam's locales (`validation.phone`, `validation.generic.tooLong`), or
   * `undefined` when some other schema worded the message itself (then show {@link message}).
   */
  key: string | undefined;
  /** Values for the text's placeholders (`maximum`, `values`, …). */
  params: TextParams;
  /** The issue's own message. */
  message: string;
}

/**
 * Names the text for each zod issue: Payam's own messages as `validation.<key>` (or `configuration.<key>`, see `messageTextKey`), zod's generic
 * ones (a length, a type, a choice, a format) as `validation.generic.<key>` with their values; a
 * message some other schema chose has no key. A missing value is told apart from a wrong one when
 * the issues come from `safeParseInput` (or from a process that loaded classic zod's
 * English locale); otherwise it reads as a value of the wrong type.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): IssueDescription[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const own = textKeyByEnglish.get(issue.message) ?? (CONFIGURATION_KEY.test(issue.message) ? issue.message : undefined);
    if (own) return { field, key: own, params: {}, message: issue.message };
    if (ZOD_DEFAULT_MESSAGE.test(issue.message)) {
      const generic = genericMessage(issue);
      return { field, key: `validation.generic.${generic.key}`, params: generic.params, message: issue.message };
    }
    return { field, key: undefined, params: {}, message: issue.message };
  });
}

/** One validation problem, located and in words a person can act on. */
export interface LocalizedIssue {
  /** Where: dotted path such as `attributes.depth` (empty for the whole input). */
  field: string;
  /** What is wrong and what to do, in the requested language. */
  message: string;
}

/**
 * Words zod issues with `word`, any translator of Payam's text keys (core's `translate`, a
 * widget's loaded texts, a host's i18next); a message some other schema chose is kept as it is.
 */
export function wordIssues(
  issues: readonly z.core.$ZodIssue[],
  word: (key: string, params: TextParams) => string,
): LocalizedIssue[] {
  return describeIssues(issues).map(({ field, key, params, message }) => ({
    field,
    message: key === undefined ? message : word(key, params),
  }));
}
