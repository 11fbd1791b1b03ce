// An esbuild plugin for the single-file bundle. zod's `z` namespace object carries every export
// of zod (all its locales, JSON Schema import and export, the opt-in `z.compile`), and esbuild
// cannot drop any of them once `z` is used as a value (Rollup and webpack can). The widgets use
// none of them: zod's messages are replaced by core's own, translated ones. This plugin leaves
// them out: the locales become English only, and the other modules become stubs with the same
// export names whose functions throw if anyone ever calls what they return.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const ZOD_V4 = /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/;
const STUBBED = new Set(['compile.js', 'json-schema-processors.js', 'to-json-schema.js', 'json-schema-generator.js', 'from-json-schema.js']);

/** The names a module exports (`export function f`, `export const c`, `export class K`, `export { a as b }`). */
function exportNames(source) {
  const names = new Set();
  for (const match of source.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm)) names.add(match[1]);
  for (const match of source.matchAll(/^export\s*\{([^}]*)\}\s*;?\s*$/gm)) {
    for (const part of match[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  return [...names];
}

function stubSource(path) {
  const names = exportNames(readFileSync(path, 'utf8'));
  const stub = `function unavailable() { return function () { throw new Error("zod's ${basename(path)} is not in this bundle"); }; }`;
  return `${stub}\n${names.map((name) => `export const ${name} = unavailable;`).join('\n')}\n`;
}

/** @returns {import('esbuild').Plugin} */
export function slimZod() {
  return {
    name: 'payam-slim-zod',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        if (!ZOD_V4.test(args.importer)) return undefined;
        const path = join(dirname(args.importer), args.path);
        const file = basename(path);
        if (file === 'index.js' && basename(dirname(path)) === 'locales') return { path, namespace: 'payam-zod-locales' };
        if (STUBBED.has(file)) return { path, namespace: 'payam-zod-stub' };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'payam-zod-locales' }, (args) => ({
        resolveDir: dirname(args.path),
        contents: 'export { default as en } from "./en.js";',
      }));
      build.onLoad({ filter: /.*/, namespace: 'payam-zod-stub' }, (args) => ({
        resolveDir: dirname(args.path),
        contents: stubSource(args.path),
      }));
    },
  };
}
