import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@payam/source'] },
  ssr: { resolve: { conditions: ['@payam/source'] } },
  // Property and path tests run thousands of transitions: on a loaded 2-core machine they need more than 5 s.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
