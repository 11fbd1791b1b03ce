import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInsideRegion } from '@payam/core';
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

/**
 * The region a point lies in: from the city's polygons when configured, else the nearest district
 * centroid of Tehran (within a few kilometres), else `null`.
 */
export function regionAt(lat: number, long: number, polygons: RegionPolygons | null): string | null {
  if (polygons) {
    for (const feature of polygons.features) {
      if (isInsideRegion(feature.geometry, lat, long)) return feature.properties.region;
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
