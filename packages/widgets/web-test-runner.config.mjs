// Browser tests in Chromium, with the reference server on loopback for the end-to-end flow.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts the reference server (built `dist/`), or explains why it could not. */
async function startReferenceServer() {
  try {
    const { startServer } = await import('@payam/server');
    return await startServer({ port: 0, host: '127.0.0.1', dataDir: null, demo: true, quiet: true });
  } catch (error) {
    console.warn(`The reference server did not start (build it with pnpm build): ${error?.message ?? error}`);
    return undefined;
  }
}

const server = await startReferenceServer();
const serverUrl = server?.url ?? null;

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['@payam/source', 'browser', 'import'] },
  plugins: [
    esbuildPlugin({ ts: true, json: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    {
      name: 'payam-reference-server',
      async serverStop() {
        await server?.stop?.();
      },
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><meta charset="utf-8" /></head>
  <body>
    <script>window.PAYAM_SERVER_URL = ${JSON.stringify(serverUrl)};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), junitReporter({ outputPath: process.env.PAYAM_JUNIT ?? 'reports/junit.xml' })],
};
