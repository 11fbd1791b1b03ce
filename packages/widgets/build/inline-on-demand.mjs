// An esbuild plugin for the single-file bundles: a module that Payam's packages load on demand
// (`import('./personal-link.js')`, the client's `import('./register.js')`) is imported statically
// instead, as a namespace. A single file has nothing to fetch later, and esbuild, which cannot
// split without chunks, would otherwise wrap every module such an import reaches (zod and core's
// schemas among them) in a lazily run function, which keeps code that tree shaking would drop.
// Only literal relative specifiers are rewritten; an import of a computed URL stays as it is.
import { readFile } from 'node:fs/promises';

const DYNAMIC = /(?<!typeof\s+)\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g;

/**
 * Rewrites the `.js` and `.ts` files that `filter` matches. Register it after plugins that load
 * some of those files themselves (esbuild runs the first `onLoad` that answers). An import whose
 * specifier one of `keep` matches stays an `import()`: a file of its own, fetched when needed.
 * @param {RegExp} filter
 * @param {readonly RegExp[]} [keep]
 * @returns {import('esbuild').Plugin}
 */
export function inlineOnDemand(filter, keep = []) {
  return {
    name: 'payam-inline-on-demand',
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        const imports = new Map();
        const contents = source.replace(DYNAMIC, (whole, _quote, specifier) => {
          if (keep.some((pattern) => pattern.test(specifier))) return whole;
          if (!imports.has(specifier)) imports.set(specifier, `__payamOnDemand${imports.size}`);
          return `Promise.resolve(${imports.get(specifier)})`;
        });
        if (imports.size === 0) return { contents: source, loader };
        const head = [...imports].map(([specifier, name]) => `import * as ${name} from ${JSON.stringify(specifier)};`).join('\n');
        return { contents: `${head}\n${contents}`, loader };
      });
    },
  };
}
