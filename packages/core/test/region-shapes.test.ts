import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isInsideRegion, type RegionGeometry } from '../src/index.js';

// A square of 1° with a square hole of 0.2° in its middle, and a second square beside it.
const square = (x: number, y: number, size: number) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const withHole: RegionGeometry = { type: 'Polygon', coordinates: [square(51, 35, 1), square(51.4, 35.4, 0.2)] };
const twoParts: RegionGeometry = { type: 'MultiPolygon', coordinates: [[square(51, 35, 1)], [square(53, 35, 1)]] };

describe('isInsideRegion: the rule a location is filed into a region by', () => {
  it('takes a point inside the outer ring and outside its holes, in any part of a multipolygon', () => {
    expect(isInsideRegion(withHole, 35.1, 51.1)).toBe(true);
    expect(isInsideRegion(withHole, 35.5, 51.5)).toBe(false); // in the hole
    expect(isInsideRegion(withHole, 36.5, 51.5)).toBe(false); // outside
    expect(isInsideRegion(twoParts, 35.5, 53.5)).toBe(true);
    expect(isInsideRegion(twoParts, 35.5, 52.5)).toBe(false); // between the parts
  });

  it('does not depend on which way a ring winds', () => {
    const reversed: RegionGeometry = { type: 'Polygon', coordinates: withHole.coordinates.map((ring) => [...ring].reverse()) };
    fc.assert(
      fc.property(fc.double({ min: 34.5, max: 36.5, noNaN: true }), fc.double({ min: 50.5, max: 52.5, noNaN: true }), (lat, long) => {
        expect(isInsideRegion(reversed, lat, long)).toBe(isInsideRegion(withHole, lat, long));
      }),
    );
  });
});
