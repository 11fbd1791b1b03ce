/**
 * Schematic district areas for a city that has configured no region polygons: the Voronoi cell of
 * each district centroid, clipped to the disk within which `regionAt` still names that district.
 * So a point drawn inside an area is a point the server files under that region. They are not the
 * official boundaries and say so (`schematic: true` on the collection and on every feature).
 */
import { Delaunay } from 'd3-delaunay';
import { centroidsOfTehran, MAX_CENTROID_DISTANCE_KM, type Centroid } from './regions.js';

type Point = [number, number];

/** One schematic area. */
export interface SchematicFeature {
  type: 'Feature';
  properties: { region: string; name: { fa: string; en: string }; schematic: true; centroid: Point };
  geometry: { type: 'Polygon'; coordinates: Point[][] };
}

/** The schematic areas, as GeoJSON with a foreign member saying what they are. */
export interface SchematicRegions {
  type: 'FeatureCollection';
  schematic: true;
  features: SchematicFeature[];
}

const KM_PER_DEGREE = 111.195;
const DISK_VERTICES = 64;
const persianDigits = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

/**
 * Clips a convex polygon to a convex clip polygon (Sutherland–Hodgman); both counter-clockwise or
 * both clockwise. Enough for two convex shapes; d3-delaunay gives no intersection of its own.
 */
function clipConvex(subject: Point[], clip: Point[]): Point[] {
  let output = subject;
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const side = (p: Point) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const current = input[j]!;
      const previous = input[(j + input.length - 1) % input.length]!;
      const inCurrent = side(current) >= 0;
      const inPrevious = side(previous) >= 0;
      if (inCurrent !== inPrevious) {
        const t = side(previous) / (side(previous) - side(current));
        output.push([previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])]);
      }
      if (inCurrent) output.push(current);
    }
  }
  return output;
}

function signedArea(ring: Point[]): number {
  let area = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    area += x1 * y2 - x2 * y1;
  }
  return area / 2;
}

const round = (value: number) => Math.round(value * 1e5) / 1e5;

/**
 * Builds the schematic areas from district centroids. Distances are taken on a plane that keeps
 * kilometres equal in both directions at the city's latitude, as `regionAt` measures them.
 */
export function schematicRegions(centroids: readonly Centroid[] = centroidsOfTehran()): SchematicRegions {
  if (centroids.length === 0) return { type: 'FeatureCollection', schematic: true, features: [] };
  const lat0 = centroids.reduce((sum, c) => sum + c.lat, 0) / centroids.length;
  const xScale = KM_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const toPlane = (lon: number, lat: number): Point => [lon * xScale, lat * KM_PER_DEGREE];
  const fromPlane = ([x, y]: Point): Point => [round(x / xScale), round(y / KM_PER_DEGREE)];
  const points = centroids.map((c) => toPlane(c.lon, c.lat));
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const margin = MAX_CENTROID_DISTANCE_KM * 2;
  const voronoi = Delaunay.from(points).voronoi([Math.min(...xs) - margin, Math.min(...ys) - margin, Math.max(...xs) + margin, Math.max(...ys) + margin]);
  const features = centroids.map((c, i): SchematicFeature => {
    const [cx, cy] = points[i]!;
    const disk: Point[] = Array.from({ length: DISK_VERTICES }, (_, k) => {
      const angle = (2 * Math.PI * k) / DISK_VERTICES;
      return [cx + MAX_CENTROID_DISTANCE_KM * Math.cos(angle), cy + MAX_CENTROID_DISTANCE_KM * Math.sin(angle)];
    });
    let cell = (voronoi.cellPolygon(i) ?? []).slice(0, -1) as Point[];
    if (signedArea(cell) < 0) cell = cell.reverse();
    // GeoJSON (RFC 7946): the outer ring counter-clockwise, closed by repeating its first point.
    const ring = clipConvex(cell, disk).map(fromPlane);
    return {
      type: 'Feature',
      properties: {
        region: String(c.district),
        name: { fa: `منطقهٔ ${persianDigits(c.district)} (نقشهٔ نمادین)`, en: `District ${c.district} (schematic)` },
        schematic: true,
        centroid: [c.lon, c.lat],
      },
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
    };
  });
  return { type: 'FeatureCollection', schematic: true, features };
}
