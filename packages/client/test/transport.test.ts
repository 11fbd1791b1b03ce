/**
 * The client's HTTP behaviour against a real server on loopback whose answers each test scripts:
 * time limits, abort, network failures, which calls retry and which never do, error bodies,
 * answers that do not match the schemas, and the input checks that happen before sending.
 */
import type { Open311Request } from '@payam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createStaffClient,
  PayamApiError,
  PayamError,
  PayamNetworkError,
  PayamResponseError,
  PayamTimeoutError,
} from '../src/index.js';
import { json, startLoopback, type Loopback } from './loopback.js';

const request: Open311Request = {
  service_request_id: '1370001',
  status: 'open',
  status_notes: null,
  service_name: 'Street lights',
  service_code: 'street-light',
  description: 'The light is out',
  agency_responsible: 'District 6',
  service_notice: null,
  requested_datetime: '2026-11-01T08:00:00Z',
  updated_datetime: '2026-11-02T08:00:00Z',
  expected_datetime: null,
  address: null,
  address_id: null,
  zipcode: null,
  lat: 35.7,
  long: 51.4,
  media_url: null,
  extended_attributes: {
    jurisdiction_id: '137',
    detailed_status: 'answered',
    detailed_status_label: 'Answered',
    detailed_status_explanation: 'The unit answered; tell us whether it helped.',
    duplicate: false,
    parent_service_request_id: null,
    linked_count: 2,
    feedback_window: { opens_at: '2026-11-02T08:00:00Z', closes_at: '2026-12-02T08:00:00Z', open: true },
    accepts: 'feedback',
    escalation_level: 0,
    stage: null,
    stage_due_datetime: null,
    region: 'district-6',
    private: false,
    suggestion: null,
  },
  notes: [
    { type: 'registered', datetime: '2026-11-01T08:00:00Z', summary: 'Registered', description: null, data: {} },
    { type: 'answered', datetime: '2026-11-02T08:00:00Z', summary: 'Answered', description: '<b>Fixed</b>', data: { unit: 'district-6' } },
  ],
};

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());

const client = (options: { timeoutMs?: number; retries?: number; lang?: 'fa' | 'en' } = {}) =>
  createClient({ baseUrl: server.url, apiKey: 'key-1', ...options });

const newMessage = { system: '137', description: 'The street light is out' };

describe('time limits and abort', () => {
  it('gives a PayamTimeoutError when no answer comes in time, after retrying a GET', async () => {
    server.handle(() => undefined); // never answers
    const error = await client({ timeoutMs: 150, retries: 1 }).requests.get('1370001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayamTimeoutError);
    expect(error).toBeInstanceOf(PayamError);
    expect((error as PayamTimeoutError).timeoutMs).toBe(150);
    expect(server.received).toHaveLength(2);
  });

  it('rejects with the signal’s reason when the caller aborts, and does not retry', async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = client({ retries: 3 }).services.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.received).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    server.handle((_req, res) => json(res, 200, []));
    const error = await client()
      .services.list({}, { signal: AbortSignal.abort(new Error('user left')) })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('user left');
    expect(server.received).toHaveLength(0);
  });

  it('stops waiting between retries when aborted during the backoff', async () => {
    server.handle((_req, res) => json(res, 503, [{ code: 503, description: 'busy' }], { 'Retry-After': '3' }));
    const controller = new AbortController();
    const pending = client({ retries: 5 }).services.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const error = await pending.catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.received).toHaveLength(1);
  });
});

