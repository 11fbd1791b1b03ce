import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true },
  async viteFinal(config) {
    // Read the workspace packages from their sources (no build needed first).
    const { defaultClientConditions } = await import('vite');
    config.resolve ??= {};
    config.resolve.conditions = ['@payam/source', ...defaultClientConditions];
    return config;
  },
};

export default config;
