/**
 * The app's router remembers the answers for paths without parameters: it must answer exactly as
 * Hono's router does, for any path, asked any number of times in any order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Hono } from 'hono';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import { RememberingRouter } from '../src/http/router.js';

/** Routes shaped like the API's: middleware, a static sibling of a parameter, a suffixed parameter. */
const ROUTES: [string, string][] = [
  ['ALL', '*'],
  ['ALL', '/open311/*'],
  ['GET', '/open311/v2/services.json'],
  ['POST', '/open311/v2/requests.json'],
  ['GET', '/open311/v2/requests/similar.json'],
  ['GET', '/open311/v2/requests/:id{[^/]+\\.(?:json|xml)}'],
  ['GET', '/open311/v2/requests/:id/photos'],
  ['GET', '/staff/v1/messages/:id'],
  ['GET', '/'],
];

function routers(): { plain: SmartRouter<string>; remembering: RememberingRouter<string> } {
  const plain = new SmartRouter<string>({ routers: [new RegExpRouter(), new TrieRouter()] });
  const remembering = new RememberingRouter<string>(new SmartRouter<string>({ routers: [new RegExpRouter(), new TrieRouter()] }), 4);
  for (const [method, path] of ROUTES) {
    plain.add(method, path, `${method} ${path}`);
    remembering.add(method, path, `${method} ${path}`);
  }
  return { plain, remembering };
}

describe('the remembering router', () => {
  it('answers as Hono’s router does, for any path asked any number of times', () => {
    const segment = fc.constantFrom('open311', 'v2', 'requests', 'similar.json', '137-1000.json', '137-1001.xml', 'photos', 'staff', 'v1', 'messages', 'services.json', 'x');
    const path = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('GET', 'POST'), path), { minLength: 1, maxLength: 30 }), (asked) => {
        const { plain, remembering } = routers();
        // Each path twice: the second answer may be the remembered one.
        for (const [method, p] of [...asked, ...asked]) expect(remembering.match(method, p)).toEqual(plain.match(method, p));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the answers without parameters however many messages are read (those are not remembered)', () => {
    const { remembering } = routers();
    const registration = remembering.match('POST', '/open311/v2/requests.json');
    // Far more message paths than it remembers (4 here): none pushes the registration's answer out.
    for (let i = 0; i < 50; i++) {
      const read = remembering.match('GET', `/open311/v2/requests/137-${1000 + i}.json`);
      expect(JSON.stringify(read)).toContain(`137-${1000 + i}`);
    }
    expect(remembering.match('POST', '/open311/v2/requests.json')).toBe(registration);
  });

  it('is what the app routes by: the similar list and a message are told apart', async () => {
    const app = new Hono({ router: new RememberingRouter() });
    app.get('/requests/similar.json', (c) => c.text('similar'));
    app.get('/requests/:id{[^/]+\\.(?:json|xml)}', (c) => c.text(`message ${c.req.param('id')}`));
    for (let i = 0; i < 3; i++) {
      expect(await (await app.request('/requests/similar.json')).text()).toBe('similar');
      expect(await (await app.request(`/requests/137-100${i}.json`)).text()).toBe(`message 137-100${i}.json`);
    }
    expect((await app.request('/requests/none')).status).toBe(404);
  });
});