describe('network failures and retries', () => {
  it('gives a PayamNetworkError when the connection breaks, after retrying a GET', async () => {
    server.handle((_req, res) => res.socket?.destroy());
    const error = await client({ retries: 2 }).services.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayamNetworkError);
    expect(server.received).toHaveLength(3);
  });

  it('gives a PayamNetworkError when nothing listens', async () => {
    const closed = await startLoopback();
    await closed.close();
    const error = await createClient({ baseUrl: closed.url, apiKey: 'k', retries: 0 }).services.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayamNetworkError);
  });

  it('retries a GET after 503 and returns the later answer', async () => {
    server.handle((_req, res, attempt) => (attempt === 1 ? json(res, 503, [{ code: 503, description: 'busy' }], { 'Retry-After': '0' }) : json(res, 200, [request])));
    const message = await client().requests.get('1370001');
    expect(message.id).toBe('1370001');
    expect(server.received).toHaveLength(2);
  });

  it('does not retry on 500 or on 4xx', async () => {
    server.handle((_req, res) => json(res, 500, [{ code: 500, description: 'bug' }]));
    const error = await client().services.list().catch((e: unknown) => e);
    expect((error as PayamApiError).status).toBe(500);
    expect(server.received).toHaveLength(1);
    server.handle((_req, res) => json(res, 404, [{ code: 404, description: 'no such message' }]));
    await expect(client().requests.get('9')).rejects.toMatchObject({ status: 404 });
    expect(server.received).toHaveLength(1);
  });

  it('never retries a follow-up, feedback or a staff action', async () => {
    server.handle((_req, res) => res.socket?.destroy());
    const c = client({ retries: 3 });
    await expect(c.requests.followUp('1', 'token-1', 'Still broken')).rejects.toBeInstanceOf(PayamNetworkError);
    expect(server.received).toHaveLength(1);
    server.handle((_req, res) => json(res, 503, [{ code: 503, description: 'busy' }]));
    await expect(c.requests.feedback('1', 'token-1', { resolved: 'yes', rating: 5 })).rejects.toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(1);
    server.handle((_req, res) => res.socket?.destroy());
    const staff = createStaffClient({ baseUrl: server.url, token: 't', retries: 3 });
    await expect(staff.messages.act('1', 'answer', { text: 'Done' })).rejects.toBeInstanceOf(PayamNetworkError);
    expect(server.received).toHaveLength(1);
  });

  it('retries create with the same generated idempotency key', async () => {
    server.handle((_req, res, attempt) =>
      attempt === 1 ? res.socket?.destroy() : json(res, 201, [{ service_request_id: '1370009', service_notice: null, account_id: null, citizen_token: 'secret' }]),
    );
    const created = await client().requests.create(newMessage);
    expect(created).toEqual({ id: '1370009', citizenToken: 'secret', notice: null });
    const [first, second] = server.received;
    expect(first!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body).toBe(first!.body);
  });

  it('sends the caller’s idempotency key, and a new one for each create without one', async () => {
    server.handle((_req, res) => json(res, 201, [{ service_request_id: '1', service_notice: null, account_id: null, citizen_token: 's' }]));
    await client().requests.create(newMessage, { idempotencyKey: 'order-42-attempt' });
    await client().requests.create(newMessage);
    await client().requests.create(newMessage);
    const keys = server.received.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe('order-42-attempt');
    expect(keys[1]).not.toBe(keys[2]);
  });
});

