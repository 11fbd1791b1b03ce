import { defineConfig } from 'tsup';
import { markPureDeclarations } from '../../scripts/build/pure-declarations.mjs';

export default defineConfig({
  // Every module is an entry and code is split, so `dist` keeps the source's module boundaries:
  // with `"sideEffects": false` an application's bundler drops the modules it does not use (the
  // lifecycle and xstate when only schemas or texts are imported). `index.js` re-exports them.
  entry: ['src/**/*.ts'],
  format: ['esm'],
  splitting: true,
  treeshake: false,
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Schemas are built by calls (`z.object(...)`): marked free of side effects, a bundler keeps only
  // the ones a program reads, and not every schema of a module it imports one from.
  onSuccess: async () => {
    await markPureDeclarations('dist');
  },
});
