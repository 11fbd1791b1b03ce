// A server in a process of its own (bundled by `startServerProcess`): its options come as JSON in
// the first argument, its address goes back to the parent over IPC.
import { startServer, type ServerOptions } from '../../src/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
const server = await startServer({ port: 0, host: '127.0.0.1', quiet: true, workerIntervalMs: 0, ...options });
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
