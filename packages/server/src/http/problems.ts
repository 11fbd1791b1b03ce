import type { ApiError } from '@payam/core';

/** An answer that is an Open311 error body: thrown by handlers, rendered by the one error path. */
export class ApiProblem extends Error {
  /**
   * @param status the HTTP status (400, 401, 403, 404, 409, 413, 415, …)
   * @param errors the Open311 error items
   */
  constructor(
    readonly status: number,
    readonly errors: ApiError,
    /** Headers the answer carries (`Retry-After` on a 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors.map((e) => e.description).join(' '));
    this.name = 'ApiProblem';
  }
}

/** A one-item problem. */
export function problem(status: number, description: string, extra: { field?: string; refusal?: string; headers?: Record<string, string> } = {}): ApiProblem {
  const { headers, ...item } = extra;
  return new ApiProblem(status, [{ code: status, description, ...item }], headers);
}
