import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@payam/source'] },
  ssr: { resolve: { conditions: ['@payam/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // These tests talk to a real server on loopback; a busy two-core runner can make one slow.
    testTimeout: 30_000,
  },
});
