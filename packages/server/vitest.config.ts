import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@payam/source'] },
  ssr: { resolve: { conditions: ['@payam/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Starts one throwaway PostgreSQL cluster for the whole run; each test file gets its own database.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
