/**
 * The one path from a zod issue to an API error: every parameter, query and body the routes take
 * is checked here, and every problem becomes the same Open311 error item (`code`, a description
 * in the caller's language from the server's i18next texts, the `field` at fault).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { safeParseInputFast, type ApiError, type Language } from '@payam/core';
import { readBody, type BodyFields } from './body.js';
import { languageOf, text } from './i18n.js';
import { ApiProblem, problem } from './problems.js';
import { formatOf, type Format } from './respond.js';
import { issueMessage, issueTexts, type ErrorTextKey } from '../texts.js';
import type { RouteSpec, Schema } from './route.js';

/** A field path as the API names it: `status`, `match.region`, `features.0.type`. */
export const dottedField = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** A parameter's issue names the parameter (`status`), whatever part of its value is wrong. */
const parameterName = (path: readonly PropertyKey[]): string => String(path[0] ?? '');

/** A 400 with one localized item per validation issue, each naming its field as `fieldOf` writes it. */
export function issuesProblem(
  issues: readonly z.core.$ZodIssue[],
  lang: Language,
  fieldOf: (path: readonly PropertyKey[]) => string = dottedField,
): ApiProblem {
  const localized = issueTexts(issues, lang);
  const errors: ApiError = issues.map((issue, i) => ({
    code: 400,
    description: localized[i]?.message ?? '',
    field: fieldOf(issue.path),
  }));
  return new ApiProblem(400, errors);
}

/** The result of checking a body: zod's own result shape, from a schema or a route's decoder. */
export type BodyResult<T> =
  { success: true; data: T } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };

/** Reads a body's fields into the route's input (a codec's decode, defaults a handler knows). */
export type BodyDecoder<T> = (fields: BodyFields, c: Context, lang: Language) => BodyResult<T>;

/** What a route's handler receives once its input is valid. */
export interface ValidInput<P, Q, B> {
  /** The path parameters, parsed. */
  params: P;
  /** The query, parsed (an empty value counts as absent). */
  query: Q;
  /** The body, parsed or decoded. */
  body: B;
  /** `json` or `xml`: the path's suffix on Open311 routes, `json` elsewhere. */
  format: Format;
  /** The language of the answer (`?lang=`, the body's `lang`, `Accept-Language`, Persian). */
  lang: Language;
}

/**
 * Checks `value` against `schema`; a failure is one issue worded by `key` (one sentence says what a
 * valid value is), naming the field of the first issue or `field`.
 */
export function checkedAs<S extends Schema>(schema: S, value: unknown, key: ErrorTextKey, field: string): BodyResult<z.core.output<S>> {
  // Only the issue's place is read (the words are `key`'s): no error map, and no second parse on a failure.
  const result = z.safeParse(schema, value);
  if (result.success) return { success: true, data: result.data };
  const path = result.error.issues[0]?.path.length ? result.error.issues[0].path : [field];
  const issue = { code: 'custom', path: [...path], message: issueMessage(key), input: value } as z.core.$ZodIssue;
  return { success: false, error: { issues: [issue] } };
}

function checked<T>(
  result: BodyResult<T>,
  lang: Language,
  fieldOf?: (path: readonly PropertyKey[]) => string,
): T {
  if (result.success) return result.data;
  throw issuesProblem(result.error.issues, lang, fieldOf);
}

/**
 * The query a route reads: a repeated parameter is a 400 naming it (several values go
 * comma-separated in one), and an empty value is absent, as Open311 reads its filters.
 */
export function singleQuery(c: Context, lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1)
      throw problem(400, text(lang, 'repeatedParameter', { name }), { field: name });
    const value = values[0];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/**
 * The validation every route runs (see `serve`): it checks the path parameters, the query and the
 * body against the route's schemas and resolves to the parsed values, or throws a 400 with one
 * localized Open311 error item per issue. `suffixed` names the path parameter that carries the
 * Open311 format suffix (`137-1000.json`), which is cut off here.
 */
export function validation(
  route: RouteSpec,
  options: { suffixed?: string; decodeBody?: BodyDecoder<unknown> } = {},
): (c: Context) => Promise<ValidInput<unknown, unknown, unknown>> {
  const open311 = route.path.endsWith('.{format}');
  return async (c) => {
    let lang = languageOf(c);
    const rawParams: Record<string, string> = { ...c.req.param() };
    if (options.suffixed && rawParams[options.suffixed] !== undefined)
      rawParams[options.suffixed] = rawParams[options.suffixed]!.replace(/\.(json|xml)$/, '');
    const query = singleQuery(c, lang);
    const params = route.params
      ? checked(safeParseInputFast(route.params, rawParams), lang, parameterName)
      : rawParams;
    const parsedQuery = route.query
      ? checked(safeParseInputFast(route.query, query), lang, parameterName)
      : query;
    let body: unknown;
    // A multipart body (files) is read by its route's handler; its schema documents it.
    if (route.body && !route.body.media?.includes('multipart')) {
      const fields = await readBody(c, lang);
      lang = languageOf(c, fields.lang);
      body = checked(
        options.decodeBody
          ? options.decodeBody(fields, c, lang)
          : safeParseInputFast(route.body.schema, fields),
        lang,
        route.body.fieldOf,
      );
    }
    return { params, query: parsedQuery, body, format: open311 ? formatOf(c.req.path) : 'json', lang };
  };
}
