import * as z from './zod.js';

/** zod's English wording for a value that is not there, as its English locale words it. */
const missingValueMessage = (expected: string) =>
  `Invalid input: expected ${expected}, received undefined`;

/**
 * A per-parse error map that words a missing value as zod's English locale does ("…, received
 * undefined"), and leaves every other issue to the schema's own message or zod's locale. zod/mini
 * loads no locale, so without it a missing value and a wrong one both read "Invalid input", and
 * {@link localizeIssues} could not say "required". Given per parse: zod's global configuration,
 * which the host app owns, is left alone.
 */
export const missingValueError: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined
    ? missingValueMessage(issue.expected)
    : undefined;

/** Whether `issue` is about a value that is not there (see {@link missingValueError}). */
export function isMissingValue(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
}

/**
 * Checks what a person gave against `schema` (core's or any zod 4 schema, mini or classic) with
 * {@link missingValueError}, so {@link localizeIssues} can tell a missing value from a wrong one.
 */
export function safeParseInput<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
): z.core.util.SafeParseResult<z.output<S>> {
  return z.safeParse(schema, value, { error: missingValueError });
}

/**
 * The same result as {@link safeParseInput}, sooner where most input is valid (a server's hot
 * paths): zod's parse takes about half as long again with an error map, and only a failure needs
 * its texts, so the value is parsed without it first and a failure is parsed again with it.
 */
export function safeParseInputFast<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
): z.core.util.SafeParseResult<z.output<S>> {
  const result = z.safeParse(schema, value);
  return result.success ? result : safeParseInput(schema, value);
}
