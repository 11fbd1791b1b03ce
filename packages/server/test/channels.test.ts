import { createECDH, randomBytes } from 'node:crypto';
import { Agent, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseTrackingLink } from '@payam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import webpushLib from 'web-push';
import { emailChannel, webPush } from '../src/index.js';
import { BACKENDS, CITIZEN, startTestServer, type TestServer } from './support/harness.js';
import { selfSignedCertificate } from './support/local-services.js';

interface Mail {
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps what it receives. */
async function localSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise((done) => server.close(() => done())) };
}

/** A mail's header value, encoded words decoded. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '';
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

/** A mail's plain-text body, decoded. */
function body(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const content = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head!)) return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head!)) return decodeQuotedPrintable(content);
  return content;
}

describe.each(BACKENDS)('email as a channel plug-in on %s', (backend) => {
  let s: TestServer;
  let smtp: Awaited<ReturnType<typeof localSmtp>>;
  let email: ReturnType<typeof emailChannel>;
  beforeAll(async () => {
    smtp = await localSmtp();
    email = emailChannel({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: '"Tehran 137" <noreply@tehran.example>' });
    s = await startTestServer(backend, { channels: [email] });
  });
  afterAll(async () => {
    await s.close();
    email.close();
    await smtp.close();
  });

  it('mails the feedback invitation in the citizen language, with the link that lets them act', async () => {
    const { id, token } = await s.submit({ email: CITIZEN.email, lang: 'en' });
    await s.act(id, 'answer', { text: 'Fixed.' });
    const run = await s.runWorker();
    expect(run.delivered).toBe(1);
    const mail = smtp.mails.find((m) => body(m.raw).includes(id))!;
    expect(mail.to).toEqual([CITIZEN.email]);
    expect(header(mail.raw, 'subject')).toBe('Your message was answered');
    expect(header(mail.raw, 'message-id')).toBe(`<${encodeURIComponent(`${id}:feedback_invitation:1:email`)}@tehran.example>`);
    // The link in core's one format, opened by the page with the citizen's own token.
    const link = /https?:\/\/\S+/.exec(body(mail.raw))?.[0];
    expect(link && parseTrackingLink(link)).toMatchObject({ messageId: id, citizenToken: token });
    expect(body(mail.raw)).toContain('Tell us whether the problem was solved');
    // The log names no address.
    expect(s.logs.join('\n')).not.toContain(CITIZEN.email);
  });

  it('in Persian for a Persian message', async () => {
    const { id } = await s.submit({ email: 'reza@example.org' });
    await s.act(id, 'answer', { text: 'انجام شد.' });
    await s.runWorker();
    const mail = smtp.mails.find((m) => m.to.includes('reza@example.org'))!;
    expect(header(mail.raw, 'subject')).toBe('به پیام شما پاسخ داده شد');
    expect(body(mail.raw)).toMatch(/پیگیری و اقدام از این نشانی/);
  });

  it('a message without an email address is not mailed, and SMS still goes by its own channel', async () => {
    const before = smtp.mails.length;
    const { id } = await s.submit({ phone: CITIZEN.phone });
    await s.act(id, 'answer', { text: 'Fixed.' });
    const run = await s.runWorker();
    expect(smtp.mails.length).toBe(before);
    // SMS has no adapter here: the development log stands in and nothing counts as delivered.
    expect(run).toMatchObject({ delivered: 0, skipped: 1 });
  });
});

describe('push: skipped when there is nothing to deliver to, and a gone subscription removed', () => {
  let service: { url: string; status: number; hits: string[]; close(): Promise<void> };
  let agent: Agent;
  beforeAll(async () => {
    // A push service is HTTPS: a local one with a throwaway self-signed certificate, answering as RFC 8030 says.
    const { key, cert } = selfSignedCertificate();
    agent = new Agent({ ca: cert });
    const hits: string[] = [];
    const state = { status: 201 };
    const server = createHttpsServer({ key, cert }, (req, res) => {
      req.resume();
      req.on('end', () => {
        hits.push(req.url ?? '');
        res.writeHead(state.status).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    service = {
      url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      get status() {
        return state.status;
      },
      set status(v) {
        state.status = v;
      },
      hits,
      close: () => new Promise<void>((done) => server.close(() => done())),
    };
  });
  afterAll(() => service.close());

  function subscription(device: string) {
    const client = createECDH('prime256v1');
    client.generateKeys();
    return { endpoint: `${service.url}/push/${device}`, keys: { p256dh: client.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
  }

  it.each([404, 410])('a %i from the push service removes the subscription and counts as skipped', async (status) => {
    const subscriptions = new Map([['device-1', subscription('device-1')]]);
    const vapid = webpushLib.generateVAPIDKeys();
    const push = webPush({
      vapid: { subject: 'mailto:it@tehran.example', ...vapid },
      subscriptionOf: async (device) => subscriptions.get(device) ?? null,
      removeSubscription: async (device) => void subscriptions.delete(device),
      agent,
    });
    service.status = status;
    const s = await startTestServer('pglite', { adapters: { push } });
    try {
      const { id } = await s.submit({ device_id: 'device-1' });
      await s.act(id, 'answer', { text: 'Fixed.' });
      expect(await s.runWorker()).toMatchObject({ delivered: 0, skipped: 1, failed: 0 });
      expect(service.hits.at(-1)).toBe('/push/device-1');
      expect(subscriptions.has('device-1')).toBe(false);
      // A device without a subscription: nothing is sent, nothing counts as delivered.
      const hits = service.hits.length;
      const other = await s.submit({ device_id: 'device-2' });
      await s.act(other.id, 'answer', { text: 'Fixed.' });
      expect(await s.runWorker()).toMatchObject({ delivered: 0, skipped: 1 });
      expect(service.hits.length).toBe(hits);
    } finally {
      await s.close();
    }
  });

  it('a 201 is delivered; a 500 is retried, not skipped', async () => {
    const vapid = webpushLib.generateVAPIDKeys();
    const sub = subscription('device-3');
    const push = webPush({ vapid: { subject: 'mailto:it@tehran.example', ...vapid }, subscriptionOf: async () => sub, agent });
    service.status = 201;
    expect(await push.send({ deviceId: 'device-3', title: 't', body: 'b', url: 'http://x/', idempotencyKey: 'k' })).toBe('delivered');
    service.status = 500;
    await expect(push.send({ deviceId: 'device-3', title: 't', body: 'b', url: 'http://x/', idempotencyKey: 'k' })).rejects.toThrow(/HTTP 500/);
  });
});
