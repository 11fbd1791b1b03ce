import { createECDH, createHmac, randomBytes } from 'node:crypto';
import { createServer as createHttpsServer, Agent } from 'node:https';
import webpushLib from 'web-push';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrackingLink, parseTrackingLink, suggestionFeedSchema } from '@payam/core';
import { checkPublicUrl, httpWebhook, kavenegarSms, PublicAddress, publicAddressFromEnvironment, signedWebhookBridge, webPush } from '../src/index.js';
import { BACKENDS, CITIZEN, startTestServer, type TestServer } from './support/harness.js';
import { localService, selfSignedCertificate, type Received } from './support/local-services.js';

/** A local HTTP server that records requests and answers with `answer(request)`. */
const fakeService = (answer: (r: Received) => { status: number; body: unknown }) => localService(answer);

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('notification adapters against local services speaking their protocols', () => {
  it('sends an SMS the way a Kavenegar-style gateway expects and fails on its refusal', async () => {
    let refuse = true;
    const gateway = await fakeService(() => (refuse ? { status: 200, body: { return: { status: 418, message: 'اعتبار کافی نیست' } } } : { status: 200, body: { return: { status: 200, message: 'تایید شد' }, entries: [{ messageid: 1 }] } }));
    try {
      const sms = kavenegarSms({ apiKey: 'KEY-123', sender: '10004346', baseUrl: gateway.url });
      await expect(sms.send({ to: '+989121234567', text: 'سلام', idempotencyKey: 'k1' })).rejects.toThrow(/refused/);
      refuse = false;
      await sms.send({ to: '+989121234567', text: 'سلام', idempotencyKey: 'k1' });
      const last = gateway.received.at(-1)!;
      expect(last.path).toBe('/v1/KEY-123/sms/send.json');
      const form = new URLSearchParams(last.body);
      expect(form.get('receptor')).toBe('09121234567');
      expect(form.get('message')).toBe('سلام');
      expect(form.get('sender')).toBe('10004346');
      expect(form.get('localid')).toBe('k1');
    } finally {
      await gateway.close();
    }
  });

  it('posts signed webhooks and fails on an HTTP error', async () => {
    let status = 500;
    const hook = await fakeService(() => ({ status, body: {} }));
    try {
      const notifier = httpWebhook({ url: `${hook.url}/hooks/payam`, secret: 's3cret' });
      const notification = { kind: 'overdue', unitId: 'municipality', messageId: '137-1', params: { stage: 'triage' }, idempotencyKey: '137-1:overdue:1' };
      await expect(notifier.send(notification)).rejects.toThrow(/500/);
      status = 204;
      await notifier.send(notification);
      const last = hook.received.at(-1)!;
      expect(JSON.parse(last.body)).toEqual(notification);
      expect(last.headers['x-payam-signature']).toBe(sign('s3cret', last.body));
      expect(last.headers['idempotency-key']).toBe('137-1:overdue:1');
    } finally {
      await hook.close();
    }
  });
});

describe('Web Push adapter', () => {
  it('sends an encrypted, VAPID-signed push to the device subscription endpoint', async () => {
    // A push service is HTTPS: a local one with a throwaway self-signed certificate.
    const { key, cert } = selfSignedCertificate();
    const received: Received[] = [];
    const server = createHttpsServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('latin1') });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const pushService = { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise<void>((done) => server.close(() => done())) };
    try {
      const client = createECDH('prime256v1');
      client.generateKeys();
      const subscription = {
        endpoint: `${pushService.url}/push/device-1`,
        keys: { p256dh: client.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
      };
      const vapid = webpushLib.generateVAPIDKeys();
      const push = webPush({
        vapid: { subject: 'mailto:it@tehran.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        subscriptionOf: async (deviceId) => (deviceId === 'device-1' ? subscription : null),
        agent: new Agent({ ca: cert }),
      });
      await push.send({ deviceId: 'device-1', title: 'پاسخ داده شد', body: 'بازخورد بدهید', url: 'http://x/?message=137-1', idempotencyKey: 'k' });
      await push.send({ deviceId: 'unknown', title: 't', body: 'b', url: 'u', idempotencyKey: 'k2' });
      expect(pushService.received).toHaveLength(1);
      const sent = pushService.received[0]!;
      expect(sent.path).toBe('/push/device-1');
      expect(sent.headers['content-encoding']).toBe('aes128gcm');
      expect(String(sent.headers.authorization)).toMatch(/^vapid t=.+, k=/);
      expect(sent.body).not.toContain('بازخورد');
    } finally {
      await pushService.close();
    }
  });
});

