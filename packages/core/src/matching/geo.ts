/**
 * Places for duplicate matching: the distance between two points and the grid cells a database
 * blocks candidates by (a message's cell and its eight neighbours hold every message within
 * {@link CELL_DEGREES} of latitude of it).
 */

/** A point in WGS 84 degrees. */
export interface Point {
  /** Latitude. */
  lat: number;
  /** Longitude. */
  long: number;
}

const EARTH_RADIUS_METRES = 6_371_000;

/** The great-circle distance between two points in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLong = (b.long - a.long) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The side of a grid cell in degrees (about 555 m north–south, 450 m east–west in Tehran): a
 * cell and its neighbours cover every point within about 450 m, beyond the distance at which
 * two messages still count as the same place.
 */
export const CELL_DEGREES = 0.005;

/** The grid cell of a point, as a short text key (`row:column`). */
export function cellOf(point: Point): string {
  return `${Math.floor(point.lat / CELL_DEGREES)}:${Math.floor(point.long / CELL_DEGREES)}`;
}

/** A point's cell and its eight neighbours, the cells a candidate search looks in. */
export function cellsAround(point: Point): string[] {
  const row = Math.floor(point.lat / CELL_DEGREES);
  const column = Math.floor(point.long / CELL_DEGREES);
  const cells: string[] = [];
  for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) cells.push(`${row + dr}:${column + dc}`);
  return cells;
}
