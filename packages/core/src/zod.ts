/**
 * zod's mini API as the package's modules import it: each takes `z` from here instead of
 * importing `zod/mini` itself, so an application's bundler, which keeps zod as one dependency,
 * writes a single `import * as z from 'zod/mini'` under one name, and the schemas' calls
 * (`z.string()`, `z.nullable(…)`) read alike across modules and compress well.
 */
export * as z from 'zod/mini';
