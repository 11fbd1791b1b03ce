/** A real HTTP server on loopback whose answers each test scripts, recording what it received. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server received it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Scripted answer: gets the request (body read) and the attempt number (1-based). */
export type Handler = (request: Received, response: ServerResponse, attempt: number) => void;

/** A started loopback server. */
export interface Loopback {
  url: string;
  received: Received[];
  /** Replaces the handler for the next requests and forgets what was received. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Answers JSON with a status. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startLoopback(): Promise<Loopback> {
  let handler: Handler = (_request, response) => json(response, 404, [{ code: 404, description: 'not scripted' }]);
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      handler(entry, response, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    handle(next) {
      handler = next;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
