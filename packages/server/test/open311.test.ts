import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorSchema,
  createRequestResponseSchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  tokenResponseSchema,
} from '@payam/core';
import { z } from 'zod';
import { BACKENDS, CITIZEN, fetchChecked, parseXml, startTestServer, type TestServer } from './support/harness.js';

describe.each(BACKENDS)('Open311 GeoReport v2 on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  describe('discovery and services', () => {
    it('answers discovery in JSON and XML', async () => {
      const json = await s.get('/open311/v2/discovery.json');
      expect(json.status).toBe(200);
      const body = (await json.json()) as { endpoints: { url: string; formats: string[] }[] };
      expect(body.endpoints[0]?.url).toBe(`${s.url}/open311/v2`);
      expect(body.endpoints[0]?.formats).toEqual(['text/xml', 'application/json']);
      const xml = await s.get('/open311/v2/discovery.xml');
      expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
      const parsed = parseXml(await xml.text()) as { discovery: { endpoints: { endpoint: { url: string }[] } } };
      expect(parsed.discovery.endpoints.endpoint[0]?.url).toBe(`${s.url}/open311/v2`);
    });

    it('works for a client that joins the discovery url with `/services.xml`, and answers a doubled slash like a single one', async () => {
      const body = (await (await s.get('/open311/v2/discovery.json')).json()) as { endpoints: { url: string }[] };
      const endpoint = body.endpoints[0]!.url;
      const joined = await fetch(`${endpoint}/services.xml`);
      expect(joined.status).toBe(200);
      expect(joined.headers.get('content-type')).toMatch(/^text\/xml/);
      const single = await (await s.get('/open311/v2/services.json')).json();
      for (const path of ['/open311/v2//services.json', '/open311/v2///services.json']) {
        const doubled = await s.get(path);
        expect(doubled.status, path).toBe(200);
        expect(await doubled.json()).toEqual(single);
      }
      // A client that resolves names against an endpoint ending in a slash gets there too.
      expect((await fetch(new URL('services.json', `${endpoint}/`))).status).toBe(200);
    });

    it('lists public services only, in Persian by default and English on request', async () => {
      const fa = z.array(open311ServiceSchema).parse(await (await s.get('/open311/v2/services.json')).json());
      const codes = fa.map((x) => x.service_code);
      expect(codes).toContain('streetlight');
      expect(codes).toContain('service-improvement');
      expect(codes).not.toContain('bribery');
      expect(codes).not.toContain('staff-misconduct');
      expect(fa.find((x) => x.service_code === 'streetlight')?.service_name).toBe('خاموشی روشنایی معابر');
      const en = z.array(open311ServiceSchema).parse(await (await s.get('/open311/v2/services.json', { 'accept-language': 'en-US,en;q=0.9' })).json());
      expect(en.find((x) => x.service_code === 'streetlight')?.service_name).toBe('Streetlight out');
      const query = z.array(open311ServiceSchema).parse(await (await s.get('/open311/v2/services.json?lang=en')).json());
      expect(query[0]?.service_name).toBe(en[0]?.service_name);
      expect(fa[0]?.extended_attributes).toBeUndefined();
    });

    it('filters by jurisdiction and adds extended attributes with extensions=true', async () => {
      const list = z
        .array(open311ServiceSchema)
        .parse(await (await s.get('/open311/v2/services.json?jurisdiction_id=1888&extensions=true&lang=en')).json());
      expect(list.every((x) => x.extended_attributes?.jurisdiction_id === '1888')).toBe(true);
      expect(list.map((x) => x.service_code)).toContain('bribery');
      // The 1888 line is confidential: nothing of it is published, not even an idea.
      const idea = list.find((x) => x.service_code === 'service-improvement');
      expect(idea?.extended_attributes?.suggestions_allowed).toBe(false);
      expect(idea?.extended_attributes?.guidance).toMatch(/confidential/);
      const unknown = await s.get('/open311/v2/services.json?jurisdiction_id=999');
      expect(unknown.status).toBe(404);
      apiErrorSchema.parse(await unknown.json());
    });

    it('lists services in XML with the spec wrapper', async () => {
      const response = await s.get('/open311/v2/services.xml?jurisdiction_id=137');
      const parsed = parseXml(await response.text()) as { services: { service: { service_code: string; metadata: string }[] } };
      expect(parsed.services.service.map((x) => x.service_code)).toContain('pothole');
      expect(parsed.services.service.find((x) => x.service_code === 'pothole')?.metadata).toBe('true');
    });

    it('gives service definitions with every attribute datatype, in JSON and XML', async () => {
      const datatypes = new Set<string>();
      for (const code of ['streetlight', 'pothole', 'garbage', 'flooding']) {
        const def = open311ServiceDefinitionSchema.parse(await (await s.get(`/open311/v2/services/${code}.json`)).json());
        for (const a of def.attributes) datatypes.add(a.datatype);
      }
      expect([...datatypes].sort()).toEqual(['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text']);
      const xml = parseXml(await (await s.get('/open311/v2/services/garbage.xml?lang=en')).text()) as {
        service_definition: { attributes: { attribute: { code: string; values: { value: { key: string; name: string }[] } }[] } };
      };
      const kind = xml.service_definition.attributes.attribute[0];
      expect(kind?.code).toBe('waste_kind');
      expect(kind?.values.value.map((v) => v.key)).toEqual(['household', 'construction', 'bulky']);
      expect((await s.get('/open311/v2/services/nope.json')).status).toBe(404);
      const xmlMissing = await s.get('/open311/v2/services/nope.xml');
      expect(xmlMissing.status).toBe(404);
      expect(await xmlMissing.text()).toContain('<errors>');
    });
  });

  describe('POST requests', () => {
    it('takes a form body with attribute[code] and attribute[code][] and answers one element with a citizen token', async () => {
      const form = new URLSearchParams({
        api_key: 'demo',
        service_code: 'garbage',
        description: 'زباله‌ها سه روز است جمع نشده است.',
        lat: '35.7',
        long: '51.42',
        'attribute[waste_kind][]': 'household',
      });
      form.append('attribute[waste_kind][]', 'bulky');
      const response = await s.postForm('/open311/v2/requests.json', form.toString());
      expect(response.status).toBe(201);
      const [created] = createRequestResponseSchema.parse(await response.json());
      expect(created?.service_request_id).toMatch(/^137-\d+$/);
      expect(created?.citizen_token.length).toBeGreaterThanOrEqual(32);
      const staff = (await (await s.get(`/staff/v1/messages/${created?.service_request_id}`, { authorization: 'Bearer demo-admin' })).json()) as {
        attributes: Record<string, unknown>;
        region: string;
      };
      expect(staff.attributes).toEqual({ waste_kind: ['household', 'bulky'] });
      expect(staff.region).toBe('12');
    });

    it('takes JSON with the same field names and answers XML on the .xml route', async () => {
      const response = await s.postJson('/open311/v2/requests.xml', {
        api_key: 'demo',
        service_code: 'streetlight',
        description: 'The light at the corner is out.',
        address_string: 'Valiasr St., corner of 3rd alley',
        attribute: { lamp_state: 'off' },
        lang: 'en',
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      const parsed = parseXml(await response.text()) as { service_requests: { request: { service_request_id: string; citizen_token: string }[] } };
      expect(parsed.service_requests.request[0]?.service_request_id).toMatch(/^137-/);
      expect(parsed.service_requests.request[0]?.citizen_token).toBeTruthy();
    });

    it('accepts a message without a service (it goes to triage) and the API key as a header', async () => {
      const response = await s.postJson('/open311/v2/requests.json', { description: 'Noise every night from the workshop.' }, { 'x-api-key': 'demo' });
      expect(response.status).toBe(201);
    });

    it('refuses a missing or wrong API key with 403', async () => {
      const missing = await s.postJson('/open311/v2/requests.json', { description: 'x y z' });
      expect(missing.status).toBe(403);
      expect(apiErrorSchema.parse(await missing.json())[0]?.field).toBe('api_key');
      const wrong = await s.postForm('/open311/v2/requests.xml', 'api_key=nope&description=hello');
      expect(wrong.status).toBe(403);
      expect(await wrong.text()).toMatch(/<errors>\s*<error>\s*<code>403<\/code>/);
      // A registration's key goes in its body or its header, as Open311 says, not in the address
      // (where logs and proxies keep it): the query parameter alone is no key.
      const inQuery = await s.postJson('/open311/v2/requests.json?api_key=demo', { description: 'x y z' });
      expect(inQuery.status).toBe(403);
      expect(apiErrorSchema.parse(await inQuery.json())[0]?.field).toBe('api_key');
    });

    it('refuses control characters in every text with a 400 that names the field, and keeps line breaks as LF', async () => {
      const base = { api_key: 'demo', service_code: 'pothole', description: 'A pothole.', region: '6' };
      const cases: [Record<string, unknown>, string][] = [
        [{ description: 'Deep\u0007 pothole.' }, 'description'],
        [{ description: 'Deep\u0000 pothole.' }, 'description'],
        [{ address_string: 'Valiasr\u001b[2J 12' }, 'address_string'],
        [{ first_name: 'Shi\u007frin' }, 'first_name'],
        [{ attribute: { depth_cm: '10\u0085' } }, 'attribute[depth_cm]'],
      ];
      for (const [fields, field] of cases) {
        for (const lang of ['en', 'fa'] as const) {
          const response = await s.postJson(`/open311/v2/requests.json?lang=${lang}`, { ...base, ...fields });
          expect(response.status, JSON.stringify(fields)).toBe(400);
          const errors = apiErrorSchema.parse(await response.json());
          expect(errors.map((e) => e.field), JSON.stringify(fields)).toContain(field);
          expect(errors[0]?.description).toMatch(lang === 'en' ? /character/ : /نویسه/);
        }
      }
      const form = await s.postForm('/open311/v2/requests.xml', 'api_key=demo&service_code=pothole&region=6&description=Deep%0B%20pothole');
      expect(form.status).toBe(400);
      expect(await form.text()).toContain('<field>description</field>');
      // A form's CRLF is a line break, not a control character: stored as LF.
      const crlf = await s.postForm('/open311/v2/requests.json', 'api_key=demo&service_code=pothole&region=6&description=First%20line%0D%0ASecond%20line%0DThird');
      expect(crlf.status).toBe(201);
      const [created] = createRequestResponseSchema.parse(await crlf.json());
      const [stored] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${created?.service_request_id}.json`)).json());
      expect(stored?.description).toBe('First line\nSecond line\nThird');
      const followUp = await s.postJson(`/open311/v2/requests/${created?.service_request_id}/follow_ups.json?lang=en`, { text: 'Still\u0008 there.' }, { 'x-citizen-token': created!.citizen_token });
      expect(followUp.status).toBe(400);
      expect(apiErrorSchema.parse(await followUp.json())[0]?.field).toBe('text');
    });

    it('explains bad input field by field, in the citizen language', async () => {
      const response = await s.postJson(
        '/open311/v2/requests.json',
        { api_key: 'demo', service_code: 'streetlight', description: '<script>alert(1)</script>', lat: 95, long: 51 },
        { 'accept-language': 'en' },
      );
      expect(response.status).toBe(400);
      const errors = apiErrorSchema.parse(await response.json());
      const fields = errors.map((e) => e.field);
      expect(fields).toContain('description');
      expect(fields).toContain('lat');
      expect(errors.find((e) => e.field === 'description')?.description).toMatch(/plain text/);
      const attr = apiErrorSchema.parse(
        await (await s.postJson('/open311/v2/requests.json', { api_key: 'demo', service_code: 'streetlight', description: 'Out.', address_string: 'x' })).json(),
      );
      expect(attr[0]?.field).toBe('attribute[lamp_state]');
      expect(attr[0]?.description).toMatch(/[\u0600-\u06FF]/);
      const cases: [unknown, number, string | undefined][] = [
        [{ api_key: 'demo', service_code: 'nope', description: 'x' }, 400, 'service_code'],
        [{ api_key: 'demo', jurisdiction_id: '999', description: 'x' }, 400, 'jurisdiction_id'],
        [{ api_key: 'demo', service_code: 'bribery', jurisdiction_id: '137', description: 'x' }, 400, 'jurisdiction_id'],
        [{ api_key: 'demo', description: 'x'.repeat(4001) }, 400, 'description'],
        [{ api_key: 'demo', description: 'x', lat: 35.7 }, 400, 'long'],
        [{ api_key: 'demo', description: 'x', lat: 'north', long: 51 }, 400, 'lat'],
        [{ api_key: 'demo', description: 'x', region: '99' }, 400, 'region'],
        [{ api_key: 'demo', description: 'x', phone: '12345' }, 400, 'phone'],
        [{ api_key: 'demo', service_code: 'pothole', description: 'x', suggestion: true }, 400, 'suggestion'],
        [{ api_key: 'demo', service_code: 'pothole', description: 'x', attribute: { depth_cm: 'deep' } }, 400, 'attribute[depth_cm]'],
        [{ api_key: 'demo', service_code: 'pothole', description: 'x', attribute: { colour: 'red' } }, 400, 'attribute[colour]'],
        [{ api_key: 'demo', service_code: 'flooding', description: 'x' }, 400, 'region'],
      ];
      for (const [body, status, field] of cases) {
        const r = await s.postJson('/open311/v2/requests.json', body);
        expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
        expect(apiErrorSchema.parse(await r.json()).map((e) => e.field)).toContain(field);
      }
      // Seed §8: in 1888 too, topic, region and address are optional; the message goes to triage.
      const untopical = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', jurisdiction_id: '1888', description: 'An inspector asked me for money.' });
      expect(untopical.status).toBe(201);
    });

    it('refuses unreadable bodies with a 4xx', async () => {
      const badJson = await fetch(`${s.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api_key":' });
      expect(badJson.status).toBe(400);
      const array = await s.postJson('/open311/v2/requests.json', [1, 2]);
      expect(array.status).toBe(400);
      const type = await fetch(`${s.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'xx' });
      expect(type.status).toBe(415);
      for (const description of ['a\u0000b', 'lone \ud800 surrogate']) {
        const r = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', description });
        expect(r.status).toBe(400);
      }
      expect((await s.get('/open311/v2/requests.json?service_code=a%00b')).status).toBe(400);
      expect((await s.get('/open311/v2/tokens/%25.json')).status).toBe(404);
      const huge = await s.postForm('/open311/v2/requests.json', `api_key=demo&description=${'a'.repeat(70_000)}`);
      expect(huge.status).toBe(413);
      apiErrorSchema.parse(await huge.json());
      // A chunked upload without a length is cut off at the limit too.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(4096)));
          controller.close();
        },
      });
      const chunked = await fetchChecked(`${s.url}/open311/v2/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: stream, duplex: 'half' } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await chunked.text()).toContain('<errors>');
    });

    it('returns the same message and token for a retry with the same Idempotency-Key, never a second one', async () => {
      const body = { api_key: 'demo', service_code: 'trees', description: 'A tree fell on the pavement.', region: '3' };
      const headers = { 'idempotency-key': `retry-${backend}-0001` };
      const first = await s.postJson('/open311/v2/requests.json', body, headers);
      const again = await Promise.all([1, 2, 3].map(() => s.postJson('/open311/v2/requests.json', body, headers)));
      const a = createRequestResponseSchema.parse(await first.json())[0];
      for (const r of again) {
        expect(r.status).toBe(200);
        expect(createRequestResponseSchema.parse(await r.json())[0]).toEqual(a);
      }
      const listed = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json?service_code=trees')).json());
      expect(listed.filter((x) => x.description === body.description)).toHaveLength(1);
      const other = await s.postJson('/open311/v2/requests.json', { ...body, description: 'Something else.' }, headers);
      expect(other.status).toBe(409);
      const otherKey = await s.postJson('/open311/v2/requests.json', body, { 'idempotency-key': `retry-${backend}-0002` });
      expect(createRequestResponseSchema.parse(await otherKey.json())[0]?.service_request_id).not.toBe(a?.service_request_id);
      const bad = await s.postJson('/open311/v2/requests.json', body, { 'idempotency-key': 'short' });
      expect(bad.status).toBe(400);
    });

    it('recognises a retry by what it means: keys in another order, a form instead of JSON, the key in a header', async () => {
      const headers = { 'idempotency-key': `meaning-${backend}-0001` };
      const body = { api_key: 'demo', service_code: 'trees', description: 'A branch hangs over the road.', lat: 35.7, long: 51.4, attribute: { tree_issue: 'dry' } };
      const first = await s.postJson('/open311/v2/requests.json', body, headers);
      expect(first.status, await first.clone().text()).toBe(201);
      const created = createRequestResponseSchema.parse(await first.json())[0];
      const reordered = { attribute: { tree_issue: 'dry' }, long: 51.4, description: body.description, lat: 35.7, service_code: 'trees', api_key: 'demo' };
      const retries = [
        await s.postJson('/open311/v2/requests.json', reordered, headers),
        await s.postForm(
          '/open311/v2/requests.json',
          `long=51.4&lat=35.70&description=${encodeURIComponent(body.description)}&service_code=trees&attribute[tree_issue]=dry&api_key=demo`,
          headers,
        ),
        await s.postJson('/open311/v2/requests.json', { ...reordered, api_key: undefined }, { ...headers, 'x-api-key': 'demo' }),
      ];
      for (const retry of retries) {
        expect(retry.status, await retry.clone().text()).toBe(200);
        expect(createRequestResponseSchema.parse(await retry.json())[0]).toEqual(created);
      }
      const changed = await s.postJson('/open311/v2/requests.json', { ...reordered, attribute: { tree_issue: 'pruning' } }, headers);
      expect(changed.status).toBe(409);
    });

    it('gives one message to simultaneous first attempts with one key', async () => {
      const body = { api_key: 'demo', service_code: 'pothole', description: 'Simultaneous retries.', region: '5' };
      const headers = { 'idempotency-key': `burst-${backend}-000001` };
      const answers = await Promise.all(Array.from({ length: 6 }, () => s.postJson('/open311/v2/requests.json', body, headers)));
      const ids = new Set<string>();
      for (const r of answers) ids.add(createRequestResponseSchema.parse(await r.json())[0]!.service_request_id);
      expect(ids.size).toBe(1);
    });

    it('gives each of many simultaneous registrations its own message and token', async () => {
      // More at once than registration statements may be in flight: most wait and are written together.
      const sent = Array.from({ length: 24 }, (_, i) => ({
        description: `Burst ${backend} number ${i}.`,
        ...(i % 3 === 0 ? CITIZEN : {}),
        headers: (i % 2 === 0 ? { 'idempotency-key': `burst-many-${backend}-${i}` } : {}) as Record<string, string>,
      }));
      const created = await Promise.all(sent.map(({ headers, ...fields }) => s.submit(fields, headers)));
      expect(new Set(created.map((c) => c.id)).size).toBe(sent.length);
      for (const [i, { id, token }] of created.entries()) {
        const found = tokenResponseSchema.parse(await (await s.get(`/open311/v2/tokens/${token}.json`)).json());
        expect(found).toEqual([{ service_request_id: id, token }]);
        const [request] = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`)).json());
        expect(request?.description).toBe(sent[i]?.description);
        expect(request?.status).toBe('open');
      }
      // A retry of one that was written in a batch gets the same answer.
      const { headers, ...fields } = sent[2]!;
      expect(await s.submit(fields, headers)).toEqual(created[2]);
    });
  });

  describe('GET requests', () => {
    let id: string;
    let token: string;
    beforeAll(async () => {
      ({ id, token } = await s.submit({ ...CITIZEN, description: 'Pothole near the school gate.' }));
    });

    it('gives one request as a one-element array, with notes and extended attributes on request', async () => {
      const plain = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${id}.json`)).json());
      expect(plain).toHaveLength(1);
      expect(plain[0]?.status).toBe('open');
      expect(plain[0]?.extended_attributes).toBeUndefined();
      const [full] = z
        .array(open311RequestSchema)
        .parse(await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`, { 'accept-language': 'en' })).json());
      expect(full?.extended_attributes?.detailed_status).toBe('received');
      expect(full?.extended_attributes?.detailed_status_label).toBe('Received');
      expect(full?.extended_attributes?.accepts).toBe('follow_up');
      expect(full?.extended_attributes?.region).toBe('6');
      expect(full?.extended_attributes?.stage).toBe('triage');
      expect(full?.notes?.[0]?.summary).toBe('Message registered');
      const fa = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests/${id}.json?extensions=true`)).json());
      expect(fa[0]?.extended_attributes?.detailed_status_label).toBe('ثبت شد');
      void token;
    });

    it('gives the same request in XML', async () => {
      const text = await (await s.get(`/open311/v2/requests/${id}.xml?extensions=true`)).text();
      const parsed = parseXml(text) as { service_requests: { request: { service_request_id: string; extended_attributes: { detailed_status: string }; notes: { note: unknown[] } }[] } };
      expect(parsed.service_requests.request[0]?.service_request_id).toBe(id);
      expect(parsed.service_requests.request[0]?.extended_attributes.detailed_status).toBe('received');
      expect(parsed.service_requests.request[0]?.notes.note).toHaveLength(1);
    });

    it('lists requests with the spec filters; service_request_id overrides the others', async () => {
      const all = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json')).json());
      expect(all.map((r) => r.service_request_id)).toContain(id);
      const byIds = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests.json?service_request_id=${id}&service_code=garbage&status=closed`)).json());
      expect(byIds.map((r) => r.service_request_id)).toEqual([id]);
      const closed = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json?status=closed')).json());
      expect(closed.every((r) => r.status === 'closed')).toBe(true);
      const pothole = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json?service_code=pothole&status=open&start_date=&region=6')).json());
      expect(pothole.length).toBeGreaterThan(0);
      expect(pothole.every((r) => r.service_code === 'pothole')).toBe(true);
      const old = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z')).json());
      expect(old).toEqual([]);
      expect((await s.get('/open311/v2/requests.json?start_date=yesterday')).status).toBe(400);
      expect((await s.get('/open311/v2/requests.json?status=pending')).status).toBe(400);
      const xml = parseXml(await (await s.get('/open311/v2/requests.xml?service_code=pothole&status=open&region=6')).text()) as { service_requests: { request: unknown[] } };
      expect(xml.service_requests.request.length).toBe(pothole.length);
    });

    it('refuses a repeated query parameter with a 400 naming it, instead of taking one of its values', async () => {
      for (const [path, name] of [
        ['/open311/v2/requests.json?status=open&status=closed', 'status'],
        ['/open311/v2/requests.json?region=6&service_code=pothole&region=7', 'region'],
        ['/open311/v2/services.json?jurisdiction_id=137&jurisdiction_id=1888', 'jurisdiction_id'],
      ] as const) {
        const response = await s.get(path, { 'accept-language': 'en' });
        expect(response.status, path).toBe(400);
        const [error] = apiErrorSchema.parse(await response.json());
        expect(error).toMatchObject({ code: 400, field: name });
        expect(error?.description).toContain(`"${name}"`);
        expect(error?.description).toMatch(/more than once/);
      }
      const persian = apiErrorSchema.parse(await (await s.get('/open311/v2/requests.json?status=open&status=open')).json());
      expect(persian[0]?.description).toContain('«status»');
      const xml = await s.get('/open311/v2/requests.xml?status=open&status=closed');
      expect(xml.status).toBe(400);
      expect(await xml.text()).toContain('<errors>');
    });

    it('keeps the default 90-day window', async () => {
      s.clock.advance(91 * 86_400_000);
      try {
        const list = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json')).json());
        expect(list.map((r) => r.service_request_id)).not.toContain(id);
      } finally {
        s.clock.advance(-91 * 86_400_000);
      }
    });

    it('answers 404 for an unknown id in the route format', async () => {
      const json = await s.get('/open311/v2/requests/137-999999.json');
      expect(json.status).toBe(404);
      apiErrorSchema.parse(await json.json());
      const xml = await s.get('/open311/v2/requests/137-999999.xml');
      expect(xml.status).toBe(404);
      expect(await xml.text()).toContain('<errors>');
      expect((await s.get('/open311/v2/requests/137-1.html')).status).toBe(404);
      expect((await s.get('/open311/v2/nothing-here.json')).status).toBe(404);
      const unknownXml = await s.get('/open311/v2/nothing-here.xml');
      expect(unknownXml.headers.get('content-type')).toMatch(/xml/);
    });

    it('finds the request by citizen token', async () => {
      const response = await s.get(`/open311/v2/tokens/${token}.json`);
      expect(tokenResponseSchema.parse(await response.json())).toEqual([{ service_request_id: id, token }]);
      const xml = parseXml(await (await s.get(`/open311/v2/tokens/${token}.xml`)).text()) as { service_requests: { request: { service_request_id: string }[] } };
      expect(xml.service_requests.request[0]?.service_request_id).toBe(id);
      expect((await s.get('/open311/v2/tokens/not-a-token.json')).status).toBe(404);
    });
  });

  describe('private messages and personal data', () => {
    it('hides a private message from lists and from anyone without its citizen token', async () => {
      const { id, token } = await s.submit({ service_code: 'bribery', jurisdiction_id: '1888', description: 'The clerk asked for money.', lat: undefined, long: undefined });
      expect(id).toMatch(/^1888-/);
      const list = z.array(open311RequestSchema).parse(await (await s.get('/open311/v2/requests.json?jurisdiction_id=1888')).json());
      expect(list.map((r) => r.service_request_id)).not.toContain(id);
      const byId = z.array(open311RequestSchema).parse(await (await s.get(`/open311/v2/requests.json?service_request_id=${id}`)).json());
      expect(byId).toEqual([]);
      expect((await s.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
      expect((await s.get(`/open311/v2/requests/${id}.json`, { 'x-citizen-token': 'wrong' })).status).toBe(404);
      const mine = await s.get(`/open311/v2/requests/${id}.json?extensions=true`, { 'x-citizen-token': token });
      expect(mine.status).toBe(200);
      const [view] = z.array(open311RequestSchema).parse(await mine.json());
      expect(view?.extended_attributes?.private).toBe(true);
      const followUp = await s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: 'More details.' }, { 'x-citizen-token': 'wrong' });
      expect(followUp.status).toBe(404);
    });

    it('never puts the phone, name, email or token in public answers or log lines', async () => {
      const { id, token } = await s.submit({ ...CITIZEN, description: 'Broken asphalt.' });
      const bodies = await Promise.all(
        [
          `/open311/v2/requests/${id}.json?extensions=true`,
          `/open311/v2/requests/${id}.xml?extensions=true`,
          '/open311/v2/requests.json?extensions=true',
          '/open311/v2/requests.xml?extensions=true',
          '/open311/v2/stats/frequency.json',
          '/open311/v2/suggestions.json',
        ].map(async (path) => (await s.get(path)).text()),
      );
      for (const body of bodies) {
        for (const secret of [CITIZEN.phone, CITIZEN.normalized, '9121234567', CITIZEN.first_name, CITIZEN.last_name, CITIZEN.email, token]) {
          expect(body).not.toContain(secret);
        }
      }
      // tokens/{token} echoes the token to its caller, as the spec says, but never into the log.
      expect((await s.get(`/open311/v2/tokens/${token}.json`)).status).toBe(200);
      const logs = s.logs.join('\n');
      expect(logs).toContain('/open311/v2/requests');
      expect(logs).toContain('/open311/v2/tokens/…');
      for (const secret of ['9121234567', CITIZEN.first_name, CITIZEN.email, token]) expect(logs).not.toContain(secret);
      const staff = await (await s.get(`/staff/v1/messages/${id}`, { authorization: 'Bearer demo-admin' })).text();
      expect(staff).not.toContain('9121234567');
      expect(staff).toContain('"sms":true');
    });
  });

  describe('cross-origin and errors', () => {
    it('sends CORS headers on the public API, preflight included', async () => {
      const preflight = await fetch(`${s.url}/open311/v2/requests.json`, {
        method: 'OPTIONS',
        headers: { origin: 'https://district6.tehran.ir', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key,x-citizen-token' },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      const allowed = preflight.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
      for (const h of ['content-type', 'idempotency-key', 'x-citizen-token', 'accept-language', 'authorization']) expect(allowed).toContain(h);
      const get = await s.get('/open311/v2/services.json', { origin: 'https://example.org' });
      expect(get.headers.get('access-control-allow-origin')).toBe('*');
      // A widget on another site must be able to read the reason of a refusal too.
      const missing = await s.get('/open311/v2/requests/137-0.json', { origin: 'https://example.org' });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    });
  });
});
