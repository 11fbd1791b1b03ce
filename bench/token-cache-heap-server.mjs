// The reference server (built output, PGlite in memory) for token-cache-heap.mjs: answers its
// parent's requests for the heap figure (after a full garbage collection) over IPC.
import { startServer } from '@payam/server';

const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: null, demo: true, quiet: true, workerIntervalMs: 0, rateLimits: false });
const heap = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
process.on('message', (message) => {
  if (message === 'heap') process.send?.({ heap: heap(), cache: server.cacheSizes() });
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
process.send?.({ url: server.url });
