/**
 * The regions' shapes on the map: a GeoJSON feature collection (the server's `regions.geojson`
 * or one the host gives) projected to SVG paths with d3-geo, the projection fitted to the features.
 */
import { geoArea, geoMercator, geoPath } from 'd3-geo';

/** A GeoJSON position: longitude, latitude. */
export type Position = [number, number] | number[];

/** A region's feature as the map reads it (Polygon or MultiPolygon). */
export interface RegionFeature {
  type: 'Feature';
  id?: string | number;
  properties: {
    /** The region id the statistics use. */
    region?: string | number;
    /** Its name: one text or one per language. */
    name?: string | { fa?: string; en?: string };
    /** Whether the shape is schematic rather than an official boundary. */
    schematic?: boolean;
    [key: string]: unknown;
  } | null;
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}

/** The regions as GeoJSON; `schematic: true` when the shapes are not official boundaries. */
export interface RegionCollection {
  type: 'FeatureCollection';
  schematic?: boolean;
  features: RegionFeature[];
}

/** One region drawn on the map. */
export interface DrawnRegion {
  /** The region id the statistics use. */
  id: string;
  /** Its name in each language (the id when the GeoJSON names none). */
  name: { fa: string; en: string };
  /** The SVG path. */
  path: string;
  /** The point of the path to place a label or a tooltip at, in map units. */
  centre: [number, number];
}

/** The map drawn in a box of `width` × `height`. */
export interface DrawnMap {
  width: number;
  height: number;
  regions: DrawnRegion[];
  schematic: boolean;
  /** The Mercator projection drawn with: the point at the box's centre ([lon, lat]) and the scale (box units a radian). */
  view: { centre: [number, number]; scale: number };
}

/** The region id of a feature: `properties.region`, else the feature's `id`. */
export function regionIdOf(feature: RegionFeature): string | null {
  const id = feature.properties?.region ?? feature.id;
  return id === undefined || id === null || id === '' ? null : String(id);
}

function nameOf(feature: RegionFeature, id: string): { fa: string; en: string } {
  const name = feature.properties?.name;
  if (typeof name === 'string') return { fa: name, en: name };
  return { fa: name?.fa ?? name?.en ?? id, en: name?.en ?? name?.fa ?? id };
}

/**
 * d3-geo reads rings on the sphere: the outer ring clockwise. GeoJSON (RFC 7946) writes it
 * counter-clockwise, which d3 would read as the whole globe but the region; such a feature is
 * turned round.
 */
function wound(feature: RegionFeature): RegionFeature {
  if (geoArea(feature) <= 2 * Math.PI) return feature;
  const geometry =
    feature.geometry.type === 'Polygon'
      ? { type: 'Polygon' as const, coordinates: feature.geometry.coordinates.map((ring) => [...ring].reverse()) }
      : { type: 'MultiPolygon' as const, coordinates: feature.geometry.coordinates.map((polygon) => polygon.map((ring) => [...ring].reverse())) };
  return { ...feature, geometry };
}

/** Whether a value looks like a feature collection of regions the map can draw. */
export function isRegionCollection(value: unknown): value is RegionCollection {
  if (typeof value !== 'object' || value === null) return false;
  const collection = value as Partial<RegionCollection>;
  return (
    collection.type === 'FeatureCollection' &&
    Array.isArray(collection.features) &&
    collection.features.every((f) => f?.type === 'Feature' && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon'))
  );
}

/** Projects the regions into a `width`-wide box, its height following the regions' shape. */
export function drawMap(collection: RegionCollection, width = 480): DrawnMap {
  const features = collection.features.filter((f) => regionIdOf(f) !== null).map(wound);
  const schematic = collection.schematic === true || features.some((f) => f.properties?.schematic === true);
  if (features.length === 0) return { width, height: 0, regions: [], schematic, view: { centre: [0, 0], scale: 1 } };
  const all = { type: 'FeatureCollection' as const, features };
  const projection = geoMercator().fitWidth(width, all);
  const path = geoPath(projection);
  const [[, top], [, bottom]] = path.bounds(all);
  const height = Math.ceil(bottom - Math.min(0, top));
  const regions = features.map((feature): DrawnRegion => {
    const id = regionIdOf(feature)!;
    const [x, y] = path.centroid(feature);
    return { id, name: nameOf(feature, id), path: path(feature) ?? '', centre: [Math.round(x * 10) / 10, Math.round(y * 10) / 10] };
  });
  const [lon = 0, lat = 0] = projection.invert?.([width / 2, height / 2]) ?? [];
  return { width, height, regions, schematic, view: { centre: [lon, lat], scale: projection.scale() } };
}

/** The arrow keys the map moves between regions with, as a direction on screen. */
const DIRECTIONS: Readonly<Record<string, [number, number]>> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The region an arrow key moves to from `from`: the nearest whose centre lies in that direction
 * (within 60° of it); `null` when there is none.
 */
export function neighbourInDirection(regions: readonly DrawnRegion[], from: DrawnRegion, key: string): DrawnRegion | null {
  const direction = DIRECTIONS[key];
  if (!direction) return null;
  let best: DrawnRegion | null = null;
  let bestScore = Infinity;
  for (const region of regions) {
    if (region === from) continue;
    const dx = region.centre[0] - from.centre[0];
    const dy = region.centre[1] - from.centre[1];
    const distance = Math.hypot(dx, dy);
    if (distance === 0) continue;
    const along = (dx * direction[0] + dy * direction[1]) / distance;
    if (along < 0.5) continue;
    // Straight ahead is preferred over a nearer region off to the side.
    const score = distance * (2 - along);
    if (score < bestScore) {
      bestScore = score;
      best = region;
    }
  }
  return best;
}
