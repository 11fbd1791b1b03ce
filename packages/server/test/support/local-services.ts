import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A request a local service received. */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP service: records what it receives and answers with `answer(request)`, after `delayMs`. */
export interface LocalService {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Starts a local HTTP server that speaks a gateway's protocol through `answer`. */
export async function localService(answer: (r: Received) => { status: number; body: unknown }, delayMs = 0): Promise<LocalService> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body };
      received.push(r);
      setTimeout(() => {
        const { status, body: out } = answer(r);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      }, delayMs);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** A Kavenegar-style SMS gateway's answer: accepted. */
export const SMS_ACCEPTED = { status: 200, body: { return: { status: 200, message: 'تایید شد' } } };

/** A throwaway self-signed certificate for 127.0.0.1 (a local HTTPS service, such as a push service). */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'payam-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}
