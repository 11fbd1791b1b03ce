// A server process for outbox.mjs: the built server on PostgreSQL with its worker running, and
// no demo data. Reports its url once listening; stops on SIGTERM.
import { startServer } from '@payam/server';

const [databaseUrl] = process.argv.slice(2);
const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl, demo: false, quiet: true, workerIntervalMs: 20, configCheckMs: 0 });
process.send?.({ url: server.url });
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
