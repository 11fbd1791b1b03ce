import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegionPolygons } from './policies.js';

/** A district centroid. */
export interface Centroid {
  district: number;
  lat: number;
  lon: number;
}

/** Farther than this from every centroid, a point is outside the city: no region. */
export const MAX_CENTROID_DISTANCE_KM = 12;

function loadCentroids(): Centroid[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      return JSON.parse(readFileSync(join(dir, 'data', 'tehran-district-centroids.json'), 'utf8')) as Centroid[];
    } catch {
      dir = dirname(dir);
    }
  }
  return [];
}

let centroids: Centroid[] | null = null;

/** The centres of Tehran's 22 districts (approximate points, not boundaries). */
export function centroidsOfTehran(): readonly Centroid[] {
  centroids ??= loadCentroids();
  return centroids;
}

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

function insideRing(ring: number[][], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insidePolygon(polygon: number[][][], lon: number, lat: number): boolean {
  const [outer, ...holes] = polygon;
  return !!outer && insideRing(outer, lon, lat) && !holes.some((hole) => insideRing(hole, lon, lat));
}

/**
 * The region a point lies in: from the city's polygons when configured, else the nearest district
 * centroid of Tehran (within a few kilometres), else `null`.
 */
export function regionAt(lat: number, long: number, polygons: RegionPolygons | null): string | null {
  if (polygons) {
    for (const feature of polygons.features) {
      const g = feature.geometry;
      const hit = g.type === 'Polygon' ? insidePolygon(g.coordinates, long, lat) : g.coordinates.some((p) => insidePolygon(p, long, lat));
      if (hit) return feature.properties.region;
    }
    return null;
  }
  centroids ??= loadCentroids();
  let best: Centroid | null = null;
  let bestDistance = Infinity;
  for (const c of centroids) {
    const d = distanceKm(lat, long, c.lat, c.lon);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best && bestDistance <= MAX_CENTROID_DISTANCE_KM ? String(best.district) : null;
}

/** The regions a request may name: the polygons' regions, else Tehran's 22 districts. */
export function knownRegions(polygons: RegionPolygons | null): Set<string> {
  if (polygons) return new Set(polygons.features.map((f) => f.properties.region));
  centroids ??= loadCentroids();
  return new Set(centroids.map((c) => String(c.district)));
}
