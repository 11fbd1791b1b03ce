import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './local-services.js';

/** A push message as a local push service received and opened it. */
export interface ReceivedPush {
  /** The endpoint path it was sent to. */
  path: string;
  /** The decrypted payload (RFC 8291), parsed as JSON. */
  payload: Record<string, unknown>;
  /** The VAPID JWT's claims, after its ES256 signature checked out against the `k` key (RFC 8292). */
  claims: { aud: string; exp: number; sub: string };
  /** The VAPID public key the sender named. */
  senderKey: string;
  /** The TTL header. */
  ttl: string | undefined;
}

/** A browser's side of one subscription: its key pair and auth secret, and the subscription JSON it would send. */
export interface Subscriber {
  ecdh: ECDH;
  auth: Buffer;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

const b64 = (value: string) => Buffer.from(value, 'base64url');

/** Opens an `aes128gcm` Web Push body (RFC 8188 + RFC 8291) with the subscriber's private key and auth secret. */
export function decryptPush(body: Buffer, subscriber: Subscriber): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = subscriber.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), subscriber.ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, subscriber.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm body');
  return padded.subarray(0, end);
}

/** Checks a `vapid t=<jwt>, k=<key>` header's ES256 signature against `k`, and returns the claims and key. */
export function verifyVapid(header: string): { claims: ReceivedPush['claims']; senderKey: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`not a VAPID authorization: ${header.slice(0, 20)}`);
  const [, jwt, senderKey] = match as unknown as [string, string, string];
  const [head, body, signature] = jwt.split('.') as [string, string, string];
  const point = b64(senderKey);
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  if (JSON.parse(b64(head).toString()).alg !== 'ES256') throw new Error('VAPID JWT not ES256');
  if (!verify('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, b64(signature))) throw new Error('VAPID JWT signature does not verify');
  return { claims: JSON.parse(b64(body).toString()) as ReceivedPush['claims'], senderKey };
}

/**
 * A local push service speaking RFC 8030 over HTTPS (self-signed): takes a push at
 * `/push/<name>`, checks its VAPID JWT and opens its payload with the subscriber's keys, and
 * answers 201, or the status `statusOf(name)` gives (404/410 for a gone subscription).
 */
export async function startPushService(statusOf: (name: string) => number = () => 201) {
  const { key, cert } = selfSignedCertificate();
  const subscribers = new Map<string, Subscriber>();
  const received: ReceivedPush[] = [];
  const errors: string[] = [];
  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = (req.url ?? '').replace(/^\/push\//, '');
      const subscriber = subscribers.get(name);
      try {
        if (req.method !== 'POST' || !subscriber) throw new Error(`unknown subscription ${name}`);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
        const vapid = verifyVapid(String(req.headers.authorization));
        const payload = JSON.parse(decryptPush(Buffer.concat(chunks), subscriber).toString('utf8')) as Record<string, unknown>;
        received.push({ path: req.url ?? '', payload, ...vapid, ttl: req.headers.ttl as string | undefined });
      } catch (error) {
        errors.push((error as Error).message);
        res.writeHead(400).end();
        return;
      }
      res.writeHead(statusOf(name), { location: `/message/${randomBytes(4).toString('hex')}` }).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    cert,
    received,
    errors,
    /** A new subscriber at `/push/<name>`, as a browser would make one. */
    subscribe(name: string): Subscriber {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const subscriber = { ecdh, auth, subscription: { endpoint: `${url}/push/${name}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } } };
      subscribers.set(name, subscriber);
      return subscriber;
    },
    close: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
  };
}
