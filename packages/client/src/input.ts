/**
 * Checking what callers pass before it is sent, and Persian digits made Latin: a citizen's
 * keyboard must not decide whether a phone number or a tracking id is understood.
 */
import { languageSchema, latinDigits } from '@payam/core/schemas/common';
import { safeParseInput } from '@payam/core/input-issues';
import * as z from '@payam/core/zod';
import { PayamApiError } from './errors.js';

/** Whether a value is text with nothing but white space: a form's field left empty, read as absent. */
export const blank = (value: unknown): boolean => typeof value === 'string' && value.trim() === '';

/**
 * Parses `value` with `schema`, or throws a local {@link PayamApiError} (status 400, nothing
 * sent). `field` names the value when the schema checks a single one (an id, a token).
 */
export function checkInput<S extends z.core.$ZodType>(schema: S, value: unknown, field?: string): z.output<S> {
  const parsed = safeParseInput(schema, value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => (field ? { ...issue, path: [field, ...issue.path] } : issue));
  throw new PayamApiError(
    400,
    issues.map((issue) => ({ code: 400, description: issue.message, field: issue.path.map(String).join('.') })),
    { local: true, issues },
  );
}

/** A tracking id or a token: Persian/Arabic-Indic digits made Latin, trimmed, not empty. */
export const idSchema = z.string().check(latinDigits(), z.trim(), z.minLength(1), z.maxLength(200));

/** An id checked with {@link idSchema} and escaped for a URL path. */
export function idSegment(id: string, field = 'id'): string {
  return encodeURIComponent(checkInput(idSchema, id, field));
}


/** The connection options both clients take (`fetch` is checked by its use). */
export const connectionOptionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  lang: z.optional(languageSchema),
  timeoutMs: z.optional(z.number().check(z.positive(), z.lte(600_000))),
  retries: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10))),
});

/** A time as callers give it (`Date`, ISO date-time with offset, or `YYYY-MM-DD`), as a `Date`. */
export const timeSchema = z.pipe(
  z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]),
  z.transform((value: Date | string) => new Date(value)),
);

/** A code in a filter: a system, service, region or unit. */
export const filterCodeSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/** Filters most lists share: a system and a period. */
export const periodFilterSchema = z.object({
  system: z.optional(filterCodeSchema),
  from: z.optional(timeSchema),
  to: z.optional(timeSchema),
});
