// Starts the reference server (built output) on PostgreSQL for server-api.mjs, with the options
// given as JSON (`rateLimits`, `requestMetrics`). By default the abuse limits are off: every
// request of the benchmark comes from one loopback address.
import { startServer } from '@payam/server';

// `--no-duplicate-links`: registrations without the duplicate search (duplicates-scale.mjs compares).
const args = process.argv.slice(2).filter((arg) => arg !== '--no-duplicate-links');
const [databaseUrl, options = '{}'] = args;
const autoLinkDuplicates = !process.argv.includes('--no-duplicate-links');
const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl, demo: true, quiet: true, rateLimits: false, autoLinkDuplicates, ...JSON.parse(options) });
process.send?.({ url: server.url });
// `settle`: answered once the duplicate search of every message registered so far has run.
process.on('message', (message) => {
  if (message === 'settle') void server.duplicatesSettled().then(() => process.send?.('settled'));
});
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
