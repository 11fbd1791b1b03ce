import type { ApiError } from '@payam/core/schemas/api';
import type * as z from 'zod/mini';

/** One entry of the API's error list: `{ code, description, field?, refusal? }`. */
export type ApiErrorItem = ApiError[number];

/** The base of every error this client throws; `instanceof PayamError` catches them all. */
export class PayamError extends Error {
  override name = 'PayamError';
}

/**
 * The API answered with an error (HTTP 4xx/5xx), or the input was refused before it was sent.
 *
 * `errors` is the API's error list, with descriptions in the client's language. `refusal` is
 * the lifecycle's refusal code when the message's stage refused the action (HTTP 409: feedback
 * before the answer, the feedback window closed, …).
 */
export class PayamApiError extends PayamError {
  override name = 'PayamApiError';
  /** The HTTP status (400 for input this client refused before sending it). */
  declare readonly status: number;
  /** The API's error list; never empty. */
  declare readonly errors: ApiErrorItem[];
  /** The lifecycle's refusal code, when the API gave one. */
  declare readonly refusal: string | undefined;
  /**
   * `true` when the client refused the input itself and nothing was sent. Descriptions are then
   * in English; `issues` holds the zod issues, which core's `localizeIssues` puts into Persian.
   */
  declare readonly local: boolean;
  /** The zod issues behind a local refusal (empty for answers from the API). */
  declare readonly issues: readonly LocalIssue[];

  /** Builds the error from an HTTP status and the API's error list. */
  constructor(status: number, errors: ApiErrorItem[], { local = false, issues = [] }: { local?: boolean; issues?: readonly LocalIssue[] } = {}) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.description}` : e.description)).join('; ') || `HTTP ${status}`);
    Object.assign(this, { status, errors, refusal: errors.find((e) => e.refusal)?.refusal, local, issues });
  }
}

/** A zod issue, as core's `localizeIssues` takes it. */
export type LocalIssue = z.core.$ZodIssue;

/** The server could not be reached, or the connection broke before a full answer arrived. */
export class PayamNetworkError extends PayamError {
  override name = 'PayamNetworkError';
}

/** No full answer came within `timeoutMs` (after every retry the call allows). */
export class PayamTimeoutError extends PayamError {
  override name = 'PayamTimeoutError';
  /** The time limit of one attempt, in milliseconds. */
  declare readonly timeoutMs: number;
  /** Builds the error for a limit of `timeoutMs`. */
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The server answered with a success status but a body this client does not understand. */
export class PayamResponseError extends PayamError {
  override name = 'PayamResponseError';
}
