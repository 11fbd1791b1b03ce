/**
 * The parts of zod's mini API that Payam's schemas use, as core's modules and `@payam/client`
 * import them (`import * as z from '@payam/core/zod'`) instead of importing `zod/mini` each.
 *
 * Why: an application's bundler writes one import of zod for this module, under one set of
 * short names, and every schema of every module calls those same names, so the schemas' code
 * reads alike and compresses well (the client's bundle is about 0.25 KB gzip smaller than with a
 * namespace import of zod per module, which a bundler names differently in each). The names are
 * listed, not re-exported with `export *`: a bundler resolves each one to zod's own function, so
 * an application that bundles zod keeps only the functions it calls. A name missing here is a
 * type error where it is used; and since a bundler imports every name listed whenever it imports
 * one, the list holds only what the modules a browser may load call: the schemas of a city's setup
 * that only the server reads (`schemas/org.ts`, `schemas/policy.ts`) import `zod/mini` themselves.
 */
export {
  _default,
  array,
  boolean,
  codec,
  coerce,
  date,
  describe,
  email,
  enum,
  extend,
  gte,
  int,
  iso,
  literal,
  lte,
  maxLength,
  minLength,
  null,
  nullable,
  number,
  object,
  omit,
  optional,
  overwrite,
  pipe,
  positive,
  record,
  refine,
  regex,
  safeDecode,
  safeParse,
  strictObject,
  string,
  transform,
  trim,
  union,
  url,
} from 'zod/mini';
export type { core, infer, input, output } from 'zod/mini';
