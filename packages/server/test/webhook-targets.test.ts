import { lookup as systemLookup } from 'node:dns';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, postToWebhook, TargetRefused, targetRefusal, type WebhookTargetPolicy } from '../src/webhooks/targets.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { localService, type LocalService } from './support/local-services.js';

/** A resolver that answers `addresses` for every name: the public DNS cannot be reached here. */
const resolvingTo = (...addresses: string[]): WebhookTargetPolicy['lookup'] =>
  ((_host: string, _options: unknown, callback: (error: null, list: { address: string; family: number }[]) => void) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))) as unknown as WebhookTargetPolicy['lookup'];

describe('which addresses an app webhook may reach', () => {
  it('takes public unicast addresses only, judging an IPv4 address carried in IPv6 as itself', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2001:4860:4860::8888', '::ffff:93.184.215.14']) expect(isPublicAddress(address), address).toBe(true);
    const local = [
      '127.0.0.1', '127.8.9.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '100.100.100.200',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.2.1', '198.18.0.1',
      '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', '2001:db8::1',
      'not an address',
    ];
    for (const address of local) expect(isPublicAddress(address), address).toBe(false);
  });

  it('refuses at registration a URL that is not https, or whose host is or resolves to a local address', async () => {
    const policy: WebhookTargetPolicy = {};
    expect(await targetRefusal('http://93.184.215.14/hook', policy)).toBe('scheme');
    for (const url of ['https://127.0.0.1/x', 'https://0x7f000001/x', 'https://2130706433/x', 'https://[::1]/x', 'https://[::ffff:7f00:1]/x', 'https://169.254.169.254/latest/meta-data', 'https://10.1.2.3/x', 'https://localhost:8443/x']) {
      expect(await targetRefusal(url, policy), url).toBe('address');
    }
    expect(await targetRefusal('https://app.example/hook', { lookup: resolvingTo('93.184.215.14', '10.0.0.7') })).toBe('address');
    expect(await targetRefusal('https://app.example/hook', { lookup: resolvingTo('93.184.215.14') })).toBeNull();
    expect(await targetRefusal('https://93.184.215.14/hook', policy)).toBeNull();
    // Local development may name anything.
    expect(await targetRefusal('http://127.0.0.1:8080/x', { allowLocalTargets: true })).toBeNull();
  });
});

describe('posting to an app webhook', () => {
  let listener: Server;
  let port: number;
  let connections = 0;
  let app: LocalService;
  beforeAll(async () => {
    // Counts connections: a refused target must never be connected to.
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    port = (listener.address() as AddressInfo).port;
    app = await localService(() => ({ status: 204, body: {} }));
  });
  afterAll(async () => {
    await new Promise((done) => listener.close(done));
    await app.close();
  });
  const post = { headers: { 'content-type': 'application/json' }, body: '{"event":"status_changed"}', signal: AbortSignal.timeout(5_000) };

  it('does not connect to a name that resolves to a local address, whatever it resolved to before', async () => {
    // `localhost` through the system's own resolver (the hosts file).
    await expect(postToWebhook(`https://localhost:${port}/x`, post, {})).rejects.toBeInstanceOf(TargetRefused);
    // A name that resolved to a public address at registration and to a private one now.
    await expect(postToWebhook(`https://app.example:${port}/x`, post, { lookup: resolvingTo('127.0.0.1') })).rejects.toThrow(/not public/);
    await expect(postToWebhook(`https://app.example:${port}/x`, post, { lookup: resolvingTo('93.184.215.14', '::1') })).rejects.toThrow(/not public/);
    // An address in the URL (a webhook registered before the check) and plain http.
    await expect(postToWebhook(`https://127.0.0.1:${port}/x`, post, {})).rejects.toThrow(/not public/);
    await expect(postToWebhook(`http://app.example:${port}/x`, post, { lookup: resolvingTo('93.184.215.14') })).rejects.toThrow(/not https/);
    expect(connections).toBe(0);
  });

  it('posts when local targets are allowed, through the system resolver', async () => {
    expect(await postToWebhook(`${app.url.replace('127.0.0.1', 'localhost')}/hook`, post, { allowLocalTargets: true, lookup: systemLookup })).toBe(204);
    expect(app.received.map((r) => [r.path, r.body])).toEqual([['/hook', post.body]]);
  });
});

describe('registering an app webhook on a server with the default policy', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('answers 400 naming url, with the reason in English and Persian, and takes an https public address', async () => {
    const create = (url: string, lang = 'en') => s.postJson(`/open311/v2/webhooks.json?lang=${lang}`, { api_key: 'demo', url });
    const reasons = async (response: Response) => {
      expect(response.status).toBe(400);
      const [error] = (await response.json()) as { field: string; description: string }[];
      expect(error!.field).toBe('url');
      return error!.description;
    };
    expect(await reasons(await create('http://93.184.215.14/hook'))).toMatch(/https/);
    for (const url of ['https://127.0.0.1/hook', 'https://[::1]/hook', 'https://169.254.169.254/latest', 'https://192.168.0.10/hook', 'https://localhost/hook']) {
      expect(await reasons(await create(url)), url).toMatch(/public/);
    }
    expect(await reasons(await create('https://10.0.0.1/hook', 'fa'))).toMatch(/[\u0600-\u06FF]/);
    const taken = await create('https://93.184.215.14/payam-hook');
    expect(taken.status).toBe(201);
  });
});
