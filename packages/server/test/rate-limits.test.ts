import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { apiErrorSchema } from '@payam/core';
import { sha256 } from '../src/config/catalog.js';
import { parseRateLimit, rateLimitsFromEnv, type RateLimitOptions } from '../src/index.js';
import { addressKey, trustedProxyList } from '../src/http/rate-limits.js';
import { BACKENDS, newPostgresDatabase, parseXml, startServerProcess, startTestServer, type TestServer } from './support/harness.js';
import { png } from './support/photo-fixtures.js';

/** Registrations per API key in these tests. */
const PER_KEY = 9;
const LIMITS: RateLimitOptions = {
  registrationsPerKey: { points: PER_KEY, seconds: 60 },
  registrationsPerAddress: { points: 3, seconds: 60 },
  lookupsPerAddress: { points: 4, seconds: 60 },
  listsPerAddress: { points: 2, seconds: 60 },
  uploadsPerAddress: { points: 2, seconds: 60 },
};

const from = (address: string) => ({ 'x-forwarded-for': address });
const registration = { api_key: 'demo', service_code: 'pothole', description: 'A pothole near the bus stop.', region: '6' };

/** Checks a 429: `Retry-After` within the window, an Open311 error body. */
async function expectTooMany(response: Response, windowSeconds = 60): Promise<string> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  if (response.headers.get('content-type')?.includes('xml')) {
    const xml = parseXml(await response.text()) as { errors: { error: { code: string; description: string }[] } };
    expect(xml.errors.error[0]?.code).toBe('429');
    return xml.errors.error[0]?.description ?? '';
  }
  const [error] = apiErrorSchema.parse(await response.json());
  expect(error?.code).toBe(429);
  return error?.description ?? '';
}

