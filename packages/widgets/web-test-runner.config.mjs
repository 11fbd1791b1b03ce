// Browser tests in Chromium, with the reference server on loopback for the end-to-end flow.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

// The server's clock: the flow tests move it forward to close a feedback window.
let clockOffsetMs = 0;

/** Starts the reference server (built `dist/`), or explains why it could not. */
async function startReferenceServer() {
  try {
    const { startServer } = await import('@payam/server');
    return await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: null,
      demo: true,
      quiet: true,
      now: () => new Date(Date.now() + clockOffsetMs),
    });
  } catch (error) {
    console.warn(`The reference server did not start (build it with pnpm build): ${error?.message ?? error}`);
    return undefined;
  }
}

const server = await startReferenceServer();
const serverUrl = server?.url ?? null;

/**
 * What the tests cannot do from the page: act as staff (the staff API takes no cross-origin
 * calls, and its token stays out of the browser) and move the server's clock.
 */
async function harness(ctx, next) {
  if (!ctx.path.startsWith('/__payam/')) return next();
  if (!serverUrl) {
    ctx.status = 503;
    ctx.body = 'the reference server is not running';
    return;
  }
  if (ctx.method === 'GET' && ctx.path === '/__payam/example') {
    // The page `pnpm start` serves at `/`, and whether it serves the single-file bundle.
    const page = await fetch(`${serverUrl}/`);
    const bundle = await fetch(`${serverUrl}/widgets/payam-widgets.js`);
    ctx.body = { status: page.status, html: await page.text(), bundleStatus: bundle.status, bundleType: bundle.headers.get('content-type') };
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/__payam/clock') {
    clockOffsetMs += Number(ctx.query.days ?? 0) * 86_400_000;
    ctx.body = { offsetMs: clockOffsetMs };
    return;
  }
  const answer = /^\/__payam\/staff\/([^/]+)\/answer$/.exec(ctx.path);
  if (ctx.method === 'POST' && answer) {
    const { createStaffClient } = await import('@payam/client');
    const staff = createStaffClient({ baseUrl: serverUrl, token: 'demo-admin' });
    const id = decodeURIComponent(answer[1]);
    const text = String(ctx.query.text ?? 'Answered.');
    // Walk the message through the stages a unit goes through; a stage it is past is refused, which is fine.
    for (const [action, body] of [['triage', {}], ['refer', {}], ['start', {}]]) {
      await staff.messages.act(id, action, body).catch(() => undefined);
    }
    try {
      const message = await staff.messages.act(id, 'answer', { text });
      ctx.body = { state: message.state, publicStatus: message.publicStatus };
    } catch (error) {
      ctx.status = 500;
      ctx.body = String(error?.message ?? error);
    }
    return;
  }
  return next();
}

export default {
  files: ['test/**/*.test.ts'],
  middleware: [harness],
  nodeResolve: { exportConditions: ['@payam/source', 'browser', 'import'] },
  plugins: [
    esbuildPlugin({ ts: true, json: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    {
      name: 'payam-reference-server',
      async serverStop() {
        await server?.close();
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
      launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 20000 } },
  reporters: [defaultReporter(), junitReporter({ outputPath: process.env.PAYAM_JUNIT ?? 'reports/junit.xml' })],
};
