import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';

/** The site's pages and assets: served, but not part of the API the document describes. */
const PAGES = ['/', '/widgets/*', '/fonts/vazirmatn/*', '/examples/*', '/payam-push-worker.js'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** A Hono route pattern (`/requests/:id{[^/]+\.(?:json|xml)}`) as a regular expression. */
function routerPattern(path: string): RegExp {
  let source = '';
  for (const part of path.split(/(:\w+(?:\{[^}]*\})?)/)) {
    const param = /^:\w+(?:\{([^}]*)\})?$/.exec(part);
    source += param ? `(?:${param[1] ?? '[^/]+'})` : escape(part);
  }
  return new RegExp(`^${source}$`);
}

/** An OpenAPI path (`/requests/{id}.{format}`) as a regular expression. */
const documentPattern = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split(/(\{\w+\})/)
      .map((part) =>
        part === '{format}' ? '(?:json|xml)' : /^\{\w+\}$/.test(part) ? '[^/.]+' : escape(part),
      )
      .join('')}$`,
  );

/** A request path a route pattern matches, with sample values. */
const sampleOfRoute = (path: string) =>
  path.replace(/:(\w+)\{[^}]*\}/g, '$1-1.json').replace(/:(\w+)/g, '$1-1');
const sampleOfDocument = (path: string) =>
  path.replace('{format}', 'xml').replace(/\{(\w+)\}/g, '$1-1');

describe('the OpenAPI document and the routes the app serves', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s.close());

  it('documents every route the app serves, and serves every route it documents', async () => {
    const doc = (await (await s.get('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((method) => ({ method, path })),
    );
    // Hono's own table: middleware (`ALL`) and the site's pages left out; a route's own middleware shares its line.
    const served = [
      ...new Map(
        s.app.routes
          .filter((r) => r.method !== 'ALL' && !PAGES.includes(r.path))
          .map((r) => [`${r.method} ${r.path}`, { method: r.method.toLowerCase(), path: r.path }]),
      ).values(),
    ];
    expect(served.length).toBeGreaterThan(20);

    const undocumented = served.filter(
      (r) =>
        !documented.some(
          (d) => d.method === r.method && documentPattern(d.path).test(sampleOfRoute(r.path)),
        ),
    );
    expect(undocumented, 'served but not in the document').toEqual([]);
    const unserved = documented.filter(
      (d) =>
        !served.some(
          (r) => r.method === d.method && routerPattern(r.path).test(sampleOfDocument(d.path)),
        ),
    );
    expect(unserved, 'in the document but not served').toEqual([]);
  });

  it('matches paths the way the router does: another suffix is neither served nor documented', async () => {
    const response = await s.get('/open311/v2/requests/137-1000.txt');
    expect(response.status).toBe(404);
    expect(
      routerPattern('/open311/v2/requests/:id{[^/]+\\.(?:json|xml)}').test(
        '/open311/v2/requests/137-1000.txt',
      ),
    ).toBe(false);
    expect(
      documentPattern('/open311/v2/requests/{id}.{format}').test(
        '/open311/v2/requests/137-1000.txt',
      ),
    ).toBe(false);
  });

  it('describes each route’s parameters, query and body from its schemas, with the Persian words of openapi.fa.json', async () => {
    type Operation = {
      parameters?: { name: string; in: string; required: boolean; description?: string }[];
      requestBody?: { content: Record<string, unknown> };
      security?: unknown[];
    };
    const doc = (await (await s.get('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const list = doc.paths['/open311/v2/requests.{format}']!;
    expect(list.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'format',
        'service_request_id',
        'start_date',
        'status',
        'region',
        'lang',
      ]),
    );
    expect(Object.keys(list.post!.requestBody!.content)).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
    expect(Object.keys(doc.components.schemas.CreateRequestBody!.properties ?? {})).toEqual(
      expect.arrayContaining([
        'api_key',
        'jurisdiction_id',
        'lat',
        'attribute',
        'phone',
        'consent_text_version',
        'media_ids',
      ]),
    );
    const queue = doc.paths['/staff/v1/queue']!.get!;
    expect(queue.security).toEqual([{ staff: [] }]);
    expect(queue.parameters!.find((p) => p.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
      description: '1–500',
    });
    // Each message of a queue says how many are linked to it (of those the caller may see).
    const queueItem = (doc.components.schemas.StaffQueue!.properties!.items as { items: { properties: Record<string, unknown>; required: string[] } }).items;
    expect(queueItem.properties.linkedCount).toMatchObject({ type: 'integer', minimum: 0 });
    expect(queueItem.required).toContain('linkedCount');
    expect(
      doc.paths['/staff/v1/outbox/dead-letters/{id}/retry']!.post!.parameters![0],
    ).toMatchObject({ name: 'id', in: 'path', required: true });
    const fa = (await (await s.get('/openapi.json?lang=fa')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    expect(
      fa.paths['/open311/v2/requests/{id}.{format}']!.get!.parameters!.find((p) => p.name === 'id')
        ?.description,
    ).toBe('شماره پیگیری پیام');
  });
});
