// An esbuild plugin for the single-file bundle. zod's `z` namespace object carries every export
// of zod (all its locales, JSON Schema import and export, the opt-in `z.compile`), and esbuild
// cannot drop any of them once `z` is used as a value (Rollup and webpack can). The widgets use
// none of them: zod's messages are replaced by core's own, translated ones. This plugin leaves
// them out: the locales become English only, and the other modules become stubs with the same
// export names whose functions throw if anyone ever calls what they return.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

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

// `import.meta.url`, not `import.meta.dirname`: tsup rewrites the former when it bundles its config.
const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));
const WORKSPACE_SOURCES = ['core', 'client', 'widgets'].map((pkg) => join(PACKAGES, pkg, 'src'));

function* typeScriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * The members of `z` the workspace's code uses at run time: read from the sources with their
 * types erased, so `z.infer` or `z.core.$ZodIssue` in a type does not count.
 */
async function membersUsed() {
  const used = new Set();
  for (const dir of WORKSPACE_SOURCES) {
    for (const file of typeScriptFiles(dir)) {
      const source = readFileSync(file, 'utf8');
      if (!/from ['"]zod['"]/.test(source)) continue;
      const { code } = await transform(source, { loader: 'ts', format: 'esm' });
      if (/import\s*\{[^}]*\b(?!z\b)\w+[^}]*\}\s*from\s*['"]zod['"]/.test(code.replace(/import\s*\{\s*z\s*\}/g, ''))) {
        throw new Error(`${file} imports more than \`z\` from zod; teach build/slim-zod.mjs about it`);
      }
      for (const match of code.matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) used.add(match[1]);
    }
  }
  return [...used].sort();
}

/** @returns {import('esbuild').Plugin} */
export function slimZod() {
  return {
    name: 'payam-slim-zod',
    setup(build) {
      // `import { z } from 'zod'` becomes a plain object of the members the code uses, which
      // esbuild can tree-shake (zod's schemas are marked pure), instead of zod's whole namespace.
      const external = createRequire(join(WORKSPACE_SOURCES[0], 'index.ts')).resolve('zod/v4').replace(/index\.c?js$/, 'classic/external.js');
      let shim;
      build.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'payam-zod-shim' }));
      build.onLoad({ filter: /.*/, namespace: 'payam-zod-shim' }, async () => {
        if (!shim) {
          const available = new Set(Object.keys(await import(external)));
          const members = (await membersUsed()).filter((name) => available.has(name));
          // Aliased, since some members (`null`) are reserved words.
          shim = `import { ${members.map((m) => `${m} as zod_${m}`).join(', ')} } from ${JSON.stringify(external)};
export const z = { ${members.map((m) => `${m}: zod_${m}`).join(', ')} };
export default z;
`;
        }
        return { contents: shim, resolveDir: dirname(external) };
      });
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
