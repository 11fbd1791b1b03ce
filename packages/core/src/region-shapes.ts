/**
 * Which region a point lies in, by the regions' shapes (GeoJSON polygons): the one rule the server
 * files a registration's location by and the report form's map shows as the pin moves.
 */

/** A position as GeoJSON writes it: longitude, then latitude. */
export type Position = readonly number[];

/** A polygon as GeoJSON writes it: its outer ring, then its holes. */
export type PolygonRings = readonly (readonly Position[])[];

/** A region's shape: one polygon or several. */
export type RegionGeometry =
  | { readonly type: 'Polygon'; readonly coordinates: PolygonRings }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly PolygonRings[] };

function insideRing(ring: readonly Position[], long: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && long < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insidePolygon(polygon: PolygonRings, long: number, lat: number): boolean {
  const [outer, ...holes] = polygon;
  return !!outer && insideRing(outer, long, lat) && !holes.some((hole) => insideRing(hole, long, lat));
}

/**
 * Whether a point lies in a region's shape: inside a polygon's outer ring and outside its holes,
 * whichever way the rings wind (even-odd rule).
 *
 * @example isInsideRegion({ type: 'Polygon', coordinates: [[[51, 35], [52, 35], [52, 36], [51, 35]]] }, 35.2, 51.5) // true
 */
export function isInsideRegion(geometry: RegionGeometry, lat: number, long: number): boolean {
  return geometry.type === 'Polygon' ? insidePolygon(geometry.coordinates, long, lat) : geometry.coordinates.some((polygon) => insidePolygon(polygon, long, lat));
}