describe('abuse limit settings', () => {
  it('reads limits from the environment, and refuses what it cannot read', () => {
    expect(parseRateLimit('60/10m')).toEqual({ points: 60, seconds: 600 });
    expect(parseRateLimit('300/60')).toEqual({ points: 300, seconds: 60 });
    expect(parseRateLimit('1000 / 1h')).toEqual({ points: 1000, seconds: 3600 });
    expect(parseRateLimit('off')).toBe(false);
    for (const bad of ['', '60', '0/1m', '60/0s', 'ten/1m', '60/1d']) expect(() => parseRateLimit(bad), bad).toThrow(/60\/10m/);
    expect(rateLimitsFromEnv({ PAYAM_RATE_LIMITS: 'off' })).toBe(false);
    expect(rateLimitsFromEnv({})).toEqual({});
    expect(rateLimitsFromEnv({ PAYAM_RATE_LIMIT_LISTS_PER_ADDRESS: '10/1m', PAYAM_RATE_LIMIT_REGISTRATIONS_PER_KEY: 'off', PAYAM_RATE_LIMIT_UPLOADS_PER_ADDRESS: '30/10m' })).toEqual({
      listsPerAddress: { points: 10, seconds: 60 },
      registrationsPerKey: false,
      uploadsPerAddress: { points: 30, seconds: 600 },
    });
    expect(() => rateLimitsFromEnv({ PAYAM_RATE_LIMITS: 'of' })).toThrow();
  });

  it('counts an IPv6 client by its /64 network and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });

  it('reads trusted proxies as addresses and networks', () => {
    const list = trustedProxyList(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(list.check('10.20.30.40', 'ipv4')).toBe(true);
    expect(list.check('11.0.0.1', 'ipv4')).toBe(false);
    expect(list.check('::1', 'ipv6')).toBe(true);
    for (const bad of ['localhost', '10.0.0.0/x', '300.1.1.1']) expect(() => trustedProxyList([bad]), bad).toThrow();
  });
});

describe.each(BACKENDS)('abuse limits on %s', (backend) => {
  let s: TestServer;
  let databaseUrl: string | undefined;
  /** Registrations the demo key has made so far. */
  let demoKeyUsed = 0;
  /** The key for the tests after the demo key's count is spent: a second key on PostgreSQL, a fresh server's demo key on PGlite. */
  const keyOf = () => (databaseUrl ? 'district-app-key' : 'demo');
  beforeAll(async () => {
    databaseUrl = backend === 'postgres' ? await newPostgresDatabase() : undefined;
    // Loopback is the trusted proxy here, so each test speaks for clients at addresses of its choosing.
    s = await startTestServer(backend, { databaseUrl, rateLimits: LIMITS, trustedProxies: ['127.0.0.1', '::1'] });
  });
  afterAll(() => s.close());

  it('refuses the registration after the limit from one address with 429, Retry-After and an Open311 error, in the caller’s language and format', async () => {
    for (let i = 0; i < 3; i++) {
      await s.submit({}, from('198.51.100.1'));
      demoKeyUsed++;
    }
    const en = await s.postJson('/open311/v2/requests.json', registration, { ...from('198.51.100.1'), 'accept-language': 'en' });
    expect(await expectTooMany(en)).toMatch(/^Too many requests from here: try again in \d+ seconds\.$/);
    const fa = await s.postJson('/open311/v2/requests.xml', registration, from('198.51.100.1'));
    expect(fa.headers.get('content-type')).toContain('text/xml');
    expect(await expectTooMany(fa)).toMatch(/درخواست‌های زیادی/);
    // Another client is not affected.
    await s.submit({}, from('198.51.100.2'));
    demoKeyUsed++;
    // Nothing of the refused requests was stored.
    const listed = (await (await s.get('/open311/v2/requests.json?service_code=pothole', from('198.51.100.99'))).json()) as unknown[];
    expect(listed).toHaveLength(demoKeyUsed);
  });



  it('limits look-ups by tracking id and citizen token per address', async () => {
    const { id, token } = await s.submit({}, from('198.51.100.2'));
    demoKeyUsed++;
    const address = from('203.0.113.5');
    const answers = [
      await s.get(`/open311/v2/requests/${id}.json`, address),
      await s.get(`/open311/v2/tokens/${token}.json`, address),
      await s.get('/open311/v2/requests/137-424242.json', address),
      await s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: 'Still there.' }, { ...address, 'x-citizen-token': 'guess' }),
    ];
    for (const answer of answers) expect(answer.status).toBeLessThan(429);
    await expectTooMany(await s.get(`/open311/v2/tokens/${token}.xml`, address));
    await expectTooMany(await s.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'yes', rating: 5 }, address));
    expect((await s.get(`/open311/v2/requests/${id}.json`, from('203.0.113.6'))).status).toBeLessThan(429);
  });

  it('limits photo uploads per address on their own: a citizen’s photos take nothing from their registrations', async () => {
    const address = from('203.0.113.20');
    const upload = async () => {
      const data = new FormData();
      data.append('photo', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'hole.png');
      return fetch(`${s.url}/open311/v2/media?lang=en`, { method: 'POST', headers: { 'x-api-key': 'demo', ...address }, body: data });
    };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = await upload();
      expect(answer.status).toBe(201);
      ids.push(((await answer.json()) as { media_id: string }[])[0]!.media_id);
    }
    expect(await expectTooMany(await upload())).toMatch(/^Too many requests from here/);
    // The address's registrations are all there still, the photos named in them.
    for (let i = 0; i < 3; i++) {
      const answer = await s.postJson('/open311/v2/requests.json', { ...registration, ...(i < 2 ? { media_ids: [ids[i]] } : {}) }, address);
      expect(answer.status).toBe(201);
      demoKeyUsed++;
    }
    expect((await upload()).status).toBe(429);
  });

  it('limits the public list per address', async () => {
    const address = from('203.0.113.9');
    expect((await s.get('/open311/v2/requests.json', address)).status).toBe(200);
    expect((await s.get('/open311/v2/requests.xml?status=open', address)).status).toBe(200);
    await expectTooMany(await s.get('/open311/v2/requests.json?service_code=pothole', address));
    expect((await s.get('/open311/v2/requests.json', from('203.0.113.10'))).status).toBe(200);
    // Other public routes are not counted.
    expect((await s.get('/open311/v2/services.json', address)).status).toBe(200);
  });

  it('counts registrations per API key across addresses, and only for a valid key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_KEY - demoKeyUsed + 2; i++) {
      const response = await s.postJson('/open311/v2/requests.json', registration, from(`192.0.2.${10 + i}`));
      statuses.push(response.status);
      if (response.status === 429) await expectTooMany(response);
    }
    expect(statuses).toEqual([...Array<number>(PER_KEY - demoKeyUsed).fill(201), 429, 429]);
    // Made-up keys are refused as such, whatever the key count.
    const madeUp = await s.postJson('/open311/v2/requests.json', { ...registration, api_key: 'made-up' }, from('192.0.2.50'));
    expect(madeUp.status).toBe(403);
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query("INSERT INTO api_keys (key_hash, name) VALUES ($1, 'District app')", [sha256('district-app-key')]);
      await client.end();
      const other = await s.postJson('/open311/v2/requests.json', { ...registration, api_key: 'district-app-key' }, from('192.0.2.51'));
      expect(other.status).toBe(201);
    }
  });

  it('documents the 429 and its Retry-After in the OpenAPI document of each limited route', async () => {
    const doc = (await (await s.get('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>> };
    for (const [path, method] of [
      ['/open311/v2/requests.{format}', 'post'],
      ['/open311/v2/requests.{format}', 'get'],
      ['/open311/v2/requests/{id}.{format}', 'get'],
      ['/open311/v2/tokens/{token}.{format}', 'get'],
      ['/open311/v2/requests/{id}/follow_ups.{format}', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.responses['429']?.headers, `${method} ${path}`).toHaveProperty('Retry-After');
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    // A server that trusts no proxy: every request below comes from 127.0.0.1, whatever it claims.
    const untrusting = await startTestServer(backend, { databaseUrl, rateLimits: LIMITS });
    try {
      const statuses = [];
      for (const address of ['10.1.1.1', '10.1.1.2', '10.1.1.3', '10.1.1.4']) {
        statuses.push((await untrusting.postJson('/open311/v2/requests.json', { ...registration, api_key: keyOf() }, from(address))).status);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await untrusting.close();
    }
  }, 120_000);

  // Only PostgreSQL shares a database between processes (PGlite is one process's own).
  if (backend === 'postgres') it('shares the counters between server processes on one PostgreSQL', async () => {
    const other = await startServerProcess({ databaseUrl, rateLimits: LIMITS, trustedProxies: ['127.0.0.1'] });
    try {
      const post = (url: string, address: string, apiKey = 'district-app-key') =>
        fetch(`${url}/open311/v2/requests.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...from(address) },
          body: JSON.stringify({ ...registration, api_key: apiKey }),
        });
      // One client's attempts spread over the two processes: the fourth is refused, by either.
      const attempts = [await post(s.url, '100.64.0.1', 'made-up'), await post(other.url, '100.64.0.1', 'made-up'), await post(s.url, '100.64.0.1', 'made-up')];
      expect(attempts.map((a) => a.status)).toEqual([403, 403, 403]);
      await expectTooMany(await post(other.url, '100.64.0.1'));
      await expectTooMany(await post(s.url, '100.64.0.1'));
      // The key's count too: one registration in an earlier test, three through the untrusting server, the rest here, by either.
      const left = PER_KEY - 4;
      const statuses: number[] = [];
      for (let i = 0; i < left; i++) statuses.push((await post(i % 2 === 0 ? other.url : s.url, `100.64.0.${2 + i}`)).status);
      expect(statuses).toEqual(Array<number>(left).fill(201));
      await expectTooMany(await post(other.url, '100.64.0.40'));
    } finally {
      await other.stop();
    }
  }, 120_000);
});