describe.each(BACKENDS)('outbox delivery through real adapters on %s', (backend) => {
  let s: TestServer;
  let gateway: Awaited<ReturnType<typeof fakeService>>;
  let platform: Awaited<ReturnType<typeof fakeService>>;
  let gatewayDown = true;
  beforeAll(async () => {
    gateway = await fakeService(() => (gatewayDown ? { status: 503, body: {} } : { status: 200, body: { return: { status: 200, message: 'ok' } } }));
    platform = await fakeService((r) => ({ status: 200, body: { url: `https://mosharekat.example/ideas/${JSON.parse(r.body).id}` } }));
    s = await startTestServer(backend, {
      adapters: {
        sms: kavenegarSms({ apiKey: 'K', baseUrl: gateway.url }),
        participation: signedWebhookBridge({ url: `${platform.url}/ideas`, secret: 'bridge-secret' }),
      },
    });
  });
  afterAll(async () => {
    await s.close();
    await gateway.close();
    await platform.close();
  });

  it('retries an SMS the gateway could not take, later, and sends it once it can', async () => {
    const { id, token } = await s.submit({ ...CITIZEN });
    await s.act(id, 'answer', { text: 'Fixed.' });
    const first = await s.runWorker();
    expect(first.failed).toBe(1);
    expect(first.delivered).toBe(0);
    const errorLines = s.logs.filter((l) => l.includes('delivery failed'));
    expect(errorLines.length).toBeGreaterThan(0);
    expect(s.logs.join('\n')).not.toContain('9121234567');
    // Not retried before its backoff.
    expect((await s.runWorker()).failed).toBe(0);
    gatewayDown = false;
    s.clock.advance(60_000);
    const second = await s.runWorker();
    expect(second.delivered).toBe(1);
    const sms = new URLSearchParams(gateway.received.at(-1)!.body);
    expect(sms.get('receptor')).toBe('09121234567');
    expect(sms.get('localid')).toBe(`${id}:feedback_invitation:1:sms`);
    // Persian text with the tracking id in Persian digits and a link.
    expect(sms.get('message')).toMatch(/[\u0600-\u06FF]/);
    // The link lets the citizen act: the token rides in the fragment, never in a server's access log.
    expect(sms.get('message')).toContain(`${s.publicUrl}/?message=${id}#token=${token}`);
  });

  it('publishes a consented suggestion through the signed participation webhook, without personal data', async () => {
    const { id } = await s.submit({ ...CITIZEN, service_code: 'city-idea', description: 'Online permit tracking.', suggestion: true, consent_text_version: 'v3' });
    await s.runWorker();
    const sent = platform.received.find((r) => JSON.parse(r.body).id === id)!;
    expect(sent.headers['x-payam-signature']).toBe(sign('bridge-secret', sent.body));
    expect(JSON.parse(sent.body)).toMatchObject({ id, system: '137', serviceCode: 'city-idea', consentTextVersion: 'v3', description: 'Online permit tracking.' });
    for (const secret of ['9121234567', CITIZEN.first_name, CITIZEN.email]) expect(sent.body).not.toContain(secret);
    const feed = suggestionFeedSchema.parse(await (await s.get('/open311/v2/suggestions.json')).json());
    expect(feed.find((x) => x.service_request_id === id)?.url).toBe(`https://mosharekat.example/ideas/${id}`);
  });
});

