/**
 * Leaflet as the Payam server serves it under `/widgets/`: the build copies the `leaflet`
 * package's ES module and stylesheet into `dist/cdn` under these names, each with Leaflet's
 * version and the hash of its bytes, so they are cached for a year like the widget bundles and a
 * page loads nothing from another host. `node scripts/copy-leaflet.mjs --write` writes the names
 * after a Leaflet upgrade; the build refuses names that do not match the installed Leaflet.
 */

/** The Leaflet version the widgets are built and tested with. */
export const LEAFLET_VERSION = '1.9.4';

/** Leaflet's ES module (`leaflet/dist/leaflet-src.esm.js`) as the server names it. */
export const LEAFLET_MODULE_FILE = 'leaflet-1.9.4.39ee93464f11.js';

/** Leaflet's stylesheet (`leaflet/dist/leaflet.css`) as the server names it. */
export const LEAFLET_STYLESHEET_FILE = 'leaflet-1.9.4.a78371028241.css';

/** Where Leaflet's ES module is on the Payam server at `baseUrl` (`https://payam.example/widgets/leaflet-1.9.4.<hash>.js`). */
export function leafletUrlOn(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/widgets/${LEAFLET_MODULE_FILE}`;
}
