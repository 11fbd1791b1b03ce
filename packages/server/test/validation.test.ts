import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '@payam/core';
import { startTestServer, type TestServer } from './support/harness.js';

const admin = { authorization: 'Bearer demo-admin' };
/** zod's own English, which must never reach a caller. */
const RAW_ZOD = /Invalid (input|option)|expected \w+, received|Unrecognized key|Too (big|small):/;

describe('one validation middleware for every route', () => {
  let s: TestServer;
  let id: string;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    ({ id } = await s.submit());
  });
  afterAll(() => s.close());

  async function errorsOf(response: Response) {
    expect(response.status, response.url).toBe(400);
    return apiErrorSchema.parse(await response.json());
  }

  it('refuses a repeated query parameter on the staff, statistics and operations routes with a 400 naming it', async () => {
    for (const [path, name] of [
      ['/staff/v1/queue?status=open&status=closed', 'status'],
      ['/staff/v1/queue?limit=5&offset=0&limit=10', 'limit'],
      ['/staff/v1/stats/feedback?from=2026-01-01&from=2026-02-01', 'from'],
      [
        '/staff/v1/reports/feedback.xlsx?jurisdiction_id=137&jurisdiction_id=1888',
        'jurisdiction_id',
      ],
      ['/staff/v1/outbox/dead-letters?limit=1&limit=2', 'limit'],
      [`/staff/v1/messages/${id}?lang=en&lang=fa`, 'lang'],
      ['/open311/v2/stats/frequency.json?bucket=day&bucket=week', 'bucket'],
      [`/open311/v2/requests/${id}.json?extensions=true&extensions=false`, 'extensions'],
    ] as const) {
      const [error] = await errorsOf(await s.get(path, { ...admin, 'accept-language': 'en' }));
      expect(error, path).toMatchObject({ code: 400, field: name });
      expect(error?.description, path).toContain(`"${name}"`);
    }
    const [persian] = await errorsOf(await s.get('/staff/v1/queue?status=open&status=open', admin));
    expect(persian?.description).toContain('«status»');
  });

  it('words every bad parameter, query and body of the staff and public APIs in the caller’s language, naming the field, never in zod’s English', async () => {
    const cases: [string, () => Promise<Response>, string][] = [
      ['queue limit', () => s.get('/staff/v1/queue?limit=abc', admin), 'limit'],
      ['queue status', () => s.get('/staff/v1/queue?status=lost', admin), 'status'],
      ['queue offset', () => s.get('/staff/v1/queue?offset=-1', admin), 'offset'],
      ['statistics date', () => s.get('/staff/v1/stats/feedback?to=yesterday', admin), 'to'],
      ['dead letters limit', () => s.get('/staff/v1/outbox/dead-letters?limit=0', admin), 'limit'],
      [
        'dead letter id',
        () => s.postJson('/staff/v1/outbox/dead-letters/first/retry', {}, admin),
        'id',
      ],
      [
        'action body',
        () =>
          s.postJson(`/staff/v1/messages/${id}/actions/note`, { text: 'ok', colour: 'red' }, admin),
        '',
      ],
      [
        'action outcome',
        () =>
          s.postJson(
            `/staff/v1/messages/${id}/actions/contact-attempt`,
            { outcome: 'maybe' },
            admin,
          ),
        'outcome',
      ],
      [
        'policies',
        () =>
          fetch(`${s.url}/staff/v1/policies`, {
            method: 'PATCH',
            headers: { ...admin, 'content-type': 'application/merge-patch+json' },
            body: JSON.stringify({ routing: [{ unitId: '' }] }),
          }),
        'routing.0.unitId',
      ],
      ['frequency bucket', () => s.get('/open311/v2/stats/frequency.json?bucket=decade'), 'bucket'],
      ['list date', () => s.get('/open311/v2/requests.json?start_date=soon'), 'start_date'],
      [
        'registration lat',
        () =>
          s.postJson('/open311/v2/requests.json', {
            api_key: 'demo',
            description: 'Broken lamp',
            lat: 'north',
            long: 51.4,
          }),
        'lat',
      ],
      [
        'registration lang',
        () =>
          s.postJson('/open311/v2/requests.json', {
            api_key: 'demo',
            description: 'Broken lamp',
            lang: 'de',
          }),
        'lang',
      ],
      [
        'feedback rating',
        () =>
          s.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'yes', rating: 9 }),
        'rating',
      ],
    ];
    for (const [what, send, field] of cases) {
      const errors = await errorsOf(await send());
      expect(
        errors.map((e) => e.field),
        what,
      ).toContain(field);
      for (const error of errors) {
        expect(error.description, what).toMatch(/[\u0600-\u06FF]/);
        expect(error.description, what).not.toMatch(RAW_ZOD);
      }
    }
    const english = await errorsOf(
      await s.get('/staff/v1/queue?status=lost&limit=abc', { ...admin, 'accept-language': 'en' }),
    );
    expect(english.map((e) => e.field).sort()).toEqual(['limit', 'status']);
    for (const error of english) {
      expect(error.description).not.toMatch(/[\u0621-\u06FF]/); // Persian letters (the list separator «،» is shared)
      expect(error.description).not.toMatch(RAW_ZOD);
    }
  });

  it('answers a bad query of an Open311 route in XML on an .xml path', async () => {
    const response = await s.get('/open311/v2/stats/frequency.xml?bucket=decade');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/xml');
    expect(await response.text()).toContain('<field>bucket</field>');
  });
});
