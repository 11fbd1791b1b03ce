import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { markPureDeclarations } from '../../scripts/build/pure-declarations.mjs';

/** The package's entries with declarations (`.` and each subpath), read from its `exports`: `dist/<name>.d.ts` ← `src/<name>.ts`. */
function declarationEntries(): Record<string, string> {
  const { exports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, { types?: string; '@payam/source'?: string } | string>;
  };
  const entries: Record<string, string> = {};
  for (const target of Object.values(exports)) {
    if (typeof target === 'string' || !target.types || !target['@payam/source']) continue;
    entries[target.types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '')] = target['@payam/source'];
  }
  return entries;
}

export default defineConfig({
  // Every module is an entry and code is split, so `dist` keeps the source's module boundaries:
  // with `"sideEffects": false` an application's bundler drops the modules it does not use (the
  // lifecycle and xstate when only schemas or texts are imported). `index.js` re-exports them.
  entry: ['src/**/*.ts'],
  format: ['esm'],
  splitting: true,
  treeshake: false,
  // Declarations for the index and for each subpath export (`@payam/core/jalali`, …).
  dts: { entry: declarationEntries() },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Schemas are built by calls (`z.object(...)`): marked free of side effects, a bundler keeps only
  // the ones a program reads, and not every schema of a module it imports one from.
  onSuccess: async () => {
    await markPureDeclarations('dist');
  },
});
