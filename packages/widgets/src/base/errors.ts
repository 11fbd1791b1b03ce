import { PayamApiError, PayamNetworkError, PayamTimeoutError } from '@payam/client';
import type { Language } from '@payam/core/schemas/common';
import type * as z from 'zod/mini';
import type { TextKey } from './i18n.js';

/** A failure as a widget shows it: a sentence for everyone and, when known, the field at fault. */
export interface ShownProblem {
  /** Dotted path of the input at fault (`description`, `attributes.depth`), or `''`. */
  field: string;
  /** What went wrong and what to do, in the widget's language. */
  message: string;
}

/** What a widget needs to explain a failure. */
export interface ProblemContext {
  lang: Language;
  t(key: TextKey): string;
  /**
   * Words the issues of a refusal the client made itself (its input checks), in `lang`: usually
   * `issueProblems` (see `issue-problems.ts`). Without it, or when it gives `undefined`, the
   * client's own descriptions of the issues are shown.
   */
  wordIssues?: (issues: readonly z.core.$ZodIssue[]) => ShownProblem[] | undefined;
}

/**
 * Turns whatever a client call threw into problems a citizen can act on. The API's own
 * descriptions are already in the client's language; local refusals are localised from zod issues.
 */
export function describeFailure(error: unknown, context: ProblemContext): ShownProblem[] {
  if (error instanceof PayamApiError) {
    const worded = error.local && error.issues.length > 0 ? context.wordIssues?.(error.issues) : undefined;
    if (worded) return worded;
    if (error.status === 404) return [{ field: '', message: context.t('common.notFound') }];
    if (error.status === 401 || error.status === 403) return [{ field: '', message: context.t('common.forbidden') }];
    if (error.status >= 500) return [{ field: '', message: context.t('common.serverError') }];
    return error.errors.map((item) => ({ field: item.field ?? '', message: item.description }));
  }
  if (error instanceof PayamTimeoutError) return [{ field: '', message: context.t('common.timeout') }];
  if (error instanceof PayamNetworkError) return [{ field: '', message: context.t('common.networkError') }];
  return [{ field: '', message: context.t('common.serverError') }];
}

/** Whether a failure leaves the citizen's input unsent, so sending it again is safe and useful. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof PayamNetworkError ||
    error instanceof PayamTimeoutError ||
    (error instanceof PayamApiError && (error.status >= 500 || error.status === 429 || error.status === 408))
  );
}
