/**
 * Where a pin on the report form's map stands: the point of the map a place is drawn at, the place
 * a point of the map is, and the region a place lies in. The map is the one `<payam-topic-map>`
 * draws (`drawMap`, a Mercator projection fitted to the regions), so both widgets read the same
 * GeoJSON the same way.
 */
import { geoMercator, type GeoProjection } from 'd3-geo';
import { regionIdOf, type DrawnMap, type RegionCollection } from '../topic-map/map-geometry.js';
import { isInsideRegion } from '@payam/core/region-shapes';

/** A place as the registration carries it. */
export interface Place {
  lat: number;
  long: number;
}

/** The projection `map` was drawn with: its view's centre at the middle of its box. */
export function projectionOf(map: DrawnMap): GeoProjection {
  return geoMercator()
    .scale(map.view.scale)
    .center(map.view.centre)
    .translate([map.width / 2, map.height / 2]);
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The place at a point of the map (in its box's units), rounded to six decimals as the location field rounds a reading. */
export function placeAt(map: DrawnMap, point: [number, number]): Place | null {
  const inverted = projectionOf(map).invert?.(point);
  if (!inverted) return null;
  return { lat: round(inverted[1]), long: round(inverted[0]) };
}

/** The point of the map a place is drawn at (it may lie outside the box). */
export function pointOf(map: DrawnMap, place: Place): [number, number] {
  return projectionOf(map)([place.long, place.lat]) ?? [map.width / 2, map.height / 2];
}

/** How far one press of an arrow key moves the pin: a sixtieth of the map's width, with Shift a twelfth. */
const STEP = 1 / 60;
const LONG_STEP = 1 / 12;

/** The arrow keys the pin moves with, as a direction on screen (the map is never mirrored). */
const ARROWS: Readonly<Record<string, [number, number]>> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Whether `key` moves the pin. */
export function isArrow(key: string): boolean {
  return key in ARROWS;
}

/**
 * Where an arrow key moves the pin from `from` (from the middle of the map when there is no pin
 * yet: the first press places it there), kept inside the map's box.
 */
export function movedPlace(map: DrawnMap, from: Place | undefined, key: string, long: boolean): Place | null {
  const [x, y] = from ? pointOf(map, from) : [map.width / 2, map.height / 2];
  const [dx, dy] = from ? (ARROWS[key] ?? [0, 0]) : [0, 0];
  const step = map.width * (long ? LONG_STEP : STEP);
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  return placeAt(map, [clamp(x + dx * step, map.width), clamp(y + dy * step, map.height)]);
}

/**
 * The region a place lies in, by the rule the server files a registration's location with (core's
 * `isInsideRegion`), or `null` outside them all.
 */
export function regionAt(collection: RegionCollection, place: Place): string | null {
  for (const feature of collection.features) {
    const id = isInsideRegion(feature.geometry, place.lat, place.long) ? regionIdOf(feature) : null;
    if (id !== null) return id;
  }
  return null;
}
