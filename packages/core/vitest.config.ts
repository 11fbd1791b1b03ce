import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@payam/source'] },
  ssr: { resolve: { conditions: ['@payam/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run hundreds of generated cases; their time depends on the cases drawn and on
    // how busy the machine is, so the default 5 s is too tight for a shared two-core runner.
    testTimeout: 60_000,
  },
});
