import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@payam/source'] },
  ssr: { resolve: { conditions: ['@payam/source'] } },
  test: { include: ['test/**/*.test.ts'] },
});
