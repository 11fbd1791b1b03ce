import { defineConfig } from 'tsup';
import { markPureDeclarations } from '../../scripts/build/pure-declarations.mjs';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['@payam/core', 'zod'],
  // The client's own schemas are marked free of side effects, like core's (see the script).
  onSuccess: async () => {
    await markPureDeclarations('dist');
  },
});
