// An esbuild plugin for the single-file bundle: zod's `z` namespace object carries every zod
// locale and the JSON-Schema importer, which esbuild cannot drop once `z` is used as a value
// (Rollup and webpack can). The widgets use neither: zod's English messages are replaced by
// core's own, translated ones. This keeps them out of the bundle.
import { dirname, join } from 'node:path';

/** @returns {import('esbuild').Plugin} */
export function slimZod() {
  return {
    name: 'payam-slim-zod',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
          ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'payam-slim-zod' }
          : undefined,
      );
      build.onResolve({ filter: /^\.\/from-json-schema\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/]classic[\\/]external\.js$/.test(args.importer)
          ? { path: join(dirname(args.importer), 'from-json-schema.js'), namespace: 'payam-slim-zod' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'payam-slim-zod' }, (args) => ({
        resolveDir: dirname(args.path),
        contents: args.path.endsWith('index.js')
          ? 'export { default as en } from "./en.js";'
          : 'export function fromJSONSchema() { throw new Error("fromJSONSchema is not in this bundle"); }',
      }));
    },
  };
}