describe('answers', () => {
  it('turns an API error list into a PayamApiError with status, errors and refusal', async () => {
    server.handle((_req, res) =>
      json(res, 409, [{ code: 409, description: 'The feedback window closed on 1405/09/01.', refusal: 'feedback_window_closed' }]),
    );
    const error = (await client().requests.feedback('1', 'token-1', { resolved: 'no', rating: 1 }).catch((e: unknown) => e)) as PayamApiError;
    expect(error).toBeInstanceOf(PayamApiError);
    expect(error.status).toBe(409);
    expect(error.refusal).toBe('feedback_window_closed');
    expect(error.local).toBe(false);
    expect(error.errors[0]!.description).toContain('1405/09/01');
    expect(error.message).toContain('feedback window closed');
  });

  it('names the fields of registration errors as the input does', async () => {
    server.handle((_req, res) =>
      json(res, 400, [
        { code: 400, description: 'Fill in this field', field: 'attribute[depth_cm]' },
        { code: 400, description: 'Mobile number', field: 'phone' },
        { code: 400, description: 'Unknown service', field: 'service_code' },
        { code: 400, description: 'Too long', field: 'description' },
      ]),
    );
    const error = (await client().requests.create(newMessage).catch((e: unknown) => e)) as PayamApiError;
    expect(error.errors.map((e) => e.field)).toEqual(['attributes.depth_cm', 'contact.phone', 'serviceCode', 'description']);
  });

  it('still gives a PayamApiError when the error body is not the API’s (a proxy’s HTML page)', async () => {
    server.handle((_req, res) => {
      res.writeHead(403, { 'Content-Type': 'text/html' });
      res.end('<html>Forbidden</html>');
    });
    const error = (await client().services.list().catch((e: unknown) => e)) as PayamApiError;
    expect(error.status).toBe(403);
    expect(error.errors).toEqual([{ code: 403, description: 'Forbidden' }]);
  });

  it('gives a PayamResponseError when a success answer does not match the schema or is not JSON', async () => {
    server.handle((_req, res) => json(res, 200, [{ service_code: 'x' }]));
    await expect(client().services.list()).rejects.toBeInstanceOf(PayamResponseError);
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
    await expect(client().services.list()).rejects.toBeInstanceOf(PayamResponseError);
  });

  it('builds the friendly view: dates, detailed status, timeline, duplicate link, feedback window', async () => {
    server.handle((_req, res) => json(res, 200, [request]));
    const message = await client().requests.get('1370001');
    expect(message.detailedStatus).toEqual({ code: 'answered', label: 'Answered', explanation: 'The unit answered; tell us whether it helped.' });
    expect(message.requestedAt).toEqual(new Date('2026-11-01T08:00:00Z'));
    expect(message.feedbackWindow?.closesAt.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(message.timeline.map((t) => t.type)).toEqual(['registered', 'answered']);
    expect(message.timeline[1]!.text).toBe('<b>Fixed</b>');
    expect(message.linkedCount).toBe(2);
    expect(message.isDuplicate).toBe(false);
    expect(message.firstMessageId).toBeNull();
    expect(message.duplicateOf).toBeNull();
    expect(message.accepts).toBe('feedback');
    expect(message.location).toEqual({ lat: 35.7, long: 51.4 });
    expect(message.system).toBe('137');
    expect(message.raw).toEqual(request);
  });
});

describe('what is sent', () => {
  it('maps the camelCase input to Open311 names and makes Persian digits Latin', async () => {
    server.handle((_req, res) => json(res, 201, [{ service_request_id: '1', service_notice: 'Within 3 days', account_id: null, citizen_token: 's' }]));
    const created = await client().requests.create({
      system: '137',
      serviceCode: 'street-light',
      description: 'چراغ خاموش است',
      location: { lat: 35.7, long: 51.4 },
      region: 'district-6',
      address: 'Valiasr St.',
      attributes: { pole: '۱۲' },
      contact: { phone: '۰۹۱۲ ۱۲۳ ٤٥٦٧', firstName: 'Sara' },
      suggestion: true,
      consents: { participation: { granted: true, textVersion: 'v2' } },
      lang: 'fa',
    });
    expect(created.notice).toBe('Within 3 days');
    const [sent] = server.received;
    expect(sent!.method).toBe('POST');
    expect(sent!.url).toBe('/open311/v2/requests.json');
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent!.body)).toEqual({
      api_key: 'key-1',
      jurisdiction_id: '137',
      service_code: 'street-light',
      description: 'چراغ خاموش است',
      lat: 35.7,
      long: 51.4,
      address_string: 'Valiasr St.',
      region: 'district-6',
      attribute: { pole: '۱۲' },
      phone: '+989121234567',
      first_name: 'Sara',
      suggestion: true,
      consent_text_version: 'v2',
      lang: 'fa',
    });
  });

  it('leaves out blank optional fields and an empty comment, as a form sends them', async () => {
    server.handle((req, res) =>
      req.url.includes('feedback') ? json(res, 200, [request]) : json(res, 201, [{ service_request_id: '1', service_notice: null, account_id: null, citizen_token: 's' }]),
    );
    await client().requests.create({
      system: '137',
      description: 'Light out',
      serviceCode: '',
      region: ' ',
      address: '',
      contact: { phone: '', firstName: 'Sara', email: '' },
    });
    await client().requests.feedback('1370001', 'token-1', { resolved: 'partly', rating: 3, comment: '  ' });
    const [created, feedback] = server.received;
    expect(JSON.parse(created!.body)).toEqual({
      api_key: 'key-1',
      jurisdiction_id: '137',
      description: 'Light out',
      attribute: {},
      first_name: 'Sara',
      suggestion: false,
      lang: 'fa',
    });
    expect(JSON.parse(feedback!.body)).toEqual({ resolved: 'partly', rating: 3 });
  });

  it('puts ids with Persian digits into the path as Latin digits, and the token in a header', async () => {
    server.handle((_req, res) => json(res, 200, [request]));
    await client({ lang: 'en' }).requests.get(' ۱۳۷۰۰۰۱ ', { citizenToken: 'tok-۱' });
    const [sent] = server.received;
    expect(sent!.url).toBe('/open311/v2/requests/1370001.json?extensions=true');
    expect(sent!.headers['x-citizen-token']).toBe('tok-1');
    expect(sent!.headers['accept-language']).toBe('en');
  });

  it('asks in Persian by default and keeps a base path', async () => {
    server.handle((_req, res) => json(res, 200, []));
    await createClient({ baseUrl: `${server.url}/city/api`, apiKey: 'k' }).services.list({ system: '1888' });
    expect(server.received[0]!.url).toBe('/city/api/open311/v2/services.json?jurisdiction_id=1888&extensions=true');
    expect(server.received[0]!.headers['accept-language']).toBe('fa');
  });

  it('sends filters by the API’s names, in the order a page’s written answer matches', async () => {
    server.handle((_req, res) => json(res, 400, [{ code: 400, description: 'stop here' }]));
    const stop = () => undefined;
    await client()
      .stats.frequency({ bucket: 'week', to: '2026-11-30', from: new Date('2026-11-01T00:00:00Z'), status: 'open', serviceGroup: 'Roads', region: '6', serviceCode: 'trees', system: '137' })
      .catch(stop);
    const staff = createStaffClient({ baseUrl: server.url, token: 't' });
    await staff.queue({ offset: 10, limit: 5, status: ['sorting', 'open'], unitId: 'district-6' }).catch(stop);
    await staff.stats.feedback({ to: '2026-11-30', system: '1888' }).catch(stop);
    expect(server.received.map((r) => decodeURIComponent(r.url))).toEqual([
      '/open311/v2/stats/frequency.json?jurisdiction_id=137&service_code=trees&region=6&service_group=Roads&status=open&from=2026-11-01T00:00:00.000Z&to=2026-11-30T00:00:00.000Z&bucket=week',
      '/staff/v1/queue?unit_id=district-6&status=sorting,open&limit=5&offset=10',
      '/staff/v1/stats/feedback?jurisdiction_id=1888&to=2026-11-30T00:00:00.000Z',
    ]);
  });

  it('refuses bad input before sending, as a local 400 with the field and zod issues', async () => {
    server.handle((_req, res) => json(res, 500, []));
    const c = client();
    const error = (await c.requests.create({ system: '137', description: '  ', contact: { phone: '12345' } }).catch((e: unknown) => e)) as PayamApiError;
    expect(error).toBeInstanceOf(PayamApiError);
    expect(error.status).toBe(400);
    expect(error.local).toBe(true);
    expect(error.errors.map((e) => e.field).sort()).toEqual(['contact.phone', 'description']);
    expect(error.issues.length).toBe(2);
    await expect(c.requests.feedback('1', 't', { resolved: 'yes', rating: 9 })).rejects.toMatchObject({ status: 400, local: true });
    await expect(c.requests.followUp('1', 't', '<script>x</script>')).rejects.toMatchObject({ status: 400, local: true });
    await expect(c.requests.get('   ')).rejects.toMatchObject({ errors: [{ field: 'id' }] });
    await expect(c.requests.create(newMessage, { idempotencyKey: 'short' })).rejects.toMatchObject({ errors: [{ field: 'idempotencyKey' }] });
    const staff = createStaffClient({ baseUrl: server.url, token: 't' });
    // @ts-expect-error: answer needs a text
    await expect(staff.messages.act('1', 'answer', {})).rejects.toMatchObject({ status: 400, local: true });
    // @ts-expect-error: not an action
    await expect(staff.messages.act('1', 'delete', {})).rejects.toMatchObject({ errors: [{ field: 'action' }] });
    expect(server.received).toHaveLength(0);
  });

  it('refuses bad options at once', () => {
    expect(() => createClient({ baseUrl: 'not a url', apiKey: 'k' })).toThrow(PayamApiError);
    expect(() => createClient({ baseUrl: server.url, apiKey: ' ' })).toThrow(/apiKey/);
    expect(() => createClient({ baseUrl: 'ftp://city.example', apiKey: 'k' })).toThrow(/baseUrl/);
    // @ts-expect-error: only fa and en
    expect(() => createClient({ baseUrl: server.url, apiKey: 'k', lang: 'de' })).toThrow(/lang/);
    expect(() => createClient({ baseUrl: server.url, apiKey: 'k', retries: -1 })).toThrow(/retries/);
    expect(() => createStaffClient({ baseUrl: server.url, token: '' })).toThrow(/token/);
  });

  it('sends a staff action’s body, with a first message’s id in Latin digits', async () => {
    server.handle((_req, res) => json(res, 400, [{ code: 400, description: 'stop here' }]));
    const staff = createStaffClient({ baseUrl: server.url, token: 'demo-supervisor' });
    await expect(staff.messages.act('۱۳۷۰۰۰۲', 'link', { firstMessageId: ' ۱۳۷۰۰۰۱' })).rejects.toMatchObject({ status: 400 });
    const [sent] = server.received;
    expect(sent!.url).toBe('/staff/v1/messages/1370002/actions/link');
    expect(JSON.parse(sent!.body)).toEqual({ firstMessageId: '1370001' });
    expect(sent!.headers['content-type']).toBe('application/json');
  });

  it('sends the staff bearer token and returns the report’s bytes', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      res.end(bytes);
    });
    const report = await createStaffClient({ baseUrl: server.url, token: 'demo-analyst' }).reports.feedbackXlsx({ system: '137' });
    expect(Buffer.from(report)).toEqual(bytes);
    expect(server.received[0]!.headers.authorization).toBe('Bearer demo-analyst');
    expect(server.received[0]!.url).toBe('/staff/v1/reports/feedback.xlsx?jurisdiction_id=137');
  });
});