describe.each(BACKENDS)('links built from the public address on %s', (backend) => {
  let s: TestServer;
  let gateway: Awaited<ReturnType<typeof fakeService>>;
  beforeAll(async () => {
    gateway = await fakeService(() => ({ status: 200, body: { return: { status: 200, message: 'ok' } } }));
    s = await startTestServer(backend, {
      publicUrl: 'https://city.example/payam/',
      systemPages: { '1888': 'https://city.example/1888/track?lang=fa' },
      adapters: { sms: kavenegarSms({ apiKey: 'K', baseUrl: gateway.url }) },
    });
  });
  afterAll(async () => {
    await s.close();
    await gateway.close();
  });

  /** The link in the last SMS the gateway received. */
  const lastLink = () => /https?:\/\/\S+/.exec(new URLSearchParams(gateway.received.at(-1)!.body).get('message') ?? '')?.[0];

  it("sends each system's messages to its own page, in core's link format, never to the bind address", async () => {
    const request = await s.submit({ ...CITIZEN });
    await s.act(request.id, 'answer', { text: 'Fixed.' });
    await s.runWorker();
    expect(lastLink()).toBe(buildTrackingLink('https://city.example/payam/', { messageId: request.id, citizenToken: request.token }));
    expect(parseTrackingLink(lastLink()!)).toEqual({ messageId: request.id, citizenToken: request.token });

    const complaint = await s.submit({ ...CITIZEN, jurisdiction_id: '1888', service_code: 'service-improvement', description: 'The permit office closes early.', lat: undefined, long: undefined });
    await s.act(complaint.id, 'answer', { text: 'Opening hours were extended.' });
    await s.runWorker();
    expect(lastLink()).toBe(`https://city.example/1888/track?lang=fa&message=${complaint.id}#token=${complaint.token}`);
    expect(gateway.received.map((r) => r.body).join('\n')).not.toContain(s.url.replace('http://', ''));
  });

  it('advertises the public address in discovery, OpenAPI and the suggestion feed, whatever Host the request names', async () => {
    const asked = (path: string) =>
      new Promise<string>((done, fail) => {
        const req = httpRequest(`${s.url}${path}`, { headers: { host: 'attacker.example' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => done(body));
        });
        req.on('error', fail);
        req.end();
      });
    const discovery = JSON.parse(await asked('/open311/v2/discovery.json')) as { endpoints: { url: string }[] };
    expect(discovery.endpoints[0]?.url).toBe('https://city.example/payam/open311/v2');
    const openapi = JSON.parse(await asked('/openapi.json')) as { servers: { url: string }[] };
    expect(openapi.servers[0]?.url).toBe('https://city.example/payam');
    const xml = await asked('/open311/v2/discovery.xml');
    expect(xml).toContain('<url>https://city.example/payam/open311/v2</url>');
    expect(xml + JSON.stringify(discovery) + JSON.stringify(openapi)).not.toContain('attacker.example');
  });
});

describe('the public address setting', () => {
  it('takes an absolute http(s) address and drops a trailing slash', () => {
    expect(checkPublicUrl('https://city.example/payam/', 'PAYAM_PUBLIC_URL')).toBe('https://city.example/payam');
    expect(publicAddressFromEnvironment({ PAYAM_PUBLIC_URL: 'https://city.example', PAYAM_PUBLIC_URL_1888: 'https://city.example/1888' })).toEqual({
      publicUrl: 'https://city.example',
      systemPages: { '1888': 'https://city.example/1888' },
    });
    expect(new PublicAddress('https://city.example', { ABC: 'https://city.example/abc' }).trackingPage('abc')).toBe('https://city.example/abc');
  });

  it('refuses an address a citizen could not open, naming the setting', () => {
    for (const bad of ['city.example', '/track', 'ftp://city.example', 'https://city.example/?a=1', 'https://city.example/#x']) {
      expect(() => checkPublicUrl(bad, 'PAYAM_PUBLIC_URL_1888'), bad).toThrow(/PAYAM_PUBLIC_URL_1888/);
    }
  });
});
