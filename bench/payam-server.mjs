// Starts the reference server (built output) on PostgreSQL for server-api.mjs. The abuse limits
// are off: every request of the benchmark comes from one loopback address.
import { startServer } from '@payam/server';

// `--no-duplicate-links`: registrations without the duplicate search (duplicates-scale.mjs compares).
const [databaseUrl] = process.argv.slice(2);
const autoLinkDuplicates = !process.argv.includes('--no-duplicate-links');
const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl, demo: true, quiet: true, rateLimits: false, autoLinkDuplicates });
process.send?.({ url: server.url });
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
