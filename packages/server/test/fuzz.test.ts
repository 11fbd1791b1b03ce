import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apiErrorSchema } from '@payam/core';
import { assertWellFormedXml, BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const RUNS = 150;
const ascii = fc.stringMatching(/^[ -~]{0,40}$/);
const anyText = fc.string({ unit: 'grapheme', maxLength: 60 });
const value = fc.oneof(
  anyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(anyText, { maxLength: 3 }),
  fc.dictionary(ascii, anyText, { maxKeys: 3 }),
  fc.constantFrom('demo', '137', '1888', 'pothole', 'streetlight', 'bribery', 'yes', 'no', '5', '35.7', '51.4', '', 'true', '<b>x</b>', 'a\u0000b', '\ud800'),
);
const FIELDS = [
  'api_key', 'jurisdiction_id', 'service_code', 'description', 'lat', 'long', 'address_string', 'region', 'attribute', 'phone',
  'first_name', 'last_name', 'email', 'device_id', 'media_url', 'suggestion', 'consent_text_version', 'lang', 'text', 'resolved',
  'rating', 'comment', 'citizen_token', 'unitId', 'serviceCode', 'note', 'firstMessageId', 'outcome', 'calendar', 'feedback',
];
const jsonBody = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), ascii), value, { maxKeys: 8 }),
  fc.anything().map((v) => v),
);
const formBody = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS, 'attribute[depth_cm]', 'attribute[waste_kind][]', 'attribute[]', 'attribute[[x]'), ascii), anyText), { maxLength: 8 })
  .map((pairs) => new URLSearchParams(pairs).toString());
const body = fc.oneof(
  jsonBody.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
  formBody.map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
  fc.record({ type: fc.constantFrom('application/json', 'text/plain', '', 'application/xml', 'multipart/form-data'), text: anyText }),
);
const QUERY_KEYS = ['jurisdiction_id', 'extensions', 'lang', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'region', 'from', 'to', 'bucket', 'unit_id', 'limit', 'offset'];
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), ascii), fc.oneof(anyText, fc.constantFrom('true', 'day', 'week', 'open', 'closed', '2026-01-01', '-1', '1e309', '0'))), { maxLength: 6 })
  .map((pairs) => new URLSearchParams(pairs).toString());
const segment = fc.oneof(anyText, fc.constantFrom('137-1000', '137-1001', '1888-1', 'pothole', '..', '%', 'garbage')).map((v) => encodeURIComponent(v));
const format = fc.constantFrom('json', 'xml');
const headers = fc.record(
  {
    'accept-language': ascii,
    'idempotency-key': ascii,
    'x-citizen-token': ascii,
    authorization: fc.oneof(ascii, fc.constantFrom('Bearer demo-admin', 'Bearer demo-handler', 'Bearer demo-analyst')),
    'x-api-key': fc.oneof(ascii, fc.constant('demo')),
  },
  { requiredKeys: [] },
);

describe.each(BACKENDS)('random input never causes a 5xx on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
    await s.submit();
    await s.submit({ service_code: 'bribery', jurisdiction_id: '1888', description: 'x', lat: undefined, long: undefined });
  });
  afterAll(() => s.close());

  async function check(method: string, path: string, h: Record<string, string>, b?: { type: string; text: string }): Promise<void> {
    const init: RequestInit = { method, headers: { ...h, ...(b && b.type ? { 'content-type': b.type } : {}) } };
    if (b) init.body = b.text;
    const response = await fetch(`${s.url}${path}`, init);
    const text = await response.text();
    expect(response.status, `${method} ${path} → ${text.slice(0, 300)}`).toBeLessThan(500);
    if (response.headers.get('content-type')?.includes('xml')) assertWellFormedXml(text);
    if (response.status >= 400 && path.startsWith('/open311') && !path.includes('.xml') && response.headers.get('content-type')?.includes('json')) {
      apiErrorSchema.parse(JSON.parse(text));
    }
  }

  it('GET endpoints with random paths, queries and headers', async () => {
    const paths = fc.oneof(
      fc.tuple(format, query).map(([f, q]) => `/open311/v2/discovery.${f}?${q}`),
      fc.tuple(format, query).map(([f, q]) => `/open311/v2/services.${f}?${q}`),
      fc.tuple(segment, format, query).map(([x, f, q]) => `/open311/v2/services/${x}.${f}?${q}`),
      fc.tuple(format, query).map(([f, q]) => `/open311/v2/requests.${f}?${q}`),
      fc.tuple(segment, format, query).map(([x, f, q]) => `/open311/v2/requests/${x}.${f}?${q}`),
      fc.tuple(segment, format).map(([x, f]) => `/open311/v2/tokens/${x}.${f}`),
      fc.tuple(format, query).map(([f, q]) => `/open311/v2/stats/frequency.${f}?${q}`),
      fc.tuple(format, query).map(([f, q]) => `/open311/v2/suggestions.${f}?${q}`),
      query.map((q) => `/staff/v1/queue?${q}`),
      segment.map((x) => `/staff/v1/messages/${x}`),
      query.map((q) => `/staff/v1/stats/feedback?${q}`),
      query.map((q) => `/staff/v1/policies?${q}`),
      fc.tuple(segment, segment).map(([a, b]) => `/${a}/${b}`),
    );
    await fc.assert(fc.asyncProperty(paths, headers, (path, h) => check('GET', path, h)), { numRuns: RUNS * 4 });
  });

  it('POST requests with random bodies', async () => {
    await fc.assert(fc.asyncProperty(format, body, headers, (f, b, h) => check('POST', `/open311/v2/requests.${f}`, h, b)), { numRuns: RUNS });
  });

  it('POST follow-ups and feedback with random bodies', async () => {
    const { id, token } = await s.submit();
    const target = fc.oneof(fc.constant(encodeURIComponent(id)), segment);
    await fc.assert(
      fc.asyncProperty(target, fc.constantFrom('follow_ups', 'feedback'), format, body, headers, fc.boolean(), (x, kind, f, b, h, withToken) =>
        check('POST', `/open311/v2/requests/${x}/${kind}.${f}`, withToken ? { ...h, 'x-citizen-token': token } : h, b),
      ),
      { numRuns: RUNS },
    );
  });

  it('staff actions and policy updates with random bodies', async () => {
    const { id } = await s.submit();
    const action = fc.oneof(fc.constantFrom('triage', 'refer', 'start', 'answer', 'reject', 'link', 'unlink', 'contact-attempt', 'note'), segment);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(encodeURIComponent(id)), segment), action, body, (x, a, b) =>
        check('POST', `/staff/v1/messages/${x}/actions/${a}`, { authorization: 'Bearer demo-admin' }, b),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(body, (b) => check('PUT', '/staff/v1/policies', { authorization: 'Bearer demo-admin' }, b)),
      { numRuns: RUNS / 3 },
    );
    await fc.assert(
      fc.asyncProperty(body, (b) => check('PATCH', '/staff/v1/policies', { authorization: 'Bearer demo-admin' }, b)),
      { numRuns: RUNS / 3 },
    );
  });
});
