import { z } from 'zod';
import type { TextParams } from '@payam/core';
import type { ErrorTextKey } from '../texts.js';

/**
 * An administrative operation refused: bad input (400), something that does not exist (404), or a
 * change that would break what depends on it (409). The HTTP API and the command line word it in
 * Persian or English from the same text key, or from the zod issues of the input.
 */
export class AdminRefusal extends Error {
  override readonly name = 'AdminRefusal';

  /**
   * @param status 400, 404 or 409
   * @param key the server's error text
   * @param options the text's parameters, the field at fault, or the zod issues of a bad input
   */
  constructor(
    readonly status: 400 | 404 | 409,
    readonly key: ErrorTextKey,
    readonly options: { params?: TextParams; field?: string; issues?: readonly z.core.$ZodIssue[] } = {},
  ) {
    super(key);
  }
}

/** A refusal of input that does not match its schema. */
export function invalidInput(issues: readonly z.core.$ZodIssue[]): AdminRefusal {
  return new AdminRefusal(400, 'adminInvalid', { issues });
}

/** Parses `input` with `schema`, refusing it with its issues. */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = z.safeParse(schema, input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return parsed.data;
}
