import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { regionAt } from '../src/config/regions.js';
import { regionPolygonsSchema } from '../src/config/policies.js';
import { schematicRegions } from '../src/config/schematic-regions.js';
import { startTestServer, type TestServer } from './support/harness.js';

function signedArea(ring: number[][]): number {
  let area = 0;
  for (let i = 0; i < ring.length - 1; i++) area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return area / 2;
}

describe('schematic regions built from the district centroids', () => {
  const regions = schematicRegions();
  const asPolygons = regionPolygonsSchema.parse(regions);

  it('is valid GeoJSON: 22 closed counter-clockwise rings, each marked schematic and named in both languages', () => {
    expect(regions.schematic).toBe(true);
    expect(regions.features.map((f) => f.properties.region).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1)));
    for (const feature of regions.features) {
      const [ring] = feature.geometry.coordinates;
      expect(ring!.length).toBeGreaterThanOrEqual(4);
      expect(ring![0]).toEqual(ring!.at(-1));
      expect(signedArea(ring!)).toBeGreaterThan(0);
      expect(feature.properties.schematic).toBe(true);
      expect(feature.properties.name.en).toMatch(/schematic/);
      expect(feature.properties.name.fa).toMatch(/نمادین/);
      for (const [lon, lat] of ring!) {
        expect(lon).toBeGreaterThan(50.9);
        expect(lon).toBeLessThan(51.9);
        expect(lat).toBeGreaterThan(35.4);
        expect(lat).toBeLessThan(36.0);
      }
    }
  });

  it('holds each centroid in its own area', () => {
    for (const feature of regions.features) {
      const [lon, lat] = feature.properties.centroid;
      expect(regionAt(lat, lon, asPolygons)).toBe(feature.properties.region);
    }
  });

  it('files a point under the area drawn around it, as the server files a message without polygons', () => {
    let agree = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.double({ min: 51.15, max: 51.65, noNaN: true }), fc.double({ min: 35.55, max: 35.85, noNaN: true }), (lon, lat) => {
        total++;
        if (regionAt(lat, lon, asPolygons) === regionAt(lat, lon, null)) agree++;
      }),
      { numRuns: 2000, seed: 1405 },
    );
    // Only a sliver along the edges may differ: the areas are drawn on a plane and the outer edge is a polygon, not a circle.
    expect(agree / total).toBeGreaterThan(0.98);
  });
});

describe('GET /open311/v2/regions.geojson', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s.close());

  it('serves the schematic areas, marked so, when the city has configured none', async () => {
    const response = await s.get('/open311/v2/regions.geojson');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const body = (await response.json()) as { schematic: boolean; features: { properties: { schematic: boolean } }[] };
    expect(body.schematic).toBe(true);
    expect(body.features).toHaveLength(22);
    expect(body.features.every((f) => f.properties.schematic)).toBe(true);
  });

  it('serves the city’s own polygons once configured', async () => {
    const square = { type: 'Feature', properties: { region: 'north' }, geometry: { type: 'Polygon', coordinates: [[[51.3, 35.7], [51.5, 35.7], [51.5, 35.8], [51.3, 35.8], [51.3, 35.7]]] } };
    const patched = await fetch(`${s.url}/staff/v1/policies`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer demo-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ regions: { type: 'FeatureCollection', features: [square] } }),
    });
    expect(patched.status).toBe(200);
    const body = (await (await s.get('/open311/v2/regions.geojson')).json()) as { schematic: boolean; features: { properties: { region: string } }[] };
    expect(body.schematic).toBe(false);
    expect(body.features.map((f) => f.properties.region)).toEqual(['north']);
  });
});
