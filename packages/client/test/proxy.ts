/**
 * A forwarding proxy on loopback in front of the real server, to break things the way networks
 * do: drop an answer after the server acted on the request, or hold an answer back.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next request that `matches`. */
export type Fault = 'drop-answer' | 'hold';

/** A started proxy. */
export interface Proxy {
  url: string;
  /** Requests seen, as `METHOD path`, with their idempotency keys. */
  seen: { line: string; idempotencyKey: string | undefined }[];
  /** Applies `fault` to the next `times` requests whose `METHOD path` matches. */
  inject(matches: RegExp, fault: Fault, times?: number): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a proxy to `target` on 127.0.0.1 and a free port. */
export async function startProxy(target: string): Promise<Proxy> {
  const faults: { matches: RegExp; fault: Fault; times: number }[] = [];
  const seen: Proxy['seen'] = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const line = `${request.method} ${request.url}`;
    seen.push({ line, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
    const rule = faults.find((f) => f.times > 0 && f.matches.test(line));
    if (rule) rule.times--;
    if (rule?.fault === 'hold') return; // never answers; the client gives up
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'connection' && name !== 'content-length') headers.set(name, value);
    }
    const answer = await fetch(new URL(request.url ?? '/', target), {
      method: request.method,
      headers,
      ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
    });
    const bytes = Buffer.from(await answer.arrayBuffer());
    if (rule?.fault === 'drop-answer') {
      request.socket.destroy(); // the server acted; the client never hears of it
      return;
    }
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'content-length' && name !== 'connection') out[name] = value;
    });
    response.writeHead(answer.status, out);
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    inject(matches, fault, times = 1) {
      faults.push({ matches, fault, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
