import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTrackingLink, parseTrackingLink, withoutCitizenToken } from '../src/index.js';

describe('the tracking link', () => {
  it('puts the tracking id in the query and the token in the fragment', () => {
    const link = buildTrackingLink('https://city.example/track', { messageId: '137-1000', citizenToken: 'Jx8_a-b' });
    expect(link).toBe('https://city.example/track?message=137-1000#token=Jx8_a-b');
    // What a browser sends to the server (all before the fragment): never the token.
    expect(link.split('#')[0]).not.toContain('Jx8');
  });

  it("keeps the page's own query and replaces its fragment", () => {
    const link = buildTrackingLink('https://city.example/services/?lang=en#track', { messageId: '1888-7' });
    expect(link).toBe('https://city.example/services/?lang=en&message=1888-7');
    expect(parseTrackingLink(link)).toEqual({ messageId: '1888-7' });
  });

  it('reads what it builds, for any id and token', () => {
    const id = fc.stringMatching(/^[0-9]{3,4}-[0-9]{1,9}$/);
    const token = fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), { nil: undefined });
    fc.assert(
      fc.property(id, token, fc.constantFrom('https://city.example/', 'http://127.0.0.1:9300/track?x=1', 'https://a.example/fa/137'), (messageId, citizenToken, page) => {
        const parsed = parseTrackingLink(buildTrackingLink(page, { messageId, ...(citizenToken ? { citizenToken } : {}) }));
        expect(parsed).toEqual(citizenToken ? { messageId, citizenToken } : { messageId });
      }),
    );
  });

  it('still reads links sent by earlier versions (`?request=`)', () => {
    expect(parseTrackingLink('http://127.0.0.1:8137/?request=137-1000#token=abc')).toEqual({ messageId: '137-1000', citizenToken: 'abc' });
  });

  it('reads nothing from an address without a message, or from no address', () => {
    expect(parseTrackingLink('https://city.example/track#token=abc')).toBeNull();
    expect(parseTrackingLink('https://city.example/track?message=%20')).toBeNull();
    expect(parseTrackingLink('not a url')).toBeNull();
  });

  it('takes the token out of an address and keeps the rest', () => {
    expect(withoutCitizenToken('https://city.example/track?message=137-1#token=abc')).toBe('https://city.example/track?message=137-1');
    expect(withoutCitizenToken('https://city.example/track?message=137-1#token=abc&lang=en')).toBe('https://city.example/track?message=137-1#lang=en');
    expect(withoutCitizenToken('https://city.example/page#track')).toBe('https://city.example/page#track');
  });

  it('refuses a page that is not an absolute address', () => {
    expect(() => buildTrackingLink('/track', { messageId: '137-1' })).toThrow(TypeError);
  });
});
