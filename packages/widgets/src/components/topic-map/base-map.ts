/**
 * The optional street map under `<payam-topic-map>`'s regions: Leaflet, imported from
 * `leafletUrl` (by default the copy the Payam server serves, see `leaflet-files.ts`) only when the
 * host gives a tile URL, so the map's own file stays as small as without it. The street map is placed under the same Mercator view the regions are drawn with,
 * takes no input (the regions above it keep the pointer and the keyboard) and is hidden from
 * assistive technology; its attribution is shown by the widget under the map.
 */
import type * as Leaflet from 'leaflet';
import type { DrawnMap } from './map-geometry.js';
import { adoptStylesIn } from '../../base/adopted-styles.js';

// Leaflet's own rules that placing the tiles needs (its stylesheet does not reach a shadow tree).
const LEAFLET_RULES = `
.leaflet-container { position: absolute; inset: 0; overflow: hidden; pointer-events: none; }
.leaflet-pane, .leaflet-tile, .leaflet-tile-container, .leaflet-layer, .leaflet-map-pane, .leaflet-zoom-box { position: absolute; left: 0; top: 0; }
.leaflet-tile { user-select: none; visibility: hidden; max-width: none; max-height: none; }
.leaflet-tile-loaded { visibility: inherit; }
.leaflet-zoom-animated { transform-origin: 0 0; }
`;

const loading = new Map<string, Promise<typeof Leaflet>>();

function loadLeaflet(url: string): Promise<typeof Leaflet> {
  let module = loading.get(url);
  if (!module) {
    // A computed specifier: bundlers leave it to the browser, so Leaflet is never in the widget's file.
    module = import(/* @vite-ignore */ url) as Promise<typeof Leaflet>;
    module.catch(() => loading.delete(url));
    loading.set(url, module);
  }
  return module;
}

/** A street map shown under the regions. */
export interface BaseMap {
  /** Takes it away. */
  remove(): void;
}

/**
 * Draws the tiles of `tiles` (`https://…/{z}/{x}/{y}.png`) in `container`, under the view of `map`
 * as the container is sized now (it covers the map's SVG exactly), with Leaflet's ES module from
 * `leafletUrl`.
 */
export async function showBaseMap(container: HTMLElement, map: DrawnMap, tiles: string, leafletUrl: string): Promise<BaseMap> {
  const L = await loadLeaflet(leafletUrl);
  // A constructed sheet, not a `<style>` element: a page's Content-Security-Policy without
  // `style-src 'unsafe-inline'` allows it.
  const root = container.getRootNode();
  if (root instanceof ShadowRoot || root instanceof Document) adoptStylesIn(root, LEAFLET_RULES);
  const box = document.createElement('div');
  box.className = 'base-map-tiles';
  container.replaceChildren(box);
  // d3's scale is pixels a radian; a Web Mercator zoom z is 256·2^z pixels around the world.
  const pixelsPerUnit = (container.clientWidth || map.width) / map.width;
  const zoom = Math.log2((2 * Math.PI * map.view.scale * pixelsPerUnit) / 256);
  const leaflet = L.map(box, {
    attributionControl: false,
    zoomControl: false,
    dragging: false,
    keyboard: false,
    scrollWheelZoom: false,
    doubleClickZoom: false,
    boxZoom: false,
    touchZoom: false,
    zoomSnap: 0,
    fadeAnimation: false,
    zoomAnimation: false,
  });
  leaflet.setView([map.view.centre[1], map.view.centre[0]], zoom, { animate: false });
  L.tileLayer(tiles, { crossOrigin: true }).addTo(leaflet);
  return {
    remove() {
      leaflet.remove();
      container.replaceChildren();
    },
  };
}
